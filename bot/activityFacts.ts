import { z } from 'zod';
import type { ConversationRecord, UserRef } from '../services/domain/records';

/** Where an activity happened, in the terms the services use. */
export interface Place {
  conversationKey: string;
  kind: ConversationRecord['kind'];
  tenantId: string | null;
  teamId: string | null;
}

export interface ActivityFacts {
  actor: UserRef;
  place: Place;
}

const id = z.string().min(1).max(512);

/**
 * `from`, `recipient` and `conversation` are stored as they came, in the conversation reference a
 * proactive post needs: Teams puts only plain values in them, and a key the store would read
 * as an operator or a path (`$where`, `a.b`) must never reach the store.
 */
const referencePart = <T extends z.ZodRawShape>(shape: T) =>
  z
    .object(shape)
    .catchall(z.union([z.string().max(1024), z.number(), z.boolean(), z.null()]))
    .refine((part) => Object.keys(part).every((key) => !key.startsWith('$') && !key.includes('.')));

// Only the parts Samordna reads or stores are checked; everything else Teams sends passes untouched.
const activityShape = z.object({
  type: z.string(),
  channelId: z.string().max(64).optional(),
  locale: z.string().max(64).optional(),
  from: referencePart({ id, name: z.string().max(256).optional(), aadObjectId: z.string().max(128).optional() }),
  recipient: referencePart({ id, name: z.string().max(256).optional() }).optional(),
  conversation: referencePart({
    id,
    conversationType: z.string().max(32).optional(),
    tenantId: z.string().max(128).optional(),
    isGroup: z.boolean().optional(),
  }),
  channelData: z
    .object({
      tenant: z.object({ id: z.string().max(128) }).optional(),
      team: z.object({ id: z.string().max(512) }).optional(),
      channel: z.object({ id: z.string().max(512) }).optional(),
    })
    .optional(),
});

export type ActivityLike = z.input<typeof activityShape>;

function kindOf(activity: z.output<typeof activityShape>): Place['kind'] {
  const type = activity.conversation.conversationType;
  if (type === 'channel' || activity.channelData?.channel) return 'channel';
  if (type === 'groupChat' || activity.conversation.isGroup) return 'groupChat';
  return 'personal';
}

/** Null when the activity lacks what every turn needs (who, where). */
export function activityFacts(activity: unknown): ActivityFacts | null {
  const parsed = activityShape.safeParse(activity);
  if (!parsed.success) return null;
  const a = parsed.data;
  const kind = kindOf(a);
  // A channel post's reply thread has its own conversation id (";messageid=…"); the meeting
  // belongs to the channel itself.
  const channelId = a.channelData?.channel?.id ?? a.conversation.id.split(';')[0]!;
  const conversationKey = kind === 'channel' ? channelId : kind === 'groupChat' ? a.conversation.id : `personal:${a.from.id}`;
  return {
    actor: { id: a.from.id, aadObjectId: a.from.aadObjectId ?? null, name: a.from.name?.trim() || 'Okänd användare' },
    place: {
      conversationKey,
      kind,
      tenantId: a.channelData?.tenant?.id ?? a.conversation.tenantId ?? null,
      teamId: a.channelData?.team?.id ?? null,
    },
  };
}

const MAX_DATA_KEYS = 100;

/**
 * Card data as a prototype-free copy: keys like `__proto__` stay plain keys and can never reach
 * an object's prototype or a query; only known fields are read from it afterwards.
 */
export function cardData(value: unknown): Readonly<Record<string, unknown>> {
  const copy: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return copy;
  for (const key of Object.keys(value).slice(0, MAX_DATA_KEYS)) {
    copy[key] = (value as Record<string, unknown>)[key];
  }
  return copy;
}
