// The pseudonymisation secret keys the subject key (an HMAC of the personnummer) that case records
// keep, also after their content is purged, so the audit extract can find a person's cases. It must
// therefore never change with the encryption key: it is random, stored once, and sealed with the
// current encryption key like patient data (`npm run reencrypt` moves it to a new key).
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { CaseRecord, SealedValue } from '../domain/records';
import { DuplicateKeyError, type DocumentCollection } from '../store/documentStore';
import { KEY_BYTES, type Keyring } from './keyring';
import { sealedValueSchema } from './sealedValue';

export const PSEUDONYMISATION_SECRET_ID = 'pseudonymisation';

export interface SecretRecord {
  _id: string;
  /** 32 bytes, base64, sealed with the encryption key. */
  sealed: SealedValue;
  /**
   * `random` for a new installation; `derived` when cases already existed: then it is the secret
   * those cases' subject keys were made with, derived from the encryption key of the time.
   */
  origin: 'random' | 'derived';
  createdAt: Date;
}

export interface SecretCollections {
  secrets: DocumentCollection<SecretRecord>;
  cases: DocumentCollection<CaseRecord>;
}

export interface SecretLogger {
  warn(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
}

const storedSecretSchema = z.object({ sealed: sealedValueSchema });

/** Reads the secret, creating it on first start; `keyring` opens and seals it (its own subject key is not used). */
export async function loadPseudonymisationSecret(collections: SecretCollections, keyring: Keyring, now: Date, logger: SecretLogger): Promise<Buffer> {
  const existing = await collections.secrets.findOne({ _id: PSEUDONYMISATION_SECRET_ID });
  if (existing) return openSecret(existing, keyring);

  const { secret, origin } = await initialSecret(collections.cases, keyring, logger);
  const record: SecretRecord = { _id: PSEUDONYMISATION_SECRET_ID, sealed: keyring.seal(secret.toString('base64')), origin, createdAt: now };
  try {
    await collections.secrets.insertOne(record);
    logger.info({ origin }, 'pseudonymisation secret stored');
    return secret;
  } catch (error) {
    // Another process (MongoDB) stored one first: every process must use that one.
    if (!(error instanceof DuplicateKeyError)) throw error;
    const winner = await collections.secrets.findOne({ _id: PSEUDONYMISATION_SECRET_ID });
    if (!winner) throw error;
    return openSecret(winner, keyring);
  }
}

function openSecret(record: SecretRecord, keyring: Keyring): Buffer {
  const parsed = storedSecretSchema.safeParse(record);
  if (!parsed.success) throw new Error(`the stored pseudonymisation secret is malformed: ${parsed.error.issues[0]!.message}`);
  const secret = Buffer.from(keyring.open(parsed.data.sealed), 'base64');
  if (secret.length !== KEY_BYTES) throw new Error(`the stored pseudonymisation secret is not ${KEY_BYTES} bytes`);
  return secret;
}

/**
 * Cases stored before the secret existed carry subject keys made with the secret derived from the
 * encryption key of their time — the key that sealed them, which this keyring must then hold.
 */
async function initialSecret(cases: DocumentCollection<CaseRecord>, keyring: Keyring, logger: SecretLogger): Promise<{ secret: Buffer; origin: SecretRecord['origin'] }> {
  if (!(await cases.findOne({}))) return { secret: randomBytes(KEY_BYTES), origin: 'random' };
  const sealedCase = await cases.findOne({ 'sealed.keyId': { $exists: true } });
  const keyId = sealedCase?.sealed?.keyId ?? keyring.keyId;
  if (!sealedCase) {
    logger.warn({ keyId }, 'existing cases are all purged: deriving the pseudonymisation secret from the current encryption key');
  }
  return { secret: keyring.legacySubjectSecretFor(keyId), origin: 'derived' };
}
