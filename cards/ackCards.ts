// Kvittens (DOMAIN.md §5): the reminder to those who owe one, the escalation to a manager when
// the due time has passed, and the answer to the person who pressed "Kvittera".
import { maskedBirthYear, maskedInitials } from './caseCards';
import { mentionText, withMentions, type MentionPerson } from './mentions';
import { renderTemplate, type AdaptiveCard } from './render';
import ackConfirmedTemplate from './templates/ackConfirmed.json';
import ackReminderTemplate from './templates/ackReminder.json';
import escalationTemplate from './templates/escalation.json';
import {
  ACK_TEXTS,
  ackConfirmedTitle,
  ackDueLine,
  ackLateLine,
  ESCALATION_TEXTS,
  escalationReasonLine,
  escalationRoleLine,
  escalationSinceLine,
  maskedCaseLine,
  MENTION_LINES,
  moreAcksLine,
  patientLabel,
} from './texts.sv';

export interface AckReminderItem {
  /** Carried by the "Kvittera" button as `ack.confirm` data `{ ackId }`. */
  ackId: string;
  /** Carried by "Visa ärendet" (`case.view`), so the case is read before it is acknowledged. */
  caseId: string;
  reference: string;
  /** The role the kvittens is owed for, `roleLabel(role)`. */
  roleLabel: string;
  /** e.g. "idag kl. 12:00" or `formatMeetingTime(dueDate, ackDueTime)`. */
  dueLabel: string;
  initials: string;
  birthYear: number;
}

export interface AckReminderCardInput {
  /** Non-null when the card goes to the channel: the person is @mentioned. Null in a personal chat. */
  person: MentionPerson | null;
  items: AckReminderItem[];
}

/** At most this many items get their own button; the rest are acknowledged on the case cards. */
export const MAX_ACK_REMINDER_ITEMS = 25;

/** The morning reminder to someone who still owes a kvittens, one "Kvittera" button per item. */
export function ackReminderCard(input: AckReminderCardInput): AdaptiveCard {
  const shown = input.items.slice(0, MAX_ACK_REMINDER_ITEMS);
  const card = renderTemplate(ackReminderTemplate, {
    mentionLine: input.person ? MENTION_LINES.ackOwed(mentionText(input.person)) : '',
    buttonTitle: ACK_TEXTS.button,
    viewTitle: ACK_TEXTS.view,
    items: shown.map((item) => ({
      ackId: item.ackId,
      caseId: item.caseId,
      caseLine: maskedCaseLine([item.reference, patientLabel(maskedInitials(item.initials), maskedBirthYear(item.birthYear))]),
      dueLine: ackDueLine(item.roleLabel, item.dueLabel),
    })),
    moreLine: input.items.length > shown.length ? moreAcksLine(input.items.length - shown.length) : '',
    nothingLine: ACK_TEXTS.nothingToAck,
  });
  return input.person ? withMentions(card, [input.person]) : card;
}

export interface EscalationItem {
  /** Carried by "Visa ärendet" (`case.view`). */
  caseId: string;
  reference: string;
  /** Who should have acted: the role owing the kvittens, or the responsible role of an escalated case. */
  roleLabel: string;
  /** Since when: the due time that passed, or when the meeting escalated the case. */
  dueLabel: string;
  initials: string;
  birthYear: number;
  /** `ack`: a kvittens not given by its due time; `case`: a case the meeting escalated. */
  kind: 'ack' | 'case';
}

export interface EscalationCardInput {
  /**
   * Non-null when the card goes to the channel (the manager has no personal chat with the bot):
   * the manager is @mentioned and the meeting's free-text reason is withheld. Null in a
   * personal chat with the manager.
   */
  person: MentionPerson | null;
  area: string;
  items: EscalationItem[];
  /** Free text from the meeting when it escalated a case; shown only in a personal chat. */
  reason: string | null;
}

/** At most this many items are listed; the count of the rest is given. */
export const MAX_ESCALATION_ITEMS = 30;

/** To a manager: what is overdue, for which role and since when, and what the manager can do. */
export function escalationCard(input: EscalationCardInput): AdaptiveCard {
  const shown = input.items.slice(0, MAX_ESCALATION_ITEMS);
  const onlyCases = input.items.length > 0 && input.items.every((item) => item.kind === 'case');
  const reason = input.reason?.trim() ?? '';
  const reasonLine = reason === '' ? '' : input.person ? ESCALATION_TEXTS.reasonWithheldInChannel : escalationReasonLine(reason);
  const more = input.items.length - shown.length;
  const card = renderTemplate(escalationTemplate, {
    title: onlyCases ? ESCALATION_TEXTS.escalatedTitle : ESCALATION_TEXTS.overdueTitle,
    mentionLine: input.person ? MENTION_LINES.manager(mentionText(input.person)) : '',
    area: input.area,
    items: shown.map((item) => {
      const kind = item.kind === 'case' ? 'case' : 'ack';
      return {
        caseId: item.caseId,
        caseLine: maskedCaseLine([item.reference, patientLabel(maskedInitials(item.initials), maskedBirthYear(item.birthYear))]),
        kindLabel: kind === 'case' ? ESCALATION_TEXTS.caseKind : ESCALATION_TEXTS.ackKind,
        roleLine: escalationRoleLine(kind, item.roleLabel),
        sinceLine: escalationSinceLine(kind, item.dueLabel),
      };
    }),
    moreLine: more > 0 ? ESCALATION_TEXTS.more(more) : '',
    reasonLine,
    viewTitle: ACK_TEXTS.view,
  });
  return input.person ? withMentions(card, [input.person]) : card;
}

export interface AckConfirmedCardInput {
  /** "Visa ärendet" opens it again privately. */
  caseId: string;
  reference: string;
  /** The role acknowledged for, `roleLabel(role)`. */
  roleLabel: string;
  /** e.g. `formatMeetingTime(date, time)`. */
  confirmedAtLabel: string;
  /** True when acknowledged after the due time: registered as a late kvittens. */
  late: boolean;
  /** The meeting's due time (`settings.ackDueTime`); 12:00 when not given. */
  dueTime?: string;
}

/** The answer to an accepted `ack.confirm`, to the person who pressed the button. */
export function ackConfirmedCard(input: AckConfirmedCardInput): AdaptiveCard {
  return renderTemplate(ackConfirmedTemplate, {
    title: ackConfirmedTitle(input.roleLabel),
    reference: input.reference,
    confirmedAtLabel: input.confirmedAtLabel,
    late: input.late === true,
    lateLine: ackLateLine(input.dueTime || ACK_TEXTS.defaultDueTime),
    caseId: input.caseId,
    viewTitle: ACK_TEXTS.view,
    myCasesTitle: ACK_TEXTS.myCases,
  });
}
