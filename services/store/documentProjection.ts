// A projection applied to a whole document in memory, with MongoDB's rules: where the SQLite store
// reads whole documents anyway (a filter or sort it checks in memory, a path through a list).

type Doc = Record<string, unknown>;

/** Paths as a tree of field names; `true` marks a field returned whole. */
export type ProjectionTree = Map<string, ProjectionTree | true>;

export function projectionTree(paths: readonly string[]): ProjectionTree {
  const root: ProjectionTree = new Map();
  for (const path of paths) {
    const parts = path.split('.');
    let node = root;
    parts.forEach((part, i) => {
      if (i === parts.length - 1) {
        node.set(part, true);
        return;
      }
      let child = node.get(part);
      // Paths are checked (documentRules.ts `projectionPaths`): none lies inside another.
      if (child === undefined || child === true) {
        child = new Map();
        node.set(part, child);
      }
      node = child;
    });
  }
  return root;
}

/** `_id` and the fields of `tree` that `doc` has. The values are shared with `doc`, not copied. */
export function projectDocument(doc: Doc, tree: ProjectionTree): Doc {
  const out = projectObject(doc, tree);
  out._id = doc._id;
  return out;
}

function projectObject(doc: Doc, tree: ProjectionTree): Doc {
  const out: Doc = {};
  for (const [key, sub] of tree) {
    if (!Object.hasOwn(doc, key)) continue;
    const value = doc[key];
    if (sub === true) {
      out[key] = value;
      continue;
    }
    const projected = projectValue(value, sub);
    if (projected !== undefined) out[key] = projected;
  }
  return out;
}

/**
 * MongoDB's inclusion of `a.b` below `a`: an object is cut down (to `{}` if it lacks `b`), a list
 * keeps its objects and lists so cut down and drops everything else, any other value is left out.
 */
function projectValue(value: unknown, tree: ProjectionTree): unknown {
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    for (const element of value as unknown[]) {
      const projected = projectValue(element, tree);
      if (projected !== undefined) out.push(projected);
    }
    return out;
  }
  if (typeof value === 'object' && value !== null && !(value instanceof Date)) return projectObject(value as Doc, tree);
  return undefined;
}
