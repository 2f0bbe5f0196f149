#!/usr/bin/env node
// `npm run start:prod`, `npm run job`, `backup`, `restore`, `outbox`, `audit-extract` and
// `reencrypt` come here, so the same names work in a development checkout and in a production
// install (`npm ci && npm run build && npm prune --omit=dev`, docs/deployment.md):
// - with the dev dependencies present (a checkout), a command runs from its TypeScript source
//   through tsx, as it always has, so it never runs an outdated build;
// - without them (a production install), or with --built, it runs the compiled JavaScript in
//   dist/, in this process, needing nothing but the production dependencies.
// Plain CommonJS on purpose: this file must run where neither TypeScript nor tsx is installed.
'use strict';

const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

/** Each command and the module (without extension) it runs. */
const COMMANDS = {
  server: 'bot/index',
  job: 'bot/jobCli',
  'audit-extract': 'bot/auditExtractCli',
  reencrypt: 'bot/reencryptCli',
  backup: 'bot/backupCli',
  restore: 'bot/restoreCli',
  outbox: 'bot/outboxCli',
};

const USAGE = `usage: node scripts/run.js [--built] <${Object.keys(COMMANDS).join('|')}> [arguments…]`;

/** Whether tsx, a dev dependency, can be loaded from `root`: a development checkout. */
function hasDevDependencies(root) {
  try {
    require.resolve('tsx', { paths: [root] });
    return true;
  } catch {
    return false;
  }
}

/**
 * What to run for `command`: `{ from: 'source', file }` (TypeScript through tsx),
 * `{ from: 'built', file }` (dist/…/*.js), or `{ problem }` — a sentence for the operator.
 */
function entryFor(root, command, { built = false, devDependencies = hasDevDependencies(root) } = {}) {
  if (!Object.prototype.hasOwnProperty.call(COMMANDS, command)) return { problem: `unknown command "${command}"\n${USAGE}`, usage: true };
  const module = COMMANDS[command];
  if (!built && devDependencies) return { from: 'source', file: path.join(root, `${module}.ts`) };
  const file = path.join(root, 'dist', `${module}.js`);
  if (fs.existsSync(file)) return { from: 'built', file };
  return {
    problem: devDependencies
      ? `Samordna is not built (${path.relative(root, file)} is missing): run \`npm run build\` first.`
      : `Samordna is not built (${path.relative(root, file)} is missing) and the dev dependencies that build it are not installed. ` +
        'Install as docs/deployment.md describes: `npm ci && npm run build && npm prune --omit=dev`.',
  };
}

/** Runs the TypeScript entry in a child process with tsx, passing signals on and its exit code back. */
function runSource(file, args) {
  const child = spawn(process.execPath, ['--import', 'tsx', file, ...args], { cwd: process.cwd(), stdio: 'inherit', env: process.env });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => {
    if (signal) process.kill(process.pid, signal);
    else process.exit(code ?? 1);
  });
}

function main() {
  const args = process.argv.slice(2);
  const built = args[0] === '--built';
  if (built) args.shift();
  const command = args.shift();
  if (!command) {
    process.stderr.write(`${USAGE}\n`);
    process.exit(2);
  }
  const root = path.resolve(__dirname, '..');
  const entry = entryFor(root, command, { built });
  if (entry.problem) {
    process.stderr.write(`${entry.problem}\n`);
    process.exit(entry.usage ? 2 : 1);
  }
  if (entry.from === 'source') {
    runSource(entry.file, args);
    return;
  }
  // The entry reads its arguments from process.argv.slice(2), as when started directly.
  process.argv = [process.argv[0], entry.file, ...args];
  require(entry.file);
}

module.exports = { COMMANDS, entryFor };

if (require.main === module) main();
