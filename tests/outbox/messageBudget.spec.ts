import assert from 'node:assert/strict';
import type { Notice } from '../../services/domain/records';
import { TOO_LARGE_REASON } from '../../services/outbox/outboxWorker';
import { TransportError, type Activity, type RenderOptions } from '../../services/outbox/transport';
import { captureLogger } from '../support/captureLogger';
import { openHarness, type Harness } from './fixture';

const BUDGET = 4_000;
/** A card of about `bytes` as UTF-16, marked so the test can tell full from compact. */
const card = (form: string, bytes: number) => ({ form, padding: 'x'.repeat(Math.max(0, bytes / 2 - 40)) });

describe('outbox: every message within the size budget', () => {
  let h: Harness;
  const rendered: (RenderOptions | undefined)[] = [];
  beforeEach(async () => {
    h = await openHarness({ messageBudgetBytes: BUDGET });
    rendered.length = 0;
  });
  afterEach(() => h.dispose());

  const renderSizes = (full: number, compact: number) => {
    h.transport.renderAs = (notice: Notice, options?: RenderOptions): Activity => {
      rendered.push(options);
      return { type: 'message', notice, card: options?.compact ? card('compact', compact) : card('full', full) };
    };
  };
  const formOf = (index: number) => {
    const activity = h.transport.sentActivities[index] as { card?: { form: string } } | undefined;
    return activity?.card?.form;
  };

  it('sends a post that fits as it is, asking for nothing more', async () => {
    renderSizes(1_000, 500);
    await h.post('small', 'chan');
    await h.worker.drain();
    assert.equal(formOf(0), 'full');
    assert.deepEqual(rendered, [undefined]);
  });

  it('sends the compact form of a post over the budget, and warns without the content', async () => {
    const { logger, lines } = captureLogger('warn');
    const worker = h.newWorker({ logger });
    renderSizes(20_000, 1_000);
    await h.post('agenda', 'chan');
    await worker.drain();
    assert.equal(await h.status('agenda'), 'sent');
    assert.equal(formOf(0), 'compact');
    const warning = lines.find((line) => line.msg === 'outbox message over the size budget: sending its compact form');
    assert.ok(warning, JSON.stringify(lines));
    assert.equal(warning.key, 'agenda');
    assert.equal(warning.notice, 'case.card');
    assert.ok((warning.bytes as number) > BUDGET);
    assert.ok(!JSON.stringify(lines).includes('xxxx'), 'no card content in the log');
  });

  it('replaces a card with its compact form when the update would be over the budget', async () => {
    renderSizes(1_000, 1_000);
    await h.post('card', 'chan');
    await h.worker.drain();
    renderSizes(20_000, 1_000);
    await h.outbox.update('card:grown', 'card', 'chan', { type: 'case.card', caseId: 'card' });
    await h.worker.drain();
    assert.equal(h.transport.updated.length, 1);
    assert.equal(formOf(1), 'compact');
  });

  it('never sends a message that is over the budget even in compact form: a dead letter at once', async () => {
    renderSizes(20_000, 10_000);
    await h.post('huge', 'chan');
    await h.worker.drain();
    const stored = await h.outbox.byKey('huge');
    assert.equal(stored?.status, 'dead');
    assert.match(stored?.lastError ?? '', new RegExp(`^${TOO_LARGE_REASON}`));
    assert.equal(h.transport.calls, 0);
  });

  it('makes a 413 from Teams a dead letter at once, never retried', async () => {
    renderSizes(1_000, 1_000);
    h.transport.failures.push(new TransportError('413 MessageSizeTooBig: Teams refused the message as too large', false));
    await h.post('refused', 'chan');
    for (let i = 0; i < 3; i++) {
      await h.worker.drain();
      h.clock.advance(60_000);
    }
    const stored = await h.outbox.byKey('refused');
    assert.equal(stored?.status, 'dead');
    assert.equal(stored?.attempts, 1);
    assert.match(stored?.lastError ?? '', /^413 MessageSizeTooBig/);
    assert.equal(h.transport.calls, 1);
  });
});
