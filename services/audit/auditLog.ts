import type { AuditAction, AuditEntry, CaseRecord, UserRef } from '../domain/records';
import type { DocumentCollection } from '../store/documentStore';
import type { Clock } from '../time/clock';
import { newSortableId } from '../ids';

/** Append-only: this module only ever inserts (DOMAIN.md §6). */
export class AuditLog {
  constructor(
    private readonly entries: DocumentCollection<AuditEntry>,
    private readonly clock: Clock,
  ) {}

  async recordCaseEvent(action: AuditAction, actor: UserRef, organization: string | null, record: Pick<CaseRecord, '_id' | 'reference' | 'meetingId'>): Promise<void> {
    const at = this.clock.now();
    await this.entries.insertOne({
      _id: newSortableId(at),
      at,
      action,
      actor: { userId: actor.id, name: actor.name, organization },
      meetingId: record.meetingId,
      caseId: record._id,
      caseReference: record.reference,
    });
  }

  forCase(caseId: string): Promise<AuditEntry[]> {
    return this.entries.find({ caseId }, { sort: { at: 1, _id: 1 } });
  }
}
