import assert from 'node:assert/strict';
import sinon from 'sinon';
import { createLogger } from '../../services/logger';
import { Outbox } from '../../services/outbox/outbox';
import { OutboxWorker } from '../../services/outbox/outboxWorker';
import { TransportError, type Activity, type OutboxTransport } from '../../services/outbox/transport';
import type { Notice } from '../../services/domain/records';
import { openRepositories, type Repositories } from '../../services/store/repositories';
import { ManualClock } from '../../services/time/clock';
import { openTempStore, type TempStore } from '../support/tempStore';

class FakeTransport implements OutboxTransport {
  posted: Activity[] = [];
  updated: { activityId: string; activity: Activity }[] = [];
  failures: Error[] = [];
  renderAs: (notice: Notice) => Activity | null = (notice) => ({ type: 'message', text: JSON.stringify(notice) });

  async render(notice: Notice) {
    return this.renderAs(notice);
  }
  async post(_reference: Record<string, unknown>, activity: Activity) {
    const failure = this.failures.shift();
    if (failure) throw failure;
    this.posted.push(activity);
    return { activityId: `act-${this.posted.length}` };
  }
  async update(_reference: Record<string, unknown>, activityId: string, activity: Activity) {
    const failure = this.failures.shift();
    if (failure) throw failure;
    this.updated.push({ activityId, activity });
  }
}

describe('outbox worker', () => {
  let temp: TempStore;
  let repos: Repositories;
  let clock: ManualClock;
  let transport: FakeTransport;
  let outbox: Outbox;
  let worker: OutboxWorker;
  const notice: Notice = { type: 'case.card', caseId: 'c1' };

  beforeEach(async () => {
    temp = await openTempStore();
    repos = await openRepositories(temp.store);
    clock = new ManualClock('2026-11-22T09:00:00Z');
    transport = new FakeTransport();
    outbox = new Outbox(repos.outbox, clock);
    worker = new OutboxWorker({
      messages: repos.outbox,
      conversations: repos.conversations,
      transport,
      clock,
      logger: createLogger(process.env.TEST_LOG_LEVEL ?? 'silent'),
      random: () => 0.5,
      maxAttempts: 3,
    });
    await repos.conversations.insertOne({
      _id: 'chan',
      kind: 'channel',
      tenantId: null,
      teamId: null,
      userId: null,
      reference: { conversation: { id: 'chan' } },
      installedAt: clock.now(),
      updatedAt: clock.now(),
    });
  });

  afterEach(() => temp.dispose());

  it('sends a post once, even when enqueued twice with the same key', async () => {
    await outbox.post('k1', 'chan', notice);
    await outbox.post('k1', 'chan', notice);
    await worker.drain();
    await worker.drain();
    assert.equal(transport.posted.length, 1);
    const stored = await outbox.byKey('k1');
    assert.equal(stored?.status, 'sent');
    assert.equal(stored?.sentActivityId, 'act-1');
  });

  it('retries a throttled send after Retry-After and not before', async () => {
    transport.failures.push(new TransportError('429', true, 30_000));
    await outbox.post('k1', 'chan', notice);
    await worker.drain();
    assert.equal(transport.posted.length, 0);
    clock.advance(29_000);
    await worker.drain();
    assert.equal(transport.posted.length, 0);
    clock.advance(1_000);
    await worker.drain();
    assert.equal(transport.posted.length, 1);
  });

  it('gives up after the maximum attempts into a dead letter, and at once on a permanent error', async () => {
    transport.failures.push(new TransportError('500', true), new TransportError('500', true), new TransportError('500', true));
    await outbox.post('k1', 'chan', notice);
    for (let i = 0; i < 3; i++) {
      await worker.drain();
      clock.advance(60_000);
    }
    assert.equal((await outbox.byKey('k1'))?.status, 'dead');
    transport.failures.push(new TransportError('403', false));
    await outbox.post('k2', 'chan', notice);
    await worker.drain();
    assert.equal((await outbox.byKey('k2'))?.status, 'dead');
  });

  it('holds an update until its post is sent, then updates that activity', async () => {
    transport.failures.push(new TransportError('503', true, 5_000));
    await outbox.post('post', 'chan', notice);
    await outbox.update('upd', 'post', 'chan', notice);
    await worker.drain();
    assert.equal(transport.updated.length, 0);
    clock.advance(5_000);
    await worker.drain();
    clock.advance(1_000);
    await worker.drain();
    assert.deepEqual(transport.updated.map((u) => u.activityId), ['act-1']);
  });

  it('drops a notice that renders to nothing', async () => {
    transport.renderAs = () => null;
    await outbox.post('k1', 'chan', notice);
    await worker.drain();
    assert.equal((await outbox.byKey('k1'))?.status, 'dropped');
    assert.equal(transport.posted.length, 0);
  });

  it('does not send a message another sender holds a lease on', async () => {
    await outbox.post('k1', 'chan', notice);
    const message = await outbox.byKey('k1');
    await repos.outbox.updateOne({ _id: message!._id }, { $set: { leaseUntil: new Date(clock.now().getTime() + 10_000) } });
    await worker.drain();
    assert.equal(transport.posted.length, 0);
    clock.advance(10_001);
    await worker.drain();
    assert.equal(transport.posted.length, 1);
  });

  it('wakes on dispatch and sends without waiting for the poll', async () => {
    const wake = sinon.spy(worker, 'wake');
    const dispatching = new Outbox(repos.outbox, clock, () => worker.wake());
    worker.start();
    await dispatching.post('k1', 'chan', notice);
    dispatching.dispatch();
    await new Promise((resolve) => setTimeout(resolve, 100));
    await worker.stop();
    assert.ok(wake.called);
    assert.equal(transport.posted.length, 1);
  });
});
