// Teams' published throttling limits for a bot, written down here independently of the bot's own
// limiter (services/outbox/rateLimiter.ts): the stand-in that enforces them must not share a
// mistake with the code it judges. https://learn.microsoft.com/microsoftteams/platform/bots/how-to/rate-limit

export interface Window {
  limit: number;
  windowMs: number;
}

/** "Per bot per thread": one conversation. */
export const PER_CONVERSATION: readonly Window[] = [
  { limit: 7, windowMs: 1_000 },
  { limit: 8, windowMs: 2_000 },
  { limit: 60, windowMs: 30_000 },
  { limit: 1_800, windowMs: 3_600_000 },
];

/** "Per app per tenant": every conversation of the bot together. */
export const GLOBAL: readonly Window[] = [{ limit: 50, windowMs: 1_000 }];

/** Teams refuses a message over about 100 KB counted as UTF-16 with 413 MessageSizeTooBig. */
export const MESSAGE_SIZE_LIMIT_BYTES = 100 * 1024;

/**
 * The request times of one key, checked against windows the way a server sees them: a request at
 * `t` fits when every window `(t - windowMs, t]` holds fewer than `limit` earlier requests.
 */
export class WindowLog {
  private readonly times: number[] = [];
  private readonly horizonMs: number;

  constructor(private readonly windows: readonly Window[]) {
    this.horizonMs = Math.max(...windows.map((w) => w.windowMs));
  }

  /** 0 when a request at `t` fits; otherwise how long until it would. */
  waitMs(t: number): number {
    while (this.times.length > 0 && this.times[0]! <= t - this.horizonMs) this.times.shift();
    let wait = 0;
    for (const { limit, windowMs } of this.windows) {
      const inWindow = this.times.filter((s) => s > t - windowMs);
      if (inWindow.length >= limit) wait = Math.max(wait, inWindow[inWindow.length - limit]! + windowMs - t);
    }
    return wait;
  }

  record(t: number): void {
    this.times.push(t);
  }
}
