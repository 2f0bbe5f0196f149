import type { Notice } from '../../services/domain/records';
import { Outbox } from '../../services/outbox/outbox';
import { OutboxWorker, type OutboxWorkerOptions } from '../../services/outbox/outboxWorker';
import type { Activity, OutboxTransport, RenderOptions } from '../../services/outbox/transport';
import { openRepositories, type Repositories } from '../../services/store/repositories';
import { ManualClock } from '../../services/time/clock';
import { captureLogger } from '../support/captureLogger';
import { openTempStore, type TempStore } from '../support/tempStore';

export const T0 = '2026-11-22T09:00:00Z';

/** What reached "Teams": one entry per request that succeeded. */
export interface Delivery {
  op: 'post' | 'update';
  conversationId: string;
  /** The notice's caseId: tests use it as the message's label. */
  label: string;
  activityId: string;
}

export type Request = { op: 'post' | 'update'; conversationId: string; label: string };

/** A Teams stand-in: records what it was asked, and fails or hangs when a test says so. */
export class FakeTransport implements OutboxTransport {
  readonly deliveries: Delivery[] = [];
  /** The activities of the deliveries, in the same order. */
  readonly sentActivities: Activity[] = [];
  /** Thrown one per request, before anything is delivered. */
  readonly failures: Error[] = [];
  /** Asked before each request; an error it returns is thrown instead of delivering. */
  failWhen: (request: Request) => Error | null = () => null;
  /** Requests that never get an answer (a process that dies mid-send). */
  hang = false;
  /** Yield to the event loop inside each request, so concurrent workers interleave. */
  yieldEach = false;
  calls = 0;
  renderAs: (notice: Notice, options?: RenderOptions) => Activity | null = (notice) => ({ type: 'message', notice });
  onRequest: (request: Request) => Promise<void> | void = () => undefined;

  constructor(private readonly shared: { nextActivity: number } = { nextActivity: 0 }) {}

  get posted(): Delivery[] {
    return this.deliveries.filter((d) => d.op === 'post');
  }
  get updated(): Delivery[] {
    return this.deliveries.filter((d) => d.op === 'update');
  }

  async render(notice: Notice, options?: RenderOptions): Promise<Activity | null> {
    return this.renderAs(notice, options);
  }

  async post(reference: Record<string, unknown>, activity: Activity): Promise<{ activityId: string }> {
    const request: Request = { op: 'post', conversationId: conversationIdOf(reference), label: labelOf(activity) };
    return { activityId: await this.request(request, activity, () => `act-${++this.shared.nextActivity}`) };
  }

  async update(reference: Record<string, unknown>, activityId: string, activity: Activity): Promise<void> {
    await this.request({ op: 'update', conversationId: conversationIdOf(reference), label: labelOf(activity) }, activity, () => activityId);
  }

  /** Activity ids are handed out only for deliveries, so a failed post does not use one up. */
  private async request(request: Request, activity: Activity, activityId: () => string): Promise<string> {
    this.calls += 1;
    await this.onRequest(request);
    if (this.yieldEach) await new Promise((resolve) => setImmediate(resolve));
    if (this.hang) await new Promise<never>(() => undefined);
    const failure = this.failures.shift() ?? this.failWhen(request);
    if (failure) throw failure;
    const delivery = { ...request, activityId: activityId() };
    this.deliveries.push(delivery);
    this.sentActivities.push(activity);
    return delivery.activityId;
  }
}

function conversationIdOf(reference: Record<string, unknown>): string {
  return String((reference.conversation as { id?: unknown } | undefined)?.id);
}

function labelOf(activity: Activity): string {
  const notice = activity.notice as Notice;
  return 'caseId' in notice ? notice.caseId : notice.type;
}


export interface Harness {
  temp: TempStore;
  repos: Repositories;
  clock: ManualClock;
  transport: FakeTransport;
  outbox: Outbox;
  worker: OutboxWorker;
  logLines: Record<string, unknown>[];
  /** Another worker on the same store collection (another process, as far as the outbox can tell). */
  newWorker(options?: Partial<OutboxWorkerOptions>): OutboxWorker;
  addConversation(id: string): Promise<void>;
  /** Enqueues a post labelled `label` (the notice's caseId); its key is `label` too. */
  post(label: string, conversationKey: string): Promise<void>;
  status(key: string): Promise<string | undefined>;
  dispose(): Promise<void>;
}

export async function openHarness(options: Partial<OutboxWorkerOptions> = {}, conversations: string[] = ['chan']): Promise<Harness> {
  const temp = await openTempStore();
  const repos = await openRepositories(temp.store);
  const clock = new ManualClock(T0);
  const transport = new FakeTransport();
  const outbox = new Outbox(repos.outbox, clock);
  const { logger, lines } = captureLogger(process.env.TEST_LOG_LEVEL ?? 'error');
  const newWorker = (extra: Partial<OutboxWorkerOptions> = {}): OutboxWorker =>
    new OutboxWorker({
      messages: repos.outbox,
      conversations: repos.conversations,
      transport,
      clock,
      logger,
      random: () => 0.5,
      // The clock here only moves when a test moves it: a wait in memory for a rate slot would
      // never end, so messages are postponed in the store (tests of the wait pass their own sleep).
      rateWaitMs: 0,
      ...options,
      ...extra,
    });
  const harness: Harness = {
    temp,
    repos,
    clock,
    transport,
    outbox,
    worker: newWorker(),
    logLines: lines,
    newWorker,
    async addConversation(id) {
      await repos.conversations.insertOne({
        _id: id,
        kind: id.startsWith('personal:') ? 'personal' : 'channel',
        tenantId: null,
        teamId: null,
        userId: null,
        reference: { conversation: { id } },
        installedAt: clock.now(),
        updatedAt: clock.now(),
      });
    },
    post: (label, conversationKey) => outbox.post(label, conversationKey, { type: 'case.card', caseId: label }),
    status: async (key) => (await outbox.byKey(key))?.status,
    dispose: () => temp.dispose(),
  };
  for (const id of conversations) await harness.addConversation(id);
  return harness;
}

/** Drains and moves the clock on until nothing is pending (or `maxSteps` runs out). */
export async function runUntilIdle(h: Harness, stepMs: number, maxSteps = 10_000, workers = [h.worker]): Promise<number> {
  for (let step = 0; step < maxSteps; step++) {
    // Started together, so they race for the same messages; whoever starts first alternates.
    const order = step % 2 === 0 ? workers : [...workers].reverse();
    await Promise.all(order.map((w) => w.drain()));
    if ((await h.repos.outbox.count({ status: 'pending' })) === 0) return step;
    h.clock.advance(stepMs);
  }
  throw new Error(`still pending after ${maxSteps} steps`);
}
