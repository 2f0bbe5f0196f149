// The shortest time Teams' limits allow for a delivery, against which bench:fanout measures.
import { GLOBAL, PER_CONVERSATION, type Window } from '../tests/support/teamsLimits';

export interface Floor {
  seconds: number;
  /** How it was computed, for the benchmark's output. */
  explanation: string;
}

/**
 * The least time from the first to the last of `requests` requests under one sliding window of
 * `limit` per `windowMs`: the first `limit` may go at once, each further `limit` one window later.
 */
const span = (requests: number, { limit, windowMs }: Window) => (Math.max(1, Math.ceil(requests / limit)) - 1) * (windowMs / 1000);
const label = ({ limit, windowMs }: Window) => `${limit}/${windowMs >= 3_600_000 ? `${windowMs / 3_600_000} h` : `${windowMs / 1000} s`}`;

/**
 * The shortest time the limits allow for delivering `perConversation[i]` messages to conversation
 * i, when a share `refusedShare` of all requests is refused (429) whatever the sender does and
 * every request counts against the limits: n messages then take n ÷ (1 − share) requests in
 * expectation. The global windows see all requests, each conversation's windows its own; the
 * binding constraint is the largest of those times.
 */
export function deliveryFloor(perConversation: readonly number[], refusedShare = 0): Floor {
  const requests = (messages: number) => messages / (1 - refusedShare);
  const total = perConversation.reduce((sum, n) => sum + n, 0);
  const busiest = Math.max(0, ...perConversation);
  const answered = refusedShare > 0 ? ` ÷ ${(1 - refusedShare).toFixed(2)} answered` : '';
  const candidates = [
    ...GLOBAL.map((window) => ({
      seconds: span(requests(total), window),
      why: `global: ${total} messages${answered} = ${Math.ceil(requests(total))} requests, ${window.limit} at once and ${window.limit} more each ${window.windowMs / 1000} s (${label(window)})`,
    })),
    ...PER_CONVERSATION.map((window) => ({ seconds: span(requests(busiest), window), why: `busiest conversation ${busiest} at ${label(window)}` })),
  ];
  const binding = candidates.reduce((a, b) => (b.seconds > a.seconds ? b : a));
  const others = candidates.filter((c) => c !== binding).map((c) => `${c.why} = ${c.seconds.toFixed(1)} s`);
  return {
    seconds: binding.seconds,
    explanation: `floor ${binding.seconds.toFixed(1)} s = ${binding.why} (binding; others: ${others.join('; ')})`,
  };
}
