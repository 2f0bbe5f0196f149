import type { ConversationService } from '../conversations/conversationService';

/**
 * A reminder reaches a person in their personal chat with the bot when there is one (the app
 * installed for them), otherwise in the meeting's channel with an @mention (DOMAIN.md §5).
 */
export async function deliveryFor(conversations: ConversationService, meetingConversationKey: string, userId: string): Promise<{ conversationKey: string; mention: boolean }> {
  const personal = await conversations.byKey(`personal:${userId}`);
  return personal ? { conversationKey: personal._id, mention: false } : { conversationKey: meetingConversationKey, mention: true };
}
