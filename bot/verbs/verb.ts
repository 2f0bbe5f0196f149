import type { AdaptiveCard } from '../../cards/render';
import type { Services } from '../../services/app';
import type { UserRef } from '../../services/domain/records';
import type { Place } from '../activityFacts';

export interface VerbRequest {
  verb: string;
  actor: UserRef;
  place: Place;
  data: Readonly<Record<string, unknown>>;
  services: Services;
}

export interface VerbReply {
  card: AdaptiveCard;
  /**
   * True when the card shows what the user typed about a patient. Universal Actions show an
   * invoke's answer to the invoking user only; the Action.Submit fallback would post it for
   * everyone, so such a card is never sent that way into a shared conversation.
   */
  containsPatientData?: boolean;
  /** What to post instead when such a card would go to a shared conversation (default: the form refusal). */
  sharedConversationCard?: AdaptiveCard;
  /**
   * The same answer in a form that fits in a Teams message whatever the meeting's size; used when
   * `card` is over the message budget (bot/answerBudget.ts).
   */
  compact?: () => AdaptiveCard;
}

export type VerbHandler = (request: VerbRequest) => Promise<VerbReply>;
