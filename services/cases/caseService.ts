import type { AckService } from '../acks/ackService';
import type { AuditLog } from '../audit/auditLog';
import { caseCardKey } from './caseCardKey';
import type { Keyring } from '../crypto/keyring';
import type { CaseRecord, CaseSensitive, Meeting, RosterMember, UserRef } from '../domain/records';
import { newCaseReference, newId } from '../ids';
import type { Outbox } from '../outbox/outbox';
import type { DocumentStore } from '../store/documentStore';
import type { Repositories } from '../store/repositories';
import type { Clock } from '../time/clock';
import { meetingForSubmission, meetingStartsAt, nextMeeting, type MeetingOccurrence } from '../time/meetingCalendar';
import { localDateOf } from '../time/stockholm';
import type { FieldIssue } from '../validation/issues';
import { birthYearOf, initialsOf } from '../domain/masking';
import { keptSbarValues, validateSbar, type SbarField } from './sbarInput';
import { settingsOf } from '../meetings/meetingSettings';

export type SubmitResult =
  | { kind: 'created'; record: CaseRecord; occurrence: MeetingOccurrence }
  | { kind: 'invalid'; issues: FieldIssue[]; values: Partial<Record<SbarField, string>> }
  | { kind: 'consent_missing' };

export type WithdrawResult =
  | { kind: 'withdrawn'; record: CaseRecord }
  | { kind: 'not_found' }
  | { kind: 'not_allowed' }
  | { kind: 'meeting_started'; record: CaseRecord }
  | { kind: 'already_withdrawn'; record: CaseRecord };

export { caseCardKey };

export type ReadResult =
  | { kind: 'read'; record: CaseRecord; sensitive: CaseSensitive | null }
  | { kind: 'not_found' }
  | { kind: 'not_a_member' };

const REFERENCE_ATTEMPTS = 5;

export class CaseService {
  constructor(
    private readonly repos: Pick<Repositories, 'cases' | 'meetings'>,
    private readonly keyring: Keyring,
    private readonly audit: AuditLog,
    private readonly acks: AckService,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
    private readonly store: Pick<DocumentStore, 'transaction'>,
  ) {}

  byId(caseId: string): Promise<CaseRecord | null> {
    return this.repos.cases.findOne({ _id: caseId });
  }

  /**
   * Nothing is written unless every field is valid and consent is given. The writes are one
   * transaction: all of them are stored, or none. Their order still matters where a store cannot
   * make them one (a MongoDB without replica set): the channel post is queued first (it renders
   * nothing if the case never came to exist), the audit entry and the acknowledgements next
   * (reminders skip acknowledgements of a case that does not exist), and the case last — so even
   * a crash between two of them never leaves a stored case without its audit entry, its
   * acknowledgements or its channel post.
   */
  async submit(meeting: Meeting, submitter: RosterMember, actor: UserRef, data: Readonly<Record<string, unknown>>): Promise<SubmitResult> {
    const now = this.clock.now();
    const result = validateSbar(data, now, localDateOf(now));
    if (!result.ok) {
      return result.consentMissing ? { kind: 'consent_missing' } : { kind: 'invalid', issues: result.issues, values: result.values };
    }
    const sbar = result.value;
    // The area time slot is checked against this meeting's slots, which the form's own rules cannot know.
    const slotAreas = settingsOf(meeting).areaSlots.map((slot) => slot.area);
    const slotArea = typeof data.slotArea === 'string' ? data.slotArea.trim() : '';
    if (slotAreas.length > 0 && !slotAreas.includes(slotArea)) {
      return { kind: 'invalid', issues: [{ field: 'slotArea', code: slotArea === '' ? 'required' : 'invalid_choice' }], values: keptSbarValues(data) };
    }
    const occurrence = meetingForSubmission(meeting, now);
    const upcoming = nextMeeting(meeting, now);
    const caseId = newId();
    const record: CaseRecord = {
      _id: caseId,
      reference: await this.unusedReference(),
      meetingId: meeting._id,
      meetingDate: occurrence.date,
      status: 'submitted',
      agendaItem: sbar.agendaItem,
      urgency: sbar.urgency,
      riskGroups: sbar.riskGroups,
      cfs: sbar.cfs,
      recipients: sbar.recipients,
      medicationListCurrent: sbar.medicationListCurrent,
      sampleReferral: sbar.sampleReferral,
      consent: true,
      transferDate: sbar.transferDate,
      readyForDischargeAt: sbar.readyForDischargeAt,
      submitterProfession: sbar.submitterProfession,
      masked: { initials: initialsOf(sbar.sensitive.patientName), birthYear: birthYearOf(sbar.identity.normalized) },
      subjectKey: this.keyring.subjectKey(sbar.identity.normalized),
      sealed: this.keyring.sealJson(sbar.sensitive),
      submittedBy: actor,
      submittedAt: now,
      withdrawnBy: null,
      withdrawnAt: null,
      followUp: null,
      decision: null,
      carriedOverFrom: null,
      lateFor: upcoming.date !== occurrence.date ? upcoming.date : null,
      slotArea: slotAreas.length > 0 ? slotArea : null,
      closedAt: null,
      purgedAt: null,
    };

    await this.store.transaction(async () => {
      await this.outbox.post(caseCardKey(caseId), meeting.conversationKey, { type: 'case.card', caseId });
      await this.audit.recordCaseEvent('case.create', actor, submitter.organization, record);
      await this.acks.insert(this.acks.planForCase(record, meeting));
      // The unique index still guards the reference against a simultaneous submit drawing the same one.
      await this.repos.cases.insertOne(record);
    });
    this.outbox.dispatch();
    return { kind: 'created', record, occurrence };
  }

  /** References are random; one that is taken is drawn again (23^5 codes, so hardly ever). */
  private async unusedReference(): Promise<string> {
    for (let attempt = 1; ; attempt++) {
      const reference = newCaseReference();
      if (attempt >= REFERENCE_ATTEMPTS || !(await this.repos.cases.findOne({ reference }))) return reference;
    }
  }

  /**
   * The whole case, for a member of its meeting's roster only; every opening is audited before
   * anything is decrypted (DOMAIN.md §6) — as a view, or as the journal copy that leaves Samordna.
   * A purged case reads as null content.
   */
  async read(caseId: string, actor: UserRef, member: RosterMember | null, purpose: 'case.read' | 'case.journal' = 'case.read'): Promise<ReadResult> {
    const record = await this.byId(caseId);
    if (!record) return { kind: 'not_found' };
    if (!member || member.meetingId !== record.meetingId) return { kind: 'not_a_member' };
    await this.audit.recordCaseEvent(purpose, actor, member.organization, record);
    return { kind: 'read', record, sensitive: record.sealed ? this.keyring.openJson<CaseSensitive>(record.sealed) : null };
  }

  /**
   * The submitter, or the leader of the meeting the case is on (CONTRACT.md `case.withdraw`), may
   * withdraw until the meeting starts.
   */
  async withdraw(caseId: string, actor: UserRef, actorMember: RosterMember | null, meetingLeaderId: string | null = null): Promise<WithdrawResult> {
    const record = await this.byId(caseId);
    if (!record) return { kind: 'not_found' };
    const leads = meetingLeaderId !== null && meetingLeaderId === actor.id && actorMember?.meetingId === record.meetingId;
    if (record.submittedBy.id !== actor.id && !leads) return { kind: 'not_allowed' };
    if (record.status === 'withdrawn') return { kind: 'already_withdrawn', record };
    const meeting = await this.repos.meetings.findOne({ _id: record.meetingId });
    const now = this.clock.now();
    if (meeting && now.getTime() >= meetingStartsAt(meeting, record.meetingDate).getTime()) {
      return { kind: 'meeting_started', record };
    }
    // Audited before the change, so a crash in between can never leave an unaudited change.
    await this.audit.recordCaseEvent('case.withdraw', actor, actorMember?.organization ?? null, record);
    const changed = await this.repos.cases.updateOne(
      { _id: caseId, status: 'submitted' },
      { $set: { status: 'withdrawn', withdrawnBy: actor, withdrawnAt: now } },
    );
    if (changed === 0) {
      const current = await this.byId(caseId);
      return current ? { kind: 'already_withdrawn', record: current } : { kind: 'not_found' };
    }
    const withdrawn: CaseRecord = { ...record, status: 'withdrawn', withdrawnBy: actor, withdrawnAt: now };
    if (meeting) {
      await this.outbox.update(`case:${caseId}:withdrawn`, caseCardKey(caseId), meeting.conversationKey, { type: 'case.card', caseId });
      this.outbox.dispatch();
    }
    return { kind: 'withdrawn', record: withdrawn };
  }
}
