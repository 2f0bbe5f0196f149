import assert from 'node:assert/strict';
import http from 'node:http';
import { ManualClock } from '../../services/time/clock';
import { getJson, postJson } from '../support/httpClient';
import { withCheckDigit } from '../support/identityNumbers';
import { validSbar } from '../support/sbarFixtures';
import { captureLogger } from '../support/captureLogger';
import { cardText, startTestBot, type TestBot } from '../support/testBot';
import { botAddedToChannel, cardAction, mentionMessage, teamsUser } from '../support/teamsActivities';

const WAIT_MESSAGE = /Du har gjort många åtgärder på kort tid\. Vänta en stund och försök igen\./;


async function until(predicate: () => Promise<boolean>, what: string, limitMs = 10_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`gave up waiting: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** A valid, distinct personnummer per index (born January 1945). */
function personnummer(index: number): string {
  const ten = withCheckDigit(`4501${String(10 + index).padStart(2, '0')}123`);
  return `19${ten.slice(0, 6)}-${ten.slice(6)}`;
}

/** The text of the card an invoke answered with. */
function answeredCard(answer: { status: number; body: unknown }): string {
  assert.equal(answer.status, 200);
  return cardText((answer.body as { value?: unknown }).value);
}

describe('limits: card actions per user', function () {
  this.timeout(30_000);
  const clock = new ManualClock('2026-11-23T08:00:00Z');
  const { logger, lines } = captureLogger('info');
  let bot: TestBot;
  const karin = teamsUser('Karin Nilsson');
  const anna = teamsUser('Anna Berg');
  const bertil = teamsUser('Bertil Ek');

  before(async () => {
    bot = await startTestBot({ clock, logger, env: { INVOKE_RATE_LIMIT_PER_MINUTE: '5' } });
    await bot.send(botAddedToChannel(bot.place, karin));
    await bot.press(karin, 'meeting.setup', { area: 'Norrmalm', weekday: '2', time: '13:00', durationMinutes: '90' });
    for (const user of [anna, bertil]) await bot.press(user, 'roster.join', { role: 'hc_nurse', organization: 'HC Norrmalm' });
  });
  after(() => bot.stop());

  it('tells a user over the limit to wait, does nothing for those presses, and keeps serving others', async () => {
    const url = `${bot.runtime.url}/api/messages`;
    const meetingId = (await bot.runtime.services.repos.meetings.find({}))[0]!._id;
    const casesBefore = await bot.runtime.services.repos.cases.count({});
    // Anna has 4 of her 5 left (roster.join took one); she sends 12 submissions at once while
    // Bertil, in the same channel, keeps working.
    const burst = Array.from({ length: 12 }, (_, i) =>
      postJson(url, cardAction(bot.place, anna, 'case.submit', validSbar({ meetingId, personnummer: personnummer(i) }))),
    );
    const others = Array.from({ length: 3 }, () => postJson(url, cardAction(bot.place, bertil, 'help')));
    const [annas, bertils] = await Promise.all([Promise.all(burst), Promise.all(others)]);

    const waits = annas.filter((answer) => WAIT_MESSAGE.test(answeredCard(answer)));
    assert.equal(waits.length, 8, 'all but her remaining 4 are told to wait');
    for (const answer of bertils) assert.doesNotMatch(answeredCard(answer), WAIT_MESSAGE);
    assert.equal(await bot.runtime.services.repos.cases.count({}), casesBefore + 4, 'a refused submission stores nothing');

    const warnings = lines.filter((line) => line.level === 'warn' && /over the per-user limit/.test(String(line.msg)));
    assert.equal(warnings.length, 1, 'one warning per burst, not per press');

    assert.match(cardText(await bot.press(anna, 'help')), WAIT_MESSAGE, 'still over the limit while the clock stands');
    assert.doesNotMatch(cardText(await bot.press(bertil, 'help')), WAIT_MESSAGE);
    clock.advance(60_000);
    assert.doesNotMatch(cardText(await bot.press(anna, 'help')), WAIT_MESSAGE, 'served again a minute later');
  });

  it('leaves messages and conversation updates alone', async () => {
    for (let i = 0; i < 8; i++) assert.equal((await bot.send(mentionMessage(bot.place, anna, 'hjälp'))).status, 200);
    await bot.settle();
    const replies = bot.connector.posts().filter((call) => WAIT_MESSAGE.test(JSON.stringify(call.body)));
    assert.equal(replies.length, 0);
  });
});

describe('limits: outbound calls have a bounded time', function () {
  this.timeout(30_000);
  let bot: TestBot;
  const karin = teamsUser('Karin Nilsson');

  before(async () => {
    bot = await startTestBot({ env: { OUTBOUND_TIMEOUT_MS: '400' } });
    await bot.send(botAddedToChannel(bot.place, karin));
    await bot.press(karin, 'meeting.setup', { area: 'Norrmalm', weekday: '2', time: '13:00', durationMinutes: '90' });
    await bot.press(karin, 'roster.join', { role: 'hc_nurse', organization: 'HC Norrmalm' });
    await bot.settle();
  });
  after(() => bot.stop());

  it('gives up on a post Teams never answers, records its outcome as unknown and never reposts it', async () => {
    bot.connector.respond = (call) => (call.method === 'POST' ? 'never' : null);
    const meetingId = (await bot.runtime.services.repos.meetings.find({}))[0]!._id;
    const confirmation = await bot.press(karin, 'case.submit', validSbar({ meetingId }));
    assert.match(cardText(confirmation), /SA-/);

    const outbox = bot.runtime.services.repos.outbox;
    await until(async () => (await outbox.count({ status: 'dead' })) === 1, 'the hanging post is given up');
    const [dead] = await outbox.find({ status: 'dead' });
    assert.match(dead!.lastError ?? '', /outcome unknown/);
    assert.equal(bot.connector.unanswered.length, 1);

    // The server answers meanwhile, and later passes do not post the card again.
    assert.equal((await getJson(`${bot.runtime.url}/healthz`)).status, 200);
    assert.match(cardText(await bot.press(karin, 'help')), /./);
    await bot.settle();
    await bot.runtime.outboxWorker.drain();
    assert.equal(bot.connector.unanswered.length, 1, 'a post whose outcome is unknown is never sent again');
    const health = (await getJson(`${bot.runtime.url}/healthz`)).body as { outbox?: { dead?: number } };
    assert.equal(health.outbox?.dead, 1, 'shown to the operator as a dead letter');
  });

  it('answers a turn whose reply Teams never answers, instead of hanging', async () => {
    bot.connector.respond = (call) => (call.method === 'POST' ? 'never' : null);
    const hangingBefore = bot.connector.unanswered.length;
    const answer = await postJson(`${bot.runtime.url}/api/messages`, mentionMessage(bot.place, karin, 'hjälp'));
    assert.ok(answer.status < 600);
    assert.ok(bot.connector.unanswered.length > hangingBefore, 'the reply was attempted');
    bot.connector.respond = () => null;
  });
});

describe('limits: request body size', function () {
  let bot: TestBot;
  before(async () => {
    bot = await startTestBot();
  });
  after(() => bot.stop());

  /** POSTs `bytes` of JSON in chunks, without a Content-Length, as a streaming client would. */
  function postChunked(url: string, bytes: number): Promise<number> {
    return new Promise((resolve, reject) => {
      const request = http.request(url, { method: 'POST', headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' } }, (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      });
      // The server may answer and close before the whole body is written.
      request.on('error', (error: NodeJS.ErrnoException) => (error.code === 'EPIPE' || error.code === 'ECONNRESET' ? undefined : reject(error)));
      const chunk = 'x'.repeat(16 * 1024);
      request.write('{"type":"message","text":"');
      let written = 0;
      const pump = () => {
        while (written < bytes) {
          written += chunk.length;
          if (!request.write(chunk)) {
            request.once('drain', pump);
            return;
          }
        }
        request.end('"}');
      };
      pump();
    });
  }

  it('refuses an oversized body sent without Content-Length with 413', async () => {
    assert.equal(await postChunked(`${bot.runtime.url}/api/messages`, 400 * 1024), 413);
  });

  it('still serves a normal request afterwards', async () => {
    const answer = await postJson(`${bot.runtime.url}/api/messages`, cardAction(bot.place, teamsUser('Anna Berg'), 'help'));
    assert.equal(answer.status, 200);
  });
});
