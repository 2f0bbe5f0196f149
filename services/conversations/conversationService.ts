import { isDeepStrictEqual } from 'node:util';
import type { ConversationRecord } from '../domain/records';
import type { DocumentCollection } from '../store/documentStore';
import type { Clock } from '../time/clock';

export type ConversationInstall = Omit<ConversationRecord, 'installedAt' | 'updatedAt'>;

function sameInstall(stored: ConversationRecord, install: ConversationInstall): boolean {
  const { installedAt: _installedAt, updatedAt: _updatedAt, ...kept } = stored;
  return isDeepStrictEqual(kept, { ...install });
}

/** Where the bot may post proactively: kept from the moment it is added to a conversation. */
export class ConversationService {
  constructor(
    private readonly conversations: DocumentCollection<ConversationRecord>,
    private readonly clock: Clock,
  ) {}

  async remember(install: ConversationInstall): Promise<void> {
    const now = this.clock.now();
    const existing = await this.conversations.findOne({ _id: install._id });
    // Every set-up press passes by here; an unchanged reference is not rewritten, so a refused
    // change of the meeting stores nothing.
    if (existing && sameInstall(existing, install)) return;
    await this.conversations.replaceOne({ ...install, installedAt: existing?.installedAt ?? now, updatedAt: now });
  }

  byKey(key: string): Promise<ConversationRecord | null> {
    return this.conversations.findOne({ _id: key });
  }
}
