// Every card kind that grows with a meeting, at the most it can hold: the inputs a large region's
// busiest week can produce, with the longest values the forms allow (area 100 characters, names at
// the 100 characters a mention keeps, the escalation reason's 500, the point-1 note's 2,000).
import type { AckReminderCardInput, EscalationCardInput } from '../../cards/ackCards';
import type { AgendaCardInput, AgendaCaseLine, SubmissionReminderCardInput } from '../../cards/agendaCards';
import type { LeaderViewCase, LeaderViewInput, MeetingSummaryCardInput } from '../../cards/meetingRunCards';
import type { MentionPerson } from '../../cards/mentions';
import type { CaseDetailCardInput } from '../../cards/caseDetailCard';
import type { JournalInput } from '../../cards/journalCard';
import type { MeetingDecisionsCardInput } from '../../cards/myCasesCard';
import type { DecisionInHistory, MyWork } from '../../services/domain/caseViews';
import { RISK_GROUPS } from '../../services/domain/codes';
import type { Acknowledgement } from '../../services/domain/records';
import { agendaPointLabel, dischargeLine, ROLE_LABELS, URGENCY_LABELS } from '../../cards/texts.sv';

const AREA = `Skellefteå kommun – hemsjukvård, hemtjänst och hälsocentral ${'Å'.repeat(40)}`.slice(0, 100);
const MEETING_LABEL = 'onsdag 30 september 2026 kl. 13:00';
const DAY = 'onsdag 30 september 2026';
const MEETING_ID = '5f0c7e52-0d7c-4f4c-9d55-8a1c3b2f7e11';
const CASE_ID = (i: number) => `0b8f1d4e-6c2a-4e0b-9a7d-${String(i).padStart(12, '0')}`;
const reference = (i: number) => `SA-${(i * 7919).toString(36).toUpperCase().padStart(5, 'Q').slice(-5)}`;

/** A Teams user id and the longest display name a mention keeps. */
export const person = (i: number): MentionPerson => ({
  id: `29:1${'a'.repeat(60)}${String(i).padStart(6, '0')}`,
  name: `Anna-Karin Österberg-Lindqvist ${i} ${'Ö'.repeat(70)}`.slice(0, 100),
});

const dischargeLabel = dischargeLine(`${DAY} kl. 11:59`, 'fredag 2 oktober 2026', 'lördag 3 oktober 2026');

function agendaLine(i: number, point: 2 | 3 | 4 | 5): AgendaCaseLine {
  return {
    reference: reference(i),
    initials: 'Å.Ö.L.',
    birthYear: 1931,
    urgencyLabel: URGENCY_LABELS.next_weekday,
    followUpDue: point === 3,
    dischargeLabel: point === 5 ? dischargeLabel : null,
  };
}

/** 200 cases, 50 under each of points 2–5, a meeting split into six areas, running. */
export function agendaAtMost(): AgendaCardInput {
  const points = ([2, 3, 4, 5] as const).map((point, p) => ({ point, cases: Array.from({ length: 50 }, (_, i) => agendaLine(p * 50 + i, point)) }));
  return {
    meetingId: MEETING_ID,
    meetingDate: '2026-09-30',
    area: AREA,
    meetingLabel: MEETING_LABEL,
    leaderLabel: person(0).name,
    points,
    holidayNote: 'Mötet är flyttat från tisdag 29 september 2026 kl. 13:00, som är en helgdag. Mötet hålls i stället onsdag 30 september 2026 kl. 13:00.',
    slots: Array.from({ length: 6 }, (_, s) => ({ area: `${AREA.slice(0, 60)} ${s}`, startLabel: `kl. 1${3 + s}:00`, references: points.flatMap((entry) => entry.cases).slice(s * 34, s * 34 + 34).map((line) => line.reference) })),
    running: { point: 3, leaderId: person(0).id },
  };
}

/** 100 decisions, each with a responsible person and a SIP coordinator of their own, and 50 carried over. */
export function summaryAtMost(): MeetingSummaryCardInput {
  // Not a literal in the return: it also carries the ids the "Visa ärendet" buttons of the
  // summary and the reminders take (meetingId, meetingDate, caseId), which these card inputs gain.
  const input = {
    meetingId: MEETING_ID,
    meetingDate: '2026-09-30',
    area: AREA,
    meetingLabel: MEETING_LABEL,
    leader: person(0),
    decided: Array.from({ length: 100 }, (_, i) => ({
      reference: reference(i),
      initials: 'Å.Ö.L.',
      birthYear: 1931,
      agendaLabel: agendaPointLabel(2),
      responsible: person(1 + i),
      followUpLabel: i % 3 === 0 ? null : DAY,
      sipCoordinator: person(200 + i),
      sipSummonsLabel: 'fredag 2 oktober 2026',
      escalated: i % 2 === 0,
    })),
    carriedOver: Array.from({ length: 50 }, (_, i) => ({ reference: reference(1000 + i), initials: 'Å.Ö.L.', birthYear: 1931 })),
    nextMeetingLabel: 'onsdag 7 oktober 2026 kl. 13:00',
  };
  return input;
}

function leaderCase(i: number, point: 2 | 3 | 4 | 5): LeaderViewCase {
  return {
    caseId: CASE_ID(i),
    reference: reference(i),
    initials: 'Å.Ö.L.',
    birthYear: 1931,
    urgencyLabel: URGENCY_LABELS.next_weekday,
    point,
    followUpDue: point === 3,
    dischargeLabel: point === 5 ? dischargeLabel : null,
    decisionLine: i % 2 === 0 ? `Ansvarig: ${person(i).name} · uppföljning ${DAY} · SIP · eskalerat` : null,
  };
}

/** A meeting of 200 cases, at `point`; all 200 on that point, and 200 late ones offered at point 1. */
export function leaderViewAtMost(point: LeaderViewInput['point']): LeaderViewInput {
  const atPoint = point >= 2 && point <= 5 ? (point as 2 | 3 | 4 | 5) : 5;
  return {
    meetingId: MEETING_ID,
    meetingDate: '2026-09-30',
    area: AREA,
    meetingLabel: MEETING_LABEL,
    leaderId: person(0).id,
    point,
    areaNote: 'Läget i området: '.padEnd(2_000, 'x'),
    cases: Array.from({ length: 200 }, (_, i) => leaderCase(i, atPoint)),
    decidedCount: 100,
    totalCount: 200,
    notice: `Beslutet för ${reference(1)} är sparat.`,
    lateCases: Array.from({ length: 200 }, (_, i) => ({ caseId: CASE_ID(500 + i), reference: reference(500 + i), initials: 'Å.Ö.L.', birthYear: 1931, urgencyLabel: URGENCY_LABELS.urgent })),
  };
}

const ackItem = (i: number) => ({
  ackId: `c7a2e5d0-3f1b-4a8e-b6c4-${String(i).padStart(12, '0')}`,
  caseId: CASE_ID(i),
  reference: reference(i),
  roleLabel: ROLE_LABELS.home_health_nurse,
  dueLabel: `${DAY} kl. 12:00`,
  initials: 'Å.Ö.L.',
  birthYear: 1931,
});

/** 25 kvittenser for one person, in the channel with an @mention (the larger form). */
export function ackReminderAtMost(items = 25): AckReminderCardInput {
  return { person: person(1), items: Array.from({ length: items }, (_, i) => ackItem(i)) };
}

/** 100 overdue kvittenser and escalated cases, in a personal chat with the meeting's reason. */
export function escalationAtMost(items = 100): EscalationCardInput {
  return {
    person: null,
    area: AREA,
    items: Array.from({ length: items }, (_, i) => ({ ...ackItem(i), roleLabel: ROLE_LABELS.hc_nurse, kind: i % 4 === 0 ? ('case' as const) : ('ack' as const) })),
    reason: 'Skäl: '.padEnd(500, 'ä'),
  };
}

/** The day-before reminder to a roster of 60 (every one @mentioned). */
export function submissionReminderAtMost(roster = 60): SubmissionReminderCardInput {
  return {
    meetingId: MEETING_ID,
    area: AREA,
    meetingLabel: MEETING_LABEL,
    cutoffLabel: `tisdag 29 september 2026 kl. 23:59`,
    counts: ([2, 3, 4, 5] as const).map((point) => ({ agendaLabel: agendaPointLabel(point), count: 50 })),
    total: 200,
    people: Array.from({ length: roster }, (_, i) => person(i)),
    leaderLabel: person(0).name,
  };
}

/** A conversation reference as the outbox stores one for a channel (the transport copies it into the activity). */
export const CHANNEL_REFERENCE = {
  bot: { id: '28:9f8e7d6c-5b4a-3210-fedc-ba9876543210', name: 'Samordna' },
  conversation: { id: '19:1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d@thread.tacv2', conversationType: 'channel', isGroup: true, tenantId: '6babcaad-604b-40ac-a9d7-9fd97c0b779f' },
  channelId: 'msteams',
  locale: 'sv-SE',
  serviceUrl: 'https://smba.trafficmanager.net/emea/6babcaad-604b-40ac-a9d7-9fd97c0b779f/',
};

// ---------------------------------------------------------------------------------------------
// The private views after the meeting, at their longest: the SBAR at every field's maximum, a case
// decided at twelve meetings with the longest actions and reasons, and a person with much to do.

const long = (length: number, text = 'Åtgärd med "citat", radbrytning\noch å ä ö. ') => text.repeat(Math.ceil(length / text.length)).slice(0, length);

export function caseDetailAtMost(): CaseDetailCardInput {
  const omar = { userId: person(1).id, name: person(1).name, role: 'social_worker' as const };
  const decisions: DecisionInHistory[] = Array.from({ length: 12 }, (_, i) => ({
    meetingDate: `2026-${String(12 - Math.floor(i / 4)).padStart(2, '0')}-${String(28 - (i % 4) * 7).padStart(2, '0')}`,
    leader: omar,
    actions: long(2000),
    responsible: omar,
    followUpDate: '2026-12-31',
    sipNeeded: true,
    sipCoordinator: omar,
    sipSummonsDue: '2026-12-03',
    escalated: true,
    escalationReason: long(500),
    escalationAck: null,
    decidedBy: { id: omar.userId, aadObjectId: null, name: omar.name },
    decidedAt: new Date('2026-11-24T12:00:00Z'),
  }));
  const ack = (i: number): Acknowledgement => ({
    _id: CASE_ID(i), meetingId: MEETING_ID, caseId: CASE_ID(0), caseReference: reference(0), role: 'social_worker', assigneeUserId: i % 2 ? omar.userId : null,
    noticeSentAt: new Date('2026-11-24T12:00:00Z'), dueAt: new Date('2026-11-25T11:00:00Z'), dueDate: '2026-11-25', status: 'open', overdueSince: null, confirmedBy: null, confirmedAt: null,
  });
  return {
    caseId: CASE_ID(0),
    reference: reference(0),
    status: 'follow_up',
    agendaItem: 'discharge',
    urgency: 'urgent',
    meetingLabel: MEETING_LABEL,
    riskGroups: [...RISK_GROUPS],
    cfs: 9,
    medicationListCurrent: true,
    sampleReferral: true,
    transferDateLabel: DAY,
    readyForDischargeLabel: `${DAY} kl. 11:59`,
    submittedByLine: `${person(2).name}, ${long(200, 'Distriktssköterska ')}`,
    sensitive: {
      patientName: long(200, 'Åsa-Britt Öhrn '),
      personnummer: '191212121212',
      relativeContact: long(500, 'Dottern, 070-123 45 67 '),
      careUnit: long(200, 'Hälsocentralen '),
      responsiblePhysician: long(200, 'Dr Berg '),
      situation: long(2000),
      background: long(2000),
      assessment: long(2000),
      recommendation: long(2000),
      frequency: long(1000),
      physicianOrder: long(1000),
    },
    history: {
      decisions,
      acknowledgements: Array.from({ length: 10 }, (_, i) => ack(i + 1)),
      events: Array.from({ length: 80 }, (_, i) => ({ action: 'case.decide' as const, at: new Date(Date.UTC(2026, 0, 1 + i)), byName: person(i).name })),
    },
    confirmableAckIds: new Set(Array.from({ length: 10 }, (_, i) => CASE_ID(i + 1))),
    origin: { from: 'decisions', meetingId: MEETING_ID, meetingDate: '2026-11-24' },
  };
}

export function journalAtMost(): JournalInput {
  const detail = caseDetailAtMost();
  return {
    ...detail,
    readyForDischargeAt: new Date('2026-11-23T10:59:00Z'),
    submittedAt: new Date('2026-11-20T09:00:00Z'),
    printedAt: new Date('2026-11-30T09:00:00Z'),
    printedBy: person(1).name,
  };
}

/** Someone on many meetings' rosters with a long list in every section. */
export function myWorkAtMost(): MyWork {
  const ref = (i: number) => ({ caseId: CASE_ID(i), reference: reference(i), meetingId: MEETING_ID, initials: 'Å.Ö.L.', birthYear: 1931, status: 'follow_up' as const });
  const many = <T>(make: (i: number) => T) => Array.from({ length: 200 }, (_, i) => make(i));
  return {
    today: '2026-11-30',
    acks: many((i) => ({ ackId: CASE_ID(i), case: ref(i), ack: { role: 'home_health_nurse', dueAt: new Date('2026-11-25T11:00:00Z'), assigneeUserId: person(1).id }, overdue: true })),
    responsible: many((i) => ({ case: ref(i), meetingDate: '2026-11-24', followUpDate: '2026-11-28', overdue: true })),
    submitted: many((i) => ({ case: ref(i), meetingDate: '2026-12-01', submittedAt: new Date('2026-11-29T10:00:00Z') })),
    sip: many((i) => ({ case: ref(i), meetingDate: '2026-11-24', summonsDue: '2026-11-27', overdue: true })),
  };
}

/** The decisions behind the summary of a 100-decision meeting. */
export function meetingDecisionsAtMost(): MeetingDecisionsCardInput {
  return {
    meetingId: MEETING_ID,
    meetingDate: '2026-09-30',
    meetingLabel: MEETING_LABEL,
    decisions: Array.from({ length: 100 }, (_, i) => ({
      caseId: CASE_ID(i), reference: reference(i), initials: 'Å.Ö.L.', birthYear: 1931, agendaLabel: agendaPointLabel(2), responsibleName: person(i).name,
      followUpDate: '2026-10-14', sip: { coordinatorName: person(i + 1).name, summonsDue: '2026-10-05' }, escalated: true,
    })),
  };
}
