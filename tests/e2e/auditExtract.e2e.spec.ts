import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { AuditEntry } from '../../services/domain/records';
import { openSqliteStore } from '../../services/store/sqliteStore';
import { ManualClock } from '../../services/time/clock';
import { zonedInstant } from '../../services/time/stockholm';
import { ConnectorStandIn } from '../support/connectorStandIn';
import { SECRET_STRINGS, validSbar } from '../support/sbarFixtures';
import { startTestBot } from '../support/testBot';
import { botAddedToChannel, teamsUser } from '../support/teamsActivities';

const ROOT = path.resolve(__dirname, '../..');

function auditExtract(dataDir: string, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn('npm', ['run', '--silent', 'audit-extract', '--', ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? os.tmpdir(), DATA_DIR: dataDir, LOG_LEVEL: 'silent' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

/** The log as stored, read after the command has exited. */
async function auditEntries(dataDir: string): Promise<AuditEntry[]> {
  const store = await openSqliteStore({ dataDir });
  try {
    return await store.collection<AuditEntry>('audit').find({}, { sort: { _id: 1 } });
  } finally {
    await store.close();
  }
}

describe('e2e: npm run audit-extract', function () {
  this.timeout(60_000);
  let dataDir: string;
  let reference: string;
  const connector = new ConnectorStandIn();
  const karin = teamsUser('Karin Nilsson');
  const omar = teamsUser('Omar Hassan');

  before(async () => {
    await connector.start();
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'samordna-extract-'));
    // A case submitted and opened through the server (with a clock the test sets), which is then stopped.
    const clock = new ManualClock(zonedInstant('2026-11-22', '10:15'));
    const bot = await startTestBot({ dataDir, serviceUrl: connector.url, clock });
    await bot.send(botAddedToChannel(bot.place, karin));
    await bot.press(karin, 'meeting.setup', { area: 'Norrmalm', weekday: '2', time: '13:00', durationMinutes: '90' });
    await bot.press(karin, 'roster.join', { role: 'hc_nurse', organization: 'Hälsocentralen Norrmalm' });
    await bot.press(omar, 'roster.join', { role: 'social_worker', organization: 'Socialtjänsten' });
    const meetingId = (await bot.runtime.services.repos.meetings.find({}))[0]!._id;
    await bot.press(karin, 'case.submit', validSbar({ meetingId }));
    clock.set(zonedInstant('2026-11-22', '10:20'));
    await bot.press(karin, 'case.submit', validSbar({ meetingId, personnummer: '19460427-1231', patientName: 'Bertil Ek' }));
    await bot.settle();
    const astridCase = (await bot.runtime.services.repos.cases.find({}, { sort: { submittedAt: 1, _id: 1 } }))[0]!;
    reference = astridCase.reference;
    await bot.press(omar, 'case.view', { caseId: astridCase._id });
    await bot.stop();
  });
  after(async () => {
    await connector.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('prints who did what with the person\'s case, and logs that the extract was made', async () => {
    const run = await auditExtract(dataDir, ['--personnummer', '19121212-1212', '--requested-by', 'Anna Registrator']);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^Loggutdrag för personnummer 19121212-1212$/m);
    assert.match(run.stdout, new RegExp(`^Ärende ${reference}, samordningsmöte Norrmalm 2026-11-24$`, 'm'));
    assert.match(run.stdout, /^ {2}2026-11-22 10:15 {2}Registrerade ärendet {2}Karin Nilsson, Hälsocentralen Norrmalm$/m);
    assert.match(run.stdout, /^ {2}2026-11-22 10:20 {2}Läste ärendet {2}Omar Hassan, Socialtjänsten$/m);
    assert.match(run.stdout, /Tog fram loggutdrag {2}Anna Registrator$/m);
    for (const secret of SECRET_STRINGS.filter((text) => !/\d/.test(text))) assert.ok(!run.stdout.includes(secret), secret);
    assert.ok(!run.stdout.includes('Bertil'), 'another patient');
    const extracts = (await auditEntries(dataDir)).filter((entry) => entry.action === 'audit.extract');
    assert.deepEqual(extracts.map((entry) => [entry.caseReference, entry.actor.name, entry.actor.organization]), [[reference, 'Anna Registrator', null]]);
  });

  it('gives the same as JSON', async () => {
    const run = await auditExtract(dataDir, ['--personnummer', '191212121212', '--format', 'json']);
    assert.equal(run.code, 0, run.stderr);
    const json = JSON.parse(run.stdout) as { found: boolean; cases: { reference: string; entries: { action: string }[] }[] };
    assert.equal(json.found, true);
    assert.deepEqual(json.cases.map((item) => item.reference), [reference]);
    assert.deepEqual(json.cases[0]!.entries.slice(0, 2).map((entry) => entry.action), ['case.create', 'case.read']);
  });

  it('says plainly when the person has no case, exits 0, and still logs the search', async () => {
    const before = (await auditEntries(dataDir)).length;
    const run = await auditExtract(dataDir, ['--personnummer', '19500101-1237', '--requested-by', 'Anna Registrator']);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /Inga ärenden hittades för personnumret/);
    const added = (await auditEntries(dataDir)).slice(before);
    assert.deepEqual(added.map((entry) => [entry.action, entry.caseId, entry.actor.name]), [['audit.extract', null, 'Anna Registrator']]);
  });

  it('refuses invalid input with a Swedish message and exit code 2, logging nothing', async () => {
    const before = (await auditEntries(dataDir)).length;
    const invalid = await auditExtract(dataDir, ['--personnummer', '19121212-1213']);
    assert.equal(invalid.code, 2);
    assert.match(invalid.stderr, /Personnumret eller samordningsnumret är inte giltigt/);
    assert.equal(invalid.stdout, '');
    const missing = await auditExtract(dataDir, ['--format', 'json']);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /Ange personnumret med --personnummer/);
    const badFormat = await auditExtract(dataDir, ['--personnummer', '19121212-1212', '--format', 'pdf']);
    assert.equal(badFormat.code, 2);
    assert.match(badFormat.stderr, /--format ska vara text eller json/);
    assert.equal((await auditEntries(dataDir)).length, before);
  });
});
