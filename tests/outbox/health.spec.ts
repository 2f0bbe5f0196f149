import assert from 'node:assert/strict';
import { outboxHealth } from '../../services/outbox/health';
import type { Filter, FindOptions } from '../../services/store/documentStore';
import { TransportError } from '../../services/outbox/transport';
import { openHarness, runUntilIdle, type Harness } from './fixture';

describe('outbox health', () => {
  let h: Harness;

  beforeEach(async () => {
    h = await openHarness({ maxAttempts: 100 }, ['chan', 'personal:anna']);
  });

  afterEach(() => h.dispose());

  it('is all zero for an empty outbox', async () => {
    assert.deepEqual(await h.worker.health(), { pending: 0, dead: 0, oldestPendingAt: null, recentDead: [] });
  });

  it('counts pending and dead messages, dates the oldest pending one and lists the newest dead letters first', async () => {
    const t0 = h.clock.now();
    h.transport.failWhen = (r) =>
      r.conversationId === 'chan' ? new TransportError('503', true) : r.label.startsWith('dead-') ? new TransportError(`403: gone ${r.label.slice(5)}`, false) : null;
    await h.post('old', 'chan');
    h.clock.advance(60_000);
    await h.post('new', 'chan');
    // Seven dead letters, a minute apart: only the newest five are listed.
    for (let i = 1; i <= 7; i++) {
      h.clock.advance(60_000);
      await h.post(`dead-${i}`, 'personal:anna');
      await h.worker.drain();
    }
    await h.post('sent', 'personal:anna');
    await h.worker.drain();
    assert.equal(await h.status('sent'), 'sent');

    const health = await h.worker.health();
    assert.equal(health.pending, 2);
    assert.equal(health.dead, 7);
    assert.deepEqual(health.oldestPendingAt, t0);
    assert.deepEqual(
      health.recentDead.map((d) => [d.key, d.reason, d.at?.toISOString()]),
      [7, 6, 5, 4, 3].map((i) => [`dead-${i}`, `403: gone ${i}`, new Date(t0.getTime() + (i + 1) * 60_000).toISOString()]),
    );
    assert.deepEqual(await h.outbox.health(), health);
    assert.equal((await outboxHealth(h.repos.outbox, 2)).recentDead.length, 2);
  });

  it('does not read the sent messages to answer', async () => {
    for (let i = 0; i < 30; i++) await h.post(`m${i}`, i % 2 ? 'chan' : 'personal:anna');
    await runUntilIdle(h, 1_000);
    const read: number[] = [];
    const counting = {
      count: h.repos.outbox.count.bind(h.repos.outbox),
      // Cast: one function stands for both of find's overloads (with and without a projection).
      find: (async (filter: Filter, options?: FindOptions) => {
        const found = await h.repos.outbox.find(filter, options as FindOptions & { projection: readonly string[] });
        read.push(found.length);
        return found;
      }) as typeof h.repos.outbox.find,
    };
    const health = await outboxHealth(counting);
    assert.equal(health.pending, 0);
    assert.ok(read.every((n) => n <= 5), `read ${read.join(', ')} documents`);
  });
});
