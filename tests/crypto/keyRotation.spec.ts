import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { MongoClient } from 'mongodb';
import { createServices, type Services } from '../../services/app';
import { Keyring, keyIdOf, UnknownKeyError } from '../../services/crypto/keyring';
import { loadKeyring } from '../../services/crypto/loadKeyring';
import { PSEUDONYMISATION_SECRET_ID } from '../../services/crypto/pseudonymisationSecret';
import { reencrypt, valuesOnOlderKeys, type ReencryptHooks } from '../../services/crypto/reencrypt';
import type { CaseSensitive, SealedValue } from '../../services/domain/records';
import { createLogger } from '../../services/logger';
import { Scheduler } from '../../services/scheduler/scheduler';
import type { DocumentStore } from '../../services/store/documentStore';
import { openMongoStore } from '../../services/store/mongoStore';
import type { Repositories } from '../../services/store/repositories';
import { ManualClock } from '../../services/time/clock';
import { zonedInstant } from '../../services/time/stockholm';
import { withCheckDigit } from '../support/identityNumbers';
import { validSbar } from '../support/sbarFixtures';
import { meetingWithNurse, nurse, socialWorker } from '../support/serviceFixture';
import { openTempStore } from '../support/tempStore';

const logger = createLogger('silent');
const b64 = (key: Buffer): string => key.toString('base64');
const TUESDAY = '2026-11-24';

/** A personnummer per patient (born 1940-12-12), as the form takes it and as it is stored. */
function patient(n: number): { form: string; normalized: string } {
  const ten = withCheckDigit(`401212${String(100 + n)}`);
  return { form: `19${ten.slice(0, 6)}-${ten.slice(6)}`, normalized: `19${ten}` };
}

/** Every value in the store that looks sealed, wherever it sits: finds sealed fields the rotation does not know. */
async function everySealedValue(repos: Repositories): Promise<{ where: string; keyId: string }[]> {
  const found: { where: string; keyId: string }[] = [];
  const walk = (node: unknown, where: string): void => {
    if (Array.isArray(node)) node.forEach((item, i) => walk(item, `${where}.${i}`));
    else if (node && typeof node === 'object' && !(node instanceof Date)) {
      const record = node as Record<string, unknown>;
      if (record.v === 1 && typeof record.keyId === 'string' && typeof record.iv === 'string' && typeof record.data === 'string') {
        found.push({ where, keyId: record.keyId });
      } else for (const [key, value] of Object.entries(record)) walk(value, `${where}.${key}`);
    }
  };
  for (const name of Object.keys(repos) as (keyof Repositories)[]) {
    for (const doc of await repos[name].find({})) walk(doc, `${name}/${doc._id}`);
  }
  return found;
}

interface StoreUnderTest {
  store: DocumentStore;
  dispose(): Promise<void>;
}

const STORES: { kind: string; open: () => Promise<StoreUnderTest> }[] = [{ kind: 'embedded', open: openTempStore }];
const mongoUri = process.env.MONGODB_URI;
if (mongoUri) {
  STORES.push({
    kind: 'mongodb',
    async open() {
      const dbName = `samordna_rotation_${Date.now()}_${randomBytes(3).toString('hex')}`;
      const store = await openMongoStore({ uri: mongoUri, dbName });
      return {
        store,
        async dispose() {
          await store.close();
          const client = await MongoClient.connect(mongoUri, { serverSelectionTimeoutMS: 5000 });
          await client.db(dbName).dropDatabase().finally(() => client.close());
        },
      };
    },
  });
}

describe('key rotation: the keyring', () => {
  it('opens values sealed with a previous key, seals with the current one, and names an unknown key id', () => {
    const oldKey = randomBytes(32);
    const newKey = randomBytes(32);
    const sealedWithOld = new Keyring(oldKey).seal('gammalt');
    const rotated = new Keyring(newKey, [oldKey]);
    assert.equal(rotated.open(sealedWithOld), 'gammalt');
    assert.equal(rotated.seal('nytt').keyId, keyIdOf(newKey));
    assert.deepEqual(rotated.previousKeyIds, [keyIdOf(oldKey)]);
    assert.throws(
      () => new Keyring(newKey).open(sealedWithOld),
      (error: unknown) =>
        error instanceof UnknownKeyError && error.keyId === keyIdOf(oldKey) && error.message.includes(keyIdOf(oldKey)) && error.message.includes('ENCRYPTION_KEY_PREVIOUS'),
    );
  });
});

for (const { kind, open } of STORES) {
  describe(`key rotation on the ${kind} store`, function () {
    this.timeout(30_000);
    const oldKey = randomBytes(32);
    const newKey = randomBytes(32);
    const NEW_ID = keyIdOf(newKey);
    const OLD_ID = keyIdOf(oldKey);
    let subject: StoreUnderTest;
    let clock: ManualClock;

    beforeEach(async () => {
      subject = await open();
      clock = new ManualClock('2026-11-22T09:00:00Z');
    });
    afterEach(() => subject.dispose());

    /** The server as configured: ENCRYPTION_KEY and ENCRYPTION_KEY_PREVIOUS. */
    async function servicesWith(current: Buffer, previous: Buffer[] = [], log = logger): Promise<Services> {
      const keyring = await loadKeyring({
        encryptionKey: b64(current),
        previousEncryptionKeys: previous.map(b64),
        dataDir: os.tmpdir(),
        store: subject.store,
        logger: log,
        clock,
      });
      return createServices({ store: subject.store, clock, keyring });
    }

    /** `count` cases under the old key; the first one decided at the meeting with an escalation reason. */
    async function casesUnderOldKey(count: number, services?: Services): Promise<{ services: Services; caseIds: string[] }> {
      services ??= await servicesWith(oldKey);
      const { meeting, member } = await meetingWithNurse(services);
      await services.roster.join(meeting._id, socialWorker, { role: 'social_worker', organization: 'Socialtjänsten' });
      const caseIds: string[] = [];
      for (let n = 0; n < count; n++) {
        const created = await services.cases.submit(meeting, member, nurse, validSbar({ personnummer: patient(n).form, patientName: `Patient Nummer${n}` }));
        assert.ok(created.kind === 'created', created.kind);
        caseIds.push(created.record._id);
      }
      clock.set(zonedInstant(TUESDAY, '07:00'));
      await new Scheduler({ services, logger, retentionDays: 30 }).tick(clock.now());
      clock.set(zonedInstant(TUESDAY, '13:00'));
      const started = await services.runs.start(meeting, TUESDAY, nurse);
      assert.ok(started.kind === 'started');
      const decided = await services.runs.decide(meeting, started.run, caseIds[0]!, nurse, {
        actions: 'Hembesök av arbetsterapeut.',
        responsible: socialWorker.id,
        followUpDate: '2026-12-08',
        sipNeeded: 'false',
        escalate: 'true',
        escalationReason: 'Ingen hemtjänst kan ta uppdraget.',
      });
      assert.equal(decided.kind, 'decided');
      return { services, caseIds };
    }

    async function sealedOf(services: Services, caseId: string): Promise<SealedValue> {
      return (await services.cases.byId(caseId))!.sealed!;
    }

    async function readsEverything(services: Services, caseIds: string[]): Promise<void> {
      for (const [n, caseId] of caseIds.entries()) {
        const record = (await services.cases.byId(caseId))!;
        const read = await services.cases.read(caseId, nurse, await services.roster.member(record.meetingId, nurse.id));
        assert.ok(read.kind === 'read');
        assert.equal((read.sensitive as CaseSensitive).personnummer, patient(n).normalized);
      }
      assert.equal(services.runs.decisionText((await services.cases.byId(caseIds[0]!))!)?.escalationReason, 'Ingen hemtjänst kan ta uppdraget.');
    }

    it('reads old values with both keys configured and writes new ones with the new key', async () => {
      const { caseIds } = await casesUnderOldKey(1);
      const services = await servicesWith(newKey, [oldKey]);
      assert.equal((await sealedOf(services, caseIds[0]!)).keyId, OLD_ID);
      await readsEverything(services, caseIds);
      const meeting = (await services.repos.meetings.find({}))[0]!;
      const member = (await services.roster.member(meeting._id, nurse.id))!;
      clock.set('2026-11-25T09:00:00Z');
      const created = await services.cases.submit(meeting, member, nurse, validSbar({ personnummer: patient(7).form }));
      assert.ok(created.kind === 'created');
      assert.equal(created.record.sealed?.keyId, NEW_ID);
    });

    it('moves every sealed value to the new key, after which the new key alone reads everything', async () => {
      const { caseIds } = await casesUnderOldKey(5);
      const services = await servicesWith(newKey, [oldKey]);
      assert.ok((await everySealedValue(services.repos)).every((value) => value.keyId === OLD_ID));
      const progress: number[] = [];
      const result = await reencrypt({ repos: services.repos, keyring: services.keyring, batchSize: 2, hooks: { afterBatch: (batch) => void progress.push(batch.moved) } });
      assert.ok(result.kind === 'done');
      assert.deepEqual(
        result.toMove.map(({ collection, path, keyId, count }) => [collection, path, keyId, count]),
        [
          ['cases', 'sealed', OLD_ID, 5],
          ['cases', 'decision.sealedText', OLD_ID, 1],
          ['secrets', 'sealed', OLD_ID, 1],
        ],
      );
      assert.equal(result.moved, 7);
      assert.deepEqual(result.left, []);
      assert.deepEqual(progress, [2, 4, 5, 1, 1]);

      const sealed = await everySealedValue(services.repos);
      assert.ok(sealed.length >= 7);
      assert.deepEqual(sealed.filter((value) => value.keyId !== NEW_ID), [], 'no value anywhere is left on the old key');
      const secret = await services.repos.secrets.findOne({ _id: PSEUDONYMISATION_SECRET_ID });
      assert.equal(secret?.sealed.keyId, NEW_ID);
      await readsEverything(await servicesWith(newKey), caseIds);
      assert.deepEqual((await reencrypt({ repos: services.repos, keyring: services.keyring, batchSize: 2 })).kind, 'nothing_to_do', 'a second run has nothing to do');
    });

    it('moves the decisions of earlier meetings too, so a case\'s whole history opens with the new key', async () => {
      const { services: old, caseIds } = await casesUnderOldKey(1);
      const current = (await old.cases.byId(caseIds[0]!))!.decision!;
      await old.repos.decisions.insertOne({ ...current, _id: `${caseIds[0]}:2026-11-17`, caseId: caseIds[0]!, meetingId: (await old.cases.byId(caseIds[0]!))!.meetingId, meetingDate: '2026-11-17' });
      const services = await servicesWith(newKey, [oldKey]);
      const result = await reencrypt({ repos: services.repos, keyring: services.keyring, batchSize: 10 });
      assert.ok(result.kind === 'done');
      assert.ok(result.toMove.some(({ collection, path, count }) => collection === 'decisions' && path === 'sealedText' && count === 1));
      const alone = await servicesWith(newKey);
      const [past] = await alone.repos.decisions.find({ caseId: caseIds[0]! });
      assert.equal(past?.sealedText?.keyId, NEW_ID);
      assert.equal(alone.runs.textOf(past!)?.escalationReason, 'Ingen hemtjänst kan ta uppdraget.');
    });

    it('keeps subject keys across a rotation, so a person\'s cases are still found', async () => {
      const { caseIds } = await casesUnderOldKey(2);
      const before = (await (await servicesWith(oldKey)).cases.byId(caseIds[1]!))!.subjectKey;
      const rotated = await servicesWith(newKey, [oldKey]);
      assert.equal(rotated.keyring.subjectKey(patient(1).normalized), before);
      await reencrypt({ repos: rotated.repos, keyring: rotated.keyring, batchSize: 10 });
      const afterwards = await servicesWith(newKey);
      assert.equal(afterwards.keyring.subjectKey(patient(1).normalized), before);
      assert.deepEqual((await afterwards.repos.cases.find({ subjectKey: afterwards.keyring.subjectKey(patient(1).normalized) })).map((record) => record._id), [caseIds[1]]);
      assert.notEqual(afterwards.keyring.subjectKey(patient(1).normalized), new Keyring(newKey).subjectKey(patient(1).normalized), 'not derived from the new key');
    });

    it('takes over the key-derived pseudonymisation secret for cases stored before the secret existed', async () => {
      // Cases as the server wrote them before the secret was stored: subject keys from the key itself.
      const legacy = await createServices({ store: subject.store, clock, keyring: new Keyring(oldKey) });
      const { caseIds } = await casesUnderOldKey(1, legacy);
      assert.equal(await legacy.repos.secrets.count({}), 0);
      const legacySubjectKey = new Keyring(oldKey).subjectKey(patient(0).normalized);
      assert.equal((await legacy.cases.byId(caseIds[0]!))!.subjectKey, legacySubjectKey);

      // First start after the upgrade, already rotating: the secret comes from the key that sealed the data.
      const rotated = await servicesWith(newKey, [oldKey]);
      assert.equal((await rotated.repos.secrets.findOne({ _id: PSEUDONYMISATION_SECRET_ID }))?.origin, 'derived');
      assert.equal(rotated.keyring.subjectKey(patient(0).normalized), legacySubjectKey);
      await reencrypt({ repos: rotated.repos, keyring: rotated.keyring, batchSize: 10 });
      assert.equal((await servicesWith(newKey)).keyring.subjectKey(patient(0).normalized), legacySubjectKey);
    });

    it('starts a new installation with a random secret', async () => {
      const services = await servicesWith(newKey);
      assert.equal((await services.repos.secrets.findOne({ _id: PSEUDONYMISATION_SECRET_ID }))?.origin, 'random');
      assert.notEqual(services.keyring.subjectKey(patient(0).normalized), new Keyring(newKey).subjectKey(patient(0).normalized));
      assert.equal((await servicesWith(newKey)).keyring.subjectKey(patient(0).normalized), services.keyring.subjectKey(patient(0).normalized), 'the same secret at the next start');
    });

    it('does not overwrite what a server changed while the run was at work', async () => {
      const { caseIds } = await casesUnderOldKey(4);
      const server = await servicesWith(newKey, [oldKey]);
      const stale = await servicesWith(oldKey, [newKey]); // a second server still on the old configuration
      const hooks: ReencryptHooks = {
        async beforeWrite(batch) {
          if (batch.path === 'sealed' && batch.ids.includes(caseIds[1]!) && batch.ids.includes(caseIds[2]!)) {
            // The retention job purges one case, the stale server rewrites another with the old key.
            await server.repos.cases.updateOne({ _id: caseIds[1]! }, { $set: { sealed: null, purgedAt: clock.now() } });
            const content = { ...stale.keyring.openJson<CaseSensitive>(await sealedOf(stale, caseIds[2]!)), situation: 'Ändrat under tiden.' };
            await stale.repos.cases.updateOne({ _id: caseIds[2]! }, { $set: { sealed: stale.keyring.sealJson(content) } });
          }
        },
      };
      const result = await reencrypt({ repos: server.repos, keyring: server.keyring, batchSize: 10, hooks });
      assert.ok(result.kind === 'done');
      assert.equal(result.changedMeanwhile, 2);
      assert.deepEqual(result.left, []);
      assert.equal((await server.cases.byId(caseIds[1]!))?.sealed, null, 'a purged case stays purged');
      const changed = await sealedOf(server, caseIds[2]!);
      assert.equal(changed.keyId, NEW_ID);
      assert.equal(server.keyring.openJson<CaseSensitive>(changed).situation, 'Ändrat under tiden.', 'the newer content survives');
    });

    it('resumes after a crash in the middle of a run', async () => {
      const { caseIds } = await casesUnderOldKey(5);
      const services = await servicesWith(newKey, [oldKey]);
      let batches = 0;
      const crash: ReencryptHooks = {
        afterBatch() {
          if (++batches === 2) throw new Error('simulated crash');
        },
      };
      await assert.rejects(reencrypt({ repos: services.repos, keyring: services.keyring, batchSize: 2, hooks: crash }), /simulated crash/);
      const left = await valuesOnOlderKeys(services.repos, NEW_ID);
      assert.deepEqual(left.map(({ path, count }) => [path, count]), [['sealed', 1], ['decision.sealedText', 1], ['sealed', 1]]);
      await readsEverything(await servicesWith(newKey, [oldKey]), caseIds);
      // The secret is moved last: until the run has finished, the new key alone is refused at start-up.
      await assert.rejects(servicesWith(newKey), (error: unknown) => error instanceof UnknownKeyError && error.keyId === OLD_ID);

      const rerun = await reencrypt({ repos: services.repos, keyring: services.keyring, batchSize: 2 });
      assert.ok(rerun.kind === 'done');
      assert.equal(rerun.moved, 3);
      assert.deepEqual(rerun.left, []);
      await readsEverything(await servicesWith(newKey), caseIds);
    });

    it('reports values sealed with a key it was not given, and changes nothing', async () => {
      await casesUnderOldKey(2);
      const otherKey = randomBytes(32);
      const services = await servicesWith(newKey, [oldKey]);
      const before = await everySealedValue(services.repos);
      const result = await reencrypt({ repos: services.repos, keyring: new Keyring(newKey, [otherKey]), batchSize: 10 });
      assert.ok(result.kind === 'unknown_keys');
      assert.deepEqual(
        result.unknown.map(({ path, keyId, count }) => [path, keyId, count]),
        [['sealed', OLD_ID, 2], ['decision.sealedText', OLD_ID, 1], ['sealed', OLD_ID, 1]],
      );
      assert.deepEqual(await everySealedValue(services.repos), before);
    });

    it('tells the operator at start-up where a rotation stands', async () => {
      const { caseIds } = await casesUnderOldKey(2);
      const startUp = async (current: Buffer, previous: Buffer[]) => {
        const lines: { level: string; msg: string }[] = [];
        await servicesWith(current, previous, createLogger('info', { write: (line: string) => void lines.push(JSON.parse(line) as { level: string; msg: string }) }));
        return lines.filter((line) => /key/.test(line.msg)).map((line) => `${line.level}: ${line.msg}`);
      };
      const rotating = await startUp(newKey, [oldKey]);
      assert.equal(rotating.length, 1);
      assert.match(rotating[0]!, /^warn: .*still sealed with a previous key: run `npm run reencrypt`/);

      const services = await servicesWith(newKey, [oldKey]);
      await reencrypt({ repos: services.repos, keyring: services.keyring, batchSize: 10 });
      assert.deepEqual(await startUp(newKey, [oldKey]), ['info: no value uses a previous key any more: ENCRYPTION_KEY_PREVIOUS can be removed']);
      assert.deepEqual(await startUp(newKey, []), []);

      await services.repos.cases.updateOne({ _id: caseIds[0]! }, { $set: { 'sealed.keyId': 'ffffffffffff' } });
      const lost = await startUp(newKey, []);
      assert.equal(lost.length, 1);
      assert.match(lost[0]!, /^error: .*not configured \(ffffffffffff\).*ENCRYPTION_KEY_PREVIOUS/);
    });

    it('only counts in a dry run, and ignores purged values', async () => {
      const { caseIds } = await casesUnderOldKey(3);
      const services = await servicesWith(newKey, [oldKey]);
      await services.repos.cases.updateOne({ _id: caseIds[2]! }, { $set: { sealed: null } });
      const result = await reencrypt({ repos: services.repos, keyring: services.keyring, batchSize: 10, dryRun: true });
      assert.ok(result.kind === 'dry_run');
      assert.deepEqual(result.toMove.map(({ path, count }) => [path, count]), [['sealed', 2], ['decision.sealedText', 1], ['sealed', 1]]);
      assert.ok((await everySealedValue(services.repos)).every((value) => value.keyId === OLD_ID));
    });
  });
}
