// Renders the meeting leader's cards to PNG for docs/leader-flow.md, and what follows the meeting
// (the private case view, the journal copy, Mina ärenden) for docs/after-meeting.md.
//
//   npx tsx scripts/render-cards.ts
//
// The cards are the real ones: built by the builders in cards/ from made-up, fully masked sample
// data, then drawn by the official `adaptivecards` JS renderer (a devDependency) in headless
// Chromium. A documentation tool, not part of `npm test`. It needs Debian's Chromium
// (CHROMIUM_PATH, default /usr/bin/chromium); playwright-core never downloads a browser, and the
// page is loaded with setContent, so nothing goes over the network.
//
// What the screenshots are not: Teams itself. Teams draws Adaptive Cards with its own renderer and
// its own styles; the host config and CSS below only imitate its light theme (white card, Segoe UI
// or a metric-compatible fallback, accent #6264A7). `refresh` and `msteams` are Teams features
// the JS renderer ignores, and @mentions are drawn here the way Teams shows them (see IN_PAGE_SCRIPT).
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { chromium } from 'playwright-core';
import type { CaseHistory } from '../services/domain/caseViews';
import type { RiskGroup, Role } from '../services/domain/codes';
import type { Acknowledgement, CaseSensitive, CaseStatus } from '../services/domain/records';
import { zonedInstant } from '../services/time/stockholm';
import {
  ackConfirmedCard,
  caseDetailCard,
  followUpReminderCard,
  journalCard,
  journalText,
  type JournalInput,
  meetingDecisionsCard,
  myCasesCard,
  myCasesInChannelCard,
  agendaCard,
  caseChannelCard,
  decisionFormCard,
  escalationCard,
  ackReminderCard,
  leaderCard,
  leaderViewCard,
  meetingSummaryCard,
  agendaPointLabel,
  dischargeLine,
  formatLocalDate,
  formatMeetingTime,
  roleLabel,
  RUN_TEXTS,
  urgencyLabel,
  type AdaptiveCard,
  type AgendaCardInput,
  type LeaderViewCase,
  type LeaderViewInput,
} from '../cards/index';

const root = path.resolve(__dirname, '..');
const docsDir = path.join(root, 'docs');
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
// `require('adaptivecards')` does not work in Node (it needs a DOM); its UMD bundle is loaded into
// the page instead. require.resolve only finds the file.
const rendererPath = path.join(path.dirname(require.resolve('adaptivecards/package.json')), 'dist', 'adaptivecards.min.js');
const rendererCssPath = path.join(path.dirname(rendererPath), 'adaptivecards.css');

// ---------------------------------------------------------------------------------------------
// Sample data. Everything is invented: staff names are common Swedish names, and a case is only
// ever a reference, initials and a birth year, as the channel is allowed to show it.

const MEETING_ID = 'demo-meeting';
const MEETING_DATE = '2026-11-24'; // a Tuesday
const MEETING_TIME = '13:00';
const NEXT_MEETING_DATE = '2026-12-01';
const AREA = 'Norrfjärden–Rosvik';
const meetingLabel = formatMeetingTime(MEETING_DATE, MEETING_TIME);

const staff = {
  leader: { id: '29:demo-asa', name: 'Åsa Öberg', role: 'hc_nurse' },
  social: { id: '29:demo-omar', name: 'Omar Hassan', role: 'social_worker' },
  homeNurse: { id: '29:demo-lena', name: 'Lena Lindqvist', role: 'home_health_nurse' },
  homeCare: { id: '29:demo-karin', name: 'Karin Nilsson', role: 'home_care' },
  rehab: { id: '29:demo-johan', name: 'Johan Berg', role: 'rehab' },
  physician: { id: '29:demo-maria', name: 'Maria Sundberg', role: 'physician' },
  manager: { id: '29:demo-per', name: 'Per Holm', role: 'manager' },
} as const;
const members = Object.values(staff).map((person) => ({ id: person.id, name: person.name, roleLabel: roleLabel(person.role) }));

// Cases of the day, keyed by the agenda point they are taken up under (2–5).
const cases: LeaderViewCase[] = [
  { caseId: 'c1', reference: 'SA-K7QX4', initials: 'A.E.', birthYear: 1942, urgencyLabel: urgencyLabel('urgent'), point: 2, followUpDue: false, dischargeLabel: null, decisionLine: null },
  { caseId: 'c2', reference: 'SA-M3PT8', initials: 'B.L.', birthYear: 1936, urgencyLabel: urgencyLabel('next_weekday'), point: 2, followUpDue: false, dischargeLabel: null, decisionLine: null },
  { caseId: 'c3', reference: 'SA-R9WD2', initials: 'G.S.', birthYear: 1951, urgencyLabel: urgencyLabel('as_needed'), point: 3, followUpDue: true, dischargeLabel: null, decisionLine: null },
  { caseId: 'c4', reference: 'SA-T4HN6', initials: 'I.K.', birthYear: 1948, urgencyLabel: urgencyLabel('next_weekday'), point: 4, followUpDue: false, dischargeLabel: null, decisionLine: null },
  {
    caseId: 'c5', reference: 'SA-V2JC5', initials: 'E.N.', birthYear: 1939, urgencyLabel: urgencyLabel('next_day'), point: 5, followUpDue: false,
    dischargeLabel: dischargeLine(formatMeetingTime('2026-11-23', '10:40'), formatLocalDate('2026-11-26'), formatLocalDate('2026-11-27')),
    decisionLine: null,
  },
];
// Came in after the cut-off: offered under point 1 with "Ta upp idag".
const lateCases = [{ caseId: 'c6', reference: 'SA-X8LF3', initials: 'M.H.', birthYear: 1944, urgencyLabel: urgencyLabel('next_day') }];

const agendaPoints: AgendaCardInput['points'] = ([2, 3, 4, 5] as const).map((point) => ({
  point,
  cases: cases.filter((entry) => entry.point === point).map(({ reference, initials, birthYear, urgencyLabel: label, followUpDue, dischargeLabel }) => ({
    reference, initials, birthYear, urgencyLabel: label, followUpDue, dischargeLabel,
  })),
}));

const agendaBase: AgendaCardInput = {
  meetingId: MEETING_ID,
  meetingDate: MEETING_DATE,
  area: AREA,
  meetingLabel,
  leaderLabel: staff.leader.name,
  points: agendaPoints,
  holidayNote: null,
  slots: [],
};

const leaderBase: LeaderViewInput = {
  meetingId: MEETING_ID,
  meetingDate: MEETING_DATE,
  area: AREA,
  meetingLabel,
  leaderId: staff.leader.id,
  point: 1,
  areaNote: '',
  cases,
  decidedCount: 0,
  totalCount: cases.length,
  notice: null,
};

const followUp = formatLocalDate('2026-12-08');
/** The cases as they stand once the meeting has decided all but one (SA-R9WD2 is carried over). */
const decidedCases: LeaderViewCase[] = cases.map((entry) => ({
  ...entry,
  decisionLine: {
    'SA-K7QX4': RUN_TEXTS.decisionLine(staff.social.name, followUp, true, true),
    'SA-M3PT8': RUN_TEXTS.decisionLine(staff.homeNurse.name, followUp, false, false),
    'SA-R9WD2': null,
    'SA-T4HN6': RUN_TEXTS.decisionLine(staff.homeCare.name, null, true, false),
    'SA-V2JC5': RUN_TEXTS.decisionLine(staff.rehab.name, formatLocalDate('2026-12-01'), false, false),
  }[entry.reference] ?? null,
}));

/** Sets an input's value on a built card, to show a form as a user has filled it in. */
function withInputValue(card: AdaptiveCard, id: string, value: string): AdaptiveCard {
  const walk = (node: unknown): boolean => {
    if (Array.isArray(node)) return node.some(walk);
    if (typeof node !== 'object' || node === null) return false;
    const record = node as Record<string, unknown>;
    if (record.id === id && typeof record.type === 'string' && record.type.startsWith('Input.')) {
      record.value = value;
      return true;
    }
    return Object.values(record).some(walk);
  };
  if (!walk(card.body)) throw new Error(`No input "${id}" in the card`);
  return card;
}

/** file name → card, in the order the walkthrough shows them. */
const leaderFlowShots: [string, AdaptiveCard][] = [
  // Posted in the channel on the meeting day; the leader presses "Starta mötet".
  ['01-agenda', agendaCard(agendaBase)],
  // Point 1: the leader's own view, with a note being typed and one late case.
  [
    '02-leader-point1',
    leaderViewCard({
      ...leaderBase,
      areaNote: 'Hemtjänsten har två nya medarbetare i området. Influensavaccinering pågår vecka 48.',
      lateCases,
    }),
  ],
  // Point 2 after one decision was saved: the view comes back with a confirmation.
  [
    '03-leader-point2',
    leaderViewCard({
      ...leaderBase,
      point: 2,
      cases: cases.map((entry) =>
        entry.reference === 'SA-M3PT8' ? { ...entry, decisionLine: RUN_TEXTS.decisionLine(staff.homeNurse.name, followUp, false, false) } : entry,
      ),
      decidedCount: 1,
      notice: RUN_TEXTS.decided('SA-M3PT8'),
    }),
  ],
  // "Besluta" on SA-K7QX4, filled in the way the meeting agreed (not saved yet).
  [
    '04-decision-form',
    decisionFormCard({
      meetingId: MEETING_ID,
      meetingDate: MEETING_DATE,
      caseId: 'c1',
      reference: 'SA-K7QX4',
      initials: 'A.E.',
      birthYear: 1942,
      agendaLabel: agendaPointLabel(2),
      members,
      today: MEETING_DATE,
      values: {
        actions: 'Hembesök av distriktssköterska inom en vecka. Läkemedelsgenomgång med läkare. Hemtjänsten ökar tillsynen till tre gånger per dag.',
        responsible: staff.social.id,
        followUpDate: '2026-12-08',
        sipNeeded: 'true',
        sipCoordinator: staff.social.id,
        escalate: 'true',
        escalationReason: 'Hemtjänstinsatsen kan inte utökas utan beslut från enhetschef.',
      },
      issues: {},
    }),
  ],
  // What everyone else sees in the channel meanwhile: the agenda marks the current point.
  ['05-agenda-running', agendaCard({ ...agendaBase, running: { point: 4, leaderId: staff.leader.id } })],
  // Point 6: the count of decisions and "Avsluta mötet".
  ['06-leader-point6', leaderViewCard({ ...leaderBase, point: 6, cases: decidedCases, decidedCount: 4 })],
  // Posted in the channel when the meeting ends: masked, with @mentions, no free text.
  [
    '07-summary',
    meetingSummaryCard({
      meetingId: MEETING_ID,
      meetingDate: MEETING_DATE,
      area: AREA,
      meetingLabel,
      leader: staff.leader,
      decided: [
        { reference: 'SA-K7QX4', initials: 'A.E.', birthYear: 1942, agendaLabel: agendaPointLabel(2), responsible: staff.social, followUpLabel: followUp, sipCoordinator: staff.social, sipSummonsLabel: formatLocalDate('2026-11-27'), escalated: true },
        { reference: 'SA-M3PT8', initials: 'B.L.', birthYear: 1936, agendaLabel: agendaPointLabel(2), responsible: staff.homeNurse, followUpLabel: followUp, sipCoordinator: null, escalated: false },
        { reference: 'SA-T4HN6', initials: 'I.K.', birthYear: 1948, agendaLabel: agendaPointLabel(4), responsible: staff.homeCare, followUpLabel: null, sipCoordinator: staff.homeCare, sipSummonsLabel: formatLocalDate('2026-11-27'), escalated: false },
        { reference: 'SA-V2JC5', initials: 'E.N.', birthYear: 1939, agendaLabel: agendaPointLabel(5), responsible: staff.rehab, followUpLabel: formatLocalDate('2026-12-01'), sipCoordinator: null, escalated: false },
      ],
      carriedOver: [{ reference: 'SA-R9WD2', initials: 'G.S.', birthYear: 1951 }],
      nextMeetingLabel: formatMeetingTime(NEXT_MEETING_DATE, MEETING_TIME),
    }),
  ],
  // To the manager in the channel (no personal chat): @mention, and the meeting's reason withheld.
  [
    '08-escalation',
    escalationCard({
      person: staff.manager,
      area: AREA,
      items: [{ caseId: 'c1', reference: 'SA-K7QX4', initials: 'A.E.', birthYear: 1942, roleLabel: roleLabel('manager'), dueLabel: formatMeetingTime(MEETING_DATE, '14:02'), kind: 'case' }],
      reason: 'Hemtjänstinsatsen kan inte utökas utan beslut från enhetschef.',
    }),
  ],
  // "Mötesledare": who leads, the rotation, and hand over / skip (shown to the leader or a manager).
  // Shown as if Lena had already picked Omar in the drop-down, which is otherwise empty.
  [
    '09-handover',
    withInputValue(leaderCard({
      meetingId: MEETING_ID,
      meetingDate: NEXT_MEETING_DATE,
      meetingLabel: formatMeetingTime(NEXT_MEETING_DATE, MEETING_TIME),
      leaderName: staff.homeNurse.name,
      mayChange: true,
      members: members.filter((member) => member.id !== staff.homeNurse.id),
      upcoming: [
        { meetingLabel: formatMeetingTime('2026-12-08', MEETING_TIME), leaderName: staff.physician.name },
        { meetingLabel: formatMeetingTime('2026-12-15', MEETING_TIME), leaderName: staff.homeCare.name },
        { meetingLabel: formatMeetingTime('2026-12-22', MEETING_TIME), leaderName: staff.leader.name },
      ],
      notice: null,
    }), 'to', staff.social.id),
  ],
  // After the meeting: the kvittens each responsible owes, on the case card and as a reminder.
  [
    '10-case-channel-acks',
    caseChannelCard({
      caseId: 'c1',
      reference: 'SA-K7QX4',
      area: AREA,
      agendaItem: 'risk',
      urgency: 'urgent',
      initials: 'A.E.',
      birthYear: 1942,
      meetingLabel,
      status: 'submitted',
      acknowledgements: [
        { ackId: 'a1', roleLabel: roleLabel('social_worker'), state: 'confirmed', byName: staff.social.name, atLabel: formatMeetingTime(MEETING_DATE, '14:10') },
        { ackId: 'a2', roleLabel: roleLabel('home_care'), state: 'open', byName: null, atLabel: null },
        { ackId: 'a3', roleLabel: roleLabel('physician'), state: 'overdue', byName: null, atLabel: null },
      ],
    }),
  ],
  [
    '11-ack-reminder',
    ackReminderCard({
      person: staff.homeCare,
      items: [{ ackId: 'a2', caseId: 'c1', reference: 'SA-K7QX4', roleLabel: roleLabel('home_care'), dueLabel: formatMeetingTime('2026-11-25', '12:00'), initials: 'A.E.', birthYear: 1942 }],
    }),
  ],
];

// ---------------------------------------------------------------------------------------------
// After the meeting. The private views show a patient: an invented name and Skatteverket's
// published test personnummer, never a real person.

const person = (member: { id: string; name: string; role: Role }) => ({ userId: member.id, name: member.name, role: member.role });
const decidedAt = zonedInstant(MEETING_DATE, '13:42');
const escalationAck: Acknowledgement = {
  _id: 'a9', meetingId: MEETING_ID, caseId: 'c1', caseReference: 'SA-K7QX4', role: 'manager', assigneeUserId: null,
  noticeSentAt: decidedAt, dueAt: zonedInstant('2026-11-25', '12:00'), dueDate: '2026-11-25', status: 'confirmed', overdueSince: null,
  confirmedBy: { id: staff.manager.id, aadObjectId: null, name: staff.manager.name }, confirmedAt: zonedInstant('2026-11-24', '15:05'),
};
const history: CaseHistory = {
  decisions: [
    {
      meetingDate: MEETING_DATE,
      leader: person(staff.leader),
      actions: 'Hembesök av distriktssköterska inom en vecka. Läkemedelsgenomgång med läkare. Hemtjänsten ökar tillsynen till tre gånger per dag.',
      responsible: person(staff.social),
      followUpDate: '2026-12-08',
      sipNeeded: true,
      sipCoordinator: person(staff.social),
      sipSummonsDue: '2026-11-27',
      escalated: true,
      escalationReason: 'Hemtjänstinsatsen kan inte utökas utan beslut från enhetschef.',
      escalationAck,
      decidedBy: { id: staff.leader.id, aadObjectId: null, name: staff.leader.name },
      decidedAt,
    },
  ],
  acknowledgements: [
    { ...escalationAck, _id: 'a1', role: 'home_care', noticeSentAt: zonedInstant('2026-11-20', '10:12'), dueAt: zonedInstant('2026-11-21', '12:00'), dueDate: '2026-11-21', confirmedBy: { id: staff.homeCare.id, aadObjectId: null, name: staff.homeCare.name }, confirmedAt: zonedInstant('2026-11-21', '08:40') },
    { ...escalationAck, _id: 'a2', role: 'social_worker', assigneeUserId: staff.social.id, noticeSentAt: zonedInstant(MEETING_DATE, '14:30'), dueAt: zonedInstant('2026-11-25', '12:00'), status: 'open', confirmedBy: null, confirmedAt: null },
    escalationAck,
  ],
  events: [
    { action: 'case.create', at: zonedInstant('2026-11-20', '10:12'), byName: staff.homeNurse.name },
    { action: 'case.decide', at: decidedAt, byName: staff.leader.name },
    { action: 'case.escalate', at: decidedAt, byName: staff.leader.name },
    { action: 'case.follow_up', at: zonedInstant(MEETING_DATE, '14:30'), byName: staff.leader.name },
  ],
};
const sensitive: CaseSensitive = {
  patientName: 'Astrid Lindqvist',
  personnummer: '191212121212',
  relativeContact: 'Dottern Karin, 070-123 45 67',
  careUnit: 'Hälsocentralen Norrfjärden',
  responsiblePhysician: 'Dr Berg',
  situation: 'Tre besök på akuten senaste månaden på grund av yrsel och fall.',
  background: 'Multisjuk, bor ensam, hemtjänst två gånger dagligen.',
  assessment: 'Ökande fallrisk, nedsatt aptit, CFS 6.',
  recommendation: 'Samordnad bedömning av hemsjukvård och hemtjänst; överväg SIP.',
  frequency: '',
  physicianOrder: '',
};
const fromDecisions = { from: 'decisions' as const, meetingId: MEETING_ID, meetingDate: MEETING_DATE };
const caseFacts = {
  caseId: 'c1', reference: 'SA-K7QX4', status: 'follow_up' as const, agendaItem: 'risk' as const, urgency: 'urgent' as const,
  riskGroups: ['frequent_visitor', 'frail_elderly'] as RiskGroup[], cfs: 6, sensitive, history,
  submittedByLine: `${staff.homeNurse.name}, Sjuksköterska`,
};
const ref = (caseId: string, reference: string, initials: string, birthYear: number, status: CaseStatus) => ({ caseId, reference, meetingId: MEETING_ID, initials, birthYear, status });

const journalSample: JournalInput = {
  ...caseFacts,
  readyForDischargeAt: null,
  submittedAt: zonedInstant('2026-11-20', '10:12'),
  printedAt: zonedInstant('2026-11-25', '08:31'),
  printedBy: staff.social.name,
  origin: fromDecisions,
};

const afterMeetingShots: [string, AdaptiveCard][] = [
  // "Visa besluten" on the summary: the decisions, shown to the presser alone.
  [
    '01-decisions',
    meetingDecisionsCard({
      meetingId: MEETING_ID,
      meetingDate: MEETING_DATE,
      meetingLabel,
      decisions: [
        { caseId: 'c1', reference: 'SA-K7QX4', initials: 'A.E.', birthYear: 1942, agendaLabel: agendaPointLabel(2), responsibleName: staff.social.name, followUpDate: '2026-12-08', sip: { coordinatorName: staff.social.name, summonsDue: '2026-11-27' }, escalated: true },
        { caseId: 'c2', reference: 'SA-M3PT8', initials: 'B.L.', birthYear: 1936, agendaLabel: agendaPointLabel(2), responsibleName: staff.homeNurse.name, followUpDate: '2026-12-08', sip: null, escalated: false },
        { caseId: 'c4', reference: 'SA-T4HN6', initials: 'I.K.', birthYear: 1948, agendaLabel: agendaPointLabel(4), responsibleName: staff.homeCare.name, followUpDate: null, sip: { coordinatorName: staff.homeCare.name, summonsDue: '2026-11-27' }, escalated: false },
      ],
    }),
  ],
  // "Visa ärendet": the SBAR and what the meeting decided, with Kvittera for Omar's own kvittens.
  [
    '02-case-view',
    caseDetailCard({
      ...caseFacts,
      meetingLabel,
      medicationListCurrent: true,
      sampleReferral: false,
      transferDateLabel: formatLocalDate('2026-11-20'),
      readyForDischargeLabel: null,
      confirmableAckIds: new Set(['a2']),
      origin: fromDecisions,
    }),
  ],
  // "Journalkopia": the same case as plain text to paste into the organisation's own journal.
  ['03-journal', journalCard(journalSample)],
  // The next morning in Omar's personal chat: the kvittens reminder with "Visa ärendet".
  [
    '04-ack-reminder',
    ackReminderCard({
      person: null,
      items: [{ ackId: 'a2', caseId: 'c1', reference: 'SA-K7QX4', roleLabel: roleLabel('social_worker'), dueLabel: formatMeetingTime('2026-11-25', '12:00'), initials: 'A.E.', birthYear: 1942 }],
    }),
  ],
  ['05-ack-confirmed', ackConfirmedCard({ caseId: 'c1', reference: 'SA-K7QX4', roleLabel: roleLabel('social_worker'), confirmedAtLabel: formatMeetingTime('2026-11-25', '08:33'), late: false })],
  // "mina" in a personal chat: everything Omar has to do, across his meetings.
  [
    '06-my-cases',
    myCasesCard({
      onAnyRoster: true,
      work: {
        today: '2026-11-25',
        acks: [
          { ackId: 'a2', case: ref('c1', 'SA-K7QX4', 'A.E.', 1942, 'follow_up'), ack: { role: 'social_worker', dueAt: zonedInstant('2026-11-25', '12:00'), assigneeUserId: staff.social.id }, overdue: false },
          { ackId: 'a7', case: ref('c7', 'SA-N6RB3', 'K.O.', 1933, 'submitted'), ack: { role: 'social_worker', dueAt: zonedInstant('2026-11-24', '12:00'), assigneeUserId: null }, overdue: true },
        ],
        responsible: [{ case: ref('c1', 'SA-K7QX4', 'A.E.', 1942, 'follow_up'), meetingDate: MEETING_DATE, followUpDate: '2026-12-08', overdue: false }],
        sip: [{ case: ref('c1', 'SA-K7QX4', 'A.E.', 1942, 'follow_up'), meetingDate: MEETING_DATE, summonsDue: '2026-11-27', overdue: false }],
        submitted: [{ case: ref('c8', 'SA-P2ZE9', 'H.J.', 1929, 'submitted'), meetingDate: NEXT_MEETING_DATE, submittedAt: zonedInstant('2026-11-25', '08:15') }],
      },
    }),
  ],
  // "@Samordna mina" in the channel: a button that opens the list for the presser alone.
  ['07-my-cases-in-channel', myCasesInChannelCard()],
  // On the follow-up date: what was decided last time is one press away.
  [
    '08-follow-up',
    followUpReminderCard({ person: null, caseId: 'c1', reference: 'SA-K7QX4', initials: 'A.E.', birthYear: 1942, followUpLabel: formatLocalDate('2026-12-08'), meetingLabel: formatMeetingTime('2026-12-08', MEETING_TIME) }),
  ],
];

// ---------------------------------------------------------------------------------------------
// The host: a Teams-like light theme. Sizes and colours follow Teams' light host config closely
// enough that line breaks and emphasis look as they do there.

const FONT = "'Segoe UI', 'Segoe UI Web (West European)', 'Liberation Sans', Arial, sans-serif";
const colour = (main: string, subtle: string) => ({ default: main, subtle });
const foreground = {
  default: colour('#242424', '#616161'),
  dark: colour('#252424', '#484644'),
  light: colour('#FFFFFF', '#FFFFFF'),
  accent: colour('#6264A7', '#8B8CC7'),
  good: colour('#237B4B', '#2D8B57'),
  warning: colour('#835C00', '#A57600'),
  attention: colour('#C4314B', '#D74654'),
};
const hostConfig = {
  fontFamily: FONT,
  supportsInteractivity: true,
  spacing: { small: 4, default: 8, medium: 16, large: 20, extraLarge: 24, padding: 16 },
  separator: { lineThickness: 1, lineColor: '#E1DFDD' },
  fontSizes: { small: 12, default: 14, medium: 14, large: 18, extraLarge: 24 },
  fontWeights: { lighter: 300, default: 400, bolder: 600 },
  fontTypes: {
    default: { fontFamily: FONT, fontSizes: { small: 12, default: 14, medium: 14, large: 18, extraLarge: 24 }, fontWeights: { lighter: 300, default: 400, bolder: 600 } },
    monospace: { fontFamily: "Consolas, 'Liberation Mono', 'DejaVu Sans Mono', monospace", fontSizes: { small: 12, default: 14, medium: 14, large: 18, extraLarge: 24 }, fontWeights: { lighter: 300, default: 400, bolder: 600 } },
  },
  containerStyles: {
    default: { backgroundColor: '#FFFFFF', foregroundColors: foreground },
    emphasis: { backgroundColor: '#F5F5F5', foregroundColors: foreground },
    accent: { backgroundColor: '#E8E9F6', foregroundColors: foreground },
    good: { backgroundColor: '#E7F2DA', foregroundColors: foreground },
    warning: { backgroundColor: '#FBF6D9', foregroundColors: foreground },
    attention: { backgroundColor: '#FCF4F6', foregroundColors: foreground },
  },
  actions: { maxActions: 6, spacing: 'default', buttonSpacing: 8, actionsOrientation: 'horizontal', actionAlignment: 'left', iconPlacement: 'leftOfTitle' },
  inputs: {
    label: {
      inputSpacing: 'small',
      requiredInputs: { weight: 'bolder', suffix: ' *', suffixColor: 'attention' },
      optionalInputs: { weight: 'bolder' },
    },
    errorMessage: { size: 'small', color: 'attention' },
  },
  factSet: {
    title: { color: 'default', size: 'default', isSubtle: false, weight: 'bolder', wrap: true, maxWidth: 150 },
    value: { color: 'default', size: 'default', isSubtle: false, weight: 'default', wrap: true },
    spacing: 8,
  },
};

// The renderer leaves class names for buttons and inputs to the host's CSS. This is Teams' look:
// outlined buttons, a filled one for style "positive", underlined-less 1px inputs.
const CSS = `
  body { margin: 0; padding: 24px; background: #F5F5F5; font-family: ${FONT}; }
  #card { width: 460px; background: #FFFFFF; border: 1px solid #E0E0E0; border-radius: 6px;
          box-shadow: 0 1px 2px rgba(0,0,0,.12); overflow: hidden; }
  .ac-pushButton { font-family: ${FONT}; font-size: 14px; font-weight: 600; color: #242424;
          background: #FFFFFF; border: 1px solid #D1D1D1; border-radius: 4px; padding: 5px 12px;
          min-height: 32px; white-space: normal !important; }
  /* The renderer puts buttons on one line and cuts long titles ("Starta mö…"); Teams shows them
     in full on a desktop of this width, so let the row wrap and the titles break instead. */
  .ac-actionSet { flex-wrap: wrap !important; row-gap: 8px; }
  .ac-pushButton > div { white-space: normal !important; }
  .ac-pushButton.style-positive, .ac-pushButton.primary { background: #6264A7; border-color: #6264A7; color: #FFFFFF; }
  /* Text, date and drop-down inputs only: a toggle's wrapper carries .ac-input too. */
  input.ac-input:not([type=checkbox]), select.ac-input, textarea.ac-input {
          font-family: ${FONT}; font-size: 14px; color: #242424; background: #F5F5F5;
          border: 1px solid #E0E0E0; border-bottom-color: #8A8886; border-radius: 4px; padding: 6px 8px; box-sizing: border-box; }
  textarea.ac-textInput { min-height: 64px; resize: none; }
  .ac-toggleInput input[type=checkbox] { accent-color: #6264A7; width: 16px; height: 16px; }
  .mention { color: #6264A7; font-weight: 600; }
`;

const PAGE = `<!doctype html><html lang="sv"><head><meta charset="utf-8"><style>${CSS}</style></head><body><div id="card"></div></body></html>`;

// ---------------------------------------------------------------------------------------------

const sets: [folder: string, shots: [string, AdaptiveCard][]][] = [
  ['leader-flow', leaderFlowShots],
  ['after-meeting', afterMeetingShots],
];

async function main(): Promise<void> {
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    // No sandbox (we run as root in a container), no GPU, and nothing that phones home.
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
  const problems: string[] = [];
  try {
    // Twice the pixels, so the text stays sharp when the PNG is scaled down on a page.
    const page = await browser.newPage({ viewport: { width: 560, height: 900 }, deviceScaleFactor: 2, locale: 'sv-SE' });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (message) => problems.push(`console: ${message.text()}`));
    await page.setContent(PAGE);
    await page.addStyleTag({ path: rendererCssPath });
    await page.addStyleTag({ content: CSS }); // again, after the renderer's CSS, so ours wins
    await page.addScriptTag({ path: rendererPath });
    await page.addScriptTag({ content: IN_PAGE_SCRIPT });

    for (const [folder, shots] of sets) {
      const outDir = path.join(docsDir, folder);
      await mkdir(outDir, { recursive: true });
      for (const [name, card] of shots) {
        const warnings = (await page.evaluate(`renderCard(${JSON.stringify(card)}, ${JSON.stringify(hostConfig)})`)) as string[];
        for (const warning of warnings) problems.push(`${name}: ${warning}`);
        const file = path.join(outDir, `${name}.png`);
        await page.locator('#card').screenshot({ path: file });
        console.log(`wrote ${path.relative(root, file)}`);
      }
    }
  } finally {
    await browser.close();
  }
  // The whole journal copy as text: the field in the screenshot shows only its first lines.
  const journalFile = path.join(docsDir, 'after-meeting', '03-journal.txt');
  await writeFile(journalFile, `${journalText(journalSample)}\n`);
  console.log(`wrote ${path.relative(root, journalFile)}`);
  if (problems.length > 0) {
    console.error(problems.join('\n'));
    process.exitCode = 1;
  }
}

/**
 * Runs in the page. Kept as plain JavaScript text: tsx (esbuild) wraps functions it compiles in
 * `__name(...)` helpers that do not exist in the page, so a compiled function cannot be handed to
 * page.evaluate. Draws the card into #card and returns what the renderer complained about (an
 * element or action type it did not know would otherwise silently leave a gap in the screenshot).
 */
const IN_PAGE_SCRIPT = String.raw`
window.renderCard = function (card, hostConfig) {
  var AC = window.AdaptiveCards;
  function escape(text) {
    return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  }
  // Without a markdown processor the renderer shows text as is, so "<at>Name</at>" would appear
  // literally. Teams shows a mention as the highlighted name; do the same, plus **bold** and line
  // breaks, and escape everything else.
  AC.AdaptiveCard.onProcessMarkdown = function (text, result) {
    result.outputHtml = escape(text)
      .replace(/&lt;at&gt;(.*?)&lt;\/at&gt;/g, '<span class="mention">$1</span>')
      .replace(/\*\*(.+?)\*\*/g, '<strong>$1</strong>')
      .replace(/\n/g, '<br>');
    result.didProcess = true;
  };
  var adaptiveCard = new AC.AdaptiveCard();
  adaptiveCard.hostConfig = new AC.HostConfig(hostConfig);
  var context = new AC.SerializationContext();
  adaptiveCard.parse(card, context);
  var warnings = [];
  for (var i = 0; i < context.eventCount; i++) warnings.push(String(context.getEventAt(i).message));
  var host = document.getElementById('card');
  host.replaceChildren();
  var rendered = adaptiveCard.render();
  if (!rendered) warnings.push('the renderer produced nothing');
  else host.appendChild(rendered);
  // Chromium draws <input type=date> in its UI language, and Debian's package has only en-US
  // (12/08/2026). Show the value as a Swedish client does, 2026-12-08: the ISO text itself.
  host.querySelectorAll('input[type=date]').forEach(function (input) { input.type = 'text'; });
  return warnings;
};
`;

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
