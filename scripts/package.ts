// `npm run package [-- --out <dir>]`: writes the Teams app package to appPackage/build/ (or <dir>)
// from manifest/ and the settings TEAMS_APP_ID, MicrosoftAppId and BOT_DOMAIN. A .env in the
// current directory is read if present; real environment variables win. See docs/teams-app.md.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadDotEnv } from '../bot/cliSetup';
import { buildAppPackage } from './packageApp';

async function main(): Promise<number> {
  const rootDir = path.resolve(__dirname, '..');
  const { values } = parseArgs({ options: { out: { type: 'string' } } });
  loadDotEnv();
  const result = await buildAppPackage({
    env: process.env,
    rootDir,
    outDir: path.resolve(values.out ?? path.join(rootDir, 'appPackage', 'build')),
  });
  if (!result.ok) {
    process.stderr.write(`The Teams app package was not written:\n${result.errors.map((error) => `  - ${error}\n`).join('')}`);
    return 1;
  }
  process.stdout.write(`Wrote ${result.manifestPath}\nWrote ${result.zipPath} (upload this to Teams)\n`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
