import restify from 'restify';
import { z } from 'zod';
import type { CloudAdapter } from 'botbuilder';
import type { ActivityHandler } from 'botbuilder';
import type { DocumentStore } from '../services/store/documentStore';
import type { Logger } from '../services/logger';
import type { HealthReport } from './health';
import { registerBoardRoutes, type BoardRouteDependencies } from './board/boardRoutes';
import { registerMeetingRoutes } from './board/meetingRoutes';
import { registerPersonalRoutes } from './personal/personalRoutes';

export interface ServerDependencies {
  adapter: CloudAdapter;
  bot: ActivityHandler;
  store: DocumentStore;
  logger: Logger;
  health: () => Promise<HealthReport>;
  /** The tabs: their pages under /tab, the board's API under /api/board, the Teams meeting's under /api/meeting, the personal tab's under /api/personal. */
  board: BoardRouteDependencies;
}

/** Activities are small; a large body is a mistake or an attack (Teams caps messages at 100 KB). */
const MAX_BODY_BYTES = 256 * 1024;

const httpUrl = z.string().refine((value) => URL.canParse(value) && ['http:', 'https:'].includes(new URL(value).protocol));
const optionalId = z.string().optional();

/**
 * What the adapter and its middleware read before the bot runs: a `type`, the `serviceUrl` every
 * channel sends (without a usable one the adapter fails with 500 or retries its replies for
 * seconds), and the tenant ids they compare as strings. The rest is the bot's to check.
 */
const activityEnvelope = z.object({
  type: z.string().min(1),
  serviceUrl: httpUrl,
  conversation: z.object({ tenantId: optionalId }).optional(),
  channelData: z.object({ tenant: z.object({ id: optionalId }).optional() }).optional(),
});

function isActivityBody(body: unknown): body is { type: string } {
  return activityEnvelope.safeParse(body).success;
}

export function createServer({ adapter, bot, store, logger, health, board }: ServerDependencies): restify.Server {
  const server = restify.createServer({ name: 'samordna', handleUncaughtExceptions: false });
  server.use(restify.plugins.bodyParser({ maxBodySize: MAX_BODY_BYTES, mapParams: false, rejectUnknown: true }));

  server.post('/api/messages', async (req, res) => {
    // The adapter answers a body it cannot parse with 500; such a body is the sender's error.
    if (!isActivityBody(req.body)) {
      res.send(400, { error: 'the body must be a Bot Framework activity (JSON object with a "type", an http(s) "serviceUrl" and string tenant ids)' });
      return;
    }
    await adapter.process(req, res, (context) => bot.run(context));
    // The adapter itself only prints the refusal to the console; operators read the JSON log.
    if (res.statusCode === 401) logger.warn({ path: req.path(), type: req.body.type }, 'Bot Framework request refused: no valid token');
  });

  server.get('/healthz', async (_req, res) => {
    try {
      await store.ping();
    } catch (error) {
      logger.warn({ err: error }, 'health check: store does not answer');
      res.send(503, { status: 'unavailable', store: store.kind });
      return;
    }
    const report = await health();
    res.send(report.healthy ? 200 : 503, { status: report.healthy ? 'ok' : 'degraded', store: store.kind, ...report.body });
  });

  registerBoardRoutes(server, board);
  registerMeetingRoutes(server, board);
  registerPersonalRoutes(server, board);

  server.on('restifyError', (req, _res, error, callback) => {
    logger.info({ status: (error as { statusCode?: number }).statusCode, path: req.path() }, 'request refused');
    return callback();
  });
  return server;
}
