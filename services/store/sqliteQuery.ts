// The contract's filters and sorts as SQL for the SQLite store.
//
// Every value travels as a bound parameter. Field paths are the one thing written into the SQL
// text, as JSON paths in `json_extract(doc,'$.a.b')`: SQLite uses an index on an expression only
// for a query that spells the same expression, so a path cannot be a parameter. Paths are checked
// first (documentRules.ts: identifiers joined by dots), which leaves no quote or bracket to inject.
// (A find's limit, checked to be a whole number, is written as a literal too: see sqliteStore.ts.)
//
// Semantics follow MongoDB (tests/store/documentStore.contract.ts): a null condition matches null
// and missing fields, `$ne` matches missing fields, and a range only matches values of the
// operand's own type. SQLite orders NULL < numbers < text < blobs, and `json_extract` returns
// JSON strings as text, numbers as numbers, true/false as 1/0 and a Date as its `{"$date":…}`
// text (storedJson.ts); the bounds below keep each range within its type, and give the planner a
// two-sided range, which it prefers to a scan.

import type { FilterTerm, FilterValue } from './documentRules';
import { DATE_TEXT_MAX, DATE_TEXT_MIN, dateText } from './storedJson';

export type SqlParam = string | number | null;

export interface CompiledFilter {
  /** A WHERE clause over `doc` (and the `_id` column). */
  where: string;
  params: SqlParam[];
  /** Conditions on paths where lists are stored: checked in memory (documentMatch.ts). */
  inMemory: FilterTerm[];
}

/** The SQL expression for a field; queries and indexes share it, so indexes are used. */
export function fieldExpression(path: string): string {
  return path === '_id' ? '_id' : `json_extract(doc,'$.${path}')`;
}

function typeExpression(path: string): string {
  return `json_type(doc,'$.${path}')`;
}

/** True when `path`, or a field it passes through, has held a list in some stored document. */
export function touchesList(path: string, listPaths: ReadonlySet<string>): boolean {
  if (listPaths.size === 0) return false;
  let at = path.indexOf('.');
  while (at !== -1) {
    if (listPaths.has(path.slice(0, at))) return true;
    at = path.indexOf('.', at + 1);
  }
  return listPaths.has(path);
}

export function compileFilter(terms: readonly FilterTerm[], listPaths: ReadonlySet<string>): CompiledFilter {
  const clauses: string[] = [];
  const params: SqlParam[] = [];
  const inMemory: FilterTerm[] = [];
  for (const term of terms) {
    if (touchesList(term.path, listPaths)) {
      inMemory.push(term);
      continue;
    }
    clauses.push(compileTerm(term, params));
  }
  return { where: clauses.length === 0 ? '1' : clauses.join(' AND '), params, inMemory };
}

export function compileSort(keys: readonly { path: string; direction: 1 | -1 }[]): string {
  if (keys.length === 0) return '';
  return ` ORDER BY ${keys.map(({ path, direction }) => `${fieldExpression(path)} ${direction === 1 ? 'ASC' : 'DESC'}`).join(', ')}`;
}

function compileTerm(term: FilterTerm, params: SqlParam[]): string {
  const expr = fieldExpression(term.path);
  const bind = (value: SqlParam): string => {
    params.push(value);
    return '?';
  };
  switch (term.op) {
    case 'eq':
      if (term.value === null) return `${expr} IS NULL`;
      if (typeof term.value === 'boolean') return `${typeExpression(term.path)} = ${bind(String(term.value))}`;
      return `${expr} = ${bind(sqlValue(term.value))}`;
    case '$ne':
      if (term.value === null) return `${expr} IS NOT NULL`;
      if (typeof term.value === 'boolean') return `${typeExpression(term.path)} IS NOT ${bind(String(term.value))}`;
      return `${expr} IS NOT ${bind(sqlValue(term.value))}`;
    case '$exists':
      return `${typeExpression(term.path)} ${term.value ? 'IS NOT NULL' : 'IS NULL'}`;
    case '$in': {
      const alternatives: string[] = [];
      const plain = term.value.filter((value) => value !== null && typeof value !== 'boolean') as Exclude<FilterValue, null | boolean>[];
      const booleans = term.value.filter((value) => typeof value === 'boolean');
      // One parameter for the whole list (a JSON array), so lists of any length share one statement.
      if (plain.length > 0) alternatives.push(`${expr} IN (SELECT value FROM json_each(${bind(JSON.stringify(plain.map(sqlValue)))}))`);
      if (booleans.length > 0) alternatives.push(`${typeExpression(term.path)} IN (SELECT value FROM json_each(${bind(JSON.stringify(booleans.map(String)))}))`);
      if (term.value.includes(null)) alternatives.push(`${expr} IS NULL`);
      if (alternatives.length === 0) return '0';
      return alternatives.length === 1 ? alternatives[0]! : `(${alternatives.join(' OR ')})`;
    }
    default:
      return compileRange(term.path, term.op, term.value, bind);
  }
}

const SQL_OPERATOR = { $lt: '<', $lte: '<=', $gt: '>', $gte: '>=' } as const;

function compileRange(path: string, op: keyof typeof SQL_OPERATOR, value: FilterValue, bind: (value: SqlParam) => string): string {
  const expr = fieldExpression(path);
  const compared = (operand: SqlParam) => `${expr} ${SQL_OPERATOR[op]} ${bind(operand)}`;
  const below = op === '$lt' || op === '$lte';
  if (value === null) return op === '$lte' || op === '$gte' ? `${expr} IS NULL` : '0';
  if (typeof value === 'boolean') {
    // false < true, as in MongoDB; SQLite's 0/1 would also match numbers, so compare the JSON type.
    const order = ['false', 'true'];
    const at = order.indexOf(String(value));
    const kept = order.filter((_, i) => (op === '$lt' ? i < at : op === '$lte' ? i <= at : op === '$gt' ? i > at : i >= at));
    if (kept.length === 0) return '0';
    return `${typeExpression(path)} IN (SELECT value FROM json_each(${bind(JSON.stringify(kept))}))`;
  }
  if (value instanceof Date) {
    // Only Date texts lie between DATE_TEXT_MIN and DATE_TEXT_MAX, and every Date text does: a
    // bound from below needs only the upper end of that band, a bound from above only its lower end.
    return below ? `${compared(dateText(value))} AND ${expr} >= ${bind(DATE_TEXT_MIN)}` : `${compared(dateText(value))} AND ${expr} < ${bind(DATE_TEXT_MAX)}`;
  }
  if (typeof value === 'number') {
    // Numbers sort below all text: '' bounds them from above, -Infinity from below.
    return below ? `${compared(value)} AND ${expr} >= ${bind(-Infinity)}` : `${compared(value)} AND ${expr} < ${bind('')}`;
  }
  // A string: text sorts above numbers and below blobs; Date texts are text too, so leave them out.
  const bounded = below ? `${compared(value)} AND ${expr} >= ${bind('')}` : `${compared(value)} AND ${expr} < CAST(${bind('')} AS BLOB)`;
  return `${bounded} AND NOT (${expr} >= ${bind(DATE_TEXT_MIN)} AND ${expr} < ${bind(DATE_TEXT_MAX)})`;
}

/** A value as SQLite sees it in a stored document (Dates as their `{"$date":…}` text). */
function sqlValue(value: string | number | Date): string | number {
  return value instanceof Date ? dateText(value) : value;
}
