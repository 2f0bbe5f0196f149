import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { serverNodeOptions } from '../support/serverCommand';

const ROOT = path.resolve(__dirname, '../..');
const read = (file: string) => readFileSync(path.join(ROOT, file), 'utf8');

// bot/memoryProfile.ts: the heap's layout can only be chosen on node's command line, so every way
// of starting the server must carry the same options, or one of them runs with more memory.
describe('the commands that start the server', () => {
  const scripts = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts;
  const execStart = /^ExecStart=(.*)$/m.exec(read('deploy/systemd/samordna.service'))![1]!;
  const commands = { 'npm start': scripts.start!, 'npm run start:prod': scripts['start:prod']!, 'the systemd unit': execStart };

  it('give node the same options, the young generation capped at 4 MB among them', () => {
    for (const [name, command] of Object.entries(commands)) {
      assert.deepEqual(serverNodeOptions(command), ['--max-semi-space-size=4'], `${name}: ${command}`);
    }
  });

  it('are read as a person reads them: the words between node and the script', () => {
    assert.deepEqual(serverNodeOptions('npm run build && node dist/bot/index.js'), []);
    assert.deepEqual(serverNodeOptions('/usr/bin/node --a=1 --b /opt/samordna/dist/bot/index.js'), ['--a=1', '--b']);
    assert.throws(() => serverNodeOptions('node dist/bot/jobCli.js'), /not a command that starts the server/);
  });
});
