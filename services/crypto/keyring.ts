import { createCipheriv, createDecipheriv, createHash, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import type { SealedValue } from '../domain/records';

const ALGORITHM = 'aes-256-gcm';
const IV_BYTES = 12;

function keyIdOf(key: Buffer): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 12);
}

/**
 * AES-256-GCM sealing of patient data (DOMAIN.md §6). Each value carries the id of the key that
 * sealed it, so a later key rotation can read old values and rewrite them with the new key.
 */
export class Keyring {
  private readonly keys = new Map<string, Buffer>();
  private readonly currentId: string;
  private readonly subjectSecret: Buffer;

  constructor(current: Buffer, previous: Buffer[] = []) {
    if (current.length !== 32) throw new Error('encryption key must be 32 bytes');
    this.currentId = keyIdOf(current);
    for (const key of [current, ...previous]) this.keys.set(keyIdOf(key), key);
    this.subjectSecret = Buffer.from(hkdfSync('sha256', current, Buffer.alloc(0), 'samordna/subject-key', 32));
  }

  get keyId(): string {
    return this.currentId;
  }

  seal(plaintext: string): SealedValue {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv(ALGORITHM, this.keys.get(this.currentId)!, iv);
    const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return {
      v: 1,
      keyId: this.currentId,
      iv: iv.toString('base64'),
      tag: cipher.getAuthTag().toString('base64'),
      data: data.toString('base64'),
    };
  }

  /** Throws when the key is unknown or the value was tampered with (GCM authentication). */
  open(sealed: SealedValue): string {
    const key = this.keys.get(sealed.keyId);
    if (!key) throw new Error(`no encryption key with id ${sealed.keyId}`);
    const decipher = createDecipheriv(ALGORITHM, key, Buffer.from(sealed.iv, 'base64'));
    decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(sealed.data, 'base64')), decipher.final()]).toString('utf8');
  }

  sealJson<T>(value: T): SealedValue {
    return this.seal(JSON.stringify(value));
  }

  openJson<T>(sealed: SealedValue): T {
    return JSON.parse(this.open(sealed)) as T;
  }

  /** A keyed hash of a personnummer: lets the audit extract find a person's cases without decrypting every case. */
  subjectKey(personnummer12: string): string {
    return createHmac('sha256', this.subjectSecret).update(personnummer12).digest('hex');
  }
}

export function generateKey(): string {
  return randomBytes(32).toString('base64');
}
