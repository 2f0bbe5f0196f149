// What every DocumentStore must do. Each store's spec runs this against a fresh, empty database.
import { strict as assert } from 'node:assert';
import { DuplicateKeyError, type DocumentCollection, type DocumentStore, type IndexSpec } from '../../services/store/documentStore';

interface Item {
  _id: string;
  key: string;
  n: number;
  flag: boolean;
  at: Date;
  tags: string[];
  nested: { when: Date; label: string; deep: { count: number; note?: string } };
  list: { name: string; at: Date }[];
  maybe: string | null;
  optional?: string;
}

const day = (d: number): Date => new Date(Date.UTC(2025, 0, d, 9, 30, 15, 123));

function item(id: string, over: Partial<Item> = {}): Item {
  return {
    _id: id,
    key: `key-${id}`,
    n: 0,
    flag: false,
    at: day(1),
    tags: [],
    nested: { when: day(2), label: 'x', deep: { count: 0 } },
    list: [],
    maybe: null,
    ...over,
  };
}

const ids = (docs: readonly { _id: string }[]): string[] => docs.map((d) => d._id);
const sortedIds = (docs: readonly { _id: string }[]): string[] => ids(docs).sort();

export function documentStoreContract(
  name: string,
  open: () => Promise<DocumentStore>,
  cleanup: () => Promise<void>,
): void {
  describe(`${name}: DocumentStore contract`, () => {
    let store: DocumentStore;
    let items: DocumentCollection<Item>;

    beforeEach(async () => {
      store = await open();
      items = store.collection<Item>('items');
    });

    afterEach(async () => {
      await store.close();
      await cleanup();
    });

    async function seed(...docs: Item[]): Promise<void> {
      for (const doc of docs) await items.insertOne(doc);
    }

    describe('insertOne / findOne', () => {
      it('round-trips Dates (top level, nested, in arrays), nested objects, arrays, null and booleans', async () => {
        const doc = item('a', {
          n: 42.5,
          flag: true,
          at: day(3),
          tags: ['red', 'green'],
          nested: { when: day(4), label: 'åäö', deep: { count: 7, note: 'n' } },
          list: [
            { name: 'one', at: day(5) },
            { name: 'two', at: day(6) },
          ],
          maybe: null,
        });
        await items.insertOne(doc);
        const found = await items.findOne({ _id: 'a' });
        assert.deepStrictEqual(found, doc);
        assert.ok(found?.at instanceof Date);
        assert.ok(found.nested.when instanceof Date);
        assert.ok(found.list[1].at instanceof Date);
        assert.equal(found.list[1].at.getTime(), day(6).getTime());
      });

      it('returns null when nothing matches', async () => {
        await seed(item('a'));
        assert.equal(await items.findOne({ _id: 'nope' }), null);
      });

      it('returns copies: changing a returned or inserted object does not change the stored one', async () => {
        const doc = item('a', { tags: ['t'] });
        await items.insertOne(doc);
        doc.tags.push('changed-after-insert');
        const found = await items.findOne({ _id: 'a' });
        assert.ok(found);
        found.tags.push('changed-after-find');
        assert.deepStrictEqual((await items.findOne({ _id: 'a' }))?.tags, ['t']);
      });

      it('does not store fields whose value is undefined', async () => {
        await items.insertOne(item('a', { optional: undefined }));
        const found = await items.findOne({ _id: 'a' });
        assert.ok(found);
        assert.equal(Object.prototype.hasOwnProperty.call(found, 'optional'), false);
      });

      it('rejects field names starting with "$" or containing "." and stores nothing', async () => {
        const withDollar = { ...item('a'), card: { $schema: 'http://adaptivecards.io/schemas/adaptive-card.json' } };
        await assert.rejects(items.insertOne(withDollar), /\$schema/);
        const withDot = { ...item('b'), meta: { 'a.b': 1 } };
        await assert.rejects(items.insertOne(withDot), /a\.b/);
        assert.equal(await items.count({}), 0);
      });

      it('throws DuplicateKeyError for a duplicate _id and keeps the first document', async () => {
        await seed(item('a', { n: 1 }));
        await assert.rejects(items.insertOne(item('a', { n: 2 })), (err: unknown) => {
          assert.ok(err instanceof DuplicateKeyError);
          assert.equal(err.collection, 'items');
          return true;
        });
        assert.equal((await items.findOne({ _id: 'a' }))?.n, 1);
      });
    });

    describe('find: sort and limit', () => {
      beforeEach(async () => {
        await seed(
          item('a', { n: 3, at: day(10), key: 'b', nested: { when: day(1), label: 'x', deep: { count: 2 } } }),
          item('b', { n: 1, at: day(12), key: 'a', nested: { when: day(1), label: 'x', deep: { count: 9 } } }),
          item('c', { n: 2, at: day(11), key: 'b', nested: { when: day(1), label: 'x', deep: { count: 5 } } }),
          item('d', { n: 5, at: day(9), key: 'a', nested: { when: day(1), label: 'x', deep: { count: 1 } } }),
        );
      });

      it('sorts ascending and descending by numbers and Dates', async () => {
        assert.deepStrictEqual(ids(await items.find({}, { sort: { n: 1 } })), ['b', 'c', 'a', 'd']);
        assert.deepStrictEqual(ids(await items.find({}, { sort: { n: -1 } })), ['d', 'a', 'c', 'b']);
        assert.deepStrictEqual(ids(await items.find({}, { sort: { at: 1 } })), ['d', 'a', 'c', 'b']);
      });

      it('sorts by several keys in order and by dotted paths', async () => {
        assert.deepStrictEqual(ids(await items.find({}, { sort: { key: 1, n: -1 } })), ['d', 'b', 'a', 'c']);
        assert.deepStrictEqual(ids(await items.find({}, { sort: { 'nested.deep.count': -1 } })), ['b', 'c', 'a', 'd']);
      });

      it('limits after sorting, and combines with a filter', async () => {
        assert.deepStrictEqual(ids(await items.find({}, { sort: { n: -1 }, limit: 2 })), ['d', 'a']);
        assert.deepStrictEqual(ids(await items.find({ key: 'b' }, { sort: { at: -1 }, limit: 1 })), ['c']);
      });
    });

    describe('filters', () => {
      beforeEach(async () => {
        await seed(
          item('a', { n: 1, flag: true, at: day(1), key: 'k1', tags: ['x', 'y'], maybe: 'set', optional: 'o' }),
          item('b', { n: 2, flag: false, at: day(2), key: 'k2', tags: ['y'], maybe: null }),
          item('c', { n: 3, flag: true, at: day(3), key: 'k3', tags: [], maybe: 'set' }),
          item('d', { n: 4, flag: false, at: day(4), key: 'k4', tags: ['z'], maybe: null, optional: 'o' }),
        );
      });

      it('matches equality on strings, numbers, booleans and Dates, ANDing fields', async () => {
        assert.deepStrictEqual(sortedIds(await items.find({ key: 'k2' })), ['b']);
        assert.deepStrictEqual(sortedIds(await items.find({ n: 3 })), ['c']);
        assert.deepStrictEqual(sortedIds(await items.find({ flag: true })), ['a', 'c']);
        assert.deepStrictEqual(sortedIds(await items.find({ at: day(4) })), ['d']);
        assert.deepStrictEqual(sortedIds(await items.find({ flag: true, n: 3 })), ['c']);
        assert.deepStrictEqual(await items.find({ flag: true, n: 2 }), []);
      });

      it('matches an array field that contains the value', async () => {
        assert.deepStrictEqual(sortedIds(await items.find({ tags: 'y' })), ['a', 'b']);
      });

      it('$in on strings and Dates', async () => {
        assert.deepStrictEqual(sortedIds(await items.find({ key: { $in: ['k1', 'k4', 'nope'] } })), ['a', 'd']);
        assert.deepStrictEqual(sortedIds(await items.find({ at: { $in: [day(2), day(3)] } })), ['b', 'c']);
        assert.deepStrictEqual(await items.find({ key: { $in: [] } }), []);
      });

      it('$ne', async () => {
        assert.deepStrictEqual(sortedIds(await items.find({ key: { $ne: 'k1' } })), ['b', 'c', 'd']);
        assert.deepStrictEqual(sortedIds(await items.find({ flag: { $ne: true } })), ['b', 'd']);
      });

      it('$lt, $lte, $gt, $gte on numbers', async () => {
        assert.deepStrictEqual(sortedIds(await items.find({ n: { $lt: 2 } })), ['a']);
        assert.deepStrictEqual(sortedIds(await items.find({ n: { $lte: 2 } })), ['a', 'b']);
        assert.deepStrictEqual(sortedIds(await items.find({ n: { $gt: 3 } })), ['d']);
        assert.deepStrictEqual(sortedIds(await items.find({ n: { $gte: 3 } })), ['c', 'd']);
      });

      it('$lt, $lte, $gt, $gte and a $gte+$lt range on Dates', async () => {
        assert.deepStrictEqual(sortedIds(await items.find({ at: { $lt: day(2) } })), ['a']);
        assert.deepStrictEqual(sortedIds(await items.find({ at: { $lte: day(2) } })), ['a', 'b']);
        assert.deepStrictEqual(sortedIds(await items.find({ at: { $gt: day(3) } })), ['d']);
        assert.deepStrictEqual(sortedIds(await items.find({ at: { $gte: day(3) } })), ['c', 'd']);
        assert.deepStrictEqual(sortedIds(await items.find({ at: { $gte: day(2), $lt: day(4) } })), ['b', 'c']);
      });

      it('a range on Dates matches Dates only, whatever else the field holds in other documents', async () => {
        const mixed = store.collection<{ _id: string; value: unknown }>('mixed');
        const values: [string, unknown][] = [['date', day(5)], ['tilde', '~~~'], ['pipe', '|x'], ['letter', 'a'], ['number', 7], ['object', { k: 1 }], ['list', [1]], ['flag', true], ['none', null]];
        for (const [id, value] of values) await mixed.insertOne({ _id: id, value });
        assert.deepStrictEqual(sortedIds(await mixed.find({ value: { $gt: day(1) } })), ['date']);
        assert.deepStrictEqual(sortedIds(await mixed.find({ value: { $lte: day(9) } })), ['date']);
        assert.deepStrictEqual(sortedIds(await mixed.find({ value: { $gte: day(1), $lt: day(9) } })), ['date']);
      });

      it('$lt / $gt on strings compare lexically', async () => {
        assert.deepStrictEqual(sortedIds(await items.find({ key: { $gt: 'k2' } })), ['c', 'd']);
      });

      it('$exists', async () => {
        assert.deepStrictEqual(sortedIds(await items.find({ optional: { $exists: true } })), ['a', 'd']);
        assert.deepStrictEqual(sortedIds(await items.find({ optional: { $exists: false } })), ['b', 'c']);
        // A field holding null exists.
        assert.deepStrictEqual(sortedIds(await items.find({ maybe: { $exists: true } })), ['a', 'b', 'c', 'd']);
      });

      it('null matches null and missing fields; $ne: null matches neither (MongoDB semantics)', async () => {
        assert.deepStrictEqual(sortedIds(await items.find({ maybe: null })), ['b', 'd']);
        assert.deepStrictEqual(sortedIds(await items.find({ maybe: { $ne: null } })), ['a', 'c']);
        assert.deepStrictEqual(sortedIds(await items.find({ optional: null })), ['b', 'c']);
        assert.deepStrictEqual(sortedIds(await items.find({ optional: { $ne: null } })), ['a', 'd']);
        assert.deepStrictEqual(sortedIds(await items.find({ optional: { $in: [null, 'nope'] } })), ['b', 'c']);
        assert.deepStrictEqual(sortedIds(await items.find({ maybe: null, optional: null })), ['b']);
      });

      it('dotted paths reach into nested objects', async () => {
        await seed(item('e', { nested: { when: day(20), label: 'deep', deep: { count: 12 } } }));
        assert.deepStrictEqual(sortedIds(await items.find({ 'nested.label': 'deep' })), ['e']);
        assert.deepStrictEqual(sortedIds(await items.find({ 'nested.deep.count': { $gte: 10 } })), ['e']);
        assert.deepStrictEqual(sortedIds(await items.find({ 'nested.when': { $gt: day(10) } })), ['e']);
        assert.deepStrictEqual(sortedIds(await items.find({ 'nested.deep.note': { $exists: true } })), []);
      });

      it('count applies the filter', async () => {
        assert.equal(await items.count({}), 4);
        assert.equal(await items.count({ flag: true }), 2);
        assert.equal(await items.count({ n: { $gt: 10 } }), 0);
      });
    });

    describe('find: projection', () => {
      beforeEach(async () => {
        await seed(
          item('a', { n: 3, key: 'k1', at: day(3), tags: ['x', 'y'], maybe: 'set', optional: 'o', nested: { when: day(13), label: 'la', deep: { count: 1, note: 'n' } }, list: [{ name: 'one', at: day(5) }, { name: 'two', at: day(6) }] }),
          item('b', { n: 1, key: 'k2', at: day(1), tags: ['y'], nested: { when: day(11), label: 'lb', deep: { count: 2 } } }),
          item('c', { n: 2, key: 'k3', at: day(2), tags: [], nested: { when: day(12), label: 'lc', deep: { count: 3 } } }),
        );
      });

      it('returns _id and the top-level fields listed, nulls kept, Dates as Dates', async () => {
        const found = await items.find({}, { projection: ['key', 'at', 'maybe'], sort: { n: 1 } });
        assert.deepStrictEqual(found, [
          { _id: 'b', key: 'k2', at: day(1), maybe: null },
          { _id: 'c', key: 'k3', at: day(2), maybe: null },
          { _id: 'a', key: 'k1', at: day(3), maybe: 'set' },
        ]);
        assert.ok(found.every((doc) => doc.at instanceof Date));
      });

      it('builds nested objects from dotted paths, nested Dates as Dates, whole lists and objects as stored', async () => {
        const [a] = await items.find({ _id: 'a' }, { projection: ['nested.when', 'nested.deep.count', 'tags', 'list'] });
        assert.deepStrictEqual(a, { _id: 'a', nested: { when: day(13), deep: { count: 1 } }, tags: ['x', 'y'], list: [{ name: 'one', at: day(5) }, { name: 'two', at: day(6) }] });
        assert.ok(a?.nested?.when instanceof Date);
        assert.ok(a.list[1]!.at instanceof Date);
        const [b] = await items.find({ _id: 'b' }, { projection: ['nested'] });
        assert.deepStrictEqual(b, { _id: 'b', nested: { when: day(11), label: 'lb', deep: { count: 2 } } });
        assert.ok(b?.nested.when instanceof Date);
      });

      it('returns every kind of value as stored: escapes, Unicode, numbers, booleans, Dates of any year, objects and lists', async () => {
        const odd = {
          _id: 'odd',
          quoted: 'säger "nej" \\ C:\\temp\n\tslut',
          unicode: 'Åsa Öberg 🩺 \u2028',
          empty: '',
          numbers: [0, -1.5e-7, 12345678901234, 3.25],
          negative: -42,
          yes: true,
          no: false,
          early: new Date('0001-01-01T00:00:00.000Z'),
          late: new Date('+010000-01-01T00:00:00.000Z'),
          dateLike: '{"$date":"2026-01-03T07:10:00.000Z"}',
          object: { when: day(4), flag: false },
        };
        const values = store.collection<typeof odd>('values');
        await values.insertOne(odd);
        const [found] = await values.find({ _id: 'odd' }, { projection: Object.keys(odd).filter((key) => key !== '_id') });
        assert.deepStrictEqual(found, odd);
      });

      it('leaves a missing field out (not null), and a parent that is not an object; keeps an object parent without the field', async () => {
        const found = await items.find({}, { projection: ['optional', 'nested.deep.note', 'nowhere.deeper', 'maybe.inner', 'at.inner'], sort: { _id: 1 } });
        assert.deepStrictEqual(found, [
          { _id: 'a', optional: 'o', nested: { deep: { note: 'n' } } },
          { _id: 'b', nested: { deep: {} } },
          { _id: 'c', nested: { deep: {} } },
        ]);
        assert.equal(Object.hasOwn(found[1]!, 'optional'), false);
      });

      it('returns _id alone for an empty projection or one naming only _id', async () => {
        assert.deepStrictEqual(await items.find({ key: 'k1' }, { projection: [] }), [{ _id: 'a' }]);
        assert.deepStrictEqual(await items.find({ key: 'k1' }, { projection: ['_id', '_id'] }), [{ _id: 'a' }]);
      });

      it('sorts and limits by fields it does not return', async () => {
        assert.deepStrictEqual(await items.find({}, { projection: ['key'], sort: { 'nested.when': -1 }, limit: 2 }), [
          { _id: 'a', key: 'k1' },
          { _id: 'c', key: 'k3' },
        ]);
        assert.deepStrictEqual(await items.find({ n: { $gte: 2 } }, { projection: ['n'], sort: { n: 1 }, limit: 1 }), [{ _id: 'c', n: 2 }]);
      });

      it('projects where the filter or the sort is on a list (evaluated in memory on the embedded store)', async () => {
        assert.deepStrictEqual(await items.find({ tags: 'y' }, { projection: ['key', 'nested.when'], sort: { n: -1 } }), [
          { _id: 'a', key: 'k1', nested: { when: day(13) } },
          { _id: 'b', key: 'k2', nested: { when: day(11) } },
        ]);
        assert.deepStrictEqual(await items.find({ tags: 'y' }, { projection: ['at'], sort: { n: 1 }, limit: 1 }), [{ _id: 'b', at: day(1) }]);
        const byListDate = await items.find({ 'list.name': { $exists: true } }, { projection: ['nested.deep.count'], sort: { 'list.at': 1 } });
        assert.deepStrictEqual(byListDate, [{ _id: 'a', nested: { deep: { count: 1 } } }]);
      });

      it('projects a path through a list into each object of the list, as MongoDB does', async () => {
        const found = await items.find({}, { projection: ['list.at'], sort: { _id: 1 } });
        assert.deepStrictEqual(found, [
          { _id: 'a', list: [{ at: day(5) }, { at: day(6) }] },
          { _id: 'b', list: [] },
          { _id: 'c', list: [] },
        ]);
        assert.ok(found[0]!.list![0]!.at instanceof Date);
      });

      it('types what it returns: the fields listed, a parent on the way optional', async () => {
        const [a] = await items.find({ _id: 'a' }, { projection: ['key', 'nested.deep.count'] });
        assert.ok(a);
        const key: string = a.key;
        const count: number | undefined = a.nested?.deep?.count;
        // @ts-expect-error `n` was not asked for
        assert.equal(a.n, undefined);
        assert.deepStrictEqual([key, count], ['k1', 1]);
      });

      const invalid: [string, unknown][] = [
        ['a path with an empty part', ['nested..label']],
        ['a path with SQL in it', ["key') || (SELECT doc FROM items) --"]],
        ['a JSON path', ['$.key']],
        ['a list position', ['list.0.name']],
        ['__proto__', ['__proto__']],
        ['a constructor path', ['constructor.prototype']],
        ['a path inside _id', ['_id.x']],
        ['a path inside another', ['nested', 'nested.when']],
        ['something other than a list', 'key'],
        ['a list of something other than paths', [1]],
        ['an object', { key: 1 }],
      ];
      for (const [what, projection] of invalid) {
        it(`refuses ${what}`, async () => {
          await assert.rejects(items.find({}, { projection: projection as never }), /projection/);
          await assert.rejects(items.find({ tags: 'y' }, { projection: projection as never }), /projection/);
        });
      }
    });

    describe('updateOne', () => {
      it('$set (top level, dotted, Dates) and returns 1; returns 0 and changes nothing when unmatched', async () => {
        await seed(item('a'), item('b'));
        const n = await items.updateOne({ _id: 'a' }, { $set: { key: 'new', at: day(20), 'nested.deep.count': 5 } });
        assert.equal(n, 1);
        const a = await items.findOne({ _id: 'a' });
        assert.equal(a?.key, 'new');
        assert.ok(a.at instanceof Date);
        assert.equal(a.at.getTime(), day(20).getTime());
        assert.deepStrictEqual(a.nested, { when: day(2), label: 'x', deep: { count: 5 } });
        assert.deepStrictEqual(await items.findOne({ _id: 'b' }), item('b'));

        assert.equal(await items.updateOne({ _id: 'nope' }, { $set: { key: 'x' } }), 0);
        assert.equal(await items.updateOne({ _id: 'b', n: 99 }, { $set: { key: 'x' } }), 0);
        assert.deepStrictEqual(await items.findOne({ _id: 'b' }), item('b'));
        assert.equal(await items.count({}), 2);
      });

      it('$set of a whole nested object replaces it', async () => {
        await seed(item('a', { nested: { when: day(1), label: 'x', deep: { count: 1, note: 'n' } } }));
        await items.updateOne({ _id: 'a' }, { $set: { nested: { when: day(9), label: 'y', deep: { count: 2 } } } });
        assert.deepStrictEqual((await items.findOne({ _id: 'a' }))?.nested, { when: day(9), label: 'y', deep: { count: 2 } });
      });

      it('$inc adds to numbers, also at dotted paths, and creates a missing field', async () => {
        await seed(item('a', { n: 10 }));
        assert.equal(await items.updateOne({ _id: 'a' }, { $inc: { n: 5, 'nested.deep.count': -2, fresh: 3 } }), 1);
        const a = (await items.findOne({ _id: 'a' })) as (Item & { fresh?: number }) | null;
        assert.equal(a?.n, 15);
        assert.equal(a.nested.deep.count, -2);
        assert.equal(a.fresh, 3);
      });

      it('$unset removes fields, also at dotted paths; $set and $unset combine', async () => {
        await seed(item('a', { optional: 'o', nested: { when: day(1), label: 'x', deep: { count: 1, note: 'n' } } }));
        await items.updateOne({ _id: 'a' }, { $unset: { optional: true, 'nested.deep.note': true }, $set: { n: 7 } });
        const a = await items.findOne({ _id: 'a' });
        assert.ok(a);
        assert.equal('optional' in a, false);
        assert.deepStrictEqual(a.nested.deep, { count: 1 });
        assert.equal(a.n, 7);
        assert.equal(await items.count({ optional: { $exists: true } }), 0);
      });

      it('updates only one document when several match', async () => {
        await seed(item('a', { key: 'same' }), item('b', { key: 'same' }));
        assert.equal(await items.updateOne({ key: 'same' }, { $set: { n: 1 } }), 1);
        assert.equal(await items.count({ n: 1 }), 1);
      });

      it('is atomic: of many concurrent conditional claims exactly one wins', async () => {
        await seed(item('job', { key: 'pending' }));
        const claims = await Promise.all(
          Array.from({ length: 10 }, (_, i) =>
            items.updateOne({ _id: 'job', key: 'pending' }, { $set: { key: 'claimed', n: i } }),
          ),
        );
        assert.deepStrictEqual([...claims].sort(), [0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
        const job = await items.findOne({ _id: 'job' });
        assert.equal(job?.key, 'claimed');
        assert.equal(job.n, claims.indexOf(1));
      });

      it('refuses an update without operators and values with invalid field names', async () => {
        await seed(item('a'));
        await assert.rejects(items.updateOne({ _id: 'a' }, {}));
        await assert.rejects(items.updateOne({ _id: 'a' }, { $set: { meta: { $bad: 1 } } }), /\$bad/);
        assert.deepStrictEqual(await items.findOne({ _id: 'a' }), item('a'));
      });
    });

    describe('replaceOne', () => {
      it('inserts when absent and replaces the whole document when present', async () => {
        await items.replaceOne(item('a', { n: 1, optional: 'o' }));
        assert.deepStrictEqual(await items.findOne({ _id: 'a' }), item('a', { n: 1, optional: 'o' }));
        await items.replaceOne(item('a', { n: 2 }));
        const a = await items.findOne({ _id: 'a' });
        assert.deepStrictEqual(a, item('a', { n: 2 }));
        assert.equal(await items.count({}), 1);
      });
    });

    describe('deleteMany and count', () => {
      it('deletes what matches and returns how many', async () => {
        await seed(item('a', { n: 1 }), item('b', { n: 2 }), item('c', { n: 3 }));
        assert.equal(await items.deleteMany({ n: { $gte: 2 } }), 2);
        assert.deepStrictEqual(ids(await items.find({})), ['a']);
        assert.equal(await items.deleteMany({ n: 99 }), 0);
        assert.equal(await items.deleteMany({}), 1);
        assert.equal(await items.count({}), 0);
      });
    });

    describe('indexes', () => {
      it('a unique index makes insert, updateOne and replaceOne throw DuplicateKeyError', async () => {
        await items.ensureIndexes([{ name: 'key_unique', fields: { key: 1 }, unique: true }]);
        await seed(item('a', { key: 'k' }), item('b', { key: 'other' }));
        await assert.rejects(items.insertOne(item('c', { key: 'k' })), DuplicateKeyError);
        await assert.rejects(items.updateOne({ _id: 'b' }, { $set: { key: 'k' } }), DuplicateKeyError);
        await assert.rejects(items.replaceOne(item('b', { key: 'k' })), DuplicateKeyError);
        assert.deepStrictEqual(await items.findOne({ _id: 'b' }), item('b', { key: 'other' }));
        assert.equal(await items.count({}), 2);
      });

      it('a compound unique index rejects only the same combination', async () => {
        const roster = store.collection<{ _id: string; meetingId: string; userId: string }>('roster');
        await roster.ensureIndexes([{ name: 'meeting_user', fields: { meetingId: 1, userId: 1 }, unique: true }]);
        await roster.insertOne({ _id: '1', meetingId: 'm1', userId: 'u1' });
        await roster.insertOne({ _id: '2', meetingId: 'm1', userId: 'u2' });
        await roster.insertOne({ _id: '3', meetingId: 'm2', userId: 'u1' });
        await assert.rejects(roster.insertOne({ _id: '4', meetingId: 'm1', userId: 'u1' }), (err: unknown) => {
          assert.ok(err instanceof DuplicateKeyError);
          assert.equal(err.collection, 'roster');
          return true;
        });
        assert.equal(await roster.count({}), 3);
      });

      it('ensureIndexes is idempotent and a non-unique index allows duplicates', async () => {
        const specs: IndexSpec[] = [
          { name: 'key_unique', fields: { key: 1 }, unique: true },
          { name: 'at_desc', fields: { at: -1 } },
        ];
        await items.ensureIndexes(specs);
        await items.ensureIndexes(specs);
        await seed(item('a', { key: 'k', at: day(1) }), item('b', { key: 'j', at: day(1) }));
        await assert.rejects(items.insertOne(item('c', { key: 'k' })), DuplicateKeyError);
        assert.equal(await items.count({ at: day(1) }), 2);
      });

      it('dropIndexes removes the named indexes, passes over names it does not have, and may be repeated', async () => {
        await items.ensureIndexes([{ name: 'key_unique', fields: { key: 1 }, unique: true }]);
        await items.dropIndexes(['key_unique', 'never_made']);
        await items.dropIndexes(['key_unique']);
        await seed(item('a', { key: 'k' }), item('b', { key: 'k' }));
        assert.equal(await items.count({ key: 'k' }), 2, 'no unique index left to refuse the second');
      });

      it('creating a unique index over existing duplicates throws DuplicateKeyError', async () => {
        await seed(item('a', { key: 'k' }), item('b', { key: 'k' }));
        await assert.rejects(items.ensureIndexes([{ name: 'key_unique', fields: { key: 1 }, unique: true }]), DuplicateKeyError);
      });
    });

    describe('hostile filters and updates', () => {
      // Filters are often built from card data; whatever arrives, only the contract's slice of the
      // query language may reach the store.
      const hostileFilters: [string, unknown][] = [
        ['$where', { $where: 'sleep(1000) || true' }],
        ['$or', { $or: [{ key: 'k1' }, { key: { $ne: null } }] }],
        ['$expr', { $expr: { $eq: ['$key', '$key'] } }],
        ['an operator outside the contract', { key: { $regex: '.*' } }],
        ['a nested operator object as a value', { key: { $gt: { $where: 'x' } } }],
        ['an object as a value', { key: { a: 1 } }],
        ['a list as a value', { key: ['k1'] }],
        ['a dotted key with an empty part', { 'nested..label': 'x' }],
        ['a key with SQL in it', { "key') OR 1=1 --": 'x' }],
        ['a __proto__ key', JSON.parse('{"__proto__": {"polluted": true}}')],
        ['a constructor path', { 'constructor.prototype': 'x' }],
        ['a NaN', { n: Number.NaN }],
        ['an $in that is not a list', { key: { $in: 'k1' } }],
        ['an $exists that is not a boolean', { key: { $exists: 'yes' } }],
      ];

      for (const [what, filter] of hostileFilters) {
        it(`refuses ${what} in find, count, updateOne and deleteMany`, async () => {
          await seed(item('a', { key: 'k1' }));
          await assert.rejects(items.find(filter as never));
          await assert.rejects(items.count(filter as never));
          await assert.rejects(items.updateOne(filter as never, { $set: { n: 9 } }));
          await assert.rejects(items.deleteMany(filter as never));
          assert.deepStrictEqual(await items.findOne({ _id: 'a' }), item('a', { key: 'k1' }));
          assert.equal(({} as Record<string, unknown>).polluted, undefined);
        });
      }

      it('treats SQL and operators inside values as plain values', async () => {
        const evil = "'; DROP TABLE items; --";
        await seed(item('a', { key: evil }), item('b', { key: '$where' }));
        assert.deepStrictEqual(ids(await items.find({ key: evil })), ['a']);
        assert.deepStrictEqual(ids(await items.find({ key: { $in: [evil, 'nope'] } })), ['a']);
        assert.deepStrictEqual(ids(await items.find({ key: '$where' })), ['b']);
        assert.equal(await items.count({ key: { $gte: evil } }), 1);
        assert.equal(await items.count({}), 2);
      });

      it('refuses updates at hostile paths and leaves the document alone', async () => {
        await seed(item('a'));
        for (const update of [{ $set: { '__proto__.polluted': true } }, { $set: { 'a..b': 1 } }, { $inc: { n: 'x' } }, { $rename: { n: 'm' } }, { $set: { _id: 'b' } }]) {
          await assert.rejects(items.updateOne({ _id: 'a' }, update as never), JSON.stringify(update));
        }
        assert.deepStrictEqual(await items.findOne({ _id: 'a' }), item('a'));
        assert.equal(({} as Record<string, unknown>).polluted, undefined);
      });
    });

    describe('transaction', () => {
      it('commits every write made inside it together', async () => {
        const others = store.collection<{ _id: string; n: number }>('others');
        const result = await store.transaction(async () => {
          await items.insertOne(item('a'));
          await others.insertOne({ _id: 'x', n: 1 });
          await items.updateOne({ _id: 'a' }, { $set: { n: 2 } });
          // Reads inside see the transaction's own writes.
          assert.equal((await items.findOne({ _id: 'a' }))?.n, 2);
          return 'done';
        });
        assert.equal(result, 'done');
        assert.equal((await items.findOne({ _id: 'a' }))?.n, 2);
        assert.equal(await others.count({}), 1);
      });

      it('keeps none of its writes when the work throws, and rethrows', async function () {
        if (!store.transactional) this.skip();
        const others = store.collection<{ _id: string; n: number }>('others');
        await seed(item('kept'));
        await assert.rejects(
          store.transaction(async () => {
            await items.insertOne(item('a'));
            await others.insertOne({ _id: 'x', n: 1 });
            await items.deleteMany({ _id: 'kept' });
            throw new Error('changed my mind');
          }),
          /changed my mind/,
        );
        assert.deepStrictEqual(ids(await items.find({})), ['kept']);
        assert.equal(await others.count({}), 0);
      });

      it('is undone by a DuplicateKeyError that ends it', async function () {
        if (!store.transactional) this.skip();
        await seed(item('a'));
        await assert.rejects(
          store.transaction(async () => {
            await items.insertOne(item('b'));
            await items.insertOne(item('a'));
          }),
          DuplicateKeyError,
        );
        assert.deepStrictEqual(ids(await items.find({})), ['a']);
      });

      it('a nested transaction joins the outer one', async function () {
        if (!store.transactional) this.skip();
        await assert.rejects(
          store.transaction(async () => {
            await store.transaction(async () => items.insertOne(item('inner')));
            await items.insertOne(item('outer'));
            throw new Error('undo both');
          }),
        );
        assert.equal(await items.count({}), 0);
      });

      it('is not seen half-done by operations running beside it', async function () {
        if (!store.transactional) this.skip();
        const seen: number[] = [];
        let release!: () => void;
        const paused = new Promise<void>((resolve) => (release = resolve));
        const writing = store.transaction(async () => {
          await items.insertOne(item('a'));
          await paused;
          await items.insertOne(item('b'));
        });
        // Started while the transaction is open: it sees all of it or nothing of it.
        const counting = items.count({}).then((n) => seen.push(n));
        await new Promise((resolve) => setTimeout(resolve, 20));
        release();
        await writing;
        await counting;
        assert.ok(seen[0] === 0 || seen[0] === 2, `saw ${seen[0]} documents`);
        assert.equal(await items.count({}), 2);
      });
    });

    describe('persistence', () => {
      it('a reopened store sees the data and still enforces unique indexes', async () => {
        await items.ensureIndexes([{ name: 'key_unique', fields: { key: 1 }, unique: true }]);
        const doc = item('a', { key: 'k', list: [{ name: 'n', at: day(7) }] });
        await items.insertOne(doc);
        await items.insertOne(item('b'));
        await items.updateOne({ _id: 'b' }, { $set: { n: 5 } });
        await items.deleteMany({ _id: 'b' });
        await items.replaceOne(item('c', { n: 6 }));
        await store.close();

        store = await open();
        items = store.collection<Item>('items');
        assert.deepStrictEqual(await items.findOne({ _id: 'a' }), doc);
        assert.deepStrictEqual(sortedIds(await items.find({})), ['a', 'c']);
        assert.equal((await items.findOne({ _id: 'c' }))?.n, 6);
        await assert.rejects(items.insertOne(item('d', { key: 'k' })), DuplicateKeyError);
      });

      it('ping resolves on an open store', async () => {
        await store.ping();
      });
    });

    describe('schema version and footprint', () => {
      it('reads 0 on a new store, keeps what is recorded across a reopen, and takes it back with a transaction that fails', async function () {
        assert.equal(await store.schemaVersion(), 0);
        await store.setSchemaVersion(3);
        assert.equal(await store.schemaVersion(), 3);
        if (store.transactional) {
          await assert.rejects(
            store.transaction(async () => {
              await store.setSchemaVersion(4);
              await items.insertOne(item('in-migration'));
              throw new Error('migration failed half-way');
            }),
            /half-way/,
          );
          assert.equal(await store.schemaVersion(), 3);
          assert.equal(await items.findOne({ _id: 'in-migration' }), null);
        }
        await store.close();
        store = await open();
        items = store.collection<Item>('items');
        assert.equal(await store.schemaVersion(), 3);
        await assert.rejects(store.setSchemaVersion(-1), /whole number/);
      });

      it('tells its size on disk, and its writes work', async () => {
        await items.insertOne(item('a'));
        const footprint = await store.footprint();
        assert.ok(footprint.databaseBytes > 0);
        assert.ok(footprint.freeBytes === null || footprint.freeBytes > 0);
        assert.equal(await store.writes.check(), null);
      });
    });
  });
}
