// `npm run job -- <job> [--at <ISO-8601 instant>] [--dry-run]` (CONTRACT.md): runs one scheduled
// job once, as if the clock read --at, through the same claims and outbox as the server's
// scheduler — so a run the server already did is not done again. It then sends the messages its
// run queued (and whatever waits before them in the same conversations), waits for those only,
// and reports what was sent and what is still queued.
//
// Exit codes: 0 done (messages still queued after the wait stay for the server, and are
// reported); 1 a run failed, or one of the run's messages ended as a dead letter; 2 usage,
// configuration, or a DATA_DIR in use.
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { createServices } from '../services/app';
import { ConfigError } from '../services/config';
import { JOBS } from '../services/domain/records';
import { awaitDelivery } from '../services/outbox/delivery';
import { runKeyOfPost } from '../services/scheduler/jobs';
import { Scheduler } from '../services/scheduler/scheduler';
import { clockStartingAt } from '../services/time/clock';
import { createAdapter } from './adapter';
import { failureText, openForCli } from './cliSetup';
import { outboxWorkerFor } from './outboxWorkerFor';

const CLI_JOBS = ['agenda', 'submission-reminder', 'ack-reminder', 'ack-deadline', 'follow-up', 'retention', 'holiday-notice'] as const satisfies readonly (typeof JOBS)[number][];

const argsSchema = z.object({
  job: z.enum(CLI_JOBS, `job must be one of: ${CLI_JOBS.join(', ')}`),
  at: z.iso.datetime({ offset: true, message: '--at must be an ISO-8601 instant, e.g. 2026-11-24T06:00:00Z' }).optional(),
  dryRun: z.boolean(),
});

/** How long the CLI waits for its messages to leave the outbox before it gives up (they stay queued for the server). */
const DELIVERY_TIMEOUT_MS = 60_000;
const DELIVERY_POLL_MS = 200;

function usage(problem: string): never {
  process.stderr.write(`${problem}\nusage: npm run job -- <${CLI_JOBS.join('|')}> [--at <ISO-8601 instant>] [--dry-run]\n`);
  process.exit(2);
}

async function main(): Promise<number> {
  let parsedArgs;
  try {
    parsedArgs = parseArgs({
      args: process.argv.slice(2),
      options: { at: { type: 'string' }, 'dry-run': { type: 'boolean', default: false } },
      allowPositionals: true,
    });
  } catch (error) {
    usage(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsedArgs;
  const parsed = argsSchema.safeParse({ job: positionals[0], at: values.at, dryRun: values['dry-run'] });
  if (!parsed.success || positionals.length !== 1) usage(parsed.success ? 'give exactly one job' : parsed.error.issues[0]!.message);
  const { job, at, dryRun } = parsed.data;

  const now = at ? new Date(at) : new Date();
  const clock = clockStartingAt(now);
  const { config, logger, store, keyring } = await openForCli({ clock, logTo: 'stdout' });
  try {
    const services = await createServices({ store, clock, keyring });
    const scheduler = new Scheduler({ services, logger, retentionDays: config.retentionDays, auditRetentionYears: config.auditRetentionYears });
    if (dryRun) {
      for (const run of (await scheduler.due(now)).filter((candidate) => candidate.job === job)) {
        process.stdout.write(`${JSON.stringify({ wouldRun: run.key, dueAt: run.dueAt.toISOString() })}\n`);
      }
      return 0;
    }
    // Only the job's own messages are waited for: with thousands of channel posts queued by the
    // server (a busy submission day), waiting for an empty outbox kept a ten-meeting agenda run a
    // minute. Its own: what this run queues, and what is still queued from the same runs done
    // earlier (a run killed before it had sent everything is not repeated, but its messages go now).
    const ownKeys = new Set<string>();
    const stopFollowing = services.outbox.onEnqueue((key) => ownKeys.add(key));
    const reports = await scheduler.runDue(now, (run) => run.job === job);
    stopFollowing();
    const { outbox } = services.repos;
    const runKeys = new Set((await scheduler.planned(now)).filter((run) => run.job === job).map((run) => run.key));
    for (const message of await outbox.find({ status: 'pending' })) if (runKeys.has(runKeyOfPost(message.key))) ownKeys.add(message.key);
    const own = ownKeys.size === 0 ? [] : await outbox.find({ key: { $in: [...ownKeys] } });
    const { auth } = createAdapter(config, logger);
    const worker = outboxWorkerFor(config, services, auth, clock, logger, { scope: { conversationKey: { $in: [...new Set(own.map((message) => message.conversationKey))] } } });
    const delivery = await awaitDelivery({ messages: outbox, keys: [...ownKeys], drain: () => worker.drain(), timeoutMs: DELIVERY_TIMEOUT_MS, pollMs: DELIVERY_POLL_MS });

    for (const report of reports) process.stdout.write(`${JSON.stringify(report)}\n`);
    if (reports.length === 0) process.stdout.write(`${JSON.stringify({ job, at: now.toISOString(), note: 'nothing due that has not run already' })}\n`);
    const othersQueued = (await outbox.count({ status: 'pending' })) - delivery.queued;
    if (delivery.queued > 0) process.stdout.write(`${JSON.stringify({ job, note: `${delivery.queued} of this run's messages are still queued; the server sends them` })}\n`);
    process.stdout.write(`${JSON.stringify({ job, delivery, othersQueued })}\n`);
    return reports.some((report) => report.outcome === 'failed') || delivery.dead > 0 ? 1 : 0;
  } finally {
    await store.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    process.stderr.write(`${failureText(error)}\n`);
    process.exit(1);
  },
);
