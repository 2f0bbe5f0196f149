import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedCall {
  method: string;
  path: string;
  conversationId: string;
  activityId: string | null;
  body: Record<string, unknown>;
}

/** A forced answer; `'never'` leaves the request unanswered (a connector that hangs). */
export type Responder = (call: RecordedCall) => { status: number; headers?: Record<string, string> } | 'never' | null;

/**
 * A Bot Connector on 127.0.0.1 that records what the bot sends. `respond` lets a test make it
 * throttle or fail; by default every post succeeds with a fresh activity id.
 */
export class ConnectorStandIn {
  readonly calls: RecordedCall[] = [];
  /** Requests left hanging by a `'never'` responder. */
  readonly unanswered: RecordedCall[] = [];
  respond: Responder = () => null;
  private server: http.Server | null = null;
  private counter = 0;
  url = '';

  async start(): Promise<void> {
    this.server = http.createServer((req, res) => {
      let raw = '';
      req.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
      req.on('end', () => {
        const path = (req.url ?? '').split('?')[0]!;
        const match = /^\/v3\/conversations\/([^/]+)(?:\/activities(?:\/([^/]+))?)?/.exec(path);
        const call: RecordedCall = {
          method: req.method ?? 'GET',
          path,
          conversationId: match ? decodeURIComponent(match[1]!) : '',
          activityId: match?.[2] ? decodeURIComponent(match[2]) : null,
          body: raw ? (JSON.parse(raw) as Record<string, unknown>) : {},
        };
        const forced = this.respond(call);
        if (forced === 'never') {
          this.unanswered.push(call);
          return;
        }
        if (forced) {
          res.writeHead(forced.status, { 'content-type': 'application/json', ...forced.headers });
          res.end(JSON.stringify({ error: { code: 'StandIn', message: `forced ${forced.status}` } }));
          return;
        }
        this.calls.push(call);
        res.writeHead(200, { 'content-type': 'application/json' });
        if (call.method === 'POST' && path === '/v3/conversations') {
          res.end(JSON.stringify({ id: `a:personal-${++this.counter}`, activityId: `act-${this.counter}` }));
        } else {
          res.end(JSON.stringify({ id: call.activityId && call.method === 'PUT' ? call.activityId : `act-${++this.counter}` }));
        }
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', () => resolve()));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    const server = this.server;
    const closed = new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    // Requests left hanging would otherwise keep close() waiting forever.
    server?.closeAllConnections();
    await closed;
    this.server = null;
  }

  /** Posted activities (new messages and replies), oldest first. */
  posts(): RecordedCall[] {
    return this.calls.filter((call) => call.method === 'POST' && /\/activities(\/[^/]+)?$/.test(call.path));
  }

  updates(): RecordedCall[] {
    return this.calls.filter((call) => call.method === 'PUT');
  }

  async waitFor(predicate: (calls: RecordedCall[]) => boolean, timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate(this.calls)) {
      if (Date.now() > deadline) throw new Error(`the connector stand-in did not see the expected calls; saw ${this.calls.length}: ${this.calls.map((c) => `${c.method} ${c.path}`).join(', ')}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}

/** The Adaptive Card of a posted activity, if any. */
export function cardOf(call: RecordedCall): Record<string, unknown> | null {
  const attachments = call.body.attachments as { contentType?: string; content?: Record<string, unknown> }[] | undefined;
  const card = attachments?.find((attachment) => attachment.contentType === 'application/vnd.microsoft.card.adaptive');
  return card?.content ?? null;
}
