// MongoDB's matching and sort order for fields that hold lists, evaluated on documents in memory.
//
// In MongoDB `{tags: 'y'}` matches a document whose `tags` is a list containing 'y', and a path
// through a list of objects (`list.name`) looks at each element. The SQLite store compiles every
// condition on a plain field to SQL, where its expression indexes apply; a condition on a path
// where some document has stored a list is checked here instead (sqliteStore.ts keeps track of
// those paths). Samordna queries no such path today, so this is the contract's completeness, not
// a hot path.

import type { FilterTerm, FilterValue } from './documentRules';

type Doc = Record<string, unknown>;

export function matchesAll(doc: Doc, terms: readonly FilterTerm[]): boolean {
  return terms.every((term) => matchesTerm(doc, term));
}

export function matchesTerm(doc: Doc, term: FilterTerm): boolean {
  const found = valuesAt(doc, term.path);
  switch (term.op) {
    case 'eq':
      return equalsAny(found, term.value);
    case '$ne':
      return !equalsAny(found, term.value);
    case '$in':
      return term.value.some((value) => equalsAny(found, value));
    case '$exists':
      return found.length > 0 === term.value;
    default: {
      const { op, value } = term;
      if (value === null) return op === '$lte' || op === '$gte' ? equalsAny(found, null) : false;
      return found.some((candidate) => {
        if (!sameType(candidate, value)) return false;
        const order = compareValues(candidate, value);
        return op === '$lt' ? order < 0 : op === '$lte' ? order <= 0 : op === '$gt' ? order > 0 : order >= 0;
      });
    }
  }
}

/** Orders documents as MongoDB's sort does: a list sorts by its least (ascending) or greatest (descending) element. */
export function compareDocuments(a: Doc, b: Doc, keys: readonly { path: string; direction: 1 | -1 }[]): number {
  for (const { path, direction } of keys) {
    const order = compareValues(sortValue(a, path, direction), sortValue(b, path, direction));
    if (order !== 0) return order * direction;
  }
  return 0;
}

function sortValue(doc: Doc, path: string, direction: 1 | -1): unknown {
  const scalars = valuesAt(doc, path).filter((value) => !Array.isArray(value));
  if (scalars.length === 0) return null;
  return scalars.reduce((best, value) => (compareValues(value, best) * direction < 0 ? value : best));
}

/**
 * Every value at `path`, MongoDB-style: a list on the way is looked into element by element, and
 * a list at the end gives the list itself and each of its elements. Empty when the path is missing.
 */
function valuesAt(doc: Doc, path: string): unknown[] {
  const out: unknown[] = [];
  collect(doc, path.split('.'), 0, out);
  return out;
}

function collect(value: unknown, parts: readonly string[], at: number, out: unknown[]): void {
  if (at === parts.length) {
    out.push(value);
    if (Array.isArray(value)) out.push(...(value as unknown[]));
    return;
  }
  if (Array.isArray(value)) {
    for (const element of value as unknown[]) if (isObject(element)) collect(element, parts, at, out);
    return;
  }
  if (isObject(value) && Object.hasOwn(value, parts[at]!)) collect(value[parts[at]!], parts, at + 1, out);
}

function equalsAny(found: readonly unknown[], value: FilterValue): boolean {
  // MongoDB: null matches a missing field as well as a null one.
  if (value === null) return found.length === 0 || found.includes(null);
  return found.some((candidate) => sameType(candidate, value) && compareValues(candidate, value) === 0);
}

function isObject(value: unknown): value is Doc {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

function sameType(a: unknown, b: unknown): boolean {
  return typeRank(a) === typeRank(b);
}

/** MongoDB's order of types: null, numbers, strings, objects, lists, booleans, dates. */
function typeRank(value: unknown): number {
  if (value === null || value === undefined) return 1;
  if (typeof value === 'number') return 2;
  if (typeof value === 'string') return 3;
  if (Array.isArray(value)) return 5;
  if (typeof value === 'boolean') return 8;
  if (value instanceof Date) return 9;
  return 4;
}

function compareValues(a: unknown, b: unknown): number {
  const rank = typeRank(a) - typeRank(b);
  if (rank !== 0) return Math.sign(rank);
  if (a instanceof Date && b instanceof Date) return Math.sign(a.getTime() - b.getTime());
  if (typeof a === 'number' && typeof b === 'number') return Math.sign(a - b);
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  return 0;
}
