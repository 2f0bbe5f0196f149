import assert from 'node:assert/strict';
import Holidays from 'date-holidays';
import sinon from 'sinon';
import { addVardagar, holidayOn, isVardag, nextVardag, previousVardag } from '../../services/time/holidays';
import { addDays } from '../../services/time/stockholm';

type Row = [date: string, name: string, type: 'public' | 'bank'];

// Lag 1989:253 (public) plus the three eves of lag 1930:173 (bank), checked against an almanac.
const HOLIDAYS_2026: Row[] = [
  ['2026-01-01', 'nyårsdagen', 'public'],
  ['2026-01-06', 'trettondedag jul', 'public'],
  ['2026-04-03', 'långfredagen', 'public'],
  ['2026-04-05', 'påskdagen', 'public'],
  ['2026-04-06', 'annandag påsk', 'public'],
  ['2026-05-01', 'första maj', 'public'],
  ['2026-05-14', 'Kristi himmelsfärdsdag', 'public'],
  ['2026-05-24', 'pingstdagen', 'public'],
  ['2026-06-06', 'nationaldagen', 'public'],
  ['2026-06-19', 'midsommarafton', 'bank'],
  ['2026-06-20', 'midsommardagen', 'public'],
  ['2026-10-31', 'alla helgons dag', 'public'],
  ['2026-12-24', 'julafton', 'bank'],
  ['2026-12-25', 'juldagen', 'public'],
  ['2026-12-26', 'annandag jul', 'public'],
  ['2026-12-31', 'nyårsafton', 'bank'],
];

const HOLIDAYS_2027: Row[] = [
  ['2027-01-01', 'nyårsdagen', 'public'],
  ['2027-01-06', 'trettondedag jul', 'public'],
  ['2027-03-26', 'långfredagen', 'public'],
  ['2027-03-28', 'påskdagen', 'public'],
  ['2027-03-29', 'annandag påsk', 'public'],
  ['2027-05-01', 'första maj', 'public'],
  ['2027-05-06', 'Kristi himmelsfärdsdag', 'public'],
  ['2027-05-16', 'pingstdagen', 'public'],
  ['2027-06-06', 'nationaldagen', 'public'],
  ['2027-06-25', 'midsommarafton', 'bank'],
  ['2027-06-26', 'midsommardagen', 'public'],
  // Gustav-Adolf-dagen (an observance) falls on the same day in 2027; it must not shadow this.
  ['2027-11-06', 'alla helgons dag', 'public'],
  ['2027-12-24', 'julafton', 'bank'],
  ['2027-12-25', 'juldagen', 'public'],
  ['2027-12-26', 'annandag jul', 'public'],
  ['2027-12-31', 'nyårsafton', 'bank'],
];

function everyDayOf(year: number): string[] {
  const days: string[] = [];
  for (let d = `${year}-01-01`; d.startsWith(String(year)); d = addDays(d, 1)) days.push(d);
  return days;
}

describe('Swedish holidays and vardagar', () => {
  for (const [year, table] of [[2026, HOLIDAYS_2026], [2027, HOLIDAYS_2027]] as const) {
    describe(String(year), () => {
      for (const [date, name, type] of table) {
        it(`${date} is ${name} (${type}) and not a vardag`, () => {
          assert.deepEqual(holidayOn(date), { name, type });
          assert.equal(isVardag(date), false);
        });
      }

      it('has exactly these holidays: no observances or half-day eves leak in', () => {
        const found = everyDayOf(year)
          .map((date) => [date, holidayOn(date)] as const)
          .filter(([, holiday]) => holiday !== null)
          .map(([date, holiday]) => [date, holiday?.name, holiday?.type]);
        assert.deepEqual(found, table);
      });
    });
  }

  it('returns the eves as type bank (lag 1930:173), so they are non-vardagar', () => {
    for (const date of ['2026-06-19', '2026-12-24', '2026-12-31', '2027-06-25', '2027-12-24', '2027-12-31']) {
      assert.equal(holidayOn(date)?.type, 'bank', date);
      assert.equal(isVardag(date), false, date);
    }
  });

  it('keeps days that are only observances or half-day eves as vardagar', () => {
    const workingDays: [string, string][] = [
      ['2026-01-05', 'trettondagsafton (Mon)'],
      ['2026-04-02', 'skärtorsdagen (Thu)'],
      ['2026-04-30', 'valborgsmässoafton (Thu)'],
      ['2026-05-25', 'annandag pingst (Mon)'],
      ['2026-10-30', 'allhelgonaafton (Fri)'],
      ['2026-11-06', 'Gustav-Adolf-dagen (Fri)'],
      ['2026-12-10', 'Nobeldagen (Thu)'],
    ];
    for (const [date, label] of workingDays) {
      assert.equal(holidayOn(date), null, label);
      assert.equal(isVardag(date), true, label);
    }
  });

  it('treats Saturday and Sunday as non-vardagar without calling them holidays', () => {
    assert.equal(holidayOn('2026-04-04'), null); // påskafton: an observance, and a Saturday
    assert.equal(isVardag('2026-04-04'), false);
    assert.equal(holidayOn('2026-05-23'), null); // pingstafton
    assert.equal(isVardag('2026-05-23'), false);
    assert.equal(isVardag('2026-11-21'), false); // an ordinary Saturday
    assert.equal(isVardag('2026-11-22'), false); // an ordinary Sunday
    assert.equal(isVardag('2026-11-23'), true); // an ordinary Monday
  });

  it('counts nationaldagen on a weekday (2029-06-06 is a Wednesday)', () => {
    assert.equal(holidayOn('2029-06-06')?.name, 'nationaldagen');
    assert.equal(isVardag('2029-06-06'), false);
  });

  it('skips Ascension Thursday in its week (2026-05-11 … 05-15)', () => {
    const week = ['2026-05-11', '2026-05-12', '2026-05-13', '2026-05-14', '2026-05-15'].map(isVardag);
    assert.deepEqual(week, [true, true, true, false, true]);
    assert.equal(nextVardag('2026-05-13'), '2026-05-15');
    assert.equal(previousVardag('2026-05-15'), '2026-05-13');
    assert.equal(addVardagar('2026-05-11', 4), '2026-05-18');
  });

  describe('nextVardag / previousVardag', () => {
    const next: [string, string, string][] = [
      ['2026-12-23', '2026-12-28', 'over julafton, juldagen, annandag jul and the weekend'],
      ['2026-12-30', '2027-01-04', 'over nyårsafton, nyårsdagen and the weekend'],
      ['2027-01-05', '2027-01-07', 'over trettondedag jul'],
      ['2026-04-02', '2026-04-07', 'over Easter'],
      ['2026-06-18', '2026-06-22', 'over Midsummer'],
      ['2029-12-21', '2029-12-27', 'over the longest run (julafton on a Monday)'],
      ['2026-11-23', '2026-11-24', 'an ordinary Monday'],
      ['2026-11-27', '2026-11-30', 'from a Friday'],
      ['2026-11-28', '2026-11-30', 'from a Saturday'],
    ];
    for (const [from, expected, label] of next) {
      it(`nextVardag(${from}) = ${expected}: ${label}`, () => assert.equal(nextVardag(from), expected));
    }

    const previous: [string, string, string][] = [
      ['2026-06-22', '2026-06-18', 'before Midsummer, from the Monday after'],
      ['2026-06-19', '2026-06-18', 'from midsommarafton itself'],
      ['2027-06-28', '2027-06-24', 'before Midsummer 2027'],
      ['2027-01-04', '2026-12-30', 'back over New Year'],
      ['2026-04-07', '2026-04-02', 'back over Easter'],
      ['2026-11-24', '2026-11-23', 'an ordinary Tuesday'],
    ];
    for (const [from, expected, label] of previous) {
      it(`previousVardag(${from}) = ${expected}: ${label}`, () => assert.equal(previousVardag(from), expected));
    }

    it('is strictly after/before even when the day itself is a vardag', () => {
      assert.equal(nextVardag('2026-12-23'), '2026-12-28');
      assert.equal(previousVardag('2026-12-23'), '2026-12-22');
    });
  });

  describe('addVardagar', () => {
    it('steps forward over weekends and holidays; the start day never counts', () => {
      assert.equal(addVardagar('2026-12-22', 1), '2026-12-23');
      assert.equal(addVardagar('2026-12-22', 2), '2026-12-28');
      assert.equal(addVardagar('2026-12-22', 3), '2026-12-29');
      assert.equal(addVardagar('2026-11-27', 1), '2026-11-30'); // Friday → Monday
      assert.equal(addVardagar('2026-12-24', 1), '2026-12-28'); // from a holiday
    });

    it('steps backward for negative n', () => {
      assert.equal(addVardagar('2027-01-04', -1), '2026-12-30');
      assert.equal(addVardagar('2027-01-04', -2), '2026-12-29');
      assert.equal(addVardagar('2026-06-22', -3), '2026-06-16');
    });

    it('agrees with nextVardag / previousVardag for ±1 from any day, vardag or not', () => {
      for (const date of everyDayOf(2026)) {
        assert.equal(addVardagar(date, 1), nextVardag(date), date);
        assert.equal(addVardagar(date, -1), previousVardag(date), date);
      }
    });

    it('returns the date itself for n = 0, even on a weekend or holiday', () => {
      assert.equal(addVardagar('2026-11-23', 0), '2026-11-23');
      assert.equal(addVardagar('2026-11-28', 0), '2026-11-28');
      assert.equal(addVardagar('2026-12-24', 0), '2026-12-24');
    });

    it('rejects a fractional count and a malformed date', () => {
      assert.throws(() => addVardagar('2026-11-23', 1.5), RangeError);
      assert.throws(() => addVardagar('2026-02-30', 1), RangeError);
      assert.throws(() => nextVardag('23/11/2026'), RangeError);
      assert.throws(() => holidayOn('2026-13-01'), RangeError);
    });
  });

  it('computes each year once and answers later questions from the cache', () => {
    // 2041 is not touched by any other test, so its first question has to compute the year.
    const spy = sinon.spy(Holidays.prototype, 'getHolidays');
    try {
      assert.equal(holidayOn('2041-12-24')?.name, 'julafton');
      for (const date of everyDayOf(2041)) isVardag(date);
      nextVardag('2041-12-30');
      assert.equal(spy.callCount, 2); // 2041, then 2042 for the step past New Year
      assert.deepEqual(spy.getCalls().map((call) => call.args[0]), [2041, 2042]);
    } finally {
      spy.restore();
    }
  });
});
