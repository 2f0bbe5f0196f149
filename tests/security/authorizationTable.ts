// Who may press which button: every verb of the router × the five kinds of people in a team.
// The authorization matrix test runs each row against the real server, and
// scripts/authorization-table.ts writes the same table into docs/authorization.md.

export const ACTORS = ['outsider', 'member', 'submitter', 'leader', 'manager'] as const;
export type Actor = (typeof ACTORS)[number];

export const ACTOR_DESCRIPTIONS: Readonly<Record<Actor, string>> = {
  outsider: 'in the team and the channel, not on the roster',
  member: 'on the roster (social worker), neither submitter nor leader',
  submitter: 'on the roster (home health nurse), submitted the case',
  leader: "on the roster (district nurse), this week's leader by rotation",
  manager: 'on the roster with the role `manager` (chef, MLA, MAS, MAR)',
};

/**
 * The state a row starts from. `open`: the meeting is set up, everyone but the outsider has joined,
 * the submitter's case is on next Tuesday's agenda and owes a kvittens from the member's role.
 * `agenda`: meeting day 13:00, the agenda is in the channel. `running`: the leader has started the
 * meeting, and a case that came in after the cut-off waits to be taken up.
 */
export type Phase = 'open' | 'agenda' | 'running';

/** The ids a row's data needs from the world it runs in. */
export interface WorldIds {
  meetingId: string;
  meetingDate: string;
  caseId: string;
  lateCaseId: string | null;
  ackId: string;
  userIds: Readonly<Record<Actor, string>>;
  roles: Readonly<Partial<Record<Actor, string>>>;
}

export type Outcome = 'allowed' | 'refused';

export interface AuthorizationRow {
  verb: string;
  phase: Phase;
  /** What the button is pressed on, in the words of the docs. */
  situation: string;
  data(world: WorldIds, actor: Actor): Record<string, unknown>;
  outcomes: Readonly<Record<Actor, Outcome>>;
  /** A fragment of the answer an allowed press gets. */
  allowedText: string;
  /** A fragment of the Swedish refusal; null when nobody is refused. */
  refusedText: string | null;
}

const everyone: Record<Actor, Outcome> = { outsider: 'allowed', member: 'allowed', submitter: 'allowed', leader: 'allowed', manager: 'allowed' };
const rosterOnly: Record<Actor, Outcome> = { ...everyone, outsider: 'refused' };
const leaderOrManager: Record<Actor, Outcome> = { outsider: 'refused', member: 'refused', submitter: 'refused', leader: 'allowed', manager: 'allowed' };

const ONLY_ROSTER = 'Bara deltagare i mötet kan anmäla och hantera ärenden';
const ONLY_RUN_LEADER = 'Bara dagens mötesledare eller en chef i deltagarlistan kan leda mötet';
const ONLY_LEADER_CHANGE = 'Mötesledaren själv eller en chef i deltagarlistan kan byta mötesledare';

const meetingOnly = (world: WorldIds) => ({ meetingId: world.meetingId });
const runCard = (world: WorldIds) => ({ meetingId: world.meetingId, meetingDate: world.meetingDate });

export const AUTHORIZATION_TABLE: readonly AuthorizationRow[] = [
  {
    verb: 'help',
    phase: 'open',
    situation: 'the help button',
    data: () => ({}),
    outcomes: everyone,
    allowedText: 'Så använder du Samordna',
    refusedText: null,
  },
  {
    verb: 'meeting.form',
    phase: 'open',
    situation: "opening the set-up form (it shows the channel's schedule; saving is checked)",
    data: () => ({}),
    outcomes: everyone,
    allowedText: 'Ställ in samordningsmötet',
    refusedText: null,
  },
  {
    verb: 'meeting.setup',
    phase: 'open',
    situation: 'changing the meeting that someone else (not on the roster) set up',
    data: () => ({ area: 'Norrmalm', weekday: '2', time: '13:00', durationMinutes: '90' }),
    outcomes: { outsider: 'refused', member: 'refused', submitter: 'refused', leader: 'refused', manager: 'allowed' },
    allowedText: 'Norrmalm',
    refusedText: 'Mötets tider ändras av den som ställde in det eller av en chef i deltagarlistan',
  },
  {
    verb: 'roster.form',
    phase: 'open',
    situation: 'opening the roster form',
    data: meetingOnly,
    outcomes: everyone,
    allowedText: 'Norrmalm',
    refusedText: null,
  },
  {
    verb: 'roster.join',
    phase: 'open',
    situation: 'joining the roster (members: saving their own entry again)',
    data: (world, actor) => ({ meetingId: world.meetingId, role: world.roles[actor] ?? 'rehab', organization: 'Enheten' }),
    outcomes: everyone,
    allowedText: 'Enheten',
    refusedText: null,
  },
  {
    verb: 'case.form',
    phase: 'open',
    situation: 'opening the SBAR form',
    data: meetingOnly,
    outcomes: rosterOnly,
    allowedText: 'Samtycke',
    refusedText: ONLY_ROSTER,
  },
  {
    verb: 'case.submit',
    phase: 'open',
    situation: 'a valid SBAR form before the cut-off',
    // The form itself is the caller's; the matrix test fills in a valid SBAR (tests/support/sbarFixtures.ts).
    data: meetingOnly,
    outcomes: rosterOnly,
    allowedText: 'SA-',
    refusedText: ONLY_ROSTER,
  },
  {
    verb: 'case.withdraw',
    phase: 'open',
    situation: "the submitter's case, before the meeting",
    data: (world) => ({ caseId: world.caseId }),
    outcomes: { outsider: 'refused', member: 'refused', submitter: 'allowed', leader: 'allowed', manager: 'refused' },
    allowedText: 'återkallat',
    refusedText: 'kan bara återkallas av den som anmälde det eller av mötesledaren',
  },
  {
    verb: 'ack.confirm',
    phase: 'open',
    situation: "a kvittens the case owes from the member's role (social worker)",
    data: (world) => ({ ackId: world.ackId }),
    outcomes: { outsider: 'refused', member: 'allowed', submitter: 'refused', leader: 'refused', manager: 'refused' },
    allowedText: 'Kvitterat',
    refusedText: 'Du har inte den roll som ska kvittera',
  },
  {
    verb: 'case.view',
    phase: 'open',
    situation: 'opening the whole case from the channel card',
    data: (world) => ({ caseId: world.caseId }),
    outcomes: rosterOnly,
    allowedText: 'Visas bara för dig',
    refusedText: 'Bara deltagare i det samordningsmöte ärendet hör till kan se hela ärendet',
  },
  {
    verb: 'case.journal',
    phase: 'open',
    situation: 'the journal copy from the private case view',
    data: (world) => ({ caseId: world.caseId }),
    outcomes: rosterOnly,
    allowedText: 'Journalkopia',
    refusedText: 'Bara deltagare i det samordningsmöte ärendet hör till kan se hela ärendet',
  },
  {
    verb: 'my.cases',
    phase: 'open',
    situation: "the caller's own work across their meetings (someone on no roster is told how to join)",
    data: () => ({}),
    outcomes: everyone,
    allowedText: 'Mina ärenden',
    refusedText: null,
  },
  {
    verb: 'meeting.decisions',
    phase: 'open',
    situation: "the list of a meeting's decisions behind the summary",
    data: runCard,
    outcomes: rosterOnly,
    allowedText: 'Mötets beslut',
    refusedText: ONLY_ROSTER,
  },
  {
    verb: 'meeting.summary',
    phase: 'open',
    situation: 'back from the decisions to the summary (what the channel shows anyway)',
    data: runCard,
    outcomes: everyone,
    allowedText: 'Sammanfattning av samordningsmötet',
    refusedText: null,
  },
  {
    verb: 'case.hide',
    phase: 'open',
    situation: 'back to the masked card (what the channel shows anyway)',
    data: (world) => ({ caseId: world.caseId }),
    outcomes: everyone,
    allowedText: 'Visa ärendet',
    refusedText: null,
  },
  {
    verb: 'leader.form',
    phase: 'open',
    situation: 'who leads the coming meetings (controls only for those who may change it)',
    data: meetingOnly,
    outcomes: everyone,
    allowedText: 'Kommande möten',
    refusedText: null,
  },
  {
    verb: 'leader.handover',
    phase: 'open',
    situation: 'handing the next meeting to the member',
    data: (world) => ({ meetingId: world.meetingId, to: world.userIds.member }),
    outcomes: leaderOrManager,
    allowedText: 'leder mötet i stället',
    refusedText: ONLY_LEADER_CHANGE,
  },
  {
    verb: 'leader.skip',
    phase: 'open',
    situation: 'marking the leader of the next meeting absent',
    data: meetingOnly,
    outcomes: leaderOrManager,
    allowedText: 'leder mötet i stället',
    refusedText: ONLY_LEADER_CHANGE,
  },
  {
    verb: 'meeting.start',
    phase: 'agenda',
    situation: 'the agenda is in the channel on the meeting day',
    data: runCard,
    outcomes: leaderOrManager,
    allowedText: 'Punkt 1 av 6',
    refusedText: ONLY_RUN_LEADER,
  },
  {
    verb: 'meeting.view',
    phase: 'running',
    situation: "the agenda card's refresh while the meeting runs (the leader's view or the agenda)",
    data: runCard,
    outcomes: everyone,
    allowedText: 'Norrmalm',
    refusedText: null,
  },
  {
    verb: 'meeting.point',
    phase: 'running',
    situation: 'moving the running meeting to point 2',
    data: (world) => ({ ...runCard(world), point: 2, areaNote: 'Lugnt i området.' }),
    outcomes: leaderOrManager,
    allowedText: 'Punkt 2 av 6',
    refusedText: ONLY_RUN_LEADER,
  },
  {
    verb: 'case.decision',
    phase: 'running',
    situation: "opening the decision form of a case on today's agenda",
    data: (world) => ({ ...runCard(world), caseId: world.caseId }),
    outcomes: leaderOrManager,
    allowedText: 'Ansvarig',
    refusedText: ONLY_RUN_LEADER,
  },
  {
    verb: 'case.decide',
    phase: 'running',
    situation: "a valid decision on a case on today's agenda",
    data: (world) => ({ ...runCard(world), caseId: world.caseId, actions: 'Hembesök.', responsible: world.userIds.member, followUpDate: '' }),
    outcomes: leaderOrManager,
    allowedText: 'är sparat',
    refusedText: ONLY_RUN_LEADER,
  },
  {
    verb: 'case.accept',
    phase: 'running',
    situation: 'taking up a case that came in after the cut-off',
    data: (world) => ({ ...runCard(world), caseId: world.lateCaseId }),
    outcomes: leaderOrManager,
    allowedText: 'tas upp på dagens möte',
    refusedText: ONLY_RUN_LEADER,
  },
  {
    verb: 'meeting.end',
    phase: 'running',
    situation: 'ending the running meeting',
    data: runCard,
    outcomes: leaderOrManager,
    allowedText: 'Mötet är avslutat',
    refusedText: ONLY_RUN_LEADER,
  },
];

/**
 * The personal tab's API (/api/personal) × the same five people, called over HTTP with the
 * development identity. `status` is the answer each person gets: 200 allowed, otherwise the
 * refusal's status with the Swedish `{ error }`.
 */
export interface HttpAuthorizationRow {
  method: 'GET' | 'POST';
  /** The route as registered. */
  route: string;
  situation: string;
  path(world: WorldIds): string;
  body?: Record<string, unknown>;
  status: Readonly<Record<Actor, number>>;
  /** A fragment of the allowed answer's body. */
  allowedText: string;
  /** The Swedish refusal by status; empty when nobody is refused. */
  refusals: Readonly<Partial<Record<number, string>>>;
  /** Leaves the store as it was apart from the audit log, so the next row starts from the same world. */
  readOnly: boolean;
}

const ok: Record<Actor, number> = { outsider: 200, member: 200, submitter: 200, leader: 200, manager: 200 };
const managerOnly: Record<Actor, number> = { outsider: 403, member: 403, submitter: 403, leader: 403, manager: 200 };
const NOT_A_MANAGER = 'Uppföljningen visas för chefer på mötenas deltagarlistor.';
const MEETING_NOT_MANAGED = 'Mötet finns inte bland de möten du är chef för.';
/** A meeting id that is no meeting of this world (unknown, or another's: the answer is the same). */
const OTHER_MEETING_ID = '0f4d3c2b-1a09-4876-8543-210fedcba987';

export const HTTP_AUTHORIZATION_TABLE: readonly HttpAuthorizationRow[] = [
  {
    method: 'GET',
    route: '/api/personal/me',
    situation: 'who the caller is and which meetings they manage (someone on no roster: none)',
    path: () => '/api/personal/me',
    status: ok,
    allowedText: '"isManager"',
    refusals: {},
    readOnly: true,
  },
  {
    method: 'GET',
    route: '/api/personal/mycases',
    situation: "the caller's own work across their meetings (Mina ärenden)",
    path: () => '/api/personal/mycases',
    status: ok,
    allowedText: '"mine"',
    refusals: {},
    readOnly: true,
  },
  {
    method: 'GET',
    route: '/api/personal/cases/:caseId',
    situation: 'the whole case, privately, as "Visa ärendet" opens it',
    path: (world) => `/api/personal/cases/${world.caseId}`,
    status: { ...ok, outsider: 403 },
    allowedText: '"sbar"',
    refusals: { 403: 'Bara deltagare i det samordningsmöte ärendet hör till kan se hela ärendet.' },
    readOnly: true,
  },
  {
    method: 'POST',
    route: '/api/personal/acks/:ackId/confirm',
    situation: "a kvittens the case owes from the member's role (social worker)",
    path: (world) => `/api/personal/acks/${world.ackId}/confirm`,
    body: {},
    status: { outsider: 403, member: 200, submitter: 403, leader: 403, manager: 403 },
    allowedText: 'Kvitterat: SA-',
    refusals: { 403: 'Du har inte den roll som ska kvittera' },
    readOnly: false,
  },
  {
    method: 'GET',
    route: '/api/personal/followup',
    situation: 'the follow-up of every meeting the caller manages',
    path: () => '/api/personal/followup',
    status: managerOnly,
    allowedText: '"openEscalations"',
    refusals: { 403: NOT_A_MANAGER },
    readOnly: true,
  },
  {
    method: 'GET',
    route: '/api/personal/followup',
    situation: 'the follow-up of this meeting (`?meetingId=`)',
    path: (world) => `/api/personal/followup?meetingId=${world.meetingId}`,
    status: managerOnly,
    allowedText: '"openEscalations"',
    refusals: { 403: NOT_A_MANAGER },
    readOnly: true,
  },
  {
    method: 'GET',
    route: '/api/personal/followup',
    situation: 'the follow-up of a meeting the caller does not manage (unknown or another\'s: the same 404)',
    path: () => `/api/personal/followup?meetingId=${OTHER_MEETING_ID}`,
    status: { ...managerOnly, manager: 404 },
    allowedText: '"openEscalations"',
    refusals: { 403: NOT_A_MANAGER, 404: MEETING_NOT_MANAGED },
    readOnly: true,
  },
  {
    method: 'GET',
    route: '/api/personal/followup.csv',
    situation: 'the follow-up as CSV',
    path: () => '/api/personal/followup.csv',
    status: managerOnly,
    allowedText: 'möte;mottagande organisation;avsnitt;mått;värde',
    refusals: { 403: NOT_A_MANAGER },
    readOnly: true,
  },
];
