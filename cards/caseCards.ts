import { ROLES, type AgendaItem, type Role, type Urgency } from '../services/domain/codes';
import { initialsOf } from '../services/domain/masking';
import { renderTemplate, type AdaptiveCard } from './render';
import caseChannelTemplate from './templates/caseChannel.json';
import caseConfirmationTemplate from './templates/caseConfirmation.json';
import caseWithdrawnTemplate from './templates/caseWithdrawn.json';
import {
  agendaItemLabel,
  NO_RECIPIENTS,
  patientLabel,
  roleList,
  UNKNOWN_VALUE,
  URGENCY_LABELS,
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
  recipients: readonly Role[];
  status: 'submitted' | 'withdrawn';
}

/** The masked card posted to the channel; re-rendered with `status: 'withdrawn'` to mark it. */
export function caseChannelCard(input: CaseChannelCardInput): AdaptiveCard {
  const recipients = input.recipients.filter((role) => (ROLES as readonly string[]).includes(role));
  return renderTemplate(caseChannelTemplate, {
    withdrawn: input.status === 'withdrawn',
    reference: input.reference,
    area: input.area,
    agendaLabel: agendaItemLabel(input.agendaItem),
    urgencyLabel: URGENCY_LABELS[input.urgency],
    patientLabel: patientLabel(maskedInitials(input.initials), maskedBirthYear(input.birthYear)),
    meetingLabel: input.meetingLabel,
    recipientsLabel: recipients.length > 0 ? roleList(recipients) : NO_RECIPIENTS,
  });
}

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
