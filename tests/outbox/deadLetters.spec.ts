import assert from 'node:assert/strict';
import { AuditLog, type CliOperator } from '../../services/audit/auditLog';
import type { OutboxMessage } from '../../services/domain/records';
import type { DocumentCollection, Filter } from '../../services/store/documentStore';
import { DeadLetters } from '../../services/outbox/deadLetters';
import { outboxHealth } from '../../services/outbox/health';
import { TransportError } from '../../services/outbox/transport';
import { openHarness, T0, type Harness } from './fixture';

const alice: CliOperator = { account: 'alice', sudoUser: null };
const bo: CliOperator = { account: 'root', sudoUser: 'bo' };

const forbidden = () => new TransportError('403: Forbidden: the bot is not part of the conversation roster', false);

describe('outbox: dead letters', () => {
  let h: Harness;
  let audit: AuditLog;
  let deadLetters: DeadLetters;

  const open = (messages: DocumentCollection<OutboxMessage> = h.repos.outbox) =>
    new DeadLetters({ messages, conversations: h.repos.conversations, audit, store: h.temp.store, clock: h.clock });
  /**
   * Views of the outbox for `count` operators whose first reads wait for one another: each then
   * acts on the same copy (a dead letter), as two commands started at the same moment would.
   */
  const readingTogether = (count: number): DocumentCollection<OutboxMessage>[] => {
    let arrived = 0;
    let release!: () => void;
    const allRead = new Promise<void>((resolve) => (release = resolve));
    return Array.from({ length: count }, () => {
      let first = true;
      return new Proxy(h.repos.outbox, {
        get(target, property) {
          if (property !== 'findOne') {
            const value: unknown = Reflect.get(target, property, target);
            return typeof value === 'function' ? value.bind(target) : value;
          }
          return async (filter: Filter) => {
            const found = await target.findOne(filter);
            if (first) {
              first = false;
              if (++arrived === count) release();
              await allRead;
            }
            return found;
          };
        },
      });
    });
  };
  const byKey = async (key: string): Promise<OutboxMessage> => {
    const message = await h.outbox.byKey(key);
    assert.ok(message, key);
    return message;
  };
  /** Everything an operator command could have changed, as stored. */
  const snapshot = async () => JSON.stringify([await h.repos.outbox.find({}, { sort: { _id: 1 } }), await h.repos.audit.find({}, { sort: { _id: 1 } })]);
  /** A post to `chan` that Teams refused (the bot was removed): a dead letter after one attempt. */
  const refusedPost = async (key: string) => {
    h.transport.failWhen = (request) => (request.label === key ? forbidden() : null);
    await h.post(key, 'chan');
    await h.worker.drain();
    h.transport.failWhen = () => null;
    assert.equal(await h.status(key), 'dead');
    return byKey(key);
  };
  /** A post whose request got no answer: Teams may have posted it. */
  const postInDoubt = async (key: string) => {
    h.transport.failures.push(new TransportError('no answer from Teams within 400 ms', true, null, { outcomeUnknown: true }));
    await h.post(key, 'chan');
    await h.worker.drain();
    const message = await byKey(key);
    assert.equal(message.status, 'dead');
    assert.ok(message.sendingSince, 'an unknown outcome keeps its mark');
    return message;
  };

  beforeEach(async () => {
    h = await openHarness({ maxAttempts: 3 }, ['chan', 'personal:anna', 'group']);
    await h.repos.conversations.updateOne({ _id: 'group' }, { $set: { kind: 'groupChat' } });
    audit = new AuditLog(h.repos.audit, h.clock);
    deadLetters = open();
  });
  afterEach(() => h.dispose());

  describe('attempt times (recorded by the worker)', () => {
    it('keeps the first attempt and moves the last one on with every attempt', async () => {
      h.transport.failures.push(new TransportError('503', true, 10_000), new TransportError('503', true, 10_000));
      h.transport.failWhen = () => forbidden();
      await h.post('card', 'chan');
      await h.worker.drain();
      const first = h.clock.now();
      h.clock.advance(20_000);
      await h.worker.drain();
      h.clock.advance(20_000);
      await h.worker.drain();
      const dead = await byKey('card');
      assert.equal(dead.status, 'dead');
      assert.equal(dead.attempts, 3);
      assert.deepEqual(dead.firstAttemptAt, first);
      assert.deepEqual(dead.lastAttemptAt, h.clock.now());
    });

    it('counts a failure while preparing as an attempt, and a sent message records its attempt too', async () => {
      await h.post('nowhere', 'personal:nobody');
      await h.post('fine', 'chan');
      await h.worker.drain();
      assert.equal((await byKey('nowhere')).status, 'dead');
      assert.deepEqual((await byKey('nowhere')).lastAttemptAt, new Date(T0));
      assert.deepEqual((await byKey('fine')).firstAttemptAt, new Date(T0));
    });
  });

  describe('list', () => {
    it('shows each dead letter by id, kind, notice type, conversation type, attempts, times and transport reason, newest first', async () => {
      const older = await refusedPost('older');
      h.clock.advance(60_000);
      h.transport.failWhen = () => new TransportError('404: ConversationNotFound', false);
      await h.post('in-group', 'group');
      await h.worker.drain();
      h.transport.failWhen = () => null;

      const listed = await deadLetters.list();
      assert.deepEqual(
        listed.map((d) => [d.id === older._id ? 'older' : d.key, d.kind, d.noticeType, d.conversationType, d.attempts, d.reason, d.outcomeUnknown, d.retries]),
        [
          ['in-group', 'post', 'case.card', 'groupChat', 1, '404: ConversationNotFound', false, 0],
          ['older', 'post', 'case.card', 'channel', 1, '403: Forbidden: the bot is not part of the conversation roster', false, 0],
        ],
      );
      assert.deepEqual([listed[1]!.createdAt, listed[1]!.firstAttemptAt, listed[1]!.lastAttemptAt, listed[1]!.deadAt], [new Date(T0), new Date(T0), new Date(T0), new Date(T0)]);
      assert.equal(listed[1]!.updatesPost, null);
    });

    it('marks the attempt times of an older dead letter unknown instead of inventing them', async () => {
      await refusedPost('old');
      // As written before attempt times (and deadAt) were recorded.
      await h.repos.outbox.updateOne({ key: 'old' }, { $unset: { firstAttemptAt: true, lastAttemptAt: true, deadAt: true } });
      const [old] = await deadLetters.list();
      assert.deepEqual([old!.createdAt, old!.firstAttemptAt, old!.lastAttemptAt, old!.deadAt], [new Date(T0), null, null, null]);
    });

    it('flags a post whose outcome is unknown, with the moment it may have been posted', async () => {
      const inDoubt = await postInDoubt('doubt');
      const [listed] = await deadLetters.list();
      assert.equal(listed!.outcomeUnknown, true);
      assert.deepEqual(listed!.inDoubtSince, inDoubt.sendingSince);
      assert.match(listed!.reason ?? '', /^outcome unknown/);
    });

    it("shows where an update's post stands, and an unknown conversation as such", async () => {
      const post = await refusedPost('post');
      await h.outbox.update('post:changed', 'post', 'chan', { type: 'case.card', caseId: 'post' });
      await h.worker.drain();
      await h.post('lost', 'personal:nobody');
      await h.worker.drain();
      const listed = await deadLetters.list();
      const update = listed.find((d) => d.key === 'post:changed');
      assert.deepEqual(update?.updatesPost, { id: post._id, status: 'dead' });
      assert.equal(listed.find((d) => d.key === 'lost')?.conversationType, null);
    });

    it('lists no discarded, pending or sent messages', async () => {
      const gone = await refusedPost('gone');
      await deadLetters.discard(gone._id, 'the team was deleted', alice);
      await h.post('sent', 'chan');
      await h.worker.drain();
      assert.deepEqual(await deadLetters.list(), []);
    });
  });

  describe('retry', () => {
    it('queues the dead letter afresh, records who and when, audits it, and the worker sends it once', async () => {
      const dead = await refusedPost('card');
      h.clock.advance(3_600_000);
      const [outcome] = await deadLetters.retry({ id: dead._id }, bo);
      assert.deepEqual(outcome, { id: dead._id, result: 'retried', key: 'card', kind: 'post', noticeType: 'case.card', conversationKey: 'chan', forced: false });

      const queued = await byKey('card');
      assert.equal(queued.status, 'pending');
      assert.equal(queued.attempts, 0);
      assert.deepEqual(queued.nextAttemptAt, h.clock.now());
      assert.deepEqual([queued.leaseUntil, queued.leasedBy, queued.sendingSince, queued.deadAt], [null, null, null, null]);
      assert.deepEqual([queued.retriedAt, queued.retriedBy, queued.retries], [h.clock.now(), 'bo (as root)', 1]);
      assert.deepEqual(queued.firstAttemptAt, new Date(T0), 'the first attempt stays the first ever');

      const entries = await h.repos.audit.find({});
      assert.deepEqual(
        entries.map((e) => ({ action: e.action, actor: e.actor, at: e.at, caseId: e.caseId, meetingId: e.meetingId, outboxMessage: e.outboxMessage })),
        [{ action: 'outbox.retry', actor: { userId: 'cli:root', name: 'bo', organization: null }, at: h.clock.now(), caseId: null, meetingId: null, outboxMessage: { id: dead._id, noticeType: 'case.card' } }],
      );

      await h.worker.drain();
      await h.worker.drain();
      assert.deepEqual(h.transport.posted.map((d) => d.label), ['card']);
      assert.equal(await h.status('card'), 'sent');
      assert.deepEqual((await deadLetters.retry({ id: dead._id }, alice))[0], { id: dead._id, result: 'already-retried', status: 'sent', by: 'bo (as root)', at: h.clock.now() });
    });

    it('of two operators retrying at the same moment, exactly one wins; the other is told it was already retried', async () => {
      const dead = await refusedPost('card');
      const [one, other] = readingTogether(2).map((messages) => open(messages));
      const [first, second] = await Promise.all([one!.retry({ id: dead._id }, alice), other!.retry({ id: dead._id }, bo)]);
      const results = [first![0]!, second![0]!].map((o) => o.result).sort();
      assert.deepEqual(results, ['already-retried', 'retried']);
      assert.equal((await byKey('card')).retries, 1);
      assert.equal(await h.repos.audit.count({ action: 'outbox.retry' }), 1);
      await h.worker.drain();
      assert.equal(h.transport.posted.length, 1);
    });

    it('leaves the store exactly as it was for an unknown id', async () => {
      await refusedPost('card');
      const before = await snapshot();
      assert.deepEqual(await deadLetters.retry({ id: '00000000-0000-4000-8000-000000000000' }, alice), [{ id: '00000000-0000-4000-8000-000000000000', result: 'unknown' }]);
      assert.equal(await snapshot(), before);
    });

    it('refuses what is not a dead letter, changing nothing', async () => {
      await h.post('waiting', 'personal:anna');
      const waiting = await byKey('waiting');
      const before = await snapshot();
      assert.deepEqual(await deadLetters.retry({ id: waiting._id }, alice), [{ id: waiting._id, result: 'not-dead', status: 'pending' }]);
      assert.equal(await snapshot(), before);
    });

    it('refuses a post whose outcome is unknown unless forced, and then sends it', async () => {
      const inDoubt = await postInDoubt('doubt');
      const before = await snapshot();
      assert.deepEqual(await deadLetters.retry({ id: inDoubt._id }, alice), [{ id: inDoubt._id, result: 'outcome-unknown', inDoubtSince: inDoubt.sendingSince }]);
      assert.equal(await snapshot(), before, 'nothing changed, nothing audited');

      const [forced] = await deadLetters.retry({ id: inDoubt._id }, alice, { force: true });
      assert.equal(forced?.result, 'retried');
      assert.equal(forced?.result === 'retried' && forced.forced, true);
      assert.equal((await byKey('doubt')).sendingSince, null);
      await h.worker.drain();
      assert.deepEqual(h.transport.posted.map((d) => d.label), ['doubt']);
    });

    it('never asks for force to retry an update: sending it again replaces the same card', async () => {
      await h.post('post', 'chan');
      await h.worker.drain();
      h.transport.failWhen = () => new TransportError('no answer', true, null, { outcomeUnknown: true });
      await h.outbox.update('post:changed', 'post', 'chan', { type: 'case.card', caseId: 'post' });
      for (let i = 0; i < 3; i++) {
        await h.worker.drain();
        h.clock.advance(60_000);
      }
      h.transport.failWhen = () => null;
      const update = await byKey('post:changed');
      assert.equal(update.status, 'dead');
      // Even one whose reason reads like a post's in doubt.
      await h.repos.outbox.updateOne({ _id: update._id }, { $set: { lastError: 'outcome unknown: no answer' } });
      assert.equal((await deadLetters.list())[0]?.outcomeUnknown, false);
      assert.equal((await deadLetters.retry({ id: update._id }, alice))[0]?.result, 'retried');
      await h.worker.drain();
      assert.equal(h.transport.updated.length, 1);
    });

    it('refuses an update whose post is still a dead letter, naming the post', async () => {
      const post = await refusedPost('post');
      await h.outbox.update('post:changed', 'post', 'chan', { type: 'case.card', caseId: 'post' });
      await h.worker.drain();
      const update = await byKey('post:changed');
      assert.equal(update.status, 'dead');
      assert.deepEqual(await deadLetters.retry({ id: update._id }, alice), [{ id: update._id, result: 'post-dead', postId: post._id }]);
      assert.equal((await byKey('post:changed')).status, 'dead');
    });

    it('with all: the posts first, so an update goes after its post; unknown outcomes are skipped unless forced', async () => {
      await refusedPost('post');
      await h.outbox.update('post:changed', 'post', 'chan', { type: 'case.card', caseId: 'post' });
      await h.worker.drain();
      const inDoubt = await postInDoubt('doubt');
      assert.equal((await deadLetters.list()).length, 3);

      const outcomes = await deadLetters.retry({ all: true }, alice);
      assert.deepEqual(
        outcomes.map((o) => [o.result === 'retried' ? o.key : o.id, o.result]),
        [
          ['post', 'retried'],
          [inDoubt._id, 'outcome-unknown'],
          ['post:changed', 'retried'],
        ],
      );
      assert.equal(await h.repos.audit.count({ action: 'outbox.retry' }), 2);
      await h.worker.drain();
      assert.deepEqual(h.transport.deliveries.map((d) => [d.op, d.label]), [['post', 'post'], ['update', 'post']]);
      assert.equal(await h.status('doubt'), 'dead');

      const forced = await deadLetters.retry({ all: true }, alice, { force: true });
      assert.deepEqual(forced.map((o) => o.result), ['retried']);
    });

    it('goes to the dead letters again when Teams refuses again, and can be retried again', async () => {
      const dead = await refusedPost('card');
      await deadLetters.retry({ id: dead._id }, alice);
      h.transport.failWhen = () => forbidden();
      await h.worker.drain();
      const again = await byKey('card');
      assert.equal(again.status, 'dead');
      assert.equal(again.attempts, 1, 'attempts count again from the retry');
      h.transport.failWhen = () => null;
      assert.equal((await deadLetters.retry({ id: dead._id }, alice))[0]?.result, 'retried');
      assert.equal((await byKey('card')).retries, 2);
    });
  });

  describe('discard', () => {
    it('sets the dead letter aside for good: never sent, not counted as dead, audited', async () => {
      const dead = await refusedPost('card');
      h.clock.advance(60_000);
      assert.deepEqual(await deadLetters.discard(dead._id, '  the team was deleted  ', bo), { id: dead._id, result: 'discarded' });
      const discarded = await byKey('card');
      assert.deepEqual(
        [discarded.status, discarded.discardedAt, discarded.discardReason, discarded.discardedBy],
        ['discarded', h.clock.now(), 'the team was deleted', 'bo (as root)'],
      );
      assert.equal((await outboxHealth(h.repos.outbox)).dead, 0);
      const [entry] = await h.repos.audit.find({});
      assert.deepEqual([entry?.action, entry?.actor.userId, entry?.outboxMessage], ['outbox.discard', 'cli:root', { id: dead._id, noticeType: 'case.card' }]);
      assert.ok(!JSON.stringify(entry).includes('team was deleted'), 'the reason stays on the message, out of the log');

      await h.worker.drain();
      assert.equal(h.transport.posted.length, 0);
      assert.deepEqual(await deadLetters.retry({ id: dead._id }, alice), [{ id: dead._id, result: 'discarded', by: 'bo (as root)', at: h.clock.now() }]);
      assert.deepEqual(await deadLetters.discard(dead._id, 'again', alice), { id: dead._id, result: 'already-discarded', by: 'bo (as root)', at: h.clock.now() });
      assert.equal(await h.repos.audit.count({}), 1);
    });

    it('drops a pending update of a discarded post, and refuses to retry a dead one', async () => {
      const post = await refusedPost('post');
      await h.outbox.update('post:changed', 'post', 'chan', { type: 'case.card', caseId: 'post' });
      await h.worker.drain();
      const deadUpdate = await byKey('post:changed');
      await deadLetters.discard(post._id, 'posted by hand', alice);
      assert.deepEqual(await deadLetters.retry({ id: deadUpdate._id }, alice), [{ id: deadUpdate._id, result: 'post-gone', postStatus: 'discarded' }]);

      await h.outbox.update('post:changed-again', 'post', 'chan', { type: 'case.card', caseId: 'post' });
      await h.worker.drain();
      assert.equal(await h.status('post:changed-again'), 'dropped');
      assert.equal(h.transport.calls, 1, 'only the first refused post ever reached Teams');
    });

    it('refuses what is not a dead letter, an unknown id, and a reason that is empty or too long', async () => {
      await h.post('waiting', 'personal:anna');
      const waiting = await byKey('waiting');
      const before = await snapshot();
      assert.deepEqual(await deadLetters.discard(waiting._id, 'no', alice), { id: waiting._id, result: 'not-dead', status: 'pending' });
      assert.deepEqual(await deadLetters.discard('no-such-id', 'no', alice), { id: 'no-such-id', result: 'unknown' });
      await assert.rejects(deadLetters.discard(waiting._id, '   ', alice), RangeError);
      await assert.rejects(deadLetters.discard(waiting._id, 'x'.repeat(501), alice), RangeError);
      assert.equal(await snapshot(), before);
    });

    it('of a retry and a discard at the same moment, exactly one happens', async () => {
      const dead = await refusedPost('card');
      const [one, other] = readingTogether(2).map((messages) => open(messages));
      const [retried, discarded] = await Promise.all([one!.retry({ id: dead._id }, alice), other!.discard(dead._id, 'not needed', bo)]);
      const happened = [retried[0]!.result === 'retried', discarded.result === 'discarded'];
      assert.equal(happened.filter(Boolean).length, 1, JSON.stringify([retried, discarded]));
      assert.equal(await h.repos.audit.count({}), 1);
    });
  });
});
