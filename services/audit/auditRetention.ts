import { isValidLocalDate, toLocal, zonedInstant } from '../time/stockholm';

/** What AUDIT_RETENTION_YEARS defaults to (services/config.ts); for callers that are not given a value. */
export const DEFAULT_AUDIT_RETENTION_YEARS = 5;

/**
 * The oldest instant an audit entry may carry and still be kept at `now`: the moment Stockholm's
 * clocks showed today's wall time `years` years ago. Entries are kept whole years of Swedish
 * calendar time (the log rules count years, not 365-day blocks), so summer time never shifts the
 * cut-off by an hour. Where that day does not exist (29 February in a common year) the whole of
 * 28 February has passed, so the cut-off is the start of 1 March. A wall time that occurred twice
 * (the autumn Sunday) resolves to its first instant: an entry is kept rather than dropped early.
 */
export function auditRetentionCutoff(now: Date, years: number): Date {
  const local = toLocal(now);
  const year = String(Number(local.date.slice(0, 4)) - years).padStart(4, '0');
  const sameDay = `${year}${local.date.slice(4)}`;
  if (!isValidLocalDate(sameDay)) return zonedInstant(`${year}-03-01`, '00:00');
  // Stockholm's offset is whole minutes, so the seconds of now carry over unchanged.
  return new Date(zonedInstant(sameDay, local.time).getTime() + (now.getTime() % 60_000 + 60_000) % 60_000);
}
