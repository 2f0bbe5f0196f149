import type { AddressInfo } from 'node:net';
import cron from 'node-cron';
import type { JWTVerifyGetKey } from 'jose' with { 'resolution-mode': 'import' };
import type { Config } from '../services/config';
import { createServices, type Services } from '../services/app';
import { loadKeyring } from '../services/crypto/loadKeyring';
import type { Logger } from '../services/logger';
import type { OutboxWorker } from '../services/outbox/outboxWorker';
import { Scheduler } from '../services/scheduler/scheduler';
import { configuredKeyring } from '../services/crypto/configuredKeyring';
import { upgradeSchema } from '../services/store/schemaUpgrade';
import { openStore } from '../services/store/openStore';
import { TIME_ZONE } from '../services/time/stockholm';
import { systemClock, type Clock } from '../services/time/clock';
import { createAdapter } from './adapter';
import { createBoardAuthenticator } from './board/boardAuthenticator';
import { invokeRateLimit, InvokeRateLimiter } from './invokeRateLimit';
import { outboxWorkerFor } from './outboxWorkerFor';
import { SamordnaBot } from './samordnaBot';
import { startMetricsServer } from './metricsServer';
import { isKnownVerb } from './verbs/router';
import { createServer } from './server';
import { runtimeHealth } from './health';

export interface Runtime {
  url: string;
  port: number;
  services: Services;
  outboxWorker: OutboxWorker;
  scheduler: Scheduler;
  /** `http://host:port/metrics`, or null when METRICS_PORT is not set. */
  metricsUrl: string | null;
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
  /** Signing keys for the board's Teams SSO tokens; Entra ID's published keys unless given (tests). */
  boardTokenKeys?: JWTVerifyGetKey;
}

/** Everything `npm start` runs, as one object the tests can start and stop in-process. */
export async function startRuntime(options: RuntimeOptions): Promise<Runtime> {
  const { config, logger } = options;
  const clock = options.clock ?? systemClock;
  const store = await openStore({ mongodbUri: config.mongodbUri, dataDir: config.dataDir, logger, clock });
  try {
    await upgradeSchema(store, { dataDir: config.dataDir, keyring: () => configuredKeyring(config), logger, now: () => clock.now() });
    const keyring = await loadKeyring({ encryptionKey: config.encryptionKey, previousEncryptionKeys: config.previousEncryptionKeys, dataDir: config.dataDir, store, logger, clock });
    let outboxWorker: OutboxWorker | null = null;
    const services = await createServices({ store, clock, keyring, onOutboxDispatch: (conversationKeys) => outboxWorker?.wake(conversationKeys) });
    const { adapter, auth } = createAdapter(config, logger);
    adapter.use(invokeRateLimit(new InvokeRateLimiter({ perMinute: config.invokeRateLimitPerMinute, clock }), logger));
    const scheduler = new Scheduler({ services, logger, retentionDays: config.retentionDays, auditRetentionYears: config.auditRetentionYears });
    // Loaded only when served: prom-client and the tracing API it brings cost about 12 MB.
    const metrics = config.metrics ? new (await import('../services/metrics/metrics.js')).SamordnaMetrics({ services, scheduler, isKnownVerb }) : null;
    outboxWorker = outboxWorkerFor(config, services, auth, clock, logger, metrics ? { onOutcome: (outcome) => metrics.countOutboxResult(outcome) } : {});
    const worker = outboxWorker;
    const bot = new SamordnaBot(services, logger, metrics);
    const board = { services, logger, authenticate: createBoardAuthenticator({ config, logger, clock, keys: options.boardTokenKeys }) };
    const server = createServer({ adapter, bot, store, logger, board, health: () => runtimeHealth(services, worker, scheduler, startedAt, options.schedule ?? 'cron') });
    const startedAt = clock.now();

    const metricsServer = metrics && config.metrics ? await startMetricsServer({ metrics, ...config.metrics, logger }) : null;
    if (!metricsServer) logger.info('metrics off: set METRICS_PORT to serve /metrics on a listener of its own');
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.port, options.host ?? config.host, () => resolve());
    }).catch(async (error: unknown) => {
      await metricsServer?.close();
      throw error;
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
      metricsUrl: metricsServer?.url ?? null,
      stop() {
        stopping ??= (async () => {
          await task?.stop();
          await metricsServer?.close();
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
