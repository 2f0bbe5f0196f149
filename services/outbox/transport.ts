import type { Notice } from '../domain/records';

export type Activity = Record<string, unknown>;

/** How the outbox reaches Teams; implemented in bot/ so services never see the SDK. */
export interface OutboxTransport {
  /** The activity for a notice, from the current state; null when there is nothing to send any more. */
  render(notice: Notice): Promise<Activity | null>;
  post(reference: Record<string, unknown>, activity: Activity): Promise<{ activityId: string }>;
  update(reference: Record<string, unknown>, activityId: string, activity: Activity): Promise<void>;
}

export class TransportError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly retryAfterMs: number | null = null,
  ) {
    super(message);
    this.name = 'TransportError';
  }
}
