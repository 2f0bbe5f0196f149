import assert from 'node:assert/strict';
import { awaitDelivery, deliveryReport } from '../../services/outbox/delivery';
import { TransportError } from '../../services/outbox/transport';
import { openHarness, type Harness } from './fixture';

describe('outbox: waiting for the delivery of some messages', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await openHarness({}, ['chan', 'personal:anna', 'personal:bo']);
  });
  afterEach(() => h.dispose());

  it('sends the conversations in scope, earlier messages there first, and nothing else', async () => {
    await h.post('earlier', 'chan');
    await h.post('stranger', 'personal:anna');
    await h.post('mine', 'chan');
    const scoped = h.newWorker({ scope: { conversationKey: { $in: ['chan'] } } });
    await scoped.drain();
    assert.deepEqual(h.transport.posted.map((d) => d.label), ['earlier', 'mine']);
    assert.equal(await h.status('stranger'), 'pending');
  });

  it('returns once its own messages are through, however many others wait', async () => {
    for (let i = 0; i < 30; i++) await h.post(`stranger-${i}`, 'personal:anna');
    await h.post('mine-1', 'chan');
    await h.post('mine-2', 'personal:bo');
    const scoped = h.newWorker({ scope: { conversationKey: { $in: ['chan', 'personal:bo'] } } });
    const report = await awaitDelivery({ messages: h.repos.outbox, keys: ['mine-1', 'mine-2'], drain: () => scoped.drain(), timeoutMs: 60_000, pollMs: 1 });
    assert.deepEqual(report, { messages: 2, sent: 2, dropped: 0, dead: 0, discarded: 0, queued: 0, deadLetters: [] });
    assert.equal(await h.repos.outbox.count({ status: 'pending' }), 30);
  });

  it('reports dead letters with their reason, and what is still queued when time is up', async () => {
    h.transport.failWhen = (request) => (request.label === 'refused' ? new TransportError('403: bot removed', false) : request.label === 'throttled' ? new TransportError('429', true, 60_000) : null);
    await h.post('refused', 'chan');
    await h.post('throttled', 'personal:anna');
    await h.post('fine', 'personal:bo');
    const report = await awaitDelivery({ messages: h.repos.outbox, keys: ['refused', 'throttled', 'fine'], drain: () => h.worker.drain(), timeoutMs: 0, pollMs: 1 });
    assert.deepEqual(report, { messages: 3, sent: 1, dropped: 0, dead: 1, discarded: 0, queued: 1, deadLetters: [{ key: 'refused', reason: '403: bot removed' }] });
  });

  it('reports nothing for no keys', async () => {
    assert.deepEqual(await deliveryReport(h.repos.outbox, []), { messages: 0, sent: 0, dropped: 0, dead: 0, discarded: 0, queued: 0, deadLetters: [] });
  });
});
