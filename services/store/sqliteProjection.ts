// A projection as SQL for the SQLite store: each listed field is taken out of `doc` by SQLite, so
// the document's text — with its sealed values, often most of it — never reaches JavaScript.
//
// A field comes as `doc -> '$.path'`: its JSON text, or SQL NULL where the document lacks it, so
// a missing field (left out) and a null one (kept) stay apart, and a Date comes as its
// `{"$date":…}` text, which the same reviver as a whole document's turns back into a Date. Each
// parent on the way (`decision` of `decision.escalate`) comes as whether it is an object, because
// MongoDB returns a parent that is an object even when it lacks the field (`decision: {}`), and
// leaves out one that is not. Paths are checked (documentRules.ts) before they are written into the SQL.
// A path through a field where some document has stored a list is not projected here (see
// `projectsInSql`): JSON paths do not look into lists as MongoDB does.

import { decodeDocument } from './storedJson';

type Doc = Record<string, unknown>;

export interface CompiledProjection {
  /** The result columns after `_id`. */
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
  const columns = [
    ...objects.map((path) => `CASE json_type(doc,'$.${path}') WHEN 'object' THEN json_type(doc,'$.${path}."$date"') IS NULL END`),
    ...paths.map((path) => `doc->'$.${path}'`),
  ];
  return {
    columns: columns.join(', '),
    build(row) {
      const doc: Doc = { _id: row[0] };
      for (let i = 0; i < steps.length; i++) {
        const value = row[i + 1];
        if (value === null) continue;
        const { kind, parts } = steps[i]!;
        if (kind === 'object' && value !== 1) continue;
        let container = doc;
        for (let p = 0; p < parts.length - 1; p++) container = container[parts[p]!] as Doc;
        container[parts[parts.length - 1]!] = kind === 'object' ? {} : decodeDocument<unknown>(value as string);
      }
      return doc;
    },
  };
}

/** `a` and `a.b` for `a.b.c`. */
function parents(path: string): string[] {
  const out: string[] = [];
  for (let at = path.indexOf('.'); at !== -1; at = path.indexOf('.', at + 1)) out.push(path.slice(0, at));
  return out;
}

const depth = (path: string): number => path.split('.').length;
