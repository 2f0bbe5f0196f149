import assert from 'node:assert/strict';
import sinon from 'sinon';
import { Outbox } from '../../services/outbox/outbox';
import { CRASH_REASON } from '../../services/outbox/outboxWorker';
import { TransportError } from '../../services/outbox/transport';
import type { Notice } from '../../services/domain/records';
import { makeStoreReadOnly } from '../support/fullStore';
import { openHarness, T0, type Harness } from './fixture';

const notice: Notice = { type: 'case.card', caseId: 'c1' };

describe('outbox worker', () => {
  let h: Harness;

  beforeEach(async () => {
    h = await openHarness({ maxAttempts: 3 });
  });

  afterEach(() => h.dispose());

  it('sends a post once, even when enqueued twice with the same key', async () => {
    await h.outbox.post('k1', 'chan', notice);
    await h.outbox.post('k1', 'chan', notice);
    await h.worker.drain();
    await h.worker.drain();
    assert.equal(h.transport.posted.length, 1);
    const stored = await h.outbox.byKey('k1');
    assert.equal(stored?.status, 'sent');
    assert.equal(stored?.sentActivityId, 'act-1');
    assert.equal(stored?.sendingSince, null);
    assert.equal(stored?.leasedBy, null);
  });

  it('retries a throttled send after Retry-After and not before', async () => {
    h.transport.failures.push(new TransportError('429', true, 30_000));
    await h.outbox.post('k1', 'chan', notice);
    await h.worker.drain();
    assert.equal(h.transport.posted.length, 0);
    h.clock.advance(29_999);
    await h.worker.drain();
    assert.equal(h.transport.posted.length, 0);
    // Up to a quarter of Retry-After more, at random (so throttled messages do not return together).
    h.clock.advance(1 + 7_500);
    await h.worker.drain();
    assert.equal(h.transport.posted.length, 1);
  });

  it('holds an update until its post is sent, then updates that activity', async () => {
    h.transport.failures.push(new TransportError('503', true, 5_000));
    await h.outbox.post('post', 'chan', notice);
    await h.outbox.update('upd', 'post', 'chan', notice);
    await h.worker.drain();
    assert.equal(h.transport.updated.length, 0);
    assert.equal((await h.outbox.byKey('upd'))?.attempts, 0);
    h.clock.advance(6_250); // Retry-After and the most the jitter adds to it
    await h.worker.drain();
    assert.deepEqual(h.transport.updated.map((u) => u.activityId), ['act-1']);
  });

  it('drops a notice that renders to nothing, and an update of a dropped post', async () => {
    h.transport.renderAs = () => null;
    await h.outbox.post('k1', 'chan', notice);
    await h.worker.drain();
    assert.equal(await h.status('k1'), 'dropped');
    h.transport.renderAs = (n) => ({ type: 'message', notice: n });
    await h.outbox.update('k1:withdrawn', 'k1', 'chan', notice);
    await h.worker.drain();
    assert.equal(await h.status('k1:withdrawn'), 'dropped');
    assert.equal(h.transport.calls, 0);
  });

  it('does not send a message another sender holds a lease on', async () => {
    await h.outbox.post('k1', 'chan', notice);
    const message = await h.outbox.byKey('k1');
    await h.repos.outbox.updateOne({ _id: message!._id }, { $set: { leaseUntil: new Date(h.clock.now().getTime() + 10_000), leasedBy: 'other' } });
    await h.worker.drain();
    assert.equal(h.transport.calls, 0);
    h.clock.advance(10_001);
    await h.worker.drain();
    assert.equal(h.transport.posted.length, 1);
  });

  it('stops a pass at the first write the store cannot make, and sends once it can again', async () => {
    const conversations = Array.from({ length: 20 }, (_, i) => `chan-${i}`);
    for (const conversation of conversations) {
      await h.addConversation(conversation);
      await h.post(`case-${conversation}`, conversation);
    }
    const back = makeStoreReadOnly(h.temp.store);
    const claims = sinon.spy(h.repos.outbox, 'updateOne');
    await h.worker.drain();
    // Each of the 4 senders fails its first claim; the 16 other conversations are not tried in vain.
    assert.ok(claims.callCount <= 4, `${claims.callCount} writes tried on a read-only store`);
    assert.equal(h.transport.deliveries.length, 0);
    assert.equal(h.logLines.filter((line) => line.level === 'error').length, 0, 'the store logs the fault itself, once');
    back();
    claims.restore();
    await h.worker.drain();
    assert.equal(h.transport.posted.length, 20);
  });

  it('wakes on dispatch and sends without waiting for the poll', async () => {
    const wake = sinon.spy(h.worker, 'wake');
    const dispatching = new Outbox(h.repos.outbox, h.clock, () => h.worker.wake());
    h.worker.start();
    await dispatching.post('k1', 'chan', notice);
    dispatching.dispatch();
    await new Promise((resolve) => setTimeout(resolve, 100));
    await h.worker.stop();
    assert.ok(wake.called);
    assert.equal(h.transport.posted.length, 1);
  });

  it('does not rescan when told of messages for conversations that are waiting anyway', async () => {
    const dispatching = new Outbox(h.repos.outbox, h.clock, (keys) => h.worker.wake(keys));
    for (let i = 1; i <= 8; i++) await dispatching.post(`m${i}`, 'chan', { type: 'case.card', caseId: `m${i}` });
    await h.worker.drain(); // seven go, the eighth waits for the rate limit
    h.worker.start();
    await h.worker.drain();
    const scans = sinon.spy(h.repos.outbox, 'find');
    await dispatching.post('m9', 'chan', { type: 'case.card', caseId: 'm9' });
    dispatching.dispatch(); // 'chan' is waiting: no scan
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(scans.callCount, 0);
    await h.addConversation('personal:someone');
    await dispatching.post('p1', 'personal:someone', { type: 'case.card', caseId: 'p1' });
    dispatching.dispatch(); // a conversation that is not waiting: scan and send at once
    await new Promise((resolve) => setTimeout(resolve, 50));
    await h.worker.stop();
    assert.ok(scans.callCount > 0);
    assert.ok(h.transport.posted.some((delivery) => delivery.label === 'p1'));
  });

  describe('Teams rate limits', () => {
    it('defers the 8th message in a second to when it is allowed, without counting an attempt', async () => {
      for (let i = 1; i <= 10; i++) await h.post(`m${i}`, 'chan');
      await h.worker.drain();
      assert.equal(h.transport.posted.length, 7);
      const eighth = await h.outbox.byKey('m8');
      assert.equal(eighth?.status, 'pending');
      assert.equal(eighth?.attempts, 0);
      assert.deepEqual(eighth?.nextAttemptAt, new Date(h.clock.now().getTime() + 1_000));
      h.clock.advance(999);
      await h.worker.drain();
      assert.equal(h.transport.posted.length, 7);
      h.clock.advance(1);
      await h.worker.drain();
      assert.equal(h.transport.posted.length, 8, 'only one more: 8 per 2 s');
      h.clock.advance(1_000);
      await h.worker.drain();
      assert.equal(h.transport.posted.length, 10);
    });

    it('keeps other conversations flowing while one is throttled', async () => {
      await h.addConversation('personal:anna');
      for (let i = 1; i <= 20; i++) await h.post(`chan-${i}`, 'chan');
      await h.post('ping', 'personal:anna');
      await h.worker.drain();
      assert.equal(await h.status('ping'), 'sent');
      assert.equal(h.transport.posted.filter((d) => d.conversationId === 'chan').length, 7);
    });

    it('wakes up when a throttled message may go, not only at the next poll', async () => {
      const timers = sinon.useFakeTimers({ now: h.clock.now(), toFake: ['setTimeout', 'clearTimeout', 'Date'] });
      try {
        const worker = h.newWorker({ clock: { now: () => new Date() }, pollIntervalMs: 60_000 });
        for (let i = 1; i <= 8; i++) await h.post(`m${i}`, 'chan');
        worker.start();
        while (h.transport.calls < 7) await new Promise((resolve) => setImmediate(resolve));
        await timers.tickAsync(999);
        assert.equal(h.transport.posted.length, 7);
        await timers.tickAsync(1);
        for (let i = 0; i < 50 && h.transport.calls < 8; i++) await new Promise((resolve) => setImmediate(resolve));
        assert.equal(h.transport.posted.length, 8);
        await worker.stop();
      } finally {
        timers.restore();
      }
    });

    it('counts updates like posts', async () => {
      await h.post('card', 'chan');
      for (let i = 1; i <= 7; i++) await h.outbox.update(`card:${i}`, 'card', 'chan', { type: 'case.card', caseId: 'card' });
      await h.worker.drain();
      assert.equal(h.transport.calls, 7);
      assert.equal(await h.status('card:7'), 'pending');
      assert.equal((await h.outbox.byKey('card:7'))?.attempts, 0);
    });

    it('sends at most 50 requests per second over all conversations', async () => {
      for (let i = 0; i < 55; i++) {
        await h.addConversation(`personal:${i}`);
        await h.post(`ping-${i}`, `personal:${i}`);
      }
      await h.worker.drain();
      assert.equal(h.transport.calls, 50);
      assert.equal(await h.repos.outbox.count({ status: 'pending', attempts: 0 }), 5);
      h.clock.advance(1_000);
      await h.worker.drain();
      assert.equal(h.transport.posted.length, 55);
    });
  });

  describe('waiting for the global limit in memory', () => {
    it('sends the 51st request the moment a slot frees, without postponing anything in the store', async () => {
      const sentAt: number[] = [];
      h.transport.onRequest = () => void sentAt.push(h.clock.now().getTime() - Date.parse(T0));
      const worker = h.newWorker({ rateWaitMs: 1_500, sleep: async (ms) => h.clock.advance(ms) });
      const postponed = sinon.spy(h.repos.outbox, 'updateOne');
      for (let i = 0; i < 120; i++) {
        await h.addConversation(`personal:${i}`);
        await h.post(`ping-${i}`, `personal:${i}`);
      }
      postponed.resetHistory();
      await worker.drain();
      assert.equal(h.transport.posted.length, 120);
      assert.deepEqual([sentAt[49], sentAt[50], sentAt[99], sentAt[100]], [0, 1_000, 1_000, 2_000]);
      for (const [index, at] of sentAt.entries()) {
        assert.ok(sentAt.filter((other) => other > at - 1_000 && other <= at).length <= 50, `more than 50 in the second up to request ${index}`);
      }
      const nextAttempts = postponed.getCalls().filter((call) => 'nextAttemptAt' in ((call.args[1] as { $set?: object }).$set ?? {}));
      assert.equal(nextAttempts.length, 0, 'no message was moved to later in the store');
    });

    it("still postpones in the store what a conversation's own windows hold back", async () => {
      const worker = h.newWorker({ rateWaitMs: 1_500, sleep: async (ms) => h.clock.advance(ms) });
      for (let i = 1; i <= 9; i++) await h.post(`m${i}`, 'chan');
      await worker.drain();
      assert.equal(h.transport.posted.length, 7);
      assert.deepEqual((await h.outbox.byKey('m8'))?.nextAttemptAt, new Date(Date.parse(T0) + 1_000));
    });
  });

  describe('retries and dead letters', () => {
    const retried: { name: string; error: Error }[] = [
      { name: '429 Too Many Requests', error: new TransportError('429', true, 1_000) },
      { name: '412 Precondition Failed (conversation moving)', error: new TransportError('412', true) },
      { name: '500', error: new TransportError('500', true) },
      { name: '503 with Retry-After', error: new TransportError('503', true, 2_000) },
      { name: 'a network error', error: new Error('ECONNRESET') },
    ];
    for (const { name, error } of retried) {
      it(`retries ${name} and sends once it heals`, async () => {
        h.transport.failures.push(error, error);
        await h.outbox.post('k1', 'chan', notice);
        for (let i = 0; i < 3; i++) {
          await h.worker.drain();
          h.clock.advance(60_000);
        }
        assert.equal(await h.status('k1'), 'sent');
        assert.equal(h.transport.posted.length, 1);
        assert.equal((await h.outbox.byKey('k1'))?.attempts, 2);
      });
    }

    it('gives up after 8 attempts by default, into a dead letter logged with key and reason', async () => {
      const h8 = await openHarness();
      try {
        h8.transport.failWhen = () => new TransportError('503: down', true);
        await h8.outbox.post('k1', 'chan', notice);
        for (let i = 0; i < 7; i++) {
          await h8.worker.drain();
          h8.clock.advance(600_000);
        }
        assert.equal(await h8.status('k1'), 'pending', 'seven failures are not yet the end');
        await h8.worker.drain();
        const dead = await h8.outbox.byKey('k1');
        assert.equal(dead?.status, 'dead');
        assert.equal(dead?.attempts, 8);
        assert.match(dead?.lastError ?? '', /503: down/);
        assert.deepEqual(dead?.deadAt, h8.clock.now());
        assert.equal(h8.transport.calls, 8);
        const logged = h8.logLines.find((l) => l.msg === 'outbox message given up (dead letter)');
        assert.equal(logged?.level, 'error');
        assert.equal(logged?.key, 'k1');
        assert.match(String(logged?.reason), /503: down/);
      } finally {
        await h8.dispose();
      }
    });

    const permanent: { name: string; arrange: (h: Harness) => Promise<void>; reason: RegExp }[] = [
      { name: '403 (bot removed from the team)', arrange: async (x) => void x.transport.failures.push(new TransportError('403', false)), reason: /403/ },
      { name: '404 (conversation gone)', arrange: async (x) => void x.transport.failures.push(new TransportError('404', false)), reason: /404/ },
      { name: 'an unknown conversation', arrange: async (x) => void (await x.repos.conversations.deleteMany({})), reason: /conversation is not known/ },
    ];
    for (const { name, arrange, reason } of permanent) {
      it(`gives up at once on ${name}`, async () => {
        await arrange(h);
        await h.outbox.post('k1', 'chan', notice);
        await h.worker.drain();
        const dead = await h.outbox.byKey('k1');
        assert.equal(dead?.status, 'dead');
        assert.equal(dead?.attempts, 1);
        assert.match(dead?.lastError ?? '', reason);
        assert.ok(h.logLines.some((l) => l.key === 'k1' && l.level === 'error'));
      });
    }

    it('gives an update of a dead post up as well, and lets the conversation go on', async () => {
      h.transport.failures.push(new TransportError('403', false));
      await h.post('card', 'chan');
      await h.outbox.update('card:1', 'card', 'chan', { type: 'case.card', caseId: 'card' });
      await h.post('next', 'chan');
      await h.worker.drain();
      assert.equal(await h.status('card'), 'dead');
      assert.equal(await h.status('card:1'), 'dead');
      assert.equal(await h.status('next'), 'sent');
    });
  });

  describe('never posting twice', () => {
    it('marks the message as being sent in the store before asking Teams', async () => {
      const seen: (Date | null | undefined)[] = [];
      h.transport.onRequest = async () => void seen.push((await h.outbox.byKey('k1'))?.sendingSince);
      await h.outbox.post('k1', 'chan', notice);
      await h.worker.drain();
      assert.deepEqual(seen, [h.clock.now()]);
      assert.equal((await h.outbox.byKey('k1'))?.sendingSince, null);
    });

    it('does not resend a post whose sender died mid-send: dead letter, logged', async () => {
      h.transport.hang = true;
      await h.outbox.post('k1', 'chan', notice);
      void h.worker.drain(); // the "process" that dies: its request never returns
      while (h.transport.calls === 0) await new Promise((resolve) => setImmediate(resolve));

      const survivor = h.newWorker();
      h.transport.hang = false;
      await survivor.drain();
      assert.equal(await h.status('k1'), 'pending', 'its lease still runs: the sender may be alive');
      h.clock.advance(30_001);
      await survivor.drain();
      h.clock.advance(600_000);
      await survivor.drain();

      const dead = await h.outbox.byKey('k1');
      assert.equal(dead?.status, 'dead');
      assert.equal(dead?.lastError, CRASH_REASON);
      assert.ok(dead?.sendingSince, 'when it may have been posted stays on record');
      assert.equal(h.transport.calls, 1);
      assert.ok(h.logLines.some((l) => l.level === 'error' && l.key === 'k1' && l.reason === CRASH_REASON));
    });

    it('lets the next message of that conversation go once the stuck one is a dead letter', async () => {
      h.transport.hang = true;
      await h.post('first', 'chan');
      await h.post('second', 'chan');
      void h.worker.drain();
      while (h.transport.calls === 0) await new Promise((resolve) => setImmediate(resolve));
      h.transport.hang = false;
      h.clock.advance(30_001);
      await h.newWorker().drain();
      assert.equal(await h.status('first'), 'dead');
      assert.deepEqual(h.transport.posted.map((d) => d.label), ['second']);
    });

    it('repeats an update whose sender died mid-send (replacing a card twice shows it once)', async () => {
      await h.post('card', 'chan');
      await h.worker.drain();
      h.transport.hang = true;
      await h.outbox.update('card:1', 'card', 'chan', { type: 'case.card', caseId: 'card' });
      void h.worker.drain();
      while (h.transport.calls === 1) await new Promise((resolve) => setImmediate(resolve));
      h.transport.hang = false;
      h.clock.advance(30_001);
      const survivor = h.newWorker();
      await survivor.drain();
      h.clock.advance(60_000);
      await survivor.drain();
      assert.equal(await h.status('card:1'), 'sent');
      assert.equal(h.transport.updated.length, 1);
    });

    it('does not resend a post when Teams did not answer (outcome unknown)', async () => {
      h.transport.failures.push(new TransportError('timeout', true, null, { outcomeUnknown: true }));
      await h.outbox.post('k1', 'chan', notice);
      for (let i = 0; i < 3; i++) {
        await h.worker.drain();
        h.clock.advance(600_000);
      }
      const dead = await h.outbox.byKey('k1');
      assert.equal(dead?.status, 'dead');
      assert.match(dead?.lastError ?? '', /^outcome unknown: timeout/);
      assert.equal(h.transport.calls, 1);
    });

    it('gives up waiting on a request that never returns, and does not resend it', async () => {
      const impatient = h.newWorker({ sendTimeoutMs: 20 });
      h.transport.hang = true;
      await h.outbox.post('k1', 'chan', notice);
      await impatient.drain();
      h.transport.hang = false;
      h.clock.advance(600_000);
      await impatient.drain();
      const dead = await h.outbox.byKey('k1');
      assert.equal(dead?.status, 'dead');
      assert.match(dead?.lastError ?? '', /^outcome unknown: no answer from Teams within 20 ms/);
      assert.equal(h.transport.calls, 1);
    });

    it('clears the in-flight mark after a definitive error, so the retry may send', async () => {
      h.transport.failures.push(new TransportError('500', true));
      await h.outbox.post('k1', 'chan', notice);
      await h.worker.drain();
      const failed = await h.outbox.byKey('k1');
      assert.equal(failed?.sendingSince, null);
      assert.equal(failed?.leasedBy, null);
      h.clock.advance(60_000);
      await h.worker.drain();
      assert.equal(await h.status('k1'), 'sent');
    });

    it('refuses a send timeout that outlasts the lease', () => {
      assert.throws(() => h.newWorker({ leaseMs: 10_000, sendTimeoutMs: 10_000 }), /sendTimeoutMs/);
    });
  });
});
