// The embeddable widget (dist/pfp-almanac.js) in a real browser: Debian's Chromium driven by
// playwright-core, on the demo pages served by scripts/serve.mjs (www/index.html, www/csp.html,
// www/csp-nowasm.html) and on small fixture pages served on the same origin. Every check is about
// something a reader relies on: what renders, keyboard-only use, touch, languages, dark mode, a
// 320px screen, a strict CSP, and axe-core's WCAG 2.2 AA rules; the data is the real corpus.
// Screenshots of each element (light, dark, 320px) go to tests/artifacts/screenshots/.
// Needs `bash scripts/build.sh` first (it builds the widget); without dist/pfp-almanac.js every test fails.
//   node --test --test-concurrency=1 tests/browser/
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { appendFileSync, cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import {
  ELEMENTS,
  SHOTS,
  assertCleanLog,
  assertNone,
  axe,
  inPage,
  deepActive,
  fixture,
  origin,
  repo,
  settle,
  useBrowser,
  tabUntil,
  wasmRequests,
  withPage,
} from './harness.mjs';
import { test } from '../chromium.mjs';

useBrowser();

/** The timeline's events: each event's <li> of the <ol> in its shadow root (shown on its own, or in a cluster at this zoom), with the button and time. */
const timelineItems = inPage(`
  const [sel, n] = arg;
  const root = shadowOf(sel, n);
  return [...root.querySelectorAll('ol > li[data-i]')].map((li) => {
    const button = li.querySelector('button');
    const time = button?.querySelector('time[datetime]');
    const r = li.getBoundingClientRect();
    return { datetime: time?.getAttribute('datetime') ?? null, hasButton: Boolean(button), shown: visible(li), text: li.textContent.replace(/\\s+/g, ' ').trim(), x: r.left, y: r.top, w: r.width };
  });
`);

/** Asserts that a timeline's items (`timelineItems`) hold an event on `date`: its day, or the start of its span. */
const assertEventOn = (items, date, what) =>
  assert.ok(
    items.some((i) => i.datetime?.startsWith(date)),
    `no event on ${date} (${what})`,
  );

/** The static article inside <pfp-annotate>, as the server sent it (parsed, not the live DOM). */
const staticAnnotateHTML = inPage(`
  return fetch(location.href).then((r) => r.text()).then((html) => {
    const doc = new DOMParser().parseFromString(html, 'text/html');
    return doc.querySelector('pfp-annotate').innerHTML;
  });
`);

/** Visible popovers/dialogs under <pfp-annotate> (in the mentions' or the annotator's shadow roots). */
const openPopovers = inPage(`
  const root = document.querySelector('pfp-annotate');
  return allDeep(root)
    .filter((el) => el.getRootNode() !== document)
    .filter((el) => el.matches('[popover], [role=dialog], [role=tooltip], [part~=popover], .popover'))
    .filter(visible)
    .map((el) => deepText(el));
`);

const popoverShown = inPage(`return (${openPopovers})().length > 0;`);
const popoverClosed = inPage(`return (${openPopovers})().length === 0;`);

/**
 * Waits until `body` (a function body run in the page by `inPage`, given `arg`) returns true. Past
 * `timeout` ms it fails with `failure` (a message, or an async function that reads one from the
 * page) when there is one: a reader of the failure learns what did not happen, not only that a
 * wait timed out.
 */
function waitInPage(page, body, { failure, timeout = 5_000, arg = null } = {}) {
  const waiting = page.waitForFunction(inPage(body), arg, { timeout });
  if (failure === undefined) return waiting;
  return waiting.catch(async () =>
    assert.fail(typeof failure === 'function' ? await failure() : failure),
  );
}

/** Whether the timeline shows an event's detail: its citation's <blockquote> is visible. */
const TIMELINE_QUOTE_SHOWN = `[...shadowOf('pfp-timeline').querySelectorAll('blockquote')].some(visible)`;

/** Waits for the options of <pfp-search> (after its input is given a query). */
const searchOptionsShown = (page) =>
  waitInPage(page, `return shadowOf('pfp-search').querySelectorAll('[role=option]').length > 0;`, {
    timeout: 10_000,
  });

async function allReady(page) {
  for (const tag of ELEMENTS) await settle(page, tag, 'ready');
}

test('demo page: every element renders real data, with no console error and no foreign request', async () => {
  await withPage('/', async ({ page, log }) => {
    await allReady(page);
    const items = await page.evaluate(timelineItems, ['pfp-timeline', 0]);
    const dated = items.filter((i) => i.hasButton && i.datetime);
    assert.ok(
      dated.length >= 20,
      `the 1993-2010 timeline shows ${dated.length} events with <button><time datetime>, expected at least 20`,
    );
    assert.equal(
      dated.length,
      items.length,
      'every timeline item has a button with <time datetime>',
    );
    for (const d of dated)
      assert.match(
        d.datetime,
        /^\d{4}(-\d\d){0,2}(\/\d{4}(-\d\d){0,2})?$/,
        `datetime "${d.datetime}" is not an ISO date or range`,
      );
    // Facts of the sources: Malta signed on 26 April 1995, the NATO-Russia Council dates from 28 May 2002.
    assertEventOn(dated, '1995-04-26', 'Malta signs');
    assertEventOn(dated, '2002-05-28', 'the Rome declaration');

    const card = await page.evaluate(
      inPage(`
      const root = shadowOf('pfp-entity');
      const quotes = [...root.querySelectorAll('blockquote')].map((b) => b.textContent.trim()).filter(Boolean);
      const times = [...root.querySelectorAll('time')].map((t) => t.getAttribute('datetime') + ' ' + t.textContent.trim());
      return { text: deepText(root), quotes, times };
    `),
    );
    assert.match(card.text, /\bMalta\b/, 'the entity card does not name Malta');
    assert.match(
      card.text,
      /1995/,
      'the entity card shows no 1995 date (Malta signed on 26 April 1995)',
    );
    assert.ok(card.quotes.length > 0, 'the entity card shows no citation quote in a <blockquote>');

    const search = await page.evaluate(
      inPage(`
      const root = shadowOf('pfp-search');
      const input = root.querySelector('input');
      const list = root.querySelector('[role=listbox]');
      return { role: input?.getAttribute('role'), controls: input?.getAttribute('aria-controls'), listId: list?.id ?? null };
    `),
    );
    assert.equal(search.role, 'combobox', 'the search input is not role=combobox');
    assert.ok(
      search.listId && search.controls === search.listId,
      `the combobox's aria-controls (${search.controls}) is not its listbox (${search.listId})`,
    );

    const mentions = await page.$$eval('pfp-annotate pfp-mention', (els) =>
      els.map((e) => e.getAttribute('entity')),
    );
    assert.ok(
      mentions.includes('country/malta'),
      `no <pfp-mention entity="country/malta"> (mentions: ${mentions.join(', ')})`,
    );
    assert.equal(
      new Set(mentions).size,
      mentions.length,
      `an entity is wrapped more than once (only its first mention should be): ${mentions.join(', ')}`,
    );

    const ns = await page.evaluate(() => ({
      type: typeof PfpAlmanac,
      version: PfpAlmanac?.version,
      load: typeof PfpAlmanac?.load,
      elements: PfpAlmanac?.elements && Object.keys(PfpAlmanac.elements),
    }));
    assert.equal(ns.type, 'object', 'no global PfpAlmanac');
    assert.match(String(ns.version), /^\d+\.\d+\.\d+/, 'PfpAlmanac.version is not a version');
    assert.equal(ns.load, 'function', 'PfpAlmanac.load is not a function');
    assertCleanLog(log);
  });
});

test('timeline, keyboard only: Tab to the first event, arrows move, Enter opens the cited detail, Escape closes it', async () => {
  await withPage('/', async ({ page, log }) => {
    await settle(page, 'pfp-timeline');
    await page.evaluate(() => window.scrollTo(0, 0));
    // The items the arrows step through: every event box or cluster shown, in date order.
    const focusedEvent = inPage(`
      const root = shadowOf('pfp-timeline');
      const buttons = [...root.querySelectorAll('ol > li button')].filter(visible);
      return buttons.indexOf(root.activeElement);
    `);
    const focusedIsCluster = inPage(
      `return shadowOf('pfp-timeline').activeElement?.matches('[part~=cluster]') ?? false;`,
    );
    await tabUntil(
      page,
      async () => (await page.evaluate(focusedEvent)) >= 0,
      'an event of <pfp-timeline>',
    );
    assert.equal(await page.evaluate(focusedEvent), 0, 'Tab did not land on the first event');
    await page.keyboard.press('ArrowRight');
    assert.equal(
      await page.evaluate(focusedEvent),
      1,
      'ArrowRight did not move focus to the second event',
    );
    await page.keyboard.press('ArrowLeft');
    assert.equal(
      await page.evaluate(focusedEvent),
      0,
      'ArrowLeft did not move focus back to the first event',
    );
    // On to the first event that is not a cluster (Enter on a cluster zooms to it: its own test).
    let opened = 0;
    while (await page.evaluate(focusedIsCluster)) {
      await page.keyboard.press('ArrowRight');
      opened += 1;
      assert.ok(opened < 40, 'no event box in the first 40 items');
    }
    opened = await page.evaluate(focusedEvent);

    const detail = inPage(`
      const root = shadowOf('pfp-timeline');
      const quotes = [...root.querySelectorAll('blockquote')].filter(visible);
      const panel = quotes[0]?.closest('[part~=panel], section, [role=dialog], [role=region]') ?? null;
      return { quotes: quotes.map((q) => q.textContent.trim()), text: panel ? deepText(panel) : '' };
    `);
    await page.keyboard.press('Enter');
    await waitInPage(page, `return ${TIMELINE_QUOTE_SHOWN};`, {
      failure: 'Enter on an event opened no visible <blockquote> (the citation)',
    });
    const open = await page.evaluate(detail);
    assert.ok(open.quotes[0].length > 0, 'the citation quote is empty');
    const docs = await page.evaluate(() =>
      PfpAlmanac.load().then((a) => a.documents().map((d) => ({ title: d.title, id: d.id }))),
    );
    const cited = docs.filter((d) => open.text.includes(d.title));
    assert.ok(
      cited.length > 0,
      `the detail names no source document title: ${open.text.slice(0, 300)}`,
    );
    if (cited.some((d) => d.id === 'encyclopedia'))
      assert.match(
        open.text,
        /CC BY-SA/,
        'an encyclopedia quote is shown without its CC BY-SA attribution',
      );

    await page.keyboard.press('Escape');
    await waitInPage(page, `return !${TIMELINE_QUOTE_SHOWN};`, {
      failure: 'Escape did not close the detail',
    });
    assert.equal(
      await page.evaluate(focusedEvent),
      opened,
      `after Escape focus is not back on the event that was opened: ${JSON.stringify(await deepActive(page))}`,
    );
    assertCleanLog(log);
  });
});

test('search, keyboard only: results with <mark>, ArrowDown sets aria-activedescendant, Enter opens the passage', async () => {
  await withPage('/', async ({ page, log }) => {
    await settle(page, 'pfp-search');
    await page.evaluate(() => {
      window.scrollTo(0, 0);
      document.querySelector('pfp-search').addEventListener('pfp-select', (e) => {
        window.__selected = e.detail ?? true;
      });
    });
    const onInput = inPage(
      `const root = shadowOf('pfp-search'); return root.activeElement?.matches('input[role=combobox]') ?? false;`,
    );
    await tabUntil(page, () => page.evaluate(onInput), 'the search box of <pfp-search>');
    await page.keyboard.type('democratic control', { delay: 20 });
    await waitInPage(
      page,
      `return [...shadowOf('pfp-search').querySelectorAll('[role=listbox] [role=option]')].some((o) => visible(o) && o.querySelector('mark'));`,
      {
        failure: 'typing "democratic control" showed no option with a <mark> highlight',
        timeout: 10_000,
      },
    );
    const options = await page.evaluate(
      inPage(`
      return [...shadowOf('pfp-search').querySelectorAll('[role=listbox] [role=option]')].map((o) => ({ id: o.id, marks: [...o.querySelectorAll('mark')].map((m) => m.textContent) }));
    `),
    );
    assert.ok(
      options.every((o) => o.id),
      'an option has no id (aria-activedescendant needs one)',
    );
    assert.ok(
      options.flatMap((o) => o.marks).some((m) => /democratic|control/i.test(m)),
      `no <mark> highlights a searched word: ${JSON.stringify(options.slice(0, 3))}`,
    );

    const state = inPage(`
      const root = shadowOf('pfp-search');
      const input = root.querySelector('input[role=combobox]');
      const id = input.getAttribute('aria-activedescendant');
      const active = id ? root.getElementById(id) : null;
      return { focusOnInput: root.activeElement === input, expanded: input.getAttribute('aria-expanded'), id, role: active?.getAttribute('role') ?? null, selected: active?.getAttribute('aria-selected') ?? null };
    `);
    assert.equal(
      (await page.evaluate(state)).expanded,
      'true',
      'the combobox is not aria-expanded while its listbox shows results',
    );
    await page.keyboard.press('ArrowDown');
    const active = await page.evaluate(state);
    assert.equal(
      active.id,
      options[0].id,
      `ArrowDown: aria-activedescendant is ${active.id}, expected the first option ${options[0].id}`,
    );
    assert.equal(active.role, 'option');
    assert.equal(active.selected, 'true', 'the active option is not aria-selected');
    assert.ok(active.focusOnInput, 'ArrowDown moved DOM focus off the combobox input');

    await page.keyboard.press('Enter');
    await waitInPage(
      page,
      `
      const root = shadowOf('pfp-search');
      return [...root.querySelectorAll('*')].some((el) => visible(el) && !el.closest('[role=listbox]') && el.localName !== 'input' && /democratic\\s+control/i.test(el.textContent));
    `,
      { failure: 'Enter opened no visible passage containing "democratic control"' },
    );
    const passage = await page.evaluate(
      inPage(`
      const root = shadowOf('pfp-search');
      const els = [...root.querySelectorAll('*')].filter((el) => visible(el) && !el.closest('[role=listbox]') && /democratic\\s+control/i.test(el.textContent));
      return deepText(els[0]);
    `),
    );
    assert.ok(
      passage.length > 40,
      `the passage shown is too short to be a passage in context: "${passage}"`,
    );
    assert.ok(
      await page.evaluate(() => window.__selected !== undefined),
      'no pfp-select event was emitted on Enter',
    );
    assertCleanLog(log);
  });
});

const MALTA = 'pfp-annotate pfp-mention[entity="country/malta"]';

/** Opens the demo page with the article annotated and the Malta mention in view. */
async function annotated(page) {
  await settle(page, 'pfp-annotate');
  await page.waitForSelector(MALTA, { state: 'attached', timeout: 10_000 });
  await page.locator(MALTA).scrollIntoViewIfNeeded();
}

/** The card of Malta's mention, once open. */
const MALTA_CARD = `${MALTA} >> [part~=popover]`;

// How each gesture reads in a failure message ("hovering the Malta mention opened no card").
const GESTURES = { hover: 'hovering', tap: 'tapping', click: 'clicking' };

/** Opens Malta's card on the annotated demo page by `gesture`, a Locator action: 'hover', 'tap' or 'click'. */
async function openMaltaCard(page, gesture) {
  await annotated(page);
  await page.locator(MALTA)[gesture]();
  await cardShown(page, GESTURES[gesture]);
}

const cardShown = (page, how) =>
  page
    .waitForFunction(popoverShown, null, { timeout: 5_000, polling: 100 })
    .catch(() => assert.fail(`${how} the Malta mention opened no card`));
// The card renders in a task after it opens (the render queue): wait for its words, not only for it to show.
const cardNamesMalta = (page, how) =>
  page
    .waitForFunction(inPage(`return /\\bMalta\\b/.test((${openPopovers})().join(' '));`), null, {
      timeout: 5_000,
      polling: 50,
    })
    .catch(async () =>
      assert.fail(
        `the card ${how} does not name Malta: ${(await page.evaluate(openPopovers)).join(' ').slice(0, 200)}`,
      ),
    );
const cardClosed = (page, how) =>
  page
    .waitForFunction(popoverClosed, null, { timeout: 2_000, polling: 100 })
    .catch(() => assert.fail(`${how} did not close the card`));

test('annotation: the first mention of Malta is wrapped, the article text unchanged', async () => {
  await withPage('/', async ({ page, log }) => {
    const original = await page.evaluate(staticAnnotateHTML);
    await annotated(page);
    assert.equal(await page.locator(MALTA).count(), 1, 'Malta is wrapped more than once');
    assert.equal(
      await page.$eval(MALTA, (el) => el.textContent),
      'Malta',
      'the mention does not keep the article text in the light DOM',
    );
    const textNow = await page.$eval('pfp-annotate', (el) => el.textContent);
    const textBefore = await page.evaluate((html) => {
      const d = document.createElement('div');
      d.innerHTML = html;
      return d.textContent;
    }, original);
    assert.equal(textNow, textBefore, 'annotation changed the article text');
    // The first mention in reading order is the one wrapped.
    const first = await page.evaluate(() => {
      const body = document.querySelector('#article-body');
      const m = body.querySelector('pfp-mention[entity="country/malta"]');
      const before = document.createRange();
      before.setStart(body, 0);
      before.setEndBefore(m);
      return /\bmalta\b/i.test(before.toString());
    });
    assert.equal(first, false, 'a later mention of Malta is wrapped, not the first');
    assertCleanLog(log);
  });
});

test('annotation: a name in any case is a mention; of "MALTA", "malta" and "Malta" the first is wrapped', async () => {
  const html = fixture(
    'any case',
    `<pfp-annotate><p>In 1995 MALTA signed the Framework Document.</p>
      <p>In 1996 malta left; Malta came back in 2008.</p></pfp-annotate>`,
  );
  await withPage('/any-case.html', { html }, async ({ page, log }) => {
    await settle(page, 'pfp-annotate');
    const malta = await page.$$eval('pfp-annotate pfp-mention[entity="country/malta"]', (els) =>
      els.map((el) => ({ text: el.textContent, paragraph: el.closest('p').textContent })),
    );
    assert.equal(malta.length, 1, `Malta wrapped ${malta.length} times`);
    assert.equal(malta[0].text, 'MALTA');
    assert.match(malta[0].paragraph, /^In 1995/);
    await page.locator('pfp-annotate pfp-mention[entity="country/malta"]').click();
    await cardNamesMalta(page, 'opened on "MALTA"');
    assertCleanLog(log);
  });
});

/** Ids, texts and card words of a bring-your-own corpus page (three-documents, and its variant). */
const byoParts = inPage(`
  const text = (el) => (el ? deepText(el) : '');
  const card = (sel) => {
    const root = shadowOf(sel);
    return {
      heading: text(root.querySelector('h3')),
      keys: [...root.querySelectorAll('[part~=key-dates] > li')].map((li) => ({ kind: li.dataset.kind, text: text(li) })),
      timeline: [...root.querySelectorAll('[part~=timeline] > li')].map(text),
      all: text(root),
    };
  };
  return {
    aldania: card('#aldania'),
    commission: card('#commission'),
    joined: card('#joined'),
    mentions: [...document.querySelectorAll('pfp-annotate pfp-mention')].map((m) => [m.getAttribute('entity'), m.textContent, m.getAttribute('src')]),
  };
`);

test('a bring-your-own corpus (examples/three-documents, src attribute): cards, key dates and mentions come from its own data', async () => {
  // A variant with an accession to the corpus's own organisation: the key date names it.
  const dir = mkdtempSync(join(tmpdir(), 'pfp-byo-'));
  const variant = join(dir, 'variant.almanac');
  try {
    cpSync(join(repo, 'examples/three-documents'), join(dir, 'marren'), { recursive: true });
    appendFileSync(
      join(dir, 'marren/events/all.toml'),
      `
[[event]]
id = "accession/aldania-commission"
kind = "accession"
date = "2019-03-14"
title = "Aldania joins the Marren River Commission"
entities = ["country/aldania", "organisation/marren-river-commission"]
cite = [{ doc = "agreement", quote = "Done at Castell on 14 March 2019" }]
`,
    );
    execFileSync('node', [join(repo, 'dist/cli.mjs'), 'build', join(dir, 'marren'), '-o', variant]);
    const src = '/dist/examples/three-documents.almanac';
    const html = fixture(
      'three documents',
      `<pfp-entity id="aldania" src="${src}" name="aldania"></pfp-entity>
        <pfp-entity id="commission" src="${src}" entity="organisation/marren-river-commission"></pfp-entity>
        <pfp-entity id="joined" src="/variant.almanac" name="Aldania"></pfp-entity>
        <pfp-annotate src="${src}"><p>The MARREN RIVER COMMISSION, set up by the castell agreement,
        sits in Brevik; Dr Ilse Varga chairs it. NATO and Malta are not in this corpus.</p></pfp-annotate>`,
    );
    await withPage('/byo.html', { html, goto: false }, async ({ page, log }) => {
      await page.route(`${origin}/variant.almanac`, (route) =>
        route.fulfill({ status: 200, body: readFileSync(variant) }),
      );
      await page.goto(`${origin}/byo.html`);
      await settle(page, 'pfp-entity');
      await settle(page, 'pfp-annotate');
      const got = await page.evaluate(byoParts);
      assert.match(got.aldania.heading, /^Aldania/);
      assert.deepEqual(
        got.aldania.keys.map((k) => k.kind),
        ['signature'],
        `Aldania's key dates: ${JSON.stringify(got.aldania.keys)}`,
      );
      assert.match(got.aldania.keys[0].text, /March 14, 2019/);
      assert.match(got.aldania.keys[0].text, /Aldania and Brevia sign the Agreement/);
      assert.equal(got.aldania.timeline.length, 3, `timeline: ${got.aldania.timeline}`);
      assert.match(got.commission.heading, /^Marren River Commission/);
      assert.match(got.commission.all, /Four commissioners, two appointed by each country/);
      const accession = got.joined.keys.find((k) => k.kind === 'accession');
      assert.ok(accession, `no accession key date: ${JSON.stringify(got.joined.keys)}`);
      assert.match(accession.text, /^Accession to Marren River Commission · March 14, 2019/);
      assert.deepEqual(got.mentions, [
        ['organisation/marren-river-commission', 'MARREN RIVER COMMISSION', src],
        ['document/castell-agreement', 'castell agreement', src],
        ['place/brevik', 'Brevik', src],
        ['person/ilse-varga', 'Dr Ilse Varga', src],
      ]);
      // A mention's card reads the same corpus.
      await page.locator('pfp-mention[entity="place/brevik"]').click();
      await waitInPage(
        page,
        `return /Seat of the Marren River Commission/.test((${openPopovers})().join(' '));`,
        { failure: 'the Brevik mention opened no card from its corpus' },
      );
      assert.equal(wasmRequests(log).length, 1);
      assertCleanLog(log);
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('annotation, mouse: hovering Malta opens its card, which stays while hovered and closes after the pointer leaves', async () => {
  await withPage('/', async ({ page, log }) => {
    await openMaltaCard(page, 'hover');
    await cardNamesMalta(page, 'opened by hovering');
    await page.screenshot({ path: join(SHOTS, 'annotate-hover-light.png') });
    // SC 1.4.13 hoverable: the pointer can move onto the card without it closing.
    const box = await page.locator(MALTA_CARD).boundingBox();
    assert.ok(box, 'the card has no box');
    await page.mouse.move(box.x + box.width / 2, box.y + Math.min(40, box.height / 2), {
      steps: 5,
    });
    await page.waitForTimeout(800);
    assert.ok(await page.evaluate(popoverShown), 'the card closed when the pointer moved onto it');
    await page.mouse.move(2, 2, { steps: 5 });
    await page
      .waitForFunction(popoverClosed, null, { timeout: 3_000, polling: 100 })
      .catch(() => assert.fail('the hover card stayed open after the pointer left'));
    assertCleanLog(log);
  });
});

// Focus is not in the card when it opened on hover, so Escape must work from anywhere while it is open.
test('annotation, mouse: Escape dismisses a card opened by hovering, without moving pointer or focus (SC 1.4.13)', async () => {
  await withPage('/', async ({ page, log }) => {
    await openMaltaCard(page, 'hover');
    await page.keyboard.press('Escape');
    await cardClosed(page, 'Escape (focus on the page, pointer on the mention)');
    assertCleanLog(log);
  });
});

test('annotation, keyboard: Tab to Malta opens its card; Escape closes it and focus stays on the mention', async () => {
  await withPage('/', async ({ page, log }) => {
    await annotated(page);
    await page.evaluate(() => window.scrollTo(0, 0));
    const onMalta = () =>
      page.evaluate((sel) => {
        let a = document.activeElement;
        while (a?.shadowRoot?.activeElement) {
          if (a.matches(sel)) return true;
          a = a.shadowRoot.activeElement;
        }
        return Boolean(a?.matches?.(sel)) || Boolean(a?.closest?.(sel));
      }, MALTA);
    await tabUntil(page, onMalta, 'the Malta mention');
    await cardShown(page, 'focusing (Tab)');
    await cardNamesMalta(page, 'opened by Tab');
    await page.keyboard.press('Escape');
    await cardClosed(page, 'Escape');
    assert.ok(await onMalta(), 'after Escape focus left the mention');
    assertCleanLog(log);
  });
});

test('annotation, touch: tapping Malta opens its card', async () => {
  await withPage(
    '/',
    { context: { hasTouch: true, isMobile: true, viewport: { width: 390, height: 844 } } },
    async ({ page, log }) => {
      await openMaltaCard(page, 'tap');
      await cardNamesMalta(page, 'opened by a tap');
      const box = await page.locator(MALTA_CARD).boundingBox();
      assert.ok(
        box.x >= 0 && box.x + box.width <= 390,
        `the card does not fit the 390px screen: x ${box.x}, width ${box.width}`,
      );
      await page.screenshot({ path: join(SHOTS, 'annotate-tap-mobile.png') });
      assertCleanLog(log);
    },
  );
});

test('annotation: removing <pfp-annotate> restores the article HTML exactly as served', async () => {
  await withPage('/', async ({ page, log }) => {
    const original = await page.evaluate(staticAnnotateHTML);
    await openMaltaCard(page, 'click');
    const after = await page.evaluate(() => {
      const el = document.querySelector('pfp-annotate');
      el.remove();
      return { html: el.innerHTML, mentions: el.querySelectorAll('pfp-mention').length };
    });
    assert.equal(after.mentions, 0, 'mentions remain after removing <pfp-annotate>');
    assert.equal(
      after.html,
      original,
      'removing <pfp-annotate> did not restore the original article HTML',
    );
    assertCleanLog(log);
  });
});

test('timeline hash: only with the hash attribute, selecting writes #pfp-event=<id> and a hash on load selects it', async () => {
  const html = fixture('hash', `<pfp-timeline from="1995" to="1996" hash></pfp-timeline>`);
  await withPage('/hash.html#pfp-event=signature%2Fmalta', { html }, async ({ page, log }) => {
    await settle(page, 'pfp-timeline');
    await waitInPage(page, `return ${TIMELINE_QUOTE_SHOWN};`, {
      failure: '#pfp-event=signature/malta on load did not open that event',
    });
    const text = await page.evaluate(
      inPage(
        `return deepText([...shadowOf('pfp-timeline').querySelectorAll('blockquote')].find(visible).closest('section, [part~=panel]'));`,
      ),
    );
    assert.match(
      text,
      /Malta/,
      `the event opened from the hash is not Malta's signature: ${text.slice(0, 200)}`,
    );
    await page.evaluate(
      inPage(`shadowOf('pfp-timeline').querySelector('ol > li[data-i] button').click();`),
    );
    const hash = await page.evaluate(() => location.hash);
    const first = await page.evaluate(
      inPage(
        `return shadowOf('pfp-timeline').querySelector('ol > li[data-i] button').dataset.id ?? null;`,
      ),
    );
    assert.match(hash, /^#pfp-event=/, `selecting an event did not write the hash: "${hash}"`);
    if (first) assert.equal(decodeURIComponent(hash.slice('#pfp-event='.length)), first);
    assertCleanLog(log);
  });
  await withPage('/', async ({ page }) => {
    await settle(page, 'pfp-timeline');
    await page.evaluate(
      inPage(`shadowOf('pfp-timeline').querySelector('ol > li[data-i] button').click();`),
    );
    assert.equal(
      await page.evaluate(() => location.hash),
      '',
      'a timeline without the hash attribute wrote the URL hash',
    );
  });
});

test('two timelines on one page both render, and the wasm is fetched once', async () => {
  const html = fixture(
    'two timelines',
    `
    <h1>Two timelines</h1>
    <h2>1994</h2><pfp-timeline from="1994" to="1994"></pfp-timeline>
    <h2>2002 to 2008</h2><pfp-timeline from="2002" to="2008"></pfp-timeline>
    <pfp-entity name="Sweden"></pfp-entity>`,
  );
  await withPage('/two.html', { html }, async ({ page, log }) => {
    await settle(page, 'pfp-timeline');
    await settle(page, 'pfp-entity');
    const first = await page.evaluate(timelineItems, ['pfp-timeline', 0]);
    const second = await page.evaluate(timelineItems, ['pfp-timeline', 1]);
    assert.ok(first.length > 0 && second.length > 0, `items: ${first.length} and ${second.length}`);
    assertEventOn(first, '1994-01-26', "the 1994 timeline: Romania's signature");
    assertEventOn(second, '2002-05-28', 'the 2002-2008 timeline: the Rome declaration');
    assert.ok(
      !second.some((i) => /^1994-01-26/.test(i.datetime)),
      "the second timeline shows the first one's events",
    );
    const wasm = wasmRequests(log);
    assert.equal(wasm.length, 1, `the wasm was requested ${wasm.length} times: ${wasm.join(', ')}`);
    assertCleanLog(log);
  });
});

test('lazy loading: an element far below the viewport fetches nothing until it comes near; one on screen starts at once', async () => {
  const far = fixture(
    'far below',
    `<h1>Far below</h1><div style="block-size: 5000px"></div><pfp-timeline from="1994" to="1994"></pfp-timeline>`,
  );
  await withPage('/far.html', { html: far }, async ({ page, log }) => {
    await page.waitForFunction(() => customElements.get('pfp-timeline') !== undefined);
    await page.waitForTimeout(1000);
    assert.equal(
      wasmRequests(log).length,
      0,
      'the wasm was fetched for an element 5000 px below the viewport',
    );
    assert.equal(await page.locator('pfp-timeline').getAttribute('state'), 'loading');
    await settle(page, 'pfp-timeline');
    assert.equal(wasmRequests(log).length, 1, 'scrolled near, the element did not load (once)');
    assertCleanLog(log);
  });
  const near = fixture(
    'on screen',
    `<h1>On screen</h1><pfp-timeline from="1994" to="1994"></pfp-timeline>`,
  );
  await withPage('/near.html', { html: near }, async ({ page, log }) => {
    await page.waitForFunction(
      () => document.querySelector('pfp-timeline').getAttribute('state') === 'ready',
      null,
      { timeout: 30_000 },
    );
    assert.equal(wasmRequests(log).length, 1);
    assertCleanLog(log);
  });
});

test('a second corpus (src attribute, www/rome.html) renders beside the built-in one; the wasm is fetched once', async () => {
  await withPage('/rome.html', async ({ page, log }) => {
    await settle(page, 'pfp-timeline');
    await settle(page, 'pfp-entity');
    const rome = await page.evaluate(timelineItems, ['pfp-timeline', 0]);
    const builtin = await page.evaluate(timelineItems, ['pfp-timeline', 1]);
    // The example corpus has exactly its three dated events; the built-in corpus has its own 2002.
    assert.deepEqual(
      rome.map((i) => i.datetime.slice(0, 10)).sort(),
      ['2001-12', '2001-12-07', '2002-05-28'].sort(),
    );
    // Overlap semantics: ranges such as 1996/2005 count for 2002 too.
    assert.ok(
      builtin.length > rome.length && builtin.some((i) => i.datetime === '2002-02-20'),
      `built-in: ${builtin.map((i) => i.datetime)}`,
    );
    const card = await page.locator('#rome-card').evaluate((el) => el.shadowRoot.textContent);
    assert.match(card, /NATO-Russia Permanent Joint Council/);
    assert.ok((await page.locator('pfp-mention').count()) >= 2, 'mentions from the Rome corpus');
    const wasm = wasmRequests(log);
    assert.equal(wasm.length, 1, `the wasm was requested ${wasm.length} times`);
    assert.equal(
      log.requests.filter((u) => u.endsWith('rome-declaration.almanac')).length,
      1,
      'the corpus is fetched once for four elements',
    );
    assertCleanLog(log);
  });
});

test('lang="fr" and lang="ru" (on the element or an ancestor) translate the interface', async () => {
  const group = (lang, attrOnElement) => {
    const l = attrOnElement ? ` lang="${lang}"` : '';
    return `<section${attrOnElement ? '' : ` lang="${lang}"`} data-group="${lang}">
      <pfp-entity name="Malta"${l}></pfp-entity>
      <pfp-timeline from="1995" to="1995"${l}></pfp-timeline>
      <pfp-search${l}></pfp-search>
    </section>`;
  };
  const html = fixture(
    'languages',
    `${group('en', false)}${group('fr', false)}${group('ru', true)}`,
  );
  await withPage('/lang.html', { html }, async ({ page, log }) => {
    for (const tag of ['pfp-entity', 'pfp-timeline', 'pfp-search']) await settle(page, tag);
    // The interface's own words: headings, labels, placeholders, button names, status lines and
    // formatted dates; not the corpus text, which is English in every language.
    const chrome = await page.evaluate(
      inPage(`
      const out = {};
      for (const section of document.querySelectorAll('[data-group]')) {
        const words = [];
        for (const host of section.querySelectorAll('pfp-entity, pfp-timeline, pfp-search')) {
          for (const el of allDeep(host)) {
            if (el.getRootNode() === document) continue;
            if (el.matches('h1, h2, h3, h4, h5, h6, dt, th, label, legend, summary, .count, time')) words.push(host.localName + ' ' + el.localName + ': ' + el.textContent.trim());
            for (const a of ['aria-label', 'placeholder', 'title']) if (el.hasAttribute(a)) words.push(host.localName + ' @' + a + ': ' + el.getAttribute(a));
          }
        }
        out[section.dataset.group] = words;
      }
      return out;
    `),
    );
    assert.ok(
      chrome.en.length > 3,
      `too few interface strings found: ${JSON.stringify(chrome.en)}`,
    );
    for (const lang of ['fr', 'ru']) {
      const differs = chrome[lang].filter((s, i) => s !== chrome.en[i]);
      assert.ok(
        differs.length >= 3,
        `lang="${lang}": the interface is (nearly) the same as in English:\n${chrome[lang].join('\n')}`,
      );
    }
    assert.ok(
      chrome.ru.some((s) => /[\u0400-\u04ff]/.test(s)),
      'lang="ru": no Cyrillic in the interface',
    );
    assert.ok(
      chrome.fr.some((s) => /avril|événement|rechercher|sources?|dates?/i.test(s)),
      `lang="fr": no French word found:\n${chrome.fr.join('\n')}`,
    );
    // A timeline label: the same April 1995 date, formatted per language.
    const aprilDates = (lang) =>
      chrome[lang].filter((s) => s.startsWith('pfp-timeline time') && /1995/.test(s));
    assert.notDeepEqual(
      aprilDates('fr'),
      aprilDates('en'),
      'timeline dates are not formatted for French',
    );
    assertCleanLog(log);
  });
});

/** The card's painted background: the first non-transparent background from the host inwards. */
const cardBackground = inPage(`
  const [sel] = arg;
  const host = document.querySelector(sel);
  for (const el of [host, ...allDeep(host).filter((e) => e.getRootNode() !== document)]) {
    const bg = getComputedStyle(el).backgroundColor;
    if (bg && bg !== 'rgba(0, 0, 0, 0)' && bg !== 'transparent') return { bg, color: getComputedStyle(el).color, on: el.localName + '.' + el.className };
  }
  return null;
`);

test('dark mode: prefers-color-scheme dark and theme="dark" both darken the card', async () => {
  const html = fixture(
    'themes',
    `<pfp-entity name="Malta"></pfp-entity><pfp-entity name="Malta" theme="dark"></pfp-entity>`,
  );
  const measure = (colorScheme) =>
    withPage('/theme.html', { html, context: { colorScheme } }, async ({ page, log }) => {
      await settle(page, 'pfp-entity');
      const plain = await page.evaluate(cardBackground, ['pfp-entity:not([theme])']);
      const forced = await page.evaluate(cardBackground, ['pfp-entity[theme="dark"]']);
      assertCleanLog(log);
      return { plain, forced };
    });
  const light = await measure('light');
  const dark = await measure('dark');
  assert.ok(light.plain, 'the light card paints no background');
  const lum = ({ bg }) => {
    const [r, g, b] = bg.match(/[\d.]+/g).map(Number);
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const assertDarker = (darker, lighter, what) => {
    assert.notEqual(darker.bg, lighter.bg, `${what} did not change the card background`);
    assert.ok(
      lum(darker) < lum(lighter),
      `${what}: the card (${darker.bg}) is not darker than the light one (${lighter.bg})`,
    );
  };
  assertDarker(dark.plain, light.plain, 'prefers-color-scheme: dark');
  assertDarker(light.forced, light.plain, 'theme="dark" in a light page');
});

test('a 320px screen: the timeline is one vertical column and the page never scrolls sideways', async () => {
  await withPage(
    '/',
    { context: { viewport: { width: 320, height: 720 }, hasTouch: true } },
    async ({ page, log }) => {
      await allReady(page);
      await page.evaluate(
        inPage(`shadowOf('pfp-timeline').querySelector('[part~=more]').click();`),
      );
      const items = (await page.evaluate(timelineItems, ['pfp-timeline', 0])).filter(
        (i) => i.shown,
      );
      assert.ok(items.length >= 20, `${items.length} items`);
      const xs = new Set(items.map((i) => Math.round(i.x)));
      assert.equal(
        xs.size,
        1,
        `timeline items are not in one column at 320px (x positions: ${[...xs].join(', ')})`,
      );
      for (let i = 1; i < items.length; i += 1)
        assert.ok(items[i].y > items[i - 1].y, `item ${i} is not below item ${i - 1}`);
      assert.ok(
        items.every((i) => i.w <= 320),
        'a timeline item is wider than the screen',
      );
      // Open a detail too: it must fit as well.
      await page.evaluate(
        inPage(`shadowOf('pfp-timeline').querySelector('ol > li[data-i] button').click();`),
      );
      const widths = await page.evaluate(() => ({
        scroll: document.documentElement.scrollWidth,
        client: document.documentElement.clientWidth,
      }));
      assert.ok(
        widths.scroll <= 320,
        `the page scrolls sideways at 320px: scrollWidth ${widths.scroll}`,
      );
      assertCleanLog(log);
    },
  );
});

test('strict CSP with wasm-unsafe-eval (csp.html): everything renders, no violation, no error', async () => {
  await withPage('/csp.html', async ({ page, log }) => {
    const csp = await page.evaluate(() =>
      fetch(location.href).then((r) => r.headers.get('content-security-policy')),
    );
    assert.match(
      csp ?? '',
      /script-src 'self' 'wasm-unsafe-eval'/,
      'csp.html is not served with its CSP header',
    );
    await allReady(page);
    const items = await page.evaluate(timelineItems, ['pfp-timeline', 0]);
    assert.ok(items.length > 0, 'the timeline is empty');
    assertEventOn(items, '1995-02-10', 'Austria signs');
    assertNone(await page.evaluate(() => window.__pfpTest.violations), 'CSP violations');
    assertNone(log.refused, '"Refused" console messages');
    assertCleanLog(log);
  });
});

test('CSP without wasm-unsafe-eval (csp-nowasm.html): a readable error in place, the article intact', async () => {
  await withPage('/csp-nowasm.html', async ({ page, log }) => {
    const original = await page.evaluate(staticAnnotateHTML);
    for (const tag of ELEMENTS) await settle(page, tag, 'error');
    for (const tag of ['pfp-timeline', 'pfp-entity', 'pfp-search']) {
      const message = await page.evaluate(
        inPage(`
        const root = shadowOf(arg);
        const alert = root.querySelector('[role=alert]');
        return { alert: Boolean(alert), text: alert && visible(alert) ? deepText(alert) : '' };
      `),
        tag,
      );
      assert.ok(message.alert, `${tag}: the error is not announced (no role=alert)`);
      assert.match(message.text, /\w+ \w+ \w+/, `${tag}: no readable error message`);
      assert.match(
        message.text,
        /WebAssembly|wasm|security polic|CSP/i,
        `${tag}: the message does not say what is wrong: "${message.text}"`,
      );
      assert.doesNotMatch(message.text, /undefined|\[object /, `${tag}: "${message.text}"`);
    }
    const now = await page.$eval('pfp-annotate', (el) => el.innerHTML);
    assert.equal(now, original, 'the article inside <pfp-annotate> changed');
    assert.ok(await page.locator('#article-body').isVisible(), 'the article is hidden');
    assertNone(log.pageErrors, 'uncaught errors or unhandled rejections');
    const foreign = log.requests.filter((u) => /^https?:/.test(u) && new URL(u).origin !== origin);
    assertNone(foreign, 'requests that left the origin');
    await page.screenshot({ path: join(SHOTS, 'csp-nowasm.png'), fullPage: true });
  });
});

/** What a card shows: key dates (with the signatory line), the mini timeline, disagreements with each reading's citations. */
const cardParts = inPage(`
  const root = shadowOf(arg);
  const text = (el) => (el ? deepText(el) : '');
  return {
    heading: text(root.querySelector('h3')),
    kind: text(root.querySelector('h3 .kind')),
    headings: [...root.querySelectorAll('h4')].map(text),
    keys: [...root.querySelectorAll('[part~=key-dates] > li')].map((li) => ({ kind: li.dataset.kind, text: text(li), signatory: text(li.querySelector('[part~=signatory]')) })),
    timeline: root.querySelectorAll('[part~=timeline] > li').length,
    relations: [...root.querySelectorAll('ul.rels > li')].map(text),
    disagreements: [...root.querySelectorAll('[part~=disagreement]')].map((d) => ({
      topic: text(d.querySelector('h5')),
      readings: [...d.querySelectorAll('.readings > li')].map((r) => ({ value: text(r.querySelector('.reading-value')), quotes: [...r.querySelectorAll('blockquote')].map(text), text: text(r) })),
    })),
  };
`);

test('entity card: key dates with the signatory and office, apart from the mini timeline; disagreements that name the country, each side cited', async () => {
  const html = fixture(
    'cards',
    `<pfp-entity name="Malta"></pfp-entity><pfp-entity name="Bulgaria"></pfp-entity><pfp-entity name="Austria"></pfp-entity>`,
  );
  await withPage('/cards.html', { html }, async ({ page, log }) => {
    await settle(page, 'pfp-entity');
    const malta = await page.evaluate(cardParts, 'pfp-entity:nth-of-type(1)');
    const signature = malta.keys.find((k) => k.kind === 'signature');
    assert.ok(
      signature,
      `Malta's card has no signature among its key dates: ${JSON.stringify(malta.keys)}`,
    );
    assert.match(signature.text, /April 26, 1995|26 April 1995/);
    // The STO signatures table: "Malta DPM/FM Guido de Marco 26.04.95".
    assert.match(signature.signatory, /Guido de Marco/, `no signatory: ${signature.text}`);
    assert.match(
      signature.signatory,
      /Deputy Prime Minister and Foreign Minister/,
      `no office: ${signature.signatory}`,
    );
    assert.match(
      signature.signatory,
      /Signatures table: Malta/,
      `the office is not cited: ${signature.signatory}`,
    );
    assert.deepEqual(
      malta.keys.map((k) => k.kind),
      ['signature', 'withdrawal', 'reactivation', 'reactivation'],
      'Malta: signature, withdrawal, reactivation (decided, accepted)',
    );
    assert.ok(
      malta.headings.includes('Key dates') && malta.headings.includes('Timeline'),
      `key dates and the mini timeline are not apart: ${malta.headings}`,
    );
    assert.ok(malta.timeline >= malta.keys.length, 'the mini timeline holds every event');

    const bulgaria = await page.evaluate(cardParts, 'pfp-entity:nth-of-type(2)');
    assert.match(
      bulgaria.keys.find((k) => k.kind === 'signature')?.signatory ?? '',
      /Jelu Jelev, President \(PDT\)/,
    );
    const count = bulgaria.disagreements.find((d) => /Former PfP members/.test(d.topic));
    assert.ok(
      count,
      `Bulgaria's card misses the former-members-count disagreement: ${JSON.stringify(bulgaria.disagreements.map((d) => d.topic))}`,
    );
    assert.equal(count.readings.length, 2);
    assert.match(count.readings[0].value, /Fifteen, including Bulgaria/);
    assert.match(count.readings[1].value, /Fourteen rows, without Bulgaria/);
    for (const r of count.readings) {
      assert.ok(
        r.quotes.length > 0 && r.quotes.every(Boolean),
        `the reading "${r.value}" is not cited`,
      );
      assert.match(
        r.text,
        /CC BY-SA/,
        `the reading "${r.value}" quotes the encyclopedia without its attribution`,
      );
    }
    assert.ok(
      count.readings[0].quotes.some((q) => q.includes('Bulgaria 3 PDT Jelu Jelev 14.02.94')),
    );

    const austria = await page.evaluate(cardParts, 'pfp-entity:nth-of-type(3)');
    assert.ok(
      austria.disagreements.some((d) => /Austria, Finland and Sweden/.test(d.topic)),
      `Austria's card misses neutral-states-joining: ${JSON.stringify(austria.disagreements.map((d) => d.topic))}`,
    );
    assert.match(
      austria.keys.find((k) => k.kind === 'signature')?.signatory ?? '',
      /Alois Mock, Foreign Minister \(FM\)/,
    );
    await page
      .locator('pfp-entity')
      .first()
      .screenshot({ path: join(SHOTS, 'pfp-entity-key-dates.png') });
    await axe(page, 'the Malta, Bulgaria and Austria cards');
    assertCleanLog(log);
  });
});

/** The timeline's lanes (labels and boxes) and, for each event, the lane its mark sits in. */
const laneLayout = inPage(`
  const root = shadowOf(arg);
  const lanes = [...root.querySelectorAll('.lane')].map((l) => {
    const r = l.getBoundingClientRect();
    return { key: l.dataset.lane, label: l.textContent.trim(), top: r.top, bottom: r.bottom };
  });
  // Shown items: an event on its own (with its id) or a cluster (no id).
  const events = [...root.querySelectorAll('ol.events > li')].filter(visible).map((li) => {
    const r = li.querySelector('.mark').getBoundingClientRect();
    const y = (r.top + r.bottom) / 2;
    return { id: li.querySelector('button').dataset.id ?? null, lane: lanes.find((l) => y >= l.top && y <= l.bottom)?.key ?? null };
  });
  return { lanes, events };
`);

test('timeline lanes="country": one lane per first country of each event, a general lane for the rest', async () => {
  const html = fixture(
    'lanes',
    `
    <pfp-timeline id="by-kind" from="1994" to="1995" lanes="kind"></pfp-timeline>
    <pfp-timeline id="by-country" from="1994" to="1995" lanes="country"></pfp-timeline>`,
  );
  await withPage('/lanes.html', { html }, async ({ page, log }) => {
    await settle(page, 'pfp-timeline');
    const events = await page.evaluate(() =>
      PfpAlmanac.load().then((a) =>
        a.timeline({ from: '1994', to: '1995' }).map((e) => ({
          id: e.id,
          kind: e.kind,
          country: e.entities.find((x) => x.startsWith('country/')) ?? '',
        })),
      ),
    );
    const kind = await page.evaluate(laneLayout, '#by-kind');
    assert.deepEqual(
      new Set(kind.lanes.map((l) => l.key)),
      new Set(events.map((e) => e.kind)),
      'lanes="kind": one lane per kind',
    );
    const country = await page.evaluate(laneLayout, '#by-country');
    const countries = [...new Set(events.map((e) => e.country).filter(Boolean))];
    assert.deepEqual(
      country.lanes.map((l) => l.key),
      [...countries, ''],
      'one lane per country in order of its first event, then the general lane',
    );
    assert.ok(
      country.lanes.some((l) => l.label === 'Malta') &&
        country.lanes.some((l) => l.label === 'Romania'),
      `lane labels: ${country.lanes.map((l) => l.label)}`,
    );
    assert.equal(country.lanes.at(-1).label, 'General');
    // Each event shown on its own sits in its country's lane; the rest are in clusters, each inside a lane.
    const alone = country.events.filter((x) => x.id);
    assert.ok(alone.length >= 10, `only ${alone.length} events shown on their own`);
    for (const shown of alone) {
      const e = events.find((x) => x.id === shown.id);
      assert.equal(
        shown.lane,
        e.country,
        `${e.id} sits in lane "${shown.lane}", not in "${e.country || 'General'}"`,
      );
    }
    assert.ok(
      country.events.every((x) => x.lane !== null),
      'a cluster outside every lane',
    );
    // Switching back re-lays the same element out by kind.
    await page.evaluate(() => document.querySelector('#by-country').setAttribute('lanes', 'kind'));
    await waitInPage(
      page,
      `return [...shadowOf('#by-country').querySelectorAll('.lane')].every((l) => !l.dataset.lane.startsWith('country/'));`,
    );
    await page.locator('#by-kind').screenshot({ path: join(SHOTS, 'pfp-timeline-lanes-kind.png') });
    await page.evaluate(() =>
      document.querySelector('#by-country').setAttribute('lanes', 'country'),
    );
    await waitInPage(
      page,
      `return [...shadowOf('#by-country').querySelectorAll('.lane')].some((l) => l.dataset.lane.startsWith('country/'));`,
    );
    await page
      .locator('#by-country')
      .screenshot({ path: join(SHOTS, 'pfp-timeline-lanes-country.png') });
    await axe(page, 'timelines with lanes by kind and by country');
    assertCleanLog(log);
  });
});

test('lang="fr" and lang="ru": entity names, kinds, relations, offices and timeline lanes in that language', async () => {
  const html = fixture(
    'translations',
    `
    <pfp-entity id="fr" name="French Republic" lang="fr"></pfp-entity>
    <pfp-entity id="ru" name="French Republic" lang="ru"></pfp-entity>
    <pfp-entity id="malta-fr" name="Malta" lang="fr"></pfp-entity>
    <pfp-timeline id="tl-fr" from="1993" to="2010" lanes="kind" lang="fr"></pfp-timeline>
    <pfp-timeline id="tl-ru" from="2002" to="2002" lanes="country" lang="ru"></pfp-timeline>`,
  );
  await withPage('/translations.html', { html }, async ({ page, log }) => {
    await settle(page, 'pfp-entity');
    await settle(page, 'pfp-timeline');
    // The corpus gives France's names in the Rome Declaration: "the French Republic la République française Французская Республика".
    const fr = await page.evaluate(cardParts, '#fr');
    assert.match(
      fr.heading,
      /^République française/,
      `the French card is not headed by the French name: ${fr.heading}`,
    );
    assert.equal(fr.kind, 'Pays');
    assert.ok(
      fr.relations.some((r) => /^membre de /.test(r)),
      `relations not in French: ${fr.relations}`,
    );
    assert.ok(
      fr.headings.includes('Dates clés') && fr.headings.includes('Chronologie'),
      `${fr.headings}`,
    );
    const ru = await page.evaluate(cardParts, '#ru');
    assert.match(
      ru.heading,
      /^Французская Республика/,
      `the Russian card is not headed by the Russian name: ${ru.heading}`,
    );
    assert.equal(ru.kind, 'Страна');
    assert.ok(
      ru.relations.some((r) => /^член:/.test(r)),
      `relations not in Russian: ${ru.relations}`,
    );
    assert.equal(
      ru.keys[0]?.text.split(' · ')[0],
      'Подписание',
      `key date kind not in Russian: ${JSON.stringify(ru.keys)}`,
    );
    const malta = await page.evaluate(cardParts, '#malta-fr');
    assert.match(
      malta.keys.find((k) => k.kind === 'signature')?.signatory ?? '',
      /^Signé par Guido de Marco, vice-Premier ministre et ministre des Affaires étrangères \(DPM\/FM\)/,
    );
    assert.ok(
      malta.keys.some((k) => k.text.startsWith('Retrait')) &&
        malta.keys.some((k) => k.text.startsWith('Réactivation')),
      JSON.stringify(malta.keys),
    );

    const lanes = await page.evaluate(laneLayout, '#tl-fr');
    const labels = lanes.lanes.map((l) => l.label);
    for (const word of ['Sommet', 'Retrait', 'Adhésion', 'Réunion'])
      assert.ok(labels.includes(word), `no French lane "${word}": ${labels}`);
    for (const word of ['Summit', 'Withdrawal', 'Accession', 'Meeting'])
      assert.ok(!labels.includes(word), `an English lane label in French: ${labels}`);
    const kinds = await page.evaluate(
      inPage(
        `return [...shadowOf('#tl-fr').querySelectorAll('.ev .kind')].map((k) => k.textContent);`,
      ),
    );
    assert.ok(
      kinds.includes('Adhésion') && !kinds.includes('Accession'),
      "the events' kinds are not in French",
    );
    const ruLanes = (await page.evaluate(laneLayout, '#tl-ru')).lanes.map((l) => l.label);
    assert.ok(
      ruLanes.includes('Российская Федерация'),
      `country lanes not named in Russian: ${ruLanes}`,
    );
    assertCleanLog(log);
  });
});

test("CC BY-SA attribution under the search results and on the query page, from the document's own fields", async () => {
  const html = fixture('search attribution', `<pfp-search></pfp-search>`);
  await withPage('/search-credit.html', { html }, async ({ page, log }) => {
    await settle(page, 'pfp-search');
    const docs = await page.evaluate(() => PfpAlmanac.load().then((a) => a.documents()));
    const encyclopedia = docs.find((d) => d.id === 'encyclopedia');
    const credit = inPage(`
      const root = shadowOf('pfp-search');
      const c = root.querySelector('[part~=credit]');
      const docs = [...root.querySelectorAll('[role=option] .opt-label')].map((o) => o.textContent);
      return { shown: Boolean(c) && visible(c) && c.textContent.trim() !== '', text: c ? c.textContent : '', inListbox: Boolean(c?.closest('[role=listbox]')), docs };
    `);
    const input = page.locator('pfp-search input[role=combobox]');
    await input.fill('neutrality Malta');
    await searchOptionsShown(page);
    const open = await page.evaluate(credit);
    assert.ok(
      open.docs.some((d) => d.includes(encyclopedia.short)),
      `expected an encyclopedia hit: ${open.docs}`,
    );
    assert.ok(open.shown, 'encyclopedia snippets are listed without an attribution');
    assert.equal(open.text.trim(), encyclopedia.attribution);
    assert.ok(!open.inListbox, 'the attribution must not be an option of the listbox');
    // Only the Framework Document (a NATO public document): no line.
    await page.evaluate(
      inPage(
        `const s = shadowOf('pfp-search').querySelector('select'); s.value = 'framework-document'; s.dispatchEvent(new Event('change'));`,
      ),
    );
    await input.fill('democratic control');
    await waitInPage(
      page,
      `const o = shadowOf('pfp-search').querySelectorAll('[role=option]'); return o.length > 0 && [...o].every((x) => x.textContent.includes('Framework Document'));`,
      { timeout: 10_000 },
    );
    assert.equal(
      (await page.evaluate(credit)).shown,
      false,
      'an attribution line for documents that need none',
    );
    assertCleanLog(log);
  });
  await withPage('/query.html', async ({ page, log }) => {
    await page.waitForSelector('#search-results li', { timeout: 30_000 });
    await page.fill('#search-input', 'neutrality Malta');
    await page.click('#search-form button');
    await page.waitForFunction(
      () => document.querySelector('#search-results').textContent.includes('Encyclopedia'),
      null,
      { timeout: 10_000 },
    );
    const attribution = await page.evaluate(() =>
      import('/dist/index.js')
        .then((m) => m.load())
        .then((a) => a.documents().find((d) => d.id === 'encyclopedia').attribution),
    );
    const shown = await page.locator('#search-attribution').textContent();
    assert.equal(
      shown.trim(),
      attribution,
      'the query page lists encyclopedia snippets without its attribution',
    );
    assert.ok(await page.locator('#search-attribution').isVisible());
    assertCleanLog(log);
  });
});

test('search: a result opens its passage in context, between its neighbours, the matched one marked and cited', async () => {
  const html = fixture('search context', `<pfp-search value="democratic control"></pfp-search>`);
  await withPage('/search-context.html', { html }, async ({ page, log }) => {
    await settle(page, 'pfp-search');
    const input = page.locator('pfp-search input[role=combobox]');
    await input.focus();
    await searchOptionsShown(page);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await waitInPage(
      page,
      `const p = shadowOf('pfp-search').querySelector('[part~=passage]'); return p && visible(p);`,
    );
    const shown = await page.evaluate(
      inPage(`
      const root = shadowOf('pfp-search');
      const items = [...root.querySelectorAll('[part~=context] > li')];
      const hit = root.querySelector('[part~=context] > li[aria-current=true]');
      return {
        ids: items.map((li) => li.dataset.passage),
        hit: hit?.dataset.passage ?? null,
        marks: hit ? [...hit.querySelectorAll('mark')].map((m) => m.textContent) : [],
        neighboursMarked: items.filter((li) => li !== hit).some((li) => li.querySelector('mark')),
        texts: items.map((li) => li.querySelector('blockquote')?.textContent ?? ''),
        cite: root.querySelector('[part~=passage] .cite-line')?.textContent ?? '',
        focus: root.activeElement?.localName ?? null,
      };
    `),
    );
    const expected = await page.evaluate(
      (id) =>
        PfpAlmanac.load().then((a) => {
          const p = a.passage(id);
          const order = a.documents().find((d) => d.id === p.document).passages;
          const k = order.indexOf(id);
          return {
            ids: order.slice(Math.max(0, k - 1), k + 2),
            texts: order.slice(Math.max(0, k - 1), k + 2).map((x) => a.passage(x).text),
            label: p.label,
            doc: a.documents().find((d) => d.id === p.document).title,
          };
        }),
      shown.hit,
    );
    assert.ok(shown.hit, 'no passage is marked as the matched one (aria-current)');
    assert.ok(expected.ids.length >= 2, 'the first hit has no neighbour to show');
    assert.deepEqual(
      shown.ids,
      expected.ids,
      'the passages shown are not the hit with the one before and the one after it',
    );
    assert.deepEqual(shown.texts, expected.texts);
    assert.ok(
      shown.marks.some((m) => /democratic|control/i.test(m)),
      `the matched words are not marked: ${shown.marks}`,
    );
    assert.equal(shown.neighboursMarked, false, 'a neighbour is highlighted as if it matched');
    assert.ok(
      shown.cite.includes(expected.label) && shown.cite.includes(expected.doc),
      `citation: ${shown.cite}`,
    );
    assert.equal(shown.focus, 'h3', 'focus did not move to the passage heading');
    await page.locator('pfp-search').screenshot({ path: join(SHOTS, 'pfp-search-context.png') });
    await axe(page, 'a search passage in context');
    assertCleanLog(log);
  });
});

test('annotation as an attribute: <article data-pfp-annotate> is annotated; removing the attribute or the container restores it', async () => {
  const article = `<article id="story" data-pfp-annotate>
      <h2>Malta and its neighbours</h2>
      <p>Malta signed in April 1995. <a href="#x">Finland</a> is a link; <code>Sweden</code> is code.</p>
      <p>Malta again, then Austria and the <em>Partnership for Peace</em>.</p>
    </article>`;
  const html = fixture('annotate attribute', `${article}<div id="later"></div>`);
  await withPage('/attribute.html', { html, goto: false }, async ({ page, log }) => {
    await page.addInitScript(() => {
      window.__annotated = 0;
      document.addEventListener('pfp-annotated', () => {
        window.__annotated += 1;
      });
    });
    await page.goto(`${origin}/attribute.html`);
    // The article as served (the live one may already be annotated).
    const original = await page.evaluate(
      (h) => new DOMParser().parseFromString(h, 'text/html').querySelector('#story').innerHTML,
      html,
    );
    const mentions = (sel) =>
      page.$$eval(`${sel} pfp-mention`, (els) =>
        els.map((e) => `${e.getAttribute('entity')}=${e.textContent}`),
      );
    await page
      .waitForSelector('#story pfp-mention', { state: 'attached', timeout: 30_000 })
      .catch(() => assert.fail('<article data-pfp-annotate> was never annotated'));
    const found = await mentions('#story');
    assert.ok(found.includes('country/malta=Malta'), `mentions: ${found}`);
    assert.equal(
      found.filter((m) => m.startsWith('country/malta')).length,
      1,
      'Malta is wrapped more than once',
    );
    assert.ok(
      !found.some((m) => /finland|sweden/.test(m)),
      `a link or code was annotated: ${found}`,
    );
    assert.equal(
      await page.$eval('#story h2 pfp-mention', () => true).catch(() => false),
      false,
      'a heading was annotated',
    );
    const first = await page.evaluate(
      () =>
        document.querySelector('#story pfp-mention[entity="country/malta"]').closest('p') ===
        document.querySelectorAll('#story p')[0],
    );
    assert.ok(first, 'not the first mention of Malta');
    assert.equal(
      await page.$eval('#story', (el) => el.textContent),
      await page.evaluate((h) => {
        const d = document.createElement('div');
        d.innerHTML = h;
        return d.textContent;
      }, original),
      'annotation changed the text',
    );
    await page.locator('#story pfp-mention[entity="country/malta"]').click();
    await page
      .waitForFunction(
        () => {
          const card = document
            .querySelector('#story pfp-mention[entity="country/malta"]')
            .shadowRoot.querySelector('pfp-entity');
          return (
            card?.getAttribute('state') === 'ready' && /Malta/.test(card.shadowRoot.textContent)
          );
        },
        null,
        { timeout: 10_000 },
      )
      .catch(() => assert.fail('the mention opened no Malta card'));
    await page
      .waitForFunction(() => window.__annotated >= 1, null, { timeout: 10_000 })
      .catch(() => assert.fail('no pfp-annotated event'));

    await page.evaluate(() =>
      document.querySelector('#story').removeAttribute('data-pfp-annotate'),
    );
    await page
      .waitForFunction(() => !document.querySelector('#story pfp-mention'), null, {
        timeout: 5_000,
      })
      .catch(() => assert.fail('removing the attribute left the mentions'));
    assert.equal(
      await page.$eval('#story', (el) => el.innerHTML),
      original.replace(' data-pfp-annotate=""', ''),
      'removing the attribute did not restore the DOM',
    );

    await page.evaluate(() =>
      document.querySelector('#story').setAttribute('data-pfp-annotate', ''),
    );
    await page
      .waitForSelector('#story pfp-mention', { state: 'attached', timeout: 10_000 })
      .catch(() => assert.fail('setting the attribute again did not annotate'));
    const removed = await page.evaluate(() => {
      const el = document.querySelector('#story');
      el.remove();
      return new Promise((resolve) => setTimeout(() => resolve(el.innerHTML), 50));
    });
    assert.equal(removed, original, 'removing the container did not restore its DOM');

    // A container added later is annotated too.
    await page.evaluate(() => {
      const p = document.createElement('p');
      p.setAttribute('data-pfp-annotate', '');
      p.textContent = 'Later, Sweden signed as well.';
      document.querySelector('#later').append(p);
    });
    await page
      .waitForSelector('#later pfp-mention[entity="country/sweden"]', {
        state: 'attached',
        timeout: 10_000,
      })
      .catch(() => assert.fail('a container added later was not annotated'));
    assertCleanLog(log);
  });
});

test('changing src on an element loads that corpus and renders it', async () => {
  const html = fixture(
    'src',
    `<pfp-timeline id="tl" from="2001" to="2002"></pfp-timeline><pfp-entity id="card" name="PJC"></pfp-entity>`,
  );
  await withPage('/src.html', { html }, async ({ page, log }) => {
    await settle(page, '#tl');
    await settle(page, '#card');
    const builtin = await page.evaluate(timelineItems, ['#tl', 0]);
    assert.ok(builtin.length > 3, `built-in 2001-2002: ${builtin.length} events`);
    const card = await page.evaluate(() => document.querySelector('#card').shadowRoot.textContent);
    await page.evaluate(() => {
      for (const el of document.querySelectorAll('#tl, #card'))
        el.setAttribute('src', '/dist/examples/rome-declaration.almanac');
    });
    await waitInPage(page, `return shadowOf('#tl').querySelectorAll('ol > li').length === 3;`, {
      failure: async () =>
        `the timeline did not switch to the Rome corpus: ${(await page.evaluate(timelineItems, ['#tl', 0])).length} events`,
      timeout: 15_000,
    });
    // Both corpora know the PJC; the example corpus describes it from the Rome Declaration alone.
    await waitInPage(
      page,
      `return shadowOf('#card').textContent !== arg && /Permanent Joint Council/.test(shadowOf('#card').textContent) && document.querySelector('#card').getAttribute('state') === 'ready';`,
      { failure: 'the card did not switch to the Rome corpus', timeout: 15_000, arg: card },
    );
    assert.ok(log.requests.some((u) => u.endsWith('/rome-declaration.almanac')));
    assertCleanLog(log);
  });
});

test('axe-core (WCAG 2.2 AA): the demo page, with the timeline detail, search results and a card open', async () => {
  // bypassCSP only so that axe itself can be injected; the widget's CSP behaviour is tested above.
  await withPage('/', { context: { bypassCSP: true } }, async ({ page }) => {
    await allReady(page);
    await axe(page, '/ (at rest)');
    await page.evaluate(
      inPage(`shadowOf('pfp-timeline').querySelector('ol > li[data-i] button').click();`),
    );
    const input = page.locator('pfp-search input[role=combobox]');
    await input.scrollIntoViewIfNeeded();
    await input.fill('democratic control');
    await searchOptionsShown(page);
    await page
      .locator('pfp-annotate pfp-mention[entity="country/malta"]')
      .focus()
      .catch(() => {});
    await page.waitForTimeout(700);
    await axe(page, '/ (timeline detail, search results and Malta card open)');
  });
});

test('axe-core (WCAG 2.2 AA): the strict-CSP page, in dark mode', async () => {
  await withPage(
    '/csp.html',
    { context: { bypassCSP: true, colorScheme: 'dark' } },
    async ({ page }) => {
      await allReady(page);
      await axe(page, '/csp.html (dark)');
    },
  );
});

test('screenshots of each element: light, dark, 320px (tests/artifacts/screenshots/)', async () => {
  const modes = [
    ['light', { colorScheme: 'light' }],
    ['dark', { colorScheme: 'dark' }],
    ['narrow', { colorScheme: 'light', viewport: { width: 320, height: 720 } }],
  ];
  for (const [mode, context] of modes) {
    await withPage('/', { context }, async ({ page }) => {
      await allReady(page);
      for (const tag of ['pfp-timeline', 'pfp-entity', 'pfp-search']) {
        await page
          .locator(tag)
          .first()
          .screenshot({ path: join(SHOTS, `${tag}-${mode}.png`) });
      }
      await page
        .locator('pfp-annotate')
        .screenshot({ path: join(SHOTS, `pfp-annotate-${mode}.png`) });
      // The timeline with an event's detail open, and the search with results.
      await page.evaluate(
        inPage(`shadowOf('pfp-timeline').querySelectorAll('ol > li button')[3].click();`),
      );
      await page.waitForTimeout(200);
      await page
        .locator('pfp-timeline')
        .screenshot({ path: join(SHOTS, `pfp-timeline-detail-${mode}.png`) });
      await page.locator('pfp-search input[role=combobox]').fill('democratic control');
      await searchOptionsShown(page);
      await page.waitForTimeout(200);
      await page
        .locator('pfp-search')
        .screenshot({ path: join(SHOTS, `pfp-search-results-${mode}.png`) });
      await page.screenshot({ path: join(SHOTS, `page-${mode}.png`), fullPage: true });
    });
  }
});

test('measure: transfer size (gzip) and time from page start to the first rendered timeline', async (t) => {
  await withPage('/', async ({ page, log }) => {
    await settle(page, 'pfp-timeline');
    const timing = await page.evaluate(() => {
      const script = performance
        .getEntriesByType('resource')
        .find((e) => /\/pfp-almanac\.js(\?|$)/.test(e.name));
      const wasm = performance
        .getEntriesByType('resource')
        .find((e) => /\.wasm(\?|$)/.test(e.name));
      const ready = window.__pfpTest.states.find(
        (s) => s.tag === 'pfp-timeline' && s.state === 'ready',
      );
      return {
        scriptStart: script?.startTime,
        scriptEnd: script?.responseEnd,
        wasmStart: wasm?.startTime,
        wasmEnd: wasm?.responseEnd,
        ready: ready?.at,
        items: ready?.items,
      };
    });
    const widgetFiles = log.requests
      .filter((u) => u.startsWith(`${origin}/dist/`))
      .map((u) => new URL(u).pathname.replace(/^\/dist\//, ''));
    const sizes = widgetFiles.map((f) => {
      const body = readFileSync(join(repo, 'dist', f));
      return { file: `dist/${f}`, raw: body.length, gzip: gzipSync(body, { level: 9 }).length };
    });
    const total = sizes.reduce((a, s) => ({ raw: a.raw + s.raw, gzip: a.gzip + s.gzip }), {
      raw: 0,
      gzip: 0,
    });
    const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
    const lines = [
      `widget transfer: ${sizes.map((s) => `${s.file} ${kb(s.gzip)} gzip (${kb(s.raw)} raw)`).join(' + ')} = ${kb(total.gzip)} gzip, ${kb(total.raw)} raw`,
      `widget timing (ms since navigation start, localhost, no throttling): script fetched ${timing.scriptStart?.toFixed(0)}-${timing.scriptEnd?.toFixed(0)}, wasm fetched ${timing.wasmStart?.toFixed(0)}-${timing.wasmEnd?.toFixed(0)}, timeline ready with ${timing.items} items at ${timing.ready?.toFixed(0)} (${(timing.ready - timing.scriptEnd).toFixed(0)} ms after the script arrived)`,
    ];
    for (const line of lines) t.diagnostic(line);
    assert.ok(timing.ready > 0 && timing.items > 0);
  });
});
