import { randomBytes, randomUUID } from 'node:crypto';

export function newId(): string {
  return randomUUID();
}

let lastMillis = 0;
let sequence = 0;

/**
 * Ids that sort in the order they were made within this process, even within one millisecond
 * (the audit log is read back in the order things happened).
 */
export function newSortableId(at: Date): string {
  const millis = at.getTime();
  sequence = millis === lastMillis ? sequence + 1 : 0;
  lastMillis = millis;
  return `${millis.toString(36).padStart(9, '0')}-${sequence.toString(36).padStart(4, '0')}-${randomBytes(4).toString('hex')}`;
}

// No 0/O, 1/I/L, 2/Z, 5/S, 8/B, 6/G: a reference is read aloud in meetings and typed from paper.
const REFERENCE_ALPHABET = 'ACDEFHJKMNPQRTUVWXY3479';

/** "SA-K7QX4": short enough to say, 23^5 ≈ 6.4 million per prefix; uniqueness is enforced by the store. */
export function newCaseReference(): string {
  const bytes = randomBytes(5);
  let code = '';
  for (const byte of bytes) code += REFERENCE_ALPHABET[byte % REFERENCE_ALPHABET.length];
  return `SA-${code}`;
}
