// Running the samordningsmöte (DOMAIN.md §3): the leader's own view, point by point, the form for
// one case's decision, and the summary posted to the channel when the meeting ends.
import { MAX_AGENDA_CASES_PER_POINT, withLeaderRefresh } from './agendaCards';
import { maskedBirthYear, maskedInitials } from './caseCards';
import { applyFormState } from './formState';
import { MEETING_DECISIONS_TEXTS } from './myCasesTexts.sv';
import { mentionText, withMentions, type MentionPerson } from './mentions';
import { renderTemplate, type AdaptiveCard } from './render';
import decisionFormTemplate from './templates/decisionForm.json';
import leaderViewTemplate from './templates/leaderView.json';
import meetingSummaryTemplate from './templates/meetingSummary.json';
import meetingEndReminderTemplate from './templates/meetingEndReminder.json';
import {
  AGENDA_TEXTS,
  DECISION_TEXTS,
  decidedCountLine,
  FORM_TEXTS,
  leaderLine,
  maskedCaseLine,
  MEETING_RUN_TEXTS,
  meetingStepLine,
  MENTION_LINES,
  moreCasesLine,
  patientLabel,
  SUMMARY_TEXTS,
  type AgendaPoint,
} from './texts.sv';

const maskedPatient = (initials: string, birthYear: number) =>
  patientLabel(maskedInitials(initials), maskedBirthYear(birthYear));

// ---------------------------------------------------------------------------------------------
// The leader's view

export interface LeaderViewCase {
  caseId: string;
  reference: string;
  initials: string;
  birthYear: number;
  /** `urgencyLabel(urgency)`. */
  urgencyLabel: string;
  /** The agenda point the case is taken up under. */
  point: 2 | 3 | 4 | 5;
  /** True for a case whose follow-up date has come (point 3). */
  followUpDue: boolean;
  /** Discharge cases (point 5): e.g. `dischargeLine(...)`; null otherwise. */
  dischargeLabel: string | null;
  /** e.g. `decisionSummaryLine(name, followUpLabel)`; null while the case has no decision. */
  decisionLine: string | null;
}

export interface LeaderViewInput {
  meetingId: string;
  /** YYYY-MM-DD, the meeting occurrence; goes back in every button's data. */
  meetingDate: string;
  area: string;
  meetingLabel: string;
  /** The Teams user id of the leader: the only one Teams refreshes the card for. */
  leaderId: string;
  /** The point the leader is at. */
  point: AgendaPoint;
  /** What was noted under point 1 so far ('' when nothing). */
  areaNote: string;
  /** All cases of the meeting; the view shows those of `point`. */
  cases: LeaderViewCase[];
  decidedCount: number;
  totalCount: number;
  /** A confirmation, e.g. "Beslutet för SA-K7QX4 är sparat."; null when there is none. */
  notice: string | null;
  /** Cases that came in after the cut-off; at point 1 the leader may take them up today. */
  lateCases?: { caseId: string; reference: string; initials: string; birthYear: number; urgencyLabel: string }[];
}

/**
 * The leader's own view while the meeting runs, one agenda point at a time. Answers
 * `meeting.start`, `meeting.view`, `meeting.point` and a saved `case.decide`; it must only reach
 * the leader (invoke response), and its `refresh` keeps Teams showing it to the leader only.
 */
export function leaderViewCard(input: LeaderViewInput): AdaptiveCard {
  const point = input.point;
  const meetingData = { meetingId: input.meetingId, meetingDate: input.meetingDate };
  const atPoint = input.cases.filter((entry) => entry.point === point);
  // Over the limit the undecided cases come first, so every case still to decide has its button.
  const ordered =
    atPoint.length > MAX_AGENDA_CASES_PER_POINT
      ? [...atPoint.filter((entry) => entry.decisionLine === null), ...atPoint.filter((entry) => entry.decisionLine !== null)]
      : atPoint;
  const shown = ordered.slice(0, MAX_AGENDA_CASES_PER_POINT);
  const isCasePoint = point >= 2 && point <= 5;
  const card = renderTemplate(leaderViewTemplate, {
    title: MEETING_RUN_TEXTS.leaderTitle,
    meetingLabel: input.meetingLabel,
    area: input.area,
    notice: input.notice?.trim() ?? '',
    stepLine: meetingStepLine(point),
    isNotePoint: point === 1,
    lateTitle: MEETING_RUN_TEXTS.lateTitle,
    lateIntro: MEETING_RUN_TEXTS.lateIntro,
    lateCases: (input.lateCases ?? []).map((entry) => ({
      line: maskedCaseLine([entry.reference, maskedPatient(entry.initials, entry.birthYear), entry.urgencyLabel]),
      buttonTitle: MEETING_RUN_TEXTS.acceptLate,
      buttonData: { ...meetingData, caseId: entry.caseId },
    })),
    areaNoteLabel: MEETING_RUN_TEXTS.areaNoteLabel,
    areaNote: input.areaNote ?? '',
    isCasePoint,
    cases: isCasePoint
      ? shown.map((entry) => {
          const decided = entry.decisionLine !== null && entry.decisionLine.trim() !== '';
          return {
            reference: entry.reference,
            details: ` · ${maskedCaseLine([maskedPatient(entry.initials, entry.birthYear), entry.urgencyLabel, entry.dischargeLabel ?? ''])}`,
            followUp: entry.followUpDue === true,
            decided,
            decisionText: decided ? (entry.decisionLine as string) : MEETING_RUN_TEXTS.noDecisionYet,
            buttonTitle: decided ? MEETING_RUN_TEXTS.changeDecision : MEETING_RUN_TEXTS.decide,
            buttonData: { ...meetingData, caseId: entry.caseId },
          };
        })
      : [],
    followUpText: AGENDA_TEXTS.followUp,
    showEmpty: isCasePoint && atPoint.length === 0,
    noCasesText: MEETING_RUN_TEXTS.noCasesAtPoint,
    more: isCasePoint && atPoint.length > shown.length ? moreCasesLine(atPoint.length - shown.length) : '',
    isSummaryPoint: point === 6,
    decidedLine: decidedCountLine(input.decidedCount, input.totalCount),
    undecidedLine: MEETING_RUN_TEXTS.undecidedMoveOn,
    endTitle: MEETING_RUN_TEXTS.endMeeting,
    saveTitle: MEETING_RUN_TEXTS.saveAndNext,
    hasPrevious: point > 1,
    hasNext: point < 6,
    previousTitle: MEETING_RUN_TEXTS.previousPoint,
    nextTitle: MEETING_RUN_TEXTS.nextPoint,
    meetingData,
    previousData: { ...meetingData, point: point - 1 },
    nextData: { ...meetingData, point: point + 1 },
    privacyLine: MEETING_RUN_TEXTS.onlyForYou,
  });
  return withLeaderRefresh(card, meetingData, input.leaderId);
}

// ---------------------------------------------------------------------------------------------
// One case's decision

export type DecisionField =
  | 'actions'
  | 'responsible'
  | 'followUpDate'
  | 'sipNeeded'
  | 'sipCoordinator'
  | 'escalate'
  | 'escalationReason';

export const DECISION_FIELDS: readonly DecisionField[] = [
  'actions',
  'responsible',
  'followUpDate',
  'sipNeeded',
  'sipCoordinator',
  'escalate',
  'escalationReason',
];

export interface DecisionFormInput {
  meetingId: string;
  meetingDate: string;
  caseId: string;
  reference: string;
  initials: string;
  birthYear: number;
  /** `agendaPointLabel(point)`. */
  agendaLabel: string;
  /** The roster: who can be responsible or SIP coordinator (value = Teams user id). */
  members: { id: string; name: string; roleLabel: string }[];
  /** YYYY-MM-DD (Stockholm); the follow-up date has to lie after it. */
  today: string;
  /** The saved decision (when changing it) or what was typed on a rejected `case.decide`. */
  values: Partial<Record<DecisionField, string>>;
  issues: Record<string, string>;
}

/** The form for one case's decision (`case.decision`); only ever sent to the leader. */
export function decisionFormCard(input: DecisionFormInput): AdaptiveCard {
  const meetingData = { meetingId: input.meetingId, meetingDate: input.meetingDate };
  const card = renderTemplate(decisionFormTemplate, {
    title: DECISION_TEXTS.title(input.reference),
    caseLine: maskedCaseLine([maskedPatient(input.initials, input.birthYear), input.agendaLabel]),
    privacyLine: DECISION_TEXTS.privacyLine,
    texts: DECISION_TEXTS_FOR_TEMPLATE,
    members: input.members.map((member) => ({ title: `${member.name} (${member.roleLabel})`, value: member.id })),
    minDate: dayAfter(input.today),
    decideData: { ...meetingData, caseId: input.caseId },
    meetingData,
  });
  return applyFormState(card, input, FORM_TEXTS.checkMarkedFields);
}

// The template reads plain strings; DECISION_TEXTS.title is a function.
const { title: _title, ...DECISION_TEXTS_FOR_TEMPLATE } = DECISION_TEXTS;

/** "2026-11-24" → "2026-11-25": the earliest follow-up date. */
export function dayAfter(date: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) throw new RangeError(`Not a local date (YYYY-MM-DD): ${date}`);
  const next = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]) + 1, 12));
  return next.toISOString().slice(0, 10);
}

// ---------------------------------------------------------------------------------------------
// The summary in the channel

export interface SummaryCaseLine {
  reference: string;
  initials: string;
  birthYear: number;
  /** `agendaPointLabel(point)`. */
  agendaLabel: string;
  responsible: MentionPerson;
  /** e.g. `formatLocalDate(followUpDate)`; null when the case is closed. */
  followUpLabel: string | null;
  sipCoordinator: MentionPerson | null;
  /** When a SIP is needed: the last day to send the summons (3 vardagar after the need was known). */
  sipSummonsLabel?: string | null;
  escalated: boolean;
}

export interface MeetingSummaryCardInput {
  /** Carried by "Visa besluten" (`meeting.decisions`): the decisions, privately, each with its case. */
  meetingId: string;
  meetingDate: string;
  area: string;
  meetingLabel: string;
  leader: MentionPerson | null;
  decided: SummaryCaseLine[];
  carriedOver: { reference: string; initials: string; birthYear: number }[];
  /** e.g. `formatMeetingTime(date, time)` of the next meeting. */
  nextMeetingLabel: string;
}

/** At most this many cases per list, so the summary of a busy meeting still fits in a message. */
export const MAX_SUMMARY_CASES = 60;

/**
 * Posted in the channel when the meeting ends (point 6). Shows only what the channel may show
 * (DOMAIN.md §6): the decided actions are free text and stay in the case.
 */
export function meetingSummaryCard(input: MeetingSummaryCardInput): AdaptiveCard {
  const decided = input.decided.slice(0, MAX_SUMMARY_CASES);
  const carried = input.carriedOver.slice(0, MAX_SUMMARY_CASES);
  const card = renderTemplate(meetingSummaryTemplate, {
    title: SUMMARY_TEXTS.title,
    meetingLabel: input.meetingLabel,
    area: input.area,
    leaderLine: leaderLine(input.leader ? mentionText(input.leader) : null),
    decisionsHeading: SUMMARY_TEXTS.decisionsHeading(input.decided.length),
    noDecisionsText: SUMMARY_TEXTS.noDecisions,
    decided: decided.map((entry) => ({
      caseLine: maskedCaseLine([entry.reference, maskedPatient(entry.initials, entry.birthYear), entry.agendaLabel]),
      decisionLine: maskedCaseLine([
        MENTION_LINES.responsible(mentionText(entry.responsible)),
        entry.followUpLabel !== null && entry.followUpLabel.trim() !== ''
          ? SUMMARY_TEXTS.followUp(entry.followUpLabel)
          : SUMMARY_TEXTS.noFollowUp,
        entry.sipCoordinator ? SUMMARY_TEXTS.sipCoordinator(mentionText(entry.sipCoordinator)) : '',
        entry.sipSummonsLabel ? SUMMARY_TEXTS.sipSummons(entry.sipSummonsLabel) : '',
      ]),
      escalated: entry.escalated === true,
    })),
    escalatedText: SUMMARY_TEXTS.escalated,
    moreDecided: input.decided.length > decided.length ? moreCasesLine(input.decided.length - decided.length) : '',
    decisionsInCaseText: SUMMARY_TEXTS.decisionsInCase,
    carriedOverHeading: SUMMARY_TEXTS.carriedOverHeading(input.nextMeetingLabel),
    carriedOver: carried.map((entry) => ({
      line: maskedCaseLine([entry.reference, maskedPatient(entry.initials, entry.birthYear)]),
    })),
    moreCarriedOver:
      input.carriedOver.length > carried.length ? moreCasesLine(input.carriedOver.length - carried.length) : '',
    ackText: SUMMARY_TEXTS.ackLine,
    decisionsData: { meetingId: input.meetingId, meetingDate: input.meetingDate },
    openDecisionsTitle: MEETING_DECISIONS_TEXTS.openAll,
  });
  const people: MentionPerson[] = [
    ...(input.leader ? [input.leader] : []),
    ...decided.flatMap((entry) => [entry.responsible, ...(entry.sipCoordinator ? [entry.sipCoordinator] : [])]),
  ];
  return withMentions(
    card,
    people.map((person) => ({ id: person.id, name: person.name })),
  );
}

// ---------------------------------------------------------------------------------------------
// The Teams meeting ended before the Samordna meeting did

export interface MeetingEndReminderInput {
  meetingId: string;
  meetingDate: string;
  meetingLabel: string;
  /** True: the run is going and only needs ending; false: it was never started. */
  running: boolean;
  /** Non-null when posted in the meeting chat: the leader is @mentioned. */
  person: MentionPerson | null;
}

/** To the leader when the Teams meeting ends: end (or start) the run, so the summary and kvittenser go out. */
export function meetingEndReminderCard(input: MeetingEndReminderInput): AdaptiveCard {
  const card = renderTemplate(meetingEndReminderTemplate, {
    mentionLine: input.person ? MENTION_LINES.leader(mentionText(input.person)) : '',
    running: input.running,
    meetingLabel: input.meetingLabel,
    meetingData: { meetingId: input.meetingId, meetingDate: input.meetingDate },
  });
  return input.person ? withMentions(card, [input.person]) : card;
}
