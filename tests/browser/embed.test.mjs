// What an author relies on when embedding, beyond the demo page: the wasm is fetched only when an
// element is on the page, the one-file inline build works, the timeline zooms, the search filters
// narrow its results, and the annotator leaves links, headings, code and form fields alone while
// copying the article still gives its own words.
//   node --test --test-concurrency=1 tests/browser/embed.test.mjs   (after bash scripts/build.sh)
import assert from 'node:assert/strict';
import { fixture, settle, useBrowser, wasmRequests, withPage } from './harness.mjs';
import { test } from '../chromium.mjs';

useBrowser();

test('a page with the script and no element fetches no wasm; an element added later loads it once and renders', async () => {
  const html = fixture(
    'no element',
    '<p id="text">An article that does not use the almanac yet.</p>',
  );
  await withPage('/empty.html', { html }, async ({ page, log }) => {
    await page.waitForFunction(() => typeof window.PfpAlmanac === 'object');
    await page.waitForTimeout(1000); // time enough for an eager load to have started
    assert.deepEqual(wasmRequests(log), [], 'the wasm was fetched with no element on the page');
    await page.evaluate(() => {
      const el = document.createElement('pfp-timeline');
      el.setAttribute('from', '1994');
      el.setAttribute('to', '1994');
      document.querySelector('main').append(el);
    });
    await settle(page, 'pfp-timeline');
    assert.equal(wasmRequests(log).length, 1);
    const items = await page.evaluate(
      () => document.querySelector('pfp-timeline').shadowRoot.querySelectorAll('ol > li').length,
    );
    assert.ok(items > 0, 'the timeline added later shows no events');
  });
});

test('the inline build (dist/pfp-almanac.inline.js) renders with no wasm request at all', async () => {
  const html = fixture('inline', '<pfp-entity name="Malta"></pfp-entity>').replace(
    '/dist/pfp-almanac.js',
    '/dist/pfp-almanac.inline.js',
  );
  await withPage('/inline.html', { html }, async ({ page, log }) => {
    await settle(page, 'pfp-entity');
    assert.match(
      await page.evaluate(() => document.querySelector('pfp-entity').shadowRoot.textContent),
      /Malta/,
    );
    assert.deepEqual(wasmRequests(log), []);
    assert.deepEqual(log.pageErrors, []);
  });
});

test('timeline zoom: +/− buttons and keys change the scale, emit pfp-zoom, and stop at their ends', async () => {
  const html = fixture('zoom', '<pfp-timeline id="t"></pfp-timeline>');
  await withPage('/zoom.html', { html }, async ({ page }) => {
    await settle(page, '#t');
    await page.evaluate(() => {
      window.__zooms = [];
      document.addEventListener('pfp-zoom', (e) => window.__zooms.push(e.detail.pixelsPerYear));
    });
    const state = () =>
      page.evaluate(() => {
        const root = document.querySelector('#t').shadowRoot;
        return {
          axis: [...root.querySelectorAll('[part~="axis"] > *')]
            .map((t) => t.textContent)
            .join(' '),
          zoomIn: root.querySelector('[part~="zoom-in"]').disabled,
          zoomOut: root.querySelector('[part~="zoom-out"]').disabled,
        };
      });
    const fitted = await state();
    assert.equal(fitted.zoomOut, true, 'zoom-out is enabled at the widest view');
    await page.locator('#t').locator('[part~="zoom-in"]').click();
    const closer = await state();
    assert.notEqual(closer.axis, fitted.axis, 'zooming in did not change the axis');
    assert.equal(closer.zoomOut, false, 'zoom-out is disabled once zoomed in');
    // The keyboard: '+' on a focused event zooms in again, '-' back out.
    await page.locator('#t').locator('[part~="event"][tabindex="0"]').focus();
    await page.keyboard.press('+');
    await page.keyboard.press('-');
    await page.keyboard.press('-');
    const back = await state();
    assert.equal(back.axis, fitted.axis, 'zooming back out does not return to the fitted view');
    assert.equal(back.zoomOut, true);
    const zooms = await page.evaluate(() => window.__zooms);
    assert.equal(zooms.length, 4, `pfp-zoom fired ${zooms.length} times for 4 steps`);
    assert.ok(
      Math.abs(zooms[1] - 2 * zooms[0]) <= 1 && Math.abs(zooms[3] - zooms[0] / 2) <= 1,
      `pfp-zoom's pixelsPerYear does not double and halve with the steps: ${zooms}`,
    );
    for (let i = 0; i < 20 && !(await state()).zoomIn; i += 1)
      await page.locator('#t').locator('[part~="zoom-in"]').click();
    assert.equal((await state()).zoomIn, true, 'zoom-in never reaches its end');
  });
});

test('search filters: the document select and the year range narrow the results to what the almanac answers', async () => {
  const html = fixture('filters', '<pfp-search id="s"></pfp-search>');
  await withPage('/filters.html', { html }, async ({ page }) => {
    await settle(page, '#s');
    const s = page.locator('#s');
    const labels = () =>
      page.evaluate(() =>
        [
          ...document.querySelector('#s').shadowRoot.querySelectorAll('[role="option"] .opt-label'),
        ].map((o) => o.textContent),
      );
    // What the page's own almanac answers for the same query and filters (the elements share it).
    const expected = (options) =>
      page.evaluate(async (o) => {
        const almanac = await window.PfpAlmanac.load();
        const docs = new Map(almanac.documents().map((d) => [d.id, d.short || d.title]));
        return almanac
          .search('partnership', { limit: 8, ...o })
          .hits.map((h) => `${h.label} · ${docs.get(h.document)}`);
      }, options);
    await s.locator('input[type="search"]').fill('partnership');
    await page.waitForFunction(
      () => document.querySelector('#s').shadowRoot.querySelectorAll('[role="option"]').length > 0,
    );
    const all = await labels();
    assert.deepEqual(all, await expected({}));
    assert.ok(
      new Set(all.map((l) => l.split(' · ').pop())).size > 1,
      `the unfiltered results come from one document: ${all}`,
    );

    await s.locator('select').selectOption('sto-page');
    const sto = await labels();
    assert.ok(sto.length > 0, 'no results in the STO page');
    assert.deepEqual(sto, await expected({ document: 'sto-page' }));
    // Not only what the almanac answers: every result shown is from the chosen document.
    assert.deepEqual(
      sto.filter((l) => !l.endsWith(' · STO page')),
      [],
      'results from other documents under the STO page filter',
    );

    await s.locator('select').selectOption('');
    await s.locator('input[type="number"]').first().fill('2002');
    await s.locator('input[type="number"]').first().dispatchEvent('change');
    await s.locator('input[type="number"]').last().fill('2002');
    await s.locator('input[type="number"]').last().dispatchEvent('change');
    const y2002 = await labels();
    assert.deepEqual(y2002, await expected({ from: '2002', to: '2002' }));
    assert.notDeepEqual(y2002, all, 'the year range changed nothing');
  });
});

const SKIPPED = `<pfp-annotate id="a">
<h2 id="h">Malta in the headline</h2>
<p id="p1"><a href="#m">Malta</a> in a link, <code>Malta</code> in code, <button type="button">Malta</button> on a button,
<input aria-label="country" value="Malta"> <textarea aria-label="notes">Malta</textarea> <select aria-label="pick"><option>Malta</option></select>
<span contenteditable="true">Malta</span> being edited.</p>
<p id="p2">In 1995 Malta joined the Partnership for Peace, and Malta left it a year later.</p>
</pfp-annotate>`;

test('annotation skips links, headings, code, buttons, form fields and editable text; copying the paragraph gives its own words', async () => {
  await withPage(
    '/skip.html',
    {
      html: fixture('skip', SKIPPED),
      context: { permissions: ['clipboard-read', 'clipboard-write'] },
    },
    async ({ page }) => {
      const original = await page.evaluate(() => document.querySelector('#p2').textContent);
      await page.waitForFunction(
        () => document.querySelector('#a').querySelector('pfp-mention'),
        null,
        { timeout: 30_000 },
      );
      const marked = await page.evaluate(() =>
        [...document.querySelectorAll('#a pfp-mention')].map((m) => ({
          text: m.textContent,
          in: m.parentElement.closest('[id]').id,
        })),
      );
      const malta = marked.filter((m) => m.text === 'Malta');
      assert.deepEqual(
        malta,
        [{ text: 'Malta', in: 'p2' }],
        `Malta should be marked once, in plain prose: ${JSON.stringify(marked)}`,
      );
      assert.equal(await page.evaluate(() => document.querySelector('#p1 input').value), 'Malta');
      assert.equal(
        await page.evaluate(
          () => document.querySelector('#p1').querySelectorAll('pfp-mention').length,
        ),
        0,
      );

      // A reader selects the paragraph and copies it: the clipboard holds the article's text only.
      await page.evaluate(() => {
        const range = document.createRange();
        range.selectNodeContents(document.querySelector('#p2'));
        getSelection().removeAllRanges();
        getSelection().addRange(range);
      });
      await page.keyboard.press('Control+C');
      assert.equal(await page.evaluate(() => navigator.clipboard.readText()), original);
    },
  );
});
