// How the SQLite store writes a document as JSON text and reads it back.
//
// JSON has no Date, so a Date is written as `{"$date":"2025-01-01T09:30:15.123Z"}`. That cannot
// clash with a stored object: field names starting with "$" are refused before anything is stored
// (documentRules.ts `toStorable`). In SQL, `json_extract` of such a field is that same text, and
// since every Date has the same prefix and a fixed-width ISO timestamp, comparing the texts
// compares the instants — so Dates are found, ranged and sorted by the same expression indexes
// as strings and numbers, with a parameter encoded by `dateText`.

import { assertStorableDate, assertStorableKey, join } from './documentRules';

const DATE_KEY = '$date';

/** The SQL text of a Date as `json_extract` returns it from a stored document. */
export function dateText(date: Date): string {
  return `{"${DATE_KEY}":"${date.toISOString()}"}`;
}

/** Bounds around every `dateText` (ISO timestamps start with a digit, "+" or "-"). */
export const DATE_TEXT_MIN = `{"${DATE_KEY}":"`;
export const DATE_TEXT_MAX = `{"${DATE_KEY}":"~`;

export interface EncodedDocument {
  text: string;
  /** Dotted paths (without list positions) where the document holds a list: sqliteListPaths.ts. */
  listPaths: string[];
}

/**
 * `doc` as JSON text to store, checked by the rules of documentRules.ts `toStorable` (field names,
 * valid Dates; undefined fields dropped) in the same pass that turns Dates into `{"$date": …}`, so
 * JSON.stringify runs without a replacer, which would make it several times slower.
 */
export function encodeDocument(doc: unknown, collection: string): EncodedDocument {
  const listPaths: string[] = [];
  const text = JSON.stringify(plain(doc, collection, '', '', listPaths));
  return { text, listPaths };
}

/** `at` names a value in errors (with list positions); `path` is its field path (without). */
function plain(value: unknown, collection: string, at: string, path: string, listPaths: string[]): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Date) {
    assertStorableDate(value, collection, at);
    return { [DATE_KEY]: value.toISOString() };
  }
  if (Array.isArray(value)) {
    if (path !== '' && !listPaths.includes(path)) listPaths.push(path);
    return value.map((item: unknown, i) => plain(item, collection, join(at, String(i)), path, listPaths));
  }
  const copy: Record<string, unknown> = {};
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue;
    assertStorableKey(key, collection, at);
    const item = (value as Record<string, unknown>)[key];
    if (item !== undefined) copy[key] = plain(item, collection, join(at, key), join(path, key), listPaths);
  }
  return copy;
}

/** Reads a stored document back, Dates as Dates. */
export function decodeDocument<T>(text: string): T {
  return reviveDates(JSON.parse(text)) as T;
}

/**
 * Turns `{"$date": …}` objects back into Dates, in place. A walk after a plain JSON.parse is
 * several times faster than a JSON.parse reviver, which V8 calls for every value.
 */
export function reviveDates(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = reviveDates(value[i]);
    return value;
  }
  const record = value as Record<string, unknown>;
  const date = record[DATE_KEY];
  if (typeof date === 'string') return new Date(date);
  for (const key in record) {
    const item = record[key];
    if (typeof item === 'object' && item !== null) record[key] = reviveDates(item);
  }
  return record;
}
