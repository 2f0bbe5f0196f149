// `npm run outbox -- list [--format text|json] | retry <id>|--all [--force] | discard <id> --reason "…"`
// (CONTRACT.md, docs/operations.md "Dead letters"): the messages the outbox gave up on, listed
// without patient data, sent again or set aside. Retries and discards are audited with the
// operator's account. After a retry this command sends the retried messages itself — a worker
// scoped to their conversations, as `npm run job` does — waits at most a minute, and reports each
// one: sent, dead again (why), or still queued for the server.
//
// Works beside the running server, on either store: a retry is one conditional update, so of two
// operators retrying the same message exactly one does, and the outbox's leases send it once.
//
// Exit codes: 0 done; 1 something asked for was not done (an unknown id, not a dead letter — for
// instance already retried by someone else —, an unknown outcome without --force, an update whose
// post is still dead) or a retried message is dead again; 2 usage or configuration.
import { createServices, type Services } from '../services/app';
import { ConfigError, type Config } from '../services/config';
import type { Logger } from '../services/logger';
import { awaitDelivery } from '../services/outbox/delivery';
import { DeadLetters, type RetryOutcome } from '../services/outbox/deadLetters';
import { systemClock } from '../services/time/clock';
import { createAdapter } from './adapter';
import { cliOperator, failureText, openForCli } from './cliSetup';
import { readCommand, UsageError, type Command } from './outboxCliArgs';
import { deadLettersAsJson, deadLettersAsText, deliveredOf, discardLine, retryLine, USAGE, type Delivered } from './outboxCliText';
import { outboxWorkerFor } from './outboxWorkerFor';

/** How long the command sends the retried messages before it leaves them to the server. */
const DELIVERY_TIMEOUT_MS = 60_000;
const DELIVERY_POLL_MS = 200;

type Retried = Extract<RetryOutcome, { result: 'retried' }>;

/**
 * Sends the retried messages now (and whatever waits before them in their conversations, to keep
 * their order) rather than leaving them to the server's next poll, so the operator learns at once
 * whether Teams takes them this time.
 */
async function sendRetried(retried: readonly Retried[], config: Config, services: Services, logger: Logger): Promise<Map<string, Delivered>> {
  if (retried.length === 0) return new Map();
  const { outbox } = services.repos;
  const keys = retried.map((outcome) => outcome.key);
  const { auth } = createAdapter(config, logger);
  const scope = { conversationKey: { $in: [...new Set(retried.map((outcome) => outcome.conversationKey))] } };
  const worker = outboxWorkerFor(config, services, auth, systemClock, logger, { scope });
  await awaitDelivery({ messages: outbox, keys, drain: () => worker.drain(), timeoutMs: DELIVERY_TIMEOUT_MS, pollMs: DELIVERY_POLL_MS });
  const now = await outbox.find({ key: { $in: keys } });
  return new Map(now.map((message) => [message._id, deliveredOf(message.status, message.lastError)]));
}

async function retry(command: Extract<Command, { command: 'retry' }>, deadLetters: DeadLetters, send: (retried: Retried[]) => Promise<Map<string, Delivered>>): Promise<number> {
  const outcomes = await deadLetters.retry(command.selection, cliOperator(), { force: command.force });
  const retried = outcomes.filter((outcome): outcome is Retried => outcome.result === 'retried');
  const delivered = await send(retried);
  const deadAgain = [...delivered.values()].some((state) => state.state === 'dead-again');
  const out = (line: string) => process.stdout.write(`${line}\n`);

  if (!('all' in command.selection)) {
    out(retryLine(outcomes[0]!, delivered));
    return retried.length === 1 && !deadAgain ? 0 : 1;
  }
  if (outcomes.length === 0) {
    out('No dead letters to retry.');
    return 0;
  }
  // With --all, the posts in doubt are summed up rather than explained one by one.
  const skipped = outcomes.filter((outcome) => outcome.result === 'outcome-unknown');
  for (const outcome of outcomes) if (outcome.result !== 'outcome-unknown') out(retryLine(outcome, delivered));
  out(`Retried ${retried.length} of ${outcomes.length} dead letters.`);
  if (skipped.length > 0) {
    out(
      `Skipped ${skipped.length} ${skipped.length === 1 ? 'post' : 'posts'} whose outcome is unknown (Teams may already have posted them): ${skipped.map((outcome) => outcome.id).join(', ')}. ` +
        'Look in the conversation first (npm run outbox -- list shows when each was sent), then retry each with --force or discard it.',
    );
  }
  return deadAgain ? 1 : 0;
}

async function main(): Promise<number> {
  const command = readCommand(process.argv.slice(2));
  if (command === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  // Logs go to stderr: stdout holds the list or the report, so `--format json` stays parseable.
  const { config, logger, store, keyring } = await openForCli({ clock: systemClock, logTo: 'stderr' });
  try {
    const services = await createServices({ store, clock: systemClock, keyring });
    const deadLetters = new DeadLetters({ messages: services.repos.outbox, conversations: services.repos.conversations, audit: services.audit, store, clock: systemClock });
    switch (command.command) {
      case 'list': {
        const listed = await deadLetters.list();
        process.stdout.write(command.format === 'json' ? deadLettersAsJson(listed) : deadLettersAsText(listed));
        return 0;
      }
      case 'retry':
        return await retry(command, deadLetters, (retried) => sendRetried(retried, config, services, logger));
      case 'discard': {
        const outcome = await deadLetters.discard(command.id, command.reason, cliOperator());
        process.stdout.write(`${discardLine(outcome)}\n`);
        return outcome.result === 'discarded' ? 0 : 1;
      }
    }
  } finally {
    await store.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof UsageError || error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n${USAGE}\n`);
      process.exit(2);
    }
    process.stderr.write(`${failureText(error)}\n`);
    process.exit(1);
  },
);
