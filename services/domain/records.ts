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

export interface Meeting {
  _id: string;
  /** The channel (or group chat) the meeting belongs to; one meeting per channel. */
  conversationKey: string;
  tenantId: string | null;
  area: string;
  schedule: MeetingSchedule;
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

export type CaseStatus = 'submitted' | 'withdrawn';

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
  sealed: SealedValue;
  submittedBy: UserRef;
  submittedAt: Date;
  withdrawnBy: UserRef | null;
  withdrawnAt: Date | null;
}

export const AUDIT_ACTIONS = ['case.create', 'case.read', 'case.withdraw'] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** Append-only; never clinical text (DOMAIN.md §6). */
export interface AuditEntry {
  _id: string;
  at: Date;
  action: AuditAction;
  actor: { userId: string; name: string; organization: string | null };
  meetingId: string;
  caseId: string | null;
  caseReference: string | null;
}

export type OutboxStatus = 'pending' | 'sent' | 'dead' | 'dropped';

/**
 * What a proactive message is about, as domain data. bot/ renders it into a Teams activity at
 * send time, from the current state, so an update always shows the latest version.
 */
export type Notice = { type: 'case.card'; caseId: string };

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
  attempts: number;
  nextAttemptAt: Date;
  /** A sender holds the message until then; another process may take it over afterwards. */
  leaseUntil: Date | null;
  lastError: string | null;
  sentActivityId: string | null;
  createdAt: Date;
  sentAt: Date | null;
}
