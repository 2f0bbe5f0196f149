// What FindOptions.projection saves on the embedded store: 20,000 case-like documents, each with
// a 3 KB sealed value (the SBAR) and half of them a sealed decision text, read whole and with the
// fields a follow-up needs (services/store/sqliteProjection.ts), in the same run. Timed: all
// 20,000, and the 5,000 of 50 meetings (a manager's follow-up across 50 meetings reads about that
// many); medians of alternating runs. Also the heap the 5,000 results hold (with --expose-gc).
// A measurement, not a test: the last line is the one to compare.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { AGENDA_ITEMS, URGENCIES } from '../services/domain/codes';
import type { CaseRecord, SealedValue } from '../services/domain/records';
import { openRepositories } from '../services/store/repositories';
import { openSqliteStore } from '../services/store/sqliteStore';
import { median } from './support';

const CASES = 20_000;
const MEETINGS = 200;
const READ_MEETINGS = 50;
const RUNS = 9;
const SEALED_BYTES = 3 * 1024;

/** The fields the follow-up's indicators need of a case: never a sealed one. */
const FOLLOWUP_FIELDS = [
  'meetingId',
  'meetingDate',
  'status',
  'agendaItem',
  'urgency',
  'recipients',
  'submittedAt',
  'lateFor',
  'carriedOverFrom',
  'readyForDischargeAt',
  'decision.meetingDate',
  'decision.sipNeeded',
  'decision.sipCoordinatorUserId',
  'decision.escalate',
  'decision.escalationAckId',
  'decision.decidedAt',
] as const;

function sealed(bytes: number): SealedValue {
  // Base64 of random bytes: what AES-GCM ciphertext looks like stored.
  return { v: 1, keyId: 'k2026', iv: randomBytes(12).toString('base64'), tag: randomBytes(16).toString('base64'), data: randomBytes(Math.round((bytes * 3) / 4)).toString('base64') };
}

function caseRecord(i: number): CaseRecord {
  const meetingId = `m${String(i % MEETINGS).padStart(3, '0')}`;
  const submittedAt = new Date(Date.UTC(2026, 0, 5) + (i % 330) * 86_400_000 + (i % 600) * 60_000);
  const meetingDate = submittedAt.toISOString().slice(0, 10);
  const decided = i % 2 === 0;
  const by = { id: `u${i % 40}`, aadObjectId: null, name: `Person ${i % 40}` };
  return {
    _id: `c${String(i).padStart(6, '0')}`,
    reference: `SA-${String(i).padStart(6, '0')}`,
    meetingId,
    meetingDate,
    status: decided ? 'closed' : 'submitted',
    agendaItem: AGENDA_ITEMS[i % AGENDA_ITEMS.length]!,
    urgency: URGENCIES[i % URGENCIES.length]!,
    riskGroups: [],
    cfs: i % 9,
    recipients: ['home_care', 'hc_nurse'],
    medicationListCurrent: true,
    sampleReferral: false,
    consent: true,
    transferDate: null,
    readyForDischargeAt: i % AGENDA_ITEMS.length === AGENDA_ITEMS.indexOf('discharge') ? submittedAt : null,
    submitterProfession: 'sjuksköterska',
    masked: { initials: 'AB', birthYear: 1930 + (i % 60) },
    subjectKey: randomBytes(16).toString('hex'),
    sealed: sealed(SEALED_BYTES),
    submittedBy: by,
    submittedAt,
    withdrawnBy: null,
    withdrawnAt: null,
    followUp: null,
    decision: decided
      ? {
          meetingDate,
          responsibleUserId: by.id,
          followUpDate: null,
          sipNeeded: i % 8 === 0,
          sipCoordinatorUserId: i % 8 === 0 ? by.id : null,
          escalate: i % 10 === 0,
          escalationAckId: i % 10 === 0 ? `a${i}` : null,
          decidedBy: by,
          decidedAt: submittedAt,
          sealedText: sealed(400),
        }
      : null,
    carriedOverFrom: null,
    lateFor: null,
    slotArea: null,
    closedAt: decided ? submittedAt : null,
    purgedAt: null,
  };
}

const gc = (globalThis as { gc?: () => void }).gc;

function heapHeldBy(make: () => Promise<unknown>): Promise<number | null> {
  if (!gc) return Promise.resolve(null);
  gc();
  const before = process.memoryUsage().heapUsed;
  return make().then((held) => {
    gc();
    const bytes = process.memoryUsage().heapUsed - before;
    // Kept alive until measured.
    if (held === undefined) throw new Error('nothing read');
    return bytes;
  });
}

async function main(): Promise<void> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'samordna-projection-'));
  const store = await openSqliteStore({ dataDir });
  try {
    const { cases } = await openRepositories(store);
    const seeding = performance.now();
    await store.transaction(async () => {
      for (let i = 0; i < CASES; i++) await cases.insertOne(caseRecord(i));
    });
    const footprint = await store.footprint();
    console.log(`seeded ${CASES} cases in ${((performance.now() - seeding) / 1000).toFixed(1)} s (database ${(footprint.databaseBytes / 1e6).toFixed(0)} MB + log ${((footprint.walBytes ?? 0) / 1e6).toFixed(0)} MB)`);

    const meetings = Array.from({ length: READ_MEETINGS }, (_, i) => `m${String(i).padStart(3, '0')}`);
    const queries = {
      all: { whole: () => cases.find({}), projected: () => cases.find({}, { projection: FOLLOWUP_FIELDS }) },
      meetings: {
        whole: () => cases.find({ meetingId: { $in: meetings } }),
        projected: () => cases.find({ meetingId: { $in: meetings } }, { projection: FOLLOWUP_FIELDS }),
      },
    };
    const times: Record<string, number[]> = {};
    let counts: Record<string, number> = {};
    for (let run = -1; run < RUNS; run++) {
      for (const [name, pair] of Object.entries(queries)) {
        for (const [kind, query] of Object.entries(pair)) {
          const started = performance.now();
          const found = await query();
          const ms = performance.now() - started;
          counts = { ...counts, [name]: found.length };
          // The first round warms SQLite's page cache and V8 up: not counted.
          if (run >= 0) (times[`${name}.${kind}`] ??= []).push(ms);
        }
      }
    }
    const t = (key: string) => median(times[key]!);
    const wholeHeap = await heapHeldBy(queries.meetings.whole);
    const projectedHeap = await heapHeldBy(queries.meetings.projected);
    for (const name of Object.keys(queries)) {
      console.log(`${name} (${counts[name]} cases): whole ${t(`${name}.whole`).toFixed(1)} ms, projected ${t(`${name}.projected`).toFixed(1)} ms (median of ${RUNS})`);
    }
    const mb = (bytes: number | null) => (bytes === null ? '?' : (bytes / 1e6).toFixed(1));
    if (gc) console.log(`heap held by the ${counts.meetings} results: whole ${mb(wholeHeap)} MB, projected ${mb(projectedHeap)} MB`);
    else console.log('heap held by the results: run with --expose-gc to measure');
    const ratio = (name: string) => (t(`${name}.whole`) / t(`${name}.projected`)).toFixed(1);
    console.log(
      `projection: ${counts.all} cases ${t('all.whole').toFixed(0)} → ${t('all.projected').toFixed(0)} ms (${ratio('all')}x faster), ` +
        `${counts.meetings} of ${READ_MEETINGS} meetings ${t('meetings.whole').toFixed(0)} → ${t('meetings.projected').toFixed(0)} ms (${ratio('meetings')}x), heap ${mb(wholeHeap)} → ${mb(projectedHeap)} MB`,
    );
  } finally {
    await store.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
