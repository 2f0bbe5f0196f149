import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { tempDirsRemovedAfter } from '../support/tempStore';

type Entry = { from: 'source' | 'built'; file: string } | { problem: string; usage?: boolean };
const ROOT = path.resolve(__dirname, '../..');
const launcher = createRequire(__filename)('../../scripts/run.js') as {
  COMMANDS: Record<string, string>;
  entryFor: (root: string, command: string, options?: { built?: boolean; devDependencies?: boolean }) => Entry;
};
const tempDir = tempDirsRemovedAfter('samordna-launcher-');

/** scripts/run.js: the same `npm run` names in a development checkout and a production install (issue 17, item 1). */
describe('the command launcher (scripts/run.js)', () => {
  it('runs the TypeScript source where the dev dependencies are, the build where they are not', () => {
    assert.deepEqual(launcher.entryFor(ROOT, 'job', { devDependencies: true }), { from: 'source', file: path.join(ROOT, 'bot/jobCli.ts') });
    const fakeRoot = path.join(ROOT, 'no-such-install');
    const missing = launcher.entryFor(fakeRoot, 'backup', { devDependencies: false });
    assert.ok('problem' in missing);
    assert.match(missing.problem, /dist\/bot\/backupCli\.js is missing.*npm ci && npm run build && npm prune --omit=dev/);
    const unbuilt = launcher.entryFor(fakeRoot, 'server', { built: true, devDependencies: true });
    assert.ok('problem' in unbuilt);
    assert.match(unbuilt.problem, /run `npm run build` first/);
    const unknown = launcher.entryFor(ROOT, 'drop-tables');
    assert.ok('problem' in unknown && unknown.usage === true);
  });

  it('names an entry that exists for every command, and every operator command has its npm script', () => {
    const scripts = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    for (const [command, module] of Object.entries(launcher.COMMANDS)) {
      assert.ok(existsSync(path.join(ROOT, `${module}.ts`)), `${module}.ts`);
      const script = command === 'server' ? 'start:prod' : command;
      assert.match(scripts[script] ?? '', new RegExp(`^node (--max-semi-space-size=4 )?scripts/run\\.js (--built )?${command}$`), `npm run ${script}`);
    }
  });

  it('runs a built command in its own process with its arguments, needing nothing but Node', async () => {
    const root = await tempDir();
    await mkdir(path.join(root, 'scripts'));
    await mkdir(path.join(root, 'dist/bot'), { recursive: true });
    await copyFile(path.join(ROOT, 'scripts/run.js'), path.join(root, 'scripts/run.js'));
    await writeFile(path.join(root, 'dist/bot/outboxCli.js'), 'process.stdout.write(JSON.stringify(process.argv.slice(2))); process.exit(3);\n');
    const run = spawnSync(process.execPath, [path.join(root, 'scripts/run.js'), 'outbox', 'retry', '--all'], { encoding: 'utf8' });
    assert.equal(run.stdout, '["retry","--all"]');
    assert.equal(run.status, 3, 'the exit code of the command');
    const unknown = spawnSync(process.execPath, [path.join(root, 'scripts/run.js'), 'nope'], { encoding: 'utf8' });
    assert.equal(unknown.status, 2);
    assert.match(unknown.stderr, /unknown command "nope"\nusage: node scripts\/run\.js/);
  });

  it('passes the exit code of a source command back through tsx', () => {
    const run = spawnSync(process.execPath, [path.join(ROOT, 'scripts/run.js'), 'job'], { cwd: ROOT, encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } });
    assert.equal(run.status, 2);
    assert.match(run.stderr, /usage: npm run job -- <agenda\|/);
  });
});
