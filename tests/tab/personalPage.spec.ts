import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { accessibilityViolations, focusedAttribute, focusedName, launchChromium } from '../support/browser';
import { startStubApi, type StubApi } from './personalStubApi';

// The personal tab's page against a stand-in API with the contract's shapes: every state the
// page can be in, in each Teams theme, by keyboard. The real server: personalTabBrowser.e2e.spec.ts.
describe('the personal tab page (tab/personal.html) against a stand-in API', function () {
  this.timeout(60_000);
  let api: StubApi;
  let browser: Browser;

  before(async () => {
    api = await startStubApi();
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await api?.close();
  });

  async function open(devUser: string, options: { theme?: string; width?: number } = {}): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: options.width ?? 1280, height: 900 }, locale: 'sv-SE', timezoneId: 'Europe/Stockholm' });
    const failures: string[] = [];
    page.on('pageerror', (error) => failures.push(error.message));
    page.on('console', (message) => {
      // teams-js looks up its list of Teams domains on a CDN, which the CSP rightly blocks outside Teams.
      if (message.type() === 'error' && !/status of 4\d\d|res\.cdn\.office\.net/.test(message.text())) failures.push(message.text());
    });
    const theme = options.theme ? `&theme=${options.theme}` : '';
    await page.goto(`${api.url}/tab/personal.html?devUser=${devUser}${theme}`);
    await page.waitForSelector('body[data-ready]', { timeout: 15_000 });
    assert.deepEqual(failures, []);
    return page;
  }

  const openFollowup = async (page: Page) => {
    await page.getByRole('tab', { name: 'Uppföljning' }).click();
    await page.locator('#trend-chart').waitFor();
  };

  for (const theme of ['default', 'dark', 'contrast']) {
    for (const width of [1280, 768]) {
      it(`passes axe (WCAG 2.1 A/AA) on both tabs and in the case dialog — ${theme} theme, ${width} px`, async () => {
        const page = await open('manager', { theme, width });
        assert.equal(await page.evaluate(() => (globalThis as unknown as { document: { documentElement: { dataset: { theme?: string } } } }).document.documentElement.dataset.theme), theme);
        assert.deepEqual(await accessibilityViolations(page), [], 'Mina ärenden');
        await openFollowup(page);
        assert.deepEqual(await accessibilityViolations(page), [], 'Uppföljning');
        await page.getByRole('tab', { name: 'Mina ärenden' }).click();
        await page.getByRole('button', { name: 'Visa ärende 2026-0007' }).first().click();
        await page.locator('#case-dialog-content h3').first().waitFor();
        assert.deepEqual(await accessibilityViolations(page), [], 'the case dialog');
        await page.close();
      });
    }
  }

  it('shows Mina ärenden with the meeting, what is overdue, and a Kvittera that confirms once', async () => {
    api.reset();
    const page = await open('participant');
    assert.equal(await page.getByRole('tab', { name: 'Uppföljning' }).count(), 0, 'no follow-up tab for a participant');
    assert.match(await page.locator('#page-subtitle').innerText(), /Inloggad som Mona Kommun/);
    assert.match(await page.locator('.dev-banner').innerText(), /Utvecklingsläge/);
    const acks = page.locator('#mine-content .table-wrap', { hasText: 'Att kvittera' });
    assert.match(await acks.innerText(), /2026-0007\s+A\.L\. \(1912\)\s+Norrmalm, tisdagar kl\. 13:00\s+Socialsekreterare\s+onsdag 2 december kl\. 12:00\s*Försenad/);
    assert.match(await page.locator('#mine-content').innerText(), /SIP-samordnare[\s\S]*2026-0008[\s\S]*fredag 4 december 2026\s*Passerat/);
    assert.match(await page.locator('#mine-content').innerText(), /Anmälda av mig[\s\S]*2026-0009/);

    await page.getByRole('button', { name: 'Kvittera 2026-0007' }).click();
    await page.locator('#announcer', { hasText: 'Kvitterat. Tack!' }).waitFor();
    assert.equal(await page.locator('#mine-content .table-wrap', { hasText: 'Att kvittera' }).count(), 0, 'the kvittens left the list');
    assert.ok(api.calls.includes('POST /api/personal/acks/ack-1/confirm'));
    await page.close();
  });

  it('says so when a kvittens was confirmed by someone else meanwhile, and refreshes the list', async () => {
    api.reset();
    const page = await open('participant');
    await page.getByRole('button', { name: 'Kvittera 2026-0007' }).click();
    await page.locator('#announcer', { hasText: 'Kvitterat. Tack!' }).waitFor();
    await page.evaluate(() => {
      // An out-of-date list: the button of a kvittens that is no longer open.
      const doc = (globalThis as unknown as { document: { getElementById(id: string): { append(node: unknown): void }; createElement(tag: string): Record<string, unknown> & { dataset: Record<string, string>; setAttribute(name: string, value: string): void } } }).document;
      const button = doc.createElement('button');
      button.type = 'button';
      button.textContent = 'Kvittera';
      button.dataset.ack = 'ack-1';
      button.dataset.reference = '2026-0007';
      doc.getElementById('mine-content').append(button);
    });
    await page.locator('#mine-content > button').click();
    await page.locator('#mine-error:not([hidden])').waitFor();
    assert.match(await page.locator('#mine-error').innerText(), /Redan kvitterad av Mona Kommun kl\. 10:12/);
    assert.equal(await page.locator('#mine-error').getAttribute('role'), 'alert');
    await page.close();
  });

  it('opens a case in a modal dialog, closes it with Escape and returns focus, leaving nothing of the case in the page', async () => {
    const page = await open('participant', { width: 768 });
    const opener = page.getByRole('button', { name: 'Visa ärende 2026-0007' }).first();
    await opener.focus();
    await page.keyboard.press('Enter');
    await page.locator('#case-dialog[open]').waitFor();
    await page.locator('#case-dialog-content', { hasText: 'Anna Lindqvist' }).waitFor();
    assert.match(await page.locator('#case-dialog-title').innerText(), /Ärende 2026-0007/);
    const dialog = await page.locator('#case-dialog').innerText();
    assert.match(dialog, /Patient\s+Anna Lindqvist \(A\.L\. \(1912\)\)\s+Personnummer\s+19121212-1212/);
    assert.match(dialog, /S – Situation och kontaktorsak\s+Tre besök på akuten\./);
    assert.match(dialog, /Samordningsmöte tisdag 24 november 2026[\s\S]*Ansvarig\s+Mona Kommun[\s\S]*Eskalering\s+Ja – skäl: Resurser saknas\./);
    assert.match(dialog, /Chef\/MLA\/MAS\/MAR: kvitterad av Maria Chef onsdag 25 november kl\. 09:00/);
    assert.match(dialog, /Anmält – Rita Region/);
    await page.keyboard.press('Escape');
    await page.locator('#case-dialog').waitFor({ state: 'hidden' });
    assert.doesNotMatch(await page.content(), /Anna Lindqvist|191212121212|Tre besök/);
    assert.equal(await focusedAttribute(page, 'data-case'), 'c1', 'focus is back on the case button');

    // A case the person may not read: the refusal in the dialog's alert.
    await page.getByRole('button', { name: 'Visa ärende 2026-0008' }).click();
    await page.locator('#case-dialog-error:not([hidden])').waitFor();
    assert.match(await page.locator('#case-dialog-error').innerText(), /deltagarlista/);
    await page.getByRole('button', { name: 'Stäng' }).click();
    await page.locator('#case-dialog').waitFor({ state: 'hidden' });
    await page.close();
  });

  it('tells someone on no roster how to get there, and shows no follow-up', async () => {
    const page = await open('outsider');
    assert.match(await page.locator('#mine-content').innerText(), /Du finns inte på någon mötesdeltagarlista/);
    assert.equal(await page.getByRole('tab', { name: 'Uppföljning' }).count(), 0);
    assert.deepEqual(await accessibilityViolations(page), []);
    await page.close();
  });

  it('inside Teams: signs in with the SSO token, takes the theme from the context and follows a change', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    // A Teams host stand-in in place of the Teams client library.
    await page.route('**/tab/vendor/MicrosoftTeams.min.js', (route) =>
      route.fulfill({
        contentType: 'text/javascript',
        body: `window.microsoftTeams = {
          app: {
            initialize: () => Promise.resolve(),
            getContext: () => Promise.resolve({ app: { theme: 'contrast' } }),
            registerOnThemeChangeHandler: (handler) => { window.changeTheme = handler; },
          },
          authentication: { getAuthToken: () => Promise.resolve('manager') },
        };`,
      }));
    await page.goto(`${api.url}/tab/personal.html`);
    await page.waitForSelector('body[data-ready]', { timeout: 15_000 });
    assert.equal(await page.getAttribute('body', 'data-ready'), 'true');
    assert.equal(await page.locator('.dev-banner').count(), 0, 'no development banner in Teams');
    assert.match(await page.locator('#page-subtitle').innerText(), /Maria Chef/);
    const theme = () => page.evaluate(() => (globalThis as unknown as { document: { documentElement: { dataset: { theme?: string } } } }).document.documentElement.dataset.theme);
    assert.equal(await theme(), 'contrast');
    await page.evaluate(() => (globalThis as unknown as { changeTheme(theme: string): void }).changeTheme('dark'));
    assert.equal(await theme(), 'dark');
    await openFollowup(page);
    assert.deepEqual(await accessibilityViolations(page), []);
    await page.close();
  });

  it('shows a refused sign-in in the alert area', async () => {
    const page = await open('nobody');
    assert.equal(await page.getAttribute('body', 'data-ready'), 'error');
    assert.match(await page.locator('#error').innerText(), /Din inloggning har gått ut/);
    assert.equal(await page.locator('#personal').isVisible(), false);
    await page.close();
  });

  it('loads the follow-up only when a manager opens it, for this year by default, and shows every part of it', async () => {
    const before = api.calls.length;
    const page = await open('manager');
    assert.ok(!api.calls.slice(before).some((call) => call.includes('followup')), 'not read (and audited) before the tab is opened');
    await openFollowup(page);
    assert.equal(await page.locator('#followup-from').inputValue(), '2026-01-01');
    assert.equal(await page.locator('#followup-to').inputValue(), '2026-12-05');
    assert.ok(api.calls.includes('GET /api/personal/followup?from=2026-01-01&to=2026-12-05'), api.calls.join('\n'));
    assert.match(await page.locator('#followup-status').innerText(), /Uppföljningen för torsdag 1 januari 2026 – lördag 5 december 2026 visas, 2 möten\./);

    const escalations = await page.locator('#escalations-content tbody tr').allInnerTexts();
    assert.equal(escalations.length, 2);
    assert.match(escalations[0]!, /^2026-0007\s+A\.L\. \(1912\)\s+Norrmalm, tisdagar kl\. 13:00\s+tisdag 24 november kl\. 14:30\s+Rita Region\s+Kvittera/);

    const firstTable = page.locator('#indicators-content table').first();
    assert.deepEqual(await firstTable.locator('thead th').allInnerTexts(), ['Möte', 'Möten hållna av planerade', 'Ärenden', 'Sent anmälda', 'Flyttade']);
    assert.equal(await firstTable.locator('thead th[scope="col"]').count(), 5);
    assert.equal(await firstTable.locator('tbody th[scope="row"]').count(), 2);
    assert.match(await firstTable.locator('caption').innerText(), /Indikatorer per möte/);
    assert.match(await firstTable.locator('tbody tr').nth(1).innerText(), /Söder, torsdagar kl\. 10:00\s*för få ärenden för jämförelse/);
    assert.match(await firstTable.locator('tfoot tr').innerText(), /Alla möten\s+141 av 144\s+90/);
    assert.match(await page.locator('#indicators-content').innerText(), /Median till chefens kvittens[\s\S]*26,5 h/);
    assert.match(await page.locator('#indicators-content').innerText(), /Per mottagande organisation[\s\S]*Socialtjänsten\s+12/);

    // The chart: named, described value by value, and its numbers in a table beside it.
    assert.equal(await page.getAttribute('#trend-chart', 'role'), 'img');
    assert.match((await page.locator('#trend-chart title').textContent()) ?? '', /Ärenden och kvittenser per månad/);
    assert.match((await page.locator('#trend-chart desc').textContent()) ?? '', /januari 2026: 2 ärenden, 3 kvittenser i tid, 0 sena, 0 saknade, 0 eskaleringar/);
    assert.match(await page.locator('#trend-summary').innerText(), /Från januari 2026 till december 2026: 42 ärenden sammanlagt/);
    assert.equal(await page.locator('#trend-content tbody tr').count(), 12);
    await page.close();
  });

  it('shows the server\'s message for a reversed period and hides the figures of the old one', async () => {
    const page = await open('manager', { width: 768 });
    await openFollowup(page);
    await page.locator('#followup-from').fill('2026-12-06');
    await page.getByRole('button', { name: 'Visa uppföljning' }).click();
    await page.locator('#followup-error:not([hidden])').waitFor();
    assert.match(await page.locator('#followup-error').innerText(), /Från-datumet måste vara samma dag som eller före till-datumet/);
    assert.equal(await page.locator('#followup-error').getAttribute('role'), 'alert');
    assert.equal(await page.locator('#followup-content').isVisible(), false);
    await page.locator('#followup-from').fill('2026-06-01');
    await page.getByLabel('Möte', { exact: true }).selectOption({ label: 'Söder, torsdagar kl. 10:00' });
    await page.getByRole('button', { name: 'Visa uppföljning' }).click();
    await page.locator('#followup-status', { hasText: 'ett möte' }).waitFor();
    assert.equal(await page.locator('#followup-error').isVisible(), false);
    assert.ok(api.calls.includes('GET /api/personal/followup?from=2026-06-01&to=2026-12-05&meetingId=m2'));
    await page.close();
  });

  it('works by keyboard: arrow keys between the tabs, Kvittera on an escalation, and the CSV', async () => {
    const page = await open('manager');
    await page.locator('h1').click();
    await page.keyboard.press('Tab');
    assert.equal(await focusedName(page), 'tab-mine');
    await page.keyboard.press('ArrowRight');
    assert.equal(await focusedName(page), 'tab-followup');
    await page.locator('#trend-chart').waitFor();
    assert.equal(await page.locator('#panel-mine').isVisible(), false);
    await page.keyboard.press('ArrowLeft');
    assert.equal(await focusedName(page), 'tab-mine');
    assert.equal(await page.locator('#panel-followup').isVisible(), false);
    await page.keyboard.press('End');
    assert.equal(await focusedName(page), 'tab-followup');

    // Tab from the tab list: the panel, then the period, the meeting, Visa and CSV.
    const reached: string[] = [];
    for (let n = 0; n < 20 && !reached.includes('followup-csv'); n++) {
      await page.keyboard.press('Tab');
      const name = await focusedName(page);
      if (reached.at(-1) !== name) reached.push(name);
    }
    assert.deepEqual(reached, ['panel-followup', 'followup-from', 'followup-to', 'followup-meeting', 'followup-show', 'followup-csv'], reached.join(' → '));
    const download = page.waitForEvent('download');
    await page.keyboard.press('Enter');
    assert.equal((await download).suggestedFilename(), 'samordna-uppfoljning-2026-01-01-2026-12-05.csv');
    await page.locator('#followup-status', { hasText: 'CSV-filen är hämtad.' }).waitFor();

    // An escalated case opens privately from the list, and Esc brings focus back to it.
    await page.getByRole('button', { name: 'Visa ärende 2026-0007' }).focus();
    await page.keyboard.press('Enter');
    await page.locator('#case-dialog-content', { hasText: 'Anna Lindqvist' }).waitFor();
    await page.keyboard.press('Escape');
    await page.locator('#case-dialog').waitFor({ state: 'hidden' });
    assert.equal(await focusedName(page), '2026-0007');

    await page.getByRole('button', { name: 'Kvittera 2026-0011' }).focus();
    await page.keyboard.press('Enter');
    await page.locator('#announcer', { hasText: 'Kvitterat. Tack!' }).waitFor();
    assert.equal(await focusedName(page), 'escalations-heading', 'focus stays in the follow-up, on the list it changed');
    await page.close();
  });
});
