// Rules both stores apply, so a document, filter or update accepted by one is accepted by the
// other, and nothing a caller passes in is ever read as more than the contract's small slice of
// MongoDB's language (services/store/documentStore.ts).

import type { Filter, Update } from './documentStore';

// Collection names become SQLite table names and MongoDB collection names.
const COLLECTION_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;
const INDEX_NAME = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;
/**
 * A field path as Samordna's code writes it: identifiers joined by dots (`followUp.flaggedFor`).
 * The SQLite store writes paths into SQL as JSON paths (an index on an expression is only used by
 * a query that spells the same expression, so a path cannot be a bound parameter); this pattern
 * is what makes that safe. Array positions (`list.0`) are not part of the contract.
 */
const FIELD_PATH = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;
/** Names that would reach an object's prototype instead of a field when a path is walked in code. */
const PROTOTYPE_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

export const FILTER_OPERATORS = ['$in', '$ne', '$lt', '$lte', '$gt', '$gte', '$exists'] as const;
export type FilterOperator = (typeof FILTER_OPERATORS)[number];
const FILTER_OPERATOR_SET: ReadonlySet<string> = new Set(FILTER_OPERATORS);

/** A value a filter may compare with (documentStore.ts `Comparable`). */
export type FilterValue = string | number | boolean | Date | null;

/** One checked condition of a filter: `path op value`; a field with a range gives several. */
export type FilterTerm =
  | { path: string; op: 'eq' | '$ne' | '$lt' | '$lte' | '$gt' | '$gte'; value: FilterValue }
  | { path: string; op: '$in'; value: FilterValue[] }
  | { path: string; op: '$exists'; value: boolean };

export function assertCollectionName(name: string): void {
  if (!COLLECTION_NAME.test(name)) {
    throw new Error(`invalid collection name ${JSON.stringify(name)}: use letters, digits, "_" or "-"`);
  }
}

export function assertIndexName(name: string): void {
  if (!INDEX_NAME.test(name)) throw new Error(`invalid index name ${JSON.stringify(name)}: use letters, digits or "_"`);
}

/** Throws unless `path` is identifiers joined by dots, none of them a prototype key. */
export function assertFieldPath(path: string, where: string): void {
  if (!FIELD_PATH.test(path) || path.split('.').some((part) => PROTOTYPE_KEYS.has(part))) {
    throw new Error(`invalid field path ${JSON.stringify(path)} in ${where}: use identifiers joined by "."`);
  }
}

/**
 * A deep copy of `value` ready to store: `undefined` fields are dropped (what the MongoDB driver's
 * `ignoreUndefined` does) and field names starting with "$" or containing "." are refused with an
 * error naming the field, because MongoDB reads them as operators and paths (e.g. an Adaptive
 * Card's "$schema"). "__proto__" is refused too: copying it into a plain object would replace the
 * copy's prototype instead of storing a field.
 */
export function toStorable(value: unknown, collection: string, at: string): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Date) {
    assertStorableDate(value, collection, at);
    return value;
  }
  if (Array.isArray(value)) return value.map((item, i) => toStorable(item, collection, join(at, String(i))));
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    assertStorableKey(key, collection, at);
    if (item !== undefined) copy[key] = toStorable(item, collection, join(at, key));
  }
  return copy;
}

/** The field-name rule of `toStorable`, for stores that copy documents their own way. */
export function assertStorableKey(key: string, collection: string, at: string): void {
  if (key.startsWith('$') || key.includes('.') || key === '__proto__') {
    throw new Error(
      `cannot store field ${JSON.stringify(join(at, key))} in ${collection}: field names may not ` +
        'start with "$", contain "." or be "__proto__" (rename the field or store that value as a JSON string)',
    );
  }
}

export function assertStorableDate(date: Date, collection: string, at: string): void {
  if (Number.isNaN(date.getTime())) throw new Error(`cannot store an invalid Date at ${JSON.stringify(at)} in ${collection}`);
}

export const join = (at: string, key: string): string => (at === '' ? key : `${at}.${key}`);

export type StorableUpdate = { $set?: Record<string, unknown>; $inc?: Record<string, number>; $unset?: Record<string, true> };

/** Checks an update's operators, paths and the values it would store; returns a cleaned copy. */
export function toStorableUpdate<T>(update: Update<T>, collection: string): StorableUpdate {
  const out: StorableUpdate = {};
  for (const [op, fields] of Object.entries(update)) {
    if (fields === undefined) continue;
    if (op !== '$set' && op !== '$inc' && op !== '$unset') throw new Error(`unsupported update operator ${op}`);
    if (!isPlainObject(fields)) throw new Error(`${op} of an update for ${collection} must be an object`);
    const cleaned: Record<string, unknown> = {};
    for (const [field, value] of Object.entries(fields)) {
      if (field.startsWith('$') || field === '_id' || field.startsWith('_id.')) throw new Error(`cannot ${op} field ${JSON.stringify(field)} in ${collection}`);
      assertFieldPath(field, `${op} of ${collection}`);
      if (value === undefined) continue;
      if (op === '$inc' && (typeof value !== 'number' || !Number.isFinite(value))) throw new Error(`$inc of ${JSON.stringify(field)} in ${collection} needs a finite number`);
      cleaned[field] = op === '$unset' ? true : toStorable(value, collection, field);
    }
    (out as Record<string, Record<string, unknown>>)[op] = cleaned;
  }
  // MongoDB treats an update without operators as a whole-document replacement; never let that happen.
  if (Object.keys(out).length === 0) throw new Error(`update for ${collection} has no $set, $inc or $unset`);
  return out;
}

/**
 * Checks a filter against the contract and returns its conditions. Refused with an error: keys
 * that are not field paths (`$where`, `$or`, `a..b`, `__proto__`), operators outside the contract
 * (`$regex`, `$expr`, …), and operands that are not plain values (objects, functions, NaN).
 */
export function filterTerms(filter: Filter, collection: string): FilterTerm[] {
  if (!isPlainObject(filter)) throw new Error(`filter for ${collection} must be an object`);
  const terms: FilterTerm[] = [];
  for (const [path, condition] of Object.entries(filter as Record<string, unknown>)) {
    const where = `a filter on ${collection}`;
    assertFieldPath(path, where);
    if (isFilterValue(condition)) {
      terms.push({ path, op: 'eq', value: condition });
      continue;
    }
    if (!isPlainObject(condition)) throw new Error(`unsupported condition on ${JSON.stringify(path)} in ${where}`);
    const operators = Object.entries(condition);
    if (operators.length === 0) throw new Error(`empty condition on ${JSON.stringify(path)} in ${where}`);
    for (const [op, operand] of operators) {
      if (!FILTER_OPERATOR_SET.has(op)) throw new Error(`unsupported filter operator ${JSON.stringify(op)} on ${JSON.stringify(path)} in ${where}`);
      if (op === '$in') {
        if (!Array.isArray(operand) || !operand.every(isFilterValue)) throw new Error(`$in on ${JSON.stringify(path)} in ${where} needs a list of plain values`);
        terms.push({ path, op, value: [...operand] });
      } else if (op === '$exists') {
        if (typeof operand !== 'boolean') throw new Error(`$exists on ${JSON.stringify(path)} in ${where} needs true or false`);
        terms.push({ path, op, value: operand });
      } else {
        if (!isFilterValue(operand)) throw new Error(`${op} on ${JSON.stringify(path)} in ${where} needs a plain value`);
        terms.push({ path, op: op as Exclude<FilterOperator, '$in' | '$exists'>, value: operand });
      }
    }
  }
  return terms;
}

/** Sort keys are field paths too; the direction is 1 or -1. */
export function sortKeys(sort: Readonly<Record<string, unknown>>, collection: string): { path: string; direction: 1 | -1 }[] {
  if (!isPlainObject(sort)) throw new Error(`sort for ${collection} must be an object`);
  return Object.entries(sort).map(([path, direction]) => {
    assertFieldPath(path, `a sort on ${collection}`);
    if (direction !== 1 && direction !== -1) throw new Error(`sort direction of ${JSON.stringify(path)} must be 1 or -1`);
    return { path, direction };
  });
}

/**
 * A projection's paths, checked, without `_id` (always returned) and duplicates. One path inside
 * another (`a` with `a.b`) is refused, as MongoDB does since 4.4: which of the two wins is not obvious.
 */
export function projectionPaths(projection: unknown, collection: string): string[] {
  if (!Array.isArray(projection)) throw new Error(`projection for ${collection} must be a list of field paths`);
  const paths = new Set<string>();
  for (const path of projection as unknown[]) {
    if (typeof path !== 'string') throw new Error(`projection for ${collection} must be a list of field paths`);
    assertFieldPath(path, `a projection on ${collection}`);
    if (path.startsWith('_id.')) throw new Error(`invalid field path ${JSON.stringify(path)} in a projection on ${collection}: _id has no fields`);
    if (path !== '_id') paths.add(path);
  }
  const sorted = [...paths].sort();
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i]!.startsWith(`${sorted[i - 1]}.`)) {
      throw new Error(`projection on ${collection} names ${JSON.stringify(sorted[i - 1])} and ${JSON.stringify(sorted[i])} inside it: name one of them`);
    }
  }
  return [...paths];
}

export function assertLimit(limit: unknown): asserts limit is number | undefined {
  if (limit !== undefined && (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 0)) {
    throw new Error(`limit must be a whole number ≥ 0, not ${JSON.stringify(limit)}`);
  }
}

function isFilterValue(value: unknown): value is FilterValue {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  return value instanceof Date && !Number.isNaN(value.getTime());
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || value instanceof Date) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
