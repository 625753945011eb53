// <pfp-timeline> as a reader sees it, in Chromium: the chart's axis fits the window and its boxes
// never overlap, titles show where they fit and clusters elsewhere, zoom and pan by every input;
// the phone view is short and expands; the story look steps through every event; axe-core in
// every look, light and dark. Screenshots beside TimelineJS3 and vis-timeline on the same events
// go to tests/artifacts/screenshots/ (not committed).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import {
  assertCleanLog,
  axe,
  fixture,
  inPage,
  origin,
  SHOTS,
  settle,
  useBrowser,
  withPage,
} from './harness.mjs';
import { test } from '../chromium.mjs';

useBrowser();

const YEAR = '<pfp-timeline from="1994" to="1994"></pfp-timeline>';
const SPAN = '<pfp-timeline from="1993" to="2010"></pfp-timeline>';

/** The events the core gives for a window: what every look must account for. */
const eventsOf = (page, query) =>
  page.evaluate((q) => PfpAlmanac.load().then((a) => a.timeline(q)), query);

/**
 * What the chart shows: the axis labels, and each box (event or cluster) with its rectangle,
 * whether it lies in the window, its title as drawn and, for a cluster, how many events it holds.
 */
const chart = inPage(`
  const root = shadowOf(arg ?? 'pfp-timeline');
  const view = root.querySelector('[part~=scroller]').getBoundingClientRect();
  const axis = [...root.querySelectorAll('[part~=axis] > *')].filter(visible).map((t) => t.textContent.trim());
  const boxes = [...root.querySelectorAll('[part~=event]')].filter(visible).map((b) => {
    const r = b.getBoundingClientRect();
    const title = b.querySelector('.title');
    const t = title.getBoundingClientRect();
    const cluster = b.matches('[part~=cluster]');
    return {
      id: b.dataset.id ?? null, cluster, period: b.parentElement.classList.contains('period'), count: cluster ? Number(/\\d+/.exec(title.textContent)?.[0] ?? 0) : 1,
      label: b.getAttribute('aria-label'), time: b.querySelector('time')?.textContent ?? '',
      left: r.left, right: r.right, top: r.top, bottom: r.bottom,
      inWindow: r.right > view.left + 4 && r.left < view.right - 4,
      titleShown: t.width >= 40 && t.left >= view.left - 1 && t.left + 40 <= view.right,
    };
  });
  return { axis, boxes, view: { left: view.left, right: view.right, height: view.height } };
`);

function overlapping(boxes) {
  const pairs = [];
  for (let a = 0; a < boxes.length; a++) {
    for (let b = a + 1; b < boxes.length; b++) {
      const [p, q] = [boxes[a], boxes[b]];
      if (
        p.left < q.right - 0.5 &&
        q.left < p.right - 0.5 &&
        p.top < q.bottom - 0.5 &&
        q.top < p.bottom - 0.5
      )
        pairs.push(`${p.label} × ${q.label}`);
    }
  }
  return pairs;
}

/** Waits for the element to be ready, with the pointer and focus away from it (a hovered box shows its whole title over others). */
async function ready(page, selector = 'pfp-timeline') {
  await settle(page, selector);
  await page.mouse.move(0, 0);
  await page.evaluate(() => document.activeElement?.blur());
}

test('1280 px, one year: the axis shows its months and no other year; no boxes overlap; most events titled, the rest in labeled clusters', async () => {
  await withPage('/year.html', { html: fixture('1994', YEAR) }, async ({ page, log }) => {
    await ready(page);
    const events = await eventsOf(page, { from: '1994', to: '1994' });
    const shown = await page.evaluate(chart);
    const months = Array.from({ length: 12 }, (_, m) =>
      new Date(Date.UTC(1994, m, 1)).toLocaleString('en', { month: 'short', timeZone: 'UTC' }),
    );
    for (const month of months)
      assert.ok(shown.axis.includes(month), `the axis lacks ${month}: ${shown.axis}`);
    const years = shown.axis.join(' ').match(/\b(19|20)\d\d\b/g) ?? [];
    assert.deepEqual([...new Set(years)], ['1994'], `the axis names other years: ${shown.axis}`);
    assert.deepEqual(overlapping(shown.boxes), [], 'overlapping boxes');
    const titled = shown.boxes.filter((b) => !b.cluster && b.titleShown);
    const clustered = shown.boxes.filter((b) => b.cluster).reduce((n, b) => n + b.count, 0);
    assert.ok(
      titled.length >= events.length / 2,
      `${titled.length} of ${events.length} events show their title`,
    );
    assert.equal(
      shown.boxes.filter((b) => !b.cluster).length + clustered,
      events.length,
      'every event is a box or in a cluster, once',
    );
    for (const c of shown.boxes.filter((b) => b.cluster))
      assert.match(
        c.label,
        /^\d+ \w+, .*\d{4}/,
        `a cluster without its count and dates: ${c.label}`,
      );
    await page
      .locator('pfp-timeline')
      .screenshot({ path: join(SHOTS, 'timeline-chart-1994-1280.png') });
    assertCleanLog(log);
  });
});

test('1280 px, 1993-2010: no boxes overlap at any zoom or width; a cluster zooms to its events, whose titles then show', async () => {
  await withPage('/span.html', { html: fixture('1993-2010', SPAN) }, async ({ page, log }) => {
    await ready(page);
    let shown = await page.evaluate(chart);
    assert.deepEqual(overlapping(shown.boxes), [], 'overlapping boxes at 1280 px');
    assert.ok(
      shown.boxes.some((b) => !b.cluster && b.titleShown),
      'no title shown at all',
    );
    assert.ok(
      shown.axis.includes('1993') && shown.axis.includes('2010'),
      `the axis is not fitted to 1993-2010: ${shown.axis}`,
    );
    await page
      .locator('pfp-timeline')
      .screenshot({ path: join(SHOTS, 'timeline-chart-1993-2010-1280.png') });

    // Zoom into the largest cluster, then into the largest it still shows, until no dated events
    // are grouped in the window: then every one of them has its title.
    await page.evaluate(() =>
      document
        .querySelector('pfp-timeline')
        .addEventListener(
          'pfp-zoom',
          (e) => (window.__zooms = [...(window.__zooms ?? []), e.detail]),
        ),
    );
    const zooms = [];
    for (let round = 0; round < 8; round++) {
      shown = await page.evaluate(chart);
      assert.deepEqual(
        overlapping(shown.boxes),
        [],
        `overlapping boxes after zooming into ${zooms.join(' → ')}`,
      );
      const biggest = shown.boxes
        .filter((b) => b.cluster && !b.period && b.inWindow)
        .sort((a, b) => b.count - a.count)[0];
      if (!biggest) break;
      await page.evaluate(
        inPage(
          `[...shadowOf('pfp-timeline').querySelectorAll('[part~=cluster]')].find((b) => b.getAttribute('aria-label') === arg).click();`,
        ),
        biggest.label,
      );
      await ready(page);
      zooms.push(biggest.label);
    }
    assert.ok(zooms.length >= 1, 'no cluster of dated events at 1993-2010');
    const titled = new Set(shown.boxes.filter((b) => !b.cluster && b.titleShown).map((b) => b.id));
    const inView = shown.boxes
      .filter((b) => !b.cluster && !b.period && b.inWindow)
      .map((b) => b.id);
    assert.ok(inView.length >= 5, `only ${inView.length} events in the zoomed window`);
    assert.deepEqual(
      inView.filter((id) => !titled.has(id)),
      [],
      `after zooming into ${zooms.join(' → ')}, events in the window without their title`,
    );
    assert.ok(
      shown.axis.some((t) => /^\d{1,2}$/.test(t) || /^[A-Z][a-z]{2}$/.test(t)),
      `the axis shows neither months nor days after zooming in: ${shown.axis}`,
    );
    const detail = await page.evaluate(() => window.__zooms ?? []);
    assert.ok(
      detail.length >= 1 &&
        detail.at(-1).pixelsPerYear > 1000 &&
        /^\d{4}-\d\d-\d\d$/.test(detail.at(-1).from),
      `pfp-zoom details: ${JSON.stringify(detail)}`,
    );
    await page
      .locator('pfp-timeline')
      .screenshot({ path: join(SHOTS, 'timeline-chart-zoomed-1280.png') });

    // The whole period again, then other widths: still no overlap.
    await page.evaluate(
      inPage(`shadowOf('pfp-timeline').querySelector('[part~=zoom-fit]').click();`),
    );
    for (const width of [1000, 760, 520]) {
      await page.setViewportSize({ width, height: 900 });
      await page.waitForTimeout(150);
      shown = await page.evaluate(chart);
      assert.ok(shown.boxes.length > 0, `nothing drawn at ${width} px`);
      assert.deepEqual(overlapping(shown.boxes), [], `overlapping boxes at ${width} px`);
    }
    assertCleanLog(log);
  });
});

test('chart zoom and pan: buttons, + and - keys, ctrl+wheel and a drag move the window; a plain wheel scrolls the page', async () => {
  await withPage(
    '/pan.html',
    { html: fixture('pan', `${SPAN}<div style="block-size: 2000px"></div>`) },
    async ({ page, log }) => {
      await ready(page);
      const axis = async () => (await page.evaluate(chart)).axis.join(' ');
      const start = await axis();
      await page.evaluate(
        inPage(`shadowOf('pfp-timeline').querySelector('[part~=zoom-in]').click();`),
      );
      const zoomed = await axis();
      assert.notEqual(zoomed, start, 'the + button did not zoom');
      await page.evaluate(
        inPage(`shadowOf('pfp-timeline').querySelector('[part~=zoom-out]').click();`),
      );
      assert.equal(await axis(), start, 'the − button did not zoom back out');

      // Keys: focus an item, then + twice; Shift+ArrowRight pans; - twice returns.
      await page.evaluate(
        inPage(`shadowOf('pfp-timeline').querySelector('[part~=event][tabindex="0"]').focus();`),
      );
      await page.keyboard.press('+');
      await page.keyboard.press('+');
      const keyed = await axis();
      assert.notEqual(keyed, start, 'the + key did not zoom');
      await page.keyboard.press('Shift+ArrowRight');
      assert.notEqual(await axis(), keyed, 'Shift+ArrowRight did not pan');

      // A drag on the chart pans it; a plain wheel scrolls the page, not the chart.
      const view = (await page.evaluate(chart)).view;
      const box = await page.locator('pfp-timeline').boundingBox();
      const y = box.y + box.height - 20;
      const before = await axis();
      await page.mouse.move(view.left + 400, y);
      await page.mouse.down();
      await page.mouse.move(view.left + 250, y, { steps: 5 });
      await page.mouse.up();
      assert.notEqual(await axis(), before, 'a drag did not pan the chart');
      const scrolled = await page.evaluate(() => window.scrollY);
      const still = await axis();
      await page.mouse.wheel(0, 300);
      await page
        .waitForFunction((y0) => window.scrollY > y0, scrolled, { timeout: 3_000 })
        .catch(() => assert.fail('a plain wheel over the chart did not scroll the page'));
      assert.equal(await axis(), still, 'a plain wheel moved the chart');

      // ctrl+wheel zooms around the pointer.
      await page.evaluate(
        inPage(`shadowOf('pfp-timeline').querySelector('[part~=zoom-fit]').click();`),
      );
      await page.locator('pfp-timeline').scrollIntoViewIfNeeded();
      const frame = await page.locator('pfp-timeline').boundingBox();
      await page.mouse.move(frame.x + frame.width / 2, frame.y + frame.height - 30);
      await page.keyboard.down('Control');
      await page.mouse.wheel(0, -200);
      await page.keyboard.up('Control');
      await page.waitForTimeout(100);
      assert.notEqual(await axis(), start, 'ctrl+wheel did not zoom');
      assertCleanLog(log);
    },
  );
});

test('375 × 667, 1993-2010: at most two screens tall; "Show all" lists every event, collapsing returns; never sideways', async () => {
  const html = fixture('phone', `<h1>Timeline</h1><p>Before.</p>${SPAN}<p>After.</p>`);
  await withPage(
    '/phone.html',
    { html, context: { viewport: { width: 375, height: 667 }, hasTouch: true } },
    async ({ page, log }) => {
      await ready(page);
      const events = await eventsOf(page, { from: '1993', to: '2010' });
      const measure = inPage(`
      const root = shadowOf('pfp-timeline');
      const items = [...root.querySelectorAll('ol > li')].filter(visible);
      return {
        height: document.querySelector('pfp-timeline').getBoundingClientRect().height,
        items: items.map((li) => li.querySelector('time').getAttribute('datetime')),
        xs: [...new Set(items.map((li) => Math.round(li.getBoundingClientRect().left)))],
        scrollWidth: document.documentElement.scrollWidth,
        more: root.querySelector('[part~=more]')?.textContent ?? null,
      };
    `);
      const short = await page.evaluate(measure);
      assert.ok(
        short.height <= 2 * 667,
        `the timeline is ${short.height} px tall by default on a 667 px screen`,
      );
      assert.ok(
        short.items.length >= 3 && short.items.length < events.length,
        `${short.items.length} events shown by default`,
      );
      assert.match(
        short.more,
        new RegExp(`${events.length}`),
        `the button does not say how many events there are: ${short.more}`,
      );
      assert.equal(short.xs.length, 1, 'the events are not one column');
      assert.ok(short.scrollWidth <= 375, `the page scrolls sideways: ${short.scrollWidth}`);
      await page
        .locator('pfp-timeline')
        .screenshot({ path: join(SHOTS, 'timeline-phone-375.png') });

      await page.evaluate(
        inPage(`shadowOf('pfp-timeline').querySelector('[part~=more]').click();`),
      );
      const all = await page.evaluate(measure);
      assert.deepEqual(
        all.items,
        events.map((e) => (e.end ? `${e.date}/${e.end}` : e.date)),
        'expanded, the list is not every event in date order',
      );
      assert.ok(all.scrollWidth <= 375, `expanded, the page scrolls sideways: ${all.scrollWidth}`);
      await page.evaluate(
        inPage(`shadowOf('pfp-timeline').querySelector('[part~=more]').click();`),
      );
      const again = await page.evaluate(measure);
      assert.deepEqual(again.items, short.items, 'collapsing did not return to the short view');
      assert.ok(again.height <= 2 * 667);
      assertCleanLog(log);
    },
  );
});

test('look="story": every event of the window in date order, by the buttons, the arrow keys and a swipe; the hash opens one', async () => {
  const html = fixture(
    'story',
    '<pfp-timeline look="story" from="1995" to="1996" hash></pfp-timeline>',
  );
  await withPage('/story.html', { html, context: { hasTouch: true } }, async ({ page, log }) => {
    await ready(page);
    const events = await eventsOf(page, { from: '1995', to: '1996' });
    const want = events.map((e) => e.id);
    const current = inPage(`
      const root = shadowOf('pfp-timeline');
      const slide = root.querySelector('[part~=slide]');
      return { title: slide.querySelector('h3').textContent, quotes: slide.querySelectorAll('blockquote').length, at: root.querySelector('.at').textContent };
    `);
    const titleOf = (id) => events.find((e) => e.id === id).title;
    const walk = async (step) => {
      const seen = [(await page.evaluate(current)).title];
      for (let k = 1; k < want.length; k++) {
        await step();
        const now = await page.evaluate(current);
        assert.ok(now.quotes > 0, `slide ${k + 1} shows no quote`);
        seen.push(now.title);
      }
      return seen;
    };
    assert.equal((await page.evaluate(current)).at, `1 of ${want.length}`);
    const byButton = await walk(() =>
      page.evaluate(inPage(`shadowOf('pfp-timeline').querySelector('[part~=next]').click();`)),
    );
    assert.deepEqual(
      byButton,
      want.map(titleOf),
      'Next did not step through every event in date order',
    );
    assert.ok(
      await page.evaluate(
        inPage(`return shadowOf('pfp-timeline').querySelector('[part~=next]').disabled;`),
      ),
      'Next is not disabled on the last event',
    );
    assert.match(
      await page.evaluate(() => location.hash),
      /^#pfp-event=/,
      'stepping did not write the hash',
    );

    await page.evaluate(inPage(`shadowOf('pfp-timeline').querySelector('[part~=prev]').focus();`));
    await page.keyboard.press('Home');
    const byKey = await walk(() => page.keyboard.press('ArrowRight'));
    assert.deepEqual(
      byKey,
      want.map(titleOf),
      'ArrowRight did not step through every event in date order',
    );

    await page.keyboard.press('Home');
    const slide = await page.locator('pfp-timeline').evaluate((el) => {
      const r = el.shadowRoot.querySelector('[part~=slide]').getBoundingClientRect();
      return { x: r.x + r.width / 2, y: r.y + r.height / 2 };
    });
    const swipe = async () => {
      await page.mouse.move(slide.x + 120, slide.y);
      await page.mouse.down();
      await page.mouse.move(slide.x - 120, slide.y, { steps: 4 });
      await page.mouse.up();
    };
    const bySwipe = await walk(swipe);
    assert.deepEqual(
      bySwipe,
      want.map(titleOf),
      'a swipe to the left did not step through every event in date order',
    );
    await page.locator('pfp-timeline').screenshot({ path: join(SHOTS, 'timeline-story-1280.png') });
    assertCleanLog(log);
  });

  // A deep link opens its event in the story look.
  const third = 2;
  await withPage('/story.html', { html }, async ({ page, log }) => {
    await settle(page, 'pfp-timeline');
    const id = (await eventsOf(page, { from: '1995', to: '1996' }))[third].id;
    await page.goto(
      `${origin}/story.html#pfp-event=${encodeURIComponent(id).replace(/%2F/g, '/')}`,
    );
    await page.reload();
    await settle(page, 'pfp-timeline');
    const at = await page.evaluate(
      inPage(`return shadowOf('pfp-timeline').querySelector('.at').textContent;`),
    );
    assert.match(at, new RegExp(`^${third + 1} `), `#pfp-event=${id} opened slide "${at}"`);
    assertCleanLog(log);
  });
});

test('axe-core (WCAG 2.2 AA): the chart, a zoomed chart with its detail open, the phone list and the story, light and dark', async () => {
  for (const colorScheme of ['light', 'dark']) {
    const html = fixture(
      `looks ${colorScheme}`,
      `<h1>Looks</h1>${SPAN}<pfp-timeline look="story" from="1994" to="1994"></pfp-timeline>`,
    );
    await withPage(
      `/axe-${colorScheme}.html`,
      { html, context: { bypassCSP: true, colorScheme } },
      async ({ page }) => {
        await ready(page);
        await axe(page, `chart and story (${colorScheme})`);
        await page.evaluate(
          inPage(`shadowOf('pfp-timeline').querySelector('[part~=cluster]').click();`),
        );
        await page.evaluate(
          inPage(
            `[...shadowOf('pfp-timeline').querySelectorAll('[part~=event]:not([part~=cluster])')].find(visible).click();`,
          ),
        );
        await axe(page, `a zoomed chart with its detail open (${colorScheme})`);
        await page.setViewportSize({ width: 375, height: 667 });
        await page.waitForTimeout(200);
        await axe(page, `the phone list and story at 375 px (${colorScheme})`);
        await page.screenshot({
          path: join(SHOTS, `timeline-looks-375-${colorScheme}.png`),
          fullPage: true,
        });
      },
    );
  }
});

// ------------------------------------------------------------------------------------------------
// The same events in the tools article authors use today, for the screenshots beside ours.

const require = createRequire(import.meta.url);
const PEER_FILES = {
  '/peer/timeline.js': require.resolve('@knight-lab/timelinejs/dist/js/timeline.js'),
  '/peer/timeline.css': join(
    dirname(require.resolve('@knight-lab/timelinejs/dist/js/timeline.js')),
    '..',
    'css',
    'timeline.css',
  ),
  '/peer/vis-timeline.js': require.resolve(
    'vis-timeline/standalone/umd/vis-timeline-graph2d.min.js',
  ),
  '/peer/vis-timeline.css': require.resolve('vis-timeline/styles/vis-timeline-graph2d.min.css'),
};

const PEER_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="/article.css"><link rel="stylesheet" href="/peer/timeline.css"><link rel="stylesheet" href="/peer/vis-timeline.css">
<script src="/dist/pfp-almanac.js" defer></script><script src="/peer/timeline.js"></script><script src="/peer/vis-timeline.js"></script>
</head><body><main class="story">
<h2>pfp-almanac</h2><pfp-timeline from="FROM" to="TO"></pfp-timeline>
<h2>TimelineJS3</h2><div id="tljs" style="block-size: 560px"></div>
<h2>vis-timeline</h2><div id="vis"></div>
</main></body></html>`;

/** Draws the window's events in TimelineJS3 (its defaults) and vis-timeline (opened on the same window as ours). */
function drawPeers({ events, from, to }) {
  const ymd = (iso) => {
    const [year, month, day] = iso.split('-');
    return { year, ...(month && { month }), ...(day && { day }) };
  };
  new TL.Timeline('tljs', {
    events: events.map((e) => ({
      start_date: ymd(e.date),
      ...(e.end && { end_date: ymd(e.end) }),
      text: { headline: e.title, text: e.citations[0]?.quote ?? '' },
    })),
  });
  const items = events.map((e, id) => ({
    id,
    content: e.title,
    start: e.date,
    ...(e.end && { end: e.end, type: 'range' }),
  }));
  new vis.Timeline(document.getElementById('vis'), items, {
    start: `${from}-01-01`,
    end: `${Number(to) + 1}-01-01`,
  });
}

test('screenshots: each look at 1280 and 375 px beside TimelineJS3 and vis-timeline on the same events', async () => {
  for (const [from, to] of [
    ['1994', '1994'],
    ['1993', '2010'],
  ]) {
    for (const width of [1280, 375]) {
      const html = PEER_PAGE.replace('FROM', from).replace('TO', to);
      await withPage(
        `/peers-${from}-${width}.html`,
        { html, goto: false, context: { viewport: { width, height: 900 } } },
        async ({ page }) => {
          for (const [path, file] of Object.entries(PEER_FILES)) {
            const type = path.endsWith('.css') ? 'text/css' : 'text/javascript';
            await page.route(`**${path}`, (route) =>
              route.fulfill({ status: 200, contentType: type, body: readFileSync(file) }),
            );
          }
          await page.goto(`${origin}/peers-${from}-${width}.html`);
          await ready(page);
          const events = await eventsOf(page, { from, to });
          await page.evaluate(drawPeers, { events, from, to }).catch(() => {});
          await page.waitForTimeout(800);
          await page.screenshot({
            path: join(SHOTS, `compare-${from}-${to}-${width}.png`),
            fullPage: true,
          });
        },
      );
    }
  }
});
