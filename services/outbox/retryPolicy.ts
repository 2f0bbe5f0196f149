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

/**
 * Exponential backoff with "equal jitter" (half fixed, half random), as Teams asks for 429s so that
 * retries of many messages do not arrive together; never earlier than Teams' Retry-After.
 * `failures` counts the failed attempts so far, the current one included (1 after the first).
 */
export function retryDelayMs(failures: number, retryAfterMs: number | null, options: BackoffOptions): number {
  const ceiling = Math.min(options.capMs, options.baseMs * 2 ** Math.max(0, failures - 1));
  const backoff = Math.round(ceiling / 2 + (options.random() * ceiling) / 2);
  return Math.max(backoff, Math.min(retryAfterMs ?? 0, MAX_RETRY_AFTER_MS));
}
