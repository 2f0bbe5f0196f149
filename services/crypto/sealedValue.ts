import { z } from 'zod';
import type { SealedValue } from '../domain/records';

/** A sealed value as read back from the store, checked before anything is decrypted or rewritten. */
export const sealedValueSchema: z.ZodType<SealedValue> = z.object({
  v: z.literal(1),
  keyId: z.string().min(1),
  iv: z.string().min(1),
  tag: z.string().min(1),
  data: z.string(),
});

/** The value at a dotted path such as `decision.sealedText`; undefined when a step is missing. */
export function valueAt(doc: unknown, dottedPath: string): unknown {
  let node: unknown = doc;
  for (const step of dottedPath.split('.')) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[step];
  }
  return node;
}
