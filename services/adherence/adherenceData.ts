// What the adherence figures are counted from, read once per period for every meeting asked about
// (`meetingId: { $in }`), never per meeting or per meeting day. Each reader names the fields its
// records are used for, so the counting code cannot reach a sealed value, and so a field
// projection of the store can be added here, in one place, without touching the counting.
import type { LocalDate } from '../domain/codes';
import type { Acknowledgement, AuditAction, AuditEntry, CaseRecord, MeetingRun, PastDecision, StoredDecision } from '../domain/records';
import type { Repositories } from '../store/repositories';
import { addDays, zonedInstant } from '../time/stockholm';
import { periodInstants, type ReportPeriod } from './period';

/** The decision as far as counting needs it: never its sealed text. */
export type CountedDecision = Pick<StoredDecision, 'meetingDate' | 'sipNeeded' | 'sipCoordinatorUserId'>;

export type CountedCase = Pick<
  CaseRecord,
  '_id' | 'meetingId' | 'status' | 'agendaItem' | 'urgency' | 'recipients' | 'consent' | 'readyForDischargeAt' | 'submittedAt' | 'carriedOverFrom'
> & { decision: CountedDecision | null };

export type CountedAck = Pick<
  Acknowledgement,
  '_id' | 'meetingId' | 'caseId' | 'role' | 'assigneeUserId' | 'noticeSentAt' | 'dueAt' | 'status' | 'overdueSince' | 'confirmedAt'
>;

export type CountedAuditEntry = Pick<AuditEntry, '_id' | 'at' | 'action' | 'meetingId' | 'caseId'>;

export type CountedRun = Pick<MeetingRun, '_id' | 'meetingId' | 'meetingDate'>;

/** An earlier decision of a case (a follow-up decided it again): when it was first taken up. */
export type CountedPastDecision = Pick<PastDecision, '_id' | 'caseId' | 'meetingId' | 'meetingDate' | 'sipNeeded' | 'sipCoordinatorUserId'>;

/**
 * A case waits at most a few weeks between its submission and its meeting (two holiday weeks
 * skipped in a row at New Year is the longest gap), so cases submitted this long before the period
 * are the earliest that can still belong to a meeting within it.
 */
export const SUBMISSION_LOOKBACK_DAYS = 42;

type AdherenceRepos = Pick<Repositories, 'runs' | 'cases' | 'acks' | 'audit' | 'decisions'>;

/** Meeting days of the period whose run was ended (point 6, the summary posted). */
export function readHeldRuns(repos: AdherenceRepos, meetingIds: readonly string[], period: ReportPeriod): Promise<CountedRun[]> {
  return repos.runs.find(
    { meetingId: { $in: [...meetingIds] }, status: 'ended', meetingDate: { $gte: period.from, $lt: addDays(period.to, 1) } },
    { projection: ['meetingId', 'meetingDate'] },
  );
}

// The sealed SBAR and decision text make up most of a case's bytes: the store hands over only these.
const COUNTED_CASE_FIELDS = [
  'meetingId', 'status', 'agendaItem', 'urgency', 'recipients', 'consent', 'readyForDischargeAt', 'submittedAt', 'carriedOverFrom',
  'decision.meetingDate', 'decision.sipNeeded', 'decision.sipCoordinatorUserId',
] as const;

/** Every case that can belong to a meeting day of the period (the caller keeps those that do). */
export async function readSubmittedCases(repos: AdherenceRepos, meetingIds: readonly string[], period: ReportPeriod): Promise<CountedCase[]> {
  const since = addDays(period.from, -SUBMISSION_LOOKBACK_DAYS);
  // A case is never on a meeting day before its submission: the bound on the meeting day adds no
  // condition, it lets the index by meeting and meeting day skip the years before the period.
  const found = await repos.cases.find(
    { meetingId: { $in: [...meetingIds] }, meetingDate: { $gte: since }, submittedAt: { $gte: zonedInstant(since, '00:00'), $lt: periodInstants(period).end } },
    { projection: COUNTED_CASE_FIELDS },
  );
  // A projection leaves out a parent that is null (as MongoDB does): a case not yet decided.
  return found.map((record) => ({ ...record, decision: record.decision ?? null }));
}

/** Kvittenser asked for within the period. */
export function readNoticedAcks(repos: AdherenceRepos, meetingIds: readonly string[], period: ReportPeriod): Promise<CountedAck[]> {
  const { start, end } = periodInstants(period);
  return repos.acks.find(
    { meetingId: { $in: [...meetingIds] }, noticeSentAt: { $gte: start, $lt: end } },
    { projection: ['meetingId', 'caseId', 'role', 'assigneeUserId', 'noticeSentAt', 'dueAt', 'status', 'overdueSince', 'confirmedAt'] },
  );
}

/** The log's entries of the given actions within the period: it outlives the cases. */
export function readAuditEntries(repos: AdherenceRepos, meetingIds: readonly string[], period: ReportPeriod, actions: readonly AuditAction[]): Promise<CountedAuditEntry[]> {
  const { start, end } = periodInstants(period);
  return repos.audit.find({ meetingId: { $in: [...meetingIds] }, action: { $in: [...actions] }, at: { $gte: start, $lt: end } }, { projection: ['at', 'action', 'meetingId', 'caseId'] });
}

/** Earlier decisions of meeting days from the lookback on: a case decided again keeps its first. */
export function readPastDecisions(repos: AdherenceRepos, meetingIds: readonly string[], period: ReportPeriod): Promise<CountedPastDecision[]> {
  const since: LocalDate = addDays(period.from, -SUBMISSION_LOOKBACK_DAYS);
  return repos.decisions.find({ meetingId: { $in: [...meetingIds] }, meetingDate: { $gte: since } });
}

/** Records of several meetings, by meeting. */
export function byMeeting<T extends { meetingId: string | null }>(records: readonly T[]): Map<string, T[]> {
  const grouped = new Map<string, T[]>();
  for (const record of records) {
    if (record.meetingId === null) continue;
    const list = grouped.get(record.meetingId);
    if (list) list.push(record);
    else grouped.set(record.meetingId, [record]);
  }
  return grouped;
}

/** What an open escalation shows of its case: the masked identity only. */
export type EscalatedCase = Pick<CaseRecord, '_id' | 'meetingId' | 'reference' | 'masked' | 'status' | 'submittedAt'> & { decision: Pick<StoredDecision, 'escalate'> | null };

/** The managers' kvittenser still open in these meetings, whatever the period: an escalation waits until acknowledged. */
export function readOpenManagerAcks(repos: AdherenceRepos, meetingIds: readonly string[]): Promise<Acknowledgement[]> {
  return repos.acks.find({ meetingId: { $in: [...meetingIds] }, role: 'manager', status: 'open', assigneeUserId: null }, { sort: { noticeSentAt: 1 } });
}

export function readCasesById(repos: AdherenceRepos, caseIds: readonly string[]): Promise<EscalatedCase[]> {
  return caseIds.length === 0 ? Promise.resolve([]) : repos.cases.find({ _id: { $in: [...caseIds] } });
}

/** Who escalated these cases: the log names the leader who decided it. */
export function readEscalationEntries(repos: AdherenceRepos, caseIds: readonly string[]): Promise<Pick<AuditEntry, '_id' | 'at' | 'caseId' | 'actor'>[]> {
  return caseIds.length === 0 ? Promise.resolve([]) : repos.audit.find({ caseId: { $in: [...caseIds] }, action: 'case.escalate' });
}
