import type {
  Acknowledgement,
  AuditEntry,
  CaseRecord,
  ConversationRecord,
  LeaderAssignment,
  Meeting,
  MeetingRun,
  Occurrence,
  OutboxMessage,
  PastDecision,
  TeamsMeetingLink,
  RosterMember,
} from '../domain/records';
import type { SecretRecord } from '../crypto/pseudonymisationSecret';
import type { DocumentCollection, DocumentStore, IndexSpec } from './documentStore';

/** The collections of Samordna and the indexes each needs; created at start-up. */
export interface Repositories {
  conversations: DocumentCollection<ConversationRecord>;
  meetings: DocumentCollection<Meeting>;
  roster: DocumentCollection<RosterMember>;
  cases: DocumentCollection<CaseRecord>;
  /** Decisions of earlier meetings on a case; the latest is the case's own `decision`. */
  decisions: DocumentCollection<PastDecision>;
  audit: DocumentCollection<AuditEntry>;
  outbox: DocumentCollection<OutboxMessage>;
  acks: DocumentCollection<Acknowledgement>;
  occurrences: DocumentCollection<Occurrence>;
  leaderAssignments: DocumentCollection<LeaderAssignment>;
  runs: DocumentCollection<MeetingRun>;
  /** Teams meetings that hold a Samordna meeting (issue: Samordna inside the Teams meeting). */
  teamsMeetings: DocumentCollection<TeamsMeetingLink>;
  /** The pseudonymisation secret (services/crypto/pseudonymisationSecret.ts), sealed. */
  secrets: DocumentCollection<SecretRecord>;
}

const INDEXES: { [K in keyof Repositories]: IndexSpec[] } = {
  conversations: [{ name: 'personal_user', fields: { userId: 1 } }],
  meetings: [
    { name: 'one_meeting_per_conversation', fields: { conversationKey: 1 }, unique: true },
    // The scheduler's minute tick reads only the meetings changed since the last (MeetingList).
    { name: 'updated', fields: { updatedAt: 1 } },
  ],
  roster: [
    { name: 'one_entry_per_person', fields: { meetingId: 1, userId: 1 }, unique: true },
    // The board finds a person's meetings, and their place in one, by Entra object id.
    { name: 'person_by_aad', fields: { aadObjectId: 1, meetingId: 1 } },
    { name: 'person', fields: { userId: 1 } },
  ],
  cases: [
    { name: 'reference', fields: { reference: 1 }, unique: true },
    { name: 'meeting_agenda', fields: { meetingId: 1, meetingDate: 1, status: 1 } },
    { name: 'subject', fields: { subjectKey: 1 } },
    { name: 'status', fields: { status: 1 } },
    // `npm run reencrypt` finds the values still sealed with an older key through these, so its
    // work is proportional to what is left to move.
    { name: 'sealed_key', fields: { 'sealed.keyId': 1 } },
    { name: 'decision_key', fields: { 'decision.sealedText.keyId': 1 } },
    // "Mina ärenden": a person's submissions, responsibilities and SIP assignments across meetings.
    { name: 'submitter', fields: { 'submittedBy.id': 1 } },
    { name: 'responsible', fields: { 'decision.responsibleUserId': 1 } },
    { name: 'sip_coordinator', fields: { 'decision.sipCoordinatorUserId': 1 } },
  ],
  decisions: [
    { name: 'case', fields: { caseId: 1 } },
    { name: 'meeting', fields: { meetingId: 1, meetingDate: 1 } },
    { name: 'sealed_key', fields: { 'sealedText.keyId': 1 } },
  ],
  audit: [
    // The yearly report and the follow-up read some actions of some meetings over a year, out of
    // all meetings' years and mostly other actions (openings of the board).
    { name: 'meeting_action_at', fields: { meetingId: 1, action: 1, at: 1 } },
    { name: 'case', fields: { caseId: 1, at: 1 } },
    { name: 'at', fields: { at: 1 } },
  ],
  acks: [
    // The 10:00 reminder and the 12:00 escalation look up each meeting's open kvittenser; by status
    // alone that would read every meeting's open ones once per meeting.
    { name: 'meeting_status', fields: { meetingId: 1, status: 1 } },
    // The yearly report and the follow-up read a period's kvittenser out of every year kept.
    { name: 'meeting_noticed', fields: { meetingId: 1, noticeSentAt: 1 } },
    { name: 'case', fields: { caseId: 1 } },
    { name: 'status', fields: { status: 1 } },
    { name: 'assignee', fields: { assigneeUserId: 1 } },
  ],
  occurrences: [
    { name: 'job', fields: { job: 1 } },
    // The metrics ask for each job's last finished run every scrape.
    { name: 'job_finished', fields: { job: 1, finishedAt: -1 } },
  ],
  leaderAssignments: [{ name: 'meeting', fields: { meetingId: 1 } }],
  runs: [{ name: 'meeting_date', fields: { meetingId: 1, meetingDate: 1 } }],
  teamsMeetings: [{ name: 'meeting', fields: { meetingId: 1 } }],
  secrets: [],
  outbox: [
    { name: 'idempotency_key', fields: { key: 1 }, unique: true },
    // Pending messages are few and sent ones many: a status index finds the due ones directly on
    // both stores.
    { name: 'status', fields: { status: 1 } },
    // /healthz lists the newest dead letters; dead ones pile up over the years, so on MongoDB this
    // keeps that list a short index walk instead of a sort of all of them.
    { name: 'status_dead_at', fields: { status: 1, deadAt: -1 } },
  ],
};

/** What loading the keyring needs, before the rest is opened (services/crypto/loadKeyring.ts). */
export function keyringCollections(store: DocumentStore): Pick<Repositories, 'secrets' | 'cases' | 'decisions'> {
  return {
    secrets: store.collection<SecretRecord>('secrets'),
    cases: store.collection<CaseRecord>('cases'),
    decisions: store.collection<PastDecision>('decisions'),
  };
}

/** Indexes of earlier versions that no read uses any more: kept, each would only slow the writes. */
const RETIRED_INDEXES: { [K in keyof Repositories]?: string[] } = {
  audit: ['meeting_at'],
  runs: ['meeting'],
};

export async function openRepositories(store: DocumentStore): Promise<Repositories> {
  const repositories: Repositories = {
    ...keyringCollections(store),
    conversations: store.collection<ConversationRecord>('conversations'),
    meetings: store.collection<Meeting>('meetings'),
    roster: store.collection<RosterMember>('roster'),
    audit: store.collection<AuditEntry>('audit'),
    outbox: store.collection<OutboxMessage>('outbox'),
    acks: store.collection<Acknowledgement>('acks'),
    occurrences: store.collection<Occurrence>('occurrences'),
    leaderAssignments: store.collection<LeaderAssignment>('leaderAssignments'),
    runs: store.collection<MeetingRun>('runs'),
    teamsMeetings: store.collection<TeamsMeetingLink>('teamsMeetings'),
  };
  for (const name of Object.keys(INDEXES) as (keyof Repositories)[]) {
    await repositories[name].ensureIndexes(INDEXES[name]);
    const retired = RETIRED_INDEXES[name];
    if (retired) await repositories[name].dropIndexes(retired);
  }
  return repositories;
}
