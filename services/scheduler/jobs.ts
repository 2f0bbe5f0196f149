import type { Acknowledgement, JobName, Meeting, UserRef } from '../domain/records';
import { caseCutoff, meetingStartsAt, nextMeeting } from '../time/meetingCalendar';
import { zonedInstant } from '../time/stockholm';
import { settingsOf } from '../meetings/meetingSettings';
import type { JobContext, JobOutcome } from './jobContext';
import type { PlannedRun } from './plannedRuns';
import { deliveryFor } from './recipients';

type Job = (context: JobContext, run: PlannedRun) => Promise<JobOutcome>;

const done = (note: string | null = null): JobOutcome => ({ status: 'done', note });
const skipped = (note: string): JobOutcome => ({ status: 'skipped', note });

const RETENTION_ACTOR: UserRef = { id: 'samordna:retention', aadObjectId: null, name: 'Samordna (gallring)' };

async function meetingOf(context: JobContext, run: PlannedRun): Promise<Meeting | null> {
  return run.meetingId ? context.services.meetings.byId(run.meetingId) : null;
}

/**
 * Acknowledgements whose case still exists and was not withdrawn; reminders are not about
 * withdrawn cases. (A closed case can still owe the kvittens of an action decided for it.)
 */
async function liveAcks(context: JobContext, acks: readonly Acknowledgement[]): Promise<Acknowledgement[]> {
  const live: Acknowledgement[] = [];
  for (const ack of acks) {
    const record = await context.services.cases.byId(ack.caseId);
    if (record && record.status !== 'withdrawn') live.push(ack);
  }
  return live;
}

/** Who owes each acknowledgement: its assignee, or every roster member with its role. */
async function debtors(context: JobContext, meeting: Meeting, acks: readonly Acknowledgement[]): Promise<Map<string, string[]>> {
  const members = await context.services.roster.members(meeting._id);
  const byUser = new Map<string, string[]>();
  for (const ack of acks) {
    const owers = ack.assigneeUserId ? [ack.assigneeUserId] : members.filter((member) => member.role === ack.role).map((member) => member.userId);
    for (const userId of owers) byUser.set(userId, [...(byUser.get(userId) ?? []), ack._id]);
  }
  return byUser;
}

const agenda: Job = async (context, run) => {
  const meeting = await meetingOf(context, run);
  if (!meeting) return skipped('meeting no longer exists');
  // A caught-up agenda after the meeting has started would only confuse (issue: catch-up rule).
  if (context.now.getTime() >= meetingStartsAt(meeting, run.day).getTime()) return skipped('the meeting has already started');
  await context.services.outbox.post(run.key, meeting.conversationKey, { type: 'agenda', meetingId: meeting._id, meetingDate: run.day, nominalDate: run.nominalDate ?? run.day });
  return done();
};

const submissionReminder: Job = async (context, run) => {
  const meeting = await meetingOf(context, run);
  if (!meeting) return skipped('meeting no longer exists');
  if (context.now.getTime() >= caseCutoff(meeting, run.day).getTime()) return skipped('the cut-off has passed');
  await context.services.outbox.post(run.key, meeting.conversationKey, { type: 'submission-reminder', meetingId: meeting._id, meetingDate: run.day });
  return done();
};

const holidayNotice: Job = async (context, run) => {
  const meeting = await meetingOf(context, run);
  if (!meeting) return skipped('meeting no longer exists');
  await context.services.outbox.post(run.key, meeting.conversationKey, { type: 'holiday-notice', meetingId: meeting._id, nominalDate: run.day });
  return done();
};

const ackReminder: Job = async (context, run) => {
  const meeting = await meetingOf(context, run);
  if (!meeting) return skipped('meeting no longer exists');
  if (context.now.getTime() >= zonedInstant(run.day, settingsOf(meeting).ackDueTime).getTime()) return skipped('the due time has passed');
  const acks = await liveAcks(context, await context.services.acks.openDueOn(meeting._id, run.day));
  const owed = await debtors(context, meeting, acks);
  for (const [userId, ackIds] of owed) {
    const { conversationKey, mention } = await deliveryFor(context.services.conversations, meeting.conversationKey, userId);
    await context.services.outbox.post(`${run.key}:${userId}`, conversationKey, { type: 'ack-reminder', meetingId: meeting._id, userId, ackIds, mention });
  }
  return done(`${acks.length} open, ${owed.size} reminded`);
};

const ackDeadline: Job = async (context, run) => {
  const meeting = await meetingOf(context, run);
  if (!meeting) return skipped('meeting no longer exists');
  const overdue = await liveAcks(context, await context.services.acks.openPastDue(meeting._id, context.now));
  if (overdue.length === 0) return done('nothing overdue');
  for (const ack of await context.services.acks.markOverdue(overdue, context.now)) {
    await context.services.acks.refreshCaseCard(ack, `overdue:${ack._id}`);
  }
  const ackIds = overdue.map((ack) => ack._id);
  const managers = (await context.services.roster.members(meeting._id)).filter((member) => member.role === 'manager');
  if (managers.length === 0) {
    context.logger.warn({ meetingId: meeting._id, overdue: overdue.length }, 'overdue acknowledgements but no manager on the roster: told the channel');
    await context.services.outbox.post(`${run.key}:channel`, meeting.conversationKey, { type: 'escalation', meetingId: meeting._id, userId: null, ackIds, mention: false });
  }
  for (const manager of managers) {
    const { conversationKey, mention } = await deliveryFor(context.services.conversations, meeting.conversationKey, manager.userId);
    await context.services.outbox.post(`${run.key}:${manager.userId}`, conversationKey, { type: 'escalation', meetingId: meeting._id, userId: manager.userId, ackIds, mention });
  }
  return done(`${overdue.length} overdue, ${managers.length} managers pinged`);
};

const followUp: Job = async (context, run) => {
  const meeting = await meetingOf(context, run);
  if (!meeting) return skipped('meeting no longer exists');
  const due = (await context.services.repos.cases.find({ meetingId: meeting._id, status: 'follow_up', 'followUp.flaggedFor': null })).filter(
    (record) => record.followUp !== null && record.followUp.date <= run.day,
  );
  if (due.length === 0) return done('no follow-ups due');
  const meetingDate = nextMeeting(meeting, context.now).date;
  for (const record of due) {
    await context.services.repos.cases.updateOne({ _id: record._id, 'followUp.flaggedFor': null }, { $set: { 'followUp.flaggedFor': meetingDate } });
    const userId = record.followUp!.responsibleUserId;
    const { conversationKey, mention } = await deliveryFor(context.services.conversations, meeting.conversationKey, userId);
    await context.services.outbox.post(`${run.key}:${record._id}`, conversationKey, { type: 'follow-up', caseId: record._id, userId, mention });
  }
  return done(`${due.length} flagged for ${meetingDate}`);
};

const DAY = 86_400_000;

/**
 * Samordna is not a medical record: case content goes after RETENTION_DAYS. The audit log has its
 * own, longer period (AUDIT_RETENTION_YEARS): each step touches only its own collection.
 */
const retention: Job = async (context) => {
  const purged = await purgeCaseContent(context);
  const removed = await context.services.audit.purgeExpired(context.now, context.auditRetentionYears, RETENTION_ACTOR);
  return done(`${purged} purged, ${removed} audit entries removed`);
};

async function purgeCaseContent(context: JobContext): Promise<number> {
  const limit = context.now.getTime() - context.retentionDays * DAY;
  const candidates = await context.services.repos.cases.find({ status: { $in: ['withdrawn', 'closed'] }, purgedAt: null });
  let purged = 0;
  for (const record of candidates) {
    const endedAt = record.status === 'withdrawn' ? record.withdrawnAt : record.closedAt;
    if (!endedAt || endedAt.getTime() > limit) continue;
    await context.services.audit.recordCaseEvent('case.purge', RETENTION_ACTOR, null, record);
    // Earlier decisions first: `purgedAt` on the case marks the purge done, so a crash in between is redone next night.
    for (const past of await context.services.repos.decisions.find({ caseId: record._id, sealedText: { $ne: null } })) {
      await context.services.repos.decisions.updateOne({ _id: past._id }, { $set: { sealedText: null } });
    }
    await context.services.repos.cases.updateOne(
      { _id: record._id, purgedAt: null },
      { $set: record.decision ? { sealed: null, 'decision.sealedText': null, purgedAt: context.now } : { sealed: null, purgedAt: context.now } },
    );
    purged++;
  }
  return purged;
}

/**
 * The run a post was queued by: every job above keys its posts by the run's key (`job:meeting:day`),
 * alone or followed by `:` and what tells the run's messages apart (a person, a case). The case-card
 * updates an escalation makes are keyed by the card instead, and are not found this way.
 */
export function runKeyOfPost(outboxKey: string): string {
  return outboxKey.split(':').slice(0, 3).join(':');
}

export const JOB_RUNNERS: Readonly<Record<JobName, Job>> = {
  agenda,
  'submission-reminder': submissionReminder,
  'holiday-notice': holidayNotice,
  'ack-reminder': ackReminder,
  'ack-deadline': ackDeadline,
  'follow-up': followUp,
  retention,
};
