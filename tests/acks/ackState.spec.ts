import assert from 'node:assert/strict';
import { isLate, isOverdue } from '../../services/acks/ackState';

describe('kvittens: late and overdue', () => {
  const dueAt = new Date('2026-11-24T11:00:00Z'); // 12:00 in Stockholm
  const before = new Date('2026-11-24T10:59:59Z');
  const after = new Date('2026-11-24T11:00:01Z');

  it('is late when confirmed after its due time, on time at the due time itself', () => {
    assert.equal(isLate({ dueAt, confirmedAt: after }), true);
    assert.equal(isLate({ dueAt, confirmedAt: dueAt }), false);
    assert.equal(isLate({ dueAt, confirmedAt: null }), false);
  });

  it('is overdue while still open from its due time, whether or not the 12:00 job has marked it', () => {
    assert.equal(isOverdue({ status: 'open', dueAt, overdueSince: null }, before), false);
    assert.equal(isOverdue({ status: 'open', dueAt, overdueSince: null }, dueAt), true);
    assert.equal(isOverdue({ status: 'open', dueAt, overdueSince: dueAt }, before), true);
    assert.equal(isOverdue({ status: 'confirmed', dueAt, overdueSince: dueAt }, after), false);
  });
});
