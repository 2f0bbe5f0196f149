import assert from 'node:assert/strict';
import { copyFile, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { ManualClock } from '../../services/time/clock';
import { addDays, zonedInstant } from '../../services/time/stockholm';
import { accessibilityViolations, focusedAttribute, focusedName, launchChromium } from '../support/browser';
import { postJson } from '../support/httpClient';
import { withCheckDigit } from '../support/identityNumbers';
import { setUpMeeting } from '../support/meetingSetup';
import { SECRET_STRINGS, validSbar } from '../support/sbarFixtures';
import { startTestBot, type TestBot } from '../support/testBot';
import { botAddedToChannel, cardAction, teamsUser, type ChannelPlace, type TeamsUser } from '../support/teamsActivities';

/** `SAMORDNA_WRITE_SCREENSHOTS=1` refreshes docs/personal-tab/*.png; otherwise they stay in a temp folder. */
const WRITE_DOCS = process.env.SAMORDNA_WRITE_SCREENSHOTS === '1';
const DOCS_DIR = path.resolve(__dirname, '../../docs/personal-tab');
const NORRMALM_TUESDAY = '2026-11-24';
const SODER_THURSDAY = '2026-11-26';
const TODAY = '2026-11-27';

/** Norrmalm's meetings from September, before the two weeks the test looks at closely. */
const WEEKLY_MEETINGS = ['2026-09-01', '2026-09-08', '2026-09-15', '2026-09-22', '2026-09-29', '2026-10-06', '2026-10-13', '2026-10-20', '2026-10-27', '2026-11-03', '2026-11-10', '2026-11-17'];
const WEEKLY_PATIENTS = ['Gun Nilsson', 'Karl Ek', 'Ines Berg', 'Olof Sund'];

type Width = 1280 | 768;
type Theme = 'default' | 'dark';

describe('e2e: the personal tab in a browser — Mina ärenden and Uppföljning (development mode)', function () {
  this.timeout(120_000);
  let bot: TestBot;
  let browser: Browser;
  let screenshotDir: string;
  const meetings: Record<'norrmalm' | 'soder', string> = { norrmalm: '', soder: '' };
  const reference: Record<string, string> = {};
  const rita = teamsUser('Rita Region'); // nurse in both meetings
  const mona = teamsUser('Mona Kommun'); // social worker in Norrmalm: a participant only
  const maria = teamsUser('Maria Chef'); // manager of both meetings
  const olle = teamsUser('Olle Utanför'); // on no roster
  const soder: ChannelPlace = { serviceUrl: '', channelId: '19:soder@thread.tacv2' };

  async function pressIn(place: ChannelPlace, user: TeamsUser, verb: string, data: Record<string, unknown>): Promise<void> {
    const answer = await postJson(`${bot.runtime.url}/api/messages`, cardAction(place, user, verb, data));
    assert.equal(answer.status, 200, `${verb}: ${JSON.stringify(answer.body)}`);
  }

  async function decideAndEscalate(place: ChannelPlace | null, meetingId: string, meetingDate: string, caseReference: string, responsible: TeamsUser, clock: ManualClock): Promise<void> {
    const press = (user: TeamsUser, verb: string, data: Record<string, unknown>) => (place ? pressIn(place, user, verb, data) : bot.press(user, verb, data).then(() => undefined));
    const record = (await bot.runtime.services.repos.cases.findOne({ reference: caseReference }))!;
    await press(maria, 'meeting.start', { meetingId, meetingDate });
    await press(maria, 'case.decide', {
      meetingId, meetingDate, caseId: record._id, actions: 'Hembesök av distriktssköterska.', responsible: responsible.id, followUpDate: '',
      sipNeeded: 'false', escalate: 'true', escalationReason: 'Resurser saknas.',
    });
    clock.advance(60 * 60 * 1000);
    await press(maria, 'meeting.end', { meetingId, meetingDate });
  }

  before(async () => {
    screenshotDir = await mkdtemp(path.join(os.tmpdir(), 'samordna-personal-'));
    const clock = new ManualClock(zonedInstant('2026-08-28', '10:00'));
    bot = await startTestBot({ clock, env: { INVOKE_RATE_LIMIT_PER_MINUTE: '10000' } });
    soder.serviceUrl = bot.place.serviceUrl;

    // Norrmalm, Tuesdays 13:00: Rita, Mona and Maria (manager).
    meetings.norrmalm = await setUpMeeting(bot, clock, rita, [[rita, 'hc_nurse', 'Hälsocentralen Norrmalm'], [mona, 'social_worker', 'Socialtjänsten'], [maria, 'manager', 'Kommunen']]);
    // Söder, Thursdays 10:00, in another channel: Rita and Maria (manager) again.
    assert.equal((await postJson(`${bot.runtime.url}/api/messages`, botAddedToChannel(soder, rita))).status, 200);
    await pressIn(soder, rita, 'meeting.setup', { area: 'Söder', weekday: '4', time: '10:00', durationMinutes: '60' });
    for (const [user, role, organization] of [[rita, 'hc_nurse', 'Hälsocentralen Söder'], [maria, 'manager', 'Kommunen']] as const) {
      clock.advance(1000);
      await pressIn(soder, user, 'roster.join', { role, organization });
    }
    meetings.soder = (await bot.runtime.services.meetings.forConversation(soder.channelId!))!._id;

    // Twelve weeks of Norrmalm before: a case each Monday, its kvittens given in time, late or
    // never, and the Tuesday meeting held and the case decided (twice carried over) — so the
    // trend has months to show.
    for (const [index, tuesday] of WEEKLY_MEETINGS.entries()) {
      clock.set(zonedInstant(addDays(tuesday, -1), '09:00'));
      const born = withCheckDigit(`3001${String(index + 1).padStart(2, '0')}123`);
      await bot.press(rita, 'case.submit', validSbar({
        meetingId: meetings.norrmalm, agendaItem: index % 2 === 0 ? 'risk' : 'sip', urgency: index % 3 === 0 ? 'next_day' : 'next_weekday', recipients: 'social_worker',
        patientName: WEEKLY_PATIENTS[index % WEEKLY_PATIENTS.length], personnummer: `19${born.slice(0, 6)}-${born.slice(6)}`, transferDate: addDays(tuesday, -4),
      }));
      await bot.settle(); // the kvittens notice goes out now: its due time counts from then
      const submitted = (await bot.runtime.services.repos.cases.find({ meetingId: meetings.norrmalm }, { sort: { submittedAt: -1 } }))[0]!;
      const ack = (await bot.runtime.services.repos.acks.find({ caseId: submitted._id, role: 'social_worker' }))[0]!;
      if (index % 4 < 2) {
        clock.set(zonedInstant(addDays(tuesday, -1), '10:00'));
        await bot.press(mona, 'ack.confirm', { ackId: ack._id });
      }
      clock.set(zonedInstant(tuesday, '07:00'));
      await bot.runtime.scheduler.tick(clock.now());
      clock.set(zonedInstant(tuesday, '13:00'));
      await bot.press(maria, 'meeting.start', { meetingId: meetings.norrmalm, meetingDate: tuesday });
      if (index % 6 !== 5) {
        await bot.press(maria, 'case.decide', {
          meetingId: meetings.norrmalm, meetingDate: tuesday, caseId: submitted._id, actions: 'Hembesök.', responsible: mona.id, followUpDate: '',
          sipNeeded: 'false', escalate: 'false', escalationReason: '',
        });
      }
      clock.set(zonedInstant(tuesday, '14:00'));
      await bot.press(maria, 'meeting.end', { meetingId: meetings.norrmalm, meetingDate: tuesday });
      await bot.settle();
      // In the afternoon Mona confirms what is left (her action, and a late kvittens), except every fourth week.
      clock.set(zonedInstant(tuesday, '15:00'));
      if (index % 4 !== 3) {
        for (const open of await bot.runtime.services.repos.acks.find({ caseId: submitted._id, status: 'open' })) await bot.press(mona, 'ack.confirm', { ackId: open._id });
      }
    }
    await bot.settle();
    clock.set(zonedInstant('2026-11-20', '10:00'));

    const submit = async (place: ChannelPlace | null, meetingId: string, key: string, overrides: Record<string, unknown>) => {
      const data = validSbar({ meetingId, ...overrides });
      if (place) await pressIn(place, rita, 'case.submit', data);
      else await bot.press(rita, 'case.submit', data);
      const all = await bot.runtime.services.repos.cases.find({ meetingId }, { sort: { submittedAt: -1 } });
      reference[key] = all[0]!.reference;
    };
    await submit(null, meetings.norrmalm, 'risk', { agendaItem: 'risk', urgency: 'urgent', recipients: 'social_worker' });
    await submit(null, meetings.norrmalm, 'sip', { agendaItem: 'sip', urgency: 'next_weekday', recipients: 'social_worker', patientName: 'Bertil Ek', personnummer: '19400101-1230' });
    await submit(soder, meetings.soder, 'soder', { agendaItem: 'risk', urgency: 'next_day', recipients: '', patientName: 'Sven Holm', personnummer: '19380303-4564' });

    // Norrmalm's meeting escalates the risk case (Mona answers for it); Söder's escalates its case two days later.
    clock.set(zonedInstant(NORRMALM_TUESDAY, '07:00'));
    await bot.runtime.scheduler.tick(clock.now());
    await bot.settle();
    clock.set(zonedInstant(NORRMALM_TUESDAY, '13:00'));
    await decideAndEscalate(null, meetings.norrmalm, NORRMALM_TUESDAY, reference.risk!, mona, clock);
    clock.set(zonedInstant(SODER_THURSDAY, '07:00'));
    await bot.runtime.scheduler.tick(clock.now());
    await bot.settle();
    clock.set(zonedInstant(SODER_THURSDAY, '10:00'));
    await decideAndEscalate(soder, meetings.soder, SODER_THURSDAY, reference.soder!, rita, clock);
    await bot.settle();
    clock.set(zonedInstant(TODAY, '09:30'));
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await bot?.stop();
    if (screenshotDir) await rm(screenshotDir, { recursive: true, force: true });
  });

  async function open(user: TeamsUser, width: Width, theme: Theme = 'default'): Promise<Page> {
    const page = await browser.newPage({ viewport: { width, height: 900 }, locale: 'sv-SE', timezoneId: 'Europe/Stockholm', acceptDownloads: true });
    const failures: string[] = [];
    page.on('pageerror', (error) => failures.push(error.message));
    await page.goto(`${bot.runtime.url}/tab/personal.html?devUser=${user.aadObjectId}&theme=${theme}`);
    await page.waitForSelector('body[data-ready]', { timeout: 15_000 });
    assert.equal(await page.getAttribute('body', 'data-ready'), 'true', (await page.locator('#error').textContent()) ?? '');
    assert.deepEqual(failures, []);
    return page;
  }

  async function openFollowup(page: Page): Promise<void> {
    await page.getByRole('tab', { name: 'Uppföljning' }).click();
    await page.locator('#trend-chart').waitFor({ timeout: 15_000 });
  }

  async function screenshot(page: Page, name: string): Promise<void> {
    const file = path.join(screenshotDir, name);
    await page.screenshot({ path: file, fullPage: true });
    if (WRITE_DOCS) {
      await mkdir(DOCS_DIR, { recursive: true });
      await copyFile(file, path.join(DOCS_DIR, name));
    }
  }

  it('shows a manager of two meetings the escalations of both, oldest first, the indicators and the trend — light theme, 1280 px', async () => {
    const page = await open(maria, 1280);
    assert.match(await page.locator('#page-subtitle').innerText(), /^Inloggad som /);
    assert.deepEqual(await accessibilityViolations(page), [], 'Mina ärenden');
    await openFollowup(page);
    assert.equal(await page.locator('#followup-from').inputValue(), '2026-01-01', 'this year by default');
    assert.equal(await page.locator('#followup-to').inputValue(), TODAY);
    const options = await page.locator('#followup-meeting option').allInnerTexts();
    assert.equal(options.length, 3, 'all, and the two meetings she manages');
    assert.equal(options[0], 'Alla mina möten');
    assert.ok(options.some((option) => /Norrmalm/.test(option)) && options.some((option) => /Söder/.test(option)), options.join(' | '));

    const escalations = await page.locator('#escalations-content tbody tr').allInnerTexts();
    assert.equal(escalations.length, 2, escalations.join(' | '));
    assert.match(escalations[0]!, new RegExp(`^${reference.risk}\\s+A\\.L\\. \\(1912\\)\\s+Norrmalm[\\s\\S]*Kvittera`), 'the older escalation first');
    assert.match(escalations[1]!, new RegExp(`^${reference.soder}\\s+S\\.H\\. \\(1938\\)\\s+Söder`));

    const perMeeting = page.locator('#indicators-content table').first();
    assert.equal(await perMeeting.locator('tbody th[scope="row"]').count(), 2);
    assert.match(await perMeeting.locator('tbody tr', { hasText: 'Norrmalm' }).innerText(), /13 av 13\s+14/, 'every Tuesday held; 14 cases');
    assert.doesNotMatch(await perMeeting.locator('tbody tr', { hasText: 'Norrmalm' }).innerText(), /för få ärenden/, 'Norrmalm has more than 5 cases');
    assert.match(await perMeeting.locator('tbody tr', { hasText: 'Söder' }).innerText(), /för få ärenden för jämförelse/, 'Söder has one');
    assert.match(await perMeeting.locator('tfoot').innerText(), /Alla möten/);
    assert.match(await page.locator('#indicators-content').innerText(), /Per mottagande organisation/);

    // The chart's text alternative: a title, a description with every month, and the same numbers in a table.
    assert.equal(await page.getAttribute('#trend-chart', 'role'), 'img');
    assert.equal(await page.getAttribute('#trend-chart', 'aria-labelledby'), 'trend-chart-title trend-chart-desc');
    assert.match((await page.locator('#trend-chart title').textContent()) ?? '', /Ärenden och kvittenser per månad/);
    const description = (await page.locator('#trend-chart desc').textContent()) ?? '';
    const monthRows = await page.locator('#trend-content tbody tr').allInnerTexts();
    assert.equal(monthRows.length, 11, 'January to November');
    let casesInTable = 0;
    for (const row of monthRows) {
      const [month, cases, onTime, late, missing, escalated] = row.split('\t');
      casesInTable += Number(cases);
      assert.ok(description.includes(`${month}: ${cases} ärenden, ${onTime} kvittenser i tid, ${late} sena, ${missing} saknade, ${escalated} eskaleringar`), `${row} — ${description}`);
    }
    assert.ok(casesInTable >= 15, `${casesInTable} cases`);
    assert.match(await page.locator('#trend-summary').innerText(), new RegExp(`Från januari 2026 till november 2026: ${casesInTable} ärenden sammanlagt`));
    assert.ok((await page.locator('#trend-chart rect.chart-series').count()) > 0);

    const content = await page.content();
    for (const secret of [...SECRET_STRINGS, 'Bertil Ek', 'Sven Holm', 'Resurser saknas', 'Hembesök']) assert.ok(!content.includes(secret), `the follow-up shows no ${secret}`);
    assert.deepEqual(await accessibilityViolations(page), [], 'Uppföljning');
    await screenshot(page, 'light-1280.png');

    // Kvittera: the escalation leaves the list, with a confirmation; the store has it confirmed by Maria.
    await page.getByRole('button', { name: `Kvittera ${reference.risk}` }).click();
    await page.locator('#announcer:not(:empty)').waitFor();
    await page.locator('#escalations-content tbody tr').first().waitFor();
    assert.equal(await page.locator('#escalations-content tbody tr').count(), 1);
    const record = (await bot.runtime.services.repos.cases.findOne({ reference: reference.risk! }))!;
    const ack = (await bot.runtime.services.repos.acks.find({ caseId: record._id, role: 'manager' }))[0]!;
    assert.equal(ack.status, 'confirmed');
    assert.equal(ack.confirmedBy?.id, maria.id);
    await page.close();
  });

  it('works in the dark theme at 768 px, and shows the message for a reversed period', async () => {
    const page = await open(maria, 768, 'dark');
    assert.equal(await page.evaluate(() => (globalThis as unknown as { document: { documentElement: { dataset: { theme?: string } } } }).document.documentElement.dataset.theme), 'dark');
    assert.deepEqual(await accessibilityViolations(page), [], 'Mina ärenden');
    await openFollowup(page);
    assert.deepEqual(await accessibilityViolations(page), [], 'Uppföljning');
    await screenshot(page, 'dark-768.png');

    // The escalated case opens privately from the list — a read of its own, audited as from the ping.
    const soderCase = (await bot.runtime.services.repos.cases.findOne({ reference: reference.soder! }))!;
    const readsBefore = (await bot.runtime.services.repos.audit.find({ action: 'case.read', caseId: soderCase._id })).length;
    await page.locator('#escalations-content').getByRole('button', { name: `Visa ärende ${reference.soder}` }).click();
    await page.locator('#case-dialog-content', { hasText: 'Sven Holm' }).waitFor({ timeout: 10_000 });
    assert.deepEqual(await accessibilityViolations(page), [], 'the case dialog, dark');
    await page.keyboard.press('Escape');
    await page.locator('#case-dialog').waitFor({ state: 'hidden' });
    const reads = await bot.runtime.services.repos.audit.find({ action: 'case.read', caseId: soderCase._id });
    assert.equal(reads.length, readsBefore + 1);
    assert.equal(reads.at(-1)!.actor.userId, maria.id);
    assert.ok(!(await page.content()).includes('Sven Holm'));

    await page.locator('#followup-from').fill('2026-11-28');
    await page.getByRole('button', { name: 'Visa uppföljning' }).click();
    await page.locator('#followup-error:not([hidden])').waitFor();
    assert.match(await page.locator('#followup-error').innerText(), /Från-datumet måste vara samma dag som eller före till-datumet/);
    assert.equal(await page.locator('#followup-content').isVisible(), false, 'no figures of another period');
    assert.deepEqual(await accessibilityViolations(page), [], 'with the error');

    // One meeting at a time.
    await page.locator('#followup-from').fill('2026-01-01');
    await page.getByLabel('Möte', { exact: true }).selectOption(meetings.soder);
    await page.getByRole('button', { name: 'Visa uppföljning' }).click();
    await page.locator('#followup-status', { hasText: 'ett möte' }).waitFor();
    assert.equal(await page.locator('#followup-error').isVisible(), false);
    assert.equal(await page.locator('#indicators-content table').first().locator('tbody tr').count(), 1);
    assert.doesNotMatch(await page.locator('#followup-content').innerText(), /Norrmalm/);
    await page.close();
  });

  it('works by keyboard: the tabs, the case dialog (closed with Escape), Kvittera and the CSV', async () => {
    const page = await open(maria, 1280);
    await page.locator('h1').click();
    await page.keyboard.press('Tab');
    assert.equal(await focusedName(page), 'tab-mine');

    // Mina ärenden: Tab through the panel to the first case, open it, close it with Escape.
    await page.keyboard.press('Tab');
    assert.equal(await focusedName(page), 'panel-mine');
    const focusedCase = () => focusedAttribute(page, 'data-case');
    for (let n = 0; n < 10 && (await focusedCase()) === null; n++) await page.keyboard.press('Tab');
    assert.ok((await focusedCase()) !== null, 'a case reference button');
    const reached = await focusedName(page);
    await page.keyboard.press('Enter');
    await page.locator('#case-dialog[open]').waitFor();
    await page.locator('#case-dialog-content h3').first().waitFor({ timeout: 10_000 });
    assert.match(await page.locator('#case-dialog-title').innerText(), new RegExp(`Ärende ${reached}`));
    await page.keyboard.press('Escape');
    await page.locator('#case-dialog').waitFor({ state: 'hidden' });
    assert.equal(await focusedName(page), reached, 'focus back on the case');
    assert.equal(await page.locator('#case-dialog-content').innerHTML(), '', 'nothing of the case stays in the page');

    // Uppföljning by arrow key; Tab to the period, the meeting, Visa and CSV; Enter downloads.
    await page.locator('h1').click();
    await page.keyboard.press('Tab');
    await page.keyboard.press('ArrowRight');
    assert.equal(await focusedName(page), 'tab-followup');
    await page.locator('#trend-chart').waitFor({ timeout: 15_000 });
    const order: string[] = [];
    for (let n = 0; n < 20 && !order.includes('followup-csv'); n++) {
      await page.keyboard.press('Tab');
      const name = await focusedName(page);
      if (order.at(-1) !== name) order.push(name);
    }
    assert.deepEqual(order, ['panel-followup', 'followup-from', 'followup-to', 'followup-meeting', 'followup-show', 'followup-csv'], order.join(' → '));
    const download = page.waitForEvent('download');
    await page.keyboard.press('Enter');
    const file = await download;
    assert.equal(file.suggestedFilename(), `samordna-uppfoljning-2026-01-01-${TODAY}.csv`);
    const csv = await readFile((await file.path())!, 'utf8');
    assert.ok(csv.startsWith('\uFEFFmöte;mottagande organisation;avsnitt;mått;värde\r\n'), csv.slice(0, 80));
    assert.match(csv, /Söder;/);

    // The remaining escalation, by keyboard.
    await page.keyboard.press('Tab');
    const next = await focusedName(page);
    assert.ok(next !== '', 'focus moves on into the follow-up');
    const kvittera = page.getByRole('button', { name: `Kvittera ${reference.soder}` });
    await kvittera.focus();
    await page.keyboard.press('Enter');
    await page.locator('#escalations-content p', { hasText: 'Inga öppna eskaleringar' }).waitFor();
    await page.locator('#announcer', { hasText: `Kvitterat: ${reference.soder}` }).waitFor();
    assert.equal(await focusedName(page), 'escalations-heading');
    await page.close();
  });

  it('shows a participant only Mina ärenden, where a kvittens is confirmed and a case opens privately', async () => {
    const page = await open(mona, 768);
    assert.equal(await page.getByRole('tab', { name: 'Uppföljning' }).count(), 0, 'no follow-up for a participant');
    assert.equal(await page.locator('#panel-followup').isVisible(), false);
    const mine = await page.locator('#mine-content').innerText();
    assert.match(mine, new RegExp(`Att kvittera[\\s\\S]*${reference.risk}[\\s\\S]*A\\.L\\. \\(1912\\)`));
    assert.match(mine, new RegExp(`Ansvarig för[\\s\\S]*${reference.risk}`));
    for (const secret of SECRET_STRINGS) assert.ok(!(await page.content()).includes(secret), `Mina ärenden is masked: ${secret}`);
    assert.deepEqual(await accessibilityViolations(page), []);

    // The case, privately: its SBAR in the dialog, gone again when it closes.
    await page.getByRole('button', { name: `Visa ärende ${reference.risk}` }).first().click();
    await page.locator('#case-dialog-content', { hasText: 'Astrid Lindqvist' }).waitFor({ timeout: 10_000 });
    assert.deepEqual(await accessibilityViolations(page), [], 'the case dialog');
    await page.getByRole('button', { name: 'Stäng' }).click();
    await page.locator('#case-dialog').waitFor({ state: 'hidden' });
    assert.ok(!(await page.content()).includes('Astrid Lindqvist'));

    const kvittera = page.getByRole('button', { name: `Kvittera ${reference.risk}` });
    const before = await kvittera.count();
    assert.ok(before >= 1);
    await kvittera.first().click();
    await page.locator('#announcer:not(:empty)').waitFor();
    assert.equal(await page.getByRole('button', { name: `Kvittera ${reference.risk}` }).count(), before - 1);
    await page.close();
  });

  it('tells someone on no roster where to start, and nothing more', async () => {
    const page = await open(olle, 1280);
    assert.match(await page.locator('#mine-content').innerText(), /Du finns inte på någon mötesdeltagarlista/);
    assert.equal(await page.getByRole('tab', { name: 'Uppföljning' }).count(), 0);
    assert.deepEqual(await accessibilityViolations(page), []);
    await page.close();
  });
});
