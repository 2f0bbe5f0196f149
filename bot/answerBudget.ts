import { oversizeNoticeCard, type AdaptiveCard } from '../cards';
import type { Logger } from '../services/logger';
import { MESSAGE_BUDGET_BYTES, utf16Bytes } from '../services/outbox/messageBudget';

/**
 * A card answering a button (the invoke response) or posted as a reply within a turn, held to the
 * same message budget as the outbox's posts: the full card if it fits, else the answer's compact
 * form, else a card saying where to look. Never a card Teams would refuse. The log names the verb,
 * never the card's content.
 */
export function cardWithinBudget(card: AdaptiveCard, compact: (() => AdaptiveCard) | undefined, context: { verb: string; logger: Logger }): AdaptiveCard {
  const bytes = answerBytes(card);
  if (bytes <= MESSAGE_BUDGET_BYTES) return card;
  const smaller = compact?.();
  const compactBytes = smaller ? answerBytes(smaller) : null;
  const details = { verb: context.verb, bytes, compactBytes, budget: MESSAGE_BUDGET_BYTES };
  if (smaller && compactBytes !== null && compactBytes <= MESSAGE_BUDGET_BYTES) {
    context.logger.warn(details, 'answer over the size budget: sending its compact form');
    return smaller;
  }
  context.logger.error(details, 'answer over the size budget even in a compact form: sending a pointer to the board');
  return oversizeNoticeCard(null);
}

/** The card in the envelope Teams receives it in (an invoke response or a message attachment). */
function answerBytes(card: AdaptiveCard): number {
  return utf16Bytes({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: card });
}
