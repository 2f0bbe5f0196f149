import assert from 'node:assert/strict';
import { ManualClock } from '../../services/time/clock';
import { zonedInstant } from '../../services/time/stockholm';
import { captureLogger } from '../support/captureLogger';
import { fillStore, makeStoreReadOnly } from '../support/fullStore';
import { getJson } from '../support/httpClient';
import { setUpMeeting } from '../support/meetingSetup';
import { validSbar } from '../support/sbarFixtures';
import { cardText, startTestBot, type AdaptiveCardJson, type TestBot } from '../support/testBot';
import { teamsUser } from '../support/teamsActivities';

/** The values the card's inputs hold, by input id. */
function inputValues(card: unknown): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const record = node as Record<string, unknown>;
      if (typeof record.type === 'string' && record.type.startsWith('Input.') && typeof record.id === 'string') values[record.id] = record.value;
      for (const value of Object.values(record)) walk(value);
    }
  };
  walk(card);
  return values;
}

/**
 * A full disk or a read-only file system (issue 17, item 6): the user is told the case was not
 * saved with the form as typed, nothing is half-written, the log says it once, /healthz and the
 * metrics show it while it lasts, and everything recovers by itself.
 */
describe('e2e: when the store cannot write', function () {
  this.timeout(60_000);
  let bot: TestBot;
  let clock: ManualClock;
  let meetingId: string;
  let lines: Record<string, unknown>[];
  const karin = teamsUser('Karin Nilsson');
  const mona = teamsUser('Mona Kommun');

  const counts = async () => {
    const { repos } = bot.runtime.services;
    return {
      cases: await repos.cases.count({}),
      audit: await repos.audit.count({}),
      outbox: await repos.outbox.count({}),
      acks: await repos.acks.count({}),
      roster: await repos.roster.count({}),
    };
  };
  const health = () => getJson(`${bot.runtime.url}/healthz`);
  const metric = async (name: string) => {
    const text = await (await fetch(bot.runtime.metricsUrl!)).text();
    const line = text.split('\n').find((candidate) => candidate.startsWith(`${name} `));
    return line === undefined ? undefined : Number(line.slice(name.length + 1));
  };
  const failureLogs = () => lines.filter((line) => typeof line.msg === 'string' && line.msg.startsWith('store writes fail'));

  beforeEach(async () => {
    clock = new ManualClock(zonedInstant('2026-11-20', '10:00'));
    const captured = captureLogger('info');
    lines = captured.lines;
    bot = await startTestBot({ clock, logger: captured.logger, env: { METRICS_PORT: '0', INVOKE_RATE_LIMIT_PER_MINUTE: '10000' } });
    meetingId = await setUpMeeting(bot, clock, karin, [[karin, 'hc_nurse'], [mona, 'social_worker']]);
    await bot.settle();
  });
  afterEach(() => bot.stop());

  it('answers a case submitted on a full disk with the form as typed and "not saved", stores nothing, and logs the cause once', async () => {
    const before = await counts();
    const free = fillStore(bot.runtime.services.store);
    const answers: AdaptiveCardJson[] = [];
    // A full SBAR (each part near its 2,000 characters) needs pages the full disk cannot give.
    const long = (text: string) => Array.from({ length: Math.floor(1900 / (text.length + 1)) }, () => text).join(' ');
    const typed = (i: number) => ({ situation: `Försök ${i + 1}: ${long('yrsel och fall')}`, background: long('bor ensam'), assessment: long('ökande fallrisk'), recommendation: long('samordnad bedömning') });
    for (let i = 0; i < 3; i++) answers.push(await bot.press(karin, 'case.submit', validSbar({ meetingId, ...typed(i) })));

    for (const [i, answer] of answers.entries()) {
      assert.match(cardText(answer), /Ärendet sparades inte/);
      assert.match(cardText(answer), /Det du skrev finns kvar/);
      const values = inputValues(answer);
      assert.equal(values.patientName, 'Astrid Lindqvist');
      assert.equal(values.situation, typed(i).situation);
      assert.equal(values.recommendation, typed(i).recommendation);
      assert.doesNotMatch(cardText(answer), /SA-[A-Z0-9]{5}/, 'no case reference: nothing was registered');
    }
    assert.deepEqual(await counts(), before, 'no case, audit entry, post or kvittens of a half-written submission');

    const failures = failureLogs();
    assert.equal(failures.length, 1, 'one error for the fault, not one per request');
    assert.equal(failures[0]!.level, 'error');
    assert.equal(failures[0]!.cause, 'disk_full');
    assert.match(String(failures[0]!.msg), /the disk is full/);
    assert.match(String(failures[0]!.msg), /free space on the file system of DATA_DIR/);
    assert.equal(lines.filter((line) => line.msg === 'verb failed').length, 0);
    assert.equal(JSON.stringify(lines).includes('Astrid'), false, 'no patient data in the log');

    // /healthz tries a write of its own (it fails too: four failed writes in all).
    const failing = await health();
    assert.equal(failing.status, 503);
    assert.deepEqual((failing.body as { storeWrites: unknown }).storeWrites, {
      status: 'failing', cause: 'disk_full', since: clock.now().toISOString(), failures: 4,
    });
    assert.equal(await metric('samordna_store_write_errors_total{cause="disk_full"}'), 4);
    assert.equal(await metric('samordna_store_writable'), 0);

    // A kvittens pressed meanwhile is not registered either, and says so.
    const [ack] = await bot.runtime.services.repos.acks.find({ status: 'open' });
    if (ack) assert.match(cardText(await bot.press(mona, 'ack.confirm', { ackId: ack._id })), /Det gick inte att spara – inget har ändrats/);

    // The operator frees space: health recovers by itself, without a restart or a request.
    free();
    clock.advance(61_000);
    const healed = await health();
    assert.equal(healed.status, 200);
    assert.deepEqual((healed.body as { storeWrites: unknown }).storeWrites, { status: 'ok' });
    assert.equal(lines.filter((line) => line.msg === 'store writes work again').length, 1);
    assert.equal(await metric('samordna_store_writable'), 1);
    assert.match(cardText(await bot.press(karin, 'case.submit', validSbar({ meetingId }))), /SA-[A-Z0-9]{5}/);
    assert.equal((await counts()).cases, before.cases + 1);
  });

  it('keeps the decision, the meeting settings and the roster choice as typed on a read-only store', async () => {
    await bot.press(karin, 'case.submit', validSbar({ meetingId }));
    const [record] = await bot.runtime.services.repos.cases.find({});
    const tuesday = '2026-11-24';
    clock.set(zonedInstant(tuesday, '07:00'));
    await bot.runtime.scheduler.tick(clock.now());
    await bot.settle();
    clock.set(zonedInstant(tuesday, '13:00'));
    await bot.press(karin, 'meeting.start', { meetingId, meetingDate: tuesday });
    await bot.settle();
    const before = await counts();
    const back = makeStoreReadOnly(bot.runtime.services.store);
    const decision = { actions: 'Hembesök inom två dagar.', responsible: mona.id, followUpDate: '2026-12-08', sipNeeded: 'false', escalate: 'false' };
    const decided = await bot.press(karin, 'case.decide', { meetingId, meetingDate: tuesday, caseId: record!._id, ...decision });
    assert.match(cardText(decided), /Beslutet sparades inte/);
    assert.equal(inputValues(decided).actions, decision.actions);
    assert.equal(inputValues(decided).followUpDate, decision.followUpDate);
    assert.equal((await bot.runtime.services.repos.cases.findOne({ _id: record!._id }))!.decision, null);
    const setup = await bot.press(karin, 'meeting.setup', { area: 'Södermalm', weekday: '3', time: '09:30', durationMinutes: '60' });
    assert.match(cardText(setup), /Mötesinställningarna sparades inte/);
    assert.equal(inputValues(setup).area, 'Södermalm');
    const join = await bot.press(teamsUser('Petra Hemtjänst'), 'roster.join', { role: 'home_care', organization: 'Hemtjänsten Öst' });
    assert.match(cardText(join), /Du har inte lagts till i deltagarlistan/);
    assert.equal(inputValues(join).organization, 'Hemtjänsten Öst');
    assert.deepEqual(await counts(), before);
    const failures = failureLogs();
    assert.equal(failures.length, 1);
    assert.equal(failures[0]!.cause, 'read_only');
    // Three forms, and the write the scrape itself tried (as /healthz does while writes fail).
    assert.equal(await metric('samordna_store_write_errors_total{cause="read_only"}'), 4);
    back();
  });
});
