import assert from 'node:assert/strict';
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import type { AdherenceReport } from '../../services/board/adherenceReport';
import { ManualClock } from '../../services/time/clock';
import { zonedInstant } from '../../services/time/stockholm';
import { accessibilityViolations, focusedName, launchChromium } from '../support/browser';
import { validSbar } from '../support/sbarFixtures';
import { startTestBot, type TestBot } from '../support/testBot';
import { setUpMeeting } from '../support/meetingSetup';
import { teamsUser } from '../support/teamsActivities';

/** `SAMORDNA_WRITE_SCREENSHOTS=1` refreshes docs/board.png; otherwise the screenshot stays in a temp folder. */
const WRITE_DOCS = process.env.SAMORDNA_WRITE_SCREENSHOTS === '1';
const DOCS_SCREENSHOT = path.resolve(__dirname, '../../docs/board.png');
const FIRST_TUESDAY = '2026-11-24';
const TUESDAY = '2026-12-01';

describe('e2e: the meeting board in a browser (development mode)', function () {
  this.timeout(60_000);
  let bot: TestBot;
  let browser: Browser;
  let meetingId: string;
  let screenshotDir: string;
  const reference: Record<string, string> = {};
  const rita = teamsUser('Rita Region');
  const mona = teamsUser('Mona Kommun');
  const maria = teamsUser('Maria Chef');

  before(async () => {
    browser = await launchChromium();
    screenshotDir = await mkdtemp(path.join(os.tmpdir(), 'samordna-board-'));
    const clock = new ManualClock(zonedInstant('2026-11-22', '10:00'));
    bot = await startTestBot({ clock });
    meetingId = await setUpMeeting(bot, clock, rita, [[rita, 'hc_nurse', 'Hälsocentralen Norrmalm'], [mona, 'social_worker', 'Socialtjänsten'], [maria, 'manager', 'Kommunen']]);
    const submissions: Record<string, unknown>[] = [
      { agendaItem: 'risk', urgency: 'urgent', recipients: 'social_worker' },
      { agendaItem: 'sip', urgency: 'next_weekday', recipients: 'social_worker', patientName: 'Bertil Ek', personnummer: '19400101-1230' },
      { agendaItem: 'discharge', urgency: 'next_day', recipients: 'social_worker', readyForDischargeAt: '2026-11-21 10:00', patientName: 'Sven Holm', personnummer: '19380303-4564' },
    ];
    for (const submission of submissions) {
      await bot.press(rita, 'case.submit', validSbar({ meetingId, ...submission }));
      reference[submission.agendaItem as string] = (await bot.runtime.services.repos.cases.findOne({ agendaItem: submission.agendaItem as string }))!.reference;
    }
    const socialWorkerAck = (await bot.runtime.services.repos.acks.find({ role: 'social_worker' }))[0]!;
    await bot.press(mona, 'ack.confirm', { ackId: socialWorkerAck._id });

    // The first meeting: Rita leads, the risk case gets a follow-up next week and is escalated.
    clock.set(zonedInstant(FIRST_TUESDAY, '07:00'));
    await bot.runtime.scheduler.tick(clock.now());
    await bot.settle();
    clock.set(zonedInstant(FIRST_TUESDAY, '13:00'));
    await bot.press(rita, 'meeting.start', { meetingId, meetingDate: FIRST_TUESDAY });
    const riskCase = (await bot.runtime.services.repos.cases.findOne({ agendaItem: 'risk' }))!;
    await bot.press(rita, 'case.decide', {
      meetingId, meetingDate: FIRST_TUESDAY, caseId: riskCase._id, actions: 'Hembesök.', responsible: mona.id, followUpDate: TUESDAY,
      sipNeeded: 'false', escalate: 'true', escalationReason: 'Resurser saknas.',
    });
    clock.set(zonedInstant(FIRST_TUESDAY, '14:00'));
    await bot.press(rita, 'meeting.end', { meetingId, meetingDate: FIRST_TUESDAY });
    clock.set(zonedInstant('2026-11-26', '09:00'));
    await bot.press(mona, 'case.submit', validSbar({ meetingId, agendaItem: 'risk', urgency: 'as_needed', recipients: '', patientName: 'Greta Berg', personnummer: '19450505-1237' }));
    reference.newRisk = (await bot.runtime.services.repos.cases.findOne({ meetingDate: TUESDAY, agendaItem: 'risk', carriedOverFrom: null }))!.reference;

    // The second meeting, running: Mona leads; the follow-up is back under point 3.
    for (const time of ['06:30', '07:00']) {
      clock.set(zonedInstant(TUESDAY, time));
      await bot.runtime.scheduler.tick(clock.now());
    }
    await bot.settle();
    clock.set(zonedInstant(TUESDAY, '13:00'));
    await bot.press(mona, 'meeting.start', { meetingId, meetingDate: TUESDAY });
    await bot.press(mona, 'meeting.point', { meetingId, meetingDate: TUESDAY, point: 2 });
    await bot.settle();
    clock.set(zonedInstant(TUESDAY, '13:40'));
  });
  after(async () => {
    await browser?.close();
    await bot?.stop();
    if (screenshotDir) await rm(screenshotDir, { recursive: true, force: true });
  });

  it('shows the board, its development banner and the follow-up report with its chart', async () => {
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 }, locale: 'sv-SE', timezoneId: 'Europe/Stockholm' });
    const failures: string[] = [];
    page.on('pageerror', (error) => failures.push(error.message));
    await page.goto(`${bot.runtime.url}/tab/board.html?meetingId=${meetingId}&devUser=${rita.aadObjectId}`);
    await page.waitForSelector('body[data-ready]', { timeout: 15_000 });
    assert.equal(await page.getAttribute('body', 'data-ready'), 'true', await page.locator('#error').textContent() ?? '');
    assert.deepEqual(failures, []);

    const text = (selector: string) => page.locator(selector).innerText();
    assert.match(await text('.dev-banner'), /Utvecklingsläge — inte inloggad via Teams/);
    assert.ok(await page.locator('.dev-banner').isVisible());
    assert.match(await text('h1'), /Samordningstavla – Norrmalm/);
    assert.match(await text('#meeting-day'), /tisdag 1 december 2026/);
    assert.match(await text('#meeting-day'), /Pågår \(punkt 2 av 6\)/);
    assert.match(await text('#leader'), /Mona Kommun/);
    assert.match(await text('#leader'), /Socialsekreterare/);
    assert.match(await text('#leader'), /Leder för\s+Kommun/);
    const point = (n: number) => text(`#agenda [data-point="${n}"]`);
    assert.match(await point(2), new RegExp(`${reference.newRisk} · G\\.B\\. \\(1945\\) · Vid behov`));
    assert.match(await point(3), new RegExp(`${reference.risk} · A\\.L\\. \\(1912\\) · Skyndsamt\\s*Uppföljning`));
    assert.match(await point(4), new RegExp(`${reference.sip} · B\\.E\\. \\(1940\\) · Nästa vardag`));
    assert.match(await point(5), new RegExp(`${reference.discharge} · S\\.H\\. \\(1938\\) · Nästa dag`));
    assert.doesNotMatch(await page.content(), /Lindqvist|Greta Berg|19121212|19450505|Tre besök|Hembesök|Resurser saknas/);

    const socialWorkerAcks = page.locator('#acknowledgements tbody tr', { hasText: 'Socialsekreterare' });
    assert.deepEqual(await socialWorkerAcks.locator('td').allInnerTexts(), ['0', '3', '1', '0'], 'waiting, overdue, on time, late');
    assert.match(await text('#escalations'), new RegExp(`${reference.risk}[\\s\\S]*Maria Chef`));
    assert.match(await text('#follow-ups'), new RegExp(`${reference.risk}[\\s\\S]*tisdag 1 december 2026[\\s\\S]*Mona Kommun`));
    const rotation = await page.locator('#rotation tbody tr').allInnerTexts();
    assert.equal(rotation.length, 8);
    assert.match(rotation[0]!, /Mona Kommun/);
    assert.match(rotation[1]!, /Rita Region/);

    await page.waitForSelector('#report-chart');
    assert.match((await page.locator('#report-chart title').textContent()) ?? '', /dagordningspunkt/);
    assert.equal(await page.locator('#report-from').inputValue(), '2025-12-02');
    assert.equal(await page.locator('#report-to').inputValue(), TUESDAY);
    const reportRows = await page.locator('#report-content table').first().locator('tbody tr').allInnerTexts();
    assert.ok(reportRows.some((row) => /2\. Identifierade riskindivider\s+2/.test(row)), reportRows.join(' | '));
    assert.ok(reportRows.some((row) => /Skyndsamt\s+1/.test(row)), reportRows.join(' | '));
    const allNumbers = reportRows;
    for (const section of [/^Samtycke\s+Andel med samtycke\s+100,0 %/, /^SIP\s/, /^Eskaleringar\s/, /^Möten\s+Planerade\s/]) {
      assert.ok(allNumbers.some((row) => section.test(row)), `${section}: ${allNumbers.join(' | ')}`);
    }
    const report = (await (await fetch(`${bot.runtime.url}/api/board/meetings/${meetingId}/report`, { headers: { 'x-samordna-dev-user': rita.aadObjectId } })).json()) as AdherenceReport;
    const nonZero = [...Object.values(report.cases.byAgendaPoint), ...Object.values(report.cases.byUrgency), report.acknowledgements.onTimeShare ?? 0].filter((value) => value !== 0);
    assert.equal(await page.locator('#report-chart rect.chart-bar').count(), nonZero.length, 'one bar per number that is not zero');

    const download = page.waitForEvent('download');
    await page.locator('#report-csv').click();
    assert.equal((await download).suggestedFilename(), `samordna-uppfoljning-2025-12-02-${TUESDAY}.csv`);

    await page.locator('#report-from').fill('2026-12-02');
    await page.locator('button[type=submit]').click();
    await page.waitForSelector('#report-error:not([hidden])');
    assert.match(await text('#report-error'), /Från-datumet/);
    await page.locator('#report-from').fill('2025-12-02');
    await page.locator('button[type=submit]').click();
    await page.waitForSelector('#report-chart');

    assert.deepEqual(await accessibilityViolations(page), []);
    // Keyboard: from the top of the page, Tab reaches the report's controls in reading order (a
    // date field takes several presses, one per part of the date).
    await page.locator('h1').click(); // moves the browser's starting point for Tab to the top
    const reached: string[] = [];
    for (let n = 0; n < 40 && !reached.includes('report-csv'); n++) {
      await page.keyboard.press('Tab');
      const focused = await focusedName(page);
      if (reached.at(-1) !== focused) reached.push(focused);
    }
    assert.deepEqual(reached.slice(-4), ['report-from', 'report-to', 'Visa uppföljning', 'report-csv'], reached.join(' → '));

    const screenshot = path.join(screenshotDir, 'board.png');
    await page.screenshot({ path: screenshot, fullPage: true });
    if (WRITE_DOCS) await copyFile(screenshot, DOCS_SCREENSHOT);
    await page.close();
  });

  it("shows the signed-in person's own work (Mina ärenden), masked, with what is overdue flagged", async () => {
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 }, locale: 'sv-SE', timezoneId: 'Europe/Stockholm' });
    await page.goto(`${bot.runtime.url}/tab/board.html?meetingId=${meetingId}&devUser=${mona.aadObjectId}`);
    await page.waitForSelector('body[data-ready]', { timeout: 15_000 });
    const mine = await page.locator('#mine').innerText();
    // Mona answers for the risk case since the first meeting; her kvittens of it is overdue.
    assert.match(mine, new RegExp(`Att kvittera[\\s\\S]*${reference.risk}[\\s\\S]*A\\.L\\. \\(1912\\)[\\s\\S]*Försenad`));
    assert.match(mine, new RegExp(`Ansvarig för[\\s\\S]*${reference.risk}[\\s\\S]*tisdag 1 december 2026`));
    const submitted = await page.locator('#mine table', { hasText: 'Anmälda av mig' }).innerText();
    assert.match(submitted, new RegExp(reference.newRisk!));
    for (const ritas of [reference.risk, reference.sip, reference.discharge]) assert.doesNotMatch(submitted, new RegExp(ritas!), "Rita's submissions are not Mona's");
    assert.doesNotMatch(await page.content(), /Lindqvist|Greta Berg|19121212|19450505|Tre besök|Hembesök|Resurser saknas/);
    assert.deepEqual(await accessibilityViolations(page), []);
    await page.close();
  });

  it('shows a readable message to someone not on the roster', async () => {
    const page = await browser.newPage();
    await page.goto(`${bot.runtime.url}/tab/board.html?meetingId=${meetingId}&devUser=${teamsUser('Olle Utanför').aadObjectId}`);
    await page.waitForSelector('body[data-ready]', { timeout: 15_000 });
    assert.match(await page.locator('#error').innerText(), /Du finns inte med i mötets deltagarlista/);
    assert.equal(await page.locator('#board').isVisible(), false);
    assert.deepEqual(await accessibilityViolations(page), []);
    await page.close();
  });

  it('lists the person’s meetings on the configuration page outside Teams', async () => {
    const page = await browser.newPage();
    await page.goto(`${bot.runtime.url}/tab/configure.html?devUser=${mona.aadObjectId}`);
    const link = page.locator('#development-links a').first();
    await link.waitFor({ timeout: 15_000 });
    assert.match(await link.innerText(), /Norrmalm – tisdagar kl\. 13:00/);
    assert.match((await link.getAttribute('href')) ?? '', new RegExp(`board\\.html\\?meetingId=${meetingId}&devUser=${mona.aadObjectId}`));
    const pages = await page.locator('#development-links a').evaluateAll((links) => links.map((link) => (link as unknown as { pathname: string }).pathname));
    assert.deepEqual(pages, ['/tab/board.html', '/tab/meeting.html', '/tab/stage.html'], 'the board, and the side panel and stage of the Teams meeting');
    await page.close();
  });
});
