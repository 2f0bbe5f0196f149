import assert from 'node:assert/strict';
import { openHarness, type Harness } from './fixture';

describe('outbox (enqueueing)', () => {
  let h: Harness;

  beforeEach(async () => {
    h = await openHarness();
  });

  afterEach(() => h.dispose());

  it('never stores a second message for a key, even for enqueues at the same time', async () => {
    await Promise.all(Array.from({ length: 10 }, () => h.post('k1', 'chan')));
    await h.outbox.update('k1', 'other', 'chan', { type: 'case.card', caseId: 'x' });
    assert.equal(await h.repos.outbox.count({ key: 'k1' }), 1);
    assert.equal((await h.outbox.byKey('k1'))?.kind, 'post');
  });

  it('does not resend a key that was already sent', async () => {
    await h.post('k1', 'chan');
    await h.worker.drain();
    await h.post('k1', 'chan');
    await h.worker.drain();
    assert.equal(h.transport.calls, 1);
  });

  it('orders messages enqueued within the same millisecond', async () => {
    for (let i = 0; i < 5; i++) await h.post(`k${i}`, 'chan');
    const stored = await h.repos.outbox.find({}, { sort: { createdAt: 1, seq: 1 } });
    assert.deepEqual(stored.map((m) => m.key), ['k0', 'k1', 'k2', 'k3', 'k4']);
    assert.ok(stored.every((m) => m.createdAt.getTime() === stored[0].createdAt.getTime()), 'same millisecond');
  });

  it('starts a message with nothing in flight and no attempts', async () => {
    await h.post('k1', 'chan');
    const stored = await h.outbox.byKey('k1');
    assert.deepEqual(
      { status: stored?.status, attempts: stored?.attempts, sendingSince: stored?.sendingSince, leasedBy: stored?.leasedBy, deadAt: stored?.deadAt },
      { status: 'pending', attempts: 0, sendingSince: null, leasedBy: null, deadAt: null },
    );
  });
  it('tells a listener every key enqueued while it listens, repeated ones included', async () => {
    const heard: string[] = [];
    await h.post('before', 'chan');
    const stop = h.outbox.onEnqueue((key) => heard.push(key));
    await h.post('k1', 'chan');
    await h.outbox.update('k1:update', 'k1', 'chan', { type: 'case.card', caseId: 'k1' });
    await h.post('before', 'chan');
    stop();
    await h.post('after', 'chan');
    assert.deepEqual(heard, ['k1', 'k1:update', 'before']);
  });
});
