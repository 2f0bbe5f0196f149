// A Bot Connector stand-in that behaves like Teams under load: it enforces the per-conversation
// and global limits of teamsLimits.ts on arrival times, refuses a random share of requests with
// 429 + Retry-After (Teams' own throttling from load we cannot see), refuses messages over the
// size limit with 413 MessageSizeTooBig, and counts what it accepted per conversation, so the
// benchmark can count lost and duplicated messages by what "Teams" actually showed.
//
// Every request counts against the windows, whatever the answer: Teams limits requests, not
// delivered messages, so a sender that retries a 429 too early only digs itself in deeper.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { GLOBAL, MESSAGE_SIZE_LIMIT_BYTES, PER_CONVERSATION, WindowLog } from './teamsLimits';

export interface ThrottlingOptions {
  /** Share of requests answered 429 at random, on top of the limits (0.05 = 5 %). */
  randomThrottleShare: number;
  /** Retry-After of a random 429, in seconds. */
  randomRetryAfterSeconds: number;
  seed: number;
  /** Bodies over this many bytes as UTF-16 are refused with 413 (default Teams' 100 KB). */
  sizeLimitBytes?: number;
  /** Keep every accepted activity (tests read them; the benchmark only counts). */
  record?: boolean;
  /** Milliseconds since the epoch, sub-millisecond; tests stop it. */
  now?: () => number;
}

export interface AcceptedActivity {
  method: 'POST' | 'PUT';
  conversationId: string;
  body: Record<string, unknown>;
  /** The body's length as Teams counts it: UTF-16, two bytes per code unit. */
  bytes: number;
}

export interface ConnectorStats {
  requests: number;
  accepted: number;
  /** Accepted activities per conversation id. */
  acceptedPerConversation: Record<string, number>;
  refusedRandom: number;
  refusedGlobal: number;
  refusedConversation: number;
  refusedSize: number;
  /** Wall-clock milliseconds (epoch, sub-millisecond) of the first request and the last acceptance. */
  firstRequestAt: number | null;
  lastAcceptedAt: number | null;
}

/** Deterministic, so two runs meet the same random 429s. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const wallClock = () => performance.timeOrigin + performance.now();

export class ThrottlingConnector {
  private readonly global = new WindowLog(GLOBAL);
  private readonly conversations = new Map<string, WindowLog>();
  private readonly random: () => number;
  private readonly now: () => number;
  private server: http.Server | null = null;
  private counter = 0;
  stats: ConnectorStats = ThrottlingConnector.emptyStats();
  readonly accepted: AcceptedActivity[] = [];

  constructor(private readonly options: ThrottlingOptions) {
    this.random = mulberry32(options.seed);
    this.now = options.now ?? wallClock;
  }

  static emptyStats(): ConnectorStats {
    return {
      requests: 0,
      accepted: 0,
      acceptedPerConversation: {},
      refusedRandom: 0,
      refusedGlobal: 0,
      refusedConversation: 0,
      refusedSize: 0,
      firstRequestAt: null,
      lastAcceptedAt: null,
    };
  }

  async start(): Promise<string> {
    this.server = http.createServer((req, res) => this.handle(req, res));
    this.server.keepAliveTimeout = 60_000;
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', () => resolve()));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    await closed;
    this.server = null;
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    // Stamped when the request arrives, as Teams would count it, not when its body is read.
    const arrivedAt = this.now();
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const path = (req.url ?? '').split('?')[0]!;
      if (path === '/_stats') return json(res, 200, this.stats);
      if (path === '/_reset') {
        this.stats = ThrottlingConnector.emptyStats();
        return json(res, 200, {});
      }
      const match = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?$/.exec(path);
      if (!match || (req.method !== 'POST' && req.method !== 'PUT')) return json(res, 404, { error: { code: 'NotFound', message: path } });
      this.answer(res, req.method, decodeURIComponent(match[1]!), Buffer.concat(chunks).toString('utf8'), arrivedAt, match[2] ? decodeURIComponent(match[2]) : null);
    });
  }

  private answer(res: http.ServerResponse, method: 'POST' | 'PUT', conversationId: string, body: string, t: number, activityId: string | null): void {
    const stats = this.stats;
    stats.requests += 1;
    stats.firstRequestAt ??= t;

    let log = this.conversations.get(conversationId);
    if (!log) {
      log = new WindowLog(PER_CONVERSATION);
      this.conversations.set(conversationId, log);
    }
    const globalWait = this.global.waitMs(t);
    const conversationWait = log.waitMs(t);
    this.global.record(t);
    log.record(t);

    if (globalWait > 0 || conversationWait > 0) {
      if (globalWait > 0) stats.refusedGlobal += 1;
      else stats.refusedConversation += 1;
      return throttled(res, Math.ceil(Math.max(globalWait, conversationWait) / 1000));
    }
    if (this.random() < this.options.randomThrottleShare) {
      stats.refusedRandom += 1;
      return throttled(res, this.options.randomRetryAfterSeconds);
    }
    // JSON text length is its UTF-16 length: each code unit is two bytes.
    if (body.length * 2 > (this.options.sizeLimitBytes ?? MESSAGE_SIZE_LIMIT_BYTES)) {
      stats.refusedSize += 1;
      return json(res, 413, { error: { code: 'MessageSizeTooBig', message: 'Message size too big' } });
    }
    stats.accepted += 1;
    stats.acceptedPerConversation[conversationId] = (stats.acceptedPerConversation[conversationId] ?? 0) + 1;
    stats.lastAcceptedAt = this.now();
    if (this.options.record) this.accepted.push({ method, conversationId, body: JSON.parse(body) as Record<string, unknown>, bytes: body.length * 2 });
    json(res, 201, { id: activityId ?? `act-${++this.counter}` });
  }
}

function json(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function throttled(res: http.ServerResponse, retryAfterSeconds: number): void {
  const text = JSON.stringify({ error: { code: 'TooManyRequests', message: 'throttled' } });
  res.writeHead(429, { 'content-type': 'application/json', 'retry-after': String(retryAfterSeconds), 'content-length': Buffer.byteLength(text) });
  res.end(text);
}
