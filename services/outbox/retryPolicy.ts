import { TransportError } from './transport';

/** What a failed attempt means for the message. */
export interface Failure {
  reason: string;
  /** 429, 412, 5xx and network errors heal; other 4xx (bot removed, conversation gone) do not. */
  retryable: boolean;
  retryAfterMs: number | null;
  /** The request may have been posted (see TransportErrorOptions.outcomeUnknown). */
  outcomeUnknown: boolean;
}

const REASON_LENGTH = 300;

/**
 * Errors that are not TransportErrors (a failing render, a network error bot/ did not map) are
 * retried: if they do not heal, the bounded attempts end them in a dead letter anyway.
 */
export function classifyFailure(error: unknown): Failure {
  const reason = (error instanceof Error ? error.message : String(error)).slice(0, REASON_LENGTH);
  if (!(error instanceof TransportError)) return { reason, retryable: true, retryAfterMs: null, outcomeUnknown: false };
  return { reason, retryable: error.retryable, retryAfterMs: error.retryAfterMs, outcomeUnknown: error.outcomeUnknown };
}

export interface BackoffOptions {
  /** Delay after the first failure; doubles with each further one. */
  baseMs: number;
  capMs: number;
  random: () => number;
}

/**
 * With the defaults (5 s doubling, capped at 5 min) eight attempts span about 5 to 10 minutes:
 * a Teams hiccup or a short network outage heals unnoticed; anything longer ends in a dead letter
 * an operator sees in /healthz instead of a message arriving hours late.
 */
export const DEFAULT_BACKOFF: Omit<BackoffOptions, 'random'> = { baseMs: 5_000, capMs: 300_000 };

/**
 * A malformed or hostile Retry-After must not park a conversation for days (every later message
 * for it waits behind this one).
 */
const MAX_RETRY_AFTER_MS = 3_600_000;

/** Failures in a row for which Teams' Retry-After alone decides the wait. */
const TRUSTED_RETRY_AFTERS = 3;

/**
 * Exponential backoff, as Teams asks for 429s, with jitter so that retries of many messages do not
 * arrive together. `failures` counts the failed attempts so far, the current one included (1 after
 * the first).
 *
 * With a Retry-After, Teams says when to come back: the message waits that long plus up to a
 * quarter more at random, never less. During a fan-out Teams throttles a share of requests whatever
 * the sender does (and the global limiter already keeps the pace), so a message throttled again
 * is simply unlucky: the 5 s base, or doubling at once, left the round's last messages waiting
 * long after the rest had gone. Only a message throttled more than three times in a row backs
 * off further, doubling from Retry-After.
 * Without one, "equal jitter" (half fixed, half random) from the 5 s base.
 */
export function retryDelayMs(failures: number, retryAfterMs: number | null, options: BackoffOptions): number {
  const retryAfter = Math.min(retryAfterMs ?? 0, MAX_RETRY_AFTER_MS);
  if (retryAfter > 0) {
    const doublings = Math.max(0, failures - TRUSTED_RETRY_AFTERS);
    const grown = Math.min(Math.max(options.capMs, retryAfter), retryAfter * 2 ** doublings);
    return Math.round(grown + (options.random() * grown) / 4);
  }
  const ceiling = Math.min(options.capMs, options.baseMs * 2 ** Math.max(0, failures - 1));
  const backoff = Math.round(ceiling / 2 + (options.random() * ceiling) / 2);
  return Math.max(backoff, retryAfter);
}
