import Holidays from 'date-holidays';
import type { LocalDate } from '../domain/codes';
import { addDays, isValidLocalDate, weekdayOf, TIME_ZONE } from './stockholm';

/**
 * Swedish holidays and *vardagar* (DOMAIN.md §5).
 *
 * A vardag is Monday–Friday that is not a public holiday (lag 1989:253 om allmänna helgdagar)
 * and not one of the days that lag 1930:173 makes equal to a holiday when a deadline is counted:
 * midsommarafton, julafton and nyårsafton. `date-holidays` (country SE) returns the public
 * holidays as type `public` and exactly those three eves as type `bank`, so we ask it for those
 * two types only. Its default would also return observances (skärtorsdagen, annandag pingst,
 * Luciadagen …) and half-day "optional" eves (trettondagsafton, valborgsmässoafton,
 * allhelgonaafton), all of which are ordinary working days. Påskafton and pingstafton are
 * observances too, but always Saturdays, so they are non-vardagar anyway. Saturday and Sunday
 * are handled here, not by the package.
 */

export type HolidayKind = 'public' | 'bank';

export interface SwedishHoliday {
  /** The Swedish name, e.g. `midsommarafton`, `Kristi himmelsfärdsdag`. */
  readonly name: string;
  /** `public` = allmän helgdag; `bank` = the eves that lag 1930:173 treats as holidays. */
  readonly type: HolidayKind;
}

const COUNTED_TYPES: HolidayKind[] = ['public', 'bank'];

let calendar: Holidays | null = null;

/**
 * One instance, made on first use. The timezone is set explicitly: it only affects the
 * package's `start`/`end` instants, which we do not use, but it keeps the package from ever
 * falling back to the machine's zone.
 */
function swedishCalendar(): Holidays {
  calendar ??= new Holidays('SE', { types: COUNTED_TYPES, languages: ['sv'], timezone: TIME_ZONE });
  return calendar;
}

function isCountedType(type: string): type is HolidayKind {
  return (COUNTED_TYPES as string[]).includes(type);
}

/**
 * Holidays by year. The scheduler asks about vardagar every minute and a year of rules is not
 * cheap to evaluate, so each year is computed once. Years are few (this one, the next, and
 * whatever old dates a case carries), so the cache is not bounded.
 */
const holidaysByYear = new Map<number, ReadonlyMap<LocalDate, SwedishHoliday>>();

function holidaysOfYear(year: number): ReadonlyMap<LocalDate, SwedishHoliday> {
  const cached = holidaysByYear.get(year);
  if (cached) return cached;
  const byDate = new Map<LocalDate, SwedishHoliday>();
  for (const holiday of swedishCalendar().getHolidays(year)) {
    if (!isCountedType(holiday.type)) continue;
    // `date` is the package's calendar date in the country's own reckoning
    // ("YYYY-MM-DD hh:mm:ss", no zone): it is worked out from the rule, not from the machine's
    // clock, so it names the Swedish day whatever TZ this process runs in. `start`/`end` are
    // instants and would need a zone conversion, so they are not used.
    const date = holiday.date.slice(0, 10);
    // Should two counted rules ever share a day, the public holiday wins over the eve.
    const existing = byDate.get(date);
    if (existing && existing.type === 'public') continue;
    byDate.set(date, Object.freeze({ name: holiday.name, type: holiday.type }));
  }
  holidaysByYear.set(year, byDate);
  return byDate;
}

function assertLocalDate(date: LocalDate): void {
  if (validDates.has(date)) return;
  if (!isValidLocalDate(date)) throw new RangeError(`Not a date (YYYY-MM-DD): ${JSON.stringify(date)}`);
  if (validDates.size >= MAX_VALID_DATES) validDates.clear();
  validDates.add(date);
}

// The calendars ask about the same few hundred days thousands of times a follow-up; a date once
// checked is remembered rather than parsed again.
const MAX_VALID_DATES = 10_000;
const validDates = new Set<string>();

/** The public holiday or counted eve on `date` (a Swedish calendar day), or null. */
export function holidayOn(date: LocalDate): SwedishHoliday | null {
  assertLocalDate(date);
  return holidaysOfYear(Number(date.slice(0, 4))).get(date) ?? null;
}

function isWeekend(date: LocalDate): boolean {
  return weekdayOf(date) >= 6;
}

/** Monday–Friday and not a holiday or counted eve (DOMAIN.md §5, lag 1930:173). */
export function isVardag(date: LocalDate): boolean {
  return !isWeekend(date) && holidayOn(date) === null;
}

/** The first vardag strictly after `date`. */
export function nextVardag(date: LocalDate): LocalDate {
  return stepToVardag(date, 1);
}

/** The last vardag strictly before `date`. */
export function previousVardag(date: LocalDate): LocalDate {
  return stepToVardag(date, -1);
}

/**
 * Counts `n` vardagar from `date`: n > 0 goes forward, n < 0 backward, each step landing on
 * the next (previous) vardag, so `addVardagar(d, 1)` is `nextVardag(d)` and
 * `addVardagar(d, -1)` is `previousVardag(d)`, whether or not `d` is a vardag itself.
 * The start day never counts, as in "inom 3 vardagar": from Friday, 1 vardag is Monday.
 * n = 0 returns `date` unchanged, even on a weekend or holiday: zero days on is the same day;
 * a caller that wants "this day or the next vardag" should test `isVardag` first.
 */
export function addVardagar(date: LocalDate, n: number): LocalDate {
  if (!Number.isInteger(n)) throw new RangeError(`Vardagar must be a whole number: ${n}`);
  assertLocalDate(date);
  const direction = n < 0 ? -1 : 1;
  let result = date;
  for (let remaining = Math.abs(n); remaining > 0; remaining--) result = stepToVardag(result, direction);
  return result;
}

function stepToVardag(date: LocalDate, direction: 1 | -1): LocalDate {
  assertLocalDate(date);
  // Terminates quickly: the longest run of non-vardagar is five days (Saturday 22 to
  // Wednesday 26 December when julafton is a Monday, as in 2029).
  let candidate = addDays(date, direction);
  while (!isVardag(candidate)) candidate = addDays(candidate, direction);
  return candidate;
}
