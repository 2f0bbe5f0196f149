import assert from 'node:assert/strict';
import { generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import sinon from 'sinon';
import { postJson } from '../support/httpClient';
import { captureLogger } from '../support/captureLogger';
import { cardText, startTestBot, type TestBot } from '../support/testBot';
import { botAddedToChannel, cardAction, mentionMessage, TENANT_ID, teamsUser } from '../support/teamsActivities';
import { validSbar } from '../support/sbarFixtures';

const APP_ID = 'c2f0e6a4-3b7d-4a51-9e0f-2d8c7b6a5e41';
const OTHER_TENANT = '0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0';

/** A structurally valid Bot Framework token, signed with a key of our own instead of Microsoft's. */
function tokenSignedLocally(serviceUrl: string): string {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const encode = (part: object) => Buffer.from(JSON.stringify(part)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  const header = encode({ alg: 'RS256', typ: 'JWT', kid: 'not-a-microsoft-key', x5t: 'not-a-microsoft-key' });
  const payload = encode({ iss: 'https://api.botframework.com', aud: APP_ID, serviceurl: serviceUrl, nbf: now - 60, exp: now + 3600, iat: now - 60 });
  const signature = sign('sha256', Buffer.from(`${header}.${payload}`), privateKey).toString('base64url');
  return `${header}.${payload}.${signature}`;
}

/** The same activity as if sent from another organisation's tenant. */
function fromTenant<T extends { conversation: object; channelData: object }>(activity: T, tenant: string): T {
  const channelData = activity.channelData as { tenant?: { id: string } };
  return { ...activity, conversation: { ...activity.conversation, tenantId: tenant }, channelData: { ...channelData, tenant: { id: tenant } } };
}

async function documentCounts(bot: TestBot): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const [name, collection] of Object.entries(bot.runtime.services.repos)) counts[name] = await collection.count({});
  return counts;
}


describe('security: Bot Framework authentication', function () {
  this.timeout(30_000);
  let bot: TestBot;
  const karin = teamsUser('Karin Nilsson');
  const { logger, lines } = captureLogger('info');

  before(async () => {
    // botbuilder's CloudAdapter prints every refused request with console.error; keep the test output readable.
    sinon.stub(console, 'error');
    bot = await startTestBot({
      logger,
      env: {
        MicrosoftAppId: APP_ID,
        MicrosoftAppPassword: 'not-a-real-secret',
        ENCRYPTION_KEY: randomBytes(32).toString('base64'),
        ALLOWED_TENANTS: TENANT_ID,
        // Checking a well-formed token fetches Microsoft's signing keys; without a network that
        // must end within this bound rather than hold the request open.
        OUTBOUND_TIMEOUT_MS: '3000',
      },
    });
  });
  after(async () => {
    sinon.restore();
    await bot.stop();
  });

  const cases: { name: string; headers: () => Record<string, string> }[] = [
    { name: 'without an Authorization header', headers: () => ({}) },
    { name: 'with a bearer that is not a token', headers: () => ({ authorization: 'Bearer not-a-token' }) },
    { name: 'with a token signed by a key that is not Microsoft’s', headers: () => ({ authorization: `Bearer ${tokenSignedLocally(bot.place.serviceUrl)}` }) },
  ];

  for (const { name, headers } of cases) {
    it(`answers 401 ${name} and changes nothing`, async () => {
      const before = await documentCounts(bot);
      const activities = [
        botAddedToChannel(bot.place, karin),
        cardAction(bot.place, karin, 'meeting.setup', { area: 'Norrmalm', weekday: '2', time: '13:00', durationMinutes: '90' }),
        cardAction(bot.place, karin, 'case.submit', validSbar()),
        mentionMessage(bot.place, karin, 'hjälp'),
      ];
      const logged = lines.length;
      for (const activity of activities) {
        const startedAt = Date.now();
        const answer = await postJson(`${bot.runtime.url}/api/messages`, activity, headers());
        assert.equal(answer.status, 401, `${activity.type} → ${answer.status} ${JSON.stringify(answer.body)}`);
        assert.ok(Date.now() - startedAt < 10_000, 'the answer does not wait for an unreachable key endpoint');
      }
      await bot.settle();
      assert.deepEqual(await documentCounts(bot), before);
      assert.equal(bot.connector.calls.length, 0, 'nothing is sent to Teams');
      const refusals = lines.slice(logged).filter((line) => line.msg === 'Bot Framework request refused: no valid token');
      assert.deepEqual(refusals.map((line) => line.type), activities.map((activity) => activity.type), 'each refusal is in the JSON log');
    });
  }
});

describe('security: tenants outside ALLOWED_TENANTS', function () {
  this.timeout(30_000);
  let bot: TestBot;
  const { logger, lines } = captureLogger('info');
  const karin = teamsUser('Karin Nilsson');
  const mallory = teamsUser('Mallory Andersson');

  before(async () => {
    // Development mode (no app id): the tenant check is what stands between the bot and a stranger.
    bot = await startTestBot({ env: { ALLOWED_TENANTS: TENANT_ID }, logger });
  });
  after(() => bot.stop());

  const refusals = () => lines.filter((line) => line.level === 'warn' && /tenant that is not allowed/.test(String(line.msg)));

  it('refuses a conversationUpdate, a message and an invoke from another tenant before any handler runs', async () => {
    const before = await documentCounts(bot);
    const url = `${bot.runtime.url}/api/messages`;

    const added = await postJson(url, fromTenant(botAddedToChannel(bot.place, mallory), OTHER_TENANT));
    assert.equal(added.status, 200, 'Teams is not told anything it could retry');
    const message = await postJson(url, fromTenant(mentionMessage(bot.place, mallory, 'hjälp'), OTHER_TENANT));
    assert.equal(message.status, 200);
    const setup = await postJson(url, fromTenant(cardAction(bot.place, mallory, 'meeting.setup', { area: 'Norrmalm', weekday: '2', time: '13:00', durationMinutes: '90' }), OTHER_TENANT));
    assert.equal(setup.status, 403);
    const submit = await postJson(url, fromTenant(cardAction(bot.place, mallory, 'case.submit', validSbar()), OTHER_TENANT));
    assert.equal(submit.status, 403);

    await bot.settle();
    assert.deepEqual(await documentCounts(bot), before, 'nothing stored');
    assert.equal(bot.connector.calls.length, 0, 'no welcome, no help card, nothing posted');
    const warned = refusals();
    assert.equal(warned.length, 4, JSON.stringify(lines));
    assert.deepEqual(
      warned.map((line) => [line.tenant, line.type]),
      [
        [OTHER_TENANT, 'conversationUpdate'],
        [OTHER_TENANT, 'message'],
        [OTHER_TENANT, 'invoke'],
        [OTHER_TENANT, 'invoke'],
      ],
    );
  });

  it('refuses an activity that names no tenant at all', async () => {
    const activity = cardAction(bot.place, mallory, 'meeting.setup', { area: 'Norrmalm', weekday: '2', time: '13:00', durationMinutes: '90' });
    const withoutTenant = { ...activity, conversation: { ...activity.conversation, tenantId: undefined }, channelData: { ...activity.channelData, tenant: undefined } };
    const answer = await postJson(`${bot.runtime.url}/api/messages`, withoutTenant);
    assert.equal(answer.status, 403);
    assert.equal(await bot.runtime.services.repos.meetings.count({}), 0);
  });

  it('serves the allowed tenant as usual', async () => {
    const warnedBefore = refusals().length;
    const added = await bot.send(botAddedToChannel(bot.place, karin));
    assert.equal(added.status, 200);
    await bot.connector.waitFor(() => bot.connector.calls.length >= 1);
    const saved = await bot.press(karin, 'meeting.setup', { area: 'Norrmalm', weekday: '2', time: '13:00', durationMinutes: '90' });
    assert.match(cardText(saved), /Norrmalm/);
    assert.equal(await bot.runtime.services.repos.meetings.count({}), 1);
    const help = await bot.send(mentionMessage(bot.place, karin, 'hjälp'));
    assert.equal(help.status, 200);
    assert.equal(refusals().length, warnedBefore, 'no refusal logged for the allowed tenant');
  });

  it('matches the tenant id without regard to case', async () => {
    const upper = fromTenant(cardAction(bot.place, karin, 'help'), TENANT_ID.toUpperCase());
    const answer = await postJson(`${bot.runtime.url}/api/messages`, upper);
    assert.equal(answer.status, 200);
  });
});
