import { createCipheriv, createDecipheriv, createHash, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import type { SealedValue } from '../domain/records';

const ALGORITHM = 'aes-256-gcm';
const IV_BYTES = 12;
export const KEY_BYTES = 32;

/** The id stored with every sealed value: short, and reveals nothing about the key. */
export function keyIdOf(key: Buffer): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 12);
}

/**
 * What every installation used as the pseudonymisation secret before that secret was stored on
 * its own: derived from the encryption key of the time. Kept so existing subject keys still match.
 */
export function legacySubjectSecret(key: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), 'samordna/subject-key', KEY_BYTES));
}

/** A value sealed with a key this process was not given: an operator has to supply that key. */
export class UnknownKeyError extends Error {
  constructor(readonly keyId: string) {
    super(
      `no encryption key with id ${keyId}: the value was sealed with a key that is neither ENCRYPTION_KEY nor listed in ` +
        'ENCRYPTION_KEY_PREVIOUS. Set ENCRYPTION_KEY_PREVIOUS to that key (comma-separated if there are several) and run `npm run reencrypt`.',
    );
    this.name = 'UnknownKeyError';
  }
}

/**
 * AES-256-GCM sealing of patient data (DOMAIN.md §6). Each value carries the id of the key that
 * sealed it: values are always sealed with the current key and opened with whichever key sealed
 * them, so after a key change old values stay readable until `npm run reencrypt` has moved them.
 */
export class Keyring {
  private readonly keys = new Map<string, Buffer>();
  private readonly currentId: string;
  private readonly subjectSecret: Buffer;

  /**
   * `subjectSecret` is the stored pseudonymisation secret (see pseudonymisationSecret.ts); it must
   * outlive key rotations. Without it, the secret derived from the current key is used.
   */
  constructor(current: Buffer, previous: Buffer[] = [], subjectSecret?: Buffer) {
    for (const key of [current, ...previous]) {
      if (key.length !== KEY_BYTES) throw new Error(`encryption key must be ${KEY_BYTES} bytes`);
    }
    this.currentId = keyIdOf(current);
    for (const key of [current, ...previous]) this.keys.set(keyIdOf(key), key);
    if (subjectSecret && subjectSecret.length !== KEY_BYTES) throw new Error(`pseudonymisation secret must be ${KEY_BYTES} bytes`);
    this.subjectSecret = subjectSecret ?? legacySubjectSecret(current);
  }

  get keyId(): string {
    return this.currentId;
  }

  /** The ids of the keys that may still open values but never seal new ones. */
  get previousKeyIds(): string[] {
    return [...this.keys.keys()].filter((id) => id !== this.currentId);
  }

  has(keyId: string): boolean {
    return this.keys.has(keyId);
  }

  /** The secret derived from a key this keyring holds (see `legacySubjectSecret`). */
  legacySubjectSecretFor(keyId: string): Buffer {
    return legacySubjectSecret(this.keyFor(keyId));
  }

  seal(plaintext: string): SealedValue {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv(ALGORITHM, this.keyFor(this.currentId), iv);
    const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return {
      v: 1,
      keyId: this.currentId,
      iv: iv.toString('base64'),
      tag: cipher.getAuthTag().toString('base64'),
      data: data.toString('base64'),
    };
  }

  /** Throws UnknownKeyError when the key is not held, and an error when the value was tampered with (GCM authentication). */
  open(sealed: SealedValue): string {
    const decipher = createDecipheriv(ALGORITHM, this.keyFor(sealed.keyId), Buffer.from(sealed.iv, 'base64'));
    decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(sealed.data, 'base64')), decipher.final()]).toString('utf8');
  }

  sealJson<T>(value: T): SealedValue {
    return this.seal(JSON.stringify(value));
  }

  openJson<T>(sealed: SealedValue): T {
    return JSON.parse(this.open(sealed)) as T;
  }

  /**
   * A keyed hash of a personnummer (a pseudonym): lets the audit extract find a person's cases
   * without decrypting every case, also after their content was purged.
   */
  subjectKey(personnummer12: string): string {
    return createHmac('sha256', this.subjectSecret).update(personnummer12).digest('hex');
  }

  private keyFor(keyId: string): Buffer {
    const key = this.keys.get(keyId);
    if (!key) throw new UnknownKeyError(keyId);
    return key;
  }
}

export function generateKey(): string {
  return randomBytes(KEY_BYTES).toString('base64');
}
