import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type restify from 'restify';
import { BOARD_TEXTS } from '../../cards';

/** Teams (web, desktop, mobile) and Microsoft 365 host tabs in an iframe from these origins only. */
export const TAB_FRAME_ANCESTORS = 'teams.microsoft.com *.teams.microsoft.com *.office.com *.cloud.microsoft';

/**
 * The pages load their own scripts and styles and talk only to this server; Teams frames them.
 * Inline styles stay allowed for the static pages (privacy, terms) that may carry them.
 */
export const TAB_CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  `frame-ancestors ${TAB_FRAME_ANCESTORS}`,
].join('; ');

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
};

/** The Teams JavaScript client, served from our own origin so the CSP can stay `'self'`. */
export const TEAMS_JS_ROUTE = 'vendor/MicrosoftTeams.min.js';

/** A relative path inside tab/: plain names not starting with a dot (so no `..`, no hidden files), no backslashes. */
const SAFE_SEGMENT = /^[\w-][\w.-]*$/;

/** tab/ sits at the project root, two levels above this file in the sources and three in dist/. */
export function findTabDirectory(from: string = __dirname): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'tab');
    if (existsSync(path.join(candidate, 'board.html'))) return candidate;
    if (path.dirname(dir) === dir) throw new Error(`no tab/ folder with board.html above ${from}`);
  }
}

function teamsJsFile(): string {
  // The package's main entry is the minified UMD bundle (dist/umd/MicrosoftTeams.min.js).
  return require.resolve('@microsoft/teams-js');
}

/** The file a request path names, or null when it is not one we serve. */
export function tabFileFor(tabDir: string, requested: string): string | null {
  const segments = requested.split('/');
  if (requested === '' || !segments.every((segment) => SAFE_SEGMENT.test(segment))) return null;
  const file = path.resolve(tabDir, ...segments);
  if (!file.startsWith(tabDir + path.sep) || !(path.extname(file) in CONTENT_TYPES)) return null;
  return file;
}

function decoded(raw: string): string | null {
  try {
    return decodeURIComponent(raw);
  } catch {
    return null;
  }
}

/** `GET /tab/*`: the tab's pages, scripts and styles, and the Teams client library. */
export function registerStaticTab(server: restify.Server, options: { tabDir?: string } = {}): void {
  const tabDir = path.resolve(options.tabDir ?? findTabDirectory());
  const teamsJs = teamsJsFile();

  server.get('/tab/*', async (req, res) => {
    // The raw path, not the router's parameter: a dot segment must be refused, not resolved.
    const raw = (req.url ?? '').split('?')[0]!.slice('/tab/'.length);
    const requested = decoded(raw);
    const file = requested === TEAMS_JS_ROUTE ? teamsJs : requested === null ? null : tabFileFor(tabDir, requested);
    const body = file ? await readFile(file).catch(() => null) : null;
    if (!body) {
      res.header('Content-Type', 'text/plain; charset=utf-8');
      res.sendRaw(404, BOARD_TEXTS.pageNotFound);
      return;
    }
    res.header('Content-Type', CONTENT_TYPES[path.extname(file!)]!);
    res.header('Content-Security-Policy', TAB_CONTENT_SECURITY_POLICY);
    res.header('X-Content-Type-Options', 'nosniff');
    res.header('Referrer-Policy', 'no-referrer');
    res.header('Cache-Control', 'no-cache');
    res.sendRaw(200, body);
  });
}
