// One realistic input per builder, so the invariants can be checked for all of them at once.
import { ackConfirmedCard, ackReminderCard, escalationCard, type AckReminderCardInput, type EscalationCardInput } from '../../cards/ackCards';
import {
  agendaCard,
  holidayNoticeCard,
  submissionReminderCard,
  type AgendaCardInput,
  type SubmissionReminderCardInput,
} from '../../cards/agendaCards';
import {
  caseChannelCard,
  caseConfirmationCard,
  caseWithdrawnCard,
  followUpReminderCard,
  type CaseChannelCardInput,
  type FollowUpReminderCardInput,
} from '../../cards/caseCards';
import { meetingSavedCard, meetingSetupFormCard } from '../../cards/meetingCards';
import { leaderCard, type LeaderCardInput } from '../../cards/leaderCards';
import {
  decisionFormCard,
  leaderViewCard,
  meetingEndReminderCard,
  meetingSummaryCard,
  type DecisionFormInput,
  type LeaderViewInput,
  type MeetingSummaryCardInput,
} from '../../cards/meetingRunCards';
import { caseDetailCard, type CaseDetailCardInput } from '../../cards/caseDetailCard';
import { journalCard, type JournalInput } from '../../cards/journalCard';
import { meetingDecisionsCard, myCasesCard, myCasesInChannelCard, type MeetingDecisionsCardInput } from '../../cards/myCasesCard';
import type { CaseHistory, MyWork } from '../../services/domain/caseViews';
import type { Acknowledgement } from '../../services/domain/records';
import {
  ackNotFoundCard,
  ackNotYourRoleCard,
  alreadyAcknowledgedCard,
  caseNotFoundCard,
  meetingNotSetUpCard,
  messageCard,
  notAllowedCard,
  notOnRosterCard,
  somethingWentWrongCard,
} from '../../cards/messageCard';
import type { AdaptiveCard } from '../../cards/render';
import { rosterJoinedCard, rosterJoinFormCard } from '../../cards/rosterCards';
import { consentRequiredCard, sbarFormCard } from '../../cards/sbarFormCards';
import { DECISION_TEXTS, issueText } from '../../cards/texts.sv';
import { helpCard, welcomeCard } from '../../cards/welcomeCards';

export const sbarInput = () => ({
  meetingId: 'meeting-1',
  area: 'Skellefteå centrum',
  meetingLabel: 'tisdag 24 november 2026 kl. 13:00',
  cutoffLabel: 'måndag 23 november 2026 kl. 23:59',
  submitterName: 'Åsa Öberg',
  values: {},
  issues: {},
  slotAreas: [{ area: 'Byske', startLabel: '13:00' }, { area: 'Kåge', startLabel: '13:30' }],
});

export const channelInput = (): CaseChannelCardInput => ({
  caseId: 'case-1',
  reference: 'SA-K7QX4',
  area: 'Skellefteå centrum',
  agendaItem: 'discharge',
  urgency: 'next_weekday',
  initials: 'A.E.',
  birthYear: 1942,
  meetingLabel: 'tisdag 24 november 2026 kl. 13:00',
  acknowledgements: [
    { ackId: 'ack-open', roleLabel: 'Sjuksköterska, kommunal hemsjukvård', state: 'open', byName: null, atLabel: null },
    { ackId: 'ack-overdue', roleLabel: 'Socialsekreterare', state: 'overdue', byName: null, atLabel: null },
    {
      ackId: 'ack-confirmed',
      roleLabel: 'Hemtjänst (samordnare/enhetschef)',
      state: 'confirmed',
      byName: 'Bo Ek',
      atLabel: 'tisdag 24 november 2026 kl. 09:12',
    },
    {
      ackId: 'ack-late',
      roleLabel: 'Läkare, hälsocentral',
      state: 'confirmed_late',
      byName: 'Cia Lind',
      atLabel: 'tisdag 24 november 2026 kl. 12:40',
    },
  ],
  status: 'submitted',
});

/** Teams user ids look like this; the names are what Teams reports as display names. */
export const people = () => [
  { id: '29:1a2b3c-asa', name: 'Åsa Öberg' },
  { id: '29:1a2b3c-bo', name: 'Bo Ek' },
  { id: '29:1a2b3c-cia', name: 'Cia Lind (HC Norsjö)' },
];

export const agendaInput = (): AgendaCardInput => ({
  meetingId: 'meeting-1',
  meetingDate: '2026-11-24',
  area: 'Norsjö',
  meetingLabel: 'tisdag 24 november 2026 kl. 13:00',
  leaderLabel: 'Åsa Öberg',
  points: [
    {
      point: 2,
      cases: [
        { reference: 'SA-R1SK2', initials: 'A.E.', birthYear: 1942, urgencyLabel: 'Skyndsamt', followUpDue: false },
        { reference: 'SA-R2SK3', initials: 'B.N.', birthYear: 1938, urgencyLabel: 'Nästa vardag', followUpDue: false },
      ],
    },
    { point: 3, cases: [{ reference: 'SA-F0LL1', initials: 'C.D.', birthYear: 1950, urgencyLabel: 'Vid behov', followUpDue: true }] },
    { point: 5, cases: [{ reference: 'SA-UT5K1', initials: 'E.F.', birthYear: 1931, urgencyLabel: 'Nästa dag', followUpDue: false }] },
  ],
  holidayNote: 'Mötet är flyttat från måndag 23 november, som är en helgdag.',
  slots: [
    { area: 'Norsjö centrum', startLabel: 'kl. 13:00', references: ['SA-R1SK2', 'SA-F0LL1'] },
    { area: 'Bastuträsk', startLabel: 'kl. 13:30', references: [] },
  ],
});

export const submissionReminderInput = (): SubmissionReminderCardInput => ({
  meetingId: 'meeting-1',
  leaderLabel: 'Rita Region',
  area: 'Norsjö',
  meetingLabel: 'tisdag 24 november 2026 kl. 13:00',
  cutoffLabel: 'måndag 23 november 2026 kl. 23:59',
  counts: [
    { agendaLabel: '2. Identifierade riskindivider', count: 2 },
    { agendaLabel: '3. Avstämning av pågående ärenden', count: 1 },
    { agendaLabel: '4. Behov av SIP', count: 0 },
    { agendaLabel: '5. Samordning vid utskrivning', count: 1 },
  ],
  total: 4,
  people: people(),
});

export const ackReminderInput = (): AckReminderCardInput => ({
  person: people()[0]!,
  items: [
    {
      ackId: 'ack-1',
      caseId: 'case-1',
      reference: 'SA-K7QX4',
      roleLabel: 'Socialsekreterare',
      dueLabel: 'tisdag 24 november 2026 kl. 12:00',
      initials: 'A.E.',
      birthYear: 1942,
    },
    {
      ackId: 'ack-2',
      caseId: 'case-2',
      reference: 'SA-M3PL8',
      roleLabel: 'Socialsekreterare',
      dueLabel: 'onsdag 25 november 2026 kl. 12:00',
      initials: 'B.N.',
      birthYear: 1938,
    },
  ],
});

export const escalationInput = (): EscalationCardInput => ({
  person: null,
  area: 'Norsjö',
  items: [
    {
      caseId: 'case-1',
      reference: 'SA-K7QX4',
      roleLabel: 'Socialsekreterare',
      dueLabel: 'tisdag 24 november 2026 kl. 12:00',
      initials: 'A.E.',
      birthYear: 1942,
      kind: 'ack',
    },
    {
      caseId: 'case-2',
      reference: 'SA-M3PL8',
      roleLabel: 'Hemtjänst (samordnare/enhetschef)',
      dueLabel: 'tisdag 24 november 2026 kl. 13:40',
      initials: 'B.N.',
      birthYear: 1938,
      kind: 'case',
    },
  ],
  reason: 'Ingen har kunnat nå enheten på två veckor.',
});

export const followUpInput = (): FollowUpReminderCardInput => ({
  person: people()[1]!,
  caseId: 'case-3',
  reference: 'SA-F0LL1',
  initials: 'C.D.',
  birthYear: 1950,
  followUpLabel: 'måndag 30 november 2026',
  meetingLabel: 'tisdag 1 december 2026 kl. 13:00',
});

export const LEADER_ID = '29:1a2b3c-asa';

export const leaderViewInput = (point: LeaderViewInput['point'] = 2): LeaderViewInput => ({
  meetingId: 'meeting-1',
  meetingDate: '2026-11-24',
  area: 'Norsjö',
  meetingLabel: 'tisdag 24 november 2026 kl. 13:00',
  leaderId: LEADER_ID,
  point,
  areaNote: 'Influensan har nått två boenden.',
  cases: [
    {
      caseId: 'case-r1',
      reference: 'SA-R1SK2',
      initials: 'A.E.',
      birthYear: 1942,
      urgencyLabel: 'Skyndsamt',
      point: 2,
      followUpDue: false,
      dischargeLabel: null,
      decisionLine: 'Ansvarig: Omar Hassan · uppföljning tisdag 8 december 2026',
    },
    {
      caseId: 'case-r2',
      reference: 'SA-R2SK3',
      initials: 'B.N.',
      birthYear: 1938,
      urgencyLabel: 'Nästa vardag',
      point: 2,
      followUpDue: false,
      dischargeLabel: null,
      decisionLine: null,
    },
    {
      caseId: 'case-f1',
      reference: 'SA-F0LL1',
      initials: 'C.D.',
      birthYear: 1950,
      urgencyLabel: 'Vid behov',
      point: 3,
      followUpDue: true,
      dischargeLabel: null,
      decisionLine: null,
    },
    {
      caseId: 'case-u1',
      reference: 'SA-UT5K1',
      initials: 'E.F.',
      birthYear: 1931,
      urgencyLabel: 'Nästa dag',
      point: 5,
      followUpDue: false,
      dischargeLabel: 'utskrivningsklar måndag 23 november 2026 kl. 10:00',
      decisionLine: null,
    },
  ],
  decidedCount: 1,
  totalCount: 4,
  notice: null,
});

export const members = () => [
  { id: '29:1a2b3c-asa', name: 'Åsa Öberg', roleLabel: 'Socialsekreterare' },
  { id: '29:1a2b3c-omar', name: 'Omar Hassan', roleLabel: 'Sjuksköterska, kommunal hemsjukvård' },
  { id: '29:1a2b3c-cia', name: 'Cia Lind', roleLabel: 'Läkare, hälsocentral' },
];

export const decisionFormInput = (): DecisionFormInput => ({
  meetingId: 'meeting-1',
  meetingDate: '2026-11-24',
  caseId: 'case-r2',
  reference: 'SA-R2SK3',
  initials: 'B.N.',
  birthYear: 1938,
  agendaLabel: '2. Identifierade riskindivider – åtgärder, ansvarig och uppföljningsdatum',
  members: members(),
  today: '2026-11-24',
  values: {},
  issues: {},
});

export const summaryInput = (): MeetingSummaryCardInput => ({
  meetingId: 'meeting-1',
  meetingDate: '2026-11-24',
  area: 'Norsjö',
  meetingLabel: 'tisdag 24 november 2026 kl. 13:00',
  leader: { id: '29:1a2b3c-asa', name: 'Åsa Öberg' },
  decided: [
    {
      reference: 'SA-R1SK2',
      initials: 'A.E.',
      birthYear: 1942,
      agendaLabel: '2. Identifierade riskindivider – åtgärder, ansvarig och uppföljningsdatum',
      responsible: { id: '29:1a2b3c-omar', name: 'Omar Hassan' },
      followUpLabel: 'tisdag 8 december 2026',
      sipCoordinator: { id: '29:1a2b3c-cia', name: 'Cia Lind' },
      escalated: false,
    },
    {
      reference: 'SA-UT5K1',
      initials: 'E.F.',
      birthYear: 1931,
      agendaLabel: '5. Patienter i behov av samordning vid utskrivning',
      responsible: { id: '29:1a2b3c-asa', name: 'Åsa Öberg' },
      followUpLabel: null,
      sipCoordinator: null,
      escalated: true,
    },
  ],
  carriedOver: [
    { reference: 'SA-R2SK3', initials: 'B.N.', birthYear: 1938 },
    { reference: 'SA-F0LL1', initials: 'C.D.', birthYear: 1950 },
  ],
  nextMeetingLabel: 'tisdag 1 december 2026 kl. 13:00',
});

export function everyCard(): Record<string, AdaptiveCard> {
  return {
    welcomeWithoutMeeting: welcomeCard({ meeting: null }),
    welcomeWithMeeting: welcomeCard({ meeting: { area: 'Norsjö', scheduleLabel: 'varje tisdag kl. 13:00–14:00' } }),
    help: helpCard(),
    meetingSetupFormEmpty: meetingSetupFormCard({ values: {}, issues: {} }),
    meetingSetupFormRejected: meetingSetupFormCard({
      values: { area: 'Norsjö', weekday: '9', time: '25:00', durationMinutes: '5', cutoffTime: '23:59', ackDueTime: '11:00', holidayPolicy: 'skip' },
      issues: {
        weekday: issueText('invalid_choice'),
        durationMinutes: issueText('out_of_range', { min: 15, max: 480 }),
        ackNoticeCutoff: issueText('out_of_range'),
      },
    }),
    meetingSaved: meetingSavedCard({
      area: 'Norsjö',
      scheduleLabel: 'varje tisdag kl. 13:00–14:00',
      cutoffLabel: 'måndag kl. 23:59, dagen före mötet',
      nextMeetingLabel: 'tisdag 24 november 2026 kl. 13:00',
    }),
    rosterJoinForm: rosterJoinFormCard({ area: 'Norsjö', values: {}, issues: {} }),
    rosterJoinFormWithMeeting: rosterJoinFormCard({ meetingId: 'meeting-1', area: 'Norsjö', values: { role: 'rehab' }, issues: { organization: issueText('required') } }),
    rosterJoined: rosterJoinedCard({ name: 'Åsa Öberg', roleLabel: 'Socialsekreterare', organization: 'Socialtjänsten Norsjö', area: 'Norsjö' }),
    sbarFormEmpty: sbarFormCard(sbarInput()),
    sbarFormRejected: sbarFormCard({
      ...sbarInput(),
      values: { patientName: 'Test Testsson', situation: 'Faller ofta.' },
      issues: { personnummer: issueText('required'), consent: issueText('consent_required') },
    }),
    consentRequired: consentRequiredCard({ meetingId: 'meeting-1' }),
    caseChannelSubmitted: caseChannelCard(channelInput()),
    caseChannelWithdrawn: caseChannelCard({ ...channelInput(), status: 'withdrawn' }),
    caseConfirmation: caseConfirmationCard({
      caseId: 'case-1',
      reference: 'SA-K7QX4',
      meetingLabel: 'tisdag 24 november 2026 kl. 13:00',
      agendaLabel: '5. Samordning vid utskrivning',
      urgencyLabel: 'Nästa vardag',
      initials: 'A.E.',
      birthYear: 1942,
    }),
    caseWithdrawn: caseWithdrawnCard({ reference: 'SA-K7QX4' }),
    message: messageCard({
      title: 'Du är inte med i deltagarlistan',
      lines: ['Gå med först.'],
      tone: 'attention',
      actions: [{ title: 'Gå med i deltagarlistan', verb: 'roster.form', data: { meetingId: 'meeting-1' } }],
    }),
    messageWithoutActions: messageCard({ title: 'Klart', lines: [], tone: 'good' }),
    meetingNotSetUp: meetingNotSetUpCard(),
    meetingNotSetUpInPersonalChat: meetingNotSetUpCard({ inPersonalChat: true }),
    notOnRoster: notOnRosterCard(),
    notOnRosterWithMeeting: notOnRosterCard('meeting-1'),
    caseNotFound: caseNotFoundCard(),
    notAllowed: notAllowedCard('Bara mötesledaren kan starta mötet.'),
    somethingWentWrong: somethingWentWrongCard(),
    caseChannelNoAcks: caseChannelCard({ ...channelInput(), acknowledgements: [] }),
    agenda: agendaCard(agendaInput()),
    agendaEmpty: agendaCard({ ...agendaInput(), leaderLabel: null, points: [], holidayNote: null, slots: [] }),
    agendaRunning: agendaCard({ ...agendaInput(), running: { point: 3, leaderId: LEADER_ID } }),
    agendaEnded: agendaCard({ ...agendaInput(), ended: true }),
    leaderViewPoint1: leaderViewCard(leaderViewInput(1)),
    leaderViewPoint2: leaderViewCard({ ...leaderViewInput(2), notice: 'Beslutet för SA-R1SK2 är sparat.' }),
    leaderViewPoint3: leaderViewCard(leaderViewInput(3)),
    leaderViewPoint4Empty: leaderViewCard(leaderViewInput(4)),
    leaderViewPoint5: leaderViewCard(leaderViewInput(5)),
    leaderViewPoint6: leaderViewCard(leaderViewInput(6)),
    decisionFormEmpty: decisionFormCard(decisionFormInput()),
    decisionFormRejected: decisionFormCard({
      ...decisionFormInput(),
      values: { actions: 'Hembesök av sjuksköterska.', responsible: '29:1a2b3c-omar', sipNeeded: 'true', followUpDate: '2026-11-20' },
      issues: { followUpDate: DECISION_TEXTS.followUpNotInFuture, escalationReason: DECISION_TEXTS.escalationReasonRequired },
    }),
    meetingSummary: meetingSummaryCard(summaryInput()),
    meetingSummaryNothingDecided: meetingSummaryCard({ ...summaryInput(), leader: null, decided: [], carriedOver: [] }),
    caseDetail: caseDetailCard(caseDetailInput()),
    caseDetailPurged: caseDetailCard({ ...caseDetailInput(), sensitive: null }),
    caseDetailNoDecisionFromMine: caseDetailCard({ ...caseDetailInput(), status: 'submitted', history: { decisions: [], acknowledgements: [], events: [] }, origin: { from: 'mine' } }),
    caseDetailFromDecisions: caseDetailCard({ ...caseDetailInput(), origin: { from: 'decisions', meetingId: 'meeting-1', meetingDate: '2026-11-24' } }),
    journal: journalCard(journalInput()),
    journalPurged: journalCard({ ...journalInput(), sensitive: null, origin: { from: 'case' } }),
    myCases: myCasesCard({ work: myWorkSample(), onAnyRoster: true, notice: 'Kvitterat: SA-M3PL8.' }),
    myCasesNothing: myCasesCard({ work: { today: '2026-11-30', acks: [], responsible: [], submitted: [], sip: [] }, onAnyRoster: true }),
    myCasesNoRoster: myCasesCard({ work: { today: '2026-11-30', acks: [], responsible: [], submitted: [], sip: [] }, onAnyRoster: false }),
    myCasesInChannel: myCasesInChannelCard(),
    meetingDecisions: meetingDecisionsCard(meetingDecisionsInput()),
    meetingEndReminderRunning: meetingEndReminderCard({ meetingId: 'meeting-1', meetingDate: '2026-11-24', meetingLabel: 'tisdag 24 november 2026 kl. 13:00', running: true, person: null }),
    meetingEndReminderNotStarted: meetingEndReminderCard({
      meetingId: 'meeting-1', meetingDate: '2026-11-24', meetingLabel: 'tisdag 24 november 2026 kl. 13:00', running: false, person: { id: '29:1a2b3c-asa', name: 'Åsa Öberg' },
    }),
    meetingDecisionsNone: meetingDecisionsCard({ ...meetingDecisionsInput(), decisions: [] }),
    meetingDecisionsMiddlePage: meetingDecisionsCard({
      ...meetingDecisionsInput(),
      decisions: Array.from({ length: 45 }, (_, i) => ({ ...meetingDecisionsInput().decisions[i % 2]!, caseId: `case-${i}` })),
      page: 1,
    }),
    caseDetailCompact: caseDetailCard({ ...caseDetailInput(), compact: true }),
    leader: leaderCard({ ...leaderInput(), upcoming: [{ meetingLabel: 'tisdag 1 december 2026 kl. 13:00', leaderName: null }], notice: 'Mona Kommun leder mötet i stället.' }),
    submissionReminder: submissionReminderCard(submissionReminderInput()),
    submissionReminderNobody: submissionReminderCard({ ...submissionReminderInput(), counts: [], total: 0, people: [] }),
    ackReminderInChannel: ackReminderCard(ackReminderInput()),
    ackReminderPersonal: ackReminderCard({ ...ackReminderInput(), person: null }),
    escalationPersonal: escalationCard(escalationInput()),
    escalationInChannel: escalationCard({ ...escalationInput(), person: people()[2]! }),
    escalationWithoutReason: escalationCard({ ...escalationInput(), reason: null }),
    holidayMoved: holidayNoticeCard({
      area: 'Norsjö',
      holidayName: 'juldagen',
      originalLabel: 'fredag 25 december 2026 kl. 13:00',
      policy: 'move',
      newLabel: 'måndag 28 december 2026 kl. 13:00',
    }),
    holidaySkipped: holidayNoticeCard({
      area: 'Norsjö',
      holidayName: 'juldagen',
      originalLabel: 'fredag 25 december 2026 kl. 13:00',
      policy: 'skip',
      newLabel: null,
    }),
    followUpInChannel: followUpReminderCard(followUpInput()),
    followUpPersonal: followUpReminderCard({ ...followUpInput(), person: null }),
    ackConfirmed: ackConfirmedCard({
      caseId: 'case-1',
      reference: 'SA-K7QX4',
      roleLabel: 'Socialsekreterare',
      confirmedAtLabel: 'tisdag 24 november 2026 kl. 09:12',
      late: false,
    }),
    ackConfirmedLate: ackConfirmedCard({
      caseId: 'case-1',
      reference: 'SA-K7QX4',
      roleLabel: 'Socialsekreterare',
      confirmedAtLabel: 'tisdag 24 november 2026 kl. 12:40',
      late: true,
    }),
    ackNotYourRole: ackNotYourRoleCard('Socialsekreterare'),
    ackNotFound: ackNotFoundCard(),
    alreadyAcknowledged: alreadyAcknowledgedCard({
      roleLabel: 'Socialsekreterare',
      byName: 'Bo Ek',
      atLabel: 'tisdag 24 november 2026 kl. 09:12',
    }),
  };
}

export const caseDetailInput = (): CaseDetailCardInput => ({
  caseId: 'case-1',
  reference: 'SA-K7QX4',
  agendaItem: 'risk',
  urgency: 'next_weekday',
  meetingLabel: 'tisdag 24 november 2026 kl. 13:00',
  riskGroups: ['frail_elderly'],
  cfs: 6,
  medicationListCurrent: true,
  sampleReferral: false,
  transferDateLabel: 'fredag 20 november 2026',
  readyForDischargeLabel: null,
  submittedByLine: 'Karin Nilsson, Distriktssköterska',
  status: 'follow_up',
  history: caseHistorySample(),
  confirmableAckIds: new Set(['ack-9']),
  origin: { from: 'case' },
  sensitive: {
    patientName: 'Test Testsson',
    personnummer: '194201011234',
    relativeContact: 'Dottern Eva',
    careUnit: 'Hälsocentralen Norsjö',
    responsiblePhysician: '',
    situation: 'Ramlat två gånger **i veckan**.',
    background: 'Hjärtsvikt.',
    assessment: 'Trött.',
    recommendation: 'Hembesök.',
    frequency: '',
    physicianOrder: '',
  },
});

const sampleAck = (overrides: Partial<Acknowledgement>): Acknowledgement => ({
  _id: 'ack-1',
  meetingId: 'meeting-1',
  caseId: 'case-1',
  caseReference: 'SA-K7QX4',
  role: 'social_worker',
  assigneeUserId: null,
  noticeSentAt: new Date('2026-11-22T09:00:00Z'),
  dueAt: new Date('2026-11-23T11:00:00Z'),
  dueDate: '2026-11-23',
  status: 'confirmed',
  overdueSince: null,
  confirmedBy: { id: '29:1a2b3c-omar', aadObjectId: null, name: 'Omar Hassan' },
  confirmedAt: new Date('2026-11-23T08:10:00Z'),
  ...overrides,
});

/** A case decided twice (a follow-up came back), escalated once, with its kvittenser and events. */
export const caseHistorySample = (): CaseHistory => {
  const omar = { userId: '29:1a2b3c-omar', name: 'Omar Hassan', role: 'social_worker' as const };
  const asa = { userId: '29:1a2b3c-asa', name: 'Åsa Öberg', role: 'hc_nurse' as const };
  const escalationAck = sampleAck({ _id: 'ack-3', role: 'manager', status: 'open', confirmedBy: null, confirmedAt: null, noticeSentAt: new Date('2026-11-24T12:40:00Z') });
  return {
    decisions: [
      {
        meetingDate: '2026-12-08', leader: omar, actions: 'Fortsatt hembesök varannan dag.', responsible: asa, followUpDate: null, sipNeeded: false,
        sipCoordinator: null, sipSummonsDue: null, escalated: false, escalationReason: null, escalationAck: null,
        decidedBy: { id: omar.userId, aadObjectId: null, name: omar.name }, decidedAt: new Date('2026-12-08T12:30:00Z'),
      },
      {
        meetingDate: '2026-11-24', leader: asa, actions: 'Hembesök av distriktssköterska; **se över** läkemedel.', responsible: omar, followUpDate: '2026-12-08',
        sipNeeded: true, sipCoordinator: omar, sipSummonsDue: '2026-11-27', escalated: true, escalationReason: 'Hemtjänsten saknar personal.', escalationAck,
        decidedBy: { id: asa.userId, aadObjectId: null, name: asa.name }, decidedAt: new Date('2026-11-24T12:35:00Z'),
      },
    ],
    acknowledgements: [
      sampleAck({}),
      sampleAck({ _id: 'ack-9', role: 'social_worker', assigneeUserId: omar.userId, status: 'open', confirmedBy: null, confirmedAt: null, overdueSince: new Date('2026-11-25T11:00:00Z') }),
      escalationAck,
    ],
    events: [
      { action: 'case.create', at: new Date('2026-11-22T09:00:00Z'), byName: 'Karin Nilsson' },
      { action: 'case.decide', at: new Date('2026-11-24T12:35:00Z'), byName: 'Åsa Öberg' },
      { action: 'case.escalate', at: new Date('2026-11-24T12:35:00Z'), byName: 'Åsa Öberg' },
      { action: 'case.follow_up', at: new Date('2026-11-24T13:20:00Z'), byName: 'Åsa Öberg' },
    ],
  };
};

export const journalInput = (): JournalInput => {
  const detail = caseDetailInput();
  return {
    caseId: detail.caseId,
    reference: detail.reference,
    status: 'follow_up',
    agendaItem: detail.agendaItem,
    urgency: detail.urgency,
    riskGroups: detail.riskGroups,
    cfs: detail.cfs,
    readyForDischargeAt: null,
    submittedAt: new Date('2026-11-22T09:00:00Z'),
    submittedByLine: detail.submittedByLine,
    sensitive: detail.sensitive,
    history: caseHistorySample(),
    printedAt: new Date('2026-11-30T13:02:00Z'),
    printedBy: 'Omar Hassan',
    origin: { from: 'mine' },
  };
};

export const myWorkSample = (): MyWork => {
  const ref = (caseId: string, reference: string, status: MyWork['submitted'][number]['case']['status']) => ({ caseId, reference, meetingId: 'meeting-1', initials: 'A.E.', birthYear: 1942, status });
  return {
    today: '2026-11-30',
    acks: [
      { ackId: 'ack-9', case: ref('case-1', 'SA-K7QX4', 'follow_up'), ack: { role: 'social_worker', dueAt: new Date('2026-11-25T11:00:00Z'), assigneeUserId: '29:1a2b3c-omar' }, overdue: true },
      { ackId: 'ack-10', case: ref('case-2', 'SA-M3PL8', 'submitted'), ack: { role: 'social_worker', dueAt: new Date('2026-12-01T11:00:00Z'), assigneeUserId: null }, overdue: false },
    ],
    responsible: [
      { case: ref('case-1', 'SA-K7QX4', 'follow_up'), meetingDate: '2026-11-24', followUpDate: '2026-11-28', overdue: true },
      { case: ref('case-4', 'SA-T4HN6', 'closed'), meetingDate: '2026-11-24', followUpDate: null, overdue: false },
    ],
    submitted: [{ case: ref('case-5', 'SA-V2JC5', 'submitted'), meetingDate: '2026-12-01', submittedAt: new Date('2026-11-29T10:00:00Z') }],
    sip: [{ case: ref('case-1', 'SA-K7QX4', 'follow_up'), meetingDate: '2026-11-24', summonsDue: '2026-11-27', overdue: true }],
  };
};

export const meetingDecisionsInput = (): MeetingDecisionsCardInput => ({
  meetingId: 'meeting-1',
  meetingDate: '2026-11-24',
  meetingLabel: 'tisdag 24 november 2026 kl. 13:00',
  decisions: [
    {
      caseId: 'case-1', reference: 'SA-K7QX4', initials: 'A.E.', birthYear: 1942, agendaLabel: '2. Identifierade riskindivider', responsibleName: 'Omar Hassan',
      followUpDate: '2026-12-08', sip: { coordinatorName: 'Omar Hassan', summonsDue: '2026-11-27' }, escalated: true,
    },
    { caseId: 'case-4', reference: 'SA-T4HN6', initials: 'I.K.', birthYear: 1948, agendaLabel: '4. Behov av SIP', responsibleName: 'Åsa Öberg', followUpDate: null, sip: null, escalated: false },
  ],
});

export const leaderInput = (): LeaderCardInput => ({
  meetingId: 'meeting-1',
  meetingDate: '2026-11-24',
  meetingLabel: 'tisdag 24 november 2026 kl. 13:00',
  leaderName: 'Rita Region',
  mayChange: true,
  members: [{ id: '29:m', name: 'Mona Kommun', roleLabel: 'Socialsekreterare' }],
  upcoming: [{ meetingLabel: 'tisdag 1 december 2026 kl. 13:00', leaderName: 'Mona Kommun' }],
  notice: null,
});
