// The prerendered first view (`npx pfp-almanac render`) in Chromium: with JavaScript disabled a
// reader sees every event's date, title and sources, and the card's opening lines; with it, the
// element draws its own view in place of the pasted HTML.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { load } from '../../dist/node.js';
import { renderEntity, renderTimeline } from '../../dist/render.js';
import { SHOTS, assertCleanLog, fixture, settle, start, stop, withPage } from './harness.mjs';

before(start, { timeout: 60_000 });
after(stop);

const almanac = await load();
const WINDOW = { from: '1994', to: '1995' };
const page = () =>
  fixture(
    'Prerendered',
    `<h1>The Partnership in 1994–1995</h1>
${renderTimeline(almanac, WINDOW)}
<p id="after">The text after the timeline.</p>
${renderEntity(almanac, { name: 'Malta' })}`,
  );

test('JavaScript disabled: the prerendered timeline and card show their dates, titles and source names', async () => {
  await withPage(
    '/prerendered.html',
    { html: page(), context: { javaScriptEnabled: false } },
    async ({ page }) => {
      // biome-ignore lint/performance/useDomNodeTextContent: what a reader sees, as laid out
      const text = await page.locator('pfp-timeline').innerText();
      const docs = new Map(almanac.documents().map((d) => [d.id, d]));
      const events = almanac.timeline(WINDOW);
      assert.ok(events.length > 20);
      for (const ev of events) {
        assert.ok(text.includes(ev.title), `${ev.id}: title shown`);
        for (const c of ev.citations)
          assert.ok(
            text.includes(docs.get(c.document).short),
            `${ev.id}: source ${c.document} named`,
          );
      }
      const dates = await page
        .locator('pfp-timeline time')
        .evaluateAll((ts) => ts.map((t) => t.getAttribute('datetime')));
      assert.deepEqual(
        dates,
        events.map((ev) => ev.date),
        'one <time datetime> per event, in date order',
      );
      assert.ok(await page.locator('pfp-timeline time').first().isVisible(), 'the list is visible');

      // biome-ignore lint/performance/useDomNodeTextContent: what a reader sees, as laid out
      const card = await page.locator('pfp-entity').innerText();
      assert.match(card, /Malta \(Country\)/);
      assert.match(card, /April 26, 1995|26 April 1995/, 'the signature date');
      assert.match(card, /Sources: .*STO page/);
      assert.match(card, /CC BY-SA 4\.0/, 'the encyclopedia is quoted: its attribution shows');
      await page.screenshot({ path: `${SHOTS}/prerendered-no-js.png`, fullPage: true });
    },
  );
});

test('JavaScript enabled: the element upgrades the prerendered HTML into its own view', async () => {
  await withPage('/prerendered.html', { html: page() }, async ({ page, log }) => {
    await settle(page, 'pfp-timeline');
    await settle(page, 'pfp-entity');
    // The chart draws every event of the window; the pasted list is no longer shown.
    const shown = await page.evaluate(() => {
      const tl = document.querySelector('pfp-timeline');
      return {
        fallbackVisible: tl.querySelector('ol').checkVisibility(),
        drawn: tl.shadowRoot.querySelectorAll('[part~="event"]').length,
      };
    });
    assert.equal(shown.fallbackVisible, false, 'the prerendered list gives way to the chart');
    assert.ok(shown.drawn > 0, 'the chart is drawn');
    assertCleanLog(log);
  });
});
