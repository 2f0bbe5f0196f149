import { z } from 'zod';
import type { TeamsMeetingEvent } from '../services/meetings/teamsMeetingService';
import { activityFacts, type Place } from './activityFacts';

// What Teams sends as `application/vnd.microsoft.meetingStart` / `…meetingEnd` (given the
// resource-specific permissions OnlineMeeting.ReadBasic.Chat / ChannelMeeting.ReadBasic.Group).
// botbuilder's own parser throws on anything unexpected, which would answer 500; read it here.
const meetingEventValue = z.object({ Id: z.string().min(1).max(512) }).loose();
const conversationShape = z.object({ conversation: z.object({ id: z.string().min(1).max(512) }) });

/** The event as the services take it, and where its chat is; null when it is not one. */
export function teamsMeetingEventOf(activity: unknown): { event: TeamsMeetingEvent; place: Place } | null {
  const facts = activityFacts(activity);
  const value = meetingEventValue.safeParse((activity as { value?: unknown } | null)?.value);
  const conversation = conversationShape.safeParse(activity);
  if (!facts || !value.success || !conversation.success || facts.place.kind === 'personal') return null;
  // A channel meeting's chat is a thread of the channel: its conversation id carries ";messageid=…".
  const chatConversationKey = conversation.data.conversation.id;
  return {
    event: {
      teamsMeetingId: value.data.Id,
      tenantId: facts.place.tenantId,
      channelId: facts.place.kind === 'channel' ? facts.place.conversationKey : null,
      chatConversationKey,
    },
    place: { ...facts.place, conversationKey: chatConversationKey },
  };
}
