import assert from 'node:assert/strict';
import { addDays, dateOfEpochDay, epochDayOf, isValidLocalDate, isValidLocalTime, localDateOf, localEpochDayOf, toLocal, weekdayOf, zonedInstant } from '../../services/time/stockholm';

describe('Stockholm local time', () => {
  it('converts winter and summer wall times to the right instants', () => {
    assert.equal(zonedInstant('2026-01-15', '12:00').toISOString(), '2026-01-15T11:00:00.000Z');
    assert.equal(zonedInstant('2026-07-15', '12:00').toISOString(), '2026-07-15T10:00:00.000Z');
  });

  it('moves a time in the spring-forward gap one hour on (2026-03-29 02:30 → 03:30 CEST)', () => {
    assert.equal(zonedInstant('2026-03-29', '02:30').toISOString(), '2026-03-29T01:30:00.000Z');
    assert.equal(toLocal(zonedInstant('2026-03-29', '02:30')).time, '03:30');
  });

  it('takes the first occurrence of a repeated autumn time (2026-10-25 02:30)', () => {
    assert.equal(zonedInstant('2026-10-25', '02:30').toISOString(), '2026-10-25T00:30:00.000Z');
  });

  it('keeps 12:00 at 12:00 on both DST Sundays and in 2027 and 2030', () => {
    for (const date of ['2026-03-29', '2026-10-25', '2027-03-28', '2027-10-31', '2030-03-31', '2030-10-27']) {
      assert.equal(toLocal(zonedInstant(date, '12:00')).time, '12:00', date);
      assert.equal(toLocal(zonedInstant(date, '12:00')).date, date);
    }
  });

  it('reads instants as Stockholm dates across midnight', () => {
    assert.deepEqual(toLocal(new Date('2026-12-31T23:30:00Z')), { date: '2027-01-01', time: '00:30', seconds: 0 });
    assert.equal(toLocal(new Date('2026-06-30T22:15:00Z')).date, '2026-07-01');
  });

  it('adds days across month, year and DST boundaries', () => {
    assert.equal(addDays('2026-12-31', 1), '2027-01-01');
    assert.equal(addDays('2026-03-28', 1), '2026-03-29');
    assert.equal(addDays('2028-03-01', -1), '2028-02-29');
  });

  it('numbers weekdays Monday=1 … Sunday=7', () => {
    assert.equal(weekdayOf('2026-11-23'), 1);
    assert.equal(weekdayOf('2026-11-22'), 7);
    assert.equal(weekdayOf('2026-12-24'), 4);
  });

  it('validates dates and times strictly', () => {
    assert.ok(isValidLocalDate('2028-02-29'));
    assert.ok(!isValidLocalDate('2027-02-29'));
    assert.ok(!isValidLocalDate('2026-13-01'));
    assert.ok(!isValidLocalDate('26-01-01'));
    assert.ok(isValidLocalTime('23:59'));
    assert.ok(!isValidLocalTime('24:00'));
    assert.ok(!isValidLocalTime('9:00'));
  });

  it('dates every instant as Intl does, on the days the clocks change too (localDateOf and localEpochDayOf cache the offset per UTC day)', () => {
    for (const [from, to] of [['2026-03-28T00:00:00Z', '2026-03-30T00:00:00Z'], ['2026-10-24T00:00:00Z', '2026-10-26T00:00:00Z'], ['2026-12-31T20:00:00Z', '2027-01-01T02:00:00Z']]) {
      for (let ms = Date.parse(from!); ms < Date.parse(to!); ms += 7 * 60_000 + 13_000) {
        const instant = new Date(ms);
        assert.equal(localDateOf(instant), toLocal(instant).date, instant.toISOString());
        assert.equal(dateOfEpochDay(localEpochDayOf(instant)), toLocal(instant).date, instant.toISOString());
      }
    }
    assert.equal(localDateOf(new Date('2026-03-31T21:59:59Z')), '2026-03-31');
    assert.equal(localDateOf(new Date('2026-03-31T22:00:00Z')), '2026-04-01');
    assert.throws(() => localDateOf(new Date(Number.NaN)), RangeError);
    assert.throws(() => localEpochDayOf(new Date(Number.NaN)), RangeError);
    assert.deepEqual([epochDayOf('1970-01-01'), epochDayOf('2026-12-05'), dateOfEpochDay(epochDayOf('2028-02-29'))], [0, 20_792, '2028-02-29']);
  });
});
