// A Samordna server (the whole runtime: HTTP, store, scheduler, outbox) living through a stretch
// of Stockholm time faster than real time, for the test that races two of them on one DATA_DIR.
//
// Every process started with the same DAY_EPOCH_MS (a wall-clock instant) and SPEED reads the same
// simulated time, so leases and rate limits mean the same to all of them, as they would with
// synchronised clocks. The scheduler is woken every simulated minute, as cron wakes it. When the
// stretch is over the outbox is given time to send what is left, and the process prints one JSON
// line: the runs it did, and how many it found claimed by another process.
import { startRuntime } from '../../bot/runtime';
import { loadConfig } from '../../services/config';
import { createLogger } from '../../services/logger';
import type { Clock } from '../../services/time/clock';

const required = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};

async function main(): Promise<void> {
  const dayStart = Date.parse(required('DAY_START'));
  const dayEnd = Date.parse(required('DAY_END'));
  const epoch = Number(required('DAY_EPOCH_MS'));
  const speed = Number(required('SPEED'));
  const clock: Clock = { now: () => new Date(dayStart + (Date.now() - epoch) * speed) };
  const config = loadConfig({ PORT: '0', DATA_DIR: required('DATA_DIR'), ENCRYPTION_KEY: required('ENCRYPTION_KEY'), LOG_LEVEL: 'silent' });
  const runtime = await startRuntime({ config, logger: createLogger(process.env.TEST_LOG_LEVEL ?? 'silent'), clock, host: '127.0.0.1', schedule: 'manual' });
  const minute = 60_000 / speed;
  const ran: string[] = [];
  let lost = 0;
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, epoch - Date.now())));
  while (clock.now().getTime() < dayEnd) {
    for (const report of await runtime.scheduler.tick(clock.now())) {
      if (typeof report.outcome === 'object') ran.push(report.key);
      else if (report.outcome !== 'failed') lost++;
    }
    await new Promise((resolve) => setTimeout(resolve, minute));
  }
  // The day is over: the outbox may still be pacing posts to one chat (Teams' limits).
  const settleUntil = Date.now() + 20_000;
  while ((await runtime.services.repos.outbox.count({ status: 'pending' })) > 0 && Date.now() < settleUntil) {
    await runtime.outboxWorker.drain();
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  await runtime.stop();
  process.stdout.write(`${JSON.stringify({ pid: process.pid, ran, lost })}\n`);
  process.exit(0);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
