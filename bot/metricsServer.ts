import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../services/logger';
import type { SamordnaMetrics } from '../services/metrics/metrics';

export interface MetricsServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

/**
 * /metrics on a listener of its own (METRICS_PORT, loopback unless METRICS_HOST says otherwise):
 * the public port serves Teams and the tab, the metrics are for the operator's Prometheus only.
 */
export async function startMetricsServer(options: { metrics: SamordnaMetrics; port: number; host: string; logger: Logger }): Promise<MetricsServer> {
  const { metrics, logger } = options;
  let warnedAt = 0;
  // restify replaces ServerResponse's writeHead in the whole process, so it is not chained here.
  const answer = (res: http.ServerResponse, status: number, contentType: string, body?: string) => {
    res.writeHead(status, { 'content-type': contentType, 'cache-control': 'no-store' });
    res.end(body);
  };
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0];
    if (path !== '/metrics' || (req.method !== 'GET' && req.method !== 'HEAD')) {
      answer(res, 404, 'text/plain; charset=utf-8', 'not found: the metrics are at GET /metrics\n');
      return;
    }
    metrics
      .text()
      .then(({ contentType, body }) => answer(res, 200, contentType, req.method === 'HEAD' ? undefined : body))
      .catch((error: unknown) => {
        // Prometheus records the failed scrape itself; the log says why, at most once a minute.
        if (Date.now() - warnedAt > 60_000) {
          warnedAt = Date.now();
          logger.warn({ err: error }, 'metrics could not be read from the store');
        }
        if (!res.headersSent) answer(res, 503, 'text/plain; charset=utf-8', 'metrics unavailable: the store does not answer\n');
        else res.destroy();
      });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  logger.info({ host: options.host, port }, 'metrics listening');
  return {
    url: `http://${options.host.includes(':') ? `[${options.host}]` : options.host}:${port}/metrics`,
    port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
