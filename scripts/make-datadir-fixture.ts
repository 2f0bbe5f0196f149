// npx tsx scripts/make-datadir-fixture.ts <folder>
//
// Makes the DATA_DIR that tests/store/schemaFixtures.spec.ts upgrades and opens: what a small
// installation of this version holds after a meeting — a meeting with its roster, cases of every
// agenda point (one withdrawn), the meeting run with decisions (one escalated), kvittenser open
// and confirmed, channel posts sent and one dead letter, the audit log — written through the
// running server the way Teams would. It writes `<folder>/samordna.sqlite` and `<folder>/fixture.json`
// (the key, the people and what the tests expect). Each version that changes the store's schema
// adds the folder it made to tests/store/fixtures/datadirs/, and keeps every earlier one: a store
// made by any released version must upgrade and open in every later version.
//
// Written against the test support that every version since schema versions has, so the same
// script can be run in a checkout of an older version.
import { copyFile, mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { datadirCounts } from '../tests/support/datadirCounts';
import { withCheckDigit } from '../tests/support/identityNumbers';
import { setUpMeeting } from '../tests/support/meetingSetup';
import { validSbar } from '../tests/support/sbarFixtures';
import { startTestBot } from '../tests/support/testBot';
import { botInstalledPersonally, personalConversationId, teamsUser, type TeamsUser } from '../tests/support/teamsActivities';
import { ManualClock } from '../services/time/clock';
import { zonedInstant } from '../services/time/stockholm';

/** Not a secret: it only seals the made-up patients of the fixture. */
const FIXTURE_KEY = 'c2FtbW9yZG5hLWRhdGFkaXItZml4dHVyZS1rZXktMDE=';
const TUESDAY = '2026-11-24';

async function main(): Promise<void> {
  const out = process.argv[2];
  if (!out) {
    process.stderr.write('usage: npx tsx scripts/make-datadir-fixture.ts <folder>\n');
    process.exit(2);
  }
  const dataDir = path.join(os.tmpdir(), `samordna-fixture-${process.pid}`);
  await rm(dataDir, { recursive: true, force: true });
  const clock = new ManualClock(zonedInstant('2026-11-20', '10:00'));
  const bot = await startTestBot({ clock, dataDir, env: { ENCRYPTION_KEY: FIXTURE_KEY, INVOKE_RATE_LIMIT_PER_MINUTE: '10000' } });
  const people: Record<string, TeamsUser> = {
    leader: teamsUser('Rita Region'),
    socialWorker: teamsUser('Mona Kommun'),
    homeHealthNurse: teamsUser('Hanna Hemsjukvård'),
    manager: teamsUser('Maria Chef'),
  };
  const { leader, socialWorker, homeHealthNurse, manager } = people as Record<'leader' | 'socialWorker' | 'homeHealthNurse' | 'manager', TeamsUser>;
  try {
    const meetingId = await setUpMeeting(bot, clock, leader, [
      [leader, 'hc_nurse', 'Hälsocentralen Norrmalm'],
      [socialWorker, 'social_worker', 'Socialtjänsten'],
      [homeHealthNurse, 'home_health_nurse', 'Hemsjukvården'],
      [manager, 'manager', 'Kommunen'],
    ]);
    await bot.send(botInstalledPersonally(bot.place, manager));
    const submit = async (by: TeamsUser, fields: Record<string, unknown>) => {
      const card = JSON.stringify(await bot.press(by, 'case.submit', validSbar({ meetingId, ...fields })));
      if (!/SA-[A-Z0-9]{5}/.test(card)) throw new Error(`the case was not accepted: ${card.slice(0, 2000)}`);
    };
    await submit(leader, { agendaItem: 'risk' });
    await submit(socialWorker, { agendaItem: 'sip', patientName: 'Bertil Sandström', personnummer: `19${withCheckDigit('450315123')}`, recipients: 'hc_nurse' });
    await submit(homeHealthNurse, { agendaItem: 'discharge', patientName: 'Cecilia Ek', personnummer: `19${withCheckDigit('380704555')}`, readyForDischargeAt: '2026-11-20T09:30:00+01:00' });
    await submit(leader, { agendaItem: 'risk', patientName: 'David Ström', personnummer: `19${withCheckDigit('500101123')}` });
    const cases = await bot.runtime.services.repos.cases.find({});
    const byName = async (name: string) => {
      for (const record of cases) if (bot.runtime.services.keyring.open(record.sealed!).includes(name)) return record;
      throw new Error(`no case for ${name}`);
    };
    const withdrawn = await byName('David Ström');
    await bot.press(leader, 'case.withdraw', { caseId: withdrawn._id });
    const hcAck = (await bot.runtime.services.repos.acks.find({ role: 'hc_nurse' }))[0];
    if (hcAck) await bot.press(leader, 'ack.confirm', { ackId: hcAck._id });

    clock.set(zonedInstant(TUESDAY, '07:00'));
    await bot.runtime.scheduler.tick(clock.now());
    await bot.settle();
    clock.set(zonedInstant(TUESDAY, '13:00'));
    await bot.press(leader, 'meeting.start', { meetingId, meetingDate: TUESDAY });
    const decide = (caseId: string, decision: Record<string, string>) => bot.press(leader, 'case.decide', { meetingId, meetingDate: TUESDAY, caseId, ...decision });
    const risk = await byName('Astrid Lindqvist');
    // The manager's personal chat refuses the escalation ping: it stays as a dead letter.
    bot.connector.respond = (call) => (call.conversationId === personalConversationId(manager) ? { status: 403 } : null);
    await decide(risk._id, {
      actions: 'Hembesök av distriktssköterska inom två dagar.', responsible: socialWorker.id, followUpDate: '2026-12-08',
      sipNeeded: 'true', sipCoordinator: socialWorker.id, escalate: 'true', escalationReason: 'Resurser saknas för nattbesök.',
    });
    await decide((await byName('Bertil Sandström'))._id, { actions: 'Daglig tillsyn av hemtjänsten.', responsible: homeHealthNurse.id, followUpDate: '' });
    clock.set(zonedInstant(TUESDAY, '14:20'));
    await bot.press(leader, 'meeting.end', { meetingId, meetingDate: TUESDAY });
    await bot.settle();
    bot.connector.respond = () => null;

    const repos = bot.runtime.services.repos;
    const schemaVersion = 'schemaVersion' in bot.runtime.services.store ? await bot.runtime.services.store.schemaVersion() : 0;
    const expected = await datadirCounts(repos);
    await bot.stop();

    await mkdir(out, { recursive: true });
    await copyFile(path.join(dataDir, 'samordna.sqlite'), path.join(out, 'samordna.sqlite'));
    const fixture = {
      about: 'A DATA_DIR made by scripts/make-datadir-fixture.ts; tests/store/schemaFixtures.spec.ts upgrades and opens it.',
      schemaVersion,
      madeAt: new Date().toISOString(),
      encryptionKey: FIXTURE_KEY,
      meetingId,
      meetingDate: TUESDAY,
      people,
      escalatedCaseId: risk._id,
      escalatedReference: risk.reference,
      patientNames: ['Astrid Lindqvist', 'Bertil Sandström', 'Cecilia Ek', 'David Ström'],
      expected,
    };
    await writeFile(path.join(out, 'fixture.json'), `${JSON.stringify(fixture, null, 2)}\n`);
    process.stdout.write(`${out}: schema ${schemaVersion}, ${JSON.stringify(expected)}\n`);
  } finally {
    await bot.stop().catch(() => undefined);
    await rm(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
