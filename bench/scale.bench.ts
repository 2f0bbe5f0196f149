// npm run bench:scale — the server with a large installation's year of data (500 meetings, 50,000
// cases with their kvittenser and posts, 250,000 audit entries; seeded through the services, see
// scaleSeed.ts) against the same server on an empty store, both run from the compiled build (as
// `npm start` runs it) as child processes beside a Bot Connector stand-in in its own process.
// Measured in one run: resident memory, process start to a healthy /healthz, `case.submit`
// latency (in alternating blocks, so drift on the machine hits both alike), the scheduler's
// minute tick, and the agenda job for every meeting of one weekday against a quarter of them —
// per meeting the two should cost the same, i.e. the job grows linearly. Then `npm run backup` from
// the build on the scale DATA_DIR while the scale server takes submissions as before: its p99
// against the same server's p99 without a backup.
// BENCH_SCALE_MEETINGS=50 gives a quick run with a tenth of the data.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createAdapter } from '../bot/adapter';
import { outboxWorkerFor } from '../bot/outboxWorkerFor';
import { loadConfig } from '../services/config';
import { createLogger } from '../services/logger';
import { Scheduler } from '../services/scheduler/scheduler';
import { DATABASE_FILE } from '../services/store/sqliteStore';
import { clockStartingAt, ManualClock } from '../services/time/clock';
import { isVardag } from '../services/time/holidays';
import { addDays, localDateOf, zonedInstant } from '../services/time/stockholm';
import { freePort } from '../tests/support/childProcess';
import { validSbar } from '../tests/support/sbarFixtures';
import { botAddedToChannel, cardAction, teamsUser, type TeamsUser } from '../tests/support/teamsActivities';
import { median, percentile, startConnectorProcess } from './support';
import { serverNodeOptions } from '../tests/support/serverCommand';
import { openSeededServices, seedScale, type SeededMeeting } from './scaleSeed';

const ROOT = path.resolve(__dirname, '..');
const MEETINGS = Number(process.env.BENCH_SCALE_MEETINGS ?? 500);
const SHAPE = { meetings: MEETINGS, pastWeeks: 48, casesPerWeek: 2, upcomingCases: 4, auditEntries: MEETINGS * 500, managedByOne: 50 };
const ENCRYPTION_KEY = randomBytes(32).toString('base64');
const WARMUP = 200;
const BLOCKS = 10;
const PER_BLOCK = 100;
const RESTARTS = 3;
const TICKS = 20;
const FOLLOW_UPS = 40;
/** Teams' limit for one app across a tenant, which paces the delivery of many agendas. */
const TEAMS_MESSAGES_PER_SECOND = 50;

const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

function post(url: string, body: string): Promise<{ ms: number; status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const request = http.request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (response) => {
      let text = '';
      response.on('data', (chunk: Buffer) => (text += chunk.toString()));
      response.on('end', () => resolve({ ms: performance.now() - started, status: response.statusCode ?? 0, text }));
    });
    request.on('error', reject);
    request.end(body);
  });
}

/** A manager's follow-up of a year, as the personal tab asks for it (local development: the user named by a header). */
function followUp(port: number, aadObjectId: string, from: string, to: string): Promise<{ ms: number; status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const request = http.get({ host: '127.0.0.1', port, path: `/api/personal/followup?from=${from}&to=${to}`, agent, headers: { 'x-samordna-dev-user': aadObjectId } }, (response) => {
      let text = '';
      response.on('data', (chunk: Buffer) => (text += chunk.toString()));
      response.on('end', () => resolve({ ms: performance.now() - started, status: response.statusCode ?? 0, text }));
    });
    request.on('error', reject);
  });
}

async function ok(url: string, activity: unknown): Promise<string> {
  const answer = await post(url, JSON.stringify(activity));
  if (answer.status !== 200) throw new Error(`HTTP ${answer.status}: ${answer.text.slice(0, 300)}`);
  return answer.text;
}

function healthy(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const request = http.get({ host: '127.0.0.1', port, path: '/healthz', agent: false }, (response) => {
      response.resume();
      resolve(response.statusCode === 200);
    });
    request.on('error', () => resolve(false));
  });
}

interface Server {
  name: string;
  dataDir: string;
  port: number;
  child: ChildProcess | null;
  output: string;
}

/** The environment of the server processes, which the backup command gets too. */
function serverEnv(server: Server): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH ?? '', PORT: String(server.port), DATA_DIR: server.dataDir, ENCRYPTION_KEY, LOG_LEVEL: 'warn', INVOKE_RATE_LIMIT_PER_MINUTE: '1000000' };
}

/** The node options of `npm start` (its `node … dist/bot/index.js`), so the server runs here as it runs there. */
const START_NODE_OPTIONS = serverNodeOptions((JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start);

/** `node dist/bot/index.js` as `npm start` runs it after its build; resolves with ms from spawn to a healthy /healthz. */
async function start(server: Server): Promise<number> {
  const started = performance.now();
  const child = spawn(process.execPath, [...START_NODE_OPTIONS, path.join(ROOT, 'dist/bot/index.js')], {
    cwd: ROOT,
    env: serverEnv(server),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  server.child = child;
  server.output = '';
  child.stdout!.on('data', (chunk: Buffer) => (server.output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (server.output += chunk.toString()));
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${server.name} exited:\n${server.output}`);
    if (await healthy(server.port)) return performance.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

async function stop(server: Server): Promise<void> {
  const child = server.child;
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

/** Resident set size of a process, in MB. */
function rssMb(pid: number): number {
  const kb = Number(spawnSync('ps', ['-o', 'rss=', '-p', String(pid)]).stdout.toString().trim());
  return kb / 1024;
}

/** `node dist/bot/backupCli.js --to <file>` as `npm run backup` runs it in a production install. */
function backupFromBuild(server: Server, to: string): { done: () => boolean; finished: Promise<{ seconds: number }> } {
  const started = performance.now();
  const child = spawn(process.execPath, [path.join(ROOT, 'dist/bot/backupCli.js'), '--to', to], { cwd: ROOT, env: serverEnv(server), stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  let exited = false;
  const finished = new Promise<{ seconds: number }>((resolve, reject) =>
    child.on('exit', (code) => {
      exited = true;
      if (code === 0 && output.startsWith('backup: ')) resolve({ seconds: (performance.now() - started) / 1000 });
      else reject(new Error(`backup exited with ${code}:\n${output}`));
    }),
  );
  return { done: () => exited, finished };
}

const sorted = (values: readonly number[]): number[] => [...values].sort((a, b) => a - b);

/** The vardagar 2–6 days ahead (three, unless a holiday takes one): their meetings' next days, past the seeded runs. */
function upcomingWeekdays(now: Date): { date: string; weekday: number }[] {
  const days: { date: string; weekday: number }[] = [];
  for (let ahead = 2; ahead <= 6; ahead++) {
    const date = addDays(localDateOf(now), ahead);
    const weekday = ((new Date(`${date}T12:00:00Z`).getUTCDay() + 6) % 7) + 1;
    if (weekday <= 5 && isVardag(date)) days.push({ date, weekday });
  }
  return days;
}

/** Runs the agenda job for `meetings` on `date` as the scheduler would at 07:00, then delivers the posts. */
async function agendaJob(dataDir: string, date: string, meetings: readonly SeededMeeting[]): Promise<{ jobMs: number; deliveredMs: number; posted: number }> {
  const at = new Date(zonedInstant(date, '07:00').getTime() + 30_000);
  // Running on from 07:00:30, as for `npm run job -- agenda --at`: the outbox paces its posts by it.
  const clock = clockStartingAt(at);
  const { store, services } = await openSeededServices(dataDir, ENCRYPTION_KEY, clock);
  try {
    const logger = createLogger('silent');
    const config = loadConfig({ PORT: '0', DATA_DIR: dataDir, ENCRYPTION_KEY, LOG_LEVEL: 'silent' });
    const scheduler = new Scheduler({ services, logger, retentionDays: config.retentionDays, auditRetentionYears: config.auditRetentionYears });
    const ids = new Set(meetings.map((meeting) => meeting.meetingId));
    const started = performance.now();
    const reports = await scheduler.runDue(at, (run) => run.job === 'agenda' && run.meetingId !== null && ids.has(run.meetingId));
    const jobMs = performance.now() - started;
    const done = reports.filter((report) => typeof report.outcome === 'object' && report.outcome.status === 'done').length;
    if (done !== meetings.length) throw new Error(`agenda for ${meetings.length} meetings: ${done} done\n${JSON.stringify(reports.slice(0, 3))}`);
    const { auth } = createAdapter(config, logger);
    const worker = outboxWorkerFor(config, services, auth, clock, logger);
    const pending = async () => (await services.repos.outbox.find({ status: 'pending' })).filter((message) => message.key.startsWith('agenda:')).length;
    const deadline = Date.now() + 300_000;
    while ((await pending()) > 0) {
      if (Date.now() > deadline) throw new Error(`agenda posts for ${date} not delivered within 5 minutes`);
      await worker.drain();
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await worker.stop();
    const posted = (await services.repos.outbox.find({ status: 'sent' })).filter((message) => message.key.startsWith('agenda:') && message.key.includes(date)).length;
    return { jobMs, deliveredMs: performance.now() - started, posted };
  } finally {
    await store.close();
  }
}

/** The scheduler's minute wake-up with nothing due: what every server pays every minute. */
async function minuteTick(dataDir: string): Promise<number> {
  const clock = new ManualClock(new Date());
  const { store, services } = await openSeededServices(dataDir, ENCRYPTION_KEY, clock);
  try {
    const scheduler = new Scheduler({ services, logger: createLogger('silent'), retentionDays: 30, auditRetentionYears: 5 });
    const times: number[] = [];
    for (let i = 0; i < TICKS; i++) {
      const started = performance.now();
      await scheduler.tick(clock.now());
      times.push(performance.now() - started);
    }
    return median(times);
  } finally {
    await store.close();
  }
}

async function main(): Promise<void> {
  process.stdout.write('building (not measured)… ');
  const build = spawnSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('build failed');
  const connector = await startConnectorProcess();
  const emptyDir = mkdtempSync(path.join(os.tmpdir(), 'samordna-scale-empty-'));
  const scaleDir = mkdtempSync(path.join(os.tmpdir(), 'samordna-scale-'));
  const backupDir = mkdtempSync(path.join(os.tmpdir(), 'samordna-scale-backup-'));
  const empty: Server = { name: 'empty', dataDir: emptyDir, port: await freePort(), child: null, output: '' };
  const scale: Server = { name: 'scale', dataDir: scaleDir, port: await freePort(), child: null, output: '' };
  try {
    process.stdout.write(`seeding ${SHAPE.meetings} meetings… `);
    const now = new Date();
    const seed = await seedScale({ dataDir: scaleDir, encryptionKey: ENCRYPTION_KEY, serviceUrl: connector.url, shape: SHAPE, now });
    const databaseMb = statSync(path.join(scaleDir, DATABASE_FILE)).size / 1024 / 1024;
    console.log(`${seed.seconds.toFixed(0)} s`);

    // First starts (the scale store's refreshes its planner statistics), then restarts measured.
    process.stdout.write('restarts… ');
    await start(empty);
    await start(scale);
    const restarts = { empty: [] as number[], scale: [] as number[] };
    for (let i = 0; i < RESTARTS; i++) {
      for (const server of [empty, scale]) {
        await stop(server);
        restarts[server.name as 'empty' | 'scale'].push(await start(server));
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const idleRss = { empty: rssMb(empty.child!.pid!), scale: rssMb(scale.child!.pid!) };

    // The jobs run in this process beside the running servers, as `npm run job` would; before the
    // submissions, whose channel posts would otherwise queue ahead of the agendas.
    process.stdout.write('scheduler… ');
    const tick = { empty: await minuteTick(emptyDir), scale: await minuteTick(scaleDir) };
    const [dayA, dayB, dayC] = upcomingWeekdays(now);
    const onA = seed.meetings.filter((meeting) => meeting.weekday === dayA!.weekday);
    const onB = seed.meetings.filter((meeting) => meeting.weekday === dayB!.weekday);
    // A few meetings of a third day first, so neither timed run pays for the first one's warm-up.
    if (dayC) await agendaJob(scaleDir, dayC.date, seed.meetings.filter((meeting) => meeting.weekday === dayC.weekday).slice(0, 5));
    const quarter = await agendaJob(scaleDir, dayA!.date, onA.slice(0, Math.ceil(onA.length / 4)));
    const all = await agendaJob(scaleDir, dayB!.date, onB);

    process.stdout.write('submissions… ');
    const place = { serviceUrl: connector.url };
    const nurse: TeamsUser = teamsUser('Karin Nilsson');
    const emptyUrl = `http://127.0.0.1:${empty.port}/api/messages`;
    await ok(emptyUrl, botAddedToChannel(place, nurse));
    await ok(emptyUrl, cardAction(place, nurse, 'meeting.setup', { area: 'Norrmalm', weekday: '2', time: '13:00', durationMinutes: '90' }));
    const joined = await ok(emptyUrl, cardAction(place, nurse, 'roster.join', { role: 'hc_nurse', organization: 'Hälsocentralen Norrmalm' }));
    const emptyMeetingId = /"meetingId":"([0-9a-f-]{36})"/.exec(joined)![1]!;
    const target = seed.meetings[Math.floor(seed.meetings.length / 2)]!;
    const bodies = {
      empty: JSON.stringify(cardAction(place, nurse, 'case.submit', validSbar({ meetingId: emptyMeetingId }))),
      scale: JSON.stringify(cardAction({ ...place, channelId: target.channelId }, target.nurse, 'case.submit', validSbar({ meetingId: target.meetingId }))),
    };
    const urls = { empty: emptyUrl, scale: `http://127.0.0.1:${scale.port}/api/messages` };
    const submit = async (which: 'empty' | 'scale'): Promise<number> => {
      const answer = await post(urls[which], bodies[which]);
      if (answer.status !== 200 || !answer.text.includes('SA-')) throw new Error(`${which} submit: HTTP ${answer.status} ${answer.text.slice(0, 300)}`);
      return answer.ms;
    };
    for (let i = 0; i < WARMUP; i++) {
      await submit('empty');
      await submit('scale');
    }
    const timings = { empty: [] as number[], scale: [] as number[] };
    for (let block = 0; block < BLOCKS; block++) {
      for (const which of ['empty', 'scale'] as const) for (let i = 0; i < PER_BLOCK; i++) timings[which].push(await submit(which));
    }
    const rss = { empty: rssMb(empty.child!.pid!), scale: rssMb(scale.child!.pid!) };

    // The online backup while the scale server takes the same submissions, one after another.
    process.stdout.write('backup… ');
    const backupFile = path.join(backupDir, 'samordna-scale.sqlite');
    const backup = backupFromBuild(scale, backupFile);
    const duringBackup: number[] = [];
    while (!backup.done()) duringBackup.push(await submit('scale'));
    const backupSeconds = (await backup.finished).seconds;
    const backupMb = statSync(backupFile).size / 1024 / 1024;

    // The manager's follow-up of the last 366 days over the meetings they manage, after the writes above.
    process.stdout.write('follow-up… ');
    const today = localDateOf(new Date());
    const managed = Math.min(SHAPE.managedByOne, SHAPE.meetings);
    const askFollowUp = async (): Promise<number> => {
      const answer = await followUp(scale.port, seed.manager.aadObjectId, addDays(today, -365), today);
      const covered = answer.status === 200 ? (JSON.parse(answer.text) as { byMeeting: unknown[] }).byMeeting.length : -1;
      if (covered !== managed) throw new Error(`follow-up: HTTP ${answer.status}, ${covered} meetings ${answer.text.slice(0, 300)}`);
      return answer.ms;
    };
    for (let i = 0; i < 5; i++) await askFollowUp();
    const followUps: number[] = [];
    for (let i = 0; i < FOLLOW_UPS; i++) followUps.push(await askFollowUp());
    const followUpP95 = percentile(sorted(followUps), 95);
    const rssAfterFollowUp = rssMb(scale.child!.pid!);

    const p50 = { empty: percentile(sorted(timings.empty), 50), scale: percentile(sorted(timings.scale), 50) };
    const p99 = { empty: percentile(sorted(timings.empty), 99), scale: percentile(sorted(timings.scale), 99) };
    const restart = { empty: median(restarts.empty) / 1000, scale: median(restarts.scale) / 1000 };
    const p99DuringBackup = percentile(sorted(duringBackup), 99);
    const backupRatio = p99DuringBackup / p99.scale;
    const quarterCount = Math.ceil(onA.length / 4);
    const growth = all.jobMs / quarter.jobMs;
    const c = seed.counts;
    const n = (value: number) => value.toLocaleString('en-US');
    const signed = (value: number, unit: string) => `${value < 0 ? '−' : '+'}${Math.abs(value).toFixed(unit === 's' ? 2 : 0)} ${unit}`;

    console.log();
    console.log(
      `seeded: ${n(c.meetings!)} meetings, ${n(c.roster!)} roster entries, ${n(c.cases!)} cases, ${n(c.acks!)} kvittenser, ${n(c.audit!)} audit entries, ` +
        `${n(c.outbox!)} outbox messages, ${n(c.occurrences!)} scheduler runs; database ${databaseMb.toFixed(0)} MB, seeded in ${seed.seconds.toFixed(0)} s`,
    );
    const row = (label: string, a: string, b: string, verdict: string) => console.log(`${label.padEnd(34)}${a.padStart(14)}${b.padStart(16)}   ${verdict}`);
    row('', 'empty store', `${n(c.cases!)} cases`, 'scale vs empty (goal)');
    row('server RSS, started and idle', `${idleRss.empty.toFixed(0)} MB`, `${idleRss.scale.toFixed(0)} MB`, `${signed(idleRss.scale - idleRss.empty, 'MB')} for the data; ${idleRss.scale <= 150 ? 'met' : 'MISSED'} (≤ 150 MB)`);
    row('server RSS after the submits', `${rss.empty.toFixed(0)} MB`, `${rss.scale.toFixed(0)} MB`, `${signed(rss.scale - rss.empty, 'MB')} for the data; ${rss.scale <= 150 ? 'met' : 'MISSED'} (≤ 150 MB)`);
    row('process start to healthy (median)', `${restart.empty.toFixed(2)} s`, `${restart.scale.toFixed(2)} s`, `${signed(restart.scale - restart.empty, 's')} ${restart.scale - restart.empty <= 1 ? 'met' : 'MISSED'} (≤ +1 s)`);
    row('case.submit p50', `${p50.empty.toFixed(2)} ms`, `${p50.scale.toFixed(2)} ms`, `${(p50.scale / p50.empty).toFixed(2)}x ${p50.scale / p50.empty <= 1.2 ? 'met' : 'MISSED'} (≤ 1.2x)`);
    row('case.submit p99', `${p99.empty.toFixed(2)} ms`, `${p99.scale.toFixed(2)} ms`, `${(p99.scale / p99.empty).toFixed(2)}x ${p99.scale / p99.empty <= 1.5 ? 'met' : 'MISSED'} (≤ 1.5x)`);
    row('scheduler minute tick (median)', `${tick.empty.toFixed(1)} ms`, `${tick.scale.toFixed(1)} ms`, `${n(c.meetings!)} meetings planned each minute`);
    row(`agenda job, ${quarterCount} meetings (${dayA!.date})`, '', `${(quarter.jobMs / 1000).toFixed(2)} s`, `posted in ${(quarter.deliveredMs / 1000).toFixed(1)} s`);
    row(`agenda job, ${onB.length} meetings (${dayB!.date})`, '', `${(all.jobMs / 1000).toFixed(2)} s`, `posted in ${(all.deliveredMs / 1000).toFixed(1)} s (at most ${TEAMS_MESSAGES_PER_SECOND} a second: Teams' limit)`);
    row(`agenda job, ${(onB.length / quarterCount).toFixed(0)}× the meetings`, '', `${growth.toFixed(2)}x`, `${growth <= onB.length / quarterCount ? 'met' : 'MISSED'}: no faster than linear (≤ ${(onB.length / quarterCount).toFixed(0)}x; each run also plans all meetings' calendars once)`);
    row(
      `case.submit p99 during a backup`,
      '',
      `${p99DuringBackup.toFixed(2)} ms`,
      `${backupRatio.toFixed(2)}x ${backupRatio <= 2 ? 'met' : 'MISSED'} (≤ 2x of the p99 above; ${n(duringBackup.length)} submits while it ran)`,
    );
    row(`follow-up of a year, ${managed} meetings (p95)`, '', `${followUpP95.toFixed(0)} ms`, `${followUpP95 <= 300 ? 'met' : 'MISSED'} (≤ 300 ms); RSS after it ${rssAfterFollowUp.toFixed(0)} MB, ${rssAfterFollowUp <= 150 ? 'met' : 'MISSED'} (≤ 150 MB)`);
    if (quarter.posted !== quarterCount || all.posted !== onB.length) console.log(`agenda posts: ${quarter.posted}/${quarterCount} and ${all.posted}/${onB.length} sent`);
    console.log(`backup: ${backupMb.toFixed(1)} MB in ${backupSeconds.toFixed(1)} s, submit p99 ${backupRatio.toFixed(2)}x while it runs`);
    console.log(`followup: p95 ${followUpP95.toFixed(0)} ms over ${managed} meetings`);
    console.log(`scale: rss ${rss.scale.toFixed(0)} MB, restart ${restart.scale.toFixed(2)} s, submit p50 ${(p50.scale / p50.empty).toFixed(2)}x vs empty`);
  } finally {
    agent.destroy();
    await stop(empty);
    await stop(scale);
    connector.stop();
    rmSync(emptyDir, { recursive: true, force: true });
    rmSync(scaleDir, { recursive: true, force: true });
    rmSync(backupDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
