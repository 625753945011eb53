// The prerendered first view (`npx pfp-almanac render`) in Chromium: with JavaScript disabled a
// reader sees every event's date, title and sources, and the card's opening lines; with it, the
// element draws its own view in place of the pasted HTML, in its box: nothing on the page moves.
import assert from 'node:assert/strict';
import { load } from '../../dist/node.js';
import { renderEntity, renderTimeline } from '../../dist/render.js';
import {
  SHOTS,
  assertCleanLog,
  fixture,
  origin,
  settle,
  useBrowser,
  withPage,
} from './harness.mjs';
import { test } from '../chromium.mjs';

useBrowser();

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
      // The first events show; the rest are one click away, behind "Show all" (as on a phone).
      assert.equal(await page.locator('pfp-timeline details').getAttribute('open'), null);
      await page.locator('pfp-timeline summary').click();
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
        fallbackVisible: tl.querySelector('ol').checkVisibility({ visibilityProperty: true }),
        drawn: tl.shadowRoot.querySelectorAll('[part~="event"]').length,
      };
    });
    assert.equal(shown.fallbackVisible, false, 'the prerendered list gives way to the chart');
    assert.ok(shown.drawn > 0, 'the chart is drawn');
    assertCleanLog(log);
  });
});

// Issue 13: the upgrade moves nothing. Every layout shift the page reports (PerformanceObserver,
// buffered, from the first frame; none follows an input here) is summed, from the prerendered
// first view through state="loading" to state="ready": the sum must be exactly 0.
function recordShifts() {
  window.__shifts = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      if (e.hadRecentInput) continue;
      window.__shifts.push({
        value: e.value,
        at: Math.round(e.startTime),
        moved: e.sources.map((s) => ({
          node: s.node?.id ? `#${s.node.id}` : (s.node?.nodeName ?? '(in a shadow root)'),
          from: Math.round(s.previousRect.y),
          to: Math.round(s.currentRect.y),
        })),
      });
    }
  }).observe({ type: 'layout-shift', buffered: true });
}

const UPGRADE = { from: '1993', to: '2010' };
for (const width of [1280, 375]) {
  test(`${width} px: the prerendered timeline (1993-2010) and card upgrade with a layout shift of exactly 0`, async () => {
    const html = fixture(
      'Prerendered, upgrading',
      `<h1>The Partnership, 1993–2010</h1>
${renderTimeline(almanac, UPGRADE)}
<p id="after">The text after the timeline.</p>
${renderEntity(almanac, { name: 'Malta' })}
<p id="end">The text after the card.</p>`,
    );
    await withPage(
      '/prerendered-cls.html',
      { html, goto: false, context: { viewport: { width, height: 900 } } },
      async ({ page, log }) => {
        await page.addInitScript(recordShifts);
        await page.goto(`${origin}/prerendered-cls.html`);
        const where = () =>
          page.evaluate(() =>
            ['pfp-timeline', '#after', 'pfp-entity', '#end'].map((sel) => {
              const r = document.querySelector(sel).getBoundingClientRect();
              return [sel, Math.round(r.top + scrollY), Math.round(r.height)];
            }),
          );
        const before = await where();
        // Both start near the viewport, without scrolling (a scroll would move the viewport).
        await page.waitForFunction(
          () =>
            ['pfp-timeline', 'pfp-entity'].every(
              (sel) => document.querySelector(sel).getAttribute('state') === 'ready',
            ),
          null,
          { timeout: 30_000 },
        );
        // Two frames more: a shift of the first frames of the ready view is counted too.
        await page.evaluate(
          () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))),
        );
        const shifts = await page.evaluate(() => window.__shifts);
        const sum = shifts.reduce((n, e) => n + e.value, 0);
        assert.equal(sum, 0, `layout shifts at ${width} px: ${JSON.stringify(shifts)}`);
        assert.deepEqual(await where(), before, 'the elements and the text after them stay put');
        const drawn = await page.evaluate(() => ({
          chart: document
            .querySelector('pfp-timeline')
            .shadowRoot.querySelectorAll('[part~="event"]').length,
          card: document.querySelector('pfp-entity').shadowRoot.querySelector('[part~="card"]')
            ?.textContent,
        }));
        assert.ok(drawn.chart > 0, 'the timeline is drawn');
        assert.match(drawn.card ?? '', /Malta/, 'the card is drawn');
        await page.screenshot({ path: `${SHOTS}/prerendered-upgraded-${width}.png` });
        assertCleanLog(log);
      },
    );
  });
}
