import assert from 'node:assert/strict';
import { classifyFailure, retryDelayMs } from '../../services/outbox/retryPolicy';
import { TransportError } from '../../services/outbox/transport';

describe('outbox retry policy', () => {
  describe('delay before the next attempt', () => {
    const options = (random: number) => ({ baseMs: 5_000, capMs: 300_000, random: () => random });
    const table: { failures: number; retryAfterMs: number | null; random: number; delayMs: number; why: string }[] = [
      { failures: 1, retryAfterMs: null, random: 0, delayMs: 2_500, why: 'half the base at the least' },
      { failures: 1, retryAfterMs: null, random: 1, delayMs: 5_000, why: 'the base at the most' },
      { failures: 3, retryAfterMs: null, random: 0.5, delayMs: 15_000, why: 'doubles per failure (20 s ceiling)' },
      { failures: 12, retryAfterMs: null, random: 1, delayMs: 300_000, why: 'capped at five minutes' },
      { failures: 1, retryAfterMs: 30_000, random: 0, delayMs: 30_000, why: 'never before Retry-After' },
      { failures: 1, retryAfterMs: 1_000, random: 1, delayMs: 1_250, why: 'Retry-After plus a quarter at most, not the 5 s base' },
      { failures: 3, retryAfterMs: 1_000, random: 0, delayMs: 1_000, why: 'throttled three times in a row: still Retry-After' },
      { failures: 5, retryAfterMs: 1_000, random: 0, delayMs: 4_000, why: 'throttled more often: doubles from Retry-After' },
      { failures: 12, retryAfterMs: 1_000, random: 0, delayMs: 300_000, why: 'doubling from Retry-After is capped at five minutes' },
      { failures: 1, retryAfterMs: 0, random: 0, delayMs: 2_500, why: 'Retry-After 0 promises nothing: the usual backoff' },
      { failures: 1, retryAfterMs: 86_400_000, random: 0, delayMs: 3_600_000, why: 'an absurd Retry-After is capped at an hour' },
    ];
    for (const { failures, retryAfterMs, random, delayMs, why } of table) {
      it(`${why}: ${failures} failure(s), Retry-After ${retryAfterMs ?? '-'} → ${delayMs} ms`, () => {
        assert.equal(retryDelayMs(failures, retryAfterMs, options(random)), delayMs);
      });
    }
  });

  describe('what an error means', () => {
    const table: { error: unknown; retryable: boolean; outcomeUnknown: boolean; retryAfterMs: number | null }[] = [
      { error: new TransportError('429: throttled', true, 2_000), retryable: true, outcomeUnknown: false, retryAfterMs: 2_000 },
      { error: new TransportError('403: bot removed', false), retryable: false, outcomeUnknown: false, retryAfterMs: null },
      { error: new TransportError('timeout', true, null, { outcomeUnknown: true }), retryable: true, outcomeUnknown: true, retryAfterMs: null },
      { error: new Error('ECONNRESET'), retryable: true, outcomeUnknown: false, retryAfterMs: null },
      { error: 'a string', retryable: true, outcomeUnknown: false, retryAfterMs: null },
    ];
    for (const { error, ...expected } of table) {
      it(String(error instanceof Error ? error.message : error), () => {
        const { reason, ...failure } = classifyFailure(error);
        assert.deepEqual(failure, expected);
        assert.ok(reason.length > 0);
      });
    }
  });

  it('keeps the old TransportError constructor: outcome known unless said otherwise', () => {
    assert.equal(new TransportError('503', true, 5_000).outcomeUnknown, false);
  });
});
