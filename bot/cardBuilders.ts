import {
  ackReminderCard,
  agendaCard,
  compactAckReminderCard,
  compactAgendaCard,
  compactEscalationCard,
  compactMeetingSummaryCard,
  compactSubmissionReminderCard,
  escalationCard,
  meetingSummaryCard,
  submissionReminderCard,
  type AckReminderCardInput,
  type AdaptiveCard,
  type AgendaCardInput,
  type EscalationCardInput,
  type MeetingSummaryCardInput,
  type SubmissionReminderCardInput,
} from '../cards';
import type { Notice } from '../services/domain/records';

/** The builders of the cards that grow with a meeting: the notice renderer fills either set. */
export interface CardBuilders {
  agenda(input: AgendaCardInput): AdaptiveCard;
  summary(input: MeetingSummaryCardInput): AdaptiveCard;
  ackReminder(input: AckReminderCardInput): AdaptiveCard;
  escalation(input: EscalationCardInput): AdaptiveCard;
  submissionReminder(input: SubmissionReminderCardInput): AdaptiveCard;
}

export const FULL_CARDS: CardBuilders = {
  agenda: agendaCard,
  summary: meetingSummaryCard,
  ackReminder: ackReminderCard,
  escalation: escalationCard,
  submissionReminder: submissionReminderCard,
};

/** What goes out when the full card would be over the message budget (cards/compactCards.ts). */
export const COMPACT_CARDS: CardBuilders = {
  agenda: compactAgendaCard,
  summary: compactMeetingSummaryCard,
  ackReminder: compactAckReminderCard,
  escalation: compactEscalationCard,
  submissionReminder: compactSubmissionReminderCard,
};

/**
 * Notices whose card has a compact form. The others (a case card, a follow-up, a holiday notice)
 * are small by nature; should one ever be too large, a card saying what it was about and where to
 * look goes out instead.
 */
const COMPACTABLE: ReadonlySet<Notice['type']> = new Set<Notice['type']>(['agenda', 'summary', 'ack-reminder', 'escalation', 'case-escalation', 'submission-reminder']);

export function hasCompactForm(type: Notice['type']): boolean {
  return COMPACTABLE.has(type);
}
