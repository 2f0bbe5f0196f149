import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startRuntime, type Runtime, type RuntimeOptions } from '../../bot/runtime';
import { loadConfig } from '../../services/config';
import { createLogger, type Logger } from '../../services/logger';
import type { Clock } from '../../services/time/clock';
import { ConnectorStandIn } from './connectorStandIn';
import { postJson, type HttpAnswer } from './httpClient';
import { cardAction, type ChannelPlace, type TeamsUser } from './teamsActivities';

export interface TestBot {
  runtime: Runtime;
  connector: ConnectorStandIn;
  dataDir: string;
  place: ChannelPlace;
  send(activity: unknown): Promise<HttpAnswer>;
  /** Presses a button: returns the card of the invoke response (HTTP 200 asserted). */
  press(user: TeamsUser, verb: string, data?: Record<string, unknown>): Promise<AdaptiveCardJson>;
  /** Resolves once the outbox has sent everything that is due (background sends included). */
  settle(): Promise<void>;
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export type AdaptiveCardJson = Record<string, unknown> & { body: unknown[] };

/** Starts the real server (restify + CloudAdapter + store) on a free port against a stand-in connector. */
export async function startTestBot(
  options: {
    clock?: Clock;
    env?: Record<string, string>;
    dataDir?: string;
    serviceUrl?: string;
    logger?: Logger;
    /** Passed on to the runtime, e.g. the board's token signing keys. */
    runtimeOptions?: Pick<RuntimeOptions, 'boardTokenKeys'>;
  } = {},
): Promise<TestBot> {
  const connector = new ConnectorStandIn();
  await connector.start();
  // A benchmark may point the bot at a stand-in in another process; the local one then idles.
  const dataDir = options.dataDir ?? (await mkdtemp(path.join(os.tmpdir(), 'samordna-e2e-')));
  const config = loadConfig({ PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'silent', ...options.env });
  const logger = options.logger ?? createLogger(process.env.TEST_LOG_LEVEL ?? 'silent');
  // Tests drive the scheduler themselves (runtime.scheduler.tick), so time is theirs to set.
  const start = () =>
    startRuntime({ ...options.runtimeOptions, config, logger, host: '127.0.0.1', schedule: 'manual', ...(options.clock ? { clock: options.clock } : {}) });
  let runtime = await start();
  const place: ChannelPlace = { serviceUrl: options.serviceUrl ?? connector.url };

  const bot: TestBot = {
    get runtime() {
      return runtime;
    },
    connector,
    dataDir,
    place,
    send: (activity) => postJson(`${runtime.url}/api/messages`, activity),
    async press(user, verb, data = {}) {
      const answer = await postJson(`${runtime.url}/api/messages`, cardAction(place, user, verb, data));
      if (answer.status !== 200) throw new Error(`${verb} answered HTTP ${answer.status}: ${JSON.stringify(answer.body)}`);
      const body = answer.body as { statusCode?: number; type?: string; value?: AdaptiveCardJson };
      if (body.statusCode !== 200 || body.type !== 'application/vnd.microsoft.card.adaptive' || !body.value) {
        throw new Error(`${verb} did not answer with a card: ${JSON.stringify(body).slice(0, 500)}`);
      }
      return body.value;
    },
    async settle() {
      // Settled when a full drain changes nothing and nothing is in flight (the worker may be
      // sending in the background, and a conversation waits behind its first message's retry).
      const deadline = Date.now() + 10_000;
      const state = async () => {
        const messages = await runtime.services.repos.outbox.find({});
        return JSON.stringify(messages.map((message) => [message._id, message.status, message.attempts, message.nextAttemptAt, message.sendingSince]));
      };
      let previous = '';
      for (;;) {
        await runtime.outboxWorker.drain();
        const current = await state();
        const inFlight = (await runtime.services.repos.outbox.count({ status: 'pending', sendingSince: { $ne: null } })) > 0;
        if (!inFlight && current === previous) return;
        if (Date.now() > deadline) throw new Error(`the outbox did not settle: in flight ${inFlight}; ${current}`);
        previous = current;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
    async restart() {
      await runtime.stop();
      runtime = await start();
    },
    async stop() {
      await runtime.stop();
      await connector.stop();
      if (!options.dataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
  return bot;
}

/** All text a card shows, for assertions that read like what a user sees. */
export function cardText(card: unknown): string {
  const texts: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        if (typeof value === 'string' && ['text', 'title', 'value', 'label', 'placeholder', 'errorMessage'].includes(key)) texts.push(value);
        else walk(value);
      }
    }
  };
  walk(card);
  return texts.join('\n');
}

/** Every Action.Execute on a card, with its verb and data. */
export function actionsOf(card: unknown): { title: string; verb: string; data: Record<string, unknown> }[] {
  const found: { title: string; verb: string; data: Record<string, unknown> }[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const record = node as Record<string, unknown>;
      if (record.type === 'Action.Execute' && typeof record.verb === 'string') {
        found.push({ title: String(record.title ?? ''), verb: record.verb, data: (record.data as Record<string, unknown>) ?? {} });
      }
      Object.values(record).forEach(walk);
    }
  };
  walk(card);
  return found;
}
