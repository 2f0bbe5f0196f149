// The compact form of each card that grows with a meeting's size, sent instead of the full card
// when that would not fit in a Teams message (services/outbox/messageBudget.ts). Built from the
// same input as the full card, it lists references and counts only — never more than the full card
// shows (DOMAIN.md §6) — and is bounded by construction: however large the meeting, it fits.
import type { AckReminderCardInput, EscalationCardInput } from './ackCards';
import { withLeaderRefresh, type AgendaCardInput, type SubmissionReminderCardInput } from './agendaCards';
import { COMPACT_TEXTS } from './compactCards.sv';
import { MEETING_DECISIONS_TEXTS } from './myCasesTexts.sv';
import { leaderViewCard, type LeaderViewInput, type MeetingSummaryCardInput } from './meetingRunCards';
import { mentionText, withMentions, type MentionPerson } from './mentions';
import { renderTemplate, type AdaptiveCard } from './render';
import compactTemplate from './templates/compact.json';
import {
  ACK_TEXTS,
  AGENDA_POINTS,
  agendaPointLabel,
  BUTTON_TITLES,
  caseCountLabel,
  ESCALATION_TEXTS,
  escalationReasonLine,
  leaderLine,
  MEETING_RUN_TEXTS,
  meetingRunningLine,
  MENTION_LINES,
  submitBeforeLine,
  SUMMARY_TEXTS,
  totalCasesLine,
} from './texts.sv';

/** References listed per list; about 10 characters each, so a list stays within a few kilobytes. */
export const MAX_COMPACT_REFERENCES = 300;
/** People @mentioned on a compact card; each mention costs an entity of a few hundred bytes. */
export const MAX_COMPACT_MENTIONS = 40;
/** Late cases the compact leader view offers to take up (each has its own button). */
export const MAX_COMPACT_LATE_CASES = 20;
/** The leader's point-1 note as the compact leader view keeps it. */
const MAX_COMPACT_NOTE_LENGTH = 2_000;

interface Section {
  heading: string;
  text: string;
}

interface CompactAction {
  title: string;
  verb: string;
  data: Record<string, unknown>;
}

interface CompactCardInput {
  title: string;
  titleColor?: 'default' | 'attention';
  intro: string[];
  statusLine?: string;
  sections: Section[];
  actions?: CompactAction[];
}

function compactCard(input: CompactCardInput): AdaptiveCard {
  return renderTemplate(compactTemplate, {
    title: input.title,
    titleColor: input.titleColor ?? 'default',
    intro: input.intro.filter((line) => line.trim() !== ''),
    statusLine: input.statusLine ?? '',
    sections: input.sections,
    note: COMPACT_TEXTS.shortenedNote,
    actions: input.actions ?? [],
  });
}

/** "SA-K7QX4, SA-M3PL8 … och 12 till – se tavlan". */
export function referenceList(references: readonly string[], none: string = COMPACT_TEXTS.noCases): string {
  if (references.length === 0) return none;
  const shown = references.slice(0, MAX_COMPACT_REFERENCES).join(', ');
  const more = references.length - MAX_COMPACT_REFERENCES;
  return more > 0 ? `${shown} ${COMPACT_TEXTS.more(more)}` : shown;
}

/** Each person once, at most MAX_COMPACT_MENTIONS. */
function distinctPeople(people: readonly MentionPerson[]): MentionPerson[] {
  const seen = new Map<string, MentionPerson>();
  for (const person of people) if (!seen.has(person.id)) seen.set(person.id, person);
  return [...seen.values()].slice(0, MAX_COMPACT_MENTIONS);
}

/** The dagordning as references per point: every case still has its place, none its details. */
export function compactAgendaCard(input: AgendaCardInput): AdaptiveCard {
  const ended = input.ended === true;
  const running = !ended && input.running ? input.running : null;
  const sections = AGENDA_POINTS.map((point): Section => {
    const cases = input.points.filter((entry) => entry.point === point).flatMap((entry) => entry.cases);
    const takesCases = point >= 2 && point <= 5;
    return {
      heading: takesCases ? `${agendaPointLabel(point)} – ${caseCountLabel(cases.length)}` : agendaPointLabel(point),
      text: takesCases ? referenceList(cases.map((line) => line.reference)) : '',
    };
  });
  for (const slot of input.slots) sections.push({ heading: `${COMPACT_TEXTS.slotsHeading}: ${slot.startLabel} – ${slot.area}`, text: referenceList(slot.references) });
  const meetingData = { meetingId: input.meetingId, meetingDate: input.meetingDate };
  const card = compactCard({
    title: COMPACT_TEXTS.agendaTitle,
    intro: [COMPACT_TEXTS.meeting(input.meetingLabel), COMPACT_TEXTS.area(input.area), leaderLine(input.leaderLabel), input.holidayNote?.trim() ?? ''],
    statusLine: ended ? MEETING_RUN_TEXTS.ended : running ? meetingRunningLine(running.point) : '',
    sections,
    actions: [
      { title: BUTTON_TITLES.caseForm, verb: 'case.form', data: { meetingId: input.meetingId } },
      { title: COMPACT_TEXTS.changeLeader, verb: 'leader.form', data: { meetingId: input.meetingId } },
      ...(!ended && running === null ? [{ title: MEETING_RUN_TEXTS.startMeeting, verb: 'meeting.start', data: meetingData }] : []),
    ],
  });
  return running ? withLeaderRefresh(card, input, running.leaderId) : card;
}

/** The summary as references and counts; the responsible people are still @mentioned, once each. */
export function compactMeetingSummaryCard(input: MeetingSummaryCardInput): AdaptiveCard {
  const decided = input.decided;
  const withFollowUp = decided.filter((entry) => entry.followUpLabel !== null && entry.followUpLabel.trim() !== '').length;
  const responsible = distinctPeople(decided.flatMap((entry) => [entry.responsible, ...(entry.sipCoordinator ? [entry.sipCoordinator] : [])]));
  const sections: Section[] = [
    {
      heading: COMPACT_TEXTS.decisions(decided.length),
      text:
        decided.length === 0
          ? SUMMARY_TEXTS.noDecisions
          : `${referenceList(decided.map((entry) => entry.reference))}\n\n${COMPACT_TEXTS.decisionCounts(
              withFollowUp,
              decided.length - withFollowUp,
              decided.filter((entry) => entry.sipCoordinator !== null || (entry.sipSummonsLabel ?? '') !== '').length,
              decided.filter((entry) => entry.escalated).length,
            )}`,
    },
    ...(responsible.length > 0 ? [{ heading: COMPACT_TEXTS.responsibleHeading, text: responsible.map(mentionText).join(', ') }] : []),
    ...(input.carriedOver.length > 0
      ? [{ heading: COMPACT_TEXTS.carriedOver(input.nextMeetingLabel, input.carriedOver.length), text: referenceList(input.carriedOver.map((entry) => entry.reference)) }]
      : []),
  ];
  const card = compactCard({
    title: SUMMARY_TEXTS.title,
    intro: [input.meetingLabel, COMPACT_TEXTS.area(input.area), leaderLine(input.leader ? mentionText(input.leader) : null), SUMMARY_TEXTS.decisionsInCase, SUMMARY_TEXTS.ackLine],
    sections,
    // As on the full card: the decisions open privately, a page at a time.
    actions: decided.length > 0 ? [{ title: MEETING_DECISIONS_TEXTS.openAll, verb: 'meeting.decisions', data: { meetingId: input.meetingId, meetingDate: input.meetingDate } }] : [],
  });
  return withMentions(card, [...(input.leader ? [input.leader] : []), ...responsible]);
}

/** The kvittens reminder as references; the buttons are on the case cards and the board. */
export function compactAckReminderCard(input: AckReminderCardInput): AdaptiveCard {
  const card = compactCard({
    title: COMPACT_TEXTS.ackReminderTitle,
    intro: [input.person ? MENTION_LINES.ackOwed(mentionText(input.person)) : '', COMPACT_TEXTS.ackWhere],
    sections: [{ heading: COMPACT_TEXTS.acksWaiting(input.items.length), text: referenceList(input.items.map((item) => item.reference), ACK_TEXTS.nothingToAck) }],
  });
  return input.person ? withMentions(card, [input.person]) : card;
}

/** The escalation as references; the meeting's reason only in a personal chat, as on the full card. */
export function compactEscalationCard(input: EscalationCardInput): AdaptiveCard {
  const onlyCases = input.items.length > 0 && input.items.every((item) => item.kind === 'case');
  const reason = input.reason?.trim() ?? '';
  const card = compactCard({
    title: onlyCases ? ESCALATION_TEXTS.escalatedTitle : ESCALATION_TEXTS.overdueTitle,
    titleColor: 'attention',
    intro: [
      input.person ? MENTION_LINES.manager(mentionText(input.person)) : '',
      COMPACT_TEXTS.area(input.area),
      reason === '' ? '' : input.person ? ESCALATION_TEXTS.reasonWithheldInChannel : escalationReasonLine(reason),
    ],
    sections: [{ heading: COMPACT_TEXTS.escalatedItems(input.items.length), text: referenceList(input.items.map((item) => item.reference)) }],
  });
  return input.person ? withMentions(card, [input.person]) : card;
}

/** The day-before reminder without its @mentions of the whole roster. */
export function compactSubmissionReminderCard(input: SubmissionReminderCardInput): AdaptiveCard {
  return compactCard({
    title: COMPACT_TEXTS.submissionReminderTitle,
    intro: [COMPACT_TEXTS.rosterLine, COMPACT_TEXTS.meeting(input.meetingLabel), COMPACT_TEXTS.area(input.area), submitBeforeLine(input.cutoffLabel), leaderLine(input.leaderLabel)],
    sections: [{ heading: totalCasesLine(input.total), text: input.counts.map((entry) => `${entry.agendaLabel}: ${caseCountLabel(entry.count)}`).join('\n\n') }],
    actions: [{ title: BUTTON_TITLES.caseForm, verb: 'case.form', data: { meetingId: input.meetingId } }],
  });
}

/**
 * The leader's view with its buttons (the leader decides from it) but without the details of each
 * case, and with fewer late cases: a view of a meeting with very many cases still fits.
 */
export function compactLeaderViewCard(input: LeaderViewInput): AdaptiveCard {
  return leaderViewCard({
    ...input,
    areaNote: input.areaNote.slice(0, MAX_COMPACT_NOTE_LENGTH),
    cases: input.cases.map((entry) => ({ ...entry, urgencyLabel: '', dischargeLabel: null, decisionLine: entry.decisionLine === null ? null : COMPACT_TEXTS.decided })),
    lateCases: (input.lateCases ?? []).slice(0, MAX_COMPACT_LATE_CASES).map((entry) => ({ ...entry, urgencyLabel: '' })),
    notice: [input.notice ?? '', COMPACT_TEXTS.leaderViewShortened].filter((part) => part.trim() !== '').join(' '),
  });
}

/** For a notice with no compact form of its own: what it was about, and where to look. */
export function oversizeNoticeCard(summary: string | null): AdaptiveCard {
  return compactCard({ title: summary?.trim() || COMPACT_TEXTS.oversizeTitle, intro: [COMPACT_TEXTS.oversizeLine], sections: [] });
}
