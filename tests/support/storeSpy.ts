import sinon from 'sinon';
import type { DocumentCollection, StoredDocument } from '../../services/store/documentStore';
import type { Repositories } from '../../services/store/repositories';

/** The operators Samordna's own code writes into filters (services/store/documentStore.ts). */
const FILTER_OPERATORS: ReadonlySet<string> = new Set(['$in', '$ne', '$lt', '$lte', '$gt', '$gte', '$exists']);
const UPDATE_OPERATORS: ReadonlySet<string> = new Set(['$set', '$inc', '$unset']);
/** Fields that hold ids or keys: card data reaches them, so they must arrive as plain strings. */
const ID_FIELDS: ReadonlySet<string> = new Set(['_id', 'meetingId', 'caseId', 'userId', 'conversationKey', 'reference', 'key', 'assigneeUserId', 'subjectKey']);
const PROTOTYPE_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);
/** A field path as the code writes it: identifiers joined by dots (`followUp.flaggedFor`). */
const FIELD_PATH = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;

export interface StoreSpy {
  /** Every query or write that did not look like one of Samordna's own, described. */
  readonly violations: string[];
  /** How many calls were inspected (a spy that saw nothing proves nothing). */
  readonly inspected: number;
  restore(): void;
}

const isPrimitive = (value: unknown) => value === null || value instanceof Date || ['string', 'number', 'boolean'].includes(typeof value);
const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);

function fieldProblem(field: string): string | null {
  if (!FIELD_PATH.test(field)) return `field name ${JSON.stringify(field)}`;
  if (field.split('.').some((part) => PROTOTYPE_KEYS.has(part))) return `prototype key in ${JSON.stringify(field)}`;
  return null;
}

/** What is wrong with a filter, if anything: operators only where the code puts them, with primitive operands. */
export function filterProblems(filter: unknown): string[] {
  if (!isPlainObject(filter)) return [`filter is not an object: ${JSON.stringify(filter)}`];
  const problems: string[] = [];
  for (const [field, condition] of Object.entries(filter)) {
    const bad = fieldProblem(field);
    if (bad) problems.push(bad);
    if (isPrimitive(condition)) {
      if (ID_FIELDS.has(field) && typeof condition !== 'string') problems.push(`${field} is ${JSON.stringify(condition)}, not a string`);
      continue;
    }
    if (!isPlainObject(condition)) {
      problems.push(`${field}: ${JSON.stringify(condition)}`);
      continue;
    }
    for (const [operator, operand] of Object.entries(condition)) {
      if (!FILTER_OPERATORS.has(operator)) problems.push(`${field}: operator ${JSON.stringify(operator)}`);
      else if (operator === '$in' ? !Array.isArray(operand) || !operand.every(isPrimitive) : !isPrimitive(operand)) {
        problems.push(`${field}.${operator}: ${JSON.stringify(operand)}`);
      } else if (ID_FIELDS.has(field) && (operator !== '$in' || !(operand as unknown[]).every((item) => typeof item === 'string'))) {
        problems.push(`${field}.${operator} on an id`);
      }
    }
  }
  return problems;
}

/** Keys that MongoDB would read as operators or paths, anywhere in a value to store. */
export function storedKeyProblems(value: unknown, at = ''): string[] {
  if (Array.isArray(value)) return value.flatMap((item, i) => storedKeyProblems(item, `${at}[${i}]`));
  if (!isPlainObject(value)) return [];
  return Object.entries(value).flatMap(([key, item]) => {
    const here = at ? `${at}.${key}` : key;
    const own = key.startsWith('$') || key.includes('.') || PROTOTYPE_KEYS.has(key) ? [`stored key ${JSON.stringify(here)}`] : [];
    return [...own, ...storedKeyProblems(item, here)];
  });
}

export function updateProblems(update: unknown): string[] {
  if (!isPlainObject(update)) return [`update is not an object`];
  const problems: string[] = [];
  for (const [operator, fields] of Object.entries(update)) {
    if (!UPDATE_OPERATORS.has(operator)) problems.push(`update operator ${JSON.stringify(operator)}`);
    if (!isPlainObject(fields)) continue;
    for (const [field, value] of Object.entries(fields)) {
      const bad = fieldProblem(field);
      if (bad) problems.push(bad);
      problems.push(...storedKeyProblems(value, field));
    }
  }
  return problems;
}

/**
 * Watches every call the services make on the repositories' collections (the objects the
 * services hold, wrapped in place) and records each filter, update or document that carries an
 * operator, a path or a non-string id the code would never write itself — what a payload's
 * `{ "$ne": null }` or `"a.b"` key would look like had it reached the store.
 */
export function spyOnStore(repos: Repositories): StoreSpy {
  const stubs = sinon.createSandbox();
  const violations: string[] = [];
  let inspected = 0;
  const note = (collection: string, method: string, problems: string[]) => {
    inspected++;
    for (const problem of problems) violations.push(`${collection}.${method}: ${problem}`);
  };
  for (const [name, collection] of Object.entries(repos) as [string, DocumentCollection<StoredDocument>][]) {
    for (const method of ['findOne', 'find', 'count', 'deleteMany'] as const) {
      const original = collection[method].bind(collection) as (...args: unknown[]) => Promise<unknown>;
      stubs.stub(collection, method).callsFake(((filter: unknown, ...rest: unknown[]) => {
        note(name, method, filterProblems(filter));
        return original(filter, ...rest);
      }) as never);
    }
    const updateOne = collection.updateOne.bind(collection);
    stubs.stub(collection, 'updateOne').callsFake((filter, update) => {
      note(name, 'updateOne', [...filterProblems(filter), ...updateProblems(update)]);
      return updateOne(filter, update);
    });
    for (const method of ['insertOne', 'replaceOne'] as const) {
      const original = collection[method].bind(collection);
      stubs.stub(collection, method).callsFake((doc) => {
        note(name, method, [...(typeof doc._id === 'string' ? [] : ['_id is not a string']), ...storedKeyProblems(doc)]);
        return original(doc);
      });
    }
  }
  return {
    violations,
    get inspected() {
      return inspected;
    },
    restore: () => stubs.restore(),
  };
}
