import type { AgendaItem, LocalDate, LocalTime, RiskGroup, Role, Urgency, Weekday } from './codes';

/** Who did something, as Teams identifies them. `id` is the Teams user id (`29:…`). */
export interface UserRef {
  id: string;
  aadObjectId: string | null;
  name: string;
}

/** A conversation the bot can post into, kept as Teams handed it over (opaque to services). */
export interface ConversationRecord {
  _id: string; // conversation key: channel id, group chat id or `personal:<userId>`
  kind: 'channel' | 'groupChat' | 'personal';
  tenantId: string | null;
  teamId: string | null;
  userId: string | null; // personal chats only
  reference: Record<string, unknown>;
  installedAt: Date;
  updatedAt: Date;
}

export interface MeetingSchedule {
  weekday: Weekday;
  time: LocalTime;
  durationMinutes: number;
  /** On the day before the meeting (DOMAIN.md §5). */
  cutoffTime: LocalTime;
}

export type HolidayPolicy = 'move' | 'skip';

/** When the scheduler acts for a meeting (DOMAIN.md §5); the seeds' values are the defaults. */
export interface MeetingSettings {
  /** The agenda is posted at this time on the meeting day. */
  agendaTime: LocalTime;
  /** The submission reminder goes out at this time on the last vardag before the meeting. */
  reminderTime: LocalTime;
  /** The daily reminder to those who owe an acknowledgement due today. */
  ackReminderTime: LocalTime;
  /** Acknowledgements are due at this time (kvittens senast kl. 12). */
  ackDueTime: LocalTime;
  /** A notice sent before this time is due the same day, otherwise the next day. */
  ackNoticeCutoff: LocalTime;
  /** A meeting that falls on a public holiday moves to the next vardag, or is skipped. */
  holidayPolicy: HolidayPolicy;
  /** Discharge (DOMAIN.md §5): the SIP summons is due this many days after the utskrivningsklar notice. */
  sipSummonsDays: number;
  /** The municipality's payment responsibility starts this many days after a notice sent before 12:00… */
  paymentDaysBeforeNoon: number;
  /** …and this many after one sent at or after 12:00. */
  paymentDaysFromNoon: number;
  /**
   * When the meeting is split by area (områdesvis, for confidentiality), each area's start time;
   * participants join only their area's slot. Empty: one meeting for all.
   */
  areaSlots: AreaSlot[];
}

export interface AreaSlot {
  area: string;
  start: LocalTime;
}

export interface Meeting {
  _id: string;
  /** The channel (or group chat) the meeting belongs to; one meeting per channel. */
  conversationKey: string;
  tenantId: string | null;
  area: string;
  schedule: MeetingSchedule;
  settings: MeetingSettings;
  createdBy: UserRef;
  createdAt: Date;
  updatedAt: Date;
}

export interface RosterMember {
  _id: string;
  meetingId: string;
  userId: string;
  aadObjectId: string | null;
  name: string;
  role: Role;
  organization: string;
  joinedAt: Date;
  updatedAt: Date;
}

/** AES-256-GCM ciphertext with the id of the key that sealed it. */
export interface SealedValue {
  v: 1;
  keyId: string;
  iv: string;
  tag: string;
  data: string;
}

/** Everything that identifies the patient or is clinical free text; stored only sealed. */
export interface CaseSensitive {
  patientName: string;
  personnummer: string; // 12 digits
  relativeContact: string;
  careUnit: string;
  responsiblePhysician: string;
  situation: string;
  background: string;
  assessment: string;
  recommendation: string;
  frequency: string;
  physicianOrder: string;
}

/** submitted → discussed (a decision at the meeting) → follow_up or closed at its end; or withdrawn. */
export type CaseStatus = 'submitted' | 'discussed' | 'follow_up' | 'withdrawn' | 'closed';

/** What the meeting decided for a case (agenda points 2–5). */
export interface CaseDecision {
  meetingDate: LocalDate;
  actions: string;
  responsibleUserId: string;
  /** Null: nothing to follow up, the case is closed when the meeting ends. */
  followUpDate: LocalDate | null;
  sipNeeded: boolean;
  sipCoordinatorUserId: string | null;
  escalate: boolean;
  escalationReason: string | null;
  decidedBy: UserRef;
  decidedAt: Date;
  /** The managers' kvittens when this decision escalated the case; null otherwise (absent in older decisions). */
  escalationAckId?: string | null;
}

/** A decision as stored: the free text (actions, escalation reason) only sealed. */
export type StoredDecision = Omit<CaseDecision, 'actions' | 'escalationReason'> & { sealedText: SealedValue | null };

/**
 * A decision of an earlier meeting, kept when a later meeting decides the case again (a follow-up
 * back under point 3), so the case's history shows every decision it has had.
 */
export interface PastDecision extends StoredDecision {
  _id: string; // `${caseId}:${meetingDate}`
  caseId: string;
  meetingId: string;
}

/** The meeting as the leader runs it, one per meeting day. */
export interface MeetingRun {
  _id: string; // `${meetingId}:${meetingDate}`
  meetingId: string;
  meetingDate: LocalDate;
  status: 'running' | 'ended';
  point: 1 | 2 | 3 | 4 | 5 | 6;
  /** Point 1: the leader's short note on the situation in the area. */
  areaNote: string;
  leaderId: string;
  startedBy: UserRef;
  startedAt: Date;
  endedBy: UserRef | null;
  endedAt: Date | null;
}

/** Set by the meeting's decision: when the case comes back, and who answers for it. */
export interface FollowUp {
  date: LocalDate;
  responsibleUserId: string;
  /** The meeting day it was put on (agenda point 3) once the date had come. */
  flaggedFor: LocalDate | null;
}

export interface CaseRecord {
  _id: string;
  reference: string;
  meetingId: string;
  /** Local date of the meeting the case is on (DOMAIN.md §5 cut-off). */
  meetingDate: LocalDate;
  status: CaseStatus;
  agendaItem: AgendaItem;
  urgency: Urgency;
  riskGroups: RiskGroup[];
  cfs: number | null;
  recipients: Role[];
  medicationListCurrent: boolean;
  sampleReferral: boolean;
  /** Always true: a case without consent is never stored (DOMAIN.md §4). */
  consent: true;
  transferDate: LocalDate | null;
  readyForDischargeAt: Date | null;
  submitterProfession: string;
  /** What the channel may show of the patient (DOMAIN.md §6). */
  masked: { initials: string; birthYear: number };
  /** Keyed hash of the personnummer: finds a person's cases without decrypting everything. */
  subjectKey: string;
  /** Null once the retention period has passed and the content was purged. */
  sealed: SealedValue | null;
  submittedBy: UserRef;
  submittedAt: Date;
  withdrawnBy: UserRef | null;
  withdrawnAt: Date | null;
  followUp: FollowUp | null;
  /** The latest decision (earlier ones are PastDecisions); its actions are clinical text, sealed like the SBAR. */
  decision: StoredDecision | null;
  /** Set when a meeting did not reach the case and it moved on to the next one. */
  carriedOverFrom: LocalDate | null;
  /** The meeting whose cut-off the case missed while that meeting was still ahead: its leader may take it up. */
  lateFor: LocalDate | null;
  /** The area time slot the case is taken up in, when the meeting is split by area. */
  slotArea: string | null;
  closedAt: Date | null;
  purgedAt: Date | null;
}

/**
 * A kvittens owed for a case (one per receiving role) or for an action assigned at a meeting
 * (one person). Any roster member with the role may acknowledge for the role.
 */
export interface Acknowledgement {
  _id: string;
  meetingId: string;
  caseId: string;
  caseReference: string;
  role: Role;
  assigneeUserId: string | null;
  noticeSentAt: Date;
  dueAt: Date;
  /** Local date of dueAt: the day the 10:00 reminder and the 12:00 escalation are about. */
  dueDate: LocalDate;
  status: 'open' | 'confirmed';
  overdueSince: Date | null;
  confirmedBy: UserRef | null;
  confirmedAt: Date | null;
}

/**
 * A Teams meeting (a channel meeting, or a scheduled meeting with its chat) that holds a Samordna
 * meeting: its start posts the agenda in the meeting's chat, its end reminds the leader.
 */
export interface TeamsMeetingLink {
  _id: string; // the Teams meeting id
  meetingId: string;
  tenantId: string | null;
  /** The meeting chat (a channel meeting's thread, or the meeting's group chat), once an event came from it. */
  chatConversationKey: string | null;
  /** `tab`: someone added the tab to the meeting and chose this meeting; `channel`: a channel meeting in the meeting's own channel. */
  how: 'tab' | 'channel';
  linkedBy: UserRef | null;
  linkedAt: Date;
}

/** A change to the rotation for one meeting day: a handover, or the swap that skips an absent leader. */
export interface LeaderAssignment {
  _id: string; // `${meetingId}:${meetingDate}`
  meetingId: string;
  meetingDate: LocalDate;
  userId: string;
  reason: 'handover' | 'skip';
  by: UserRef;
  at: Date;
}

export const JOBS = ['agenda', 'submission-reminder', 'ack-reminder', 'ack-deadline', 'follow-up', 'retention', 'holiday-notice'] as const;
export type JobName = (typeof JOBS)[number];

/**
 * One run of one job for one meeting and day, claimed before anything is sent so that a
 * restart, a retry or a second process never does it twice.
 */
export interface Occurrence {
  _id: string; // `${job}:${meetingId | 'all'}:${localDate}`
  job: JobName;
  meetingId: string | null;
  dueAt: Date;
  status: 'running' | 'done' | 'skipped' | 'failed';
  attempts: number;
  leaseUntil: Date | null;
  owner: string;
  startedAt: Date;
  finishedAt: Date | null;
  note: string | null;
}

export const AUDIT_ACTIONS = [
  'case.create', 'case.read', 'case.withdraw', 'case.purge', 'ack.confirm',
  'case.decide', 'case.follow_up', 'case.close', 'case.carry_over', 'case.escalate', 'case.accept_late',
  'audit.purge', 'audit.extract',
  'board.view', 'board.report', 'followup.read',
  'case.journal', 'cases.mine', 'meeting.decisions',
  'outbox.retry', 'outbox.discard',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** Append-only; never clinical text (DOMAIN.md §6). */
export interface AuditEntry {
  _id: string;
  at: Date;
  action: AuditAction;
  actor: { userId: string; name: string; organization: string | null };
  /** Null for entries about the log itself (its retention purge, a search that found no case). */
  meetingId: string | null;
  caseId: string | null;
  caseReference: string | null;
  /** Counts only (e.g. how many entries a purge removed): a number cannot carry clinical text. Absent in older entries. */
  detail?: Readonly<Record<string, number>>;
  /**
   * For `outbox.retry` and `outbox.discard`: the dead letter acted on. A field of its own rather
   * than `detail`, which stays numbers only: an id we generated and a notice-type code cannot carry
   * clinical text either, and the message itself (its card, the discard reason) is never copied here.
   */
  outboxMessage?: { id: string; noticeType: Notice['type'] };
}

/**
 * `dead`: given up by the worker, for an operator to retry or discard (services/outbox/deadLetters.ts).
 * `discarded`: a dead letter an operator decided is not to be sent; never sent, not counted as dead.
 */
export type OutboxStatus = 'pending' | 'sent' | 'dead' | 'dropped' | 'discarded';

/**
 * What a proactive message is about, as domain data. bot/ renders it into a Teams activity at
 * send time, from the current state, so an update always shows the latest version.
 */
export type Notice =
  | { type: 'case.card'; caseId: string }
  | { type: 'agenda'; meetingId: string; meetingDate: LocalDate; nominalDate: LocalDate }
  | { type: 'submission-reminder'; meetingId: string; meetingDate: LocalDate }
  | { type: 'holiday-notice'; meetingId: string; nominalDate: LocalDate }
  /** `mention` is set when the person has no personal chat with the bot and is reached in the channel. */
  | { type: 'ack-reminder'; meetingId: string; userId: string; ackIds: string[]; mention: boolean }
  /** `userId` null: the roster has no manager, so the channel itself is told. */
  | { type: 'escalation'; meetingId: string; userId: string | null; ackIds: string[]; mention: boolean }
  | { type: 'follow-up'; caseId: string; userId: string; mention: boolean }
  | { type: 'summary'; meetingId: string; meetingDate: LocalDate }
  /** The Teams meeting ended while the Samordna meeting is not ended: the leader is reminded (in the meeting chat when `userId` is null). */
  | { type: 'meeting-end-reminder'; meetingId: string; meetingDate: LocalDate; userId: string | null; mention: boolean }
  /** A case escalated at the meeting, to one manager (or the channel when `userId` is null). */
  | { type: 'case-escalation'; meetingId: string; caseId: string; ackId: string; userId: string | null; mention: boolean };

/** A proactive post or update, stored before it is sent so it survives a crash. */
export interface OutboxMessage {
  _id: string;
  /** Idempotency key: one message per key, ever. */
  key: string;
  conversationKey: string;
  kind: 'post' | 'update';
  /** For updates: the key of the post whose activity is replaced. */
  targetKey: string | null;
  notice: Notice;
  status: OutboxStatus;
  /** Failed attempts; waiting for a Teams rate limit is not one. */
  attempts: number;
  nextAttemptAt: Date;
  /** A sender holds the message until then; another process may take it over afterwards. */
  leaseUntil: Date | null;
  /** Which worker holds the lease (a random id per worker), so only it records the outcome. */
  leasedBy: string | null;
  /**
   * Set just before the request goes to Teams, cleared with its outcome. Still set after the lease
   * ran out means the sender died mid-send: Teams may have posted it, so it is never sent again.
   */
  sendingSince: Date | null;
  lastError: string | null;
  sentActivityId: string | null;
  createdAt: Date;
  /** Creation order within one millisecond (per conversation, messages go out in this order). */
  seq: number;
  sentAt: Date | null;
  deadAt: Date | null;
  /**
   * When the worker first and last tried it: an attempt is one that asked Teams, or failed while
   * preparing to. Absent in messages never tried, and in those from before these were recorded
   * (the dead-letter list then says the time is unknown rather than guess it).
   */
  firstAttemptAt?: Date;
  lastAttemptAt?: Date;
  /** Set by an operator's retry of a dead letter; `retries` counts them. Absent when never retried. */
  retriedAt?: Date;
  retriedBy?: string;
  retries?: number;
  /** Set when an operator discards a dead letter (status `discarded`): when, why (a transport note, never patient data) and who. */
  discardedAt?: Date;
  discardReason?: string;
  discardedBy?: string;
}
