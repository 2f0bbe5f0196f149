import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { ManualClock } from '../../services/time/clock';
import { zonedInstant } from '../../services/time/stockholm';
import { setUpMeeting } from '../support/meetingSetup';
import { SECRET_STRINGS, validSbar } from '../support/sbarFixtures';
import { startTestBot, type TestBot } from '../support/testBot';
import { teamsUser, type TeamsUser } from '../support/teamsActivities';

const TUESDAY = '2026-11-24';

/** Who may call which route of the Teams meeting's API (side panel, stage, linking). */
describe('e2e: the Teams meeting API — who may do what', function () {
  this.timeout(60_000);
  let bot: TestBot;
  let meetingId: string;
  let caseId: string;
  const rita = teamsUser('Rita Region'); // today's leader
  const mona = teamsUser('Mona Kommun');
  const olle = teamsUser('Olle Utanför');

  async function call(method: 'GET' | 'POST', path: string, user: TeamsUser | null, body?: unknown, headers: Record<string, string> = {}) {
    const response = await fetch(`${bot.runtime.url}${path}`, {
      method,
      headers: { ...(user ? { 'x-samordna-dev-user': user.aadObjectId } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, text, json: text ? (JSON.parse(text) as Record<string, unknown>) : null, etag: response.headers.get('etag'), cache: response.headers.get('cache-control') };
  }

  before(async () => {
    const clock = new ManualClock(zonedInstant('2026-11-22', '10:00'));
    bot = await startTestBot({ clock });
    meetingId = await setUpMeeting(bot, clock, rita, [[rita, 'hc_nurse'], [mona, 'social_worker']]);
    await bot.press(mona, 'case.submit', validSbar({ meetingId, recipients: '' }));
    caseId = (await bot.runtime.services.repos.cases.find({}))[0]!._id;
    clock.set(zonedInstant(TUESDAY, '07:00'));
    await bot.runtime.scheduler.tick(clock.now());
    await bot.settle();
    clock.set(zonedInstant(TUESDAY, '13:00'));
  });
  after(() => bot.stop());

  it('reads: signed-in roster members only, never cached, 304 when nothing changed, and masked', async () => {
    for (const route of [`/api/meeting/${meetingId}/live`, `/api/meeting/${meetingId}/stage`]) {
      assert.equal((await call('GET', route, null)).status, 401, `${route} without identity`);
      const outsider = await call('GET', route, olle);
      assert.equal(outsider.status, 403);
      assert.match(String(outsider.json?.error), /deltagarlista/);
      const member = await call('GET', route, mona);
      assert.equal(member.status, 200);
      assert.equal(member.cache, 'no-store');
      for (const secret of SECRET_STRINGS) assert.ok(!member.text.includes(secret), `${route} is masked: ${secret}`);
      assert.equal((await call('GET', route, mona, undefined, { 'if-none-match': member.etag! })).status, 304, 'unchanged: 304');
    }
    const live = await call('GET', `/api/meeting/${meetingId}/live`, mona);
    assert.equal((live.json!.viewer as { mayLead: boolean }).mayLead, false);
    assert.deepEqual(live.json!.members, [], 'only the leader gets the roster for the decision form');
    assert.equal(((await call('GET', `/api/meeting/${meetingId}/live`, rita)).json!.viewer as { mayLead: boolean }).mayLead, true);
    assert.equal((await call('GET', `/api/meeting/not-an-id/live`, mona)).status, 400);
    assert.equal((await call('GET', `/api/meeting/${randomUUID()}/live`, mona)).status, 404);
  });

  it("controls: the day's leader only, with Swedish refusals and nothing changed", async () => {
    const runs = () => bot.runtime.services.repos.runs.count({});
    for (const user of [mona, olle]) {
      const refused = await call('POST', `/api/meeting/${meetingId}/start`, user);
      assert.equal(refused.status, 403, user.name);
      assert.equal(await runs(), 0);
    }
    assert.equal((await call('POST', `/api/meeting/${meetingId}/point`, rita, { point: 2 })).status, 409, 'not running yet');
    const started = await call('POST', `/api/meeting/${meetingId}/start`, rita);
    assert.equal(started.status, 200);
    assert.equal(started.json!.point, 1);

    const routes: [string, unknown][] = [
      ['point', { point: 2 }],
      ['accept', { caseId: randomUUID() }],
      ['decisions', { caseId, actions: 'Hembesök.', responsible: mona.id }],
      ['end', {}],
    ];
    for (const [route, body] of routes) {
      for (const user of [mona, olle]) {
        const refused = await call('POST', `/api/meeting/${meetingId}/${route}`, user, body);
        assert.equal(refused.status, 403, `${route} by ${user.name}`);
        assert.match(String(refused.json?.error), /mötesledare|deltagarlista/);
      }
      assert.equal((await call('POST', `/api/meeting/${meetingId}/${route}`, null, body)).status, 401);
    }
    assert.equal(((await bot.runtime.services.runs.runOf(meetingId, TUESDAY))!).point, 1, 'nothing moved');
    assert.equal((await call('GET', `/api/meeting/${meetingId}/decisions/${caseId}`, mona)).status, 403);

    assert.equal((await call('POST', `/api/meeting/${meetingId}/point`, rita, { point: 9 })).status, 400);
    assert.equal((await call('POST', `/api/meeting/${meetingId}/point`, rita, { point: 2 })).status, 200);
    const invalid = await call('POST', `/api/meeting/${meetingId}/decisions`, rita, { caseId, actions: '', responsible: olle.id, followUpDate: '2026-11-01' });
    assert.equal(invalid.status, 400);
    assert.match(String(invalid.json!.error), /markerade fälten/);
    assert.ok((invalid.json!.issues as Record<string, string>).actions, 'a missing action is named at its field');
    const notMember = await call('POST', `/api/meeting/${meetingId}/decisions`, rita, { caseId, actions: 'Hembesök.', responsible: olle.id, followUpDate: '2026-11-01' });
    assert.deepEqual(Object.keys(notMember.json!.issues as object).sort(), ['followUpDate', 'responsible']);
    assert.equal((await bot.runtime.services.cases.byId(caseId))!.decision, null, 'nothing stored');
    const decided = await call('POST', `/api/meeting/${meetingId}/decisions`, rita, { caseId, actions: 'Hembesök.', responsible: mona.id });
    assert.equal(decided.status, 200);
    assert.match(String(decided.json!.notice), /är sparat/);
    const form = await call('GET', `/api/meeting/${meetingId}/decisions/${caseId}`, rita);
    assert.equal((form.json!.values as Record<string, string>).responsible, mona.id);
  });

  it('links a Teams meeting for roster members only, and tells who may see which meeting it holds', async () => {
    const teamsMeetingId = `MCM-${randomUUID()}`;
    assert.equal((await call('GET', `/api/meeting/teams/${encodeURIComponent(teamsMeetingId)}`, mona)).status, 404);
    assert.equal((await call('POST', `/api/meeting/teams/${encodeURIComponent(teamsMeetingId)}/link`, olle, { meetingId })).status, 403);
    assert.equal((await call('POST', `/api/meeting/teams/${encodeURIComponent(teamsMeetingId)}/link`, mona, { meetingId: 'x' })).status, 400);
    assert.equal(await bot.runtime.services.repos.teamsMeetings.count({}), 0, 'nothing linked by a refused request');
    const linked = await call('POST', `/api/meeting/teams/${encodeURIComponent(teamsMeetingId)}/link`, mona, { meetingId });
    assert.equal(linked.status, 200);
    assert.equal((await bot.runtime.services.teamsMeetings.linkOf(teamsMeetingId))?.linkedBy?.id, mona.id);
    assert.deepEqual((await call('GET', `/api/meeting/teams/${encodeURIComponent(teamsMeetingId)}`, rita)).json, { meetingId });
    assert.equal((await call('GET', `/api/meeting/teams/${encodeURIComponent(teamsMeetingId)}`, olle)).status, 403);
  });
});
