import assert from 'node:assert/strict';
import type { Meeting, RosterMember, UserRef } from '../../services/domain/records';
import { createLogger } from '../../services/logger';
import { Scheduler } from '../../services/scheduler/scheduler';
import { zonedInstant } from '../../services/time/stockholm';
import { validSbar } from '../support/sbarFixtures';
import { meetingWithNurse, nurse, serviceFixture, socialWorker, type ServiceFixture } from '../support/serviceFixture';

const manager: UserRef = { id: '29:boss', aadObjectId: null, name: 'Maria Chef' };
const TUESDAY = '2026-11-24';

describe('running the meeting', () => {
  let fixture: ServiceFixture;
  let meeting: Meeting;
  let member: RosterMember;
  const caseIds: string[] = [];

  beforeEach(async () => {
    fixture = await serviceFixture('2026-11-22T09:00:00Z');
    const { services, clock } = fixture;
    ({ meeting, member } = await meetingWithNurse(services)); // the nurse (region) leads the first meeting
    await services.roster.join(meeting._id, socialWorker, { role: 'social_worker', organization: 'Socialtjänsten' });
    await services.roster.join(meeting._id, manager, { role: 'manager', organization: 'Kommunen' });
    caseIds.length = 0;
    for (const agendaItem of ['risk', 'sip', 'discharge']) {
      const extra = agendaItem === 'discharge' ? { readyForDischargeAt: '2026-11-21 10:00' } : {};
      const created = await services.cases.submit(meeting, member, nurse, validSbar({ agendaItem, recipients: '', ...extra }));
      assert.ok(created.kind === 'created');
      caseIds.push(created.record._id);
    }
    clock.set(zonedInstant(TUESDAY, '07:00'));
    await new Scheduler({ services, logger: createLogger('silent'), retentionDays: 30 }).tick(clock.now());
    clock.set(zonedInstant(TUESDAY, '13:00'));
  });
  afterEach(() => fixture.dispose());

  const decision = (overrides: Record<string, unknown> = {}) => ({
    actions: 'Hembesök av arbetsterapeut; läkemedelsgenomgång.',
    responsible: socialWorker.id,
    followUpDate: '2026-12-08',
    sipNeeded: 'false',
    escalate: 'false',
    ...overrides,
  });

  it('can be started by the leader once the agenda is out, not by others, not on another day', async () => {
    const { runs } = fixture.services;
    assert.equal((await runs.start(meeting, TUESDAY, socialWorker)).kind, 'not_allowed');
    assert.equal((await runs.start(meeting, '2026-12-01', nurse)).kind, 'not_today');
    const started = await runs.start(meeting, TUESDAY, nurse);
    assert.equal(started.kind, 'started');
    assert.equal((await runs.start(meeting, TUESDAY, manager)).kind, 'started', 'a manager may start too; starting twice is harmless');
  });

  it('refuses to start before the agenda has been posted', async () => {
    await fixture.services.repos.occurrences.deleteMany({});
    assert.equal((await fixture.services.runs.start(meeting, TUESDAY, nurse)).kind, 'agenda_not_posted');
  });

  it('validates decisions: responsible on the roster, follow-up in the future, SIP coordinator, escalation reason', async () => {
    const { runs } = fixture.services;
    const started = await runs.start(meeting, TUESDAY, nurse);
    const run = started.kind === 'started' ? started.run : null;
    const cases: [Record<string, unknown>, string, string][] = [
      [{ actions: '' }, 'actions', 'required'],
      [{ responsible: '29:stranger' }, 'responsible', 'not_a_roster_member'],
      [{ followUpDate: TUESDAY }, 'followUpDate', 'invalid_date'],
      [{ followUpDate: '2026-13-01' }, 'followUpDate', 'invalid_date'],
      [{ sipNeeded: 'true' }, 'sipCoordinator', 'required'],
      [{ sipNeeded: 'true', sipCoordinator: '29:stranger' }, 'sipCoordinator', 'not_a_roster_member'],
      [{ escalate: 'true' }, 'escalationReason', 'required'],
    ];
    for (const [overrides, field, code] of cases) {
      const result = await runs.decide(meeting, run, caseIds[0]!, nurse, decision(overrides));
      assert.ok(result.kind === 'invalid', JSON.stringify(overrides));
      assert.deepEqual(result.issues.map((issue) => [issue.field, issue.code]), [[field, code]], JSON.stringify(overrides));
    }
    assert.equal((await runs.decide(meeting, run, caseIds[0]!, socialWorker, decision())).kind, 'not_allowed');
    assert.equal((await runs.decide(meeting, run, 'not-a-case', nurse, decision())).kind, 'not_on_agenda');
    assert.equal((await fixture.services.cases.byId(caseIds[0]!))?.decision, null);
  });

  it('ends with follow-ups, closures, kvittenser for the responsible, escalation and carried-over cases', async () => {
    const { runs, services } = { runs: fixture.services.runs, services: fixture.services };
    const started = await runs.start(meeting, TUESDAY, nurse);
    const run = started.kind === 'started' ? started.run : null;
    assert.equal((await runs.decide(meeting, run, caseIds[0]!, nurse, decision())).kind, 'decided');
    assert.equal(
      (await runs.decide(meeting, run, caseIds[1]!, nurse, decision({ followUpDate: '', sipNeeded: 'true', sipCoordinator: socialWorker.id, escalate: 'true', escalationReason: 'Ingen hemtjänst kan ta uppdraget.' }))).kind,
      'decided',
    );
    const sealed = await services.cases.byId(caseIds[0]!);
    assert.ok(!JSON.stringify(sealed).includes('arbetsterapeut'), 'the decision text is sealed at rest');
    assert.equal(runs.decisionText(sealed!)?.actions, 'Hembesök av arbetsterapeut; läkemedelsgenomgång.');

    const ended = await runs.end(meeting, await runs.runOf(meeting._id, TUESDAY), nurse);
    assert.ok(ended.kind === 'ended');
    assert.equal(ended.nextMeetingDate, '2026-12-01');
    const [followUp, closed, carried] = await Promise.all(caseIds.map((id) => services.cases.byId(id)));
    assert.equal(followUp?.status, 'follow_up');
    assert.deepEqual(followUp?.followUp, { date: '2026-12-08', responsibleUserId: socialWorker.id, flaggedFor: null });
    assert.equal(closed?.status, 'closed');
    assert.equal(carried?.meetingDate, '2026-12-01');
    assert.equal(carried?.carriedOverFrom, TUESDAY);

    const actionAcks = (await services.repos.acks.find({ assigneeUserId: socialWorker.id })).map((ack) => ack.caseId).sort();
    assert.deepEqual(actionAcks, [caseIds[0], caseIds[1]].sort());
    const escalation = await services.repos.acks.find({ caseId: caseIds[1]!, role: 'manager' });
    assert.equal(escalation.length, 1, 'shown as escalated until a manager acknowledges');
    const notices = (await services.repos.outbox.find({})).map((message) => message.notice.type);
    assert.ok(notices.includes('summary'));
    assert.ok(notices.includes('case-escalation'));
    const audit = (await services.audit.forCase(caseIds[1]!)).map((entry) => entry.action);
    assert.deepEqual(audit, ['case.create', 'case.decide', 'case.escalate', 'case.close']);
    assert.deepEqual((await services.audit.forCase(caseIds[2]!)).map((entry) => entry.action), ['case.create', 'case.carry_over']);
    assert.equal((await runs.end(meeting, await runs.runOf(meeting._id, TUESDAY), nurse)).kind, 'not_running');
  });

  it('brings a follow-up back under point 3 of a later meeting', async () => {
    const { runs, repos, clock } = { runs: fixture.services.runs, repos: fixture.services.repos, clock: fixture.clock };
    const started = await runs.start(meeting, TUESDAY, nurse);
    await runs.decide(meeting, started.kind === 'started' ? started.run : null, caseIds[0]!, nurse, decision({ followUpDate: '2026-12-07' }));
    await runs.end(meeting, await runs.runOf(meeting._id, TUESDAY), nurse);
    const scheduler = new Scheduler({ services: fixture.services, logger: createLogger('silent'), retentionDays: 30 });
    clock.set(zonedInstant('2026-12-07', '06:30'));
    await scheduler.tick(clock.now());
    assert.equal((await repos.cases.findOne({ _id: caseIds[0]! }))?.followUp?.flaggedFor, '2026-12-08');
    const onNext = (await runs.casesOf(meeting, '2026-12-08')).map((record) => record._id);
    assert.ok(onNext.includes(caseIds[0]!));
  });
});
