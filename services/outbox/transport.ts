import type { Notice } from '../domain/records';

export type Activity = Record<string, unknown>;

export interface RenderOptions {
  /**
   * The compact form (references and counts, where the rest is): asked for when the full activity
   * would be over the message budget (messageBudget.ts). It must fit however large the meeting is.
   */
  compact?: boolean;
}

/** How the outbox reaches Teams; implemented in bot/ so services never see the SDK. */
export interface OutboxTransport {
  /** The activity for a notice, from the current state; null when there is nothing to send any more. */
  render(notice: Notice, options?: RenderOptions): Promise<Activity | null>;
  post(reference: Record<string, unknown>, activity: Activity): Promise<{ activityId: string }>;
  update(reference: Record<string, unknown>, activityId: string, activity: Activity): Promise<void>;
}

export interface TransportErrorOptions {
  /**
   * The request may have reached Teams but no answer came back (a timeout, a connection cut after
   * the request was written). Whether the message was posted is unknown, so the worker must not
   * post it again: a second post would show the card twice. A definitive error response (4xx/5xx)
   * means Teams did not post it, and those stay safe to retry.
   */
  outcomeUnknown?: boolean;
}

export class TransportError extends Error {
  readonly outcomeUnknown: boolean;

  constructor(
    message: string,
    readonly retryable: boolean,
    readonly retryAfterMs: number | null = null,
    options: TransportErrorOptions = {},
  ) {
    super(message);
    this.name = 'TransportError';
    this.outcomeUnknown = options.outcomeUnknown ?? false;
  }
}
