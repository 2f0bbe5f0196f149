import type { AgendaItem, Urgency } from '../services/domain/codes';
import { initialsOf } from '../services/domain/masking';
import { mentionText, withMentions, type MentionPerson } from './mentions';
import { renderTemplate, type AdaptiveCard } from './render';
import caseChannelTemplate from './templates/caseChannel.json';
import caseConfirmationTemplate from './templates/caseConfirmation.json';
import caseWithdrawnTemplate from './templates/caseWithdrawn.json';
import followUpReminderTemplate from './templates/followUpReminder.json';
import {
  ACK_TEXTS,
  ackButtonTitle,
  ackStateText,
  agendaItemLabel,
  followUpDueLine,
  followUpMeetingLine,
  MENTION_LINES,
  noAcknowledgementsLine,
  patientLabel,
  UNKNOWN_VALUE,
  URGENCY_LABELS,
  type AckState,
} from './texts.sv';

/**
 * Everything the channel card may show (DOMAIN.md §6). There is no field for a name, an
 * identity number or SBAR text, and the builder copies fields one by one, so a wider object
 * passed in cannot leak its other properties into the channel.
 */
export interface CaseChannelCardInput {
  /** Not shown; kept so the caller can key and later update the posted card. */
  caseId: string;
  reference: string;
  area: string;
  agendaItem: AgendaItem;
  urgency: Urgency;
  initials: string;
  birthYear: number;
  /** e.g. `formatMeetingTime(date, time)`. */
  meetingLabel: string;
  /**
   * One line per kvittens owed for the case (one per receiving role). Open and overdue ones get
   * a "Kvittera för …" button while the case is not withdrawn.
   */
  acknowledgements: readonly CaseAckLine[];
  status: 'submitted' | 'withdrawn';
}

/** A role's kvittens as the channel card shows it. */
export interface CaseAckLine {
  /** Carried by the button as `ack.confirm` data `{ ackId }`. */
  ackId: string;
  /** `roleLabel(ack.role)`. */
  roleLabel: string;
  state: AckState;
  /** Who acknowledged (display name of the roster member); shown for the confirmed states. */
  byName: string | null;
  /** When, e.g. `formatMeetingTime(date, time)`; shown for the confirmed states. */
  atLabel: string | null;
}

const ACK_STATES: readonly AckState[] = ['open', 'overdue', 'confirmed', 'confirmed_late'];

/** The masked card posted to the channel; re-rendered with `status: 'withdrawn'` to mark it. */
export function caseChannelCard(input: CaseChannelCardInput): AdaptiveCard {
  const withdrawn = input.status === 'withdrawn';
  const acks = input.acknowledgements
    .filter((ack) => ACK_STATES.includes(ack.state))
    .map((ack) => {
      const waiting = ack.state === 'open' || ack.state === 'overdue';
      return {
        ackId: ack.ackId,
        roleLabel: ack.roleLabel,
        stateText: withdrawn && waiting ? ACK_TEXTS.notNeededAfterWithdrawal : ackStateText(ack.state, ack.byName, ack.atLabel),
        color: withdrawn ? 'default' : ACK_COLORS[ack.state],
        subtle: withdrawn,
        showButton: waiting && !withdrawn,
        buttonTitle: ackButtonTitle(ack.roleLabel),
      };
    });
  return renderTemplate(caseChannelTemplate, {
    withdrawn,
    caseId: input.caseId,
    reference: input.reference,
    area: input.area,
    agendaLabel: agendaItemLabel(input.agendaItem),
    urgencyLabel: URGENCY_LABELS[input.urgency],
    patientLabel: patientLabel(maskedInitials(input.initials), maskedBirthYear(input.birthYear)),
    meetingLabel: input.meetingLabel,
    noAcksLine: noAcknowledgementsLine(),
    acks,
  });
}

const ACK_COLORS: Readonly<Record<AckState, string>> = {
  open: 'default',
  overdue: 'attention',
  confirmed: 'good',
  confirmed_late: 'warning',
};

export interface CaseConfirmationCardInput {
  caseId: string;
  /** When given, "Anmäl ett till" carries it in its `case.form` data. */
  meetingId?: string;
  reference: string;
  meetingLabel: string;
  /** `agendaItemLabel(item)`. */
  agendaLabel: string;
  /** `urgencyLabel(urgency)`. */
  urgencyLabel: string;
  initials: string;
  birthYear: number;
}

/** The answer to an accepted `case.submit`, to the submitter only. */
export function caseConfirmationCard(input: CaseConfirmationCardInput): AdaptiveCard {
  return renderTemplate(caseConfirmationTemplate, {
    caseId: input.caseId,
    reference: input.reference,
    meetingLabel: input.meetingLabel,
    agendaLabel: input.agendaLabel,
    urgencyLabel: input.urgencyLabel,
    patientLabel: patientLabel(maskedInitials(input.initials), maskedBirthYear(input.birthYear)),
    caseFormData: input.meetingId ? { meetingId: input.meetingId } : {},
  });
}

export interface FollowUpReminderCardInput {
  /** Non-null when the card goes to the channel: the responsible person is @mentioned. */
  person: MentionPerson | null;
  /** Carried by "Visa ärendet" (`case.view`): what was decided last time, before the case comes up again. */
  caseId: string;
  reference: string;
  initials: string;
  birthYear: number;
  /** The follow-up date, e.g. `formatLocalDate(date)`. */
  followUpLabel: string;
  /** The meeting where the case comes up under point 3, e.g. `formatMeetingTime(date, time)`. */
  meetingLabel: string;
}

/** The follow-up date of a case has come: it is on point 3 of the next meeting (DOMAIN.md §3). */
export function followUpReminderCard(input: FollowUpReminderCardInput): AdaptiveCard {
  const patient = patientLabel(maskedInitials(input.initials), maskedBirthYear(input.birthYear));
  const card = renderTemplate(followUpReminderTemplate, {
    mentionLine: input.person ? MENTION_LINES.responsible(mentionText(input.person)) : '',
    reference: input.reference,
    dueLine: followUpDueLine(input.reference, patient, input.followUpLabel),
    meetingLine: followUpMeetingLine(input.meetingLabel),
    caseId: input.caseId,
    viewTitle: ACK_TEXTS.view,
  });
  return input.person ? withMentions(card, [input.person]) : card;
}

/** The answer to an accepted `case.withdraw`. */
export function caseWithdrawnCard(input: { reference: string }): AdaptiveCard {
  return renderTemplate(caseWithdrawnTemplate, { reference: input.reference });
}

const INITIALS = /^(\p{Lu}\.){1,3}$/u;

/**
 * Initials as services/cases/masking.ts makes them ("A.E."). Anything else — a caller that
 * passed the full name by mistake — is reduced to initials here, so the channel never shows
 * more than the routine allows.
 */
export function maskedInitials(value: string): string {
  const trimmed = value.trim().normalize('NFC');
  if (INITIALS.test(trimmed)) return trimmed;
  return initialsOf(trimmed) || UNKNOWN_VALUE;
}

/** A birth year is four digits; anything else (say, a whole personnummer) is not shown. */
export function maskedBirthYear(value: number): string {
  return Number.isInteger(value) && value >= 1850 && value <= 2200 ? String(value) : UNKNOWN_VALUE;
}
