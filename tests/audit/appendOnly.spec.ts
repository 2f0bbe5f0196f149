import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { AuditLog } from '../../services/audit/auditLog';

const ROOT = path.resolve(__dirname, '../..');
/** Everything that runs in production or by hand; tests may seed old entries directly. */
const SOURCE_DIRS = ['bot', 'services', 'cards', 'scripts', 'bench'];
const AUDIT_LOG_FILE = path.join('services', 'audit', 'auditLog.ts');

function sourceFiles(dir: string): string[] {
  const absolute = path.join(ROOT, dir);
  let entries;
  try {
    entries = readdirSync(absolute, { withFileTypes: true, recursive: true });
  } catch {
    return [];
  }
  return entries
    .filter((entry) => entry.isFile() && /\.(ts|mts|cts|js|mjs|cjs)$/.test(entry.name))
    .map((entry) => path.relative(ROOT, path.join(entry.parentPath, entry.name)));
}

/** The audit collection used other than to read it, or to hand it to AuditLog (services/app.ts). */
const REPOSITORY_USE = /\b(?:repos|repositories)\.audit\b(?!\.(?:find|findOne|count)\()(?!\s*,\s*clock\))/;
const COLLECTION_WRITE = /\baudit\w*\.(?:updateOne|updateMany|replaceOne|deleteMany|deleteOne|findOneAndUpdate|insertOne)\(/i;

const files = SOURCE_DIRS.flatMap(sourceFiles);
const read = (file: string) => readFileSync(path.join(ROOT, file), 'utf8');

describe('the audit log is append-only', () => {
  it('reads the code base (the scan below is not vacuous)', () => {
    assert.ok(files.includes(AUDIT_LOG_FILE));
    assert.ok(files.includes(path.join('services', 'scheduler', 'jobs.ts')));
  });

  it('AuditLog offers no way to change or pick out entries to remove, only the retention purge', () => {
    const methods = Object.getOwnPropertyNames(AuditLog.prototype).filter((name) => name !== 'constructor').sort();
    assert.deepEqual(methods, ['append', 'forCase', 'forCaseActions', 'forCases', 'purgeExpired', 'recordCaseEvent', 'recordExtract', 'recordMeetingEvent', 'recordOutboxEvent']);
    assert.equal(AuditLog.prototype.purgeExpired.length, 3, 'purgeExpired(now, years, actor): no filter to pass');
  });

  it('deletes only by time, in the retention purge, and never updates an entry', () => {
    const source = read(AUDIT_LOG_FILE);
    assert.doesNotMatch(source, /\.(updateOne|updateMany|replaceOne|findOneAndUpdate|findOneAndReplace|deleteOne)\(/);
    const deletes = [...source.matchAll(/\.deleteMany\(([^)]*)\)/g)].map((match) => match[1]);
    assert.deepEqual(deletes, ['expired']);
    assert.match(source, /const expired = \{ at: \{ \$lt: auditRetentionCutoff\(now, years\) \} \};/);
    assert.match(source, /export type AuditEntries = Pick<DocumentCollection<AuditEntry>, 'insertOne' \| 'find' \| 'deleteMany' \| 'count'>;/);
  });

  it('no other code writes to the audit collection: it is read, or handed to AuditLog', () => {
    const offenders: string[] = [];
    for (const file of files) {
      if (file === AUDIT_LOG_FILE) continue;
      const source = read(file);
      for (const match of source.matchAll(new RegExp(`${REPOSITORY_USE.source}(.{0,40})`, 'g'))) offenders.push(`${file}: ${match[0]}`);
      for (const match of source.matchAll(new RegExp(COLLECTION_WRITE.source, 'gi'))) offenders.push(`${file}: ${match[0]}`);
      if (file !== path.join('services', 'store', 'repositories.ts') && /collection(?:<AuditEntry>)?\(\s*['"]audit['"]/.test(source)) offenders.push(`${file}: opens the audit collection`);
    }
    assert.deepEqual(offenders, []);
  });

  it('would notice an update of the audit collection (the patterns match what they must)', () => {
    const probe = 'await services.repos.audit.updateOne({ _id: id }, { $set: { actor } });';
    assert.match(probe, REPOSITORY_USE);
    assert.match('await this.repos.audit.deleteMany({ caseId })', COLLECTION_WRITE);
    assert.match('const log = repos.audit;', REPOSITORY_USE);
    assert.doesNotMatch('const audit = new AuditLog(repos.audit, clock);', REPOSITORY_USE);
    assert.doesNotMatch('await repos.audit.find({ meetingId })', REPOSITORY_USE);
  });
});
