// Shared set-up of the real-browser tests of the widget (tests/browser/*.test.mjs): the demo server
// (scripts/serve.mjs, with its CSP headers) on a free port, Debian's Chromium through playwright-core,
// and helpers that look inside the widget's open shadow roots the way a user's browser renders them.
// Not a test file itself (node --test only runs *.test.mjs here).
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before } from 'node:test';
import { DEMO_MOUNTS, PAGE_HEADERS, serve } from '../../scripts/serve.mjs';
import { CHROMIUM_LAUNCH } from '../chromium.mjs';

export const repo = resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const WIDGET = join(repo, 'dist', 'pfp-almanac.js');
export const SHOTS = join(repo, 'tests', 'artifacts', 'screenshots');
export const ELEMENTS = ['pfp-timeline', 'pfp-entity', 'pfp-search', 'pfp-annotate'];

let server = null;
let browser = null;
export let origin = '';

/**
 * The server and the browser for the tests of the calling file: started before them (every test
 * fails, loudly, when the widget is not built) and stopped after them.
 */
export function useBrowser() {
  before(start, { timeout: 60_000 });
  after(stop);
}

async function start() {
  if (!existsSync(WIDGET)) {
    throw new Error(
      `${WIDGET} is missing: the widget is not built. Run \`bash scripts/build.sh\` (scripts/build-widget.mjs) first.`,
    );
  }
  mkdirSync(SHOTS, { recursive: true });
  server = await serve({ mounts: DEMO_MOUNTS, port: 0, headers: PAGE_HEADERS });
  origin = `http://127.0.0.1:${server.address().port}`;
  const { chromium } = await import('playwright-core');
  browser = await chromium.launch(CHROMIUM_LAUNCH);
}

async function stop() {
  await browser?.close();
  server?.close();
}

// Runs in every page before its own scripts (CDP injects it, so a page's CSP does not apply): records
// CSP violations, and when each widget element first reaches each state (performance.now()).
function init() {
  const rec = { violations: [], states: [] };
  Object.defineProperty(window, '__pfpTest', { value: rec });
  document.addEventListener('securitypolicyviolation', (e) =>
    rec.violations.push(
      `${e.violatedDirective} blocked ${e.blockedURI || '(inline)'} at ${e.sourceFile}:${e.lineNumber}`,
    ),
  );
  new MutationObserver((records) => {
    for (const r of records) {
      const el = r.target;
      const state = el.getAttribute('state');
      const items = el.shadowRoot ? el.shadowRoot.querySelectorAll('li').length : 0;
      rec.states.push({ tag: el.localName, state, at: performance.now(), items });
    }
  }).observe(document, { subtree: true, attributes: true, attributeFilter: ['state'] });
}

/**
 * Opens `path` in a fresh context and hands { page, context, log } to `fn`, closing the context after.
 * `html` serves that text at `path` instead of a file (a fixture page on the same origin).
 * log: console errors, "Refused ..." console messages, page errors (uncaught exceptions and
 * unhandled rejections), and every requested URL.
 */
export async function withPage(path, options, fn) {
  if (typeof options === 'function') [fn, options] = [options, {}];
  const { html, context: contextOptions = {}, goto = true } = options;
  const context = await browser.newContext({
    viewport: { width: 1280, height: 900 },
    ...contextOptions,
  });
  const log = { consoleErrors: [], refused: [], pageErrors: [], requests: [] };
  try {
    const page = await context.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error') log.consoleErrors.push(m.text());
      if (/Refused to/i.test(m.text())) log.refused.push(m.text());
    });
    page.on('pageerror', (e) => log.pageErrors.push(String(e.stack ?? e.message ?? e)));
    page.on('request', (r) => log.requests.push(r.url()));
    await page.addInitScript(init);
    if (html !== undefined) {
      await page.route(`${origin}${path.split('#')[0]}`, (route) =>
        route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }),
      );
    }
    if (goto) await page.goto(`${origin}${path}`);
    return await fn({ page, context, log });
  } finally {
    await context.close();
  }
}

/**
 * Text of a node including the open shadow roots inside it (a card inside a popover, say), spaces
 * collapsed. Runs in the page: the tests put its source into their in-page helpers.
 */
export function deepText(node) {
  let s = '';
  const walk = (n) => {
    if (n.nodeType === 3) s += n.data;
    if (n.shadowRoot) for (const c of n.shadowRoot.childNodes) walk(c);
    for (const c of n.childNodes) walk(c);
  };
  walk(node);
  return s.replace(/\s+/g, ' ').trim();
}

/** The wasm requests a page made (from withPage's log): the widget must fetch it once, and only when needed. */
export const wasmRequests = (log) => log.requests.filter((url) => /\.wasm(\?|$)/.test(url));

/** A fixture page on the demo's origin that loads the widget and the article stylesheet. */
export function fixture(title, body, { lang = 'en' } = {}) {
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<link rel="icon" href="/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/article.css">
<script src="/dist/pfp-almanac.js" defer></script>
</head>
<body><main class="story">${body}</main></body>
</html>`;
}

/**
 * Scrolls every element matching `selector` into view (the widget loads its data when an element
 * nears the viewport) and waits until each settles (state ready or error). Asserts `want`, printing
 * what the element shows when it is not.
 */
export async function settle(page, selector, want = 'ready', timeout = 30_000) {
  const count = await page.locator(selector).count();
  assert.ok(count > 0, `no ${selector} on the page`);
  for (let i = 0; i < count; i += 1) {
    await page.evaluate(
      ([sel, n]) => document.querySelectorAll(sel)[n].scrollIntoView({ block: 'center' }),
      [selector, i],
    );
    let state;
    try {
      state = await (
        await page.waitForFunction(
          ([sel, n]) => {
            const s = document.querySelectorAll(sel)[n].getAttribute('state');
            return s === 'ready' || s === 'error' ? s : false;
          },
          [selector, i],
          { timeout },
        )
      ).jsonValue();
    } catch {
      state = await page.evaluate(
        ([sel, n]) => document.querySelectorAll(sel)[n].getAttribute('state'),
        [selector, i],
      );
    }
    if (state !== want) {
      const shown = await page.evaluate(
        ([sel, n]) =>
          document.querySelectorAll(sel)[n].shadowRoot?.textContent ?? '(no shadow root)',
        [selector, i],
      );
      assert.fail(
        `${selector} #${i}: state="${state}", expected "${want}"; it shows: ${shown.replace(/\s+/g, ' ').slice(0, 400)}`,
      );
    }
  }
}

/** Where keyboard focus really is: the innermost active element through open shadow roots. */
export function deepActive(page) {
  return page.evaluate(() => {
    let a = document.activeElement;
    const hosts = [];
    while (a?.shadowRoot?.activeElement) {
      hosts.push(a.localName);
      a = a.shadowRoot.activeElement;
    }
    if (a?.shadowRoot && !a.shadowRoot.activeElement) hosts.push(a.localName);
    return {
      hosts,
      tag: a?.localName ?? null,
      role: a?.getAttribute?.('role') ?? null,
      text: (a?.textContent ?? '').trim().slice(0, 120),
    };
  });
}

/** Presses Tab until `predicate(page)` holds, at most `max` times; returns how many presses it took. */
export async function tabUntil(page, predicate, what, max = 300) {
  for (let i = 1; i <= max; i += 1) {
    await page.keyboard.press('Tab');
    if (await predicate()) return i;
  }
  assert.fail(
    `${max} presses of Tab never reached ${what}; focus is on ${JSON.stringify(await deepActive(page))}`,
  );
}

/** Fails with the list when a log has entries. */
export function assertNone(list, what) {
  assert.deepEqual(list, [], `${what}:\n  ${list.join('\n  ')}`);
}

/** No console error, no uncaught error, no request to another origin. */
export function assertCleanLog(log) {
  assertNone(log.pageErrors, 'uncaught errors or unhandled rejections');
  assertNone(log.consoleErrors, 'console errors');
  const foreign = log.requests.filter((u) => /^https?:/.test(u) && new URL(u).origin !== origin);
  assertNone(foreign, `requests that left the page's origin (${origin})`);
}

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21aa', 'wcag22aa'];

/** axe-core's WCAG 2.2 AA rules over the page: fails with each violation and where (pages need bypassCSP). */
export async function axe(page, label) {
  await page.addScriptTag({ path: AXE });
  const result = await page.evaluate(
    (tags) =>
      window.axe.run(document, {
        runOnly: { type: 'tag', values: tags },
        resultTypes: ['violations'],
      }),
    AXE_TAGS,
  );
  const lines = result.violations.flatMap((v) => [
    `${v.id} (${v.impact}): ${v.help} ${v.helpUrl}`,
    ...v.nodes
      .slice(0, 5)
      .map((n) => `    ${JSON.stringify(n.target)} ${n.failureSummary.replace(/\s+/g, ' ')}`),
  ]);
  assertNone(lines, `axe-core violations on ${label}`);
}

// In-page helpers, passed to page.evaluate as source (they run in the page, not in Node).
const SHADOW = `
  const shadowOf = (sel, n = 0) => {
    const host = document.querySelectorAll(sel)[n];
    if (!host) throw new Error('no ' + sel + ' on the page');
    if (!host.shadowRoot) throw new Error(sel + ' has no open shadow root');
    return host.shadowRoot;
  };
  const visible = (el) => el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true });
  const deepText = ${deepText};
  // Every element in every open shadow root at or under root.
  const allDeep = (root) => {
    const out = [];
    const walk = (r) => {
      for (const el of r.querySelectorAll('*')) {
        out.push(el);
        if (el.shadowRoot) walk(el.shadowRoot);
      }
    };
    if (root.shadowRoot) walk(root.shadowRoot);
    walk(root);
    return out;
  };
`;
/** A function for page.evaluate: `body` with the helpers above in scope and the argument as `arg`. */
export const inPage = (body) => new Function('arg', `${SHADOW}\n${body}`);
