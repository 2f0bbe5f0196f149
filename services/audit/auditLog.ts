import type { AuditAction, AuditEntry, CaseRecord, OutboxMessage, UserRef } from '../domain/records';
import type { DocumentCollection } from '../store/documentStore';
import type { Clock } from '../time/clock';
import { newSortableId } from '../ids';
import { auditRetentionCutoff } from './auditRetention';

/**
 * The log is handed only the operations an append-only log needs: no updateOne or replaceOne, so
 * no code path through AuditLog can change an entry once written (DOMAIN.md §6).
 */
export type AuditEntries = Pick<DocumentCollection<AuditEntry>, 'insertOne' | 'find' | 'deleteMany' | 'count'>;

type CaseRef = Pick<CaseRecord, '_id' | 'reference' | 'meetingId'>;
/** What an entry is about: a case, a meeting as a whole, or (for the log's own events) nothing. */
type Subject = Pick<AuditEntry, 'meetingId' | 'caseId' | 'caseReference'>;

const NO_SUBJECT: Subject = { meetingId: null, caseId: null, caseReference: null };
const caseSubject = (record: CaseRef): Subject => ({ meetingId: record.meetingId, caseId: record._id, caseReference: record.reference });

/** Who ran the log extract: the operator's account, and on whose request when that was given. */
export interface ExtractOperator {
  account: string;
  requestedBy: string | null;
}

/**
 * Who ran an operator command: the operating-system account, and the person behind it when they
 * used sudo (`SUDO_USER`), since the account is then often `root` or a shared service account.
 */
export interface CliOperator {
  account: string;
  sudoUser: string | null;
}

/** How an operator is named on the records they change (`retriedBy`, `discardedBy`). */
export function operatorLabel(operator: CliOperator): string {
  return operator.sudoUser && operator.sudoUser !== operator.account ? `${operator.sudoUser} (as ${operator.account})` : operator.account;
}

/** Append-only: entries are inserted, read, and removed only once older than the audit retention period. */
export class AuditLog {
  constructor(
    private readonly entries: AuditEntries,
    private readonly clock: Clock,
  ) {}

  async recordCaseEvent(action: AuditAction, actor: UserRef, organization: string | null, record: CaseRef): Promise<void> {
    await this.append(this.clock.now(), action, { userId: actor.id, name: actor.name, organization }, caseSubject(record));
  }

  /** A look at a meeting as a whole (its board, its report): who and which meeting, no case. */
  async recordMeetingEvent(action: AuditAction, actor: UserRef, organization: string | null, meetingId: string): Promise<void> {
    await this.append(this.clock.now(), action, { userId: actor.id, name: actor.name, organization }, { ...NO_SUBJECT, meetingId });
  }

  /**
   * A log extract is itself a read of the person's cases, so it is logged per case. A search that
   * found no case still leaves one entry (without a case), so every lookup is visible.
   */
  async recordExtract(operator: ExtractOperator, cases: readonly CaseRef[]): Promise<void> {
    const at = this.clock.now();
    const actor = { userId: `cli:${operator.account}`, name: operator.requestedBy ?? operator.account, organization: null };
    if (cases.length === 0) await this.append(at, 'audit.extract', actor, NO_SUBJECT);
    for (const record of cases) await this.append(at, 'audit.extract', actor, caseSubject(record));
  }

  /**
   * An operator retried or discarded a dead letter. The entry names the message by id and notice
   * type only — never its card, the case behind it or the discard reason — and no case, so it
   * stays out of patients' log extracts: the operator acted on a message, not on a case.
   */
  async recordOutboxEvent(action: 'outbox.retry' | 'outbox.discard', operator: CliOperator, message: Pick<OutboxMessage, '_id' | 'notice'>): Promise<void> {
    const actor = { userId: `cli:${operator.account}`, name: operator.sudoUser ?? operator.account, organization: null };
    await this.append(this.clock.now(), action, actor, NO_SUBJECT, undefined, { id: message._id, noticeType: message.notice.type });
  }

  /**
   * The one way entries leave the log: those older than the audit retention period
   * (AUDIT_RETENTION_YEARS), selected by their time alone, so a purge can never pick entries by
   * case, person or action. The removal is logged first, stamped `now`, which is never before the
   * cut-off, so the purge record itself stays.
   */
  async purgeExpired(now: Date, years: number, actor: UserRef): Promise<number> {
    const expired = { at: { $lt: auditRetentionCutoff(now, years) } };
    const count = await this.entries.count(expired);
    if (count === 0) return 0;
    await this.append(now, 'audit.purge', { userId: actor.id, name: actor.name, organization: null }, NO_SUBJECT, { removed: count });
    return this.entries.deleteMany(expired);
  }

  forCase(caseId: string): Promise<AuditEntry[]> {
    return this.entries.find({ caseId }, { sort: { at: 1, _id: 1 } });
  }

  /** The entries of a case with the given actions, oldest first. */
  forCaseActions(caseId: string, actions: readonly AuditAction[]): Promise<AuditEntry[]> {
    return this.entries.find({ caseId, action: { $in: [...actions] } }, { sort: { at: 1, _id: 1 } });
  }

  forCases(caseIds: readonly string[]): Promise<AuditEntry[]> {
    if (caseIds.length === 0) return Promise.resolve([]);
    return this.entries.find({ caseId: { $in: [...caseIds] } }, { sort: { at: 1, _id: 1 } });
  }

  private async append(
    at: Date,
    action: AuditAction,
    actor: AuditEntry['actor'],
    subject: Subject,
    detail?: AuditEntry['detail'],
    outboxMessage?: AuditEntry['outboxMessage'],
  ): Promise<void> {
    await this.entries.insertOne({ _id: newSortableId(at), at, action, actor, ...subject, ...(detail ? { detail } : {}), ...(outboxMessage ? { outboxMessage } : {}) });
  }
}
