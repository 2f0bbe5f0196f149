import assert from 'node:assert/strict';
import { InvokeRateLimiter, invokeUserKey, tooManyActionsCard } from '../../bot/invokeRateLimit';
import { ManualClock } from '../../services/time/clock';
import { cardText } from '../support/testBot';

describe('invoke rate limit (token bucket per user)', () => {
  const start = '2026-11-23T09:00:00Z';

  function pressUntilRefused(limiter: InvokeRateLimiter, user: string, max = 1000): number {
    for (let allowed = 0; allowed < max; allowed++) if (!limiter.take(user).allowed) return allowed;
    return max;
  }

  it('allows a full bucket at once, then refuses, and reports the burst once', () => {
    const limiter = new InvokeRateLimiter({ perMinute: 5, clock: new ManualClock(start) });
    assert.equal(pressUntilRefused(limiter, 'a'), 5);
    assert.deepEqual(limiter.take('a'), { allowed: false, firstOfBurst: false });
    assert.deepEqual(limiter.take('a'), { allowed: false, firstOfBurst: false });
  });

  it('marks the first refusal of a burst, and again after the user was served in between', () => {
    const clock = new ManualClock(start);
    const limiter = new InvokeRateLimiter({ perMinute: 2, clock });
    limiter.take('a');
    limiter.take('a');
    assert.deepEqual(limiter.take('a'), { allowed: false, firstOfBurst: true });
    clock.advance(30_000);
    assert.deepEqual(limiter.take('a'), { allowed: true });
    assert.deepEqual(limiter.take('a'), { allowed: false, firstOfBurst: true });
  });

  it('refills evenly over a minute, never above the capacity', () => {
    const clock = new ManualClock(start);
    const limiter = new InvokeRateLimiter({ perMinute: 60, clock });
    assert.equal(pressUntilRefused(limiter, 'a'), 60);
    clock.advance(999);
    assert.equal(limiter.take('a').allowed, false, 'less than one token after 999 ms');
    clock.advance(1);
    assert.equal(limiter.take('a').allowed, true, 'one token per second at 60/min');
    assert.equal(limiter.take('a').allowed, false);
    clock.advance(10_000);
    assert.equal(pressUntilRefused(limiter, 'a'), 10);
    clock.advance(10 * 60_000);
    assert.equal(pressUntilRefused(limiter, 'a'), 60, 'a long pause gives a full bucket, not more');
  });

  it('keeps one user’s burst from touching another user', () => {
    const limiter = new InvokeRateLimiter({ perMinute: 3, clock: new ManualClock(start) });
    assert.equal(pressUntilRefused(limiter, 'tenant:a'), 3);
    assert.equal(pressUntilRefused(limiter, 'tenant:b'), 3);
  });

  it('does not drain a bucket when the clock is set back', () => {
    const clock = new ManualClock(start);
    const limiter = new InvokeRateLimiter({ perMinute: 2, clock });
    limiter.take('a');
    clock.advance(-60_000);
    assert.equal(limiter.take('a').allowed, true);
    assert.equal(limiter.take('a').allowed, false);
  });

  it('forgets users whose bucket has refilled completely', () => {
    const clock = new ManualClock(start);
    const limiter = new InvokeRateLimiter({ perMinute: 60, clock });
    for (let i = 0; i < 100; i++) limiter.take(`user-${i}`);
    assert.equal(limiter.trackedUsers, 100);
    clock.advance(1_000);
    limiter.take('busy');
    limiter.take('busy');
    clock.advance(60_000);
    limiter.take('late');
    assert.equal(limiter.trackedUsers, 1, 'every idle bucket is full again and dropped; only the new one is kept');
  });

  it('tracks at most maxTrackedUsers, forgetting the least recently seen first', () => {
    const clock = new ManualClock(start);
    const limiter = new InvokeRateLimiter({ perMinute: 2, clock, maxTrackedUsers: 3 });
    for (const user of ['a', 'b', 'c']) {
      limiter.take(user);
      limiter.take(user);
    }
    limiter.take('a'); // refused, but seen: now b is the least recently seen
    limiter.take('d');
    assert.equal(limiter.trackedUsers, 3);
    assert.equal(limiter.take('a').allowed, false, 'a is still tracked and still over its limit');
    assert.equal(limiter.take('c').allowed, false, 'c is still tracked');
    assert.equal(limiter.take('b').allowed, true, 'b was forgotten and starts with a full bucket');
    assert.ok(limiter.trackedUsers <= 3);
  });

  it('keeps memory bounded under many distinct users at a standing clock', () => {
    const limiter = new InvokeRateLimiter({ perMinute: 60, clock: new ManualClock(start), maxTrackedUsers: 500 });
    for (let i = 0; i < 5_000; i++) limiter.take(`user-${i}`);
    assert.ok(limiter.trackedUsers <= 500, String(limiter.trackedUsers));
  });

  it('keys a user by tenant and Entra object id, falling back to from.id', () => {
    const tenant = '6BABCAAD-604B-40AC-A9D7-9FD97C0B779F';
    assert.equal(
      invokeUserKey({ channelData: { tenant: { id: tenant } }, from: { id: '29:x', name: 'A', aadObjectId: 'oid-1' } }),
      `${tenant.toLowerCase()}:oid-1`,
    );
    assert.equal(invokeUserKey({ conversation: { id: 'c', tenantId: 't1', isGroup: false, conversationType: 'personal', name: '' }, from: { id: '29:x', name: 'A' } }), 't1:29:x');
    assert.equal(invokeUserKey({ from: { id: '', name: '' } }), null);
    // A tenant id that is not a string (hostile input) counts as no tenant, never a crash.
    const hostile = { conversation: { id: 'c', tenantId: { $ne: 1 } }, from: { id: '29:x', name: 'A' } } as unknown as Parameters<typeof invokeUserKey>[0];
    assert.equal(invokeUserKey(hostile), ':29:x');
  });

  it('answers with the Swedish wait message', () => {
    assert.match(cardText(tooManyActionsCard()), /Du har gjort många åtgärder på kort tid\. Vänta en stund och försök igen\./);
  });
});
