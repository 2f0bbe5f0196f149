// The operator's side of a production install, with real processes and real faults, for
// .ci/deployment-check:
//
//   node deploy/check/operations.mjs <install>
//
// <install> is a production install (no dev dependencies). The server runs from it with
// `npm run start:prod` on a DATA_DIR of its own small file system (tmpfs, so mounting needs root
// or sudo), with a Bot Connector stand-in in this process. Then, one line per check:
// - every operator command runs from the built JavaScript: job, outbox, audit-extract, reencrypt,
//   backup, restore;
// - a backup taken while cases are being submitted restores into a new DATA_DIR, and a server
//   started on it opens every case that was answered before the backup began;
// - restore refuses while the server uses the DATA_DIR, and names it;
// - a full disk: the case is answered as not saved, nothing is half-written, the log says so once,
//   /healthz says so, a backup to the full disk fails without leaving a file, and all of it
//   heals once there is room again.
// Plain Node.js with built-ins only. Exit code 0 = all passed, 1 = a check failed, 2 = usage.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const install = process.argv[2] && path.resolve(process.argv[2]);
if (!install || !fs.existsSync(path.join(install, 'dist/bot/index.js'))) {
  process.stderr.write('usage: node deploy/check/operations.mjs <production install>\n');
  process.exit(2);
}

const TENANT = '6babcaad-604b-40ac-a9d7-9fd97c0b779f';
const CHANNEL = '19:operations-check@thread.tacv2';
const BOT = { id: '28:samordna-bot', name: 'Samordna' };
const KEY = randomBytes(32).toString('base64');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'samordna-operations-'));
/** Mounting a file system needs root: sudo when this is not run as root. */
const privileged = (command, args) =>
  process.getuid?.() === 0 ? spawnSync(command, args, { encoding: 'utf8' }) : spawnSync('sudo', [command, ...args], { encoding: 'utf8' });
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
let failures = 0;
const cleanups = [];

function report(passed, name, detail) {
  if (!passed) failures++;
  process.stdout.write(`${passed ? 'ok  ' : 'FAIL'} ${name}: ${detail}\n`);
}

function check(name, test) {
  return test().then(
    (detail) => report(true, name, detail),
    (error) => report(false, name, error instanceof Error ? `${error.message}${error.cause ? ` (${error.cause.code ?? error.cause.message ?? error.cause})` : ''}` : String(error)),
  );
}

function expect(condition, message) {
  if (!condition) throw new Error(message);
}

async function freePort() {
  const server = net.createServer().listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

// --- Teams' side: a Bot Connector stand-in, and the activities a channel sends ---------------------
let posted = 0;
const connector = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    posted++;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ id: `act-${posted}` }));
  });
});
await new Promise((resolve) => connector.listen(0, '127.0.0.1', resolve));
const serviceUrl = `http://127.0.0.1:${connector.address().port}`;
cleanups.push(() => new Promise((resolve) => connector.close(resolve)));

const user = (name) => {
  const aadObjectId = randomUUID();
  return { id: `29:${aadObjectId}`, name, aadObjectId };
};
const nurse = user('Karin Nilsson');
const socialWorker = user('Mona Kommun');

function activity(from, fields) {
  return {
    id: randomUUID(),
    channelId: 'msteams',
    serviceUrl,
    timestamp: new Date().toISOString(),
    locale: 'sv-SE',
    recipient: BOT,
    from,
    conversation: { id: `${CHANNEL};messageid=1700000000000`, conversationType: 'channel', isGroup: true, tenantId: TENANT },
    channelData: { tenant: { id: TENANT }, team: { id: '19:team@thread.tacv2', name: 'Vårdsamverkan' }, channel: { id: CHANNEL, name: 'Samordningsmöte' } },
    ...fields,
  };
}

const press = (from, verb, data = {}) =>
  activity(from, {
    type: 'invoke',
    name: 'adaptiveCard/action',
    replyToId: '1700000000000',
    value: { action: { type: 'Action.Execute', id: randomUUID(), verb, data }, trigger: 'manual' },
  });

/** Luhn check digit over YYMMDDNNN. */
function personnummer(nine) {
  let sum = 0;
  for (let i = 0; i < 9; i++) {
    let digit = Number(nine[i]) * (i % 2 === 0 ? 2 : 1);
    if (digit > 9) digit -= 9;
    sum += digit;
  }
  return `19${nine}${(10 - (sum % 10)) % 10}`;
}

const sbar = (meetingId, n, overrides = {}) => ({
  meetingId,
  patientName: `Patient Nummer${n}`,
  personnummer: personnummer(`4${String(n % 10)}0315${String(100 + (n % 900)).padStart(3, '0')}`),
  relativeContact: 'Dottern, 070-123 45 67',
  careUnit: 'Hälsocentralen Norrmalm',
  responsiblePhysician: 'Dr Berg',
  medicationListCurrent: 'true',
  sampleReferral: 'false',
  consent: 'true',
  transferDate: '2026-11-20',
  submitterProfession: 'Distriktssköterska',
  situation: `Ärende ${n}: yrsel och fall.`,
  background: 'Bor ensam, hemtjänst två gånger dagligen.',
  assessment: 'Ökande fallrisk.',
  recommendation: 'Samordnad bedömning.',
  frequency: '',
  physicianOrder: '',
  urgency: 'next_weekday',
  agendaItem: 'risk',
  riskGroups: 'frail_elderly',
  cfs: '6',
  recipients: 'social_worker',
  readyForDischargeAt: '',
  ...overrides,
});

// --- the server, from the install ------------------------------------------------------------------
function environment(dataDir, extra = {}) {
  return { PATH: process.env.PATH, HOME: work, DATA_DIR: dataDir, ENCRYPTION_KEY: KEY, LOG_LEVEL: 'info', INVOKE_RATE_LIMIT_PER_MINUTE: '100000', ...extra };
}

async function startServer(name, dataDir) {
  const port = await freePort();
  const log = path.join(work, `${name}.log`);
  const out = fs.openSync(log, 'a');
  // Its own process group (npm, the shell, the server), stopped as systemd stops a unit.
  const child = spawn('npm', ['run', '--silent', 'start:prod'], { cwd: install, env: environment(dataDir, { PORT: String(port) }), stdio: ['ignore', out, out], detached: true });
  let running = true;
  const exited = new Promise((resolve) => child.once('exit', () => resolve((running = false))));
  const server = {
    url: `http://127.0.0.1:${port}`,
    log: () => fs.readFileSync(log, 'utf8'),
    async stop() {
      if (!running) return;
      process.kill(-child.pid, 'SIGTERM');
      await exited;
    },
  };
  cleanups.push(() => server.stop());
  for (let i = 0; i < 600; i++) {
    expect(running, `${name} exited:\n${server.log()}`);
    if ((await health(server)).status === 200) return server;
    await sleep(100);
  }
  throw new Error(`${name} never answered /healthz:\n${server.log()}`);
}

async function health(server) {
  try {
    const response = await fetch(`${server.url}/healthz`, { signal: AbortSignal.timeout(5000) });
    return { status: response.status, body: await response.json() };
  } catch {
    return { status: 0, body: null };
  }
}

/**
 * POSTs an activity on a connection of its own: a pooled one the server has just closed for being
 * idle would fail the request as the network, not the server, decided.
 */
function send(server, body) {
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const request = http.request(`${server.url}/api/messages`, { method: 'POST', agent: false, timeout: 30_000, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk) => (text += chunk));
      response.on('end', () => (response.statusCode === 200 ? resolve(text) : reject(new Error(`HTTP ${response.statusCode}: ${text.slice(0, 300)}`))));
    });
    request.on('timeout', () => request.destroy(new Error('no answer within 30 s')));
    request.on('error', reject);
    request.end(payload);
  });
}

/** Submits a case; its reference and id, or null when it was not saved. */
async function submit(server, n, overrides) {
  const text = await send(server, press(nurse, 'case.submit', sbar(meetingId, n, overrides)));
  const reference = /"(SA-[A-Z0-9]{5})"/.exec(text)?.[1];
  if (!reference) return { saved: false, text };
  return { saved: true, reference, caseId: /"caseId":"([0-9a-f-]{36})"/.exec(text)[1] };
}

/** `npm run <command> -- <args>` in the install, as an operator runs it. */
function npmRun(command, args, dataDir, timeout = 120_000) {
  const run = spawnSync('npm', ['run', '--silent', command, '--', ...args], { cwd: install, env: environment(dataDir), encoding: 'utf8', timeout });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr, output: `${run.stdout}${run.stderr}` };
}

function npmRunAsync(command, args, dataDir) {
  const child = spawn('npm', ['run', '--silent', command, '--', ...args], { cwd: install, env: environment(dataDir), stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  return new Promise((resolve) => child.on('close', (status) => resolve({ status, output })));
}

// --- the checks ------------------------------------------------------------------------------------
const small = path.join(work, 'small-disk');
const dataDir = path.join(small, 'data');
fs.mkdirSync(small);
const mounted = privileged('mount', ['-t', 'tmpfs', '-o', 'size=48m,mode=0777', 'tmpfs', small]);
if (mounted.status !== 0) {
  report(false, 'a small file system for DATA_DIR (tmpfs)', `mount failed: ${mounted.stderr.trim()}`);
  process.exit(1);
}
cleanups.push(() => privileged('umount', [small]));

let server;
let meetingId;
const answered = [];

try {
  await check('production server on a 48 MB file system', async () => {
    server = await startServer('server', dataDir);
    await send(server, activity(nurse, { type: 'conversationUpdate', membersAdded: [{ id: BOT.id }], channelData: { ...activity(nurse, {}).channelData, eventType: 'teamMemberAdded' } }));
    await send(server, press(nurse, 'meeting.setup', { area: 'Norrmalm', weekday: '2', time: '13:00', durationMinutes: '90' }));
    const joined = await send(server, press(nurse, 'roster.join', { role: 'hc_nurse', organization: 'Hälsocentralen' }));
    meetingId = /"meetingId":"([0-9a-f-]{36})"/.exec(joined)[1];
    await send(server, press(socialWorker, 'roster.join', { role: 'social_worker', organization: 'Socialtjänsten' }));
    for (let n = 0; n < 20; n++) {
      const result = await submit(server, n);
      expect(result.saved, `case ${n} not saved: ${result.text?.slice(0, 300)}`);
      answered.push({ ...result, at: Date.now() });
    }
    return `${server.url}, ${answered.length} cases submitted`;
  });

  const backupFile = path.join(work, 'under-load.sqlite');
  let backupStartedAt = 0;
  await check('npm run backup while cases are being submitted', async () => {
    let loading = true;
    const load = (async () => {
      for (let n = 100; loading; n++) {
        const result = await submit(server, n);
        expect(result.saved, `case ${n} during the backup not saved`);
        answered.push({ ...result, at: Date.now() });
      }
    })();
    await sleep(300);
    backupStartedAt = Date.now();
    const backup = await npmRunAsync('backup', ['--to', backupFile], dataDir);
    loading = false;
    await load;
    expect(backup.status === 0, `exit ${backup.status}: ${backup.output}`);
    expect(fs.existsSync(backupFile), 'no backup file');
    const line = backup.output.trim().split('\n').find((candidate) => candidate.startsWith('backup: '));
    expect(line, `no summary line: ${backup.output}`);
    return `${line} — ${answered.filter((entry) => entry.at > backupStartedAt).length} cases answered while it ran`;
  });

  await check('npm run restore refuses while the server uses the DATA_DIR, and names it', async () => {
    const refused = npmRun('restore', ['--from', backupFile], dataDir);
    expect(refused.status !== 0, `restore went ahead beside the running server: ${refused.output}`);
    expect(/server/i.test(refused.output) && /\d{2,}/.test(refused.output), `the refusal does not name the server and its process: ${refused.output}`);
    return refused.output.trim().split('\n').find((line) => /server/i.test(line));
  });

  await check('the backup restores into a new DATA_DIR with every case answered before it began', async () => {
    const restoredDir = path.join(work, 'restored');
    const restore = npmRun('restore', ['--from', backupFile], restoredDir);
    expect(restore.status === 0, `exit ${restore.status}: ${restore.output}`);
    const restored = await startServer('restored', restoredDir);
    try {
      const before = answered.filter((entry) => entry.at < backupStartedAt);
      for (const entry of before) {
        const view = await send(restored, press(nurse, 'case.view', { caseId: entry.caseId }));
        expect(view.includes(entry.reference) && view.includes('Patient Nummer'), `${entry.reference} does not open on the restored store`);
      }
      return `${before.length} of ${before.length} cases opened with the key on a server started on the restore; ${restore.stdout.trim().split('\n').pop()}`;
    } finally {
      await restored.stop();
    }
  });

  await check('every other operator command runs from the build beside the server', async () => {
    const runs = {
      'job retention --dry-run': npmRun('job', ['retention', '--dry-run'], dataDir),
      'outbox list': npmRun('outbox', ['list'], dataDir),
      'audit-extract': npmRun('audit-extract', ['--personnummer', personnummer('400315100'), '--requested-by', 'Drift Kontroll'], dataDir),
      reencrypt: npmRun('reencrypt', [], dataDir),
    };
    for (const [name, run] of Object.entries(runs)) expect(run.status === 0, `${name}: exit ${run.status}\n${run.output}`);
    const usage = npmRun('outbox', ['frobnicate'], dataDir);
    expect(usage.status === 2, `bad arguments: exit ${usage.status}, not 2`);
    return `${Object.keys(runs).join(', ')}: exit 0; bad arguments: exit 2`;
  });

  await check('a full disk: not saved and said so, nothing half-written, logged once, healed by itself', () =>
    fullDisk().catch((error) => {
      throw new Error(`${error.message}\n--- server log (last 15 lines) ---\n${server.log().trim().split('\n').slice(-15).join('\n')}`, { cause: error.cause });
    }),
  );
} finally {
  for (const cleanup of cleanups.reverse()) await cleanup();
  fs.rmSync(work, { recursive: true, force: true });
}

/** Fills DATA_DIR's file system, then frees it again. */
async function fullDisk() {
  const filler = path.join(small, 'filler');
  const fd = fs.openSync(filler, 'w');
  const chunk = Buffer.alloc(1 << 20);
  try {
    for (;;) fs.writeSync(fd, chunk);
  } catch (error) {
    expect(error.code === 'ENOSPC', `filling the disk: ${error.message}`);
  }
  for (let size = 1 << 16; size >= 1; size >>= 1) {
    try {
      for (;;) fs.writeSync(fd, chunk, 0, size);
    } catch {
      // full at this size: try a smaller one
    }
  }
  fs.closeSync(fd);
  const long = (text) => Array.from({ length: 60 }, () => text).join(' ');
  const attempts = [];
  for (let n = 0; n < 3; n++) attempts.push(await submit(server, 900 + n, { situation: long('yrsel och fall'), background: long('bor ensam'), assessment: long('fallrisk'), recommendation: long('samordning') }));
  expect(attempts.every((attempt) => !attempt.saved && /Ärendet sparades inte/.test(attempt.text)), 'a case was answered as saved on a full disk');
  const failing = await health(server);
  expect(failing.status === 503 && failing.body?.storeWrites?.status === 'failing', `/healthz: ${failing.status} ${JSON.stringify(failing.body)}`);
  const logged = server.log().split('\n').filter((line) => line.includes('store writes fail'));
  expect(logged.length === 1, `${logged.length} log lines about the failing store, not 1`);
  const target = path.join(small, 'backup-on-full-disk.sqlite');
  const backup = npmRun('backup', ['--to', target], dataDir);
  expect(backup.status !== 0 && !fs.existsSync(target), `backup to the full disk: exit ${backup.status}, file left: ${fs.existsSync(target)}`);
  fs.rmSync(filler);
  const after = await submit(server, 950);
  expect(after.saved, 'not saved once there was room again');
  const deadline = Date.now() + 120_000;
  let healed = await health(server);
  while (healed.status !== 200 && Date.now() < deadline) {
    await sleep(2000);
    healed = await health(server);
  }
  expect(healed.status === 200, `/healthz still ${healed.status} two minutes after the disk had room`);
  return `cause ${failing.body.storeWrites.cause}; one log line; backup refused (${backup.output.trim().split('\n').pop()}); saved again at once, /healthz 200 again`;
}

process.stdout.write(failures === 0 ? 'operations check: all passed\n' : `operations check: ${failures} failed\n`);
process.exit(failures === 0 ? 0 : 1);
