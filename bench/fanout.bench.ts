// npm run bench:fanout — the 10:00 kvittens round of a large region: 500 meetings × 12 roster
// members, each owing a kvittens and reached in their personal chat, so 6,000 reminders. The
// server's own scheduler tick queues them and its own outbox worker and connector transport
// (bot/outboxWorkerFor.ts, as `npm start` wires them) send them to a Bot Connector stand-in in
// another process that enforces Teams' limits and throttles 5 % of requests at random.
// Lost and duplicated messages are counted by what the stand-in accepted; the elapsed time is
// divided by the shortest time Teams' limits allow for that many messages.
// Before the final line: the scheduler's minute tick with 2,000 meetings configured.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import pino from 'pino';
import { startRuntime } from '../bot/runtime';
import { loadConfig } from '../services/config';
import { createLogger } from '../services/logger';
import { Scheduler } from '../services/scheduler/scheduler';
import { clockStartingAt, ManualClock } from '../services/time/clock';
import { zonedInstant } from '../services/time/stockholm';
import { buildRegion, ROSTER_SIZE } from './fanoutSetup';
import { deliveryFloor } from './deliveryFloor';
import { GLOBAL } from '../tests/support/teamsLimits';
import type { ConnectorStats } from '../tests/support/throttlingConnector';
import { measureTick } from './tickCost';

// FANOUT_MEETINGS shrinks the region for a quick look; the figures in the docs are for 500.
const MEETINGS = Number(process.env.FANOUT_MEETINGS ?? 500);
const RANDOM_THROTTLE_SHARE = 0.05;
const RANDOM_RETRY_AFTER_SECONDS = 1;
const SEED = 13;
/** A Monday; the meetings are on Thursdays, so the only run due at 10:00 is the kvittens round. */
const DAY = '2026-11-23';
const THURSDAY = 4;

const wallClock = () => performance.timeOrigin + performance.now();
const log = (line: string) => process.stdout.write(`${line}\n`);

async function startConnector(): Promise<{ url: string; stats(): Promise<ConnectorStats>; stop(): void }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(__dirname, 'throttlingConnectorProcess.ts'), String(RANDOM_THROTTLE_SHARE), String(RANDOM_RETRY_AFTER_SECONDS), String(SEED)],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.once('data', (chunk: Buffer) => resolve(chunk.toString().trim()));
    child.once('exit', (code) => reject(new Error(`connector stand-in exited with ${code}`)));
  });
  return {
    url,
    stats: async () => (await (await fetch(`${url}/_stats`)).json()) as ConnectorStats,
    stop: () => child.kill('SIGTERM'),
  };
}

async function main(): Promise<void> {
  const logger = createLogger(process.env.LOG_LEVEL ?? 'error', pino.destination({ fd: 2, sync: false }));
  const connector = await startConnector();
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'samordna-fanout-'));
  try {
    // The cases came in before 08:00, so every kvittens is due at 12:00 the same day.
    const setupClock = new ManualClock(zonedInstant(DAY, '07:00'));
    const setupStarted = performance.now();
    const region = await buildRegion({ dataDir, serviceUrl: connector.url, clock: setupClock, logger, meetings: MEETINGS, weekday: THURSDAY });
    // The case cards went to the channels when the cases came in, long before the round.
    await region.services.repos.outbox.deleteMany({});
    // Everything due before 10:00 (yesterday's rounds, the morning's follow-ups) ran on time.
    setupClock.set(zonedInstant(DAY, '09:59'));
    await new Scheduler({ services: region.services, logger, retentionDays: 30 }).runDue(setupClock.now());
    const leftover = await region.services.repos.outbox.count({});
    if (leftover !== 0) throw new Error(`setup left ${leftover} messages in the outbox`);
    const expected = region.personalConversationIds;
    await region.close();
    // Every request counts against Teams' limits, the refused ones too (see throttlingConnector.ts),
    // so the 5 % that Teams throttles at random cost budget no sender can avoid: the floor counts them.
    const floor = deliveryFloor(expected.map(() => 1), RANDOM_THROTTLE_SHARE);
    log(`region: ${MEETINGS} meetings × ${ROSTER_SIZE} roster members, ${expected.length} personal chats (set up in ${((performance.now() - setupStarted) / 1000).toFixed(1)} s)`);

    const config = loadConfig({ PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'error' });
    const runtime = await startRuntime({ config, logger, clock: clockStartingAt(zonedInstant(DAY, '10:00')), host: '127.0.0.1', schedule: 'manual' });
    const started = wallClock();
    const reports = await runtime.scheduler.tick(runtime.services.clock.now());
    const queuedAt = wallClock();
    const { outbox } = runtime.services.repos;
    // Ten times the floor: a message stuck for good ends the run instead of hanging it (and is counted lost).
    const giveUpAt = started + 10 * 1000 * Math.max(1, floor.seconds);
    while ((await outbox.count({ status: 'pending' })) > 0 && wallClock() < giveUpAt) await new Promise((resolve) => setTimeout(resolve, 100));
    const dead = await outbox.count({ status: 'dead' });
    await runtime.stop();

    const stats = await connector.stats();
    const accepted = stats.acceptedPerConversation;
    const expectedIds = new Set(expected);
    const lost = expected.filter((id) => !accepted[id]).length;
    const duplicates = Object.values(accepted).reduce((sum, n) => sum + Math.max(0, n - 1), 0);
    const unexpected = Object.keys(accepted).filter((id) => !expectedIds.has(id)).length;
    const elapsed = ((stats.lastAcceptedAt ?? wallClock()) - started) / 1000;
    const withoutRandom = deliveryFloor(expected.map(() => 1));
    const seconds = (ms: number) => (ms / 1000).toFixed(ms < 10_000 ? 2 : 1);

    log(`round: the 10:00 tick queued ${expected.length} reminders in ${reports.length} scheduled runs within ${seconds(queuedAt - started)} s; the first reached the connector ${seconds((stats.firstRequestAt ?? started) - started)} s after the tick`);
    log(
      `connector: ${stats.requests} requests, ${stats.accepted} accepted; 429 for ${stats.refusedRandom} at random (${RANDOM_THROTTLE_SHARE * 100} %, Retry-After ${RANDOM_RETRY_AFTER_SECONDS} s), ` +
        `${stats.refusedGlobal} over the global limit, ${stats.refusedConversation} over a conversation's; 413 for ${stats.refusedSize}. Every request counts against the limits, answered or not`,
    );
    log(`outbox: ${dead} dead letters; ${unexpected} messages to conversations that expected none`);
    log(`elapsed ${elapsed.toFixed(1)} s from the tick to the last message accepted: ${(stats.requests / elapsed).toFixed(1)} requests/s, ${(stats.accepted / elapsed).toFixed(1)} messages/s`);
    log(floor.explanation);
    log(`against the floor without the random 429s (${withoutRandom.seconds.toFixed(1)} s, ${GLOBAL[0]!.limit} messages/s): ${(elapsed / withoutRandom.seconds).toFixed(2)} ×`);
    await measureTick(log, logger);
    log(`fanout: ${(elapsed / floor.seconds).toFixed(2)} × floor, ${lost} lost, ${duplicates} duplicates`);
  } finally {
    connector.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
