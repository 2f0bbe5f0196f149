import assert from 'node:assert/strict';
import { postJson } from '../support/httpClient';
import { spyOnStore } from '../support/storeSpy';
import { startTestBot, type TestBot } from '../support/testBot';
import { botAddedToChannel, cardAction, mentionMessage, teamsUser } from '../support/teamsActivities';

// Found by tests/security/fuzz.e2e.spec.ts: what the adapter reads before the bot runs.
describe('e2e: the activity envelope is checked before the adapter sees it', () => {
  let bot: TestBot;
  const anna = teamsUser('Anna Berg');
  before(async () => {
    bot = await startTestBot();
  });
  after(() => bot.stop());

  const post = (body: unknown) => postJson(`${bot.runtime.url}/api/messages`, body);

  it('answers 400, not 500, when serviceUrl is not a string', async () => {
    for (const serviceUrl of [{}, 42, null, ['http://x']]) {
      const answer = await post({ ...mentionMessage(bot.place, anna, 'hjälp'), serviceUrl });
      assert.equal(answer.status, 400, JSON.stringify(serviceUrl));
    }
  });

  it('answers 400 at once when serviceUrl is missing or not http(s), instead of retrying replies for seconds', async () => {
    for (const serviceUrl of [undefined, '', 'not a url', 'ftp://connector']) {
      const answer = await post({ ...mentionMessage(bot.place, anna, 'hjälp'), serviceUrl });
      assert.equal(answer.status, 400, JSON.stringify(serviceUrl));
    }
    assert.equal(bot.connector.posts().length, 0, 'no reply was attempted');
  });

  it('answers 400 for an empty type', async () => {
    assert.equal((await post({ ...mentionMessage(bot.place, anna, 'hjälp'), type: '' })).status, 400);
  });

  it('answers 400 for a tenant id that is not a string (the middleware compares it as one)', async () => {
    const action = cardAction(bot.place, anna, 'help');
    assert.equal((await post({ ...action, conversation: { ...action.conversation, tenantId: {} } })).status, 400);
    assert.equal((await post({ ...action, channelData: { ...action.channelData, tenant: { id: 42 } } })).status, 400);
  });

  it('never stores a conversation reference with operator or dotted keys from the activity', async () => {
    const added = botAddedToChannel(bot.place, anna);
    const hostile = [
      { ...added, channelId: { urgency: { $regex: '.*', $in: ['x'] } } },
      { ...added, conversation: { ...added.conversation, $where: 'sleep(1000)' } },
      { ...added, recipient: { ...added.recipient, 'a.b': 1 } },
      { ...added, locale: { $gt: '' } },
    ];
    // The store would refuse such keys itself; they must not even be handed to it.
    const spy = spyOnStore(bot.runtime.services.repos);
    try {
      for (const activity of hostile) assert.equal((await post(activity)).status, 200);
      const setup = await post({ ...cardAction(bot.place, anna, 'meeting.setup', { area: 'Norrmalm', weekday: '2', time: '13:00', durationMinutes: '90' }), channelId: { $ne: null } });
      assert.equal(setup.status, 200);
      assert.deepEqual(spy.violations, []);
    } finally {
      spy.restore();
    }
    assert.equal(await bot.runtime.services.repos.conversations.count({}), 0);
    assert.equal(await bot.runtime.services.repos.meetings.count({}), 0);
  });

  it('answers an invoke Samordna does not handle with 400, not 501', async () => {
    for (const name of ['task/fetch', 'composeExtension/query', undefined]) {
      const answer = await post({ ...cardAction(bot.place, anna, 'help'), name });
      assert.equal(answer.status, 400, String(name));
    }
    assert.equal((await post(cardAction(bot.place, anna, 'help'))).status, 200, 'the card action itself still works');
  });
});
