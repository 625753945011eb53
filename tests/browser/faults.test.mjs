// Faults: the wasm or a `src` corpus fails to arrive or arrives broken (HTTP 404, a server that
// never answers, a truncated file, a corrupted byte, a bundle of another format version). Each
// element must show a readable error with a Retry button, leave the host page's own content as it
// was, raise no uncaught error or unhandled rejection, and render normally once Retry is pressed
// with the file back. Broken files are served with playwright's page.route over the real ones.
//   node --test --test-concurrency=1 tests/browser/faults.test.mjs   (after bash scripts/build.sh)
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixture, origin, repo, settle, useBrowser, withPage } from './harness.mjs';
import { test } from '../chromium.mjs';

useBrowser();

const WASM = readFileSync(join(repo, 'dist', 'pfp_almanac_bg.wasm'));
const ROME = readFileSync(join(repo, 'dist', 'examples', 'rome-declaration.almanac'));
// The widget gives up on a load after PfpAlmanac.timeout ms (30 s by default); short here.
const TIMEOUT_MS = 1500;

/** A copy of `bytes` with the byte at `at` changed. */
function flip(bytes, at, value) {
  const copy = Buffer.from(bytes);
  copy[at] = value ?? copy[at] ^ 0x5a;
  return copy;
}

// Where the built-in corpus bundle sits inside the wasm (its data segment): corrupting a byte of
// its payload must be caught by the bundle's checksum, bumping its version by the version check.
const EMBEDDED = WASM.indexOf(Buffer.from('PFPALMNC'));
assert.ok(EMBEDDED > 0, 'the wasm holds no PFPALMNC bundle');
// The bundle header: magic (8 bytes), format version (u16 LE), CRC-32, payload length (src/bundle/mod.rs).
const VERSION = ROME.readUInt16LE(8);
const HEADER = 18;
const versionMessage = new RegExp(
  `format version ${VERSION + 1}, but this almanac reads version ${VERSION}`,
);

// Each fault: a name and how to answer the request (a route handler). `hang` never answers.
const faults = (good) => [
  [
    'HTTP 404',
    (route) => route.fulfill({ status: 404, contentType: 'text/plain', body: 'not found' }),
  ],
  ['HTTP 500', (route) => route.fulfill({ status: 500, contentType: 'text/plain', body: 'oops' })],
  ['a server that never answers', () => {}],
  [
    'a truncated file (first half)',
    (route, type) =>
      route.fulfill({
        status: 200,
        contentType: type,
        body: good.bytes.subarray(0, good.bytes.length >> 1),
      }),
  ],
  [
    'an empty file',
    (route, type) => route.fulfill({ status: 200, contentType: type, body: Buffer.alloc(0) }),
  ],
  [
    'an HTML error page with status 200',
    (route) =>
      route.fulfill({
        status: 200,
        contentType: 'text/html',
        body: '<!doctype html><title>Login</title><p>Please sign in',
      }),
  ],
  ...good.corruptions.map(([name, bytes]) => [
    name,
    (route, type) => route.fulfill({ status: 200, contentType: type, body: bytes }),
  ]),
];

const wasmCase = {
  path: '/dist/pfp_almanac_bg.wasm',
  type: 'application/wasm',
  bytes: WASM,
  corruptions: [
    ['a corrupted byte in the wasm header', flip(WASM, 1)],
    ['a corrupted byte in the embedded corpus (checksum)', flip(WASM, EMBEDDED + HEADER + 5000)],
    [
      'the embedded corpus at another format version',
      flip(WASM, EMBEDDED + 8, WASM[EMBEDDED + 8] + 1),
    ],
  ],
  expect: [
    [/404/, /HTTP 404/],
    [/500/, /HTTP 500/],
    [/never answers/, /timed out after 1.5 s/],
    [/truncated/, /could not load the wasm|WebAssembly|compile/i],
    [/empty/, /could not load the wasm|WebAssembly|compile/i],
    [/HTML/, /could not load the wasm|WebAssembly|compile|magic/i],
    [/wasm header/, /could not load the wasm|WebAssembly|magic/i],
    [/checksum/, /corrupted \(checksum mismatch\)/, 'fresh copy'],
    [/format version/, versionMessage, 'fresh copy'],
  ],
};
// 'fresh copy': the wasm itself instantiated (only its embedded corpus is bad), and wasm-bindgen
// keeps one instance per page: Retry downloads the wasm file again, past the HTTP cache, and the
// running code opens the corpus of that copy.

const corpusCase = {
  path: '/x.almanac',
  type: 'application/octet-stream',
  bytes: ROME,
  corruptions: [
    ['a corrupted byte in the payload', flip(ROME, HEADER + 100)],
    ['a corrupted byte in the magic', flip(ROME, 0)],
    ['another format version (byte 8 bumped)', flip(ROME, 8, ROME[8] + 1)],
  ],
  expect: [
    [/404/, /could not load the corpus from .*\/x\.almanac: HTTP 404/],
    [/500/, /HTTP 500/],
    [/never answers/, /timed out after 1.5 s/],
    [
      /truncated/,
      new RegExp(
        `the bundle is truncated: ${(ROME.length >> 1) - HEADER} bytes of payload, ${ROME.length - HEADER} expected`,
      ),
    ],
    [/empty/, /not an almanac bundle/],
    [/HTML/, /not an almanac bundle/],
    [/payload/, /the bundle is corrupted \(checksum mismatch\)/],
    [/magic/, /not an almanac bundle/],
    [/format version/, new RegExp(`the bundle has ${versionMessage.source}: rebuild the corpus`)],
  ],
};

const HOST = `<h1 id="headline">Host headline</h1>
<p id="host-text">The host's own paragraph, with <a href="#x">a link</a>.</p>`;

function page(src) {
  const s = src ? ` src="${src}"` : '';
  return fixture(
    'faults',
    `<script>window.PfpAlmanac = { timeout: ${TIMEOUT_MS} };</script>
${HOST}
<pfp-timeline id="t"${s}><p id="fallback">Fallback list of dates</p></pfp-timeline>
<pfp-entity id="e"${s} name="${src ? 'Rome' : 'Malta'}"></pfp-entity>
<p id="after">After the widgets.</p>`,
  );
}

/** What the host page looks like outside the widget's shadow roots (its own content, untouched?). */
const hostSnapshot = (page) =>
  page.evaluate(() => ({
    html: document.querySelector('main').innerHTML.replace(/ state="[a-z]+"/g, ''),
    title: document.title,
    bodyAttrs: [...document.body.attributes].map((a) => `${a.name}=${a.value}`),
  }));

async function runCase(kase, label) {
  const report = [];
  for (const [name, handler] of faults(kase)) {
    const want = kase.expect.find(([re]) => re.test(name));
    assert.ok(want, `no expectation for ${name}`);
    await withPage(
      '/faults.html',
      { html: page(kase === corpusCase ? kase.path : null), goto: false },
      async ({ page: p, log }) => {
        await p.addInitScript(() => {
          window.__rejections = [];
          addEventListener('unhandledrejection', (e) =>
            window.__rejections.push(String(e.reason?.message ?? e.reason)),
          );
        });
        const url = `${origin}${kase.path}`;
        const broken = (route) => handler(route, kase.type);
        await p.route(url, broken);
        await p.goto(`${origin}/faults.html`);
        const before = await hostSnapshot(p);
        await settle(p, 'pfp-timeline', 'error', 20_000);
        await settle(p, 'pfp-entity', 'error', 20_000);
        const shown = await p.evaluate(() =>
          ['#t', '#e'].map((sel) => {
            const root = document.querySelector(sel).shadowRoot;
            const alert = root.querySelector('[role="alert"]');
            const retry = root.querySelector('button[part~="retry"]');
            return {
              text: alert?.textContent ?? '',
              retry: retry ? retry.textContent : null,
              visible: alert ? alert.checkVisibility() : false,
            };
          }),
        );
        for (const s of shown) {
          assert.ok(s.visible, `${label}, ${name}: the error is not visible`);
          assert.ok(s.retry, `${label}, ${name}: no Retry button; shows ${s.text}`);
          assert.match(s.text, want[1], `${label}, ${name}: the error does not say what happened`);
        }
        // The fallback (author's content) stays in the light DOM, shown, and the host is untouched.
        assert.deepEqual(await hostSnapshot(p), before, `${label}, ${name}: the host page changed`);
        assert.equal(
          await p.evaluate(() => document.getElementById('fallback').checkVisibility()),
          true,
          `${label}, ${name}: fallback hidden`,
        );
        // Retry while the server still sends the damaged wasm: the fresh copy is damaged too, said so.
        if (want[2] === 'fresh copy') {
          await p.evaluate(() =>
            document.querySelector('#t').shadowRoot.querySelector('button[part~="retry"]').click(),
          );
          await settle(p, 'pfp-timeline', 'error', 20_000);
          const again = await p.evaluate(
            () =>
              document.querySelector('#t').shadowRoot.querySelector('[role="alert"]')
                ?.textContent ?? '',
          );
          assert.match(
            again,
            /is damaged again/,
            `${label}, ${name}: Retry with the wasm still damaged shows ${again}`,
          );
        }
        // The file comes back: Retry renders.
        await p.unroute(url);
        const requests = () => log.requests.filter((u) => u === url).length;
        const fetchedBefore = requests();
        if (kase === corpusCase)
          await p.route(url, (route) =>
            route.fulfill({ status: 200, contentType: kase.type, body: ROME }),
          );
        await p.evaluate(() =>
          document.querySelector('#t').shadowRoot.querySelector('button[part~="retry"]').click(),
        );
        await settle(p, 'pfp-timeline', 'ready', 20_000);
        // The second element retries on its own button (the first one's success is shared, not forced on it).
        await p.evaluate(() =>
          document.querySelector('#e').shadowRoot.querySelector('button[part~="retry"]')?.click(),
        );
        await settle(p, 'pfp-entity', 'ready', 20_000);
        const items = await p.evaluate(
          () => document.querySelector('#t').shadowRoot.querySelectorAll('ol > li').length,
        );
        assert.ok(items > 0, `${label}, ${name}: no events after Retry`);
        if (want[2] === 'fresh copy') {
          assert.match(
            shown[0].text,
            /arrived damaged; trying again downloads it afresh/,
            `${label}, ${name}: the error does not say that Retry downloads the wasm again`,
          );
          assert.equal(
            requests() - fetchedBefore,
            1,
            `${label}, ${name}: Retry did not download the wasm again (once)`,
          );
        }
        assert.deepEqual(
          await hostSnapshot(p),
          before,
          `${label}, ${name}: the host page changed after Retry`,
        );
        assert.deepEqual(log.pageErrors, [], `${label}, ${name}: uncaught errors`);
        assert.deepEqual(
          await p.evaluate(() => window.__rejections),
          [],
          `${label}, ${name}: unhandled rejections`,
        );
        report.push(
          `${label}: ${name} -> ${shown[0].text.replace(/\s+/g, ' ').slice(0, 160)}${want[2] ? ` (Retry: a ${want[2]} of the wasm)` : ''}`,
        );
      },
    );
  }
  console.log(report.join('\n'));
}

test('the wasm fails to load or is broken: error with Retry, host untouched, Retry works once it is back', () =>
  runCase(wasmCase, 'wasm'));

test('a src corpus fails to load or is broken: error with Retry, host untouched, Retry works once it is back', () =>
  runCase(corpusCase, 'corpus'));

test('keyboard: the Retry button is reachable and works with Enter', async () => {
  await withPage('/faults.html', { html: page('/x.almanac'), goto: false }, async ({ page: p }) => {
    const url = `${origin}/x.almanac`;
    await p.route(url, (route) => route.fulfill({ status: 404, body: '' }));
    await p.goto(`${origin}/faults.html`);
    await settle(p, 'pfp-timeline', 'error', 20_000);
    await p.unroute(url);
    await p.route(url, (route) =>
      route.fulfill({ status: 200, contentType: 'application/octet-stream', body: ROME }),
    );
    await p.evaluate(() =>
      document.querySelector('#t').shadowRoot.querySelector('button[part~="retry"]').focus(),
    );
    // Reaching the button starts nothing (no load behind the reader's back); Enter does.
    await p.waitForTimeout(300);
    assert.equal(
      await p.evaluate(() => document.querySelector('#t').getAttribute('state')),
      'error',
      'focusing Retry started a load',
    );
    await p.keyboard.press('Enter');
    await settle(p, 'pfp-timeline', 'ready', 20_000);
  });
});

// <pfp-annotate> draws no frame of its own while it loads (the article shows as written); when
// loading fails it draws one, above the article, with the error and Retry; Retry annotates.
test('<pfp-annotate>: the wasm fails: the article stays as written, the error and Retry above it, Retry annotates', async () => {
  const body = `<script>window.PfpAlmanac = { timeout: ${TIMEOUT_MS} };</script>
${HOST}
<pfp-annotate id="a"><p id="article">Malta signed the Partnership for Peace Framework Document in 1995.</p></pfp-annotate>`;
  await withPage(
    '/faults-annotate.html',
    { html: fixture('faults: annotate', body), goto: false },
    async ({ page: p, log }) => {
      const url = `${origin}${wasmCase.path}`;
      // The 404 is held back until the annotator has been seen loading without a frame.
      let answer;
      const held = new Promise((resolve) => (answer = resolve));
      await p.route(url, async (route) => {
        await held;
        await route.fulfill({ status: 404, contentType: 'text/plain', body: 'not found' });
      });
      const requested = p.waitForRequest(url);
      await p.goto(`${origin}/faults-annotate.html`);
      await requested;
      const loading = await p.evaluate(() => ({
        state: document.querySelector('#a').getAttribute('state'),
        frame: document.querySelector('#a').shadowRoot !== null,
      }));
      assert.deepEqual(
        loading,
        { state: 'loading', frame: false },
        'the annotator drew a frame while it loads',
      );
      answer();
      await settle(p, '#a', 'error', 20_000);
      const shown = await p.evaluate(() => {
        const a = document.querySelector('#a');
        const alert = a.shadowRoot?.querySelector('[role="alert"]');
        return {
          text: alert?.textContent ?? '',
          visible: alert ? alert.checkVisibility() : false,
          retry: Boolean(a.shadowRoot?.querySelector('button[part~="retry"]')),
          article: document.querySelector('#article').checkVisibility(),
          above: alert
            ? alert.getBoundingClientRect().bottom <=
              document.querySelector('#article').getBoundingClientRect().top
            : false,
          html: a.innerHTML,
        };
      });
      assert.ok(shown.visible, `the error is not visible: ${shown.text}`);
      assert.ok(shown.retry, 'no Retry button');
      assert.match(shown.text, /HTTP 404/);
      assert.ok(shown.article, 'the article is hidden');
      assert.ok(shown.above, 'the error is not above the article');
      assert.equal(
        shown.html,
        '<p id="article">Malta signed the Partnership for Peace Framework Document in 1995.</p>',
        'the article changed',
      );
      await p.unroute(url);
      await p.evaluate(() =>
        document.querySelector('#a').shadowRoot.querySelector('button[part~="retry"]').click(),
      );
      await settle(p, '#a', 'ready', 20_000);
      const after = await p.evaluate(() => ({
        mentions: [...document.querySelectorAll('#a pfp-mention')].map((m) =>
          m.getAttribute('entity'),
        ),
        text: document.querySelector('#article').textContent,
        alert: Boolean(document.querySelector('#a').shadowRoot.querySelector('[role="alert"]')),
      }));
      assert.ok(
        after.mentions.includes('country/malta'),
        `no mention of Malta after Retry: ${after.mentions}`,
      );
      assert.equal(
        after.text,
        'Malta signed the Partnership for Peace Framework Document in 1995.',
      );
      assert.equal(after.alert, false, 'the error stayed after Retry');
      assert.deepEqual(log.pageErrors, []);
    },
  );
});

// A `src` that is no URL at all: that element's error says so (with Retry, which fails the same
// way), and nothing else on the page is held back by it: the script reads every `src` as it starts
// (autoload.js asks early for a corpus of the page's own), before the elements are defined.
test('a src that is no URL: that element says so, with Retry; the other elements, and later ones, work', async () => {
  const body = `${HOST}
<pfp-timeline id="bad" src="http://["></pfp-timeline>
<pfp-entity id="good" name="Malta"></pfp-entity>`;
  await withPage(
    '/faults-not-a-url.html',
    { html: fixture('faults: not a URL', body) },
    async ({ page: p, log }) => {
      await settle(p, '#bad', 'error');
      const bad = await p.evaluate(() => {
        const root = document.querySelector('#bad').shadowRoot;
        return {
          text: root.textContent,
          retry: Boolean(root.querySelector('button[part~="retry"]')),
        };
      });
      assert.match(bad.text, /could not load the corpus from http:\/\/\[: it is not a URL/);
      assert.ok(bad.retry, 'the error offers Retry');
      await settle(p, '#good');
      await p.evaluate(() =>
        document.body.append(
          Object.assign(document.createElement('pfp-entity'), { id: 'later', name: 'Austria' }),
        ),
      );
      await settle(p, '#later');
      assert.deepEqual(log.pageErrors, [], 'no uncaught error on the page');
    },
  );
});

// One failed attempt is every waiting element's: the card's first view waits for its projection
// (held here), so it asks for the wasm only after the timeline's attempt has failed. It shows that
// failure (a damaged built-in corpus: Retry downloads the wasm afresh) rather than starting a
// second attempt of its own, which would download the wasm again and say "damaged again".
test('an attempt that fails while other elements are loading is theirs too: one download, one message', async () => {
  await withPage('/faults.html', { html: page(null), goto: false }, async ({ page: p, log }) => {
    const wasmUrl = `${origin}${wasmCase.path}`;
    const damaged = flip(WASM, EMBEDDED + HEADER + 5000);
    await p.route(wasmUrl, (route) =>
      route.fulfill({ status: 200, contentType: wasmCase.type, body: damaged }),
    );
    let releaseCards;
    const cardsHeld = new Promise((r) => {
      releaseCards = r;
    });
    await p.route('**/projection-cards-*.js', async (route) => {
      await cardsHeld;
      await route.continue();
    });
    await p.goto(`${origin}/faults.html`);
    await settle(p, '#t', 'error', 20_000);
    releaseCards();
    await settle(p, '#e', 'error', 20_000);
    const alerts = await p.evaluate(() =>
      ['#t', '#e'].map(
        (sel) =>
          document.querySelector(sel).shadowRoot.querySelector('[role="alert"]')?.textContent ?? '',
      ),
    );
    for (const text of alerts) assert.match(text, /corrupted \(checksum mismatch\)/);
    assert.equal(
      log.requests.filter((u) => u === wasmUrl).length,
      1,
      'the wasm is downloaded once: the card did not start an attempt of its own',
    );
  });
});

// The same for the script's early request (autoload.js, for a corpus of the page's own): when it
// fails before the timeline's module has even run (held here), the element shows that failure
// rather than fetching the corpus a second time; its Retry fetches it again.
test('an early request that fails before the element starts is its failure: the corpus fetched once, then again on Retry', async () => {
  await withPage(
    '/faults.html',
    { html: page(corpusCase.path), goto: false },
    async ({ page: p, log }) => {
      const url = `${origin}${corpusCase.path}`;
      let failed;
      const corpusFailed = new Promise((r) => {
        failed = r;
      });
      await p.route(url, async (route) => {
        await route.fulfill({ status: 404, body: '' });
        failed();
      });
      await p.route(/\/timeline-(?!story)\w+\.js$/, async (route) => {
        await corpusFailed;
        await route.continue();
      });
      await p.goto(`${origin}/faults.html`);
      await settle(p, '#t', 'error', 20_000);
      const text = await p.evaluate(
        () => document.querySelector('#t').shadowRoot.querySelector('[role="alert"]').textContent,
      );
      assert.match(text, /HTTP 404/);
      const fetches = () => log.requests.filter((u) => u === url).length;
      assert.equal(fetches(), 1, 'the corpus is fetched once: the element did not start again');
      await p.evaluate(() =>
        document.querySelector('#t').shadowRoot.querySelector('button[part~="retry"]').click(),
      );
      await settle(p, '#t', 'error', 20_000);
      assert.equal(fetches(), 2, 'Retry fetches the corpus again');
    },
  );
});
