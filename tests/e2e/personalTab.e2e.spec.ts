import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { UserRef } from '../../services/domain/records';
import { ManualClock } from '../../services/time/clock';
import { zonedInstant } from '../../services/time/stockholm';
import { ANNA_OID, APP_ID, BOT_DOMAIN, TENANT_ID, createTestTokenIssuer, type TestTokenIssuer } from '../auth/entraTokens';
import { showsPersonnummerShaped } from '../support/identityNumbers';
import { SECRET_STRINGS, validSbar } from '../support/sbarFixtures';
import { startTestBot, type TestBot } from '../support/testBot';
import { botAddedToChannel, teamsUser, type TeamsUser } from '../support/teamsActivities';

const TUESDAY = '2026-11-24';
const CHANNEL_A = '19:personal-a@thread.tacv2';
const CHANNEL_B = '19:personal-b@thread.tacv2';
const CHANNEL_C = '19:personal-c@thread.tacv2';

interface Answer {
  status: number;
  headers: Headers;
  text: string;
  json: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/**
 * The personal tab's API over HTTP, as the page calls it: three meetings — Norrmalm (A) and
 * Södermalm (B), both managed by Maria, B also by Per, and Kungsholmen (C) managed by Sven alone.
 * Rita takes part in A only; Olle is on no roster.
 */
describe('e2e: the personal tab API (Mina ärenden and Uppföljning)', () => {
  let bot: TestBot;
  let clock: ManualClock;
  const meetingIds: Record<'A' | 'B' | 'C', string> = { A: '', B: '', C: '' };
  const caseIds: Record<string, string> = {};
  let escalationAckId = '';
  const rita = teamsUser('Rita Region');
  const mona = teamsUser('Mona Kommun');
  const maria = teamsUser('Maria Chef');
  const per = teamsUser('Per Regionchef');
  const sven = teamsUser('Sven Annanchef');
  const olle = teamsUser('Olle Utanför');

  async function meetingIn(channelId: string, founder: TeamsUser, area: string, joins: [TeamsUser, string, string][]): Promise<string> {
    bot.place.channelId = channelId;
    await bot.send(botAddedToChannel(bot.place, founder));
    await bot.press(founder, 'meeting.setup', { area, weekday: '2', time: '13:00', durationMinutes: '90' });
    for (const [user, role, organization] of joins) {
      clock.advance(1000);
      await bot.press(user, 'roster.join', { role, organization });
    }
    return (await bot.runtime.services.repos.meetings.findOne({ conversationKey: channelId }))!._id;
  }

  before(async () => {
    clock = new ManualClock(zonedInstant('2026-11-22', '10:00'));
    bot = await startTestBot({ clock });
    const { repos } = bot.runtime.services;
    meetingIds.A = await meetingIn(CHANNEL_A, rita, 'Norrmalm', [[rita, 'hc_nurse', 'Hälsocentralen Norrmalm'], [mona, 'social_worker', 'Socialtjänsten'], [maria, 'manager', 'Kommunen']]);
    meetingIds.B = await meetingIn(CHANNEL_B, mona, 'Södermalm', [[mona, 'social_worker', 'Socialtjänsten'], [maria, 'manager', 'Kommunen'], [per, 'manager', 'Regionen']]);
    meetingIds.C = await meetingIn(CHANNEL_C, sven, 'Kungsholmen', [[sven, 'manager', 'Annan kommun']]);

    bot.place.channelId = CHANNEL_A;
    await bot.press(rita, 'case.submit', validSbar({ meetingId: meetingIds.A, agendaItem: 'risk', recipients: 'social_worker' }));
    await bot.press(rita, 'case.submit', validSbar({ meetingId: meetingIds.A, agendaItem: 'discharge', recipients: 'social_worker', readyForDischargeAt: '2026-11-21 10:00' }));
    bot.place.channelId = CHANNEL_B;
    await bot.press(mona, 'case.submit', validSbar({ meetingId: meetingIds.B, agendaItem: 'risk', recipients: 'social_worker' }));
    caseIds.risk = (await repos.cases.findOne({ meetingId: meetingIds.A, agendaItem: 'risk' }))!._id;
    caseIds.discharge = (await repos.cases.findOne({ meetingId: meetingIds.A, agendaItem: 'discharge' }))!._id;
    caseIds.b = (await repos.cases.findOne({ meetingId: meetingIds.B }))!._id;

    clock.set(zonedInstant(TUESDAY, '07:00'));
    await bot.runtime.scheduler.tick(clock.now());
    await bot.settle();
    bot.place.channelId = CHANNEL_A;
    clock.set(zonedInstant(TUESDAY, '13:00'));
    await bot.press(rita, 'meeting.start', { meetingId: meetingIds.A, meetingDate: TUESDAY });
    await bot.press(rita, 'case.decide', {
      meetingId: meetingIds.A, meetingDate: TUESDAY, caseId: caseIds.risk, actions: 'Hembesök av arbetsterapeut.', responsible: mona.id, followUpDate: '2026-11-30',
      sipNeeded: 'false', escalate: 'true', escalationReason: 'Resurser saknas.',
    });
    await bot.press(rita, 'case.decide', {
      meetingId: meetingIds.A, meetingDate: TUESDAY, caseId: caseIds.discharge, actions: 'Kalla till SIP.', responsible: mona.id, followUpDate: '',
      sipNeeded: 'true', sipCoordinator: mona.id, escalate: 'false',
    });
    clock.set(zonedInstant(TUESDAY, '14:20'));
    await bot.press(rita, 'meeting.end', { meetingId: meetingIds.A, meetingDate: TUESDAY });
    await bot.settle();
    escalationAckId = (await repos.acks.findOne({ caseId: caseIds.risk, role: 'manager' }))!._id;
    clock.set(zonedInstant(TUESDAY, '15:00'));
  });
  after(() => bot.stop());

  async function call(method: 'GET' | 'POST', path: string, user: TeamsUser | null, body?: unknown): Promise<Answer> {
    const response = await fetch(`${bot.runtime.url}${path}`, {
      method,
      headers: { ...(user ? { 'x-samordna-dev-user': user.aadObjectId } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    // Decoded keeping the byte-order mark, which response.text() would drop.
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await response.arrayBuffer());
    let json: unknown = null;
    try {
      json = JSON.parse(text);
    } catch {
      // CSV
    }
    return { status: response.status, headers: response.headers, text, json };
  }
  const get = (path: string, user: TeamsUser | null = maria) => call('GET', path, user);
  const confirm = (ackId: string, user: TeamsUser | null, body: unknown = {}) => call('POST', `/api/personal/acks/${ackId}/confirm`, user, body);

  function assertRefusal(answer: Answer, status: number, text: RegExp): void {
    assert.equal(answer.status, status, answer.text);
    assert.deepEqual(Object.keys(answer.json), ['error'], answer.text);
    assert.match(answer.json.error, text);
    assert.equal(answer.headers.get('cache-control'), 'no-store');
  }

  const auditOf = (action: string) => bot.runtime.services.repos.audit.find({ action: action as never });

  describe('GET /api/personal/me', () => {
    it('names a manager of two meetings and both meetings, by title', async () => {
      const me = await get('/api/personal/me');
      assert.equal(me.status, 200, me.text);
      assert.equal(me.headers.get('cache-control'), 'no-store');
      assert.equal(me.json.development, true);
      assert.equal(me.json.user.name, 'Maria Chef');
      assert.equal(me.json.isManager, true);
      assert.deepEqual(me.json.managedMeetings, [
        { meetingId: meetingIds.A, title: 'Norrmalm, tisdagar kl. 13:00', area: 'Norrmalm', weekdayLabel: 'Tisdag', time: '13:00' },
        { meetingId: meetingIds.B, title: 'Södermalm, tisdagar kl. 13:00', area: 'Södermalm', weekdayLabel: 'Tisdag', time: '13:00' },
      ]);
      assert.equal(me.json.labels.texts.tabs.followup, 'Uppföljning');
    });

    it('names one meeting for a manager of one, none for a participant or an outsider', async () => {
      assert.deepEqual((await get('/api/personal/me', per)).json.managedMeetings.map((m: { meetingId: string }) => m.meetingId), [meetingIds.B]);
      const participant = (await get('/api/personal/me', rita)).json;
      assert.deepEqual([participant.isManager, participant.managedMeetings, participant.onAnyRoster], [false, [], true]);
      const outsider = await get('/api/personal/me', olle);
      assert.equal(outsider.status, 200);
      assert.deepEqual([outsider.json.isManager, outsider.json.managedMeetings, outsider.json.onAnyRoster], [false, [], false]);
      assert.match(outsider.json.labels.myCases.noMeetings, /deltagarlista/);
    });
  });

  describe('GET /api/personal/mycases', () => {
    it('gives a participant their own work, masked, and audits it per meeting as the card does', async () => {
      const before = (await auditOf('cases.mine')).length;
      const answer = await get('/api/personal/mycases', mona);
      assert.equal(answer.status, 200, answer.text);
      const { mine, meetings } = answer.json;
      assert.deepEqual(Object.keys(mine).sort(), ['acks', 'responsible', 'sip', 'submitted', 'today']);
      assert.ok(mine.acks.length >= 2, 'the social worker role owes kvittenser in both meetings');
      assert.deepEqual(mine.submitted.map((s: { case: { caseId: string } }) => s.case.caseId), [caseIds.b]);
      assert.deepEqual(mine.responsible.map((r: { case: { caseId: string } }) => r.case.caseId).sort(), [caseIds.discharge, caseIds.risk].sort());
      assert.deepEqual(mine.sip.map((s: { case: { caseId: string }; summonsDue: string }) => s.case.caseId), [caseIds.discharge]);
      assert.deepEqual(meetings, { [meetingIds.A]: 'Norrmalm, tisdagar kl. 13:00', [meetingIds.B]: 'Södermalm, tisdagar kl. 13:00' });
      const audit = (await auditOf('cases.mine')).slice(before);
      assert.deepEqual(audit.map((entry) => entry.meetingId).sort(), [meetingIds.A, meetingIds.B].sort());
      assert.ok(audit.every((entry) => entry.actor.userId === mona.id && entry.caseId === null), JSON.stringify(audit));
      for (const secret of SECRET_STRINGS) assert.ok(!answer.text.includes(secret), secret);
    });

    it('gives an outsider an empty list and audits nothing', async () => {
      const before = (await auditOf('cases.mine')).length;
      const answer = await get('/api/personal/mycases', olle);
      assert.equal(answer.status, 200);
      assert.deepEqual([answer.json.mine.acks, answer.json.mine.submitted, answer.json.meetings], [[], [], {}]);
      assert.equal((await auditOf('cases.mine')).length, before);
    });
  });

  describe('GET /api/personal/cases/:caseId', () => {
    it('opens the whole case for a roster member of its meeting, audited as case.read', async () => {
      const before = (await auditOf('case.read')).length;
      const answer = await get(`/api/personal/cases/${caseIds.risk}`, rita);
      assert.equal(answer.status, 200, answer.text);
      assert.equal(answer.json.sbar.patientName, 'Astrid Lindqvist');
      assert.equal(answer.json.decisions[0].actions, 'Hembesök av arbetsterapeut.');
      assert.equal(answer.json.meetingTitle, 'Norrmalm, tisdagar kl. 13:00');
      assert.equal(answer.headers.get('cache-control'), 'no-store');
      const audit = (await auditOf('case.read')).slice(before);
      assert.deepEqual(audit.map((entry) => [entry.caseId, entry.actor.userId]), [[caseIds.risk, rita.id]]);
    });

    it('refuses someone off the meeting’s roster (a manager of another meeting too), an unknown and a malformed id', async () => {
      const before = (await auditOf('case.read')).length;
      assertRefusal(await get(`/api/personal/cases/${caseIds.risk}`, olle), 403, /Bara deltagare/);
      assertRefusal(await get(`/api/personal/cases/${caseIds.risk}`, per), 403, /Bara deltagare/);
      assertRefusal(await get(`/api/personal/cases/${randomUUID()}`, rita), 404, /finns inte/);
      assertRefusal(await get('/api/personal/cases/not-an-id', rita), 400, /kunde inte läsas/);
      assert.equal((await auditOf('case.read')).length, before, 'a refusal opens nothing');
    });
  });

  describe('GET /api/personal/followup', () => {
    it('shows a manager of two meetings both, with open escalations, indicators, organisations and trend; audited per meeting', async () => {
      const before = (await auditOf('followup.read')).length;
      const answer = await get('/api/personal/followup?from=2026-01-01&to=2026-11-24');
      assert.equal(answer.status, 200, answer.text);
      const view = answer.json;
      assert.equal(answer.headers.get('cache-control'), 'no-store');
      assert.deepEqual(view.period, { from: '2026-01-01', to: TUESDAY });
      assert.deepEqual(view.meetings.map((m: { meetingId: string; tooSmall: boolean }) => [m.meetingId, m.tooSmall]), [[meetingIds.A, true], [meetingIds.B, true]]);
      assert.equal(view.openEscalations.length, 1);
      const escalation = view.openEscalations[0];
      assert.deepEqual(
        [escalation.ackId, escalation.caseId, escalation.meetingId, escalation.escalatedBy, escalation.reason, escalation.initials, escalation.birthYear],
        [escalationAckId, caseIds.risk, meetingIds.A, 'Rita Region', null, 'A.L.', 1912],
      );
      const a = view.byMeeting.find((m: { meetingId: string }) => m.meetingId === meetingIds.A).indicators;
      const b = view.byMeeting.find((m: { meetingId: string }) => m.meetingId === meetingIds.B).indicators;
      assert.deepEqual(a.meetings, { planned: 1, held: 1 });
      assert.deepEqual(b.meetings, { planned: 1, held: 0 });
      assert.equal(a.cases.total, 2);
      assert.deepEqual([a.cases.byAgendaPoint.risk, a.cases.byAgendaPoint.discharge], [1, 1]);
      assert.deepEqual(a.escalations, { total: 1, acknowledged: 0, medianHoursToAcknowledgement: null });
      // Ready 21 Nov 10:00: the SIP summons is due 24 Nov and payment responsibility starts 24 Nov; decided on 24 Nov.
      assert.deepEqual(a.discharge, { cases: 1, sipSummonsInTime: 1, takenUpAfterPaymentResponsibility: 1 });
      assert.equal(b.cases.total, 1);
      assert.equal(view.total.cases.total, 3);
      assert.deepEqual(view.total.meetings, { planned: 2, held: 1 });
      const organisations = Object.fromEntries(view.byOrganisation.map((o: { organisation: string; indicators: unknown }) => [o.organisation, o.indicators]));
      assert.equal(organisations['Socialtjänsten'].cases.received, 3);
      assert.equal(organisations['Kommunen'].cases.received, 0);
      assert.equal(organisations['Kommunen'].acknowledgements.open + organisations['Kommunen'].acknowledgements.missing, 1, 'the managers’ kvittens of the escalation');
      assert.equal(view.trend.length, 11);
      assert.deepEqual(view.trend.at(-1), { month: '2026-11', casesTotal: 3, acksOnTime: 0, acksLate: 0, acksMissing: view.trend.at(-1).acksMissing, escalations: 1 });
      assert.ok(view.rows.length > 0 && view.rows.every((row: Record<string, string>) => typeof row.value === 'string'), 'rows of strings');

      const audit = (await auditOf('followup.read')).slice(before);
      assert.deepEqual(audit.map((entry) => entry.meetingId).sort(), [meetingIds.A, meetingIds.B].sort());
      assert.ok(audit.every((entry) => entry.actor.userId === maria.id && entry.actor.organization === 'Kommunen' && entry.caseId === null), JSON.stringify(audit));
    });

    it('defaults to this calendar year up to today', async () => {
      assert.deepEqual((await get('/api/personal/followup')).json.period, { from: '2026-01-01', to: TUESDAY });
    });

    it('shows a manager of one meeting that meeting only, and nothing of the others', async () => {
      const answer = await get('/api/personal/followup', per);
      assert.equal(answer.status, 200, answer.text);
      assert.deepEqual(answer.json.meetings.map((m: { meetingId: string }) => m.meetingId), [meetingIds.B]);
      assert.deepEqual(answer.json.openEscalations, []);
      assert.ok(!answer.text.includes(meetingIds.A) && !answer.text.includes('Norrmalm') && !answer.text.includes('Kungsholmen'), 'nothing of meetings A and C');
    });

    it('narrows to one managed meeting, and refuses an unknown, foreign or only-participated meeting alike (404)', async () => {
      const one = await get(`/api/personal/followup?meetingId=${meetingIds.B}`);
      assert.equal(one.status, 200, one.text);
      assert.deepEqual(one.json.meetings.map((m: { meetingId: string }) => m.meetingId), [meetingIds.B]);
      assert.deepEqual(one.json.openEscalations, []);
      const before = (await auditOf('followup.read')).length;
      const refusals = [await get(`/api/personal/followup?meetingId=${meetingIds.C}`), await get(`/api/personal/followup?meetingId=${randomUUID()}`), await get(`/api/personal/followup?meetingId=${meetingIds.A}`, per)];
      for (const refused of refusals) assertRefusal(refused, 404, /Mötet finns inte bland de möten du är chef för/);
      assert.equal(new Set(refusals.map((refused) => refused.text)).size, 1, 'the same answer, so existence leaks nothing');
      assert.equal((await auditOf('followup.read')).length, before, 'a refusal is no look at a meeting');
    });

    it('refuses a participant and an outsider (403) and anyone without an identity (401)', async () => {
      assertRefusal(await get('/api/personal/followup', rita), 403, /Uppföljningen visas för chefer/);
      assertRefusal(await get(`/api/personal/followup?meetingId=${meetingIds.A}`, rita), 403, /Uppföljningen visas för chefer/);
      assertRefusal(await get('/api/personal/followup.csv', olle), 403, /Uppföljningen visas för chefer/);
      for (const path of ['/api/personal/me', '/api/personal/mycases', `/api/personal/cases/${caseIds.risk}`, '/api/personal/followup', '/api/personal/followup.csv']) {
        assertRefusal(await get(path, null), 401, /Du är inte inloggad/);
      }
      assertRefusal(await confirm(escalationAckId, null), 401, /Du är inte inloggad/);
    });

    it('refuses every bad period and query with a Swedish 400, never a 5xx', async () => {
      const cases: [string, RegExp][] = [
        ['from=2026-13-01&to=2026-11-24', /ÅÅÅÅ-MM-DD/],
        ['from=24-11-2026', /ÅÅÅÅ-MM-DD/],
        ['from=2026-02-30&to=2026-03-01', /ÅÅÅÅ-MM-DD/],
        ['from=&to=2026-11-24', /ÅÅÅÅ-MM-DD/],
        ['to=2026-11-24T00:00', /ÅÅÅÅ-MM-DD/],
        ['from=2026-11-24&to=2026-01-01', /före/],
        ['from=2025-01-01&to=2026-01-02', /högst 366 dagar/],
        ['from=2020-01-01&to=2026-11-24', /högst 366 dagar/],
        ['meetingId=not-a-meeting', /Mötes-id/],
        ['meetingId=' + 'x'.repeat(5000), /Mötes-id/],
        ['from=2026-01-01&from=2026-02-01', /kunde inte läsas/],
        ['period=2026', /kunde inte läsas/],
      ];
      for (const [query, text] of cases) {
        for (const route of ['followup', 'followup.csv']) assertRefusal(await get(`/api/personal/${route}?${query}`), 400, text);
      }
      // A leap year's 366 days are allowed.
      assert.equal((await get('/api/personal/followup?from=2024-01-01&to=2024-12-31')).status, 200);
    });

    it('downloads the CSV: UTF-8 with BOM, semicolons, CRLF, one row per meeting and measure, totals and organisations', async () => {
      const csv = await get('/api/personal/followup.csv?from=2026-01-01&to=2026-11-24');
      assert.equal(csv.status, 200, csv.text);
      assert.equal(csv.headers.get('content-type'), 'text/csv; charset=utf-8');
      assert.equal(csv.headers.get('content-disposition'), 'attachment; filename="samordna-uppfoljning-2026-01-01-2026-11-24.csv"');
      assert.ok(csv.text.startsWith('\uFEFF'), 'a byte-order mark');
      const lines = csv.text.slice(1).split('\r\n');
      assert.equal(lines.at(-1), '', 'ends with CRLF');
      assert.equal(lines[0], 'möte;mottagande organisation;avsnitt;mått;värde');
      assert.ok(!csv.text.replace(/\r\n/g, '').includes('\n'), 'CRLF only');
      assert.ok(lines.includes('Norrmalm, tisdagar kl. 13:00;;Ärenden;Totalt;2'), 'Norrmalm, tisdagar kl. 13:00;;Ärenden;Totalt;2');
      assert.ok(lines.includes('Södermalm, tisdagar kl. 13:00;;Ärenden;Totalt;1'), 'Södermalm, tisdagar kl. 13:00;;Ärenden;Totalt;1');
      assert.ok(lines.includes('Alla möten;;Ärenden;Totalt;3'), 'Alla möten;;Ärenden;Totalt;3');
      assert.ok(lines.includes('Alla möten;Socialtjänsten;Ärenden;Mottagna;3'), 'Alla möten;Socialtjänsten;Ärenden;Mottagna;3');
      assert.ok(lines.includes('Norrmalm, tisdagar kl. 13:00;;Jämförbarhet;För få ärenden för att jämföra (färre än 5);ja'), 'Norrmalm, tisdagar kl. 13:00;;Jämförbarhet;För få ärenden för att jämföra (färre än 5);ja');
      const json = (await get('/api/personal/followup?from=2026-01-01&to=2026-11-24')).json;
      assert.equal(lines.length - 2, json.rows.length, 'the CSV holds exactly the JSON rows');
    });

    it('never sends a patient’s name, personnummer, SBAR text, decision text or the escalation reason', async () => {
      for (const path of ['/api/personal/followup', '/api/personal/followup.csv', '/api/personal/mycases', '/api/personal/me']) {
        const body = (await get(path)).text;
        for (const secret of [...SECRET_STRINGS, 'Hembesök av arbetsterapeut', 'Resurser saknas', 'Kalla till SIP.']) assert.ok(!body.includes(secret), `${path}: ${secret}`);
        assert.ok(!showsPersonnummerShaped(body), path);
      }
    });
  });

  describe('POST /api/personal/acks/:ackId/confirm', () => {
    it('refuses a participant without the role, a manager of another meeting, an unknown id, a malformed id and a body', async () => {
      const before = (await auditOf('ack.confirm')).length;
      assertRefusal(await confirm(escalationAckId, rita), 403, /inte den roll som ska kvittera/);
      assertRefusal(await confirm(escalationAckId, per), 403, /inte den roll som ska kvittera/);
      assertRefusal(await confirm(escalationAckId, olle), 403, /inte den roll som ska kvittera/);
      assertRefusal(await confirm(randomUUID(), maria), 404, /Kvittensen finns inte/);
      assertRefusal(await confirm('not-an-ack', maria), 400, /kunde inte läsas/);
      assertRefusal(await confirm(escalationAckId, maria, { confirmed: true }), 400, /Ingenting har ändrats/);
      assert.equal((await auditOf('ack.confirm')).length, before, 'nothing was confirmed');
      assert.equal((await bot.runtime.services.repos.acks.findOne({ _id: escalationAckId }))!.status, 'open');
    });

    it('acknowledges the escalation from Uppföljning once, audited, and refuses the second time with 409', async () => {
      clock.set(zonedInstant(TUESDAY, '16:30'));
      const before = (await auditOf('ack.confirm')).length;
      const first = await confirm(escalationAckId, maria);
      assert.equal(first.status, 200, first.text);
      assert.match(first.json.notice, /^Kvitterat: SA-/);
      assert.ok(Array.isArray(first.json.mine.acks), 'Mina ärenden comes back');
      const audit = (await auditOf('ack.confirm')).slice(before);
      assert.deepEqual(audit.map((entry) => [entry.caseId, entry.actor.userId, entry.actor.organization]), [[caseIds.risk, maria.id, 'Kommunen']]);

      const second = await confirm(escalationAckId, maria);
      assertRefusal(second, 409, /Redan kvitterat av Maria Chef/);
      assert.equal((await auditOf('ack.confirm')).length, before + 1, 'audited once');

      const view = (await get('/api/personal/followup?from=2026-01-01&to=2026-11-24')).json;
      assert.deepEqual(view.openEscalations, []);
      const a = view.byMeeting.find((m: { meetingId: string }) => m.meetingId === meetingIds.A).indicators;
      // Asked of the managers at 13:00-something, acknowledged at 16:30.
      assert.equal(a.escalations.acknowledged, 1);
      assert.ok(a.escalations.medianHoursToAcknowledgement >= 3 && a.escalations.medianHoursToAcknowledgement <= 3.5, String(a.escalations.medianHoursToAcknowledgement));
    });

    it('confirms a participant’s own kvittens from Mina ärenden', async () => {
      const ack = (await bot.runtime.services.repos.acks.findOne({ caseId: caseIds.b, role: 'social_worker', assigneeUserId: null }))!;
      const answer = await confirm(ack._id, mona);
      assert.equal(answer.status, 200, answer.text);
      assert.ok(!answer.json.mine.acks.some((owed: { ackId: string }) => owed.ackId === ack._id), 'gone from the list');
    });
  });
});

/** Behind a real app id only a Teams SSO token opens the personal API; an expired one is refused in Swedish. */
describe('e2e: the personal tab API with Teams SSO tokens', () => {
  const NOW = new Date('2026-11-30T08:00:00Z');
  const anna: UserRef = { id: '29:anna', aadObjectId: ANNA_OID, name: 'Anna Andersson' };
  let bot: TestBot;
  let issuer: TestTokenIssuer;

  before(async () => {
    issuer = await createTestTokenIssuer();
    bot = await startTestBot({
      clock: new ManualClock(NOW),
      env: { MicrosoftAppId: APP_ID, MicrosoftAppPassword: 'app-password', ENCRYPTION_KEY: Buffer.alloc(32, 3).toString('base64'), BOT_DOMAIN, ALLOWED_TENANTS: TENANT_ID },
      runtimeOptions: { boardTokenKeys: issuer.keys },
    });
    const { services } = bot.runtime;
    const setup = await services.meetings.setup({ conversationKey: '19:samordning@thread.tacv2', tenantId: TENANT_ID }, anna, { area: 'Norrmalm', weekday: '2', time: '13:00', durationMinutes: '90' });
    if (setup.kind !== 'saved') throw new Error('meeting setup failed');
    const joined = await services.roster.join(setup.meeting._id, anna, { role: 'manager', organization: 'Kommunen' });
    if (joined.kind !== 'joined') throw new Error('roster join failed');
  });
  after(() => bot.stop());

  const request = async (path: string, headers: Record<string, string>, method = 'GET') => {
    const response = await fetch(`${bot.runtime.url}${path}`, { method, headers: { ...headers, ...(method === 'POST' ? { 'content-type': 'application/json' } : {}) }, ...(method === 'POST' ? { body: '{}' } : {}) });
    return { status: response.status, body: (await response.text()) };
  };
  const ROUTES: [string, string][] = [
    ['GET', '/api/personal/me'],
    ['GET', '/api/personal/mycases'],
    ['POST', `/api/personal/acks/${randomUUID()}/confirm`],
    ['GET', `/api/personal/cases/${randomUUID()}`],
    ['GET', '/api/personal/followup'],
    ['GET', '/api/personal/followup.csv'],
  ];

  it('opens the follow-up for a valid token of a manager', async () => {
    const answer = await request('/api/personal/followup', { authorization: `Bearer ${await issuer.sign(NOW)}` });
    assert.equal(answer.status, 200, answer.body);
    assert.equal(JSON.parse(answer.body).meetings[0].area, 'Norrmalm');
  });

  it('refuses every route without a token, with an expired token, and with the development identity (401)', async () => {
    const expired = await issuer.sign(NOW, { exp: NOW.getTime() / 1000 - 3600 });
    for (const [method, path] of ROUTES) {
      for (const [headers, text] of [
        [{}, /Du är inte inloggad/],
        [{ authorization: `Bearer ${expired}` }, /Din inloggning har gått ut/],
        [{ 'x-samordna-dev-user': ANNA_OID }, /Du är inte inloggad|Utvecklingsidentiteten/],
      ] as [Record<string, string>, RegExp][]) {
        const answer = await request(path, headers, method);
        assert.equal(answer.status, 401, `${method} ${path}: ${answer.body}`);
        assert.deepEqual(Object.keys(JSON.parse(answer.body)), ['error']);
        assert.match(JSON.parse(answer.body).error, text);
      }
    }
  });
});
