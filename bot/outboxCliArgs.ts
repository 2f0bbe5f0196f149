// The arguments of `npm run outbox` (bot/outboxCli.ts), checked before anything is opened: a
// mistyped command touches nothing and exits 2 with the usage.
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { DISCARD_REASON_MAX, type DeadLetterSelection } from '../services/outbox/deadLetters';

export type Command =
  | { command: 'list'; format: 'text' | 'json' }
  | { command: 'retry'; selection: DeadLetterSelection; force: boolean }
  | { command: 'discard'; id: string; reason: string };

export class UsageError extends Error {}

// The ids `list` prints (UUIDs); anything else cannot be one, and is refused before the store is opened.
const idSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,199}$/, 'an id is one from the ID column of `npm run outbox -- list`');
const reasonSchema = z
  .string('discard needs --reason "…": what you saw, for whoever looks at it later (never patient data)')
  .trim()
  .min(1, '--reason must not be empty')
  .max(DISCARD_REASON_MAX, `--reason may be at most ${DISCARD_REASON_MAX} characters`);
const formatSchema = z.enum(['text', 'json'], '--format must be text or json');

function checked<T>(schema: z.ZodType<T>, value: unknown): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new UsageError(parsed.error.issues[0]!.message);
  return parsed.data;
}

/** Reads the arguments; anything out of place is a UsageError (exit code 2), before the store is opened. */
export function readCommand(args: string[]): Command | 'help' {
  let parsed: ReturnType<typeof parseOptions>;
  try {
    parsed = parseOptions(args);
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  if (values.help) return 'help';
  const [command, ...rest] = positionals;
  const refuse = (options: (keyof typeof values)[]) => {
    const given = options.filter((option) => values[option] !== undefined);
    if (given.length > 0) throw new UsageError(`${command} takes no --${given[0]}`);
  };
  switch (command) {
    case 'list':
      refuse(['all', 'force', 'reason']);
      if (rest.length > 0) throw new UsageError('list takes no id');
      return { command, format: checked(formatSchema, values.format ?? 'text') };
    case 'retry': {
      refuse(['format', 'reason']);
      if (values.all && rest.length > 0) throw new UsageError('give either one id or --all, not both');
      if (!values.all && rest.length !== 1) throw new UsageError('retry needs one id, or --all');
      const selection: DeadLetterSelection = values.all ? { all: true } : { id: checked(idSchema, rest[0]) };
      return { command, selection, force: values.force ?? false };
    }
    case 'discard':
      refuse(['format', 'all', 'force']);
      if (rest.length !== 1) throw new UsageError('discard needs one id');
      return { command, id: checked(idSchema, rest[0]), reason: checked(reasonSchema, values.reason) };
    case undefined:
      throw new UsageError('give a command: list, retry or discard');
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

function parseOptions(args: string[]) {
  return parseArgs({
    args,
    options: {
      format: { type: 'string' },
      all: { type: 'boolean' },
      force: { type: 'boolean' },
      reason: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    allowPositionals: true,
    strict: true,
  });
}

