// Whether the follow-up of a year is bounded by its period or grows with the years an installation
// keeps: two embedded stores seeded as bench:scale seeds (bench/scaleSeed.ts), 50 meetings each
// with a manager on all of them, one holding one year of meetings and one holding three. The same
// follow-up (the last 365 days, all 50 meetings) is built in-process from each, alternately; the
// medians are compared. A measurement, not a test: the last line is the one to compare.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Services } from '../services/app';
import { buildFollowup } from '../services/followup/followup';
import type { DocumentStore } from '../services/store/documentStore';
import { systemClock } from '../services/time/clock';
import { addDays, localDateOf } from '../services/time/stockholm';
import { openSeededServices, seedScale } from './scaleSeed';
import { median } from './support';

const MEETINGS = 50;
const WEEKS_PER_YEAR = 50;
const RUNS = 15;
const ENCRYPTION_KEY = randomBytes(32).toString('base64');

interface Seeded {
  years: number;
  dataDir: string;
  store: DocumentStore;
  services: Services;
  aadObjectId: string;
  cases: number;
}

async function seeded(years: number, now: Date): Promise<Seeded> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), `samordna-followup-${years}y-`));
  const shape = { meetings: MEETINGS, pastWeeks: WEEKS_PER_YEAR * years, casesPerWeek: 2, upcomingCases: 4, auditEntries: MEETINGS * 500 * years, managedByOne: MEETINGS };
  const report = await seedScale({ dataDir, encryptionKey: ENCRYPTION_KEY, serviceUrl: 'http://127.0.0.1:9/', shape, now });
  console.log(`seeded ${years} year${years === 1 ? '' : 's'}: ${report.counts.cases} cases, ${report.counts.acks} kvittenser, ${report.counts.audit} audit entries in ${report.seconds.toFixed(1)} s`);
  const { store, services } = await openSeededServices(dataDir, ENCRYPTION_KEY, systemClock);
  return { years, dataDir, store, services, aadObjectId: report.manager.aadObjectId, cases: report.counts.cases! };
}

async function main(): Promise<void> {
  const now = new Date();
  const today = localDateOf(now);
  const period = { from: addDays(today, -365), to: today };
  const stores = [await seeded(1, now), await seeded(3, now)];
  try {
    const times = new Map<number, number[]>(stores.map((entry) => [entry.years, []]));
    const casesInPeriod = new Map<number, number>();
    for (let run = -1; run < RUNS; run++) {
      for (const entry of stores) {
        const started = performance.now();
        const result = await buildFollowup(entry.services, { aadObjectId: entry.aadObjectId, period });
        const ms = performance.now() - started;
        if (result.kind !== 'followup') throw new Error(`the manager got ${result.kind}`);
        casesInPeriod.set(entry.years, result.view.total.cases.total);
        // The first round warms SQLite's page cache and V8 up: not counted.
        if (run >= 0) times.get(entry.years)!.push(ms);
      }
    }
    for (const entry of stores) {
      console.log(`${entry.years} year${entry.years === 1 ? '' : 's'} stored (${entry.cases} cases, ${casesInPeriod.get(entry.years)} in the period): median ${median(times.get(entry.years)!).toFixed(0)} ms of ${RUNS}`);
    }
    const one = median(times.get(1)!);
    const three = median(times.get(3)!);
    console.log(`followup years: a year of ${MEETINGS} meetings ${one.toFixed(0)} ms with 1 year stored, ${three.toFixed(0)} ms with 3 (${(three / one).toFixed(2)}x)`);
  } finally {
    for (const entry of stores) {
      await entry.store.close();
      await rm(entry.dataDir, { recursive: true, force: true });
    }
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
