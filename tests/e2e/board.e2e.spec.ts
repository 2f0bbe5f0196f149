import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { ManualClock } from '../../services/time/clock';
import { zonedInstant } from '../../services/time/stockholm';
import { SECRET_STRINGS, validSbar } from '../support/sbarFixtures';
import { startTestBot, type TestBot } from '../support/testBot';
import { setUpMeeting } from '../support/meetingSetup';
import { CHANNEL_ID, teamsUser, type TeamsUser } from '../support/teamsActivities';
import { showsPersonnummerShaped } from '../support/identityNumbers';

const TUESDAY = '2026-11-24';

interface Answer {
  status: number;
  headers: Headers;
  text: string;
}

/** A meeting set up, run and ended through the verbs, as the board finds it afterwards. */
describe('e2e: the meeting board API and tab', () => {
  let bot: TestBot;
  let clock: ManualClock;
  let meetingId: string;
  const references: Record<string, string> = {};
  const rita = teamsUser('Rita Region'); // leads the first meeting
  const mona = teamsUser('Mona Kommun');
  const maria = teamsUser('Maria Chef');
  const outsider = teamsUser('Olle Utanför');

  before(async () => {
    clock = new ManualClock(zonedInstant('2026-11-22', '10:00'));
    bot = await startTestBot({ clock });
    meetingId = await setUpMeeting(bot, clock, rita, [[rita, 'hc_nurse', 'Hälsocentralen Norrmalm'], [mona, 'social_worker', 'Kommunen'], [maria, 'manager', 'Kommunen']]);
    for (const agendaItem of ['risk', 'sip']) {
      await bot.press(rita, 'case.submit', validSbar({ meetingId, agendaItem, recipients: 'social_worker' }));
      references[agendaItem] = (await bot.runtime.services.repos.cases.findOne({ agendaItem }))!.reference;
    }
    clock.set(zonedInstant(TUESDAY, '07:00'));
    await bot.runtime.scheduler.tick(clock.now());
    await bot.settle();
    clock.set(zonedInstant(TUESDAY, '13:00'));
    await bot.press(rita, 'meeting.start', { meetingId, meetingDate: TUESDAY });
    const riskCase = (await bot.runtime.services.repos.cases.findOne({ agendaItem: 'risk' }))!;
    await bot.press(rita, 'case.decide', {
      meetingId, meetingDate: TUESDAY, caseId: riskCase._id, actions: 'Hembesök av arbetsterapeut.', responsible: mona.id, followUpDate: '2026-11-30',
      sipNeeded: 'false', escalate: 'true', escalationReason: 'Resurser saknas.',
    });
    clock.set(zonedInstant(TUESDAY, '14:20'));
    await bot.press(rita, 'meeting.end', { meetingId, meetingDate: TUESDAY });
    await bot.settle();
    clock.set(zonedInstant(TUESDAY, '15:00'));
  });
  after(() => bot.stop());

  async function get(path: string, user: TeamsUser | null = rita, headers: Record<string, string> = {}): Promise<Answer> {
    const response = await fetch(`${bot.runtime.url}${path}`, { headers: { ...(user ? { 'x-samordna-dev-user': user.aadObjectId } : {}), ...headers } });
    return { status: response.status, headers: response.headers, text: await response.text() };
  }

  /** A request path sent exactly as written: fetch would resolve `..` before sending. */
  function rawGet(path: string): Promise<{ status: number; body: string }> {
    return new Promise((resolve, reject) => {
      http
        .get({ host: '127.0.0.1', port: bot.runtime.port, path }, (response) => {
          let body = '';
          response.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
          response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
        })
        .on('error', reject);
    });
  }

  const boardPath = () => `/api/board/meetings/${meetingId}`;

  it('shows a roster member the board: meeting, state, leader, masked agenda, kvittenser, follow-ups, escalations, rotation', async () => {
    const answer = await get(boardPath());
    assert.equal(answer.status, 200, answer.text);
    assert.equal(answer.headers.get('cache-control'), 'no-store');
    const view = JSON.parse(answer.text);
    assert.equal(view.development, true);
    assert.deepEqual([view.meeting.area, view.meeting.weekday, view.meeting.time, view.meeting.cutoffTime], ['Norrmalm', 2, '13:00', '23:59']);
    assert.deepEqual([view.meetingDay.date, view.meetingDay.state], [TUESDAY, 'ended']);
    assert.deepEqual(view.leader, { name: 'Rita Region', role: 'hc_nurse', organization: 'Hälsocentralen Norrmalm', side: 'region' });
    const point2 = view.agenda.find((point: { point: number }) => point.point === 2);
    assert.deepEqual(point2.cases.map((c: { reference: string; masked: unknown }) => [c.reference, c.masked]), [[references.risk, { initials: 'A.L.', birthYear: 1912 }]]);
    assert.deepEqual(view.followUpsDue.items, [{ reference: references.risk, masked: { initials: 'A.L.', birthYear: 1912 }, date: '2026-11-30', responsibleName: 'Mona Kommun' }]);
    assert.deepEqual(view.escalations.map((e: { reference: string; toNames: string[] }) => [e.reference, e.toNames]), [[references.risk, ['Maria Chef']]]);
    const socialWorkerAcks = view.acknowledgements.byRole.find((row: { role: string }) => row.role === 'social_worker');
    assert.deepEqual(socialWorkerAcks, { role: 'social_worker', open: 1, confirmedOnTime: 0, confirmedLate: 0, overdue: 2 }, 'two case kvittenser past due, one for the decided action');
    assert.equal(view.rotation.length, 8);
    assert.deepEqual(view.rotation[0], { nominalDate: TUESDAY, date: TUESDAY, holidayName: null, leaderName: 'Rita Region' });
    assert.equal(view.rotation[1].leaderName, 'Mona Kommun');
    assert.equal(view.labels.roles.hc_nurse, 'Sjuksköterska/distriktssköterska, hälsocentral');
    assert.equal(view.labels.states.ended, 'Avslutat');

    const audit = await bot.runtime.services.repos.audit.find({ action: 'board.view' });
    assert.ok(audit.some((entry) => entry.meetingId === meetingId && entry.actor.userId === rita.id && entry.caseId === null), 'the look at the board is in the audit log');
  });

  it('refuses someone not on the roster (403), no identity (401), a token it cannot check (401), and unknown or malformed meetings', async () => {
    const notOnRoster = await get(boardPath(), outsider);
    assert.equal(notOnRoster.status, 403);
    assert.match(JSON.parse(notOnRoster.text).error, /Du finns inte med i mötets deltagarlista/);
    assert.equal(notOnRoster.headers.get('cache-control'), 'no-store');

    const anonymous = await get(boardPath(), null);
    assert.equal(anonymous.status, 401);
    assert.deepEqual(Object.keys(JSON.parse(anonymous.text)), ['error']);
    assert.match(JSON.parse(anonymous.text).error, /Du är inte inloggad/);
    assert.equal((await get(boardPath(), null, { authorization: 'Bearer eyJhbGciOiJSUzI1NiJ9.e30.c2ln' })).status, 401, 'no app id: no token can be checked');

    const unknown = await get(`/api/board/meetings/${randomUUID()}`);
    assert.equal(unknown.status, 404);
    assert.match(JSON.parse(unknown.text).error, /Mötet finns inte/);
    assert.equal((await get('/api/board/meetings/not-a-meeting-id')).status, 400);
    assert.equal((await get(`/api/board/meetings/${randomUUID()}`, null)).status, 401, 'authentication comes first');
  });

  it('lists the caller’s meetings, optionally for one channel', async () => {
    const all = JSON.parse((await get('/api/board/meetings')).text);
    assert.deepEqual(all.meetings.map((m: { id: string; area: string; conversationId: string }) => [m.id, m.area, m.conversationId]), [[meetingId, 'Norrmalm', CHANNEL_ID]]);
    const inChannel = JSON.parse((await get(`/api/board/meetings?conversationId=${encodeURIComponent(CHANNEL_ID)}`)).text);
    assert.equal(inChannel.meetings.length, 1);
    const elsewhere = JSON.parse((await get('/api/board/meetings?conversationId=19%3Aother%40thread.tacv2')).text);
    assert.deepEqual(elsewhere.meetings, []);
    assert.deepEqual(JSON.parse((await get('/api/board/meetings', outsider)).text).meetings, []);
  });

  it('answers the follow-up report as JSON and CSV, and refuses bad periods with a Swedish message', async () => {
    const report = await get(`${boardPath()}/report`);
    assert.equal(report.status, 200, report.text);
    const body = JSON.parse(report.text);
    assert.deepEqual(body.period, { from: '2025-11-25', to: TUESDAY }, 'the last twelve months up to today');
    assert.equal(body.cases.total, 2);
    assert.equal(report.headers.get('cache-control'), 'no-store');

    const csv = await get(`${boardPath()}/report.csv?from=2026-01-01&to=2026-11-24`);
    assert.equal(csv.status, 200);
    assert.equal(csv.headers.get('content-type'), 'text/csv; charset=utf-8');
    assert.equal(csv.headers.get('content-disposition'), 'attachment; filename="samordna-uppfoljning-2026-01-01-2026-11-24.csv"');
    assert.equal(csv.text.replace(/^\uFEFF/, '').split('\r\n')[0], 'avsnitt;mått;värde');

    for (const query of ['from=2026-13-01&to=2026-11-24', 'from=24-11-2026', 'from=2026-11-24&to=2026-01-01', 'from=2022-01-01&to=2026-01-01']) {
      const refused = await get(`${boardPath()}/report?${query}`);
      assert.equal(refused.status, 400, query);
      assert.match(JSON.parse(refused.text).error, /ÅÅÅÅ-MM-DD|före|högst/, query);
    }
    assert.equal((await get(`${boardPath()}/report.csv`, outsider)).status, 403);
    const audit = await bot.runtime.services.repos.audit.find({ action: 'board.report' });
    assert.ok(audit.length >= 2 && audit.every((entry) => entry.meetingId === meetingId && entry.actor.userId === rita.id));
  });

  it('never sends the patient’s name, personnummer, SBAR text or the decision’s free text', async () => {
    const bodies = [
      (await get(boardPath())).text,
      (await get(`${boardPath()}/report`)).text,
      (await get(`${boardPath()}/report.csv`)).text,
      (await get('/api/board/meetings')).text,
    ];
    for (const body of bodies) {
      for (const secret of [...SECRET_STRINGS, 'Hembesök av arbetsterapeut', 'Resurser saknas']) assert.ok(!body.includes(secret), secret);
      assert.ok(!showsPersonnummerShaped(body), 'no personnummer-shaped number');
    }
  });

  it('serves the tab’s pages with a policy that lets Teams frame them, and the Teams client library', async () => {
    for (const [path, type] of [
      ['/tab/board.html', 'text/html; charset=utf-8'],
      ['/tab/configure.html', 'text/html; charset=utf-8'],
      ['/tab/js/board.js', 'text/javascript; charset=utf-8'],
      ['/tab/css/board.css', 'text/css; charset=utf-8'],
      ['/tab/vendor/MicrosoftTeams.min.js', 'text/javascript; charset=utf-8'],
    ] as const) {
      const answer = await get(path, null);
      assert.equal(answer.status, 200, path);
      assert.equal(answer.headers.get('content-type'), type, path);
      assert.match(answer.headers.get('content-security-policy') ?? '', /frame-ancestors teams\.microsoft\.com \*\.teams\.microsoft\.com \*\.office\.com \*\.cloud\.microsoft/, path);
    }
    assert.match((await get('/tab/vendor/MicrosoftTeams.min.js', null)).text, /getAuthToken/);
    assert.match((await get('/tab/board.html', null)).text, /<html lang="sv">/);
  });

  it('refuses paths outside tab/, however they are written', async () => {
    assert.equal((await rawGet('/tab/board.html')).status, 200, 'the same request path, inside tab/, is served');
    for (const path of ['/tab/../package.json', '/tab/%2e%2e/package.json', '/tab/..%2fpackage.json', '/tab/%2e%2e%2fpackage.json', '/tab/js/../../package.json', '/tab/..%5cpackage.json', '/tab/', '/tab/js', '/tab/nothing.html']) {
      const answer = await rawGet(path);
      assert.notEqual(answer.status, 200, path);
      assert.ok(!answer.body.includes('"dependencies"'), path);
    }
  });
});
