// Helpers for .ci/deployment-check: small HTTP tools in plain Node.js (built-ins only), since the
// check runs against a production install, where no dev dependency is present.
//
//   node helpers.mjs free-port                          a free TCP port on 127.0.0.1
//   node helpers.mjs connector <dir>                    a Bot Connector stand-in (until killed):
//                                                       writes <dir>/connector.port, one JSON line
//                                                       per request to <dir>/connector.jsonl
//   node helpers.mjs wait-http <url> <seconds>          until the URL answers 200
//   node helpers.mjs https <method> <url> <ca> <ip:port> [body-file]
//                                                       one HTTPS request to <ip:port> for the URL's
//                                                       host (SNI, Host), trusting only <ca>; prints
//                                                       {"status","headers","body"} as JSON
//   node helpers.mjs http <method> <url> <ip:port>      one plain HTTP request to <ip:port> for the
//                                                       URL's host; prints {"status","headers","body"}
//   node helpers.mjs wait-connector <dir> <path> <seconds>
//                                                       until the stand-in saw a POST to <path> (or
//                                                       below it); prints it
//   node helpers.mjs expect <json-file> <expression>    evaluates the expression with `r` = the
//                                                       file's JSON; fails unless it is true
//   node helpers.mjs big-body <file> <kilobytes>        writes a JSON activity of about that size
//   node helpers.mjs prometheus-target <prom-url> <job> <seconds>
//                                                       until Prometheus scraped the job successfully
//   node helpers.mjs prometheus-query <prom-url> <query>
//                                                       prints the instant vector; fails when empty
//   node helpers.mjs prometheus-alerts <prom-url>       prints the names of the alerting rules loaded
//   node helpers.mjs env-template <file> <install> <.env.example>
//                                                       checks the systemd environment template
//
// Each prints what it found; exit code 0 = as expected, 1 = not, 2 = usage.

import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import path from 'node:path';
import { createRequire } from 'node:module';
import { randomBytes } from 'node:crypto';
import { parseEnv } from 'node:util';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function fail(message) {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

async function getJson(url) {
  const response = await fetch(url, { signal: AbortSignal.timeout(5000) });
  return { status: response.status, body: await response.json() };
}

const commands = {
  'free-port': async () => {
    const server = net.createServer().listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    process.stdout.write(`${server.address().port}\n`);
    server.close();
  },

  // What the bot needs from Teams' Bot Connector to answer a message: any POST answered with an id.
  connector: async (dir) => {
    const log = path.join(dir, 'connector.jsonl');
    let counter = 0;
    const server = http.createServer((req, res) => {
      let raw = '';
      req.setEncoding('utf8');
      req.on('data', (chunk) => (raw += chunk));
      req.on('end', () => {
        let body = null;
        try {
          body = raw ? JSON.parse(raw) : null;
        } catch {
          body = raw;
        }
        fs.appendFileSync(log, `${JSON.stringify({ method: req.method, path: req.url, body })}\n`);
        res.writeHead(200, { 'content-type': 'application/json' });
        counter += 1;
        res.end(JSON.stringify(req.url === '/v3/conversations' ? { id: `a:conversation-${counter}`, activityId: `act-${counter}` } : { id: `act-${counter}` }));
      });
    });
    server.listen(0, '127.0.0.1', () => fs.writeFileSync(path.join(dir, 'connector.port'), `${server.address().port}\n`));
    for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => server.close(() => process.exit(0)));
  },

  'wait-http': async (url, seconds) => {
    const deadline = Date.now() + Number(seconds) * 1000;
    let last = 'no answer';
    while (Date.now() < deadline) {
      try {
        const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
        last = `${response.status} ${await response.text()}`;
        if (response.status === 200) {
          process.stdout.write(`${last}\n`);
          return;
        }
      } catch (error) {
        last = error.cause?.code ?? error.message;
      }
      await sleep(250);
    }
    fail(`${url} did not answer 200 within ${seconds} s (last: ${last})`);
  },

  https: async (method, url, caFile, connectTo, bodyFile) => {
    const target = new URL(url);
    const [address, port] = connectTo.split(/:(?=\d+$)/);
    const body = bodyFile ? fs.readFileSync(bodyFile) : null;
    const result = await new Promise((resolve, reject) => {
      const req = https.request(
        {
          method,
          host: address,
          port: Number(port),
          path: `${target.pathname}${target.search}`,
          servername: target.hostname,
          // Only Caddy's local CA: not the machine's trust store.
          ca: fs.readFileSync(caFile),
          headers: { host: target.host, ...(body ? { 'content-type': 'application/json', 'content-length': body.length } : {}) },
          timeout: 15000,
        },
        (res) => {
          const issuer = res.socket.getPeerCertificate().issuer?.CN ?? null;
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk) => (text += chunk));
          res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: text, issuer }));
        },
      );
      req.on('timeout', () => req.destroy(new Error('no answer within 15 s')));
      req.on('error', reject);
      req.end(body ?? undefined);
    }).catch((error) => fail(`${method} ${url} via ${connectTo}: ${error.code ?? ''} ${error.message}`));
    process.stdout.write(`${JSON.stringify(result)}\n`);
  },

  http: async (method, url, connectTo) => {
    const target = new URL(url);
    const [address, port] = connectTo.split(/:(?=\d+$)/);
    const result = await new Promise((resolve, reject) => {
      const req = http.request({ method, host: address, port: Number(port), path: `${target.pathname}${target.search}`, headers: { host: target.host }, timeout: 5000 }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: text }));
      });
      req.on('timeout', () => req.destroy(new Error('no answer within 5 s')));
      req.on('error', reject);
      req.end();
    }).catch((error) => fail(`${method} ${url} via ${connectTo}: ${error.code ?? ''} ${error.message}`));
    process.stdout.write(`${JSON.stringify(result)}\n`);
  },

  expect: async (file, expression) => {
    const r = JSON.parse(fs.readFileSync(file, 'utf8'));
    if (!new Function('r', `return (${expression});`)(r)) fail(`not as expected: ${expression}`);
  },

  'big-body': async (file, kilobytes) => {
    const activity = { type: 'message', serviceUrl: 'http://127.0.0.1:9', text: 'x'.repeat(Number(kilobytes) * 1024) };
    fs.writeFileSync(file, JSON.stringify(activity));
  },

  'wait-connector': async (dir, wanted, seconds) => {
    const log = path.join(dir, 'connector.jsonl');
    const deadline = Date.now() + Number(seconds) * 1000;
    while (Date.now() < deadline) {
      const calls = fs.existsSync(log) ? fs.readFileSync(log, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line)) : [];
      // A reply within a turn goes to …/activities/<id of the activity answered>.
      const hit = calls.find((call) => call.method === 'POST' && (call.path === wanted || call.path.startsWith(`${wanted}/`)));
      if (hit) {
        process.stdout.write(`${JSON.stringify(hit)}\n`);
        return;
      }
      await sleep(100);
    }
    fail(`the Connector stand-in saw no POST ${wanted} within ${seconds} s`);
  },

  'prometheus-target': async (prometheus, job, seconds) => {
    const deadline = Date.now() + Number(seconds) * 1000;
    let last = 'no answer';
    while (Date.now() < deadline) {
      try {
        const { body } = await getJson(`${prometheus}/api/v1/targets?state=active`);
        const target = body.data.activeTargets.find((candidate) => candidate.labels.job === job);
        if (target) {
          last = `${target.scrapeUrl}: ${target.health}${target.lastError ? ` (${target.lastError})` : ''}`;
          if (target.health === 'up') {
            process.stdout.write(`${last}, scraped at ${target.lastScrape}\n`);
            return;
          }
        } else {
          last = `no target for job ${job}`;
        }
      } catch (error) {
        last = error.cause?.code ?? error.message;
      }
      await sleep(500);
    }
    fail(`Prometheus did not scrape job ${job} successfully within ${seconds} s (last: ${last})`);
  },

  'prometheus-query': async (prometheus, query) => {
    const { status, body } = await getJson(`${prometheus}/api/v1/query?query=${encodeURIComponent(query)}`);
    if (status !== 200 || body.status !== 'success') fail(`query ${query}: HTTP ${status} ${JSON.stringify(body)}`);
    const series = body.data.result.map((sample) => `${JSON.stringify(sample.metric)} ${sample.value[1]}`);
    if (series.length === 0) fail(`query ${query}: no series`);
    process.stdout.write(`${series.join('\n')}\n`);
  },

  'prometheus-alerts': async (prometheus) => {
    const { body } = await getJson(`${prometheus}/api/v1/rules?type=alert`);
    const names = body.data.groups.flatMap((group) => group.rules.map((rule) => rule.name));
    if (names.length === 0) fail('Prometheus loaded no alerting rules');
    process.stdout.write(`${names.join(' ')}\n`);
  },

  // The environment file is read by systemd (EnvironmentFile=) and by Node (--env-file, the
  // `samordna` command): both agree on plain KEY=VALUE lines, so only those are allowed. As shipped
  // the server must refuse it (CHANGE_ME); filled in, it must be a valid production configuration.
  'env-template': async (file, install, example) => {
    const text = fs.readFileSync(file, 'utf8');
    const problems = [];
    text.split('\n').forEach((line, index) => {
      if (line === '' || line.startsWith('#')) return;
      if (!/^[A-Za-z_][A-Za-z0-9_]*=[^\s"'`$\\]*$/.test(line)) problems.push(`line ${index + 1} is not a plain KEY=VALUE line: ${line}`);
    });
    const template = parseEnv(text);
    const documented = Object.keys(parseEnv(fs.readFileSync(example, 'utf8')));
    for (const key of documented) if (!(key in template)) problems.push(`${key} (in .env.example) is missing`);
    if (template.DATA_DIR !== '/var/lib/samordna') problems.push(`DATA_DIR must be /var/lib/samordna (the StateDirectory), not ${template.DATA_DIR}`);
    if (!template.METRICS_PORT) problems.push('METRICS_PORT is not set');
    if (!template.MicrosoftAppId) problems.push('MicrosoftAppId is empty: that is local development, without authentication');

    const { loadConfig } = createRequire(import.meta.url)(path.resolve(install, 'dist/services/config.js'));
    try {
      loadConfig({ ...template });
      problems.push('the server accepts the template with its CHANGE_ME values');
    } catch (error) {
      if (error.name !== 'ConfigError') throw error;
      process.stdout.write(`as shipped, refused: ${error.message}\n`);
    }
    const guid = '11111111-2222-4333-8444-555555555555';
    const filled = {
      MicrosoftAppId: guid,
      MicrosoftAppPassword: 'client-secret',
      MicrosoftAppTenantId: guid,
      ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      BOT_DOMAIN: 'samordna.region.example.se',
      ALLOWED_TENANTS: guid,
    };
    const unfilled = Object.keys(template).filter((key) => template[key] === 'CHANGE_ME' && !(key in filled));
    if (unfilled.length) problems.push(`CHANGE_ME in ${unfilled.join(', ')}: the check does not know what to fill in`);
    try {
      const config = loadConfig({ ...template, ...filled });
      if (config.dataDir !== '/var/lib/samordna' || config.port !== 3978 || !config.bot.appId) problems.push(`filled in, it reads as ${JSON.stringify({ dataDir: config.dataDir, port: config.port })}`);
      else process.stdout.write(`filled in, accepted: port ${config.port}, DATA_DIR ${config.dataDir}, authentication on, ${Object.keys(template).length} variables\n`);
    } catch (error) {
      problems.push(`filled in, refused: ${error.message}`);
    }
    if (problems.length) fail(problems.join('\n'));
  },
};

const [command, ...args] = process.argv.slice(2);
if (!commands[command]) {
  process.stderr.write(`usage: node helpers.mjs <${Object.keys(commands).join('|')}> …\n`);
  process.exit(2);
}
await commands[command](...args);
