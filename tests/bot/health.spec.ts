import assert from 'node:assert/strict';
import { runtimeHealth } from '../../bot/health';
import type { Services } from '../../services/app';
import type { OutboxWorker } from '../../services/outbox/outboxWorker';
import type { Scheduler } from '../../services/scheduler/scheduler';
import { ManualClock } from '../../services/time/clock';

describe('/healthz: the scheduler tick', () => {
  const clock = new ManualClock('2026-11-23T09:00:00Z');
  let failingWrites: { cause: string; since: Date; lastAt: Date; failures: number } | null = null;
  const services = { clock, store: { writes: { check: async () => failingWrites } } } as unknown as Services;
  const worker = { health: async () => ({ pending: 0, dead: 0, oldestPendingAt: null, recentDead: [] }) } as unknown as OutboxWorker;
  const schedulerTickedAt = (at: string | null) => ({ lastTickAt: at ? new Date(at) : null }) as unknown as Scheduler;
  const startedAt = new Date('2026-11-23T08:00:00Z');

  it('is healthy while the last tick is at most three minutes old', async () => {
    const report = await runtimeHealth(services, worker, schedulerTickedAt('2026-11-23T08:57:00Z'), startedAt, 'cron');
    assert.equal(report.healthy, true);
    assert.deepEqual(report.body.scheduler, { lastTickAt: '2026-11-23T08:57:00.000Z', late: false });
  });

  it('is unhealthy (503) when the last tick is more than three minutes late, or never came', async () => {
    assert.equal((await runtimeHealth(services, worker, schedulerTickedAt('2026-11-23T08:56:59Z'), startedAt, 'cron')).healthy, false);
    assert.equal((await runtimeHealth(services, worker, schedulerTickedAt(null), startedAt, 'cron')).healthy, false);
  });

  it('does not judge ticks when the scheduler is driven by hand', async () => {
    assert.equal((await runtimeHealth(services, worker, schedulerTickedAt(null), startedAt, 'manual')).healthy, true);
  });

  it('is unhealthy while the store cannot write, and says why', async () => {
    const since = new Date('2026-11-23T08:58:00Z');
    failingWrites = { cause: 'disk_full', since, lastAt: since, failures: 7 };
    try {
      const report = await runtimeHealth(services, worker, schedulerTickedAt('2026-11-23T08:59:00Z'), startedAt, 'cron');
      assert.equal(report.healthy, false);
      assert.deepEqual(report.body.storeWrites, { status: 'failing', cause: 'disk_full', since: since.toISOString(), failures: 7 });
    } finally {
      failingWrites = null;
    }
    assert.deepEqual((await runtimeHealth(services, worker, schedulerTickedAt('2026-11-23T08:59:00Z'), startedAt, 'cron')).body.storeWrites, { status: 'ok' });
  });
});
