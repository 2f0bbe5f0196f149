import { TransportError } from '../services/outbox/transport';

interface HttpErrorLike {
  statusCode?: number;
  code?: string;
  message?: string;
  response?: { headers?: { get?(name: string): string | undefined } | Record<string, string> };
}

function retryAfterMs(error: HttpErrorLike): number | null {
  const headers = error.response?.headers;
  const raw =
    headers && typeof (headers as { get?: unknown }).get === 'function'
      ? (headers as { get(name: string): string | undefined }).get('retry-after')
      : (headers as Record<string, string> | undefined)?.['retry-after'];
  if (!raw) return null;
  const seconds = Number(raw);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(raw);
  return Number.isNaN(date) ? null : Math.max(0, date - Date.now());
}

const NEVER_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/**
 * Teams answers 429 when throttling, 412 during a conversation's internal move, and 5xx when it
 * is down: all worth retrying. Other 4xx (bot removed, conversation gone, 413 a message too large)
 * will not heal.
 */
export function toTransportError(error: unknown): TransportError {
  const e = (error ?? {}) as HttpErrorLike;
  const status = typeof e.statusCode === 'number' ? e.statusCode : null;
  const message = `${status ?? e.code ?? 'error'}: ${e.message ?? String(error)}`.slice(0, 300);
  if (status === null) {
    // Refused or unresolvable: the request never left, so trying again is safe. Anything else
    // without an answer (reset, timeout) may have reached Teams: the outbox will not repost it.
    const neverSent = typeof e.code === 'string' && NEVER_SENT_CODES.has(e.code);
    return new TransportError(message, true, null, { outcomeUnknown: !neverSent });
  }
  // The same message would be refused again: a dead letter at once, with a reason an operator reads.
  if (status === 413) return new TransportError('413 MessageSizeTooBig: Teams refused the message as too large', false);
  const retryable = status === 429 || status === 412 || status >= 500;
  return new TransportError(message, retryable, retryable ? retryAfterMs(e) : null);
}
