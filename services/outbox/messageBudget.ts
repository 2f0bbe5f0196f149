// Teams refuses a bot message over about 100 KB, counted as UTF-16, with 413 MessageSizeTooBig,
// and Microsoft recommends staying within 80 KB (older pages say 40 KB).
// Every outgoing activity is measured against that budget before it is sent: a proactive post or
// update by the outbox worker, a card answering a button by the bot.

/** 80 KB as Teams counts it: UTF-16, two bytes per code unit. */
export const MESSAGE_BUDGET_BYTES = 80 * 1024;

/**
 * The size Teams counts for a JSON payload. A JavaScript string's length is its number of UTF-16
 * code units, so `length × 2` is exact, characters outside the Basic Multilingual Plane (two units
 * each) included.
 */
export function utf16Bytes(value: unknown): number {
  return (JSON.stringify(value) ?? '').length * 2;
}

/**
 * What an outbox post or update will weigh: the activity plus the conversation reference that the
 * transport copies into it (bot, user, conversation, service URL). Their sum is a little more than
 * the activity sent, never less.
 */
export function outgoingBytes(activity: unknown, reference: unknown): number {
  return utf16Bytes(activity) + utf16Bytes(reference);
}

export function withinBudget(bytes: number, budget = MESSAGE_BUDGET_BYTES): boolean {
  return bytes <= budget;
}
