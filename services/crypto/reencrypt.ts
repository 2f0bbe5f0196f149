// `npm run reencrypt`: after a key change, moves every sealed value to the current key.
//
// Each value is rewritten on its own with a conditional update that matches only the exact sealed
// value that was read (its key id and random IV). So the run can stop at any moment (a crash, a
// kill) and a rerun simply carries on with what still carries an older key id; a value a server
// changed meanwhile (sealed anew with the current key, or purged) is left as it is. A value is
// only ever replaced by one sealed with the current key, so nothing becomes readable only by a
// key that is dropped afterwards.
import type { StoredDocument, DocumentCollection, FieldCondition } from '../store/documentStore';
import type { Repositories } from '../store/repositories';
import type { Keyring } from './keyring';
import { sealedValueSchema, valueAt } from './sealedValue';

export interface SealedField {
  collection: 'cases' | 'decisions' | 'secrets';
  /** Dotted path of a SealedValue (or null) in that collection's documents. */
  path: string;
}

/** Every place a value is sealed (grep `seal(` / `sealJson(` when adding one). */
export const SEALED_FIELDS: readonly SealedField[] = [
  { collection: 'cases', path: 'sealed' },
  { collection: 'cases', path: 'decision.sealedText' },
  { collection: 'decisions', path: 'sealedText' },
  // Last: a server given only the new key refuses to start while this secret needs the old one,
  // so an interrupted run is noticed at once rather than when somebody opens an old case.
  { collection: 'secrets', path: 'sealed' },
];

export interface KeyCount {
  collection: SealedField['collection'];
  path: string;
  keyId: string;
  count: number;
}

export interface BatchProgress extends KeyCount {
  /** Moved so far for this field and key, in this run. */
  moved: number;
}

export interface ReencryptHooks {
  /** After a batch was read and sealed anew, before it is written. */
  beforeWrite?(batch: { collection: SealedField['collection']; path: string; ids: string[] }): Promise<void> | void;
  afterBatch?(progress: BatchProgress): Promise<void> | void;
}

export type ReencryptResult =
  | { kind: 'nothing_to_do' }
  /** Values sealed with keys this keyring does not hold: nothing was moved. */
  | { kind: 'unknown_keys'; unknown: KeyCount[] }
  | { kind: 'dry_run'; toMove: KeyCount[] }
  | { kind: 'done'; toMove: KeyCount[]; moved: number; changedMeanwhile: number; left: KeyCount[] };

export interface ReencryptOptions {
  repos: Pick<Repositories, SealedField['collection']>;
  keyring: Keyring;
  batchSize: number;
  dryRun?: boolean;
  hooks?: ReencryptHooks;
}

export async function reencrypt(options: ReencryptOptions): Promise<ReencryptResult> {
  const { keyring } = options;
  const toMove = await valuesOnOlderKeys(options.repos, keyring.keyId);
  if (toMove.length === 0) return { kind: 'nothing_to_do' };
  const unknown = toMove.filter((entry) => !keyring.has(entry.keyId));
  if (unknown.length > 0) return { kind: 'unknown_keys', unknown };
  if (options.dryRun) return { kind: 'dry_run', toMove };

  let moved = 0;
  let changedMeanwhile = 0;
  for (const entry of toMove) {
    const outcome = await moveField(options, entry);
    moved += outcome.moved;
    changedMeanwhile += outcome.changedMeanwhile;
  }
  return { kind: 'done', toMove, moved, changedMeanwhile, left: await valuesOnOlderKeys(options.repos, keyring.keyId) };
}

/** Per field and key id, how many values are sealed with a key other than `currentId`. */
export async function valuesOnOlderKeys(repos: ReencryptOptions['repos'], currentId: string): Promise<KeyCount[]> {
  const counts: KeyCount[] = [];
  for (const field of SEALED_FIELDS) {
    const collection: DocumentCollection<StoredDocument> = repos[field.collection];
    const keyPath = `${field.path}.keyId`;
    for (const keyId of await otherKeyIds(collection, keyPath, currentId)) {
      counts.push({ collection: field.collection, path: field.path, keyId, count: await collection.count({ [keyPath]: keyId }) });
    }
  }
  return counts;
}

/**
 * The distinct key ids other than `currentId`, one indexed query per id found (there are only ever
 * a few): the ids below the current one, then those above. The lower bound '' keeps documents
 * without a sealed value (purged ones) out of the index range on both stores.
 */
async function otherKeyIds(collection: DocumentCollection<StoredDocument>, keyPath: string, currentId: string): Promise<string[]> {
  const ids: string[] = [];
  for (const direction of [-1, 1] as const) {
    let bound = currentId;
    for (;;) {
      const condition: FieldCondition = direction === 1 ? { $gt: bound } : { $gte: '', $lt: bound };
      const [doc] = await collection.find({ [keyPath]: condition }, { sort: { [keyPath]: direction }, limit: 1 });
      const keyId = valueAt(doc, keyPath);
      if (typeof keyId !== 'string') break;
      ids.push(keyId);
      bound = keyId;
    }
  }
  return ids;
}

async function moveField(options: ReencryptOptions, entry: KeyCount): Promise<{ moved: number; changedMeanwhile: number }> {
  const { keyring, hooks } = options;
  const collection: DocumentCollection<StoredDocument> = options.repos[entry.collection];
  const keyPath = `${entry.path}.keyId`;
  let moved = 0;
  let changedMeanwhile = 0;
  let lastAttempt = new Set<string>();
  for (;;) {
    const docs = await collection.find({ [keyPath]: entry.keyId }, { limit: options.batchSize });
    const rewrites = docs.map((doc) => {
      const parsed = sealedValueSchema.safeParse(valueAt(doc, entry.path));
      if (!parsed.success) throw new Error(`${entry.collection} ${doc._id}: ${entry.path} is not a sealed value (${parsed.error.issues[0]!.message})`);
      return { id: doc._id, old: parsed.data, fresh: keyring.seal(keyring.open(parsed.data)) };
    });
    const attempt = new Set(rewrites.map((rewrite) => `${rewrite.id}:${rewrite.old.iv}`));
    // The same values as last time, none of which could be written: another writer keeps sealing
    // with this key (a server still on the old configuration). Stop; the report says what is left.
    if (rewrites.length === 0 || [...attempt].every((value) => lastAttempt.has(value))) break;
    lastAttempt = attempt;

    await hooks?.beforeWrite?.({ collection: entry.collection, path: entry.path, ids: rewrites.map((rewrite) => rewrite.id) });
    for (const { id, old, fresh } of rewrites) {
      const matched = await collection.updateOne(
        { _id: id, [keyPath]: old.keyId, [`${entry.path}.iv`]: old.iv },
        { $set: { [entry.path]: fresh } },
      );
      if (matched === 1) moved++;
      else changedMeanwhile++;
    }
    await hooks?.afterBatch?.({ ...entry, moved });
  }
  return { moved, changedMeanwhile };
}
