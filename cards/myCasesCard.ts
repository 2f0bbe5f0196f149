// "Mina ärenden": one person's open work across their meetings, and the list of one meeting's
// decisions behind the summary. Masked lines only; each opens the whole case privately.
import type { MyCaseRef, MyWork } from '../services/domain/caseViews';
import type { LocalDate } from '../services/domain/codes';
import { maskedBirthYear, maskedInitials } from './caseCards';
import { caseViewData } from './caseDetailCard';
import { MEETING_DECISIONS_TEXTS, MY_CASES_TEXTS } from './myCasesTexts.sv';
import { renderTemplate, type AdaptiveCard } from './render';
import meetingDecisionsTemplate from './templates/meetingDecisions.json';
import myCasesTemplate from './templates/myCases.json';
import myCasesInChannelTemplate from './templates/myCasesInChannel.json';
import { BUTTON_TITLES, CASE_STATUS_LABELS, formatInstant, formatLocalDate, maskedCaseLine, patientLabel, roleLabel } from './texts.sv';

/** Each section lists at most this many; the count of the rest is given. */
export const MAX_MY_CASES_PER_SECTION = 10;

export interface MyCasesCardInput {
  work: MyWork;
  /** False when the person is on no meeting's roster: the card says how to join one. */
  onAnyRoster: boolean;
  /** e.g. the kvittens just given from this list. */
  notice?: string;
}

interface Item {
  caseLine: string;
  detail: string;
  color: 'default' | 'attention' | 'good';
  ackId: string;
  caseId: string;
}

const caseLine = (ref: MyCaseRef) => maskedCaseLine([ref.reference, patientLabel(maskedInitials(ref.initials), maskedBirthYear(ref.birthYear))]);

function section(heading: (count: number) => string, items: Item[]) {
  const shown = items.slice(0, MAX_MY_CASES_PER_SECTION);
  return { heading: heading(items.length), items: shown, moreLine: items.length > shown.length ? MY_CASES_TEXTS.more(items.length - shown.length) : '' };
}

/** The caller's own list: kvittenser to give, responsibilities, SIP assignments, own submissions. */
export function myCasesCard(input: MyCasesCardInput): AdaptiveCard {
  const t = MY_CASES_TEXTS;
  const { work } = input;
  const sections = [
    section(t.acksHeading, work.acks.map((item) => ({
      caseLine: caseLine(item.case),
      detail: item.overdue ? maskedCaseLine([t.ackLine(roleLabel(item.ack.role), formatInstant(item.ack.dueAt)), t.ackOverdue]) : maskedCaseLine([t.ackLine(roleLabel(item.ack.role), formatInstant(item.ack.dueAt)), item.ack.assigneeUserId ? t.actionFor : '']),
      color: item.overdue ? 'attention' : 'default',
      ackId: item.ackId,
      caseId: item.case.caseId,
    }))),
    section(t.responsibleHeading, work.responsible.map((item) => ({
      caseLine: caseLine(item.case),
      detail: maskedCaseLine([
        item.followUpDate === null ? t.noFollowUp : item.overdue ? t.followUpOverdue(formatLocalDate(item.followUpDate)) : t.followUpLine(formatLocalDate(item.followUpDate)),
        t.decidedAt(formatLocalDate(item.meetingDate)),
      ]),
      color: item.overdue ? 'attention' : 'default',
      ackId: '',
      caseId: item.case.caseId,
    }))),
    section(t.sipHeading, work.sip.map((item) => ({
      caseLine: caseLine(item.case),
      detail: item.overdue ? t.sipOverdue(formatLocalDate(item.summonsDue)) : t.sipLine(formatLocalDate(item.summonsDue)),
      color: item.overdue ? 'attention' : 'default',
      ackId: '',
      caseId: item.case.caseId,
    }))),
    section(t.submittedHeading, work.submitted.map((item) => ({
      caseLine: caseLine(item.case),
      detail: t.submittedLine(CASE_STATUS_LABELS[item.case.status], formatLocalDate(item.meetingDate)),
      color: 'default',
      ackId: '',
      caseId: item.case.caseId,
    }))),
  ].filter((entry) => entry.items.length > 0);
  const openWork = work.acks.length + work.responsible.length + work.sip.length;
  return renderTemplate(myCasesTemplate, {
    title: t.title,
    privacyLine: t.privacyLine,
    notice: input.notice ?? '',
    emptyLine: !input.onAnyRoster ? t.noMeetings : openWork === 0 ? t.nothing : '',
    sections,
    ackTitle: t.ack,
    viewTitle: t.view,
    refreshTitle: t.refresh,
    helpTitle: BUTTON_TITLES.help,
  });
}

/** Posted in a channel for `@Samordna mina`: a button that opens the list for the presser alone. */
export function myCasesInChannelCard(): AdaptiveCard {
  const t = MY_CASES_TEXTS;
  return renderTemplate(myCasesInChannelTemplate, { title: t.inChannelTitle, line: t.inChannelLine, open: t.open });
}

export interface MeetingDecisionLine {
  caseId: string;
  reference: string;
  initials: string;
  birthYear: number;
  agendaLabel: string;
  responsibleName: string;
  followUpDate: LocalDate | null;
  sip: { coordinatorName: string; summonsDue: LocalDate } | null;
  escalated: boolean;
}

export interface MeetingDecisionsCardInput {
  meetingId: string;
  meetingDate: LocalDate;
  meetingLabel: string;
  decisions: MeetingDecisionLine[];
  /** Which page of the list, from 0; out of range shows the last page. */
  page?: number;
}

/** Decisions per page: each has its own button, and a page must fit in one Teams message. */
export const MEETING_DECISIONS_PER_PAGE = 20;

/** Behind the summary's "Visa besluten": every decided case with a private "Visa ärendet". */
export function meetingDecisionsCard(input: MeetingDecisionsCardInput): AdaptiveCard {
  const t = MEETING_DECISIONS_TEXTS;
  const pages = Math.max(1, Math.ceil(input.decisions.length / MEETING_DECISIONS_PER_PAGE));
  const page = Math.min(Math.max(0, Math.trunc(input.page ?? 0)), pages - 1);
  const first = page * MEETING_DECISIONS_PER_PAGE;
  const shown = input.decisions.slice(first, first + MEETING_DECISIONS_PER_PAGE);
  const meetingData = { meetingId: input.meetingId, meetingDate: input.meetingDate };
  const origin = { from: 'decisions' as const, ...meetingData };
  return renderTemplate(meetingDecisionsTemplate, {
    title: t.title(input.meetingLabel),
    privacyLine: t.privacyLine,
    noneLine: input.decisions.length === 0 ? t.none : '',
    decisions: shown.map((decision) => ({
      caseLine: maskedCaseLine([decision.reference, patientLabel(maskedInitials(decision.initials), maskedBirthYear(decision.birthYear)), decision.agendaLabel]),
      decisionLine: maskedCaseLine([
        t.responsible(decision.responsibleName),
        decision.followUpDate ? t.followUp(formatLocalDate(decision.followUpDate)) : t.closes,
        decision.sip ? t.sip(decision.sip.coordinatorName, formatLocalDate(decision.sip.summonsDue)) : '',
      ]),
      escalated: decision.escalated,
      viewData: caseViewData(decision.caseId, origin),
    })),
    pageLine: pages > 1 ? t.page(first + 1, first + shown.length, input.decisions.length) : '',
    texts: { escalated: t.escalated, view: t.view },
    pageActions: [
      ...(page > 0 ? [{ title: t.previousPage, data: { ...meetingData, page: String(page - 1) } }] : []),
      ...(page < pages - 1 ? [{ title: t.nextPage, data: { ...meetingData, page: String(page + 1) } }] : []),
    ],
    back: { title: t.back, data: meetingData },
  });
}
