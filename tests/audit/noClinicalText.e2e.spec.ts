import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { DATABASE_FILE } from '../../services/store/sqliteStore';
import { ManualClock } from '../../services/time/clock';
import { zonedInstant } from '../../services/time/stockholm';
import { SECRET_STRINGS, validSbar } from '../support/sbarFixtures';
import { cardText, startTestBot, type TestBot } from '../support/testBot';
import { setUpMeeting } from '../support/meetingSetup';
import { teamsUser } from '../support/teamsActivities';

// DOMAIN.md §6: the audit log records action, user, organisation, meeting, case reference and
// time — never clinical text, never who the patient is. A whole case life through the running
// server, then every audit document is searched for what must not be there.

const DECISION_TEXTS = ['Hembesök hos Astrid', 'Resurser saknas för Lindqvist'];
const FORBIDDEN = [...SECRET_STRINGS, 'Astrid', 'Lindqvist', ...DECISION_TEXTS];

describe('e2e: the audit log holds no clinical text and no patient identity', function () {
  this.timeout(60_000);
  let bot: TestBot;
  let dataDir: string;
  const clock = new ManualClock(zonedInstant('2026-11-22', '10:00'));
  const rita = teamsUser('Rita Region'); // leads the first meeting
  const mona = teamsUser('Mona Kommun');
  const maria = teamsUser('Maria Chef');
  const TUESDAY = '2026-11-24';

  before(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'samordna-audit-'));
    bot = await startTestBot({ clock, dataDir });
  });
  after(async () => {
    await bot.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('through intake, reading, kvittens, withdrawal, the meeting, escalation, closing and purge', async () => {
    const meetingId = await setUpMeeting(bot, clock, rita, [[rita, 'hc_nurse'], [mona, 'social_worker'], [maria, 'manager']]);
    await bot.press(rita, 'case.submit', validSbar({ meetingId, agendaItem: 'risk', recipients: 'social_worker' }));
    await bot.press(rita, 'case.submit', validSbar({ meetingId, agendaItem: 'sip', recipients: '' }));
    const riskCase = (await bot.runtime.services.repos.cases.find({ agendaItem: 'risk' }))[0]!;
    const sipCase = (await bot.runtime.services.repos.cases.find({ agendaItem: 'sip' }))[0]!;

    assert.match(cardText(await bot.press(mona, 'case.view', { caseId: riskCase._id })), /Astrid Lindqvist/, 'the case is read in full');
    const ack = (await bot.runtime.services.repos.acks.find({ caseId: riskCase._id }))[0]!;
    await bot.press(mona, 'ack.confirm', { ackId: ack._id });
    await bot.press(rita, 'case.withdraw', { caseId: sipCase._id });

    clock.set(zonedInstant(TUESDAY, '07:00'));
    await bot.runtime.scheduler.tick(clock.now());
    await bot.settle();
    clock.set(zonedInstant(TUESDAY, '13:00'));
    await bot.press(rita, 'meeting.start', { meetingId, meetingDate: TUESDAY });
    await bot.press(rita, 'meeting.point', { meetingId, meetingDate: TUESDAY, point: 2, areaNote: 'Lugnt i området.' });
    await bot.press(rita, 'case.decide', {
      meetingId, meetingDate: TUESDAY, caseId: riskCase._id, actions: `${DECISION_TEXTS[0]}.`, responsible: mona.id, followUpDate: '',
      sipNeeded: 'true', sipCoordinator: mona.id, escalate: 'true', escalationReason: `${DECISION_TEXTS[1]}.`,
    });
    await bot.press(rita, 'meeting.point', { meetingId, meetingDate: TUESDAY, point: 6 });
    await bot.press(rita, 'meeting.end', { meetingId, meetingDate: TUESDAY });
    await bot.settle();
    assert.equal((await bot.runtime.services.cases.byId(riskCase._id))?.status, 'closed');

    clock.set(zonedInstant('2026-12-26', '03:00'));
    await bot.runtime.scheduler.tick(clock.now());
    await bot.settle();
    assert.equal((await bot.runtime.services.cases.byId(riskCase._id))?.sealed, null, 'the closed case was purged');

    const entries = await bot.runtime.services.repos.audit.find({}, { sort: { _id: 1 } });
    const actions = new Set(entries.map((entry) => entry.action));
    for (const action of ['case.create', 'case.read', 'ack.confirm', 'case.withdraw', 'case.decide', 'case.escalate', 'case.close', 'case.purge'] as const) {
      assert.ok(actions.has(action), `the life of the case was logged: ${action}`);
    }
    const stored = JSON.stringify(entries);
    for (const forbidden of FORBIDDEN) assert.ok(!stored.includes(forbidden), `audit documents hold "${forbidden}"`);
    assert.ok(!stored.includes(riskCase.subjectKey), 'not even the pseudonym');

    // The rows as stored too, where an entry might have been written in another shape.
    const database = new Database(path.join(dataDir, DATABASE_FILE), { readonly: true });
    const rows = (database.prepare('SELECT doc FROM audit').pluck().all() as string[]).join('\n');
    database.close();
    assert.ok(rows.includes(riskCase.reference), 'the rows are the audit log');
    for (const forbidden of FORBIDDEN) assert.ok(!rows.includes(forbidden), `the stored audit log holds "${forbidden}"`);
  });
});
