// Read models of a case after the meeting: its history (private case view, journal copy) and one
// person's open work ("Mina ärenden"). services/cases builds them; cards/ renders them.
import type { LocalDate, Role } from './codes';
import type { Acknowledgement, AuditAction, CaseStatus, UserRef } from './records';

export interface PersonOnCase {
  userId: string;
  /** Null when the person has left the roster since. */
  name: string | null;
  role: Role | null;
}

export interface DecisionInHistory {
  meetingDate: LocalDate;
  leader: PersonOnCase | null;
  /** The meeting's actions; null once the case's content was purged. */
  actions: string | null;
  responsible: PersonOnCase;
  /** Null: the case closed with this decision. */
  followUpDate: LocalDate | null;
  sipNeeded: boolean;
  sipCoordinator: PersonOnCase | null;
  /** The last day to send the SIP summons (3 vardagar after the meeting). */
  sipSummonsDue: LocalDate | null;
  escalated: boolean;
  escalationReason: string | null;
  /** The managers' kvittens of the escalation; null for an older decision that did not record it. */
  escalationAck: Acknowledgement | null;
  decidedBy: UserRef;
  decidedAt: Date;
}

/** The steps of a case's life that the history lists (reads and kvittenser are shown elsewhere). */
export const LIFECYCLE_ACTIONS = [
  'case.create', 'case.accept_late', 'case.carry_over', 'case.decide', 'case.escalate',
  'case.follow_up', 'case.close', 'case.withdraw', 'case.purge',
] as const satisfies readonly AuditAction[];
export type LifecycleAction = (typeof LIFECYCLE_ACTIONS)[number];

export interface CaseEvent {
  action: LifecycleAction;
  at: Date;
  byName: string;
}

export interface CaseHistory {
  /** Newest first. */
  decisions: DecisionInHistory[];
  acknowledgements: Acknowledgement[];
  /** Oldest first, from the audit log, which outlives the case's content. */
  events: CaseEvent[];
}

export interface MyCaseRef {
  caseId: string;
  reference: string;
  meetingId: string;
  initials: string;
  birthYear: number;
  status: CaseStatus;
}

export interface MyAck {
  ackId: string;
  case: MyCaseRef;
  ack: Pick<Acknowledgement, 'role' | 'dueAt' | 'assigneeUserId'>;
  overdue: boolean;
}

export interface MyResponsibility {
  case: MyCaseRef;
  meetingDate: LocalDate;
  followUpDate: LocalDate | null;
  /** The follow-up date has passed. */
  overdue: boolean;
}

export interface MySubmission {
  case: MyCaseRef;
  meetingDate: LocalDate;
  submittedAt: Date;
}

export interface MySipAssignment {
  case: MyCaseRef;
  meetingDate: LocalDate;
  summonsDue: LocalDate;
  /** The summons deadline has passed. */
  overdue: boolean;
}

export interface MyWork {
  today: LocalDate;
  acks: MyAck[];
  responsible: MyResponsibility[];
  submitted: MySubmission[];
  sip: MySipAssignment[];
}

