import type { Repositories } from '../../services/store/repositories';

/**
 * What a DATA_DIR fixture holds, counted the same way when it is made
 * (scripts/make-datadir-fixture.ts) and when a later version opens it (schemaFixtures.spec.ts).
 */
export async function datadirCounts(repos: Repositories) {
  return {
    meetings: await repos.meetings.count({}),
    roster: await repos.roster.count({}),
    cases: await repos.cases.count({}),
    withdrawnCases: await repos.cases.count({ status: 'withdrawn' }),
    decisions: await repos.cases.count({ decision: { $ne: null } }),
    acks: await repos.acks.count({}),
    openAcks: await repos.acks.count({ status: 'open' }),
    audit: await repos.audit.count({}),
    outbox: await repos.outbox.count({}),
    deadLetters: await repos.outbox.count({ status: 'dead' }),
  };
}

export type DatadirCounts = Awaited<ReturnType<typeof datadirCounts>>;
