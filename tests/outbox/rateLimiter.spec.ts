import assert from 'node:assert/strict';
import { RateLimiter, TEAMS_CONVERSATION_WINDOWS, type RateWindow } from '../../services/outbox/rateLimiter';

const T0 = Date.parse('2026-11-22T09:00:00Z');
const at = (ms: number) => new Date(T0 + ms);

/** Sends to `key` as fast as the limiter allows, from 0 until `untilMs`; returns the send times. */
function sendGreedily(limiter: RateLimiter, key: string, untilMs: number): number[] {
  const times: number[] = [];
  let now = 0;
  while (now < untilMs) {
    const acquired = limiter.tryAcquire(key, at(now));
    if (acquired.ok) times.push(now);
    else now = acquired.retryAt.getTime() - T0;
  }
  return times;
}

/** The most sends found in any window of `windowMs` (brute force, independent of the limiter). */
function busiestWindow(times: number[], windowMs: number): number {
  let most = 0;
  let first = 0;
  for (let last = 0; last < times.length; last++) {
    while (times[first] <= times[last] - windowMs) first++;
    most = Math.max(most, last - first + 1);
  }
  return most;
}

describe('rate limiter', () => {
  describe('Teams per-conversation windows, sending as fast as allowed for two hours', () => {
    const times = sendGreedily(new RateLimiter(), 'chan', 2 * 3_600_000);
    const table: (RateWindow & { name: string })[] = [
      { name: '7 per 1 s', limit: 7, windowMs: 1_000 },
      { name: '8 per 2 s', limit: 8, windowMs: 2_000 },
      { name: '60 per 30 s', limit: 60, windowMs: 30_000 },
      { name: '1800 per hour', limit: 1_800, windowMs: 3_600_000 },
    ];
    for (const { name, limit, windowMs } of table) {
      // Equal to the limit: never over it, and not needlessly slower either.
      it(`reaches but never exceeds ${name}`, () => assert.equal(busiestWindow(times, windowMs), limit));
    }
    it('uses the Teams windows by default', () => assert.deepEqual(TEAMS_CONVERSATION_WINDOWS, table.map(({ limit, windowMs }) => ({ limit, windowMs }))));
    it('sends 3600 in two hours, no more', () => assert.equal(times.length, 3_600));
  });

  describe('the earliest allowed instant', () => {
    const table: { name: string; sends: number[]; probe: number; retryAt: number | null }[] = [
      { name: 'the 8th in one second waits for the 1st to age out (7/1 s)', sends: Array(7).fill(0), probe: 500, retryAt: 1_000 },
      { name: 'a request made 1 s ago no longer counts in the 1 s window', sends: Array(7).fill(0), probe: 1_000, retryAt: null },
      { name: 'the 9th in two seconds waits for the 2 s window (8/2 s)', sends: [...Array(7).fill(0), 1_000], probe: 1_000, retryAt: 2_000 },
      {
        name: 'the 61st in 30 s waits for the oldest of them (60/30 s)',
        sends: [...Array(30).fill(0).map((_, i) => i * 250), ...Array(30).fill(0).map((_, i) => 10_000 + i * 250)],
        probe: 20_000,
        retryAt: 30_000,
      },
      {
        name: 'the 1801st in an hour waits for the oldest of them (1800/h)',
        sends: Array(1_800).fill(0).map((_, i) => i * 1_000),
        probe: 1_800_000,
        retryAt: 3_600_000,
      },
    ];
    for (const { name, sends, probe, retryAt } of table) {
      it(name, () => {
        const limiter = new RateLimiter();
        for (const t of sends) assert.equal(limiter.tryAcquire('chan', at(t)).ok, true, `setup send at ${t}`);
        const result = limiter.tryAcquire('chan', at(probe));
        if (retryAt === null) assert.deepEqual(result, { ok: true });
        else assert.deepEqual(result, { ok: false, retryAt: at(retryAt) });
      });
    }
  });

  describe('global limit of 50 requests per second', () => {
    it('holds the 51st request in one second, whatever its conversation', () => {
      const limiter = new RateLimiter();
      for (let i = 0; i < 50; i++) assert.equal(limiter.tryAcquire(`personal:${i}`, at(i * 10)).ok, true);
      assert.deepEqual(limiter.tryAcquire('personal:new', at(600)), { ok: false, retryAt: at(1_000) });
      assert.deepEqual(limiter.tryAcquire('personal:new', at(1_000)), { ok: true });
    });

    it('never lets more than 50 through in any second across many conversations', () => {
      const limiter = new RateLimiter();
      const times: number[] = [];
      for (let now = 0; now < 5_000; now += 5) {
        if (limiter.tryAcquire(`conv-${now % 400}`, at(now)).ok) times.push(now);
      }
      assert.equal(busiestWindow(times, 1_000), 50);
    });
  });

  it('a throttled conversation does not hold up another', () => {
    const limiter = new RateLimiter();
    for (let i = 0; i < 7; i++) limiter.tryAcquire('chan', at(0));
    assert.equal(limiter.tryAcquire('chan', at(0)).ok, false);
    assert.equal(limiter.tryAcquire('personal:anna', at(0)).ok, true);
    assert.deepEqual(limiter.nextAllowedAt('personal:bo', at(0)), at(0));
  });

  it('records nothing when it refuses, and nothing when only asked', () => {
    const limiter = new RateLimiter({ perConversation: [{ limit: 1, windowMs: 1_000 }] });
    limiter.nextAllowedAt('chan', at(0));
    assert.equal(limiter.tryAcquire('chan', at(0)).ok, true);
    for (let i = 0; i < 5; i++) assert.equal(limiter.tryAcquire('chan', at(999)).ok, false);
    assert.equal(limiter.tryAcquire('chan', at(1_000)).ok, true);
  });

  it('forgets conversations that have been quiet for longer than the longest window', () => {
    const limiter = new RateLimiter();
    for (let i = 0; i < 100; i++) assert.equal(limiter.tryAcquire(`personal:${i}`, at(i * 100)).ok, true);
    assert.equal(limiter.trackedConversations, 100);
    limiter.tryAcquire('chan', at(3_610_000));
    assert.equal(limiter.trackedConversations, 1);
  });

  it('refuses windows that would allow nothing', () => {
    assert.throws(() => new RateLimiter({ perConversation: [{ limit: 0, windowMs: 1_000 }] }), /invalid rate window/);
    assert.throws(() => new RateLimiter({ global: [{ limit: 5, windowMs: 0 }] }), /invalid rate window/);
  });
});
