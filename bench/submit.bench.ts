// npm run bench:submit — latency of `case.submit` invokes through the real Samordna server
// (validation, encryption, durable writes, audit, outbox) against a bare botbuilder bot that
// answers the same invoke with a static card. Both run in this process, served the same way,
// measured in alternating blocks so drift on the machine hits both alike. Prints ratios.
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { startTestBot } from '../tests/support/testBot';
import { botAddedToChannel, cardAction, teamsUser } from '../tests/support/teamsActivities';
import { validSbar } from '../tests/support/sbarFixtures';
import { startEchoBot } from './echoBot';
import { percentile, startConnectorProcess } from './support';

const WARMUP = 200;
const BLOCKS = 10;
const PER_BLOCK = 200;

const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

function post(url: string, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const request = http.request(
      url,
      { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
      (response) => {
        response.resume();
        response.on('end', () => {
          if (response.statusCode !== 200) reject(new Error(`HTTP ${response.statusCode}`));
          else resolve(performance.now() - started);
        });
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}



async function main(): Promise<void> {
  const connector = await startConnectorProcess();
  // One simulated user presses thousands of times: the per-user limit would answer most with "wait".
  const samordna = await startTestBot({ serviceUrl: connector.url, env: { INVOKE_RATE_LIMIT_PER_MINUTE: '1000000' } });
  const echo = await startEchoBot();
  const nurse = teamsUser('Karin Nilsson');
  await samordna.send(botAddedToChannel(samordna.place, nurse));
  await samordna.press(nurse, 'meeting.setup', { area: 'Norrmalm', weekday: '2', time: '13:00', durationMinutes: '90' });
  const joined = await samordna.press(nurse, 'roster.join', { role: 'hc_nurse', organization: 'Hälsocentralen Norrmalm' });
  const meetingId = JSON.stringify(joined).match(/"meetingId":"([0-9a-f-]{36})"/)?.[1];

  const body = JSON.stringify(cardAction(samordna.place, nurse, 'case.submit', validSbar({ meetingId })));
  const samordnaUrl = `${samordna.runtime.url}/api/messages`;
  const echoUrl = `${echo.url}/api/messages`;

  for (let i = 0; i < WARMUP; i++) {
    await post(samordnaUrl, body);
    await post(echoUrl, body);
  }
  const timings = { samordna: [] as number[], echo: [] as number[] };
  for (let block = 0; block < BLOCKS; block++) {
    for (let i = 0; i < PER_BLOCK; i++) timings.echo.push(await post(echoUrl, body));
    for (let i = 0; i < PER_BLOCK; i++) timings.samordna.push(await post(samordnaUrl, body));
  }
  await samordna.runtime.outboxWorker.drain();
  // The same requests with the outbox's channel posts held back: shows how much of the latency
  // is the request itself and how much the posting that runs beside it.
  await samordna.runtime.outboxWorker.stop();
  const withoutDelivery: number[] = [];
  for (let i = 0; i < PER_BLOCK * 2; i++) withoutDelivery.push(await post(samordnaUrl, body));
  const stored = await samordna.runtime.services.repos.cases.count({});

  const stats = (values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    return { p50: percentile(sorted, 50), p99: percentile(sorted, 99) };
  };
  const s = stats(timings.samordna);
  const e = stats(timings.echo);
  const row = (name: string, v: { p50: number; p99: number }) => `${name.padEnd(22)} p50 ${v.p50.toFixed(2).padStart(7)} ms   p99 ${v.p99.toFixed(2).padStart(7)} ms`;
  console.log(`case.submit, ${BLOCKS * PER_BLOCK} requests each (after ${WARMUP} warm-up), ${stored} cases stored`);
  console.log(row('echo bot (baseline)', e));
  console.log(row('Samordna case.submit', s));
  console.log(row('  (posting paused)', stats(withoutDelivery)));
  console.log(`goals: p50 ≤ 1.5x, p99 ≤ 2x the echo bot`);
  console.log(`submit: p50 ${(s.p50 / e.p50).toFixed(2)}x, p99 ${(s.p99 / e.p99).toFixed(2)}x vs echo bot`);

  agent.destroy();
  await echo.stop();
  await samordna.stop();
  connector.stop();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
