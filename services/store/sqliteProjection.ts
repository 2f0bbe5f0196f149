// A projection as SQL for the SQLite store: each listed field is taken out of `doc` by SQLite, so
// the document's text — with its sealed values, often most of it — never reaches JavaScript.
//
// A row's fields come as one JSON array (one string to hand over and parse, where a column per
// field would make a string each): a field as its JSON value, a Date as its `{"$date":…}` object,
// which the same reviver as a whole document's turns back into a Date, and a field the document
// lacks as `{"$missing":1}` — a key no stored document can have, since names starting with "$"
// are refused — so a missing field (left out) and a null one (kept) stay apart. Each parent on the
// way (`decision` of `decision.escalate`) comes first, as whether it is an object, because MongoDB
// returns a parent that is an object even when it lacks the field (`decision: {}`), and leaves out
// one that is not. Paths are checked (documentRules.ts) before they are written into the SQL.
// A path through a field where some document has stored a list is not projected here (see
// `projectsInSql`): JSON paths do not look into lists as MongoDB does.

import { reviveDates } from './storedJson';

type Doc = Record<string, unknown>;

const MISSING_KEY = '$missing';

export interface CompiledProjection {
  /** The result column after `_id`; empty when only `_id` is asked for. */
  columns: string;
  /** The document of a row read with `.raw()`: `[_id, …columns]`. */
  build(row: readonly unknown[]): Doc;
}

/** True unless a path passes through a field that has held a list (a list at its end is fine). */
export function projectsInSql(paths: readonly string[], listPaths: ReadonlySet<string>): boolean {
  if (listPaths.size === 0) return true;
  return paths.every((path) => parents(path).every((parent) => !listPaths.has(parent)));
}

export function compileProjection(paths: readonly string[]): CompiledProjection {
  const objects = [...new Set(paths.flatMap(parents))].sort((a, b) => depth(a) - depth(b));
  // Parents before fields, shallow before deep, so each step finds its container made.
  const steps = [...objects.map((path) => ({ kind: 'object' as const, parts: path.split('.') })), ...paths.map((path) => ({ kind: 'field' as const, parts: path.split('.') }))];
  // A Date is stored as an object too (storedJson.ts), but MongoDB does not look into it: 1 only for other objects.
  const values = [
    ...objects.map((path) => `CASE json_type(doc,'$.${path}') WHEN 'object' THEN json_type(doc,'$.${path}."$date"') IS NULL END`),
    ...paths.map((path) => `coalesce(doc->'$.${path}', json('{"${MISSING_KEY}":1}'))`),
  ];
  return {
    columns: values.length === 0 ? '' : `json_array(${values.join(', ')})`,
    build(row) {
      const doc: Doc = { _id: row[0] };
      if (steps.length === 0) return doc;
      const fields = JSON.parse(row[1] as string) as unknown[];
      for (let i = 0; i < steps.length; i++) {
        const value = fields[i];
        const { kind, parts } = steps[i]!;
        if (kind === 'object' ? value !== 1 : isMissing(value)) continue;
        let container = doc;
        for (let p = 0; p < parts.length - 1; p++) container = container[parts[p]!] as Doc;
        container[parts[parts.length - 1]!] = kind === 'object' ? {} : reviveDates(value);
      }
      return doc;
    },
  };
}

function isMissing(value: unknown): boolean {
  return typeof value === 'object' && value !== null && Object.hasOwn(value, MISSING_KEY);
}

/** `a` and `a.b` for `a.b.c`. */
function parents(path: string): string[] {
  const out: string[] = [];
  for (let at = path.indexOf('.'); at !== -1; at = path.indexOf('.', at + 1)) out.push(path.slice(0, at));
  return out;
}

const depth = (path: string): number => path.split('.').length;
