// `npm run audit-extract -- --personnummer <nr> [--format text|json] [--requested-by "<name>"]`:
// the patient's log extract (docs/audit.md) — who did what with that person's cases, and when.
// The extract itself is written to the audit log. Exit codes: 0 done (cases found or not),
// 2 invalid input, 1 anything else.
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { createServices } from '../services/app';
import { checkExtractPersonnummer, extractAsJson, extractAsText, produceLogExtract } from '../services/audit/auditExtract';
import { ConfigError } from '../services/config';
import { systemClock } from '../services/time/clock';
import { failureText, openForCli, operatorAccount } from './cliSetup';

const USAGE = 'Användning: npm run audit-extract -- --personnummer <ÅÅÅÅMMDD-NNNN> [--format text|json] [--requested-by "<namn>"]';

const argsSchema = z.object({
  personnummer: z.string('Ange personnumret med --personnummer.').trim().min(1, 'Ange personnumret med --personnummer.'),
  format: z.enum(['text', 'json'], '--format ska vara text eller json.'),
  requestedBy: z.string().trim().min(1, '--requested-by behöver ett namn.').max(200, '--requested-by får vara högst 200 tecken.').optional(),
});

class InvalidInput extends Error {}

function readArgs(): z.infer<typeof argsSchema> {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: process.argv.slice(2),
      options: { personnummer: { type: 'string' }, format: { type: 'string', default: 'text' }, 'requested-by': { type: 'string' } },
      allowPositionals: false,
    }));
  } catch {
    throw new InvalidInput('Okänt eller ofullständigt argument.');
  }
  const parsed = argsSchema.safeParse({ personnummer: values.personnummer, format: values.format, requestedBy: values['requested-by'] });
  if (!parsed.success) throw new InvalidInput(parsed.error.issues[0]!.message);
  return parsed.data;
}

async function main(): Promise<number> {
  const args = readArgs();
  // Checked before the store is opened: a mistyped number touches nothing.
  const identity = checkExtractPersonnummer(args.personnummer, systemClock.now());
  if (!identity.ok) throw new InvalidInput(identity.message);
  // Logs go to stderr: stdout carries only the extract, so `--format json` stays parseable.
  const { config, store, keyring } = await openForCli({ clock: systemClock, logTo: 'stderr' });
  try {
    const services = await createServices({ store, clock: systemClock, keyring });
    const result = await produceLogExtract(services, {
      personnummer: args.personnummer,
      operator: { account: operatorAccount(), requestedBy: args.requestedBy ?? null },
      retentionYears: config.auditRetentionYears,
    });
    if (result.kind === 'invalid') throw new InvalidInput(result.message);
    process.stdout.write(args.format === 'json' ? `${JSON.stringify(extractAsJson(result.extract), null, 2)}\n` : extractAsText(result.extract));
    return 0;
  } finally {
    await store.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof InvalidInput || error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n${USAGE}\n`);
      process.exit(2);
    }
    process.stderr.write(`Loggutdraget kunde inte tas fram.\n${failureText(error)}\n`);
    process.exit(1);
  },
);
