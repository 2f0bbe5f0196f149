// MongoDB's `$set`, `$inc` and `$unset` on a document in memory, for the SQLite store: it reads
// the matched document, applies the update here and writes it back inside one write transaction
// (sqliteStore.ts), so the semantics — dotted paths creating the objects they pass through, `$inc`
// starting a missing field at the amount — are MongoDB's in one readable place.

import type { StorableUpdate } from './documentRules';

type Doc = Record<string, unknown>;

/** Applies a checked update (documentRules.ts `toStorableUpdate`) to `doc` in place. */
export function applyUpdate(doc: Doc, update: StorableUpdate, collection: string): void {
  for (const [path, value] of Object.entries(update.$set ?? {})) {
    const { parent, key } = parentOf(doc, path, collection, true);
    parent![key] = value;
  }
  for (const [path, amount] of Object.entries(update.$inc ?? {})) {
    const { parent, key } = parentOf(doc, path, collection, true);
    const current = Object.hasOwn(parent!, key) ? parent![key] : 0;
    if (typeof current !== 'number') throw new Error(`cannot $inc ${JSON.stringify(path)} in ${collection}: it holds a ${describe(current)}, not a number`);
    parent![key] = current + amount;
  }
  for (const path of Object.keys(update.$unset ?? {})) {
    const { parent, key } = parentOf(doc, path, collection, false);
    if (parent && Object.hasOwn(parent, key)) delete parent[key];
  }
}

/**
 * The object holding the last segment of `path`. With `create`, missing objects on the way are
 * created (MongoDB's `$set: {'a.b': 1}` on a document without `a`); a plain value or an array in
 * the way is an error, as it is in MongoDB. Without `create`, a missing step gives no parent.
 */
function parentOf(doc: Doc, path: string, collection: string, create: boolean): { parent: Doc | null; key: string } {
  const parts = path.split('.');
  const key = parts.pop()!;
  let parent: Doc = doc;
  for (const part of parts) {
    const next = Object.hasOwn(parent, part) ? parent[part] : undefined;
    if (next === undefined || next === null) {
      if (!create) return { parent: null, key };
      const made: Doc = {};
      parent[part] = made;
      parent = made;
    } else if (typeof next === 'object' && !Array.isArray(next) && !(next instanceof Date)) {
      parent = next as Doc;
    } else if (!create) {
      return { parent: null, key };
    } else {
      throw new Error(`cannot set ${JSON.stringify(path)} in ${collection}: ${JSON.stringify(part)} holds a ${describe(next)}`);
    }
  }
  return { parent, key };
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'list';
  if (value instanceof Date) return 'date';
  return value === null ? 'null' : typeof value;
}
