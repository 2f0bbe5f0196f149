import type { Services } from '../services/app';
import type { OutboxWorker } from '../services/outbox/outboxWorker';
import type { Scheduler } from '../services/scheduler/scheduler';

/** The scheduler wakes every minute; three minutes without a tick means it is stuck (issue: /healthz). */
const TICK_LATE_MS = 3 * 60_000;

export interface HealthReport {
  healthy: boolean;
  body: Record<string, unknown>;
}

export async function runtimeHealth(
  services: Services,
  worker: OutboxWorker,
  scheduler: Scheduler,
  startedAt: Date,
  schedule: 'cron' | 'manual',
): Promise<HealthReport> {
  const now = services.clock.now();
  const lastTickAt = scheduler.lastTickAt;
  const tickLate = schedule === 'cron' && now.getTime() - (lastTickAt ?? startedAt).getTime() > TICK_LATE_MS;
  const outbox = await worker.health();
  // Reads may work while writes fail (a full disk): then nothing anyone sends is saved.
  const failingWrites = await services.store.writes.check();
  return {
    healthy: !tickLate && !failingWrites,
    body: {
      storeWrites: failingWrites
        ? { status: 'failing', cause: failingWrites.cause, since: failingWrites.since.toISOString(), failures: failingWrites.failures }
        : { status: 'ok' },
      scheduler: { lastTickAt: lastTickAt?.toISOString() ?? null, late: tickLate },
      outbox: { ...outbox, oldestPendingAt: outbox.oldestPendingAt?.toISOString() ?? null },
    },
  };
}
