import { ActivityTypes, type Activity, type Middleware, type TurnContext } from 'botbuilder';
import { messageCard, REFUSAL_TEXTS } from '../cards';
import type { Logger } from '../services/logger';
import type { Clock } from '../services/time/clock';

const MINUTE_MS = 60_000;
/** Enough for every user of a large region at once; beyond it the least recently seen are forgotten. */
const DEFAULT_MAX_TRACKED_USERS = 10_000;

interface Bucket {
  tokens: number;
  refilledAt: number;
  /** Set by the first refusal of a burst, so a burst is logged once, not once per press. */
  refusing: boolean;
}

export type TakeResult = { allowed: true } | { allowed: false; firstOfBurst: boolean };

export interface InvokeRateLimiterOptions {
  perMinute: number;
  clock: Clock;
  maxTrackedUsers?: number;
}

/**
 * A token bucket per user: `perMinute` card actions at once, refilled evenly over a minute. One
 * user pressing faster than that is told to wait while everyone else is served as before.
 * Memory stays bounded: a bucket that has refilled completely is the same as no bucket and is
 * dropped, and past `maxTrackedUsers` the least recently seen user is forgotten (who then
 * starts again with a full bucket — the price of the bound, paid by someone who was idle).
 */
export class InvokeRateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly capacity: number;
  private readonly refillPerMs: number;
  private readonly maxTrackedUsers: number;
  private sweptAt = Number.NEGATIVE_INFINITY;

  constructor(private readonly options: InvokeRateLimiterOptions) {
    this.capacity = options.perMinute;
    this.refillPerMs = options.perMinute / MINUTE_MS;
    this.maxTrackedUsers = Math.max(1, options.maxTrackedUsers ?? DEFAULT_MAX_TRACKED_USERS);
  }

  /** Users currently tracked (for tests and the bound). */
  get trackedUsers(): number {
    return this.buckets.size;
  }

  take(userKey: string): TakeResult {
    const now = this.options.clock.now().getTime();
    if (now - this.sweptAt >= MINUTE_MS) this.forgetIdle(now);
    const bucket = this.refilled(this.buckets.get(userKey), now);
    // Re-inserted on every use so the map's order is least recently seen first.
    this.buckets.delete(userKey);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      bucket.refusing = false;
      this.remember(userKey, bucket, now);
      return { allowed: true };
    }
    const firstOfBurst = !bucket.refusing;
    bucket.refusing = true;
    this.remember(userKey, bucket, now);
    return { allowed: false, firstOfBurst };
  }

  private refilled(bucket: Bucket | undefined, now: number): Bucket {
    if (!bucket) return { tokens: this.capacity, refilledAt: now, refusing: false };
    // A clock set back (tests, a corrected system clock) must not drain the bucket.
    const elapsed = Math.max(0, now - bucket.refilledAt);
    return { tokens: Math.min(this.capacity, bucket.tokens + elapsed * this.refillPerMs), refilledAt: now, refusing: bucket.refusing };
  }

  private remember(userKey: string, bucket: Bucket, now: number): void {
    if (this.buckets.size >= this.maxTrackedUsers) this.evict(now);
    this.buckets.set(userKey, bucket);
  }

  /** A bucket that has refilled completely is the same as none. */
  private forgetIdle(now: number): void {
    this.sweptAt = now;
    for (const [key, bucket] of this.buckets) {
      if (this.refilled(bucket, now).tokens >= this.capacity) this.buckets.delete(key);
    }
  }

  private evict(now: number): void {
    this.forgetIdle(now);
    while (this.buckets.size >= this.maxTrackedUsers) {
      const oldest = this.buckets.keys().next();
      if (oldest.done) break;
      this.buckets.delete(oldest.value);
    }
  }
}

/** Who pressed: the Entra object id is stable across clients; `from.id` when a client sends none. */
export function invokeUserKey(activity: Partial<Activity>): string | null {
  const channelData = activity.channelData as { tenant?: { id?: unknown } } | undefined;
  const conversationTenant: unknown = activity.conversation?.tenantId;
  const tenant = typeof channelData?.tenant?.id === 'string' ? channelData.tenant.id : typeof conversationTenant === 'string' ? conversationTenant : '';
  const user = activity.from?.aadObjectId || activity.from?.id;
  return typeof user === 'string' && user ? `${tenant.toLowerCase()}:${user}` : null;
}

export function tooManyActionsCard() {
  return messageCard({ title: REFUSAL_TEXTS.tooManyActions.title, lines: [...REFUSAL_TEXTS.tooManyActions.lines], tone: 'attention' });
}

/**
 * Card actions (`adaptiveCard/action` invokes) beyond a user's allowance are answered with a
 * "wait a moment" card before any handler runs: nothing is read, written or sent for them.
 * HTTP 200 rather than 429, because Teams shows an invoke's card to the user but only a generic
 * error for a failed invoke.
 */
export function invokeRateLimit(limiter: InvokeRateLimiter, logger: Logger): Middleware {
  return {
    async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
      const activity = context.activity;
      if (activity.type !== ActivityTypes.Invoke || activity.name !== 'adaptiveCard/action') return next();
      const userKey = invokeUserKey(activity);
      if (userKey === null) return next();
      const taken = limiter.take(userKey);
      if (taken.allowed) return next();
      if (taken.firstOfBurst) logger.warn({ user: userKey }, 'card actions over the per-user limit are answered with a wait message');
      await context.sendActivity({
        type: ActivityTypes.InvokeResponse,
        value: { status: 200, body: { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: tooManyActionsCard() } },
      });
    },
  };
}
