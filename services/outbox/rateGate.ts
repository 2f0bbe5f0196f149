import { performance } from 'node:perf_hooks';
import type { Clock } from '../time/clock';
import type { Acquired, RateLimiter } from './rateLimiter';

export type Sleep = (ms: number) => Promise<void>;

const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Hands out the limiter's slots first come, first served, to senders that are ready to send the
 * moment they get one. Waiting here, in memory, for the global limit (a slot frees every 20 ms
 * when 50 a second are allowed) keeps a big fan-out at the full allowed pace; postponing each
 * message in the store instead cost a write per message and a new scan per freed slot.
 *
 * The slot is recorded when it is granted, right before the request goes out, so the limiter's
 * count and the instant Teams counts the request are as close as they can be.
 */
export class RateGate {
  private tail: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly limiter: RateLimiter,
    private readonly clock: Clock,
    /** Longest real time one request waits in line; after that it is refused with when to come back. */
    private readonly maxWaitMs: number,
    private readonly sleep: Sleep = realSleep,
  ) {}

  acquire(conversationKey: string): Promise<Acquired> {
    const turn = this.tail.then(() => this.waitForSlot(conversationKey));
    this.tail = turn.catch(() => undefined);
    return turn;
  }

  private async waitForSlot(conversationKey: string): Promise<Acquired> {
    // Real time bounds the wait: a clock that does not move (a test's, `--at` in the past) must not
    // keep the line waiting forever.
    const giveUpAt = performance.now() + this.maxWaitMs;
    for (;;) {
      const now = this.clock.now();
      const slot = this.limiter.tryAcquire(conversationKey, now);
      if (slot.ok) return slot;
      const waitMs = slot.retryAt.getTime() - now.getTime();
      if (performance.now() + waitMs > giveUpAt) return slot;
      await this.sleep(waitMs);
    }
  }
}
