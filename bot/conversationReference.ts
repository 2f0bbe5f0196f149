import { TurnContext, type Activity } from 'botbuilder';
import type { ConversationInstall } from '../services/conversations/conversationService';
import type { Place } from './activityFacts';

/**
 * The reference a proactive post needs. For a channel it points at the channel itself, not at
 * the reply thread a button was pressed in, so posts start new threads as agenda posts should.
 */
export function conversationInstall(activity: Partial<Activity>, place: Place): ConversationInstall {
  const reference = TurnContext.getConversationReference(activity);
  delete reference.activityId;
  if (place.kind !== 'personal') delete reference.user;
  if (place.kind === 'channel' && reference.conversation) {
    reference.conversation = { ...reference.conversation, id: place.conversationKey };
  }
  return {
    _id: place.conversationKey,
    kind: place.kind,
    tenantId: place.tenantId,
    teamId: place.teamId,
    userId: place.kind === 'personal' ? (activity.from?.id ?? null) : null,
    reference: JSON.parse(JSON.stringify(reference)) as Record<string, unknown>,
  };
}

