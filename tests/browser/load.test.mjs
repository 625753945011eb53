// Load in the browser (issue 5, "Faults and load"): one page with 50 widgets (timelines, entity cards,
// searches) set inside a 20,000-word article wrapped in <pfp-annotate>. The article is the corpus's
// own passages, shuffled with a seeded PRNG and repeated, so it is real prose full of entity names.
// A reader scrolls through it, clicking a host-page button (a plain click handler) after every step,
// then types in a search, opens a mention's card and an event of a timeline.
// Asserted (behaviour only): every widget and the annotator reach state="ready"; `pfp-annotated`
// fires; each entity is marked once, at its first mention (checked against an independent scan of
// the generated text); the article's text is unchanged; the host's click handler fires for every
// click; search, card and timeline answer the interactions; no console error.
// Printed, never asserted (the machine is slow and shared): main-thread long tasks (a
// PerformanceObserver for 'longtask' registered before any script of the page), from navigation
// until all is ready and during the interactions, the longest and how many, with the scripts behind
// the long animation frames; and the delay of the host's click handler.
//   node --test --test-concurrency=1 tests/browser/load.test.mjs   (after bash scripts/build.sh)
//   PFP_TRACE=/tmp/load-trace.json node --test ...   also writes a Chromium trace of the widget's run
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { load } from '../../dist/node.js';
import { entityIdsIn, rng, words } from '../../bench/queries.mjs';
import { assertCleanLog, fixture, origin, repo, useBrowser, withPage } from './harness.mjs';
import { test } from '../chromium.mjs';

useBrowser();

const WORDS = 20_000;
const WIDGETS = 50;
const SEED = 0x50f1994;

// ---------------------------------------------------------------- the page, generated from the corpus
const almanac = await load();
const entityDir = join(repo, 'corpus/entities');
const entityIds = entityIdsIn(
  await Promise.all((await readdir(entityDir)).map((f) => readFile(join(entityDir, f), 'utf8'))),
);
const entities = entityIds.map((id) => almanac.entity(id)).filter(Boolean); // the sources may be ahead of dist/
const namesOf = (e) => [
  ...new Set(
    [e.name, ...(e.aliases ?? []), ...Object.values(e.names ?? {})]
      .map((n) => (n ?? '').trim())
      .filter((n) => n.length >= 4),
  ),
];
const escapeHtml = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const escapeRe = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
// A whole-word match of any of `names` in any case, the longest where several start at the same
// place; the words of a name may be joined by any run of other characters ("Bosnia-Herzegovina").
const wordRe = (names) =>
  new RegExp(
    `(?<![\\p{L}\\p{N}])(?:${[...names]
      .sort((a, b) => b.length - a.length)
      .map((n) => n.split(' ').map(escapeRe).join('[^\\p{L}\\p{N}]+'))
      .join('|')})(?![\\p{L}\\p{N}])`,
    'iu',
  );

const prose = almanac
  .documents()
  .flatMap((d) => d.passages)
  .map((id) => almanac.passage(id).text.replace(/\s+/g, ' ').trim())
  .filter((text) => words(text).length >= 12);

/** The article: paragraphs of shuffled passages (reshuffled on each repetition) up to WORDS words. */
function paragraphs() {
  const r = rng(SEED);
  const out = [];
  let count = 0;
  while (count < WORDS) {
    const deck = [...prose];
    for (let i = deck.length - 1; i > 0; i--) {
      const j = Math.floor(r() * (i + 1));
      [deck[i], deck[j]] = [deck[j], deck[i]];
    }
    for (const text of deck) {
      if (count >= WORDS) break;
      out.push(text);
      count += words(text).length;
    }
  }
  return { out, count };
}
const article = paragraphs();

// Entities with events, for the widgets.
const withEvents = [...new Set(almanac.timeline({}).flatMap((e) => e.entities))];
const byId = new Map(entities.map((e) => [e.id, e]));
const allNames = entities.flatMap((e) => namesOf(e).map((n) => [n.toLowerCase(), e.id]));
// Probes: entities none of whose names is part of another entity's name (where a longer name may
// claim the words first), whose names are plain words (letters and single spaces, so that a
// case-insensitive regular expression is an independent check of the core's folding) and not in
// capitals only (an acronym is marked only where written with a capital). For each, where its first
// mention is, found by a plain scan of the paragraphs: [paragraph, offset, the words as written].
const probes = [];
for (const e of entities) {
  const id = e.id;
  const names = namesOf(e);
  if (
    !names.length ||
    names.some((n) => !/^[A-Za-z]+( [A-Za-z]+)*$/.test(n) || n === n.toUpperCase()) ||
    names.some((n) => allNames.some(([m, other]) => other !== id && m.includes(n.toLowerCase())))
  )
    continue;
  const re = wordRe(names);
  for (let p = 0; p < article.out.length; p++) {
    const m = re.exec(article.out[p]);
    if (m) {
      probes.push({ id, p, offset: m.index, name: m[0] });
      break;
    }
  }
}

// The 50 widgets, one after every WORDS/50 words, in turn a timeline, an entity card and a search.
const cardNames = withEvents.map((id) => byId.get(id)?.name).filter(Boolean);
const TIMELINES = [
  '',
  'from="1993" to="2010"',
  'from="1994" to="1994"',
  'from="1994" to="2009" kinds="signature"',
  ...withEvents.slice(0, 6).map((id) => `entity="${id}"`),
];
const SEARCHES = ['', 'democratic control', '', 'Malta', '', 'peacekeeping exercises', '', 'Rome'];
function widget(k) {
  const kind = ['timeline', 'entity', 'search'][k % 3];
  const n = Math.floor(k / 3);
  if (kind === 'timeline')
    return `<pfp-timeline ${TIMELINES[n % TIMELINES.length]}><p>The timeline loads here.</p></pfp-timeline>`;
  if (kind === 'entity')
    return `<pfp-entity name="${escapeHtml(cardNames[n % cardNames.length])}"><p>A card loads here.</p></pfp-entity>`;
  const value = SEARCHES[n % SEARCHES.length];
  return `<pfp-search${value ? ` value="${value}"` : ''}><p>The search box loads here.</p></pfp-search>`;
}

function page() {
  const every = Math.floor(article.count / WIDGETS);
  const parts = [];
  let sinceWidget = 0;
  let placed = 0;
  article.out.forEach((text, i) => {
    if (i > 0 && i % 40 === 0) parts.push(`<h2>Part ${i / 40 + 1}</h2>`);
    parts.push(`<p data-p="${i}">${escapeHtml(text)}</p>`);
    sinceWidget += words(text).length;
    if (sinceWidget >= every && placed < WIDGETS) {
      parts.push(widget(placed));
      placed += 1;
      sinceWidget = 0;
    }
  });
  while (placed < WIDGETS) parts.push(widget(placed++));
  // The host's own control, always in view: its click handler (registered by the test's init script)
  // must keep firing while the widgets load and render.
  const style =
    '<style>#host-button { position: fixed; inset-block-start: 8px; inset-inline-end: 8px; z-index: 2147483647; }</style>';
  return fixture(
    'Load: 50 widgets in a 20,000-word annotated article',
    `${style}<button id="host-button" type="button">Host</button>
<article><h1>The Partnership for Peace at length</h1>
<pfp-annotate><div class="article-body">
${parts.join('\n')}
</div></pfp-annotate></article>`,
  );
}

// Runs in the page before its scripts: long tasks and long animation frames from navigation on,
// `pfp-annotated`, `pfp-open`, and the host button's click handler with its delay (handler start −
// the input's timestamp).
function init() {
  const rec = { longTasks: [], frames: [], annotated: [], opened: [], clicks: [] };
  Object.defineProperty(window, '__load', { value: rec });
  const observe = (type, fn) => {
    try {
      new PerformanceObserver((list) => list.getEntries().forEach(fn)).observe({
        type,
        buffered: true,
      });
    } catch {}
  };
  observe('longtask', (e) => rec.longTasks.push({ start: e.startTime, duration: e.duration }));
  // Long animation frames say what a long task was made of: the scripts that ran in it (with the
  // layout they forced) and the rendering (style, layout, paint) in it.
  observe('long-animation-frame', (e) =>
    rec.frames.push({
      start: e.startTime,
      end: e.startTime + e.duration,
      renderStart: e.renderStart || 0,
      scripts: e.scripts.map((s) => ({
        start: s.startTime,
        invoker: s.invoker,
        duration: s.duration,
        forced: s.forcedStyleAndLayoutDuration,
        widget: /\/dist\/pfp-almanac\.js|\.wasm/.test(s.sourceURL || ''),
        // Where the callback is: its name, or its offset in the (minified) script.
        source:
          s.sourceFunctionName || (s.sourceCharPosition >= 0 ? `@${s.sourceCharPosition}` : ''),
      })),
    }),
  );
  document.addEventListener('pfp-annotated', (e) =>
    rec.annotated.push({ at: performance.now(), mentions: e.detail?.mentions }),
  );
  document.addEventListener('pfp-open', (e) =>
    rec.opened.push({ at: performance.now(), entity: e.detail?.entity }),
  );
  document.addEventListener('DOMContentLoaded', () => {
    document
      .getElementById('host-button')
      ?.addEventListener('click', (e) =>
        rec.clicks.push({ at: performance.now(), delay: performance.now() - e.timeStamp }),
      );
  });
}

const ms = (x) => `${Math.round(x)} ms`;

/**
 * What a long task was made of, from the long animation frames that overlap it: the scripts that
 * started in it (the widget's, from dist/pfp-almanac.js or its wasm, or the page's) and the rendering.
 */
function explain(task, frames) {
  const end = task.start + task.duration;
  const within = (t) => t >= task.start - 1 && t < end;
  const overlapping = frames.filter((f) => f.start < end && task.start < f.end);
  const scripts = overlapping
    .flatMap((f) => f.scripts.filter((x) => within(x.start)))
    .sort((a, b) => b.duration - a.duration);
  const render = overlapping
    .filter((f) => f.renderStart && within(f.renderStart))
    .reduce((n, f) => n + Math.min(end, f.end) - f.renderStart, 0);
  const sum = (list, key = 'duration') => list.reduce((n, x) => n + x[key], 0);
  const widget = scripts.filter((x) => x.widget);
  const what = scripts
    .slice(0, 2)
    .map(
      (x) =>
        `${x.invoker.replace(/^https?:\/\/[^/]+/, '')}${x.source ? ` (${x.source})` : ''} ${ms(x.duration)}`,
    )
    .join(', ');
  return {
    ...task,
    widget: widget.length > 0,
    text: `${ms(task.duration)} at ${ms(task.start)}: scripts ${ms(sum(scripts))} (the widget's ${ms(sum(widget))}, forced layout ${ms(sum(scripts, 'forced'))}${what ? `; ${what}` : ''}), rendering ${ms(render)}`,
  };
}

/** The long tasks of one phase, explained, and a line for the longest among them. */
function phase(label, tasks, frames) {
  const explained = tasks.map((t) => explain(t, frames)).sort((a, b) => b.duration - a.duration);
  const longest = (list) => (list.length ? ms(list[0].duration) : 'none');
  return [
    `${label}: long tasks (> 50 ms): ${tasks.length}, longest ${longest(explained)}; with the widget's scripts in them: ${explained.filter((t) => t.widget).length}, longest ${longest(explained.filter((t) => t.widget))}`,
    ...explained.slice(0, 6).map((t) => `    ${t.text}`),
  ];
}

// The page as the host has it without the widget (its script tag taken out): its own long tasks
// (parsing, laying out and painting 20,000 words) are the baseline the widget's are set against.
const SCRIPT_TAG = '<script src="/dist/pfp-almanac.js" defer></script>';

/** Resolves (in the page) once the scroll position has held for a frame: where it is, and whether at the bottom. */
function settled() {
  return new Promise((resolve) => {
    let last = -1;
    const frame = () => {
      if (scrollY === last) {
        resolve({
          y: scrollY,
          bottom: scrollY + innerHeight >= document.documentElement.scrollHeight - 1,
        });
        return;
      }
      last = scrollY;
      requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  });
}

/**
 * A reader scrolls down the page with the mouse wheel, 80 % of a screen at a time, waiting for each
 * position to be rendered, and clicks the host's button after each step. The wheel turns over the
 * page's left margin, so that no mention under the pointer opens its card. Returns the clicks made.
 */
async function readThrough(page, button) {
  let clicks = 0;
  let stuck = 0;
  for (let at = await page.evaluate(settled); !at.bottom; ) {
    await page.mouse.move(12, 450);
    await page.mouse.wheel(0, 720);
    const next = await page.evaluate(settled);
    stuck = next.y === at.y ? stuck + 1 : 0;
    assert.ok(stuck < 5, `the page stopped scrolling at ${next.y} px`);
    at = next;
    await page.mouse.click(button.x + button.width / 2, button.y + button.height / 2);
    clicks += 1;
  }
  return clicks;
}

test(`50 widgets in a ${WORDS.toLocaleString('en')}-word annotated article: all ready, first mentions marked, the page answers input`, async () => {
  assert.ok(article.count >= WORDS, `the generated article has ${article.count} words`);
  assert.ok(
    probes.length >= 10,
    `only ${probes.length} probe entities occur in the generated article`,
  );
  const html = page();
  assert.ok(
    html.includes(SCRIPT_TAG),
    'the fixture no longer loads the widget with the expected tag',
  );
  const baseline = await withPage(
    '/load-baseline.html',
    { html: html.replace(SCRIPT_TAG, ''), goto: false },
    async ({ page }) => {
      await page.addInitScript(init);
      await page.goto(`${origin}/load-baseline.html`);
      const clicks = await readThrough(page, await page.locator('#host-button').boundingBox());
      await page.waitForTimeout(300); // let the last long-task entries arrive
      const rec = await page.evaluate(() => ({
        longTasks: window.__load.longTasks,
        frames: window.__load.frames,
        clicks: window.__load.clicks.length,
      }));
      assert.equal(rec.clicks, clicks, 'the host page without the widget missed clicks');
      return rec;
    },
  );
  await withPage('/load.html', { html, goto: false }, async ({ page, log }) => {
    await page.addInitScript(init);
    // PFP_TRACE=<file.json>: a Chromium trace of the whole run, to see inside each long task (load it
    // in DevTools' Performance panel). Tracing slows the page: the figures printed are then higher.
    if (process.env.PFP_TRACE) {
      await page
        .context()
        .browser()
        .startTracing(page, {
          path: process.env.PFP_TRACE,
          categories: [
            'devtools.timeline',
            'disabled-by-default-devtools.timeline',
            'v8.execute',
            'toplevel',
          ],
        });
    }
    await page.goto(`${origin}/load.html`);
    const counts = await page.evaluate(() => ({
      timeline: document.querySelectorAll('pfp-timeline').length,
      entity: document.querySelectorAll('pfp-entity').length,
      search: document.querySelectorAll('pfp-search').length,
      annotate: document.querySelectorAll('pfp-annotate').length,
      words: document.querySelector('.article-body').textContent.split(/\s+/).filter(Boolean)
        .length,
    }));
    assert.equal(
      counts.timeline + counts.entity + counts.search,
      WIDGETS,
      `widgets on the page: ${JSON.stringify(counts)}`,
    );
    assert.equal(counts.annotate, 1);

    const button = await page.locator('#host-button').boundingBox();
    let clicks = await readThrough(page, button);
    const allSettled = () => {
      const els = [
        ...document.querySelectorAll('pfp-timeline, pfp-entity, pfp-search, pfp-annotate'),
      ];
      return (
        els.every((el) => ['ready', 'error'].includes(el.getAttribute('state'))) &&
        window.__load.annotated.length > 0
      );
    };
    await page.waitForFunction(allSettled, null, { timeout: 60_000 }).catch(() => {});
    const states = await page.evaluate(() =>
      [...document.querySelectorAll('pfp-timeline, pfp-entity, pfp-search, pfp-annotate')].map(
        (el, i) => ({
          i,
          tag: el.localName,
          state: el.getAttribute('state'),
          shows: el.shadowRoot?.textContent.replace(/\s+/g, ' ').slice(0, 160),
        }),
      ),
    );
    const notReady = states.filter((s) => s.state !== 'ready');
    assert.deepEqual(notReady, [], `not every element is ready after scrolling through the page`);
    const readyAt = await page.evaluate(() =>
      Math.max(
        ...window.__pfpTest.states.filter((s) => s.state === 'ready').map((s) => s.at),
        ...window.__load.annotated.map((a) => a.at),
      ),
    );

    // ------------------------------------------------------------ annotations
    const marks = await page.evaluate((source) => {
      const rec = window.__load;
      const before = new DOMParser()
        .parseFromString(source, 'text/html')
        .querySelector('pfp-annotate').textContent;
      const mentions = [...document.querySelectorAll('pfp-annotate pfp-mention')].map((m) => {
        const p = m.closest('p[data-p]');
        let offset = 0;
        for (let n = p.firstChild; n && n !== m; n = n.nextSibling) offset += n.textContent.length;
        return {
          id: m.getAttribute('entity'),
          p: p ? Number(p.dataset.p) : -1,
          offset,
          text: m.textContent,
        };
      });
      return {
        mentions,
        annotated: rec.annotated,
        same: document.querySelector('pfp-annotate').textContent === before,
      };
    }, html);
    assert.equal(marks.annotated.length, 1, `pfp-annotated fired ${marks.annotated.length} times`);
    assert.equal(
      marks.annotated[0].mentions,
      marks.mentions.length,
      'pfp-annotated counts other mentions than the page has',
    );
    assert.ok(marks.mentions.length >= probes.length, `${marks.mentions.length} mentions`);
    const ids = marks.mentions.map((m) => m.id);
    assert.equal(
      new Set(ids).size,
      ids.length,
      `an entity is marked more than once: ${ids.join(', ')}`,
    );
    for (const m of marks.mentions) {
      assert.ok(byId.has(m.id), `a mention of an unknown entity ${m.id}`);
      assert.equal(
        almanac.lookup(m.text)?.id,
        m.id,
        `the mention of ${m.id} is "${m.text}", which lookup does not find as that entity`,
      );
    }
    const at = new Map(marks.mentions.map((m) => [m.id, m]));
    for (const probe of probes) {
      const m = at.get(probe.id);
      assert.ok(m, `${probe.id} ("${probe.name}", first in paragraph ${probe.p}) is not marked`);
      assert.deepEqual(
        { p: m.p, offset: m.offset, text: m.text },
        { p: probe.p, offset: probe.offset, text: probe.name },
        `${probe.id} is not marked at its first mention`,
      );
    }
    assert.ok(marks.same, 'annotating changed the text of the article');

    // ------------------------------------------------------------ interactions
    // Elements are found with querySelector in the page and clicked at their coordinates (as a mouse
    // does), not through playwright locators and their checks: those search every shadow root of
    // this large page and hit-test it again, and that work would count among the long tasks.
    const find = async (fn, arg) => (await page.evaluateHandle(fn, arg)).asElement();
    const clickOn = async (el) => {
      const { x, y } = await el.evaluate((e) => {
        e.scrollIntoView({ block: 'center' });
        const r = e.getClientRects()[0];
        return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
      });
      await page.evaluate(settled);
      await page.mouse.click(x, y);
    };
    const interactFrom = await page.evaluate(() => performance.now());
    // Type in a search that has no initial value.
    const search = await find(() => document.querySelectorAll('pfp-search:not([value])')[1]);
    await clickOn(await find((el) => el.shadowRoot.querySelector('input[type="search"]'), search));
    await page.keyboard.type('neutral states', { delay: 30 });
    await page
      .waitForFunction(
        (el) => el.shadowRoot.querySelectorAll('[role="option"]').length > 0,
        search,
        { timeout: 10_000 },
      )
      .catch(() => assert.fail('typing in a search showed no results'));
    // Open the card of a mention, then close it with Escape.
    const mention = await find(
      (n) => document.querySelectorAll('pfp-annotate pfp-mention')[n],
      Math.floor(marks.mentions.length / 2),
    );
    const entity = await mention.getAttribute('entity');
    await clickOn(await find((el) => el.shadowRoot.querySelector('button.mention'), mention));
    await page
      .waitForFunction(
        (el) => el.shadowRoot.querySelector('pfp-entity')?.getAttribute('state') === 'ready',
        mention,
        { timeout: 10_000 },
      )
      .catch(() => assert.fail(`clicking the mention of ${entity} opened no ready card`));
    await page.keyboard.press('Escape');
    await page
      .waitForFunction((el) => el.shadowRoot.querySelector('[part~="popover"]').hidden, mention, {
        timeout: 10_000,
      })
      .catch(() => assert.fail(`Escape did not close the card of ${entity}`));
    // Open an event of a timeline, then click the host's button once more.
    const timeline = await find(() => document.querySelectorAll('pfp-timeline')[1]);
    await clickOn(
      await find(
        (el) =>
          [...el.shadowRoot.querySelectorAll('li[data-i] > button.ev')].find((b) =>
            b.checkVisibility(),
          ),
        timeline,
      ),
    );
    await page
      .waitForFunction(
        (el) => el.shadowRoot.querySelector('[part~="panel"]')?.hidden === false,
        timeline,
        { timeout: 10_000 },
      )
      .catch(() => assert.fail('clicking a timeline event opened no panel'));
    await page.mouse.click(button.x + button.width / 2, button.y + button.height / 2);
    clicks += 1;
    await page.waitForTimeout(300); // let the last long-task entries arrive

    const rec = await page.evaluate(() => ({
      longTasks: window.__load.longTasks,
      frames: window.__load.frames,
      clicks: window.__load.clicks,
      opened: window.__load.opened,
      now: performance.now(),
    }));
    if (process.env.PFP_TRACE) await page.context().browser().stopTracing();
    assert.equal(
      rec.clicks.length,
      clicks,
      `the host's click handler fired ${rec.clicks.length} times for ${clicks} clicks`,
    );
    assert.ok(
      rec.opened.some((o) => o.entity === entity),
      `no pfp-open for ${entity}`,
    );
    assertCleanLog(log);

    // ------------------------------------------------------------ figures (printed, not asserted)
    const delays = rec.clicks.map((c) => c.delay).sort((a, b) => b - a);
    const lines = [
      `page: ${counts.words.toLocaleString('en')} words, ${counts.timeline} timelines, ${counts.entity} cards, ${counts.search} searches, ${marks.mentions.length} mentions; ${clicks} clicks on the host's button`,
      `navigation → all ready and annotated: ${ms(readyAt)} (scrolling included)`,
      ...phase(
        '  the page without the widget, read through the same way',
        baseline.longTasks,
        baseline.frames,
      ),
      ...phase(
        '  with the widget, until all is ready',
        rec.longTasks.filter((t) => t.start < readyAt),
        rec.frames,
      ),
      ...phase(
        '  interactions (type in a search, open a card, open an event)',
        rec.longTasks.filter((t) => t.start >= interactFrom),
        rec.frames,
      ),
      `host click handler delay (handler start − input time): max ${ms(delays[0] ?? 0)}, median ${ms(delays[Math.floor(delays.length / 2)] ?? 0)}`,
    ];
    console.log(lines.join('\n'));
  });
});

// Annotating in slices means an annotation can be interrupted: by clear(), or by the element being
// moved. Three times the article (60,000 words) so that it surely takes several slices.
test('an annotation in progress stops on clear() (text as it was, element ready) and starts over when the element is moved', async () => {
  const body = [0, 1, 2]
    .flatMap(() => article.out)
    .map((text, i) => `<p data-p="${i}">${escapeHtml(text)}</p>`)
    .join('\n');
  const html = fixture(
    'Load: stopping an annotation',
    `<pfp-annotate><div class="article-body">\n${body}\n</div></pfp-annotate>`,
  );
  await withPage('/load-stop.html', { html, goto: false }, async ({ page, log }) => {
    // At the first mention of each run, in the MutationObserver callback (the annotation has
    // yielded after a slice): the first run is cleared, the second moved to another parent.
    await page.addInitScript(() => {
      const rec = { runs: [], annotated: [] };
      Object.defineProperty(window, '__stop', { value: rec });
      document.addEventListener('pfp-annotated', (e) => rec.annotated.push(e.detail.mentions));
      new MutationObserver((records) => {
        if (!records.some((r) => [...r.addedNodes].some((n) => n.localName === 'pfp-mention')))
          return;
        const el = document.querySelector('pfp-annotate');
        const run = rec.runs.length;
        if (run >= 2) return;
        rec.runs.push({
          state: el.getAttribute('state'),
          mentions: el.querySelectorAll('pfp-mention').length,
        });
        if (run === 0) {
          el.clear();
          rec.afterClear = {
            mentions: el.querySelectorAll('pfp-mention').length,
            text: el.textContent,
          };
        } else {
          document.querySelector('main').prepend(el);
        }
      }).observe(document, { subtree: true, childList: true });
    });
    await page.goto(`${origin}/load-stop.html`);
    const first = await page
      .waitForFunction(
        () =>
          window.__stop.runs.length === 1 &&
          document.querySelector('pfp-annotate').getAttribute('state') === 'ready' &&
          window.__stop,
        null,
        { timeout: 30_000 },
      )
      .then((h) => h.jsonValue())
      .catch(async () =>
        assert.fail(
          `after clear(): ${JSON.stringify(await page.evaluate(() => ({ ...window.__stop, afterClear: undefined, state: document.querySelector('pfp-annotate').getAttribute('state') })))}`,
        ),
      );
    assert.equal(
      first.runs[0].state,
      'loading',
      'the annotation was done in one slice: nothing to stop (make the article longer)',
    );
    assert.ok(first.runs[0].mentions > 0);
    assert.equal(first.afterClear.mentions, 0, 'clear() left mentions in the text');
    const original = await page.evaluate(
      (source) =>
        new DOMParser().parseFromString(source, 'text/html').querySelector('pfp-annotate')
          .textContent,
      html,
    );
    assert.equal(
      first.afterClear.text,
      original,
      'clear() midway did not give the text back as it was',
    );
    assert.deepEqual(first.annotated, [], 'pfp-annotated fired for a stopped annotation');
    await page.waitForTimeout(200);
    assert.equal(
      await page.locator('pfp-annotate pfp-mention').count(),
      0,
      'the stopped annotation went on marking',
    );

    // Annotate again by moving the element; the MutationObserver moves it once more midway.
    await page.evaluate(() =>
      document.querySelector('main').append(document.querySelector('pfp-annotate')),
    );
    const second = await page
      .waitForFunction(() => window.__stop.annotated.length > 0 && window.__stop, null, {
        timeout: 30_000,
      })
      .then((h) => h.jsonValue());
    assert.equal(second.runs.length, 2, 'the second annotation was not interrupted by the move');
    assert.equal(
      second.runs[1].state,
      'ready',
      'the element is ready from the first run (moving it re-annotates in place)',
    );
    await page.waitForTimeout(200);
    const mentions = await page.evaluate(() =>
      [...document.querySelectorAll('pfp-annotate pfp-mention')].map((m) =>
        m.getAttribute('entity'),
      ),
    );
    assert.deepEqual(
      second.annotated,
      [mentions.length],
      'pfp-annotated fired once, counting the mentions on the page',
    );
    assert.equal(
      new Set(mentions).size,
      mentions.length,
      'an entity is marked twice after the restart',
    );
    assert.ok(mentions.length >= probes.length, `${mentions.length} mentions after the restart`);
    assert.equal(
      await page.evaluate(() => document.querySelector('pfp-annotate').textContent),
      original,
      'the text changed',
    );
    assertCleanLog(log);
  });
});
