import assert from 'node:assert/strict';
import {
  DEFAULT_DISCHARGE_RULES,
  paymentResponsibilityStarts,
  sipSummonsDeadline,
  validateDischargeRules,
  type DischargeRules,
} from '../../services/time/discharge';

// Notice instants are written in UTC; the label gives the Stockholm wall time (CET = UTC+1,
// CEST = UTC+2). Expected values are Stockholm calendar dates.
type Row = [readyAtUtc: string, sipBy: string, paymentFrom: string, label: string];

function check(rows: Row[], rules?: DischargeRules): void {
  for (const [readyAt, sipBy, paymentFrom, label] of rows) {
    it(`${label}: SIP summons by ${sipBy}, payment from ${paymentFrom}`, () => {
      assert.equal(sipSummonsDeadline(new Date(readyAt), rules), sipBy);
      assert.equal(paymentResponsibilityStarts(new Date(readyAt), rules), paymentFrom);
    });
  }
}

describe('discharge deadlines (DOMAIN.md §5, agenda point 5)', () => {
  it('defaults to 3 days for the summons, 3 / 4 days for payment, noon 12:00', () => {
    assert.deepEqual(DEFAULT_DISCHARGE_RULES, {
      sipSummonsDays: 3,
      paymentDaysBeforeNoon: 3,
      paymentDaysFromNoon: 4,
      noonTime: '12:00',
    });
  });

  describe('around noon on an ordinary day (Mon 2026-03-02, CET)', () => {
    check([
      ['2026-03-01T23:00:00Z', '2026-03-05', '2026-03-05', '00:00'],
      ['2026-03-02T10:59:00Z', '2026-03-05', '2026-03-05', '11:59'],
      ['2026-03-02T10:59:59.999Z', '2026-03-05', '2026-03-05', '11:59:59.999'],
      ['2026-03-02T11:00:00Z', '2026-03-05', '2026-03-06', '12:00 exactly'],
      ['2026-03-02T22:59:00Z', '2026-03-05', '2026-03-06', '23:59'],
    ]);
  });

  describe('in summer time (2026-07-15, CEST): noon is 10:00 UTC', () => {
    check([
      ['2026-07-15T09:59:00Z', '2026-07-18', '2026-07-18', '11:59 CEST'],
      ['2026-07-15T10:00:00Z', '2026-07-18', '2026-07-19', '12:00 CEST'],
    ]);
  });

  describe('across the spring DST change (2026-03-29)', () => {
    check([
      ['2026-03-28T10:59:00Z', '2026-03-31', '2026-03-31', 'Sat 03-28 11:59 CET'],
      ['2026-03-28T11:00:00Z', '2026-03-31', '2026-04-01', 'Sat 03-28 12:00 CET, into April'],
      ['2026-03-29T09:59:00Z', '2026-04-01', '2026-04-01', 'Sun 03-29 11:59 CEST'],
      ['2026-03-29T10:00:00Z', '2026-04-01', '2026-04-02', 'Sun 03-29 12:00 CEST'],
      // The same UTC clock reading falls on different sides of noon before and after the change.
      ['2026-03-28T10:30:00Z', '2026-03-31', '2026-03-31', 'Sat 10:30 UTC = 11:30 CET, before noon'],
      ['2026-03-29T10:30:00Z', '2026-04-01', '2026-04-02', 'Sun 10:30 UTC = 12:30 CEST, after noon'],
    ]);
  });

  describe('across the autumn DST change (2026-10-25)', () => {
    check([
      ['2026-10-24T09:59:00Z', '2026-10-27', '2026-10-27', 'Sat 10-24 11:59 CEST'],
      ['2026-10-24T10:00:00Z', '2026-10-27', '2026-10-28', 'Sat 10-24 12:00 CEST'],
      ['2026-10-25T10:59:00Z', '2026-10-28', '2026-10-28', 'Sun 10-25 11:59 CET'],
      ['2026-10-25T11:00:00Z', '2026-10-28', '2026-10-29', 'Sun 10-25 12:00 CET'],
    ]);
  });

  describe('across month and year ends', () => {
    check([
      ['2026-01-30T11:00:00Z', '2026-02-02', '2026-02-03', 'Fri 01-30 12:00, into February'],
      ['2026-02-26T10:00:00Z', '2026-03-01', '2026-03-01', 'Thu 02-26 11:00, over a short February'],
      ['2028-02-27T10:59:00Z', '2028-03-01', '2028-03-01', '2028-02-27 11:59, over a leap day'],
      ['2028-02-27T11:00:00Z', '2028-03-01', '2028-03-02', '2028-02-27 12:00, over a leap day'],
      ['2026-12-29T10:59:00Z', '2027-01-01', '2027-01-01', '2026-12-29 11:59, into the new year'],
      ['2026-12-29T11:00:00Z', '2027-01-01', '2027-01-02', '2026-12-29 12:00, into the new year'],
      ['2026-12-31T10:59:00Z', '2027-01-03', '2027-01-03', 'nyårsafton 11:59'],
      // 23:30 UTC on 31 December is already 00:30 on New Year's Day in Stockholm.
      ['2026-12-31T23:30:00Z', '2027-01-04', '2027-01-04', 'nyårsdagen 00:30 (still 2026 in UTC)'],
      ['2026-06-30T22:15:00Z', '2026-07-04', '2026-07-04', '07-01 00:15 CEST (still June in UTC)'],
    ]);
  });

  describe('counts calendar days, weekends and holidays included', () => {
    check([
      ['2026-12-18T11:00:00Z', '2026-12-21', '2026-12-22', 'Fri 12-18 12:00'],
      ['2026-12-22T11:00:00Z', '2026-12-25', '2026-12-26', 'Tue 12-22 12:00 → juldagen / annandag jul'],
      ['2026-06-18T09:00:00Z', '2026-06-21', '2026-06-21', 'Thu before Midsummer 11:00'],
    ]);
  });

  describe('with custom rules (2 / 1 / 2 days, noon 13:00)', () => {
    check(
      [
        ['2026-03-02T11:30:00Z', '2026-03-04', '2026-03-03', '12:30 CET counts as before noon'],
        ['2026-03-02T12:00:00Z', '2026-03-04', '2026-03-04', '13:00 CET is noon'],
      ],
      { sipSummonsDays: 2, paymentDaysBeforeNoon: 1, paymentDaysFromNoon: 2, noonTime: '13:00' },
    );
  });

  describe('with the law’s default of 3 calendar days regardless of time', () => {
    check(
      [
        ['2026-03-02T10:59:00Z', '2026-03-05', '2026-03-05', '11:59'],
        ['2026-03-02T11:00:00Z', '2026-03-05', '2026-03-05', '12:00'],
      ],
      { ...DEFAULT_DISCHARGE_RULES, paymentDaysFromNoon: 3 },
    );
  });

  describe('validateDischargeRules', () => {
    it('accepts the defaults and zero days', () => {
      assert.equal(validateDischargeRules(DEFAULT_DISCHARGE_RULES), DEFAULT_DISCHARGE_RULES);
      validateDischargeRules({ sipSummonsDays: 0, paymentDaysBeforeNoon: 0, paymentDaysFromNoon: 0, noonTime: '12:00' });
    });

    it('rejects negative or fractional days, a bad noon and a from-noon count below the before-noon one', () => {
      const bad: Partial<DischargeRules>[] = [
        { sipSummonsDays: -1 },
        { paymentDaysBeforeNoon: 2.5 },
        { paymentDaysFromNoon: Number.NaN },
        { noonTime: '12' },
        { paymentDaysBeforeNoon: 4, paymentDaysFromNoon: 3 },
      ];
      for (const change of bad) {
        const rules = { ...DEFAULT_DISCHARGE_RULES, ...change };
        assert.throws(() => validateDischargeRules(rules), RangeError, JSON.stringify(change));
        assert.throws(() => paymentResponsibilityStarts(new Date('2026-03-02T10:00:00Z'), rules), RangeError);
        assert.throws(() => sipSummonsDeadline(new Date('2026-03-02T10:00:00Z'), rules), RangeError);
      }
    });
  });
});
