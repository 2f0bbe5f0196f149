import type { ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import type { Services } from '../services/app';
import type { Config } from '../services/config';
import type { Logger } from '../services/logger';
import { OutboxWorker, type OutboxWorkerOptions } from '../services/outbox/outboxWorker';
import type { Clock } from '../services/time/clock';
import { ConnectorTransport } from './connectorTransport';
import { createNoticeRenderer } from './noticeRenderer';

const RATE_MARGIN_MS = 10;

/** The one way the server and the job CLI send what the outbox holds: same renderer, same bounds. */
export function outboxWorkerFor(
  config: Config,
  services: Services,
  auth: ConfigurationBotFrameworkAuthentication,
  clock: Clock,
  logger: Logger,
  options: Pick<OutboxWorkerOptions, 'scope' | 'onOutcome'> = {},
): OutboxWorker {
  return new OutboxWorker({
    messages: services.repos.outbox,
    conversations: services.repos.conversations,
    transport: new ConnectorTransport(auth, config.bot.appId ?? '', createNoticeRenderer(services)),
    clock,
    logger,
    sendTimeoutMs: config.outboundTimeoutMs,
    // The lease must outlast a send that runs into its timeout (see OutboxWorker).
    leaseMs: 2 * config.outboundTimeoutMs,
    // Teams counts a request when it arrives; this much slack per window absorbs the difference
    // (measured with npm run bench:fanout, see docs/operations.md).
    rateMarginMs: RATE_MARGIN_MS,
    ...options,
  });
}
