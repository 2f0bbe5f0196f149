import type { LocalDate, LocalTime } from '../domain/codes';
import { addDays, isValidLocalTime, toLocal } from './stockholm';

/**
 * Deadlines that follow from the *utskrivningsklar* (ready for discharge) notice — DOMAIN.md §5,
 * agenda point 5. The day counts are regional agreements (the law's default is 3 calendar
 * days), so each meeting may override them. All counting is in calendar days in Stockholm:
 * weekends and holidays count, as in the agreement; no vardag logic here.
 */
export interface DischargeRules {
  /** The SIP summons must be sent within this many calendar days of the notice (default 3). */
  sipSummonsDays: number;
  /** Payment responsibility starts this many days after a notice sent before noon (default 3). */
  paymentDaysBeforeNoon: number;
  /** …and this many days after a notice sent at or after noon (default 4). */
  paymentDaysFromNoon: number;
  /** "Noon" of the payment rule (default 12:00). */
  noonTime: LocalTime;
}

export const DEFAULT_DISCHARGE_RULES: DischargeRules = Object.freeze({
  sipSummonsDays: 3,
  paymentDaysBeforeNoon: 3,
  paymentDaysFromNoon: 4,
  noonTime: '12:00',
});

function assertDayCount(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 0) throw new RangeError(`${name} must be a whole number ≥ 0: ${value}`);
}

/**
 * Rejects impossible rules: day counts must be whole and not negative, noon must be HH:MM, and
 * a later notice must never move payment responsibility earlier, so paymentDaysFromNoon is at
 * least paymentDaysBeforeNoon.
 */
export function validateDischargeRules(rules: DischargeRules): DischargeRules {
  assertDayCount('sipSummonsDays', rules.sipSummonsDays);
  assertDayCount('paymentDaysBeforeNoon', rules.paymentDaysBeforeNoon);
  assertDayCount('paymentDaysFromNoon', rules.paymentDaysFromNoon);
  if (!isValidLocalTime(rules.noonTime)) throw new RangeError(`noonTime is not HH:MM: ${JSON.stringify(rules.noonTime)}`);
  if (rules.paymentDaysFromNoon < rules.paymentDaysBeforeNoon) {
    throw new RangeError(
      `paymentDaysFromNoon (${rules.paymentDaysFromNoon}) is less than paymentDaysBeforeNoon (${rules.paymentDaysBeforeNoon})`,
    );
  }
  return rules;
}

/**
 * The last day the SIP summons may be sent. Our reading of "within 3 days of the notice": the
 * notice's own (Stockholm) day is day 0 and the summons must go out no later than the end of
 * calendar day 3 — a notice any time on Monday 2 March gives Thursday 5 March, inclusive. The
 * time of day of the notice does not matter for this deadline.
 */
export function sipSummonsDeadline(readyAt: Date, rules: DischargeRules = DEFAULT_DISCHARGE_RULES): LocalDate {
  validateDischargeRules(rules);
  return addDays(toLocal(readyAt).date, rules.sipSummonsDays);
}

/**
 * The first day the municipality pays for the patient's bed: 3 days after the notice's date if
 * it was sent before 12:00 Stockholm time, 4 days after if sent at or after 12:00. "At 12:00"
 * is the minute 12:00:00–12:00:59, so 11:59:59 is before noon and 12:00:00 is not.
 */
export function paymentResponsibilityStarts(readyAt: Date, rules: DischargeRules = DEFAULT_DISCHARGE_RULES): LocalDate {
  validateDischargeRules(rules);
  const notice = toLocal(readyAt);
  const days = notice.time < rules.noonTime ? rules.paymentDaysBeforeNoon : rules.paymentDaysFromNoon;
  return addDays(notice.date, days);
}
