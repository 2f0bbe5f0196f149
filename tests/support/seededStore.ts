import { randomBytes } from 'node:crypto';
import { loadKeyring } from '../../services/crypto/loadKeyring';
import { Keyring } from '../../services/crypto/keyring';
import { createLogger } from '../../services/logger';
import { openSqliteStore } from '../../services/store/sqliteStore';

/** Any document: these stand in for the records, only their number and sealed values matter here. */
type Doc = { _id: string } & Record<string, unknown>;

export const newKey = (): string => randomBytes(32).toString('base64');

/** A Keyring of `key` alone, as the backup and restore commands build it from ENCRYPTION_KEY. */
export const keyringOf = (key: string): Keyring => new Keyring(Buffer.from(key, 'base64'));

export interface Seed {
  cases?: number;
  audit?: number;
  outbox?: number;
  /** Padding per document, to make a store of some size. */
  padding?: number;
}

/**
 * A Samordna store in `dataDir` as a server leaves it: the pseudonymisation secret sealed with
 * `key`, and cases (sealed content), audit entries and outbox messages. Closed again.
 */
export async function seedStore(dataDir: string, key: string, seed: Seed = {}): Promise<void> {
  const store = await openSqliteStore({ dataDir });
  try {
    const keyring = await loadKeyring({ encryptionKey: key, previousEncryptionKeys: [], dataDir, store, logger: createLogger('silent') });
    const pad = 'x'.repeat(seed.padding ?? 0);
    await store.transaction(async () => {
      for (let i = 0; i < (seed.cases ?? 0); i++) await store.collection<Doc>('cases').insertOne({ _id: `case-${i}`, reference: `SA-${i}`, sealed: keyring.sealJson({ patientName: `Patient ${i}` }), pad });
      for (let i = 0; i < (seed.audit ?? 0); i++) await store.collection<Doc>('audit').insertOne({ _id: `audit-${i}`, at: new Date(), action: 'case.submit', pad });
      for (let i = 0; i < (seed.outbox ?? 0); i++) await store.collection<Doc>('outbox').insertOne({ _id: `outbox-${i}`, key: `k-${i}`, status: 'sent', pad });
    });
  } finally {
    await store.close();
  }
}
