import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { freePort, spawnTs, waitForHealth, type Child } from '../support/childProcess';
import { ConnectorStandIn } from '../support/connectorStandIn';
import { getJson, postJson } from '../support/httpClient';
import { validSbar } from '../support/sbarFixtures';
import { botAddedToChannel, cardAction, teamsUser } from '../support/teamsActivities';

/** The server as `npm start` runs it, from the sources. */
function startProcess(env: Record<string, string>): Child {
  return spawnTs('bot/index.ts', [], { LOG_LEVEL: 'info', ...env });
}

describe('e2e: the server process', function () {
  this.timeout(60_000);
  let dataDir: string;
  const connector = new ConnectorStandIn();
  before(() => connector.start());
  after(() => connector.stop());
  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'samordna-proc-'));
  });
  afterEach(() => rm(dataDir, { recursive: true, force: true }));

  it('logs JSON lines, serves /healthz, runs beside a second server on the same DATA_DIR and stops on SIGTERM', async () => {
    const port = await freePort();
    const first = startProcess({ PORT: String(port), DATA_DIR: dataDir });
    await waitForHealth(port, first);
    const health = await getJson(`http://127.0.0.1:${port}/healthz`);
    const body = health.body as { status: string; store: string; scheduler: { lastTickAt: string | null; late: boolean } };
    assert.equal(body.status, 'ok');
    assert.equal(body.store, 'embedded');
    assert.equal(body.scheduler.late, false);
    const line = JSON.parse(first.output().split('\n').find((l) => l.includes('listening'))!) as Record<string, unknown>;
    assert.ok(line.level && line.msg && line.time);

    // A second server on the same DATA_DIR (e.g. the new one of a rolling restart) starts and
    // serves what the first one stored.
    const place = { serviceUrl: connector.url };
    const karin = teamsUser('Karin Nilsson');
    await postJson(`http://127.0.0.1:${port}/api/messages`, botAddedToChannel(place, karin));
    await postJson(`http://127.0.0.1:${port}/api/messages`, cardAction(place, karin, 'meeting.setup', { area: 'Norrmalm', weekday: '2', time: '13:00', durationMinutes: '90' }));
    const secondPort = await freePort();
    const second = startProcess({ PORT: String(secondPort), DATA_DIR: dataDir });
    await waitForHealth(secondPort, second);
    const joined = await postJson(`http://127.0.0.1:${secondPort}/api/messages`, cardAction(place, karin, 'roster.join', { role: 'hc_nurse', organization: 'HC Norrmalm' }));
    assert.equal(joined.status, 200);
    assert.match(JSON.stringify(joined.body), /Norrmalm/);

    second.process.kill('SIGTERM');
    first.process.kill('SIGTERM');
    assert.equal(await second.exited, 0);
    assert.equal(await first.exited, 0);
  });

  it('stops at start-up with a message naming a bad variable', async () => {
    const started = startProcess({ PORT: 'abc', DATA_DIR: dataDir });
    assert.equal(await started.exited, 1);
    assert.match(started.output(), /PORT/);
    const noKey = startProcess({ DATA_DIR: dataDir, MicrosoftAppId: 'app', MicrosoftAppPassword: 'secret' });
    assert.equal(await noKey.exited, 1);
    assert.match(noKey.output(), /ENCRYPTION_KEY/);
  });

  it('keeps a case answered with 200 across kill -9, and it can be withdrawn afterwards', async () => {
    const port = await freePort();
    const place = { serviceUrl: connector.url };
    const karin = teamsUser('Karin Nilsson');
    const url = `http://127.0.0.1:${port}/api/messages`;
    const first = startProcess({ PORT: String(port), DATA_DIR: dataDir });
    await waitForHealth(port, first);
    await postJson(url, botAddedToChannel(place, karin));
    await postJson(url, cardAction(place, karin, 'meeting.setup', { area: 'Norrmalm', weekday: '2', time: '13:00', durationMinutes: '90' }));
    await postJson(url, cardAction(place, karin, 'roster.join', { role: 'hc_nurse', organization: 'HC Norrmalm' }));
    const answer = await postJson(url, cardAction(place, karin, 'case.submit', validSbar()));
    assert.equal(answer.status, 200);
    const caseId = /"caseId":"([0-9a-f-]{36})"/.exec(JSON.stringify(answer.body))?.[1];
    assert.ok(caseId, 'the confirmation carries the case id');
    first.process.kill('SIGKILL');
    await first.exited;

    const second = startProcess({ PORT: String(port), DATA_DIR: dataDir });
    await waitForHealth(port, second);
    const withdrawn = await postJson(url, cardAction(place, karin, 'case.withdraw', { caseId }));
    assert.match(JSON.stringify(withdrawn.body), /återkallat/i);
    second.process.kill('SIGTERM');
    assert.equal(await second.exited, 0);
  });
});
