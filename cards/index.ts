// The card layer's public surface: bot/ imports from here.
export { renderTemplate, withRefresh, CARD_VERSION, type AdaptiveCard, type CardAction, type CardElement } from './render';
export * from './texts.sv';
export * from './caseDetailTexts.sv';
export * from './myCasesTexts.sv';
export { SBAR_FIELDS, type SbarField } from '../services/domain/codes';
export { welcomeCard, helpCard, type WelcomeCardInput } from './welcomeCards';
export {
  meetingSetupFormCard,
  meetingSavedCard,
  MEETING_SETTING_DEFAULTS,
  type MeetingSetupField,
  type MeetingSetupFormInput,
  type MeetingSavedCardInput,
} from './meetingCards';
export { rosterJoinFormCard, rosterJoinedCard, type RosterJoinFormInput, type RosterJoinedCardInput } from './rosterCards';
export { sbarFormCard, consentRequiredCard, type SbarFormInput } from './sbarFormCards';
export { notSavedCard, withNotSavedNotice, type UnsavedForm } from './storeFailureCards';
export { STORE_FAILURE_TEXTS } from './storeFailureTexts.sv';
export {
  caseChannelCard,
  caseConfirmationCard,
  caseWithdrawnCard,
  followUpReminderCard,
  maskedInitials,
  maskedBirthYear,
  type CaseAckLine,
  type CaseChannelCardInput,
  type CaseConfirmationCardInput,
  type FollowUpReminderCardInput,
} from './caseCards';
export {
  mentionEntity,
  mentionList,
  mentionName,
  mentionText,
  withMentions,
  type MentionEntity,
  type MentionPerson,
} from './mentions';
export {
  agendaCard,
  submissionReminderCard,
  holidayNoticeCard,
  MAX_AGENDA_CASES_PER_POINT,
  MEETING_VIEW_VERB,
  withLeaderRefresh,
  type AgendaCardInput,
  type AgendaCaseLine,
  type AgendaSlot,
  type SubmissionReminderCardInput,
  type HolidayNoticeCardInput,
} from './agendaCards';
export {
  ackReminderCard,
  escalationCard,
  ackConfirmedCard,
  MAX_ACK_REMINDER_ITEMS,
  MAX_ESCALATION_ITEMS,
  type AckReminderCardInput,
  type AckReminderItem,
  type EscalationCardInput,
  type EscalationItem,
  type AckConfirmedCardInput,
} from './ackCards';
export {
  messageCard,
  meetingNotSetUpCard,
  notOnRosterCard,
  caseNotFoundCard,
  notAllowedCard,
  somethingWentWrongCard,
  meetingChangeNotAllowedCard,
  meetingBelongsToChannelCard,
  unreadableActionCard,
  unknownButtonCard,
  notUnderstoodCard,
  formNeedsFixingInChannelCard,
  privateViewOnlyCard,
  notOnCaseRosterCard,
  ackNotYourRoleCard,
  ackNotFoundCard,
  alreadyAcknowledgedCard,
  type MessageCardAction,
  type MessageCardInput,
} from './messageCard';
export { leaderCard, type LeaderCardInput } from './leaderCards';
export { caseDetailCard, caseViewData, MAX_DECISIONS_IN_VIEW, type CaseDetailCardInput, type CaseViewOrigin } from './caseDetailCard';
export { journalCard, journalText, MAX_JOURNAL_CHARACTERS, type JournalInput } from './journalCard';
export {
  myCasesCard,
  myCasesInChannelCard,
  meetingDecisionsCard,
  MAX_MY_CASES_PER_SECTION,
  MEETING_DECISIONS_PER_PAGE,
  type MyCasesCardInput,
  type MeetingDecisionLine,
  type MeetingDecisionsCardInput,
} from './myCasesCard';
export {
  leaderViewCard,
  decisionFormCard,
  meetingSummaryCard,
  meetingEndReminderCard,
  dayAfter,
  DECISION_FIELDS,
  MAX_SUMMARY_CASES,
  type LeaderViewInput,
  type LeaderViewCase,
  type DecisionField,
  type DecisionFormInput,
  type MeetingSummaryCardInput,
  type MeetingEndReminderInput,
  type SummaryCaseLine,
} from './meetingRunCards';
export {
  compactAgendaCard,
  compactMeetingSummaryCard,
  compactAckReminderCard,
  compactEscalationCard,
  compactSubmissionReminderCard,
  compactLeaderViewCard,
  oversizeNoticeCard,
  referenceList,
  MAX_COMPACT_REFERENCES,
  MAX_COMPACT_MENTIONS,
  MAX_COMPACT_LATE_CASES,
} from './compactCards';
export { COMPACT_TEXTS } from './compactCards.sv';
