// "Mina ärenden": one person's open work across every meeting they are on the roster of — the
// kvittenser they owe, the cases they answer for, the cases they submitted, and the SIP meetings
// they are to summon. Only masked facts (reference, initials, birth year, dates, codes), so the
// same list serves the private card and the board.
import { isOverdue, mayConfirm } from '../acks/ackState';
import type { Services } from '../app';
import type { MyAck, MyCaseRef, MyWork } from '../domain/caseViews';
import type { Acknowledgement, CaseRecord, RosterMember } from '../domain/records';
import { addDays, localDateOf } from '../time/stockholm';
import { sipSummonsDue } from '../time/sip';

/** A closed case stays on the responsible person's list this long, for the actions it left them. */
export const RECENTLY_CLOSED_DAYS = 14;
/** A SIP is summoned within 3 vardagar and held within 21 days of the summons: after that it is no longer open work. */
export const SIP_ASSIGNMENT_DAYS = 21;

type WorkServices = Pick<Services, 'roster' | 'repos' | 'clock'>;

const refOf = (record: CaseRecord): MyCaseRef => ({
  caseId: record._id,
  reference: record.reference,
  meetingId: record.meetingId,
  initials: record.masked.initials,
  birthYear: record.masked.birthYear,
  status: record.status,
});

export async function myWork(services: WorkServices, userId: string): Promise<MyWork> {
  const now = services.clock.now();
  const today = localDateOf(now);
  const memberships = new Map<string, RosterMember>((await services.roster.membershipsOf(userId)).map((member) => [member.meetingId, member]));
  const onMyMeetings = (record: CaseRecord | null): record is CaseRecord => record !== null && memberships.has(record.meetingId) && record.purgedAt === null;
  const { cases, acks } = services.repos;
  const caseCache = new Map<string, CaseRecord | null>();
  const caseOf = async (caseId: string): Promise<CaseRecord | null> => {
    if (!caseCache.has(caseId)) caseCache.set(caseId, await cases.findOne({ _id: caseId }));
    return caseCache.get(caseId)!;
  };

  // Kvittenser owed by this person: actions assigned to them, and those of their role in each meeting.
  const owed: Acknowledgement[] = [...(await acks.find({ assigneeUserId: userId, status: 'open' }))];
  for (const member of memberships.values()) {
    owed.push(...(await acks.find({ meetingId: member.meetingId, status: 'open', role: member.role, assigneeUserId: null })));
  }
  const myAcks: MyAck[] = [];
  for (const ack of owed) {
    const record = await caseOf(ack.caseId);
    if (!onMyMeetings(record) || record.status === 'withdrawn' || !mayConfirm(ack, userId, memberships.get(ack.meetingId) ?? null)) continue;
    myAcks.push({ ackId: ack._id, case: refOf(record), ack: { role: ack.role, dueAt: ack.dueAt, assigneeUserId: ack.assigneeUserId }, overdue: isOverdue(ack, now) });
  }
  myAcks.sort((a, b) => a.ack.dueAt.getTime() - b.ack.dueAt.getTime());

  const closedSince = addDays(today, -RECENTLY_CLOSED_DAYS);
  const responsible = (await cases.find({ 'decision.responsibleUserId': userId, status: { $in: ['discussed', 'follow_up', 'closed'] } }))
    .filter(onMyMeetings)
    .filter((record) => record.status !== 'closed' || (record.closedAt !== null && localDateOf(record.closedAt) >= closedSince))
    .map((record) => {
      const followUpDate = record.status === 'closed' ? null : (record.followUp?.date ?? record.decision!.followUpDate);
      return { case: refOf(record), meetingDate: record.decision!.meetingDate, followUpDate, overdue: followUpDate !== null && followUpDate < today };
    })
    .sort((a, b) => (a.followUpDate ?? '9999').localeCompare(b.followUpDate ?? '9999') || a.case.reference.localeCompare(b.case.reference));

  const submitted = (await cases.find({ 'submittedBy.id': userId }, { sort: { submittedAt: -1 } }))
    .filter(onMyMeetings)
    .map((record) => ({ case: refOf(record), meetingDate: record.meetingDate, submittedAt: record.submittedAt }));

  const sip = (await cases.find({ 'decision.sipCoordinatorUserId': userId, 'decision.sipNeeded': true }))
    .filter(onMyMeetings)
    .filter((record) => record.status !== 'withdrawn' && record.decision!.meetingDate >= addDays(today, -SIP_ASSIGNMENT_DAYS))
    .map((record) => {
      const summonsDue = sipSummonsDue(record.decision!.meetingDate);
      return { case: refOf(record), meetingDate: record.decision!.meetingDate, summonsDue, overdue: summonsDue < today };
    })
    .sort((a, b) => a.summonsDue.localeCompare(b.summonsDue));

  return { today, acks: myAcks, responsible, submitted, sip };
}
