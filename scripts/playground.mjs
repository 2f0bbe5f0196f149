// Starts Samordna (embedded store, no Bot Framework auth) and the Microsoft 365 Agents Playground
// pointed at it. The Playground runs offline and mocks the Teams Connector; open the URL it
// prints and pick the Teams channel view to try the meeting and SBAR flow.
import { spawn } from 'node:child_process';

const port = process.env.PORT ?? '3978';
const endpoint = `http://127.0.0.1:${port}/api/messages`;
const children = [];

function run(command, args, env = {}) {
  const child = spawn(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  children.push(child);
  child.on('exit', (code) => {
    if (code !== 0 && code !== null) stopAll(code);
  });
  return child;
}

function stopAll(code = 0) {
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  setTimeout(() => process.exit(code), 500).unref();
}

async function waitForBot() {
  for (let i = 0; i < 120; i++) {
    try {
      const response = await fetch(`http://127.0.0.1:${port}/healthz`);
      if (response.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`Samordna did not answer on port ${port}`);
}

process.on('SIGINT', () => stopAll(0));
process.on('SIGTERM', () => stopAll(0));

// A developer's .env must not turn on authentication or a tenant filter the Playground cannot pass.
run('npx', ['tsx', 'bot/index.ts'], { PORT: port, MicrosoftAppId: '', ALLOWED_TENANTS: '' });
await waitForBot();
run('npx', ['agentsplayground', 'start', '-e', endpoint, '-c', 'msteams', '--disable-telemetry'], {
  TEAMSAPPTESTER_BROWSER: process.env.TEAMSAPPTESTER_BROWSER ?? 'none',
});
