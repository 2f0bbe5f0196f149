import assert from 'node:assert/strict';
import { cardOf } from '../support/connectorStandIn';
import { getJson } from '../support/httpClient';
import { actionsOf, cardText, startTestBot, type TestBot } from '../support/testBot';
import { botAddedToChannel, CHANNEL_ID, mentionMessage, teamsUser } from '../support/teamsActivities';

describe('e2e: installing Samordna in a channel', () => {
  let bot: TestBot;
  const anna = teamsUser('Anna Berg');
  beforeEach(async () => {
    bot = await startTestBot();
  });
  afterEach(() => bot.stop());

  it('answers /healthz with the embedded store', async () => {
    const health = await getJson(`${bot.runtime.url}/healthz`);
    assert.equal(health.status, 200);
    const body = health.body as { status: string; store: string; outbox: { pending: number; dead: number } };
    assert.equal(body.status, 'ok');
    assert.equal(body.store, 'embedded');
    assert.equal(body.outbox.dead, 0);
  });

  it('stores the conversation and posts a welcome card with a set-up button', async () => {
    const answer = await bot.send(botAddedToChannel(bot.place, anna));
    assert.equal(answer.status, 200);
    const post = bot.connector.posts().find((call) => call.conversationId === CHANNEL_ID);
    assert.ok(post, 'the welcome card was posted in the channel');
    const card = cardOf(post);
    assert.ok(card);
    assert.equal(card.version, '1.5');
    assert.ok(actionsOf(card).some((action) => action.verb === 'meeting.form'));
    const stored = await bot.runtime.services.conversations.byKey(CHANNEL_ID);
    assert.equal(stored?.kind, 'channel');
    assert.equal((stored?.reference.conversation as { id: string }).id, CHANNEL_ID);
  });

  it('the welcome button opens the meeting set-up form', async () => {
    await bot.send(botAddedToChannel(bot.place, anna));
    const form = await bot.press(anna, 'meeting.form');
    assert.ok(actionsOf(form).some((action) => action.verb === 'meeting.setup'));
    assert.match(cardText(form), /Område/);
  });

  it('answers "@Samordna hjälp" and "help" with the help card, other text with a pointer to it', async () => {
    for (const text of ['hjälp', 'Help']) {
      const before = bot.connector.posts().length;
      assert.equal((await bot.send(mentionMessage(bot.place, anna, text))).status, 200);
      const reply = bot.connector.posts().slice(before);
      assert.equal(reply.length, 1);
      assert.ok(actionsOf(cardOf(reply[0]!)).some((action) => action.verb === 'case.form'));
    }
    const before = bot.connector.posts().length;
    await bot.send(mentionMessage(bot.place, anna, 'vad gör du?'));
    const reply = bot.connector.posts().slice(before);
    assert.match(cardText(cardOf(reply[0]!)), /hjälp/);
  });
});
