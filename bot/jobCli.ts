// `npm run job -- <job> [--at <ISO-8601 instant>] [--dry-run]` (CONTRACT.md): runs one scheduled
// job once, as if the clock read --at, through the same claims and outbox as the server's
// scheduler — so a run the server already did is not done again.
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { createServices } from '../services/app';
import { ConfigError } from '../services/config';
import { JOBS } from '../services/domain/records';
import { Scheduler } from '../services/scheduler/scheduler';
import { clockStartingAt } from '../services/time/clock';
import { createAdapter } from './adapter';
import { openForCli } from './cliSetup';
import { outboxWorkerFor } from './outboxWorkerFor';

const CLI_JOBS = ['agenda', 'submission-reminder', 'ack-reminder', 'ack-deadline', 'follow-up', 'retention', 'holiday-notice'] as const satisfies readonly (typeof JOBS)[number][];

const argsSchema = z.object({
  job: z.enum(CLI_JOBS, `job must be one of: ${CLI_JOBS.join(', ')}`),
  at: z.iso.datetime({ offset: true, message: '--at must be an ISO-8601 instant, e.g. 2026-11-24T06:00:00Z' }).optional(),
  dryRun: z.boolean(),
});

/** How long the CLI waits for its messages to leave the outbox before it gives up (they stay queued for the server). */
const DELIVERY_TIMEOUT_MS = 60_000;

function usage(problem: string): never {
  process.stderr.write(`${problem}\nusage: npm run job -- <${CLI_JOBS.join('|')}> [--at <ISO-8601 instant>] [--dry-run]\n`);
  process.exit(2);
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    args: process.argv.slice(2),
    options: { at: { type: 'string' }, 'dry-run': { type: 'boolean', default: false } },
    allowPositionals: true,
  });
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
    const reports = await scheduler.runDue(now, (run) => run.job === job);
    const { auth } = createAdapter(config, logger);
    const worker = outboxWorkerFor(config, services, auth, clock, logger);
    const deadline = Date.now() + DELIVERY_TIMEOUT_MS;
    while ((await services.repos.outbox.count({ status: 'pending' })) > 0 && Date.now() < deadline) {
      await worker.drain();
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    for (const report of reports) process.stdout.write(`${JSON.stringify(report)}\n`);
    if (reports.length === 0) process.stdout.write(`${JSON.stringify({ job, at: now.toISOString(), note: 'nothing due that has not run already' })}\n`);
    return reports.some((report) => report.outcome === 'failed') ? 1 : 0;
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
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
