// The card layer's public surface: bot/ imports from here.
export { renderTemplate, CARD_VERSION, type AdaptiveCard, type CardAction, type CardElement } from './render';
export * from './texts.sv';
export { SBAR_FIELDS, type SbarField } from '../services/domain/codes';
export { welcomeCard, helpCard, type WelcomeCardInput } from './welcomeCards';
export {
  meetingSetupFormCard,
  meetingSavedCard,
  type MeetingSetupField,
  type MeetingSetupFormInput,
  type MeetingSavedCardInput,
} from './meetingCards';
export { rosterJoinFormCard, rosterJoinedCard, type RosterJoinFormInput, type RosterJoinedCardInput } from './rosterCards';
export { sbarFormCard, consentRequiredCard, type SbarFormInput } from './sbarFormCards';
export {
  caseChannelCard,
  caseConfirmationCard,
  caseWithdrawnCard,
  type CaseChannelCardInput,
  type CaseConfirmationCardInput,
} from './caseCards';
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
  type MessageCardAction,
  type MessageCardInput,
} from './messageCard';
