import { renderTemplate, type AdaptiveCard } from './render';
import messageTemplate from './templates/message.json';
import { ackAlreadyConfirmed, alreadyAcknowledgedLine, BUTTON_TITLES, incidentLine, notYourAckRole, REFUSAL_TEXTS } from './texts.sv';

export interface MessageCardAction {
  title: string;
  verb: string;
  data?: Record<string, string>;
}

export interface MessageCardInput {
  title: string;
  lines: string[];
  tone: 'good' | 'attention' | 'default';
  actions?: MessageCardAction[];
}

/**
 * The card for every refusal, error and short notice. Refusals should pass actions that lead
 * on (join the roster, set up the meeting, open the form again) so no answer is a dead end.
 */
export function messageCard(input: MessageCardInput): AdaptiveCard {
  return renderTemplate(messageTemplate, {
    title: input.title,
    color: input.tone,
    lines: [...input.lines],
    // `data` must be present: the engine leaves `${data}` in place when it is undefined.
    actions: (input.actions ?? []).map((action) => ({ title: action.title, verb: action.verb, data: { ...action.data } })),
  });
}

const MEETING_FORM: MessageCardAction = { title: BUTTON_TITLES.meetingForm, verb: 'meeting.form' };
const ROSTER_FORM: MessageCardAction = { title: BUTTON_TITLES.rosterForm, verb: 'roster.form' };
const CASE_FORM: MessageCardAction = { title: BUTTON_TITLES.caseForm, verb: 'case.form' };
const HELP: MessageCardAction = { title: BUTTON_TITLES.help, verb: 'help' };

/**
 * Any verb that needs a meeting where there is none. In a personal chat the meeting cannot be
 * set up (it belongs to a channel), so only help is offered there.
 */
export function meetingNotSetUpCard(options: { inPersonalChat?: boolean } = {}): AdaptiveCard {
  const texts = options.inPersonalChat ? REFUSAL_TEXTS.meetingNotSetUpInPersonalChat : REFUSAL_TEXTS.meetingNotSetUp;
  return messageCard({
    title: texts.title,
    lines: [...texts.lines],
    tone: 'attention',
    actions: options.inPersonalChat ? [HELP] : [MEETING_FORM, HELP],
  });
}

/** Any verb that needs a roster member, from someone who is not one; the meeting id keeps the join on that meeting. */
export function notOnRosterCard(meetingId?: string): AdaptiveCard {
  const join = meetingId ? { ...ROSTER_FORM, data: { meetingId } } : ROSTER_FORM;
  return messageCard({ title: REFUSAL_TEXTS.notOnRoster.title, lines: [...REFUSAL_TEXTS.notOnRoster.lines], tone: 'attention', actions: [join, HELP] });
}

/** A case id that does not (or no longer) exist. */
export function caseNotFoundCard(): AdaptiveCard {
  return messageCard({ title: REFUSAL_TEXTS.caseNotFound.title, lines: [...REFUSAL_TEXTS.caseNotFound.lines], tone: 'attention', actions: [CASE_FORM, HELP] });
}

/** A rule forbids the action; `reason` says which, in Swedish (e.g. "Bara mötesledaren kan starta mötet."). */
export function notAllowedCard(reason: string): AdaptiveCard {
  return messageCard({ title: REFUSAL_TEXTS.notAllowed.title, lines: [reason], tone: 'attention', actions: [HELP] });
}

/** An unexpected failure; the incident id lets support find it in the logs. */
export function somethingWentWrongCard(incident?: string): AdaptiveCard {
  const lines: string[] = [...REFUSAL_TEXTS.somethingWentWrong.lines];
  if (incident) lines.push(incidentLine(incident));
  return messageCard({ title: REFUSAL_TEXTS.somethingWentWrong.title, lines, tone: 'attention', actions: [HELP] });
}

type RefusalKey = Exclude<keyof typeof REFUSAL_TEXTS, 'notAllowed'>;

const refusal = (key: RefusalKey, actions: MessageCardAction[]) => (): AdaptiveCard =>
  messageCard({ title: REFUSAL_TEXTS[key].title, lines: [...REFUSAL_TEXTS[key].lines], tone: 'attention', actions });

export const meetingChangeNotAllowedCard = refusal('meetingChangeNotAllowed', [HELP]);
export const meetingBelongsToChannelCard = refusal('meetingBelongsToChannel', [HELP]);
export const unreadableActionCard = refusal('unreadableAction', [HELP]);
export const unknownButtonCard = refusal('unknownButton', [HELP]);
export const notUnderstoodCard = refusal('notUnderstood', [HELP]);
export const formNeedsFixingInChannelCard = refusal('formNeedsFixingInChannel', [{ ...CASE_FORM, title: 'Öppna formuläret igen' }, HELP]);

/**
 * `ack.confirm` from someone whose roster role is not the one that owes the kvittens; leads on
 * to the roster form in case the role there is wrong.
 */
export function ackNotYourRoleCard(roleLabel?: string): AdaptiveCard {
  const texts = REFUSAL_TEXTS.ackNotYourRole;
  return messageCard({
    title: texts.title,
    lines: roleLabel ? [notYourAckRole(roleLabel)] : [...texts.lines],
    tone: 'attention',
    actions: [{ ...ROSTER_FORM, title: BUTTON_TITLES.changeRole }, HELP],
  });
}

/** `ack.confirm` for a kvittens that no longer exists (case withdrawn or purged). */
export const ackNotFoundCard = refusal('ackNotFound', [HELP]);

/**
 * A second `ack.confirm`: "Redan kvitterat av {byName} {atLabel}". Nothing more is needed, so
 * this is a notice, not an error. `atLabel` e.g. `formatInstant(ack.confirmedAt)`.
 */
export function alreadyAcknowledgedCard(input: { roleLabel: string; byName: string; atLabel: string }): AdaptiveCard {
  return messageCard({
    title: ackAlreadyConfirmed(input.byName, input.atLabel),
    lines: [alreadyAcknowledgedLine(input.roleLabel)],
    tone: 'good',
    actions: [HELP],
  });
}
export const privateViewOnlyCard = refusal('privateViewOnly', [HELP]);
export const notOnCaseRosterCard = refusal('notOnCaseRoster', [ROSTER_FORM, HELP]);
