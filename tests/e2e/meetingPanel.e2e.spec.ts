import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { ManualClock } from '../../services/time/clock';
import { zonedInstant } from '../../services/time/stockholm';
import { accessibilityViolations, focusedAttribute, focusedName, launchChromium } from '../support/browser';
import { cardOf } from '../support/connectorStandIn';
import { setUpMeeting } from '../support/meetingSetup';
import { SECRET_STRINGS, validSbar } from '../support/sbarFixtures';
import { cardText, startTestBot, type TestBot } from '../support/testBot';
import { teamsUser } from '../support/teamsActivities';

/** `SAMORDNA_WRITE_SCREENSHOTS=1` refreshes docs/meeting/*.png. */
const WRITE_DOCS = process.env.SAMORDNA_WRITE_SCREENSHOTS === '1';
const DOCS_DIR = path.resolve(__dirname, '../../docs/meeting');
const TUESDAY = '2026-11-24';

describe('e2e: Samordna inside the Teams meeting — side panel and stage (development mode)', function () {
  this.timeout(90_000);
  let bot: TestBot;
  let browser: Browser;
  let meetingId: string;
  const references: Record<string, string> = {};
  const rita = teamsUser('Rita Region'); // leads today's meeting
  const mona = teamsUser('Mona Kommun');
  const olle = teamsUser('Olle Utanför');

  const open = async (user: { aadObjectId: string }, page: 'meeting' | 'stage', width: number): Promise<Page> => {
    const tab = await browser.newPage({ viewport: { width, height: 900 }, locale: 'sv-SE', timezoneId: 'Europe/Stockholm' });
    const failures: string[] = [];
    tab.on('pageerror', (error) => failures.push(error.message));
    await tab.goto(`${bot.runtime.url}/tab/${page}.html?meetingId=${meetingId}&devUser=${user.aadObjectId}`);
    await tab.waitForSelector('body[data-ready]', { timeout: 15_000 });
    assert.deepEqual(failures, []);
    return tab;
  };

  before(async () => {
    browser = await launchChromium();
    const clock = new ManualClock(zonedInstant('2026-11-22', '10:00'));
    bot = await startTestBot({ clock, env: { INVOKE_RATE_LIMIT_PER_MINUTE: '10000' } });
    meetingId = await setUpMeeting(bot, clock, rita, [[rita, 'hc_nurse'], [mona, 'social_worker']]);
    for (const agendaItem of ['risk', 'sip', 'discharge']) {
      const extra = agendaItem === 'discharge' ? { readyForDischargeAt: '2026-11-21 10:00' } : {};
      await bot.press(mona, 'case.submit', validSbar({ meetingId, agendaItem, recipients: '', ...extra }));
      references[agendaItem] = (await bot.runtime.services.repos.cases.findOne({ agendaItem }))!.reference;
    }
    clock.set(zonedInstant(TUESDAY, '07:00'));
    await bot.runtime.scheduler.tick(clock.now());
    await bot.settle();
    clock.set(zonedInstant(TUESDAY, '13:00'));
    if (WRITE_DOCS) await mkdir(DOCS_DIR, { recursive: true });
  });
  after(async () => {
    await browser?.close();
    await bot?.stop();
  });

  it('lets the leader run the agenda from a 320 px side panel, while a participant\'s 1280 px panel and the stage follow without reload', async () => {
    const leader = await open(rita, 'meeting', 320);
    const participant = await open(mona, 'meeting', 1280);
    const stage = await open(mona, 'stage', 1280);

    assert.equal(await participant.locator('#controls').isVisible(), false, 'only the leader gets the controls');
    assert.match(await leader.locator('#meeting-subtitle').innerText(), /tisdag 24 november 2026 kl\. 13:00 · Dagordningen är publicerad/);
    await leader.getByRole('button', { name: 'Starta mötet' }).click();
    await leader.waitForSelector('body[data-point="1"]');
    for (const page of [participant, stage]) await page.waitForSelector('body[data-point="1"]', { timeout: 10_000 });

    // Driven over HTTP, as the leader's card view does it: the panels and the stage follow.
    await bot.press(rita, 'meeting.point', { meetingId, meetingDate: TUESDAY, point: 2 });
    for (const page of [leader, participant, stage]) await page.waitForSelector('body[data-point="2"]', { timeout: 10_000 });
    assert.equal(await participant.locator('#points li[aria-current="step"]').getAttribute('data-point'), '2');
    assert.match(await participant.locator('#current').innerText(), new RegExp(`Punkt 2 av 6[\\s\\S]*${references.risk} · A\\.L\\. \\(1912\\)`));
    assert.match(await stage.locator('#stage-point').innerText(), /Punkt 2 av 6/);
    assert.match(await stage.locator('#stage-cases').innerText(), new RegExp(`${references.risk} · A\\.L\\. \\(1912\\) · Nästa vardag`));
    assert.match(await participant.locator('#announcer').innerText(), /Mötet är vid punkt 2 av 6/, 'screen readers hear the point change');

    // The leader decides from the side panel; the decision is the one the cards show.
    await leader.getByRole('button', { name: `Besluta för ${references.risk}` }).click();
    await leader.locator('#decision-heading').waitFor();
    assert.equal(await focusedAttribute(leader, 'id'), 'decision-heading', 'focus moves to the form');
    await leader.getByRole('button', { name: 'Spara beslut' }).click();
    await leader.locator('#actions-error').waitFor({ state: 'visible' });
    assert.match(await leader.locator('#actions-error').innerText(), /./, 'a missing action is named at its field');
    await leader.getByLabel('Åtgärder', { exact: true }).fill('Hembesök av distriktssköterska inom två dagar.');
    await leader.getByLabel('Ansvarig', { exact: true }).selectOption({ label: 'Mona Kommun (Socialsekreterare)' });
    await leader.getByLabel('Uppföljningsdatum – lämna tomt om ärendet kan avslutas').fill('2026-12-08');
    await leader.getByRole('button', { name: 'Spara beslut' }).click();
    await leader.locator('#decision').waitFor({ state: 'hidden' });
    assert.match(await leader.locator('#current').innerText(), /Beslut: Ansvarig: Mona Kommun · uppföljning tisdag 8 december 2026/);
    const record = (await bot.runtime.services.repos.cases.findOne({ reference: references.risk! }))!;
    assert.equal(record.decision?.responsibleUserId, mona.id);
    const cardView = cardText(await bot.press(rita, 'meeting.view', { meetingId, meetingDate: TUESDAY }));
    assert.match(cardView, /Ansvarig: Mona Kommun · uppföljning tisdag 8 december 2026/, "the leader's card view agrees");
    if (WRITE_DOCS) {
      await stage.waitForSelector('#stage-cases .tag');
      await leader.screenshot({ path: path.join(DOCS_DIR, 'side-panel.png'), fullPage: true });
      await stage.screenshot({ path: path.join(DOCS_DIR, 'stage.png') });
    }

    // Keyboard: from the top, Tab reaches the run's controls and the case's decision button in order
    // (once the panel has drawn the saved decision: tabbing before that redraw loses the focus).
    await leader.getByRole('button', { name: 'Ändra beslut' }).waitFor();
    await leader.locator('h1').click();
    const reached: string[] = [];
    for (let n = 0; n < 8; n++) {
      await leader.keyboard.press('Tab');
      reached.push(await focusedName(leader));
    }
    assert.deepEqual(reached.slice(0, 4), ['previous', 'next', 'stage-link', 'Ändra beslut'], reached.join(' → '));

    // A change made elsewhere (the leader's card) is drawn by the next poll without taking the focus away.
    await leader.getByRole('button', { name: `Ändra beslut för ${references.risk}` }).focus();
    await bot.press(rita, 'case.decide', { meetingId, meetingDate: TUESDAY, caseId: record._id, actions: 'Hembesök av distriktssköterska inom två dagar.', responsible: rita.id, followUpDate: '2026-12-08' });
    await leader.locator('#current', { hasText: 'Ansvarig: Rita Region' }).waitFor({ timeout: 10_000 });
    assert.equal(await focusedAttribute(leader, 'aria-label'), `Ändra beslut för ${references.risk}`, 'the focus stays on the redrawn button');

    await leader.getByRole('button', { name: 'Nästa punkt' }).click();
    for (const page of [participant, stage]) await page.waitForSelector('body[data-point="3"]', { timeout: 10_000 });
    await bot.settle();
    assert.ok(bot.connector.updates().some((call) => /Mötet pågår: punkt 3 av 6\./.test(cardText(cardOf(call)))), "the channel's agenda follows the side panel");

    for (const [name, page] of [['side panel 320 px', leader], ['side panel 1280 px', participant], ['stage', stage]] as const) {
      assert.deepEqual(await accessibilityViolations(page), [], name);
    }
    const stageContent = await stage.content();
    for (const secret of [...SECRET_STRINGS, 'Hembesök', 'Rita Region', 'Mona Kommun']) assert.ok(!stageContent.includes(secret), `the stage shows no ${secret}`);
    for (const secret of SECRET_STRINGS) assert.ok(!(await participant.content()).includes(secret), `the side panel is masked: ${secret}`);

    // …and ends it: the summary goes to the channel, the panels and the stage say it has ended.
    for (let point = 4; point <= 6; point++) {
      await leader.getByRole('button', { name: 'Nästa punkt' }).click();
      await leader.waitForSelector(`body[data-point="${point}"]`);
    }
    await leader.getByRole('button', { name: 'Avsluta mötet och skicka sammanfattningen' }).click();
    await leader.waitForFunction(() => /Avslutat/.test((globalThis as unknown as { document: { getElementById(id: string): { textContent: string } } }).document.getElementById('meeting-subtitle').textContent));
    await stage.locator('#stage-point', { hasText: 'Mötet är avslutat' }).waitFor({ timeout: 10_000 });
    await bot.settle();
    assert.ok(bot.connector.posts().some((call) => /Sammanfattning av samordningsmötet/.test(cardText(cardOf(call)))), 'the summary is posted');
    assert.equal((await bot.runtime.services.runs.runOf(meetingId, TUESDAY))?.status, 'ended');
    for (const page of [leader, participant, stage]) await page.close();
  });

  it('tells someone outside the roster that they cannot follow the meeting, on the panel and the stage', async () => {
    for (const page of ['meeting', 'stage'] as const) {
      const tab = await open(olle, page, 320);
      assert.match(await tab.locator('#error').innerText(), /Du finns inte med i mötets deltagarlista/);
      assert.deepEqual(await accessibilityViolations(tab), []);
      await tab.close();
    }
  });
});
