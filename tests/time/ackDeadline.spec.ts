import assert from 'node:assert/strict';
import { ackDeadline, DEFAULT_ACK_RULES, validateAckRules, type AckRules } from '../../services/time/ackDeadline';
import { toLocal } from '../../services/time/stockholm';

// Instants are written in UTC so the expectations do not lean on the code under test; the
// comment gives the Stockholm wall time (CET = UTC+1, CEST = UTC+2).
type Row = [sentUtc: string, dueUtc: string, label: string];

function check(rows: Row[], rules?: AckRules): void {
  for (const [sent, due, label] of rows) {
    it(label, () => assert.equal(ackDeadline(new Date(sent), rules).toISOString(), due));
  }
}

describe('kvittens deadline (DOMAIN.md §5)', () => {
  it('defaults to due 12:00, cut-off 08:00', () => {
    assert.deepEqual(DEFAULT_ACK_RULES, { dueTime: '12:00', noticeCutoff: '08:00' });
  });

  describe('on an ordinary winter day (2026-01-15, CET)', () => {
    check([
      ['2026-01-14T23:00:00Z', '2026-01-15T11:00:00.000Z', '00:00 → 12:00 the same day'],
      ['2026-01-15T06:59:00Z', '2026-01-15T11:00:00.000Z', '07:59 → 12:00 the same day'],
      ['2026-01-15T06:59:59.999Z', '2026-01-15T11:00:00.000Z', '07:59:59.999 → 12:00 the same day'],
      ['2026-01-15T07:00:00Z', '2026-01-16T11:00:00.000Z', '08:00 exactly → 12:00 the next day'],
      ['2026-01-15T10:59:00Z', '2026-01-16T11:00:00.000Z', '11:59 → 12:00 the next day'],
      ['2026-01-15T11:00:00Z', '2026-01-16T11:00:00.000Z', '12:00 → 12:00 the next day'],
      ['2026-01-15T22:59:00Z', '2026-01-16T11:00:00.000Z', '23:59 → 12:00 the next day'],
    ]);
  });

  describe('on an ordinary summer day (2026-07-15, CEST)', () => {
    check([
      ['2026-07-15T05:59:00Z', '2026-07-15T10:00:00.000Z', '07:59 → 12:00 the same day'],
      ['2026-07-15T06:00:00Z', '2026-07-16T10:00:00.000Z', '08:00 → 12:00 the next day'],
      ['2026-07-15T09:59:00Z', '2026-07-16T10:00:00.000Z', '11:59 → 12:00 the next day'],
      ['2026-07-15T10:00:00Z', '2026-07-16T10:00:00.000Z', '12:00 → 12:00 the next day'],
    ]);
  });

  describe('on the spring DST Sunday 2026-03-29 (02:00 CET → 03:00 CEST)', () => {
    check([
      ['2026-03-28T08:00:00Z', '2026-03-29T10:00:00.000Z', 'Sat 09:00 CET → Sun 12:00 CEST (26 h later, not 27: 12:00 on the wall)'],
      ['2026-03-29T00:30:00Z', '2026-03-29T10:00:00.000Z', 'Sun 01:30 CET, before the jump → 12:00 CEST the same day'],
      ['2026-03-29T01:30:00Z', '2026-03-29T10:00:00.000Z', 'Sun 03:30 CEST, just after the jump → 12:00 the same day'],
      ['2026-03-29T05:59:00Z', '2026-03-29T10:00:00.000Z', 'Sun 07:59 CEST → 12:00 the same day'],
      ['2026-03-29T06:00:00Z', '2026-03-30T10:00:00.000Z', 'Sun 08:00 CEST → Mon 12:00'],
      ['2026-03-29T10:00:00Z', '2026-03-30T10:00:00.000Z', 'Sun 12:00 CEST → Mon 12:00'],
    ]);
  });

  describe('on the autumn DST Sunday 2026-10-25 (03:00 CEST → 02:00 CET)', () => {
    check([
      ['2026-10-24T18:00:00Z', '2026-10-25T11:00:00.000Z', 'Sat 20:00 CEST → Sun 12:00 CET'],
      ['2026-10-25T00:30:00Z', '2026-10-25T11:00:00.000Z', 'Sun 02:30 CEST (first time) → 12:00 CET'],
      ['2026-10-25T01:30:00Z', '2026-10-25T11:00:00.000Z', 'Sun 02:30 CET (second time) → 12:00 CET'],
      ['2026-10-25T06:59:00Z', '2026-10-25T11:00:00.000Z', 'Sun 07:59 CET → 12:00 the same day'],
      ['2026-10-25T07:00:00Z', '2026-10-26T11:00:00.000Z', 'Sun 08:00 CET → Mon 12:00'],
    ]);
  });

  describe('on the 2027 and 2030 DST Sundays', () => {
    check([
      ['2027-03-27T07:00:00Z', '2027-03-28T10:00:00.000Z', '2027-03-27 08:00 CET → påskdagen 12:00 CEST'],
      ['2027-03-28T05:59:00Z', '2027-03-28T10:00:00.000Z', '2027-03-28 07:59 CEST → 12:00 the same day'],
      ['2027-10-30T06:00:00Z', '2027-10-31T11:00:00.000Z', '2027-10-30 08:00 CEST → 10-31 12:00 CET'],
      ['2027-10-31T06:59:00Z', '2027-10-31T11:00:00.000Z', '2027-10-31 07:59 CET → 12:00 the same day'],
      ['2030-03-30T11:00:00Z', '2030-03-31T10:00:00.000Z', '2030-03-30 12:00 CET → 03-31 12:00 CEST'],
      ['2030-03-31T05:59:00Z', '2030-03-31T10:00:00.000Z', '2030-03-31 07:59 CEST → 12:00 the same day'],
      ['2030-10-26T06:00:00Z', '2030-10-27T11:00:00.000Z', '2030-10-26 08:00 CEST → 10-27 12:00 CET'],
      ['2030-10-27T06:59:00Z', '2030-10-27T11:00:00.000Z', '2030-10-27 07:59 CET → 12:00 the same day'],
    ]);
  });

  describe('on holidays, which do not move the deadline (every day of the year)', () => {
    check([
      ['2026-12-24T06:59:00Z', '2026-12-24T11:00:00.000Z', 'julafton 07:59 → julafton 12:00'],
      ['2026-12-24T07:00:00Z', '2026-12-25T11:00:00.000Z', 'julafton 08:00 → juldagen 12:00'],
      ['2026-12-31T06:59:00Z', '2026-12-31T11:00:00.000Z', 'nyårsafton 07:59 → nyårsafton 12:00'],
      ['2026-12-31T08:00:00Z', '2027-01-01T11:00:00.000Z', 'nyårsafton 09:00 → nyårsdagen 12:00'],
      ['2026-12-31T23:30:00Z', '2027-01-01T11:00:00.000Z', 'nyårsdagen 00:30 (still 2026 in UTC) → nyårsdagen 12:00'],
      ['2026-06-19T10:00:00Z', '2026-06-20T10:00:00.000Z', 'midsommarafton 12:00 → midsommardagen 12:00'],
      ['2026-11-21T07:30:00Z', '2026-11-22T11:00:00.000Z', 'a Saturday 08:30 → Sunday 12:00'],
    ]);
  });

  describe('with custom rules', () => {
    describe('due 10:00, cut-off 06:00', () => {
      check(
        [
          ['2026-01-15T04:59:00Z', '2026-01-15T09:00:00.000Z', '05:59 → 10:00 the same day'],
          ['2026-01-15T05:00:00Z', '2026-01-16T09:00:00.000Z', '06:00 → 10:00 the next day'],
        ],
        { dueTime: '10:00', noticeCutoff: '06:00' },
      );
    });

    describe('cut-off equal to the due time (12:00 / 12:00)', () => {
      check(
        [
          ['2026-01-15T10:59:00Z', '2026-01-15T11:00:00.000Z', '11:59 → 12:00 the same day'],
          ['2026-01-15T11:00:00Z', '2026-01-16T11:00:00.000Z', '12:00 → 12:00 the next day'],
        ],
        { dueTime: '12:00', noticeCutoff: '12:00' },
      );
    });

    describe('cut-off 00:00: always the next day', () => {
      check(
        [
          ['2026-01-14T23:00:00Z', '2026-01-16T11:00:00.000Z', '00:00 → 12:00 the next day'],
          ['2026-01-15T06:00:00Z', '2026-01-16T11:00:00.000Z', '07:00 → 12:00 the next day'],
        ],
        { dueTime: '12:00', noticeCutoff: '00:00' },
      );
    });

    describe('both times in the repeated autumn hour (due 02:30, cut-off 02:10)', () => {
      check(
        [
          ['2026-10-25T00:05:00Z', '2026-10-25T00:30:00.000Z', '02:05 CEST → the first 02:30'],
          ['2026-10-25T01:05:00Z', '2026-10-25T01:30:00.000Z', '02:05 CET → the second 02:30, never a deadline in the past'],
        ],
        { dueTime: '02:30', noticeCutoff: '02:10' },
      );
    });
  });

  describe('validateAckRules', () => {
    it('accepts the defaults and equal times', () => {
      assert.equal(validateAckRules(DEFAULT_ACK_RULES), DEFAULT_ACK_RULES);
      validateAckRules({ dueTime: '12:00', noticeCutoff: '12:00' });
    });

    it('rejects a cut-off later than the due time, which would put deadlines before the notice', () => {
      const rules = { dueTime: '12:00', noticeCutoff: '14:00' };
      assert.throws(() => validateAckRules(rules), /later than the due time/);
      assert.throws(() => ackDeadline(new Date('2026-01-15T12:00:00Z'), rules), RangeError);
    });

    it('rejects times that are not HH:MM', () => {
      for (const rules of [
        { dueTime: '12', noticeCutoff: '08:00' },
        { dueTime: '24:00', noticeCutoff: '08:00' },
        { dueTime: '12:00', noticeCutoff: '8:00' },
      ]) {
        assert.throws(() => validateAckRules(rules), RangeError, JSON.stringify(rules));
      }
    });
  });

  it('always lands at 12:00 Stockholm, after the notice and at most 29 h later, all through 2026–2027', () => {
    const start = Date.parse('2026-01-01T00:00:00Z');
    const end = Date.parse('2028-01-01T00:00:00Z');
    for (let t = start; t < end; t += 173 * 60_000) {
      const sent = new Date(t);
      const due = ackDeadline(sent);
      assert.equal(toLocal(due).time, '12:00', sent.toISOString());
      const hours = (due.getTime() - t) / 3600_000;
      // 08:00 one day to 12:00 the next is 28 h on the wall; the autumn night adds one.
      assert.ok(hours > 0 && hours <= 29, `${sent.toISOString()}: ${hours} h`);
    }
  });
});
