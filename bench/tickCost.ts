// The scheduler's minute tick with 2,000 meetings configured: how long `Scheduler.due` takes to
// work out what is due (the part of every tick that grows with the number of meetings). After
// each timed computation the tick's runs are run, as the server's tick runs them, untimed.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Logger } from '../services/logger';
import { plannedRuns } from '../services/scheduler/plannedRuns';
import { CATCH_UP_WINDOW_MS, Scheduler } from '../services/scheduler/scheduler';
import { ManualClock } from '../services/time/clock';
import { zonedInstant } from '../services/time/stockholm';
import { buildRegion } from './fanoutSetup';
import { percentile } from './support';

const MEETINGS = Number(process.env.TICK_MEETINGS ?? 2_000);
const TICKS = 120;
const GOAL_MS = 20;


/** Prints the tick's cost; returns the median in milliseconds. */
export async function measureTick(log: (line: string) => void, logger: Logger): Promise<number> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'samordna-tick-'));
  // Two hours of ticks across the 10:00 reminders and the 12:00 deadlines of a Monday.
  const clock = new ManualClock(zonedInstant('2026-11-23', '09:59'));
  const region = await buildRegion({ dataDir, serviceUrl: 'http://127.0.0.1:9', clock, logger, meetings: MEETINGS, meetingsOnly: true, weekday: 2 });
  try {
    const scheduler = new Scheduler({ services: region.services, logger, retentionDays: 30 });
    // The first tick after a start catches up the last 24 hours; afterwards a tick sees only what is new.
    const catchUpStarted = performance.now();
    const backlog = await scheduler.due(clock.now());
    const catchUpMs = performance.now() - catchUpStarted;
    await scheduler.runDue(clock.now());

    const timings: number[] = [];
    let busiest = { runs: 0, ms: 0 };
    for (let tick = 0; tick < TICKS; tick++) {
      clock.advance(60_000);
      const started = performance.now();
      const due = await scheduler.due(clock.now());
      const ms = performance.now() - started;
      timings.push(ms);
      if (due.length > busiest.runs) busiest = { runs: due.length, ms };
      await scheduler.runDue(clock.now());
    }
    // For comparison: the calendar of every meeting worked out anew, as each tick once did.
    const meetings = await region.services.repos.meetings.find({});
    const fromScratchStarted = performance.now();
    plannedRuns(meetings, new Date(clock.now().getTime() - CATCH_UP_WINDOW_MS), clock.now());
    const fromScratchMs = performance.now() - fromScratchStarted;
    const sorted = [...timings].sort((a, b) => a - b);
    const median = percentile(sorted, 50);
    log(
      `scheduler tick, ${MEETINGS} meetings: computing due runs takes ${median.toFixed(1)} ms median, ${percentile(sorted, 95).toFixed(1)} ms p95, ` +
        `${sorted[sorted.length - 1]!.toFixed(1)} ms max over ${TICKS} minute ticks (goal ≤ ${GOAL_MS} ms); ` +
        `the tick where ${busiest.runs} runs fell due: ${busiest.ms.toFixed(1)} ms; the catch-up after a start (${backlog.length} runs): ${catchUpMs.toFixed(0)} ms; ` +
        `planning every meeting from scratch, as each tick did before: ${fromScratchMs.toFixed(0)} ms`,
    );
    return median;
  } finally {
    await region.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}
