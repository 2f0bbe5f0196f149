import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { everyCard } from './samples';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
// The official JS renderer needs a DOM, so its UMD bundle runs in the page (FACTS: require fails in Node).
const RENDERER = path.join(path.dirname(require.resolve('adaptivecards/package.json')), 'dist', 'adaptivecards.min.js');

interface Rendered {
  parseEvents: string[];
  validationEvents: string[];
  rendered: boolean;
}

/**
 * Every card builder's output parsed, validated and rendered by the official `adaptivecards`
 * renderer at schema 1.5: an element or property it does not know, a missing required value or a
 * duplicate id is a warning there — and would be one in Teams' own renderer.
 */
describe('cards: the adaptivecards renderer draws every card without a warning', function () {
  this.timeout(60_000);
  let browser: Browser;
  const results = new Map<string, Rendered>();

  before(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`Chromium is missing at ${CHROMIUM}: install it with \`apt-get install -y chromium\` (or set CHROMIUM_PATH)`);
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
    const page = await browser.newPage();
    await page.setContent('<!doctype html><html><body><div id="host"></div></body></html>');
    await page.addScriptTag({ path: RENDERER });
    const cards = Object.entries(everyCard()).map(([name, card]) => [name, JSON.parse(JSON.stringify(card))] as const);
    const rendered = await page.evaluate((entries) => {
      type AC = {
        AdaptiveCard: new () => {
          parse(json: unknown, context: unknown): void;
          validateProperties(): { validationEvents: { message: string }[] };
          render(): { childElementCount: number } | undefined;
        };
        SerializationContext: new () => { eventCount: number; getEventAt(index: number): { message: string } };
      };
      const ac = (globalThis as unknown as { AdaptiveCards: AC }).AdaptiveCards;
      return entries.map(([name, json]) => {
        const card = new ac.AdaptiveCard();
        const context = new ac.SerializationContext();
        card.parse(json, context);
        const parseEvents = Array.from({ length: context.eventCount }, (_, index) => context.getEventAt(index).message);
        const validationEvents = card.validateProperties().validationEvents.map((event) => event.message);
        const element = card.render();
        return [name, { parseEvents, validationEvents, rendered: element !== undefined && element.childElementCount > 0 }] as const;
      });
    }, cards);
    for (const [name, result] of rendered) results.set(name, result);
  });
  after(() => browser?.close());

  for (const name of Object.keys(everyCard())) {
    it(name, () => {
      const result = results.get(name);
      assert.ok(result, 'rendered');
      assert.deepEqual(result.parseEvents, [], 'parse warnings');
      assert.deepEqual(result.validationEvents, [], 'validation warnings');
      assert.ok(result.rendered, 'drawn');
    });
  }
});
