import type { AddressInfo } from 'node:net';
import type { Config } from '../services/config';
import { createServices, type Services } from '../services/app';
import { loadKeyring } from '../services/crypto/loadKeyring';
import type { Logger } from '../services/logger';
import { OutboxWorker } from '../services/outbox/outboxWorker';
import { openStore } from '../services/store/openStore';
import { systemClock, type Clock } from '../services/time/clock';
import { createAdapter } from './adapter';
import { ConnectorTransport } from './connectorTransport';
import { createNoticeRenderer } from './noticeRenderer';
import { SamordnaBot } from './samordnaBot';
import { createServer } from './server';

export interface Runtime {
  url: string;
  port: number;
  services: Services;
  outboxWorker: OutboxWorker;
  stop(): Promise<void>;
}

/** Everything `npm start` runs, as one object the tests can start and stop in-process. */
export async function startRuntime(options: { config: Config; logger: Logger; clock?: Clock; host?: string }): Promise<Runtime> {
  const { config, logger } = options;
  const clock = options.clock ?? systemClock;
  const store = await openStore({ mongodbUri: config.mongodbUri, dataDir: config.dataDir, logger });
  try {
    const keyring = await loadKeyring({ encryptionKey: config.encryptionKey, dataDir: config.dataDir, logger });
    let outboxWorker: OutboxWorker | null = null;
    const services = await createServices({ store, clock, keyring, onOutboxDispatch: () => outboxWorker?.wake() });
    const { adapter, auth } = createAdapter(config, logger);
    const transport = new ConnectorTransport(auth, config.bot.appId ?? '', createNoticeRenderer(services));
    outboxWorker = new OutboxWorker({ messages: services.repos.outbox, conversations: services.repos.conversations, transport, clock, logger });
    const worker = outboxWorker;
    const bot = new SamordnaBot(services, logger);
    const server = createServer({ adapter, bot, store, logger });

    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.port, options.host ?? '0.0.0.0', () => resolve());
    });
    const port = (server.address() as AddressInfo).port;
    worker.start();
    logger.info({ port, store: store.kind }, 'Samordna is listening');

    let stopping: Promise<void> | null = null;
    return {
      url: `http://127.0.0.1:${port}`,
      port,
      services,
      outboxWorker: worker,
      stop() {
        stopping ??= (async () => {
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
