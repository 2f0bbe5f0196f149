import assert from 'node:assert/strict';
import { readCommand, UsageError } from '../../bot/outboxCliArgs';

const ID = '3f2c9a1e-5b7d-4c1a-9e0f-2a4b6c8d0e1f';

describe('npm run outbox: arguments', () => {
  it('reads list, retry and discard', () => {
    assert.deepEqual(readCommand(['list']), { command: 'list', format: 'text' });
    assert.deepEqual(readCommand(['list', '--format', 'json']), { command: 'list', format: 'json' });
    assert.deepEqual(readCommand(['retry', ID]), { command: 'retry', selection: { id: ID }, force: false });
    assert.deepEqual(readCommand(['retry', ID, '--force']), { command: 'retry', selection: { id: ID }, force: true });
    assert.deepEqual(readCommand(['retry', '--all']), { command: 'retry', selection: { all: true }, force: false });
    assert.deepEqual(readCommand(['retry', '--all', '--force']), { command: 'retry', selection: { all: true }, force: true });
    assert.deepEqual(readCommand(['discard', ID, '--reason', '  posted by hand ']), { command: 'discard', id: ID, reason: 'posted by hand' });
    assert.deepEqual(readCommand(['discard', ID, '--reason', 'x'.repeat(500)]), { command: 'discard', id: ID, reason: 'x'.repeat(500) });
    assert.equal(readCommand(['--help']), 'help');
  });

  const refused: [string[], RegExp][] = [
    [[], /give a command/],
    [['resend', ID], /unknown command "resend"/],
    [['list', ID], /list takes no id/],
    [['list', '--all'], /list takes no --all/],
    [['list', '--format', 'xml'], /--format must be text or json/],
    [['list', '--format'], /argument missing/],
    [['retry'], /retry needs one id, or --all/],
    [['retry', '--force'], /retry needs one id, or --all/],
    [['retry', ID, ID], /retry needs one id, or --all/],
    [['retry', ID, '--all'], /either one id or --all, not both/],
    [['retry', ID, '--reason', 'why'], /retry takes no --reason/],
    [['retry', ID, '--format', 'json'], /retry takes no --format/],
    [['retry', 'not an id'], /an id is one from the ID column/],
    [['retry', '--bogus'], /Unknown option '--bogus'/],
    [['discard', ID], /discard needs --reason/],
    [['discard', ID, '--reason', ''], /--reason must not be empty/],
    [['discard', ID, '--reason', ' \t '], /--reason must not be empty/],
    [['discard', ID, '--reason', 'x'.repeat(501)], /at most 500 characters/],
    [['discard', '--reason', 'why'], /discard needs one id/],
    [['discard', '--all', '--reason', 'why'], /discard takes no --all/],
    [['discard', ID, '--reason', 'why', '--force'], /discard takes no --force/],
  ];
  for (const [args, problem] of refused) {
    it(`refuses ${JSON.stringify(args.map((a) => (a.length > 20 ? `${a.slice(0, 5)}…` : a)).join(' '))}`, () => {
      assert.throws(() => readCommand(args), (error: unknown) => error instanceof UsageError && problem.test(error.message));
    });
  }
});
