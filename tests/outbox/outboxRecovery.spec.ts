import assert from 'node:assert/strict';
import { RateLimiter } from '../../services/outbox/rateLimiter';
import { TransportError } from '../../services/outbox/transport';
import { FakeTransport, openHarness, runUntilIdle, T0, type Delivery, type Harness } from './fixture';

const CONVERSATIONS = ['chan-a', 'chan-b', 'personal:anna'];

/** Enqueues `perConversation` posts in each conversation, interleaved; returns the labels in creation order. */
async function enqueueInterleaved(h: Harness, perConversation: number): Promise<string[]> {
  const labels: string[] = [];
  for (let i = 1; i <= perConversation; i++) {
    for (const conversation of CONVERSATIONS) {
      const label = `${conversation}#${i}`;
      await h.post(label, conversation);
      labels.push(label);
    }
  }
  return labels;
}

function labelsIn(deliveries: Delivery[], conversation: string): string[] {
  return deliveries.filter((d) => d.conversationId === conversation).map((d) => d.label);
}

function assertExactlyOnceInOrder(deliveries: Delivery[], created: string[]): void {
  const labels = deliveries.map((d) => d.label);
  assert.equal(new Set(labels).size, labels.length, `something was sent twice: ${labels.join(' ')}`);
  assert.deepEqual([...labels].sort(), [...created].sort(), 'every message sent');
  for (const conversation of CONVERSATIONS) {
    assert.deepEqual(labelsIn(deliveries, conversation), created.filter((l) => l.startsWith(`${conversation}#`)), `order in ${conversation}`);
  }
}

describe('outbox under failure and concurrency', () => {
  let h: Harness;

  beforeEach(async () => {
    h = await openHarness({}, CONVERSATIONS);
  });

  afterEach(() => h.dispose());

  it('keeps a later message behind an earlier one of its conversation that waits for a retry', async () => {
    h.transport.failWhen = (r) => (r.label === 'chan-a#1' && h.clock.now().getTime() < Date.parse(T0) + 10_000 ? new TransportError('503', true, 10_000) : null);
    const created = await enqueueInterleaved(h, 2);
    await h.worker.drain();
    assert.deepEqual(labelsIn(h.transport.deliveries, 'chan-a'), [], 'chan-a#2 must not overtake chan-a#1');
    assert.equal((await h.outbox.byKey('chan-a#2'))?.attempts, 0);
    assert.deepEqual(labelsIn(h.transport.deliveries, 'chan-b'), ['chan-b#1', 'chan-b#2'], 'other conversations go on');
    h.clock.advance(12_500); // Retry-After and the most the jitter adds to it
    await h.worker.drain();
    assertExactlyOnceInOrder(h.transport.deliveries, created);
  });

  describe('after an outage', () => {
    const outages: { name: string; failure: () => Error; lastsMs: number }[] = [
      { name: 'Teams answering 503 for two minutes', failure: () => new TransportError('503', true), lastsMs: 120_000 },
      { name: 'Teams throttling with Retry-After 20 s for a minute', failure: () => new TransportError('429', true, 20_000), lastsMs: 60_000 },
      { name: 'the network down for three minutes', failure: () => new Error('ENETUNREACH'), lastsMs: 180_000 },
    ];
    for (const { name, failure, lastsMs } of outages) {
      it(`sends everything exactly once and in order per conversation: ${name}`, async () => {
        const end = Date.parse(T0) + lastsMs;
        h.transport.failWhen = () => (h.clock.now().getTime() < end ? failure() : null);
        const created = await enqueueInterleaved(h, 12);
        await runUntilIdle(h, 1_000);
        assert.equal(await h.repos.outbox.count({ status: 'dead' }), 0);
        assertExactlyOnceInOrder(h.transport.deliveries, created);
        assert.ok(h.transport.calls > created.length, 'the outage did make sends fail');
      });
    }

    it('brings updates after their posts, to the activity the post created', async () => {
      const end = Date.parse(T0) + 90_000;
      h.transport.failWhen = () => (h.clock.now().getTime() < end ? new TransportError('502', true) : null);
      await h.post('card', 'chan-a');
      await h.outbox.update('card:ack', 'card', 'chan-a', { type: 'case.card', caseId: 'card' });
      await h.post('reminder', 'chan-a');
      await h.outbox.update('card:withdrawn', 'card', 'chan-a', { type: 'case.card', caseId: 'card' });
      await runUntilIdle(h, 1_000);
      assert.deepEqual(
        h.transport.deliveries.map((d) => `${d.op} ${d.label} ${d.activityId}`),
        ['post card act-1', 'update card act-1', 'post reminder act-2', 'update card act-1'],
      );
    });
  });

  describe('a backlog larger than one scan', () => {
    it('sends everything exactly once and in order per conversation, failures and retries included', async () => {
      const busy = await openHarness({ scanLimit: 4, concurrency: 3 }, []);
      try {
        const conversations = Array.from({ length: 9 }, (_, i) => `personal:${i}`);
        for (const id of conversations) await busy.addConversation(id);
        const created: string[] = [];
        for (let round = 1; round <= 4; round++) {
          for (const id of conversations) {
            await busy.post(`${id}#${round}`, id);
            created.push(`${id}#${round}`);
          }
        }
        let calls = 0;
        busy.transport.failWhen = () => (++calls % 4 === 0 ? new TransportError('429', true, 1_000) : null);
        await runUntilIdle(busy, 1_000);
        const labels = busy.transport.deliveries.map((d) => d.label);
        assert.equal(new Set(labels).size, labels.length, `something was sent twice: ${labels.join(' ')}`);
        assert.deepEqual([...labels].sort(), [...created].sort());
        for (const id of conversations) {
          assert.deepEqual(labels.filter((label) => label.startsWith(`${id}#`)), [1, 2, 3, 4].map((round) => `${id}#${round}`), `order in ${id}`);
        }
      } finally {
        await busy.dispose();
      }
    });

    it('gets through more conversations than one scan holds in a single drain', async () => {
      const busy = await openHarness({ scanLimit: 5 }, []);
      try {
        for (let i = 0; i < 23; i++) {
          await busy.addConversation(`personal:${i}`);
          await busy.post(`ping-${i}`, `personal:${i}`);
        }
        await busy.worker.drain();
        assert.equal(busy.transport.posted.length, 23);
      } finally {
        await busy.dispose();
      }
    });
  });

  describe('two workers on one store', () => {
    it('sends each message exactly once when both race for the same messages', async () => {
      const activities = { nextActivity: 0 };
      const limiter = new RateLimiter(); // one process: Teams' limits are shared
      const transports = [new FakeTransport(activities), new FakeTransport(activities)];
      const workers = transports.map((transport) => h.newWorker({ transport, limiter }));
      for (const transport of transports) transport.yieldEach = true;
      const created = await enqueueInterleaved(h, 15);

      await runUntilIdle(h, 1_000, 1_000, workers);

      const deliveries = transports.flatMap((t) => t.deliveries).sort((a, b) => Number(a.activityId.slice(4)) - Number(b.activityId.slice(4)));
      assertExactlyOnceInOrder(deliveries, created);
      assert.ok(transports.every((t) => t.deliveries.length > 0), 'both workers took part');
      assert.equal(await h.repos.outbox.count({ status: 'sent' }), created.length);
    });

    it('sends each message exactly once while failures and retries interleave', async () => {
      const activities = { nextActivity: 0 };
      const limiter = new RateLimiter();
      const transports = [new FakeTransport(activities), new FakeTransport(activities)];
      let calls = 0;
      for (const transport of transports) {
        transport.yieldEach = true;
        transport.failWhen = () => (++calls % 3 === 0 ? new TransportError('503', true) : null);
      }
      const workers = transports.map((transport) => h.newWorker({ transport, limiter }));
      const created = await enqueueInterleaved(h, 10);
      await runUntilIdle(h, 1_000, 5_000, workers);
      const deliveries = transports.flatMap((t) => t.deliveries).sort((a, b) => Number(a.activityId.slice(4)) - Number(b.activityId.slice(4)));
      assertExactlyOnceInOrder(deliveries, created);
    });
  });
});
