// The samordningsmöte is often a Teams meeting — a channel meeting in the very channel where
// Samordna lives, or a scheduled meeting with its own chat. A Teams meeting is linked to the
// Samordna meeting it holds; its start then puts the agenda into the meeting's chat, and its end
// reminds the leader to end the run, so the summary and the kvittenser are not forgotten.
import type { LocalDate } from '../domain/codes';
import type { Meeting, MeetingRun, Occurrence, TeamsMeetingLink, UserRef } from '../domain/records';
import type { ConversationService } from '../conversations/conversationService';
import type { Outbox } from '../outbox/outbox';
import { deliveryFor } from '../scheduler/recipients';
import { DuplicateKeyError } from '../store/documentStore';
import type { Repositories } from '../store/repositories';
import type { Clock } from '../time/clock';
import { currentMeetingDay } from '../time/meetingCalendar';
import type { LeaderService } from './leaderService';
import { agendaKey, meetingChatAgendaKey, runId } from './meetingRunService';

/** What Teams tells about a meeting that starts or ends, as the bot read it from the event. */
export interface TeamsMeetingEvent {
  teamsMeetingId: string;
  tenantId: string | null;
  /** The channel of a channel meeting; null for a scheduled meeting with its own chat. */
  channelId: string | null;
  /** Where the meeting's chat is: a channel meeting's thread, or the meeting's group chat. */
  chatConversationKey: string;
}

export type TeamsMeetingOutcome =
  | { kind: 'unlinked' }
  | { kind: 'other_tenant' }
  | { kind: 'not_meeting_day'; meetingId: string }
  | { kind: 'agenda_posted'; meetingId: string; meetingDate: LocalDate }
  | { kind: 'agenda_already_posted'; meetingId: string; meetingDate: LocalDate }
  | { kind: 'leader_reminded'; meetingId: string; meetingDate: LocalDate; runStatus: 'not_started' | 'running' }
  | { kind: 'run_already_ended'; meetingId: string; meetingDate: LocalDate };

export class TeamsMeetingService {
  constructor(
    private readonly repos: Pick<Repositories, 'teamsMeetings' | 'meetings' | 'runs' | 'occurrences'>,
    private readonly leaders: LeaderService,
    private readonly outbox: Outbox,
    private readonly conversations: ConversationService,
    private readonly clock: Clock,
  ) {}

  linkOf(teamsMeetingId: string): Promise<TeamsMeetingLink | null> {
    return this.repos.teamsMeetings.findOne({ _id: teamsMeetingId });
  }

  /** Someone on the meeting's roster added the tab to the Teams meeting and chose this meeting. */
  async link(teamsMeetingId: string, meeting: Meeting, by: UserRef, chatConversationKey: string | null): Promise<TeamsMeetingLink> {
    const existing = await this.linkOf(teamsMeetingId);
    const link: TeamsMeetingLink = {
      _id: teamsMeetingId,
      meetingId: meeting._id,
      tenantId: meeting.tenantId,
      chatConversationKey: chatConversationKey ?? existing?.chatConversationKey ?? null,
      how: 'tab',
      linkedBy: by,
      linkedAt: this.clock.now(),
    };
    await this.repos.teamsMeetings.replaceOne(link);
    return link;
  }

  /**
   * The Samordna meeting a Teams meeting holds: its link, or — for a channel meeting in the
   * channel a Samordna meeting belongs to — that meeting, linked from now on.
   */
  async resolve(event: TeamsMeetingEvent): Promise<{ meeting: Meeting; link: TeamsMeetingLink } | { kind: 'unlinked' | 'other_tenant' }> {
    let link = await this.linkOf(event.teamsMeetingId);
    if (!link && event.channelId) {
      const meeting = await this.repos.meetings.findOne({ conversationKey: event.channelId });
      if (meeting) {
        link = { _id: event.teamsMeetingId, meetingId: meeting._id, tenantId: meeting.tenantId, chatConversationKey: event.chatConversationKey, how: 'channel', linkedBy: null, linkedAt: this.clock.now() };
        await this.repos.teamsMeetings.replaceOne(link);
      }
    }
    if (!link) return { kind: 'unlinked' };
    const meeting = await this.repos.meetings.findOne({ _id: link.meetingId });
    if (!meeting) return { kind: 'unlinked' };
    // A meeting of another organisation that happens to carry a known id is none of ours.
    if (meeting.tenantId && event.tenantId && meeting.tenantId !== event.tenantId) return { kind: 'other_tenant' };
    if (link.chatConversationKey !== event.chatConversationKey) {
      link = { ...link, chatConversationKey: event.chatConversationKey };
      await this.repos.teamsMeetings.updateOne({ _id: link._id }, { $set: { chatConversationKey: event.chatConversationKey } });
    }
    return { meeting, link };
  }

  /** The Samordna meeting an event is about and today's meeting day, or why the event is none of ours. */
  private async heldToday(event: TeamsMeetingEvent): Promise<{ meeting: Meeting; meetingDate: LocalDate } | TeamsMeetingOutcome> {
    const found = await this.resolve(event);
    if ('kind' in found) return found;
    const { meetingDate, isToday } = currentMeetingDay(found.meeting, this.clock.now());
    return isToday ? { meeting: found.meeting, meetingDate } : { kind: 'not_meeting_day', meetingId: found.meeting._id };
  }

  /** The Teams meeting started: on the meeting day, the agenda goes into its chat with "Starta mötet". */
  async started(event: TeamsMeetingEvent): Promise<TeamsMeetingOutcome> {
    const today = await this.heldToday(event);
    if ('kind' in today) return today;
    const { meeting, meetingDate } = today;
    const key = meetingChatAgendaKey(meeting._id, meetingDate);
    if (await this.outbox.byKey(key)) return { kind: 'agenda_already_posted', meetingId: meeting._id, meetingDate };
    await this.outbox.post(key, event.chatConversationKey, { type: 'agenda', meetingId: meeting._id, meetingDate, nominalDate: meetingDate });
    await this.markAgendaPosted(meeting, meetingDate);
    this.outbox.dispatch();
    return { kind: 'agenda_posted', meetingId: meeting._id, meetingDate };
  }

  /**
   * The leader starts the run once the agenda is out (meetingRunService.start). An agenda that was
   * not posted in the channel — the Teams meeting began before the agenda time, or the catch-up
   * skipped it — counts as posted once it is in the meeting's chat.
   */
  private async markAgendaPosted(meeting: Meeting, meetingDate: LocalDate): Promise<void> {
    const now = this.clock.now();
    const posted: Occurrence = {
      _id: agendaKey(meeting._id, meetingDate), job: 'agenda', meetingId: meeting._id, dueAt: now, status: 'done', attempts: 1,
      leaseUntil: null, owner: 'teams-meeting-start', startedAt: now, finishedAt: now, note: 'posted in the Teams meeting chat',
    };
    try {
      await this.repos.occurrences.insertOne(posted);
    } catch (error) {
      if (!(error instanceof DuplicateKeyError)) throw error;
      await this.repos.occurrences.updateOne({ _id: posted._id, status: 'skipped' }, { $set: { status: 'done', note: posted.note, finishedAt: now } });
    }
  }

  /** The Teams meeting ended: a run not yet ended (or never started) is the leader's to finish. */
  async ended(event: TeamsMeetingEvent): Promise<TeamsMeetingOutcome> {
    const today = await this.heldToday(event);
    if ('kind' in today) return today;
    const { meeting, meetingDate } = today;
    const run: MeetingRun | null = await this.repos.runs.findOne({ _id: runId(meeting._id, meetingDate) });
    if (run?.status === 'ended') return { kind: 'run_already_ended', meetingId: meeting._id, meetingDate };
    const leaderId = run?.leaderId ?? (await this.leaders.leaderOf(meeting, meetingDate)).leader?.userId ?? null;
    const key = `meeting-end-reminder:${meeting._id}:${meetingDate}`;
    if (leaderId) {
      const { conversationKey, mention } = await deliveryFor(this.conversations, event.chatConversationKey, leaderId);
      await this.outbox.post(key, conversationKey, { type: 'meeting-end-reminder', meetingId: meeting._id, meetingDate, userId: leaderId, mention });
    } else {
      await this.outbox.post(key, event.chatConversationKey, { type: 'meeting-end-reminder', meetingId: meeting._id, meetingDate, userId: null, mention: false });
    }
    this.outbox.dispatch();
    return { kind: 'leader_reminded', meetingId: meeting._id, meetingDate, runStatus: run ? 'running' : 'not_started' };
  }
}
