import type { AddressInfo } from 'node:net';
import cron from 'node-cron';
import type { Config } from '../services/config';
import { createServices, type Services } from '../services/app';
import { loadKeyring } from '../services/crypto/loadKeyring';
import type { Logger } from '../services/logger';
import { OutboxWorker } from '../services/outbox/outboxWorker';
import { Scheduler } from '../services/scheduler/scheduler';
import { openStore } from '../services/store/openStore';
import { TIME_ZONE } from '../services/time/stockholm';
import { systemClock, type Clock } from '../services/time/clock';
import { createAdapter } from './adapter';
import { ConnectorTransport } from './connectorTransport';
import { createNoticeRenderer } from './noticeRenderer';
import { SamordnaBot } from './samordnaBot';
import { createServer } from './server';
import { runtimeHealth } from './health';

export interface Runtime {
  url: string;
  port: number;
  services: Services;
  outboxWorker: OutboxWorker;
  scheduler: Scheduler;
  stop(): Promise<void>;
}

export interface RuntimeOptions {
  config: Config;
  logger: Logger;
  clock?: Clock;
  host?: string;
  /**
   * 'cron' wakes the scheduler every minute (what `npm start` does); 'manual' leaves the ticks to
   * the caller, so tests can drive time.
   */
  schedule?: 'cron' | 'manual';
}

/** Everything `npm start` runs, as one object the tests can start and stop in-process. */
export async function startRuntime(options: RuntimeOptions): Promise<Runtime> {
  const { config, logger } = options;
  const clock = options.clock ?? systemClock;
  const store = await openStore({ mongodbUri: config.mongodbUri, dataDir: config.dataDir, logger });
  try {
    const keyring = await loadKeyring({ encryptionKey: config.encryptionKey, dataDir: config.dataDir, logger });
    let outboxWorker: OutboxWorker | null = null;
    const services = await createServices({ store, clock, keyring, onOutboxDispatch: (conversationKeys) => outboxWorker?.wake(conversationKeys) });
    const { adapter, auth } = createAdapter(config, logger);
    const transport = new ConnectorTransport(auth, config.bot.appId ?? '', createNoticeRenderer(services));
    outboxWorker = new OutboxWorker({ messages: services.repos.outbox, conversations: services.repos.conversations, transport, clock, logger });
    const worker = outboxWorker;
    const scheduler = new Scheduler({ services, logger, retentionDays: config.retentionDays });
    const bot = new SamordnaBot(services, logger);
    const server = createServer({ adapter, bot, store, logger, health: () => runtimeHealth(services, worker, scheduler, startedAt, options.schedule ?? 'cron') });
    const startedAt = clock.now();

    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.port, options.host ?? '0.0.0.0', () => resolve());
    });
    const port = (server.address() as AddressInfo).port;
    worker.start();
    // node-cron only wakes the scheduler; what is due is computed from the meetings each time, so
    // a missed or doubled wake-up (DST, a slow machine) changes nothing.
    const task = options.schedule === 'manual' ? null : cron.schedule('* * * * *', () => void scheduler.tick(clock.now()), { timezone: TIME_ZONE });
    if (task) void scheduler.tick(clock.now());
    logger.info({ port, store: store.kind }, 'Samordna is listening');

    let stopping: Promise<void> | null = null;
    return {
      url: `http://127.0.0.1:${port}`,
      port,
      services,
      outboxWorker: worker,
      scheduler,
      stop() {
        stopping ??= (async () => {
          await task?.stop();
          await new Promise<void>((resolve) => server.close(() => resolve()));
          await worker.stop();
          await store.close();
          logger.info('Samordna stopped');
        })();
        return stopping;
      },
    };
  } catch (error) {
    await store.close();
    throw error;
  }
}
