import assert from 'node:assert/strict';
import { auditRetentionCutoff } from '../../services/audit/auditRetention';
import type { AuditEntry } from '../../services/domain/records';
import { createLogger } from '../../services/logger';
import { Scheduler } from '../../services/scheduler/scheduler';
import { zonedInstant } from '../../services/time/stockholm';
import { validSbar } from '../support/sbarFixtures';
import { meetingWithNurse, nurse, serviceFixture, type ServiceFixture } from '../support/serviceFixture';

const logger = createLogger('silent');
const RETENTION_ACTOR = { id: 'samordna:retention', aadObjectId: null, name: 'Samordna (gallring)' };
const MINUTE = 60_000;

/** An entry as the log writes it, at a given instant (tests write old ones directly). */
function entryAt(at: Date, caseId: string | null = 'case-1'): AuditEntry {
  return {
    _id: `${at.getTime()}-${Math.random().toString(36).slice(2)}`,
    at,
    action: 'case.read',
    actor: { userId: '29:reader', name: 'Karin Nilsson', organization: 'Hälsocentralen Norrmalm' },
    meetingId: 'meeting-1',
    caseId,
    caseReference: 'SA-K7QX4',
  };
}

describe('audit retention', () => {
  describe('the cut-off (whole years of Stockholm wall time)', () => {
    it('is the same wall time the given number of years ago', () => {
      const now = zonedInstant('2026-11-30', '03:00');
      assert.equal(auditRetentionCutoff(now, 5).toISOString(), zonedInstant('2021-11-30', '03:00').toISOString());
      const withSeconds = new Date(now.getTime() + 42_123);
      assert.equal(auditRetentionCutoff(withSeconds, 5).getTime(), zonedInstant('2021-11-30', '03:00').getTime() + 42_123);
    });

    it('follows the wall clock across summer time, not a fixed number of hours', () => {
      // 28 March 2021 was the spring-forward Sunday; in 2026 the same date is winter time.
      const now = zonedInstant('2026-03-28', '03:30'); // 02:30Z
      const cutoff = auditRetentionCutoff(now, 5);
      assert.equal(cutoff.toISOString(), '2021-03-28T01:30:00.000Z', '03:30 summer time that day');
      assert.notEqual(cutoff.toISOString(), new Date(Date.UTC(2021, 2, 28, 2, 30)).toISOString());
      // The autumn Sunday's repeated hour: the earlier instant, so an entry is never dropped early.
      assert.equal(auditRetentionCutoff(zonedInstant('2031-10-25', '02:30'), 5).toISOString(), '2026-10-25T00:30:00.000Z');
    });

    it('treats 29 February of a leap year as passed once 28 February is over', () => {
      assert.equal(auditRetentionCutoff(zonedInstant('2028-02-29', '12:00'), 5).toISOString(), zonedInstant('2023-03-01', '00:00').toISOString());
      assert.equal(auditRetentionCutoff(zonedInstant('2029-02-28', '12:00'), 5).toISOString(), zonedInstant('2024-02-28', '12:00').toISOString());
      assert.equal(auditRetentionCutoff(zonedInstant('2029-03-01', '00:00'), 5).toISOString(), zonedInstant('2024-03-01', '00:00').toISOString());
    });
  });

  describe('AuditLog.purgeExpired', () => {
    let fixture: ServiceFixture;
    beforeEach(async () => {
      fixture = await serviceFixture('2026-11-30T02:00:00Z');
    });
    afterEach(() => fixture.dispose());

    const remaining = async () => (await fixture.services.repos.audit.find({}, { sort: { at: 1 } })).filter((entry) => entry.action !== 'audit.purge');

    it('removes exactly the entries older than the cut-off, to the minute, around a summer-time change', async () => {
      const { services } = fixture;
      const written = zonedInstant('2021-03-28', '03:30'); // the first minute of summer time 2021 was 03:00
      await services.repos.audit.insertOne(entryAt(written));
      await services.repos.audit.insertOne(entryAt(new Date(written.getTime() + MINUTE)));
      assert.equal(await services.audit.purgeExpired(zonedInstant('2026-03-28', '03:30'), 5, RETENTION_ACTOR), 0, 'exactly five years old is kept');
      assert.equal((await remaining()).length, 2);
      assert.equal(await services.audit.purgeExpired(zonedInstant('2026-03-28', '03:31'), 5, RETENTION_ACTOR), 1);
      assert.deepEqual((await remaining()).map((entry) => entry.at.toISOString()), [new Date(written.getTime() + MINUTE).toISOString()]);
    });

    it('keeps an entry from a leap day until 28 February five years on has passed', async () => {
      const { services } = fixture;
      await services.repos.audit.insertOne(entryAt(zonedInstant('2024-02-29', '12:00')));
      await services.audit.purgeExpired(zonedInstant('2029-02-28', '23:59'), 5, RETENTION_ACTOR);
      assert.equal((await remaining()).length, 1);
      await services.audit.purgeExpired(zonedInstant('2029-03-01', '00:00'), 5, RETENTION_ACTOR);
      assert.equal((await remaining()).length, 0);
    });

    it('records the removal as one entry with the count and nothing that names a case or person', async () => {
      const { services } = fixture;
      for (const day of ['2020-01-10', '2020-06-01', '2021-11-29']) await services.repos.audit.insertOne(entryAt(zonedInstant(day, '10:00')));
      await services.repos.audit.insertOne(entryAt(zonedInstant('2022-01-01', '10:00')));
      const now = zonedInstant('2026-11-30', '03:00');
      assert.equal(await services.audit.purgeExpired(now, 5, RETENTION_ACTOR), 3);
      const purges = await services.repos.audit.find({ action: 'audit.purge' });
      assert.equal(purges.length, 1);
      assert.deepEqual(
        { at: purges[0]!.at.toISOString(), actor: purges[0]!.actor, meetingId: purges[0]!.meetingId, caseId: purges[0]!.caseId, caseReference: purges[0]!.caseReference, detail: purges[0]!.detail },
        { at: now.toISOString(), actor: { userId: RETENTION_ACTOR.id, name: RETENTION_ACTOR.name, organization: null }, meetingId: null, caseId: null, caseReference: null, detail: { removed: 3 } },
      );
      assert.equal(await services.audit.purgeExpired(now, 5, RETENTION_ACTOR), 0, 'nothing left to remove');
      assert.equal(await services.repos.audit.count({ action: 'audit.purge' }), 1, 'a purge that removes nothing writes nothing');
    });
  });

  describe('the daily retention job', () => {
    let fixture: ServiceFixture;
    beforeEach(async () => {
      fixture = await serviceFixture('2026-11-22T09:00:00Z');
    });
    afterEach(() => fixture.dispose());

    it('purges case content after RETENTION_DAYS without touching the audit log', async () => {
      const { services, clock } = fixture;
      const scheduler = new Scheduler({ services, logger, retentionDays: 30, auditRetentionYears: 5 });
      const { meeting, member } = await meetingWithNurse(services);
      const created = await services.cases.submit(meeting, member, nurse, validSbar());
      assert.ok(created.kind === 'created');
      await services.cases.withdraw(created.record._id, nurse, member);
      const before = await services.repos.audit.find({}, { sort: { _id: 1 } });
      const night = zonedInstant('2026-12-23', '03:00');
      clock.set(night);
      await scheduler.tick(night);
      assert.equal((await services.cases.byId(created.record._id))?.sealed, null, 'the content is gone');
      const after = await services.repos.audit.find({}, { sort: { _id: 1 } });
      assert.deepEqual(after.slice(0, before.length), before, 'every earlier entry is unchanged');
      assert.deepEqual(after.slice(before.length).map((entry) => entry.action), ['case.purge']);
    });

    it('removes audit entries older than AUDIT_RETENTION_YEARS without touching any case', async () => {
      const { services, clock } = fixture;
      const scheduler = new Scheduler({ services, logger, retentionDays: 30, auditRetentionYears: 2 });
      const { meeting, member } = await meetingWithNurse(services);
      const open = await services.cases.submit(meeting, member, nurse, validSbar());
      const closed = await services.cases.submit(meeting, member, nurse, validSbar({ agendaItem: 'sip' }));
      assert.ok(open.kind === 'created' && closed.kind === 'created');
      await services.repos.cases.updateOne({ _id: closed.record._id }, { $set: { status: 'closed', closedAt: zonedInstant('2026-11-22', '11:00') } });
      const casesBefore = await services.repos.cases.find({}, { sort: { _id: 1 } });
      // Two years and a night later: both cases' entries have expired, the open case is still open.
      const night = zonedInstant('2028-11-23', '03:00');
      clock.set(night);
      await scheduler.runDue(night, (run) => run.job === 'retention');
      assert.deepEqual(
        (await services.repos.audit.find({}, { sort: { _id: 1 } })).map((entry) => [entry.action, entry.caseId]),
        [['case.purge', closed.record._id], ['audit.purge', null]],
        'the case entries of 2026 went; what the run itself did stays',
      );
      const casesAfter = await services.repos.cases.find({}, { sort: { _id: 1 } });
      const openAfter = casesAfter.find((record) => record._id === open.record._id);
      assert.deepEqual(openAfter, casesBefore.find((record) => record._id === open.record._id), 'the open case is untouched');
      assert.ok(casesAfter.find((record) => record._id === closed.record._id)?.purgedAt, 'case retention ran on its own rule');
      const purge = await services.repos.audit.findOne({ action: 'audit.purge' });
      assert.deepEqual(purge?.detail, { removed: 2 });
    });

    it('uses the configured years: a younger log is left alone', async () => {
      const { services, clock } = fixture;
      const { meeting, member } = await meetingWithNurse(services);
      await services.cases.submit(meeting, member, nurse, validSbar());
      const night = zonedInstant('2028-11-23', '03:00');
      clock.set(night);
      await new Scheduler({ services, logger, retentionDays: 30, auditRetentionYears: 5 }).runDue(night, (run) => run.job === 'retention');
      assert.deepEqual((await services.repos.audit.find({})).map((entry) => entry.action), ['case.create']);
    });
  });
});
