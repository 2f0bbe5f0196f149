import type { ConversationRecord } from '../domain/records';
import type { DocumentCollection } from '../store/documentStore';
import type { Clock } from '../time/clock';

export type ConversationInstall = Omit<ConversationRecord, 'installedAt' | 'updatedAt'>;

/** Where the bot may post proactively: kept from the moment it is added to a conversation. */
export class ConversationService {
  constructor(
    private readonly conversations: DocumentCollection<ConversationRecord>,
    private readonly clock: Clock,
  ) {}

  async remember(install: ConversationInstall): Promise<void> {
    const now = this.clock.now();
    const existing = await this.conversations.findOne({ _id: install._id });
    await this.conversations.replaceOne({ ...install, installedAt: existing?.installedAt ?? now, updatedAt: now });
  }

  byKey(key: string): Promise<ConversationRecord | null> {
    return this.conversations.findOne({ _id: key });
  }
}
