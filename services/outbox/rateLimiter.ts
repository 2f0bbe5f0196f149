// Teams throttles bots per conversation ("thread") and per app, and answers 429 when a bot goes
// over (https://learn.microsoft.com/microsoftteams/platform/bots/how-to/rate-limit). Keeping under
// the published limits here means a burst (a meeting's case cards, Monday's reminders) goes out at
// the fastest allowed pace instead of collecting 429s and backing off for seconds at a time.
//
// The limiter lives in one process. Several server processes (on one MongoDB, or on one DATA_DIR)
// each keep their own count, so together they may exceed the limits; the worker's 429 handling
// (Retry-After, backoff) is the backstop for that.

export interface RateWindow {
  /** Most requests allowed in any window of `windowMs`. */
  limit: number;
  windowMs: number;
}

/** Teams' "per bot per thread" limits; posts and updates count alike. */
export const TEAMS_CONVERSATION_WINDOWS: readonly RateWindow[] = [
  { limit: 7, windowMs: 1_000 },
  { limit: 8, windowMs: 2_000 },
  { limit: 60, windowMs: 30_000 },
  { limit: 1_800, windowMs: 3_600_000 },
];

/**
 * Teams' global limit is 50 requests per second per app per tenant. Counting all tenants together
 * is stricter than needed for a multi-tenant install, and exact for the usual single-tenant one.
 */
export const TEAMS_GLOBAL_WINDOWS: readonly RateWindow[] = [{ limit: 50, windowMs: 1_000 }];

export type Acquired = { ok: true } | { ok: false; retryAt: Date };

/**
 * The times of the recent requests for one key, oldest first. A request made at `s` counts in a
 * window of `w` at time `t` when `t - w < s <= t`, so it stops counting exactly `w` after it was made.
 */
class SlidingLog {
  private readonly times: number[] = [];

  constructor(private readonly windows: readonly RateWindow[], private readonly horizonMs: number) {}

  /** The earliest instant, not before `now`, at which one more request fits every window. */
  nextAllowed(now: number): number {
    this.forget(now);
    let at = now;
    for (const { limit, windowMs } of this.windows) {
      const inWindow = this.times.length - this.firstAfter(now - windowMs);
      // The window has room again once its `limit`-th newest request has aged out of it.
      if (inWindow >= limit) at = Math.max(at, this.times[this.times.length - limit] + windowMs);
    }
    return at;
  }

  record(now: number): void {
    // A clock set back (tests, NTP) must not break the ordering the search relies on.
    this.times.push(Math.max(now, this.times[this.times.length - 1] ?? now));
  }

  /** True when nothing recent is left, so the log can be discarded. */
  idle(now: number): boolean {
    this.forget(now);
    return this.times.length === 0;
  }

  private forget(now: number): void {
    const stale = this.firstAfter(now - this.horizonMs);
    if (stale > 0) this.times.splice(0, stale);
  }

  /** Index of the first request made after `instant` (binary search). */
  private firstAfter(instant: number): number {
    let low = 0;
    let high = this.times.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.times[mid] <= instant) low = mid + 1;
      else high = mid;
    }
    return low;
  }
}

export interface RateLimiterOptions {
  perConversation?: readonly RateWindow[];
  global?: readonly RateWindow[];
  /**
   * Added to every window. Teams counts a request when it arrives, the limiter when it is sent; a
   * request that takes a few milliseconds longer than the one 50 slots before it would otherwise
   * arrive in a window that is already full and be answered 429 (which counts as a request too).
   */
  marginMs?: number;
}

/** Sliding-window limits per conversation and over all conversations, against an injected "now". */
export class RateLimiter {
  private readonly perConversation: readonly RateWindow[];
  private readonly horizonMs: number;
  private readonly global: SlidingLog;
  private readonly conversations = new Map<string, SlidingLog>();
  private lastSweep = Number.NEGATIVE_INFINITY;

  constructor(options: RateLimiterOptions = {}) {
    const margin = options.marginMs ?? 0;
    if (!(margin >= 0)) throw new Error(`invalid rate limit margin ${margin} ms`);
    const padded = (windows: readonly RateWindow[]) => validated(windows).map(({ limit, windowMs }) => ({ limit, windowMs: windowMs + margin }));
    this.perConversation = padded(options.perConversation ?? TEAMS_CONVERSATION_WINDOWS);
    const global = padded(options.global ?? TEAMS_GLOBAL_WINDOWS);
    this.horizonMs = Math.max(0, ...this.perConversation.map((w) => w.windowMs));
    this.global = new SlidingLog(global, Math.max(0, ...global.map((w) => w.windowMs)));
  }

  /** When one more request to the conversation would be allowed; `now` when it would be now. Records nothing. */
  nextAllowedAt(conversationKey: string, now: Date): Date {
    const t = now.getTime();
    const conversation = this.conversations.get(conversationKey);
    return new Date(Math.max(this.global.nextAllowed(t), conversation ? conversation.nextAllowed(t) : t));
  }

  /** When the conversation's own windows would allow one more request, whatever the global one says. */
  conversationAllowedAt(conversationKey: string, now: Date): Date {
    const conversation = this.conversations.get(conversationKey);
    return new Date(conversation ? conversation.nextAllowed(now.getTime()) : now.getTime());
  }

  /** Takes a slot for one request if every window has room now; otherwise says when to come back. */
  tryAcquire(conversationKey: string, now: Date): Acquired {
    const retryAt = this.nextAllowedAt(conversationKey, now);
    if (retryAt.getTime() > now.getTime()) return { ok: false, retryAt };
    let log = this.conversations.get(conversationKey);
    if (!log) {
      log = new SlidingLog(this.perConversation, this.horizonMs);
      this.conversations.set(conversationKey, log);
    }
    log.record(now.getTime());
    this.global.record(now.getTime());
    this.sweep(now.getTime());
    return { ok: true };
  }

  /** Conversations with a log (for tests: idle ones are dropped). */
  get trackedConversations(): number {
    return this.conversations.size;
  }

  /** A bot that pings many personal chats would otherwise keep one log per chat forever. */
  private sweep(now: number): void {
    if (now - this.lastSweep < this.horizonMs) return;
    this.lastSweep = now;
    for (const [key, log] of this.conversations) if (log.idle(now)) this.conversations.delete(key);
  }
}

function validated(windows: readonly RateWindow[]): readonly RateWindow[] {
  for (const { limit, windowMs } of windows) {
    if (!Number.isInteger(limit) || limit < 1 || !(windowMs > 0)) {
      throw new Error(`invalid rate window ${limit} per ${windowMs} ms`);
    }
  }
  return windows;
}
