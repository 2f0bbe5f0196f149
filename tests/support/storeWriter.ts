// A process that keeps writing to the embedded store in DATA_DIR until SIGTERM, as a busy server
// would: each transaction stores a case and its audit entry together, so any consistent copy holds
// as many of one as of the other. Prints `writing` once the first transaction is committed.
import { openSqliteStore } from '../../services/store/sqliteStore';

type Doc = { _id: string; pad: string };

async function main(): Promise<void> {
  const store = await openSqliteStore({ dataDir: process.env.DATA_DIR! });
  let stopping = false;
  process.once('SIGTERM', () => (stopping = true));
  const cases = store.collection<Doc>('cases');
  const audit = store.collection<Doc>('audit');
  for (let i = 0; !stopping; i++) {
    await store.transaction(async () => {
      await cases.insertOne({ _id: `written-${i}`, pad: 'w'.repeat(500) });
      await audit.insertOne({ _id: `written-${i}`, pad: 'w'.repeat(500) });
    });
    if (i === 0) process.stdout.write('writing\n');
    // Lets the SIGTERM handler run between transactions.
    await new Promise((resolve) => setImmediate(resolve));
  }
  await store.close();
}

void main();
