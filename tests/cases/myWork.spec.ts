import assert from 'node:assert/strict';
import { myWork, RECENTLY_CLOSED_DAYS, SIP_ASSIGNMENT_DAYS } from '../../services/cases/myWork';
import type { Meeting, RosterMember, UserRef } from '../../services/domain/records';
import { createLogger } from '../../services/logger';
import { Scheduler } from '../../services/scheduler/scheduler';
import { addDays, zonedInstant } from '../../services/time/stockholm';
import { validSbar } from '../support/sbarFixtures';
import { meetingWithNurse, nurse, serviceFixture, socialWorker, type ServiceFixture } from '../support/serviceFixture';

const colleague: UserRef = { id: '29:colleague', aadObjectId: null, name: 'Siv Socialsekreterare' };
const stranger: UserRef = { id: '29:stranger', aadObjectId: null, name: 'Sten Annanstans' };
const TUESDAY = '2026-11-24';

describe('Mina ärenden: one person\'s open work', () => {
  let fixture: ServiceFixture;
  let meeting: Meeting;
  let member: RosterMember;

  beforeEach(async () => {
    fixture = await serviceFixture('2026-11-22T09:00:00Z');
    const { services } = fixture;
    ({ meeting, member } = await meetingWithNurse(services));
    await services.roster.join(meeting._id, socialWorker, { role: 'social_worker', organization: 'Socialtjänsten' });
    await services.roster.join(meeting._id, colleague, { role: 'social_worker', organization: 'Socialtjänsten' });
  });
  afterEach(() => fixture.dispose());

  const submit = async (overrides: Record<string, unknown> = {}, by: UserRef = nurse) => {
    const submitter = (await fixture.services.roster.member(meeting._id, by.id))!;
    const created = await fixture.services.cases.submit(meeting, submitter, by, validSbar({ recipients: '', ...overrides }));
    assert.ok(created.kind === 'created');
    return created.record;
  };

  /** Holds the Tuesday meeting and decides each case with the given data. */
  async function decideAll(decisions: [caseId: string, data: Record<string, unknown>][]) {
    const { services, clock } = fixture;
    clock.set(zonedInstant(TUESDAY, '07:00'));
    await new Scheduler({ services, logger: createLogger('silent'), retentionDays: 30 }).tick(clock.now());
    clock.set(zonedInstant(TUESDAY, '13:00'));
    const started = await services.runs.start(meeting, TUESDAY, nurse);
    assert.ok(started.kind === 'started');
    for (const [caseId, data] of decisions) {
      assert.equal((await services.runs.decide(meeting, started.run, caseId, nurse, { actions: 'Hembesök.', responsible: socialWorker.id, ...data })).kind, 'decided');
    }
    clock.set(zonedInstant(TUESDAY, '14:00'));
    await services.runs.end(meeting, (await services.runs.runOf(meeting._id, TUESDAY))!, nurse);
  }

  it("lists a role's kvittens for everyone with the role, an action's only for its assignee, and none of a withdrawn case", async () => {
    const { services } = fixture;
    const forRole = await submit({ recipients: 'social_worker' });
    const withdrawn = await submit({ recipients: 'social_worker' });
    await services.cases.withdraw(withdrawn._id, nurse, member);
    const acted = await submit();
    await decideAll([[acted._id, { followUpDate: '2026-12-08' }]]);

    const omar = await myWork(services, socialWorker.id);
    assert.deepEqual(omar.acks.map((item) => [item.case.reference, item.ack.assigneeUserId]).sort(), [[acted.reference, socialWorker.id], [forRole.reference, null]].sort());
    const siv = await myWork(services, colleague.id);
    assert.deepEqual(siv.acks.map((item) => item.case.reference), [forRole.reference], 'the role, not the action assigned to Omar');
    assert.deepEqual((await myWork(services, nurse.id)).acks, []);
  });

  it('flags what is overdue: a kvittens past its due time, a follow-up date or a SIP summons deadline that has passed', async () => {
    const { services, clock } = fixture;
    const followed = await submit();
    await decideAll([[followed._id, { followUpDate: '2026-12-08', sipNeeded: 'true', sipCoordinator: socialWorker.id }]]);
    let work = await myWork(services, socialWorker.id);
    assert.deepEqual([work.acks[0]!.overdue, work.responsible[0]!.overdue, work.sip[0]!.overdue], [false, false, false]);
    assert.equal(work.sip[0]!.summonsDue, '2026-11-27');
    clock.set(zonedInstant('2026-12-09', '09:00'));
    work = await myWork(services, socialWorker.id);
    assert.deepEqual([work.acks[0]!.overdue, work.responsible[0]!.overdue, work.sip[0]!.overdue], [true, true, true]);
  });

  it(`keeps a closed case on the responsible person's list for ${RECENTLY_CLOSED_DAYS} days, and a SIP assignment for ${SIP_ASSIGNMENT_DAYS}`, async () => {
    const { services, clock } = fixture;
    const closed = await submit();
    await decideAll([[closed._id, { followUpDate: '', sipNeeded: 'true', sipCoordinator: socialWorker.id }]]);
    assert.deepEqual((await myWork(services, socialWorker.id)).responsible.map((item) => [item.case.status, item.followUpDate]), [['closed', null]]);
    clock.set(zonedInstant(addDays(TUESDAY, RECENTLY_CLOSED_DAYS), '15:00'));
    let work = await myWork(services, socialWorker.id);
    assert.equal(work.responsible.length, 1);
    clock.set(zonedInstant(addDays(TUESDAY, RECENTLY_CLOSED_DAYS + 1), '15:00'));
    work = await myWork(services, socialWorker.id);
    assert.equal(work.responsible.length, 0);
    assert.equal(work.sip.length, 1);
    clock.set(zonedInstant(addDays(TUESDAY, SIP_ASSIGNMENT_DAYS + 1), '15:00'));
    assert.equal((await myWork(services, socialWorker.id)).sip.length, 0);
  });

  it('lists the cases a person submitted, newest first, with their status — and nothing of meetings they are not on', async () => {
    const { services, clock } = fixture;
    const first = await submit({}, socialWorker);
    clock.advance(60_000);
    const second = await submit({}, socialWorker);
    await services.cases.withdraw(second._id, socialWorker, await services.roster.member(meeting._id, socialWorker.id));
    const work = await myWork(services, socialWorker.id);
    assert.deepEqual(work.submitted.map((item) => [item.case.reference, item.case.status]), [[second.reference, 'withdrawn'], [first.reference, 'submitted']]);

    // Someone who left the roster no longer sees the meeting's cases.
    await services.repos.roster.deleteMany({ meetingId: meeting._id, userId: socialWorker.id });
    const gone = await myWork(services, socialWorker.id);
    assert.deepEqual([gone.acks, gone.responsible, gone.submitted, gone.sip], [[], [], [], []]);
    assert.deepEqual((await myWork(services, stranger.id)).submitted, []);
  });
});
