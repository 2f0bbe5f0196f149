import assert from 'node:assert/strict';
import { extractAsJson, extractAsText, produceLogExtract, type LogExtract } from '../../services/audit/auditExtract';
import type { ExtractOperator } from '../../services/audit/auditLog';
import type { CaseRecord } from '../../services/domain/records';
import { createLogger } from '../../services/logger';
import { Scheduler } from '../../services/scheduler/scheduler';
import { zonedInstant } from '../../services/time/stockholm';
import { withCheckDigit } from '../support/identityNumbers';
import { SECRET_STRINGS, validSbar } from '../support/sbarFixtures';
import { meetingWithNurse, nurse, serviceFixture, socialWorker, type ServiceFixture } from '../support/serviceFixture';

const anna: ExtractOperator = { account: 'anna', requestedBy: 'Anna Registrator' };
/** The SBAR and the names: never in an extract (the number itself heads it, as the person asked). */
/** Born 12 December 1912: day of birth plus 60. */
const SAMORDNINGSNUMMER = `19${withCheckDigit('121272123')}`;
const CLINICAL = SECRET_STRINGS.filter((secret) => !/\d/.test(secret));

describe('audit: the patient\'s log extract', () => {
  let fixture: ServiceFixture;
  let astrid: CaseRecord; // read by the social worker
  let astridPurged: CaseRecord; // submitted with the number written another way, withdrawn and purged
  let bertil: CaseRecord; // another person
  let coordinated: CaseRecord; // a samordningsnummer

  beforeEach(async () => {
    fixture = await serviceFixture('2026-11-22T09:15:00Z'); // Sunday 10:15 in Stockholm
    const { services, clock } = fixture;
    const { meeting, member } = await meetingWithNurse(services);
    await services.roster.join(meeting._id, socialWorker, { role: 'social_worker', organization: 'Socialtjänsten' });
    const submit = async (overrides: Record<string, unknown>) => {
      const result = await services.cases.submit(meeting, member, nurse, validSbar(overrides));
      assert.ok(result.kind === 'created', JSON.stringify(result));
      clock.advance(60_000);
      return result.record;
    };
    astrid = await submit({});
    astridPurged = await submit({ personnummer: '191212121212', agendaItem: 'sip' });
    bertil = await submit({ personnummer: '19460427-1231', patientName: 'Bertil Ek', situation: 'Bertils situation.' });
    coordinated = await submit({ personnummer: SAMORDNINGSNUMMER.replace(/^(\d{8})/, '$1-'), patientName: 'Cecilia Ny' });
    clock.set(zonedInstant('2026-11-22', '10:20'));
    assert.equal((await services.cases.read(astrid._id, socialWorker, await services.roster.member(meeting._id, socialWorker.id))).kind, 'read');
    assert.equal((await services.cases.read(bertil._id, socialWorker, await services.roster.member(meeting._id, socialWorker.id))).kind, 'read');
    clock.set(zonedInstant('2026-11-22', '10:30'));
    assert.equal((await services.cases.withdraw(astridPurged._id, nurse, member)).kind, 'withdrawn');
    const night = zonedInstant('2026-12-23', '03:00');
    clock.set(night);
    await new Scheduler({ services, logger: createLogger('silent'), retentionDays: 30 }).runDue(night, (run) => run.job === 'retention');
    assert.ok((await services.cases.byId(astridPurged._id))?.purgedAt, 'the withdrawn case was purged');
    clock.set(zonedInstant('2026-12-24', '10:00'));
  });
  afterEach(() => fixture.dispose());

  async function extractFor(personnummer: string, operator = anna): Promise<LogExtract> {
    const result = await produceLogExtract(fixture.services, { personnummer, operator, retentionYears: 5 });
    assert.ok(result.kind === 'extract', JSON.stringify(result));
    return result.extract;
  }

  it('lists every case of the person, the purged one too, and nobody else\'s', async () => {
    const extract = await extractFor('19121212-1212');
    assert.equal(extract.personnummer, '19121212-1212');
    assert.deepEqual(extract.cases.map((item) => item.reference), [astrid.reference, astridPurged.reference]);
    const [open, purged] = extract.cases;
    assert.deepEqual(open!.meeting, { area: 'Norrmalm', date: '2026-11-24' });
    assert.equal(open!.contentPurgedAt, null);
    assert.deepEqual(
      open!.entries.map((entry) => [entry.action, entry.actor.name, entry.actor.organization]),
      [
        ['case.create', 'Karin Nilsson', 'Hälsocentralen Norrmalm'],
        ['case.read', 'Omar Hassan', 'Socialtjänsten'],
        ['audit.extract', 'Anna Registrator', null],
      ],
    );
    assert.equal(purged!.contentPurgedAt?.toISOString(), zonedInstant('2026-12-23', '03:00').toISOString());
    assert.deepEqual(purged!.entries.map((entry) => entry.action), ['case.create', 'case.withdraw', 'case.purge', 'audit.extract']);
    const everything = JSON.stringify(extract);
    for (const other of [bertil.reference, coordinated.reference, bertil._id, 'Bertil', 'Cecilia']) assert.ok(!everything.includes(other), other);
  });

  it('accepts the number as intake does: 10 or 12 digits, with or without separator, samordningsnummer', async () => {
    assert.deepEqual((await extractFor('191212121212')).cases.map((item) => item.reference), [astrid.reference, astridPurged.reference]);
    assert.deepEqual((await extractFor('460427-1231')).cases.map((item) => item.reference), [bertil.reference]);
    assert.deepEqual((await extractFor(` ${SAMORDNINGSNUMMER} `)).cases.map((item) => item.reference), [coordinated.reference]);
  });

  it('refuses an invalid number with a Swedish message and logs nothing', async () => {
    const before = await fixture.services.repos.audit.count({});
    for (const bad of ['19121212-1213', '19121212-121', 'abc', '', '20991212-1212']) {
      const result = await produceLogExtract(fixture.services, { personnummer: bad, operator: anna, retentionYears: 5 });
      assert.equal(result.kind, 'invalid', bad);
      assert.ok(result.kind === 'invalid' && /^(Personnumret|Födelsedatumet)/.test(result.message), bad);
    }
    assert.equal(await fixture.services.repos.audit.count({}), before);
  });

  it('is itself logged: one entry per case, by the operator, without organisation', async () => {
    await extractFor('19121212-1212');
    const entries = await fixture.services.repos.audit.find({ action: 'audit.extract' }, { sort: { _id: 1 } });
    assert.deepEqual(
      entries.map((entry) => [entry.caseId, entry.caseReference, entry.meetingId, entry.actor, entry.at.toISOString()]),
      [astrid, astridPurged].map((record) => [
        record._id, record.reference, record.meetingId, { userId: 'cli:anna', name: 'Anna Registrator', organization: null }, zonedInstant('2026-12-24', '10:00').toISOString(),
      ]),
    );
  });

  it('logs a search that found nothing, without a case, and says so plainly', async () => {
    const nobody = `19${withCheckDigit('500101123')}`;
    const extract = await extractFor(nobody, { account: 'root', requestedBy: null });
    assert.deepEqual(extract.cases, []);
    const entries = await fixture.services.repos.audit.find({ action: 'audit.extract' });
    assert.deepEqual(
      entries.map((entry) => [entry.caseId, entry.caseReference, entry.meetingId, entry.actor]),
      [[null, null, null, { userId: 'cli:root', name: 'root', organization: null }]],
    );
    const text = extractAsText(extract);
    assert.match(text, /^Inga ärenden hittades för personnumret\.$/m);
    assert.match(text, /^Utdraget togs fram av: root$/m);
    assert.equal(extractAsJson(extract).found, false);
  });

  it('reads as a Swedish extract: header, each case with its meeting, each entry with time, action and who', async () => {
    const text = extractAsText(await extractFor('19121212-1212'));
    const lines = text.split('\n');
    assert.deepEqual(lines.slice(0, 4), [
      'Loggutdrag för personnummer 19121212-1212',
      'Datum för utdraget: 2026-12-24 10:00',
      'Period som loggen täcker: de senaste 5 åren, från 2021-12-24 10:00',
      'Utdraget togs fram av: Anna Registrator (konto anna)',
    ]);
    const section = (reference: string) => {
      const start = lines.indexOf(`Ärende ${reference}, samordningsmöte Norrmalm 2026-11-24`);
      assert.ok(start > 0, reference);
      const end = lines.findIndex((line, index) => index > start && !line.startsWith('  '));
      return lines.slice(start + 1, end);
    };
    assert.deepEqual(section(astrid.reference), [
      '  2026-11-22 10:15  Registrerade ärendet  Karin Nilsson, Hälsocentralen Norrmalm',
      '  2026-11-22 10:20  Läste ärendet  Omar Hassan, Socialtjänsten',
      '  2026-12-24 10:00  Tog fram loggutdrag  Anna Registrator',
    ]);
    assert.deepEqual(section(astridPurged.reference), [
      '  Ärendets innehåll gallrades 2026-12-23 03:00; loggen finns kvar.',
      '  2026-11-22 10:16  Registrerade ärendet  Karin Nilsson, Hälsocentralen Norrmalm',
      '  2026-11-22 10:30  Återkallade ärendet  Karin Nilsson, Hälsocentralen Norrmalm',
      '  2026-12-23 03:00  Gallrade innehållet  Samordna (gallring)',
      '  2026-12-24 10:00  Tog fram loggutdrag  Anna Registrator',
    ]);
    for (const secret of [...CLINICAL, 'Bertil', bertil.reference]) assert.ok(!text.includes(secret), secret);
  });

  it('gives the same extract as JSON, with UTC and Swedish time side by side', async () => {
    const extract = await extractFor('19121212-1212');
    const json = JSON.parse(JSON.stringify(extractAsJson(extract))) as {
      personnummer: string;
      found: boolean;
      cases: { reference: string; contentPurgedAt: { local: string } | null; entries: { at: { utc: string; local: string }; action: string; actionText: string; name: string; organization: string | null }[] }[];
    };
    assert.equal(json.personnummer, '19121212-1212');
    assert.equal(json.found, true);
    assert.deepEqual(json.cases.map((item) => item.reference), [astrid.reference, astridPurged.reference]);
    assert.deepEqual(json.cases[0]!.entries[1], {
      at: { utc: zonedInstant('2026-11-22', '10:20').toISOString(), local: '2026-11-22 10:20' },
      action: 'case.read',
      actionText: 'Läste ärendet',
      name: 'Omar Hassan',
      organization: 'Socialtjänsten',
    });
    assert.equal(json.cases[1]!.contentPurgedAt?.local, '2026-12-23 03:00');
    for (const secret of CLINICAL) assert.ok(!JSON.stringify(json).includes(secret), secret);
  });
});
