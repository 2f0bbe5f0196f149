import type { LocalDate, LocalTime, Weekday } from '../domain/codes';

// All rules of the routine are stated in Swedish local time. Conversions go through the IANA
// zone via Intl, so summer time (last Sunday of March/October) is handled by the platform's tz
// data, not by hand-written offsets.
export const TIME_ZONE = 'Europe/Stockholm';

const partsFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: TIME_ZONE,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

export interface LocalDateTime {
  date: LocalDate;
  time: LocalTime;
  seconds: number;
}

export function toLocal(instant: Date): LocalDateTime {
  const parts: Record<string, string> = {};
  for (const part of partsFormat.formatToParts(instant)) parts[part.type] = part.value;
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    time: `${parts.hour}:${parts.minute}`,
    seconds: Number(parts.second),
  };
}

export function localDateOf(instant: Date): LocalDate {
  const offset = cachedOffsetMinutes(instant);
  return offset === null ? toLocal(instant).date : new Date(instant.getTime() + offset * 60_000).toISOString().slice(0, 10);
}

/** The Stockholm date of `instant` as days since 1970-01-01: localDateOf for arithmetic on many instants. */
export function localEpochDayOf(instant: Date): number {
  const offset = cachedOffsetMinutes(instant);
  return offset === null ? epochDayOf(toLocal(instant).date) : Math.floor((instant.getTime() + offset * 60_000) / DAY_MS);
}

export function epochDayOf(date: LocalDate): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return Date.UTC(y, m - 1, d) / DAY_MS;
}

export function dateOfEpochDay(day: number): LocalDate {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** Stockholm's offset for the UTC day of `instant`; null on the two days a year the clocks change. */
function cachedOffsetMinutes(instant: Date): number | null {
  const day = Math.floor(instant.getTime() / DAY_MS);
  let offset = offsetByUtcDay.get(day);
  if (offset === undefined) {
    if (Number.isNaN(day)) return null;
    const atStart = offsetMinutes(new Date(day * DAY_MS));
    // On the two days a year the clocks change, the day has no single offset: ask Intl each time.
    offset = atStart === offsetMinutes(new Date((day + 1) * DAY_MS - 1000)) ? atStart : null;
    if (offsetByUtcDay.size >= MAX_CACHED_DAYS) offsetByUtcDay.clear();
    offsetByUtcDay.set(day, offset);
  }
  return offset;
}

// A follow-up dates tens of thousands of instants, and Intl costs microseconds each. Stockholm's
// offset (from the tz data, through Intl) is asked once per UTC day an instant falls in.
const DAY_MS = 86_400_000;
const MAX_CACHED_DAYS = 50_000;
const offsetByUtcDay = new Map<number, number | null>();

/** Offset of Stockholm from UTC at `instant`, in minutes (60 in winter, 120 in summer). */
function offsetMinutes(instant: Date): number {
  const local = toLocal(instant);
  const asUtc = Date.UTC(
    Number(local.date.slice(0, 4)),
    Number(local.date.slice(5, 7)) - 1,
    Number(local.date.slice(8, 10)),
    Number(local.time.slice(0, 2)),
    Number(local.time.slice(3, 5)),
    local.seconds,
  );
  return Math.round((asUtc - Math.floor(instant.getTime() / 1000) * 1000) / 60000);
}

/**
 * The instant at which Stockholm's clocks show `date` `time`. A time that does not exist
 * (02:00–02:59 on the spring-forward Sunday) maps to the same wall time after the jump, i.e.
 * one hour later, so a 02:30 reminder still goes out that night; a time that occurs twice (the
 * autumn Sunday) maps to its first occurrence, so nothing waits an extra hour.
 */
export function zonedInstant(date: LocalDate, time: LocalTime): Date {
  const key = `${date}T${time}`;
  let instant = zonedCache.get(key);
  if (instant === undefined) {
    // Bounded: the scheduler and the calendar ask for the same few weeks over and over.
    if (zonedCache.size >= ZONED_CACHE_SIZE) zonedCache.clear();
    instant = computeZonedInstant(date, time).getTime();
    zonedCache.set(key, instant);
  }
  return new Date(instant);
}

const ZONED_CACHE_SIZE = 4096;
const zonedCache = new Map<string, number>();

function computeZonedInstant(date: LocalDate, time: LocalTime): Date {
  const [y, mo, d] = date.split('-').map(Number) as [number, number, number];
  const [h, mi] = time.split(':').map(Number) as [number, number];
  const wallAsUtc = Date.UTC(y, mo - 1, d, h, mi);
  const candidates = new Set<number>();
  for (const probe of [wallAsUtc - 3 * 3600_000, wallAsUtc + 3 * 3600_000]) {
    candidates.add(wallAsUtc - offsetMinutes(new Date(probe)) * 60_000);
  }
  const exact = [...candidates].filter((t) => {
    const local = toLocal(new Date(t));
    return local.date === date && local.time === time;
  });
  if (exact.length > 0) return new Date(Math.min(...exact));
  // In the spring gap: the offset before the jump gives the wall time one hour on.
  return new Date(wallAsUtc - offsetMinutes(new Date(wallAsUtc - 3 * 3600_000)) * 60_000);
}

export function addDays(date: LocalDate, days: number): LocalDate {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

export function weekdayOf(date: LocalDate): Weekday {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const sundayZero = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return (sundayZero === 0 ? 7 : sundayZero) as Weekday;
}

export function isValidLocalDate(value: string): value is LocalDate {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const [y, m, d] = value.split('-').map(Number) as [number, number, number];
  const probe = new Date(Date.UTC(y, m - 1, d));
  return probe.getUTCFullYear() === y && probe.getUTCMonth() === m - 1 && probe.getUTCDate() === d;
}

export function isValidLocalTime(value: string): value is LocalTime {
  return /^([01]\d|2[0-3]):[0-5]\d$/.test(value);
}
