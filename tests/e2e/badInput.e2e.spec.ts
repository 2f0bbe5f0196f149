import assert from 'node:assert/strict';
import { postJson } from '../support/httpClient';
import { cardText, startTestBot, type TestBot } from '../support/testBot';
import { botAddedToChannel, cardAction, teamsUser } from '../support/teamsActivities';

describe('e2e: bad input never yields a 5xx', () => {
  let bot: TestBot;
  const anna = teamsUser('Anna Berg');
  before(async () => {
    bot = await startTestBot();
    await bot.send(botAddedToChannel(bot.place, anna));
    await bot.press(anna, 'meeting.setup', { area: 'Norrmalm', weekday: '2', time: '13:00', durationMinutes: '90' });
  });
  after(() => bot.stop());

  const url = () => `${bot.runtime.url}/api/messages`;

  it('answers malformed bodies with 4xx', async () => {
    const bodies: unknown[] = ['not json', '[]', '42', 'null', '{}', '{"type": 5}', JSON.stringify({ type: 'message' })];
    for (const body of bodies) {
      const answer = await postJson(url(), body);
      assert.ok(answer.status >= 400 && answer.status < 500 || answer.status === 200, `${String(body)} → ${answer.status}`);
      assert.ok(answer.status < 500, `${String(body)} → ${answer.status}`);
    }
  });

  it('refuses an oversized body with 413', async () => {
    const huge = cardAction(bot.place, anna, 'case.submit', { situation: 'x'.repeat(400 * 1024) });
    const answer = await postJson(url(), huge);
    assert.equal(answer.status, 413);
  });

  it('answers broken card actions with a Swedish error card and HTTP 200', async () => {
    const base = cardAction(bot.place, anna, 'case.submit');
    const broken: Record<string, unknown>[] = [
      { ...base, value: undefined },
      { ...base, value: 'text' },
      { ...base, value: { action: null } },
      { ...base, value: { action: { type: 'Action.Submit', verb: 'case.submit' } } },
      { ...base, value: { action: { type: 'Action.Execute', verb: 42 } } },
      { ...base, value: { action: { type: 'Action.Execute', verb: 'x'.repeat(1000) } } },
      { ...base, from: undefined },
      { ...base, conversation: { id: 42 } },
    ];
    for (const activity of broken) {
      const answer = await postJson(url(), activity);
      assert.equal(answer.status, 200, JSON.stringify(activity.value));
      const body = answer.body as { type?: string; value?: unknown };
      assert.equal(body.type, 'application/vnd.microsoft.card.adaptive');
      assert.match(cardText(body.value), /kunde inte läsas/);
    }
  });

  it('answers unknown verbs and hostile data with a card, never storing anything', async () => {
    const hostile: Record<string, unknown>[] = [
      { __proto__: { polluted: true }, constructor: { prototype: { polluted: true } } },
      { meetingId: { $ne: null }, caseId: { $gt: '' } },
      { 'a.b': 1, $where: 'sleep(1000)', personnummer: ['19121212-1212'] },
      { situation: '\u0000\uFFFF\uD800', patientName: '👩‍⚕️'.repeat(5000) },
    ];
    for (const verb of ['case.submit', 'case.withdraw', 'roster.join', 'meeting.setup', 'no.such.verb']) {
      for (const data of hostile) {
        const answer = await postJson(url(), JSON.parse(JSON.stringify(cardAction(bot.place, anna, verb, data))));
        assert.equal(answer.status, 200, `${verb} ${JSON.stringify(data).slice(0, 80)}`);
      }
    }
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.equal(await bot.runtime.services.repos.cases.count({}), 0);
  });
});
