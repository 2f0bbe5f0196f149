// How the SQLite store writes a document as JSON text and reads it back.
//
// JSON has no Date, so a Date is written as `{"$date":"2025-01-01T09:30:15.123Z"}`. That cannot
// clash with a stored object: field names starting with "$" are refused before anything is stored
// (documentRules.ts `toStorable`). In SQL, `json_extract` of such a field is that same text, and
// since every Date has the same prefix and a fixed-width ISO timestamp, comparing the texts
// compares the instants — so Dates are found, ranged and sorted by the same expression indexes
// as strings and numbers, with a parameter encoded by `dateText`.

const DATE_KEY = '$date';

/** The SQL text of a Date as `json_extract` returns it from a stored document. */
export function dateText(date: Date): string {
  return `{"${DATE_KEY}":"${date.toISOString()}"}`;
}

/** Bounds around every `dateText` (ISO timestamps start with a digit, "+" or "-"). */
export const DATE_TEXT_MIN = `{"${DATE_KEY}":"`;
export const DATE_TEXT_MAX = `{"${DATE_KEY}":"~`;

/** Stores `doc` (already checked by `toStorable`) as JSON text. */
export function encodeDocument(doc: unknown): string {
  return JSON.stringify(doc, dateReplacer);
}

/** A single value as JSON text, e.g. for an update or an imported document. */
export const encodeValue = encodeDocument;

function dateReplacer(this: Record<string, unknown>, key: string, value: unknown): unknown {
  // JSON.stringify has already called Date#toJSON on `value`; the Date itself is still on `this`.
  const raw = this[key];
  return raw instanceof Date ? { [DATE_KEY]: value } : value;
}

/** Reads a stored document back, Dates as Dates. */
export function decodeDocument<T>(text: string): T {
  return revive(JSON.parse(text)) as T;
}

/**
 * Turns `{"$date": …}` objects back into Dates, in place. A walk after a plain JSON.parse is
 * several times faster than a JSON.parse reviver, which V8 calls for every value.
 */
function revive(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = revive(value[i]);
    return value;
  }
  const record = value as Record<string, unknown>;
  const date = record[DATE_KEY];
  if (typeof date === 'string') return new Date(date);
  for (const key in record) {
    const item = record[key];
    if (typeof item === 'object' && item !== null) record[key] = revive(item);
  }
  return record;
}
