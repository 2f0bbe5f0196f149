import assert from 'node:assert/strict';
import { RateGate } from '../../services/outbox/rateGate';
import { RateLimiter } from '../../services/outbox/rateLimiter';
import { ManualClock } from '../../services/time/clock';

const T0 = '2026-11-22T09:00:00Z';
const ms = (clock: ManualClock) => clock.now().getTime() - Date.parse(T0);

describe('rate gate', () => {
  const twoPerSecond = () => new RateLimiter({ global: [{ limit: 2, windowMs: 1_000 }] });

  it('hands out slots first come, first served, each as soon as the limits allow', async () => {
    const clock = new ManualClock(T0);
    // The clock moves only while someone waits, as time would.
    const gate = new RateGate(twoPerSecond(), clock, 5_000, async (wait) => clock.advance(wait));
    const granted: string[] = [];
    await Promise.all(
      ['a', 'b', 'c', 'd', 'e'].map(async (key) => {
        const slot = await gate.acquire(key);
        assert.ok(slot.ok);
        granted.push(`${key}@${ms(clock)}`);
      }),
    );
    assert.deepEqual(granted, ['a@0', 'b@0', 'c@1000', 'd@1000', 'e@2000']);
  });

  it('refuses, with when to come back, a request that would wait longer than allowed', async () => {
    const clock = new ManualClock(T0);
    const limiter = twoPerSecond();
    const gate = new RateGate(limiter, clock, 500, async (wait) => clock.advance(wait));
    await gate.acquire('a');
    await gate.acquire('b');
    const third = await gate.acquire('c');
    assert.deepEqual(third, { ok: false, retryAt: new Date(Date.parse(T0) + 1_000) });
    assert.equal(ms(clock), 0, 'it did not wait');
    assert.ok(limiter.tryAcquire('d', new Date(Date.parse(T0) + 1_000)).ok, 'the refused request took no slot');
  });

  it('gives up within its real-time bound when the clock does not move', async () => {
    const clock = new ManualClock(T0);
    const gate = new RateGate(new RateLimiter({ global: [{ limit: 1, windowMs: 20 }] }), clock, 60);
    assert.ok((await gate.acquire('a')).ok);
    const stuck = await gate.acquire('b');
    assert.equal(stuck.ok, false);
  });

  it('keeps the line going when one waiter is refused', async () => {
    const clock = new ManualClock(T0);
    const limiter = new RateLimiter({ global: [{ limit: 1, windowMs: 1_000 }], perConversation: [{ limit: 1, windowMs: 60_000 }] });
    const gate = new RateGate(limiter, clock, 1_500, async (wait) => clock.advance(wait));
    assert.ok((await gate.acquire('chan')).ok);
    const [again, other] = await Promise.all([gate.acquire('chan'), gate.acquire('other')]);
    assert.equal(again.ok, false, "the conversation's own minute is not waited out in memory");
    assert.ok(other.ok);
  });
});
