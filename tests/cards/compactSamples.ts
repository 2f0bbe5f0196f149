// The compact cards (cards/compactCards.ts), for the invariants every card is checked against.
import {
  compactAckReminderCard,
  compactAgendaCard,
  compactEscalationCard,
  compactLeaderViewCard,
  compactMeetingSummaryCard,
  compactSubmissionReminderCard,
  oversizeNoticeCard,
} from '../../cards/compactCards';
import type { AdaptiveCard } from '../../cards/render';
import { ackReminderAtMost, agendaAtMost, escalationAtMost, leaderViewAtMost, submissionReminderAtMost, summaryAtMost } from './maxContent';
import { ackReminderInput, agendaInput, escalationInput, summaryInput } from './samples';

export function everyCompactCard(): Record<string, AdaptiveCard> {
  return {
    compactAgenda: compactAgendaCard(agendaInput()),
    compactAgendaAtMost: compactAgendaCard(agendaAtMost()),
    compactAgendaEnded: compactAgendaCard({ ...agendaInput(), ended: true }),
    compactSummary: compactMeetingSummaryCard(summaryInput()),
    compactSummaryAtMost: compactMeetingSummaryCard(summaryAtMost()),
    compactAckReminderInChannel: compactAckReminderCard(ackReminderInput()),
    compactAckReminderAtMost: compactAckReminderCard(ackReminderAtMost()),
    compactEscalationInChannel: compactEscalationCard(escalationInput()),
    compactEscalationAtMost: compactEscalationCard(escalationAtMost()),
    compactSubmissionReminder: compactSubmissionReminderCard(submissionReminderAtMost()),
    compactLeaderViewPoint1: compactLeaderViewCard(leaderViewAtMost(1)),
    compactLeaderViewPoint2: compactLeaderViewCard(leaderViewAtMost(2)),
    oversizeNotice: oversizeNoticeCard('Dagordning för samordningsmötet tisdag 24 november 2026 kl. 13:00'),
    oversizeNoticeWithoutSummary: oversizeNoticeCard(null),
  };
}
