import assert from 'node:assert/strict';
import { toTransportError } from '../../bot/connectorErrors';

const httpError = (statusCode: number, retryAfter?: string) => ({
  statusCode,
  message: `HTTP ${statusCode}`,
  response: { headers: { get: (name: string) => (name === 'retry-after' ? retryAfter : undefined) } },
});

describe('connector errors → outbox decisions', () => {
  it('retries throttling, 412 and server errors, honouring Retry-After in seconds or as a date', () => {
    const throttled = toTransportError(httpError(429, '7'));
    assert.equal(throttled.retryable, true);
    assert.equal(throttled.retryAfterMs, 7000);
    assert.equal(toTransportError(httpError(412)).retryable, true);
    assert.equal(toTransportError(httpError(503)).retryable, true);
    const dated = toTransportError(httpError(429, new Date(Date.now() + 60_000).toUTCString()));
    assert.ok(dated.retryAfterMs! > 50_000 && dated.retryAfterMs! <= 60_000);
  });

  it('gives up on client errors that will not heal (bot removed, conversation gone)', () => {
    for (const status of [400, 401, 403, 404]) assert.equal(toTransportError(httpError(status)).retryable, false, String(status));
  });

  it('gives up at once on a message Teams finds too large (413), saying so', () => {
    const tooLarge = toTransportError(httpError(413));
    assert.equal(tooLarge.retryable, false);
    assert.equal(tooLarge.outcomeUnknown, false);
    assert.match(tooLarge.message, /^413 MessageSizeTooBig/);
  });

  it('treats a refused connection as never sent, and a reset or timeout as an unknown outcome', () => {
    const refused = toTransportError({ code: 'ECONNREFUSED', message: 'connect ECONNREFUSED' });
    assert.equal(refused.retryable, true);
    assert.equal(refused.outcomeUnknown, false);
    for (const code of ['ECONNRESET', 'ETIMEDOUT', 'REQUEST_SEND_ERROR']) {
      assert.equal(toTransportError({ code, message: code }).outcomeUnknown, true, code);
    }
  });
});
