import assert from 'node:assert/strict';
import type { UserRef } from '../../services/domain/records';
import { createLogger } from '../../services/logger';
import { ManualClock } from '../../services/time/clock';
import { ANNA_OID, APP_ID, BOT_DOMAIN, OTHER_TENANT_ID, TENANT_ID, createTestTokenIssuer, v2Issuer, type TestTokenIssuer } from '../auth/entraTokens';
import { startTestBot, type TestBot } from '../support/testBot';

const NOW = new Date('2026-11-30T08:00:00Z');
const anna: UserRef = { id: '29:anna', aadObjectId: ANNA_OID, name: 'Anna Andersson' };

interface Answer {
  status: number;
  text: string;
}

/** The board API behind a real app id: only a Teams SSO token from an allowed tenant opens it. */
describe('e2e: board API authentication with Teams SSO tokens', () => {
  let bot: TestBot;
  let issuer: TestTokenIssuer;
  let meetingId: string;
  const logLines: Record<string, unknown>[] = [];

  before(async () => {
    issuer = await createTestTokenIssuer();
    bot = await startTestBot({
      clock: new ManualClock(NOW),
      env: {
        MicrosoftAppId: APP_ID,
        MicrosoftAppPassword: 'app-password',
        ENCRYPTION_KEY: Buffer.alloc(32, 3).toString('base64'),
        BOT_DOMAIN,
        ALLOWED_TENANTS: TENANT_ID,
      },
      logger: createLogger('info', { write: (line: string) => void logLines.push(JSON.parse(line) as Record<string, unknown>) }),
      runtimeOptions: { boardTokenKeys: issuer.keys },
    });
    // With an app id, /api/messages wants a Bot Framework token; the meeting is set up directly.
    const { services } = bot.runtime;
    const setup = await services.meetings.setup({ conversationKey: '19:samordning@thread.tacv2', tenantId: TENANT_ID }, anna, {
      area: 'Norrmalm',
      weekday: '2',
      time: '13:00',
      durationMinutes: '90',
    });
    if (setup.kind !== 'saved') throw new Error('meeting setup failed');
    meetingId = setup.meeting._id;
    const joined = await services.roster.join(meetingId, anna, { role: 'hc_nurse', organization: 'Hälsocentralen Norrmalm' });
    if (joined.kind !== 'joined') throw new Error('roster join failed');
  });
  after(() => bot.stop());

  async function meetings(headers: Record<string, string>): Promise<Answer> {
    const response = await fetch(`${bot.runtime.url}/api/board/meetings`, { headers });
    return { status: response.status, text: await response.text() };
  }

  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

  /** A refusal says why in one Swedish sentence and shows nothing of the board. */
  function assertRefusal(answer: Answer, status: number): void {
    assert.equal(answer.status, status, answer.text);
    const body = JSON.parse(answer.text) as Record<string, unknown>;
    assert.deepEqual(Object.keys(body), ['error']);
    assert.equal(typeof body.error, 'string');
    for (const secret of [meetingId, 'Norrmalm', 'Anna', ANNA_OID]) assert.ok(!answer.text.includes(secret), `the refusal shows ${secret}`);
  }

  it('opens the list of meetings for a valid token of a roster member', async () => {
    const answer = await meetings(bearer(await issuer.sign(NOW)));
    assert.equal(answer.status, 200, answer.text);
    const body = JSON.parse(answer.text) as { development: boolean; meetings: { id: string; area: string }[] };
    assert.equal(body.development, false);
    assert.deepEqual(body.meetings.map((meeting) => [meeting.id, meeting.area]), [[meetingId, 'Norrmalm']]);
  });

  it('accepts the api://<BOT_DOMAIN>/<app id> audience as well', async () => {
    const answer = await meetings(bearer(await issuer.sign(NOW, { aud: `api://${BOT_DOMAIN}/${APP_ID}` })));
    assert.equal(answer.status, 200, answer.text);
  });

  it('answers 401 without a token', async () => {
    assertRefusal(await meetings({}), 401);
  });

  it('answers 401 for a token signed by another key', async () => {
    assertRefusal(await meetings(bearer(await issuer.sign(NOW, {}, { foreignKey: true }))), 401);
  });

  it('answers 401 for an expired token', async () => {
    assertRefusal(await meetings(bearer(await issuer.sign(NOW, { exp: NOW.getTime() / 1000 - 3600 }))), 401);
  });

  it('answers 401 for a token issued to another application', async () => {
    assertRefusal(await meetings(bearer(await issuer.sign(NOW, { aud: '00000003-0000-0000-c000-000000000000' }))), 401);
  });

  it('answers 403 for a tenant that is not allowed', async () => {
    assertRefusal(await meetings(bearer(await issuer.sign(NOW, { tid: OTHER_TENANT_ID, iss: v2Issuer(OTHER_TENANT_ID) }))), 403);
  });

  it('does not honour the development identity when an app id is configured', async () => {
    assertRefusal(await meetings({ 'x-samordna-dev-user': ANNA_OID }), 401);
  });

  it('logs each refusal with its failure code and never a token', async () => {
    logLines.length = 0;
    const token = await issuer.sign(NOW, { exp: NOW.getTime() / 1000 - 3600 });
    await meetings(bearer(token));
    const refusals = logLines.filter((line) => line.msg === 'board request refused');
    assert.deepEqual(refusals.map((line) => line.failure), ['expired']);
    const logged = JSON.stringify(logLines);
    assert.ok(!token.split('.').some((part) => logged.includes(part)), 'a part of the token was logged');
  });
});
