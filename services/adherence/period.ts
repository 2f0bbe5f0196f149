// The period a follow-up covers: whole Stockholm days, both ends included.
import { z } from 'zod';
import type { LocalDate } from '../domain/codes';
import { addDays, isValidLocalDate, zonedInstant } from '../time/stockholm';

export interface ReportPeriod {
  from: LocalDate;
  to: LocalDate;
}

/** A year and a day: a yearly report with room for a leap year, and a bound on the work one request asks for. */
export const MAX_REPORT_DAYS = 366;

const DAY_MS = 86_400_000;

const localDate = z.string().refine(isValidLocalDate, 'invalid_date');

/** For the edge (the board and personal APIs): both dates valid, `from` not after `to`, at most MAX_REPORT_DAYS days. */
export const reportPeriodSchema = z
  .object({ from: localDate, to: localDate })
  .refine((period) => period.from <= period.to, { message: 'from_after_to', path: ['to'] })
  .refine((period) => daysIn(period) <= MAX_REPORT_DAYS, { message: 'too_long', path: ['to'] });

export function daysIn(period: ReportPeriod): number {
  return Math.round((Date.parse(`${period.to}T00:00:00Z`) - Date.parse(`${period.from}T00:00:00Z`)) / DAY_MS) + 1;
}

/** Midnight to midnight in Stockholm, so a DST change inside the period moves no event across its edges. */
export function periodInstants(period: ReportPeriod): { start: Date; end: Date } {
  return { start: zonedInstant(period.from, '00:00'), end: zonedInstant(addDays(period.to, 1), '00:00') };
}

export function isWithin(date: LocalDate, period: ReportPeriod): boolean {
  return date >= period.from && date <= period.to;
}

/** `YYYY-MM` of every month the period touches, in order. */
export function monthsOf(period: ReportPeriod): string[] {
  const months: string[] = [];
  let [year, month] = period.from.split('-').map(Number) as [number, number];
  const last = period.to.slice(0, 7);
  for (;;) {
    const key = `${year}-${String(month).padStart(2, '0')}`;
    months.push(key);
    if (key >= last) return months;
    month++;
    if (month === 13) {
      month = 1;
      year++;
    }
  }
}
