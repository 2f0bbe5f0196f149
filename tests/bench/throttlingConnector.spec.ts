import assert from 'node:assert/strict';
import { ThrottlingConnector } from '../support/throttlingConnector';

async function post(url: string, conversationId: string, body: unknown): Promise<{ status: number; retryAfter: string | null }> {
  const response = await fetch(`${url}/v3/conversations/${encodeURIComponent(conversationId)}/activities`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  await response.arrayBuffer();
  return { status: response.status, retryAfter: response.headers.get('retry-after') };
}

describe('bench: the throttling Bot Connector stand-in', () => {
  let connector: ThrottlingConnector;
  let url: string;
  afterEach(() => connector.stop());

  it("refuses the 51st request within a second with 429 and Retry-After, and counts only what it accepted", async () => {
    connector = new ThrottlingConnector({ randomThrottleShare: 0, randomRetryAfterSeconds: 1, seed: 1, now: () => 1_000 });
    url = await connector.start();
    const answers = await Promise.all(Array.from({ length: 55 }, (_, i) => post(url, `a:personal-${i}`, { type: 'message', text: 'x' })));
    assert.equal(answers.filter((a) => a.status === 201).length, 50);
    assert.deepEqual(new Set(answers.filter((a) => a.status !== 201).map((a) => `${a.status} ${a.retryAfter}`)), new Set(['429 1']));
    assert.equal(connector.stats.accepted, 50);
    assert.equal(connector.stats.refusedGlobal, 5);
    assert.equal(Object.keys(connector.stats.acceptedPerConversation).length, 50);
  });

  it("refuses an 8th message to one conversation within a second", async () => {
    connector = new ThrottlingConnector({ randomThrottleShare: 0, randomRetryAfterSeconds: 1, seed: 1, now: () => 1_000 });
    url = await connector.start();
    const answers = await Promise.all(Array.from({ length: 8 }, () => post(url, '19:chan@thread.tacv2', { type: 'message' })));
    assert.equal(answers.filter((a) => a.status === 429).length, 1);
    assert.equal(connector.stats.refusedConversation, 1);
  });

  it('throttles the given share at random', async () => {
    connector = new ThrottlingConnector({ randomThrottleShare: 0.5, randomRetryAfterSeconds: 2, seed: 7 });
    url = await connector.start();
    const answers = [];
    for (let i = 0; i < 40; i++) answers.push(await post(url, `a:personal-${i}`, {}));
    const refused = answers.filter((a) => a.status === 429);
    assert.ok(refused.length > 8 && refused.length < 32, `${refused.length} of 40`);
    assert.ok(refused.every((a) => a.retryAfter === '2'));
  });

  it('refuses a message over its size limit with 413 MessageSizeTooBig, counted as UTF-16', async () => {
    connector = new ThrottlingConnector({ randomThrottleShare: 0, randomRetryAfterSeconds: 1, seed: 1, sizeLimitBytes: 1_000, record: true });
    url = await connector.start();
    // Each "ö" is one UTF-16 unit, two bytes: a body of 491 units fits in 1,000 bytes, one of 511 does not.
    assert.equal((await post(url, 'a', { text: 'ö'.repeat(480) })).status, 201);
    assert.equal((await post(url, 'b', { text: 'ö'.repeat(500) })).status, 413);
    assert.equal(connector.stats.refusedSize, 1);
    assert.deepEqual(connector.accepted.map((a) => a.conversationId), ['a']);
  });
});
