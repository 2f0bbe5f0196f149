import type { Acknowledgement, CaseRecord, StoredDecision } from '../domain/records';
import type { Repositories } from '../store/repositories';

/**
 * A case the meeting escalated stays escalated until a manager acknowledges it (meetingRunService
 * escalate): an open manager kvittens for everyone in the role, noticed after the case came in — a
 * kvittens asked of managers at submission carries the submission time itself. A withdrawn case
 * is nobody's to act on.
 */
type EscalatableCase = Pick<CaseRecord, 'submittedAt' | 'status'> & { decision: Pick<StoredDecision, 'escalate'> | null };

export function isOpenEscalation<R extends EscalatableCase>(
  ack: Pick<Acknowledgement, 'status' | 'role' | 'assigneeUserId' | 'noticeSentAt'>,
  record: R | undefined,
): record is R {
  return (
    ack.status === 'open' &&
    ack.role === 'manager' &&
    ack.assigneeUserId === null &&
    record !== undefined &&
    record.decision?.escalate === true &&
    ack.noticeSentAt.getTime() > record.submittedAt.getTime() &&
    record.status !== 'withdrawn'
  );
}

/** Escalations no manager has acknowledged yet, across every meeting (the metrics). */
export async function countOpenEscalations(repos: Pick<Repositories, 'acks' | 'cases'>): Promise<number> {
  const open = await repos.acks.find({ status: 'open', role: 'manager', assigneeUserId: null });
  if (open.length === 0) return 0;
  const cases = new Map((await repos.cases.find({ _id: { $in: [...new Set(open.map((ack) => ack.caseId))] } })).map((record) => [record._id, record]));
  return open.filter((ack) => isOpenEscalation(ack, cases.get(ack.caseId))).length;
}
