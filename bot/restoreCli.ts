// `npm run restore -- --from <file>` (CONTRACT.md, docs/storage.md): verifies the backup, keeps
// the current database aside as `samordna.sqlite.before-restore-<UTC stamp>` and puts the backup
// in place (services/store/restore.ts). Refuses while any server or tool uses DATA_DIR, naming it.
//
// Prints one summary line on stdout; logs go to stderr. Exit codes: 0 restored; 1 refused or
// failed (one line on stderr, which says whether the store was changed — it is not, unless the
// line says otherwise); 2 bad arguments or configuration, or MongoDB configured.
import { z } from 'zod';
import { CURRENT_SCHEMA_VERSION } from '../services/store/migrations';
import { restoreDatabase } from '../services/store/restore';
import { describeChecks, describeContents, failExit, openStoreFileCli, readOptions } from './storeFileCli';

const USAGE = 'usage: npm run restore -- --from <file>';

const argsSchema = z.object({ from: z.string('give --from <file>: the backup to restore').min(1, '--from needs a file name') });

async function main(): Promise<void> {
  const { from } = readOptions(['from'], argsSchema, USAGE);
  const { config, logger, keyring } = openStoreFileCli('restore');
  const result = await restoreDatabase({ dataDir: config.dataDir, from, keyring, logger });
  const kept = result.keptAs === null ? 'DATA_DIR held no database before' : `the database it replaced is kept as ${result.keptAs}`;
  const upgrade = result.schemaVersion < CURRENT_SCHEMA_VERSION ? `; the next start brings it from schema ${result.schemaVersion} to ${CURRENT_SCHEMA_VERSION}` : '';
  process.stdout.write(`restore: ${result.database} from ${result.from} (${describeContents(result)}; verified: ${describeChecks(result)}); ${kept}${upgrade}\n`);
}

main().then(() => process.exit(0), failExit);
