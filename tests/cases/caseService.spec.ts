import assert from 'node:assert/strict';
import sinon from 'sinon';
import { caseCardKey } from '../../services/cases/caseService';
import { zonedInstant } from '../../services/time/stockholm';
import { validSbar } from '../support/sbarFixtures';
import { meetingWithNurse, nurse, serviceFixture, socialWorker, type ServiceFixture } from '../support/serviceFixture';

describe('case service', () => {
  let fixture: ServiceFixture;
  beforeEach(async () => {
    fixture = await serviceFixture('2026-11-22T09:00:00Z'); // Sunday
  });
  afterEach(() => fixture.dispose());

  it('stores a valid case sealed, masked, audited and queued for the channel', async () => {
    const { services } = fixture;
    const { meeting, member } = await meetingWithNurse(services);
    const result = await services.cases.submit(meeting, member, nurse, validSbar());
    assert.equal(result.kind, 'created');
    if (result.kind !== 'created') return;
    const record = result.record;
    assert.match(record.reference, /^SA-[ACDEFHJKMNPQRTUVWXY3479]{5}$/);
    assert.equal(record.meetingDate, '2026-11-24');
    assert.deepEqual(record.masked, { initials: 'A.L.', birthYear: 1912 });
    assert.ok(!JSON.stringify(record).includes('Lindqvist'));
    assert.ok(!JSON.stringify(record).includes('191212121212'));
    assert.equal(services.keyring.openJson<{ personnummer: string }>(record.sealed!).personnummer, '191212121212');
    const audit = await services.audit.forCase(record._id);
    assert.deepEqual(audit.map((entry) => entry.action), ['case.create']);
    assert.equal(audit[0]!.actor.organization, 'Hälsocentralen Norrmalm');
    assert.ok(!JSON.stringify(audit).includes('Lindqvist'));
    assert.equal((await services.outbox.byKey(caseCardKey(record._id)))?.status, 'pending');
  });

  it('stores nothing for an invalid form or a form without consent', async () => {
    const { services } = fixture;
    const { meeting, member } = await meetingWithNurse(services);
    assert.equal((await services.cases.submit(meeting, member, nurse, validSbar({ consent: 'false' }))).kind, 'consent_missing');
    const invalid = await services.cases.submit(meeting, member, nurse, validSbar({ personnummer: '19121212-1213' }));
    assert.equal(invalid.kind, 'invalid');
    assert.equal(await services.repos.cases.count({}), 0);
    assert.equal(await services.repos.audit.count({}), 0);
    assert.equal(await services.repos.outbox.count({}), 0);
  });

  it('stores a case with its post, audit entry and kvittenser together, or none of them', async () => {
    const { services } = fixture;
    const { meeting, member } = await meetingWithNurse(services);
    const insertCase = sinon.stub(services.repos.cases, 'insertOne').rejects(new Error('disk full'));
    try {
      await assert.rejects(services.cases.submit(meeting, member, nurse, validSbar({ recipients: 'social_worker' })), /disk full/);
    } finally {
      insertCase.restore();
    }
    assert.equal(await services.repos.outbox.count({}), 0);
    assert.equal(await services.repos.audit.count({}), 0);
    assert.equal(await services.repos.acks.count({}), 0);
    const stored = await services.cases.submit(meeting, member, nurse, validSbar({ recipients: 'social_worker' }));
    assert.equal(stored.kind, 'created');
    assert.equal(await services.repos.acks.count({}), 1);
  });

  it('sends a case after the cut-off to the following meeting', async () => {
    const { services, clock } = fixture;
    const { meeting, member } = await meetingWithNurse(services);
    clock.set(zonedInstant('2026-11-24', '00:00'));
    const result = await services.cases.submit(meeting, member, nurse, validSbar());
    assert.equal(result.kind === 'created' && result.record.meetingDate, '2026-12-01');
  });

  it('lets only the submitter withdraw, and only until the meeting starts', async () => {
    const { services, clock } = fixture;
    const { meeting, member } = await meetingWithNurse(services);
    const created = await services.cases.submit(meeting, member, nurse, validSbar());
    assert.ok(created.kind === 'created');
    const caseId = created.record._id;
    assert.equal((await services.cases.withdraw(caseId, socialWorker, null)).kind, 'not_allowed');
    clock.set(zonedInstant('2026-11-24', '13:00'));
    assert.equal((await services.cases.withdraw(caseId, nurse, member)).kind, 'meeting_started');
    clock.set(zonedInstant('2026-11-24', '12:59'));
    assert.equal((await services.cases.withdraw(caseId, nurse, member)).kind, 'withdrawn');
    assert.equal((await services.cases.withdraw(caseId, nurse, member)).kind, 'already_withdrawn');
    const audit = await services.audit.forCase(caseId);
    assert.deepEqual(audit.map((entry) => entry.action), ['case.create', 'case.withdraw']);
    assert.equal((await services.outbox.byKey(`case:${caseId}:withdrawn`))?.kind, 'update');
    assert.equal((await services.cases.withdraw('no-such-case', nurse, member)).kind, 'not_found');
  });
});
