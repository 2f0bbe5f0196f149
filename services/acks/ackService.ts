import type { AuditLog } from '../audit/auditLog';
import type { Role } from '../domain/codes';
import type { Acknowledgement, CaseRecord, Meeting, RosterMember, UserRef } from '../domain/records';
import { newId } from '../ids';
import { settingsOf } from '../meetings/meetingSettings';
import type { Outbox } from '../outbox/outbox';
import type { Repositories } from '../store/repositories';
import { ackDeadline } from '../time/ackDeadline';
import type { Clock } from '../time/clock';
import { localDateOf } from '../time/stockholm';
import { caseCardKey } from '../cases/caseCardKey';
import { isLate, mayConfirm } from './ackState';

export type ConfirmResult =
  | { kind: 'confirmed'; ack: Acknowledgement; late: boolean }
  | { kind: 'already_confirmed'; ack: Acknowledgement }
  | { kind: 'not_found' }
  | { kind: 'not_your_role'; ack: Acknowledgement };

/**
 * A kvittens owed for a case from `sentAt`: by a role (anyone with it), or by one person for an
 * action assigned to them. Due by the meeting's 08:00/12:00 rule (DOMAIN.md §5).
 */
export function owedAcknowledgement(
  meeting: Meeting,
  record: Pick<CaseRecord, '_id' | 'reference' | 'meetingId'>,
  role: Role,
  assigneeUserId: string | null,
  sentAt: Date,
): Acknowledgement {
  const { ackDueTime, ackNoticeCutoff } = settingsOf(meeting);
  const dueAt = ackDeadline(sentAt, { dueTime: ackDueTime, noticeCutoff: ackNoticeCutoff });
  return {
    _id: newId(),
    meetingId: record.meetingId,
    caseId: record._id,
    caseReference: record.reference,
    role,
    assigneeUserId,
    noticeSentAt: sentAt,
    dueAt,
    dueDate: localDateOf(dueAt),
    status: 'open',
    overdueSince: null,
    confirmedBy: null,
    confirmedAt: null,
  };
}

export class AckService {
  constructor(
    private readonly repos: Pick<Repositories, 'acks' | 'meetings'>,
    private readonly audit: AuditLog,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
  ) {}

  /** One acknowledgement per receiving role; the deadline follows the 08:00/12:00 rule (DOMAIN.md §5). */
  planForCase(record: Pick<CaseRecord, '_id' | 'reference' | 'meetingId' | 'recipients' | 'submittedAt'>, meeting: Meeting): Acknowledgement[] {
    return record.recipients.map((role) => owedAcknowledgement(meeting, record, role, null, record.submittedAt));
  }

  async insert(acks: readonly Acknowledgement[]): Promise<void> {
    for (const ack of acks) await this.repos.acks.insertOne(ack);
  }

  byId(ackId: string): Promise<Acknowledgement | null> {
    return this.repos.acks.findOne({ _id: ackId });
  }

  forCase(caseId: string): Promise<Acknowledgement[]> {
    return this.repos.acks.find({ caseId }, { sort: { role: 1 } });
  }

  /** Open acknowledgements of a meeting due on a local date (the 10:00 reminder). */
  openDueOn(meetingId: string, dueDate: string): Promise<Acknowledgement[]> {
    return this.repos.acks.find({ meetingId, status: 'open', dueDate }, { sort: { dueAt: 1 } });
  }

  /** Open acknowledgements of a meeting whose due time has passed (the 12:00 escalation). */
  openPastDue(meetingId: string, now: Date): Promise<Acknowledgement[]> {
    return this.repos.acks.find({ meetingId, status: 'open', dueAt: { $lte: now } }, { sort: { dueAt: 1 } });
  }

  /** Marks them overdue once; returns those this call marked. */
  async markOverdue(acks: readonly Acknowledgement[], now: Date): Promise<Acknowledgement[]> {
    const marked: Acknowledgement[] = [];
    for (const ack of acks) {
      const changed = await this.repos.acks.updateOne({ _id: ack._id, status: 'open', overdueSince: null }, { $set: { overdueSince: now } });
      if (changed === 1) marked.push({ ...ack, overdueSince: now });
    }
    return marked;
  }

  /** By whoever `mayConfirm`; after the due time it still counts, recorded as late. */
  async confirm(ackId: string, actor: UserRef, member: RosterMember | null): Promise<ConfirmResult> {
    const ack = await this.byId(ackId);
    if (!ack) return { kind: 'not_found' };
    if (!mayConfirm(ack, actor.id, member)) return { kind: 'not_your_role', ack };
    if (ack.status === 'confirmed') return { kind: 'already_confirmed', ack };
    const now = this.clock.now();
    await this.audit.recordCaseEvent('ack.confirm', actor, member?.organization ?? null, {
      _id: ack.caseId,
      reference: ack.caseReference,
      meetingId: ack.meetingId,
    });
    const changed = await this.repos.acks.updateOne({ _id: ackId, status: 'open' }, { $set: { status: 'confirmed', confirmedBy: actor, confirmedAt: now } });
    if (changed === 0) {
      const current = await this.byId(ackId);
      return current ? { kind: 'already_confirmed', ack: current } : { kind: 'not_found' };
    }
    const confirmed: Acknowledgement = { ...ack, status: 'confirmed', confirmedBy: actor, confirmedAt: now };
    await this.refreshCaseCard(confirmed, `ack:${ackId}`);
    return { kind: 'confirmed', ack: confirmed, late: isLate(confirmed) };
  }

  /** The channel's case card shows each role's state; it is re-rendered when one changes. */
  async refreshCaseCard(ack: Pick<Acknowledgement, 'caseId' | 'meetingId'>, change: string): Promise<void> {
    const meeting = await this.repos.meetings.findOne({ _id: ack.meetingId });
    if (!meeting) return;
    await this.outbox.update(`${caseCardKey(ack.caseId)}:${change}`, caseCardKey(ack.caseId), meeting.conversationKey, {
      type: 'case.card',
      caseId: ack.caseId,
    });
    this.outbox.dispatch();
  }
}
