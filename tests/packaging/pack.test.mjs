// Packaging tests: what a user installs. Packs the repo root (npm pack), installs the tarball into
// a scratch project and uses it from Node, from a Vite build, in Chromium (the Vite output), and
// from TypeScript. Run by scripts/test.sh after scripts/build.sh; needs the npm registry (vite) and
// /usr/bin/chromium. Set PFP_KEEP_SCRATCH=1 to keep the scratch folder for a post-mortem.
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from '../../scripts/serve.mjs';
import { CHROMIUM_LAUNCH, test } from '../chromium.mjs';

const repo = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const rootPackage = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8'));
const scratch = mkdtempSync(join(tmpdir(), 'pfp-almanac-pack-'));
const app = join(scratch, 'app');

let tarball;
let packedFiles;

function run(cmd, args, cwd, extra = {}) {
  try {
    return execFileSync(cmd, args, {
      cwd,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      ...extra,
    });
  } catch (error) {
    throw new Error(
      `${cmd} ${args.join(' ')} (in ${cwd}) failed:\n${error.stdout ?? ''}${error.stderr ?? ''}`,
    );
  }
}

/** Debian's Chromium, with the flags a root user on this machine needs; closed by `fn`'s end. */
async function withChromium(fn) {
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch(CHROMIUM_LAUNCH);
  try {
    return await fn(browser);
  } finally {
    await browser.close();
  }
}

/**
 * Serves `mounts` on a free port and opens a page in Chromium for `fn({ page, origin, problems })`:
 * `problems` holds the page's uncaught errors. The server and browser are closed after.
 */
async function withServedPage(mounts, fn) {
  const server = await serve({ mounts, port: 0 });
  try {
    return await withChromium(async (browser) => {
      const page = await browser.newPage();
      const problems = [];
      page.on('pageerror', (e) => problems.push(e.message));
      return await fn({ page, origin: `http://127.0.0.1:${server.address().port}`, problems });
    });
  } finally {
    server.close();
  }
}

/**
 * Type-checks `files` of the scratch project against the installed package with the repo's tsc,
 * strict, and with skipLibCheck off so that errors in the package's own .d.ts files count too.
 */
function typecheck(config, files) {
  const compilerOptions = {
    strict: true,
    noEmit: true,
    target: 'es2022',
    module: 'nodenext',
    moduleResolution: 'nodenext',
    lib: ['es2022', 'dom'],
    skipLibCheck: false,
    types: [],
  };
  writeFileSync(join(scratch, config), JSON.stringify({ compilerOptions, files }, null, 2));
  run(join(repo, 'node_modules', '.bin', 'tsc'), ['-p', config], scratch);
}

/** Waits until the first `selector` on the page is ready and returns the text of its shadow root. */
async function renderedText(page, selector) {
  await page.waitForFunction(
    (sel) => ['ready', 'error'].includes(document.querySelector(sel)?.getAttribute('state')),
    selector,
    { timeout: 30_000 },
  );
  return page.evaluate(
    (sel) =>
      `${document.querySelector(sel).getAttribute('state')}: ${document.querySelector(sel).shadowRoot.textContent}`,
    selector,
  );
}

before(
  () => {
    // dist/ was just built by scripts/build.sh: skip prepack's rebuild. Without dist/, let it build.
    const haveDist = existsSync(join(repo, 'dist', 'index.js'));
    const out = run(
      'npm',
      ['pack', '--json', '--pack-destination', scratch, ...(haveDist ? ['--ignore-scripts'] : [])],
      repo,
    );
    const [info] = JSON.parse(out.slice(out.indexOf('[')));
    tarball = join(scratch, info.filename);
    packedFiles = info.files.map((f) => f.path);

    // One scratch project for every consumer: the tarball plus Vite at the version we develop with.
    writeFileSync(
      join(scratch, 'package.json'),
      JSON.stringify(
        {
          private: true,
          type: 'module',
          dependencies: {
            'pfp-almanac': `file:${tarball}`,
            vite: rootPackage.devDependencies.vite,
          },
        },
        null,
        2,
      ),
    );
    run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], scratch);
  },
  { timeout: 300_000 },
);

after(() => {
  if (!process.env.PFP_KEEP_SCRATCH) rmSync(scratch, { recursive: true, force: true });
  else console.log(`scratch kept in ${scratch}`);
});

test('the tarball holds dist/ and nothing of the sources', () => {
  const api = [
    'dist/index.js',
    'dist/node.js',
    'dist/index.d.ts',
    'dist/wasm/pfp_almanac.js',
    'dist/wasm/pfp_almanac.d.ts',
    'dist/wasm/pfp_almanac_bg.wasm',
  ];
  // The drop-in script with its split build and wasm beside it (a CDN path to the package is the embed), the
  // one-file build, the bundler entry with its types, and the corpus compiler command.
  const widget = [
    'dist/pfp-almanac.js',
    'dist/pfp-almanac/autoload.js',
    'dist/pfp_almanac_bg.wasm',
    'dist/pfp-almanac.inline.js',
    'dist/widget.js',
    'dist/widget.d.ts',
    'dist/cli.mjs',
  ];
  for (const file of ['package.json', 'README.md', 'LICENSE', ...api, ...widget]) {
    assert.ok(packedFiles.includes(file), `${file} is not in the tarball`);
  }
  const stray = packedFiles.filter(
    (f) => /^(src|target|pkg|corpus|tests|scripts|node_modules)\//.test(f) || f === 'Cargo.toml',
  );
  assert.deepEqual(stray, [], 'the tarball holds files that are not for users');
});

test('Node: import("pfp-almanac") loads the built-in corpus and searches', () => {
  const script = `
    const m = await import('pfp-almanac');
    const a = await m.load();
    const r = a.search('democratic control');
    if (!(r.total > 0)) throw new Error('no hits: ' + JSON.stringify(r));
    const pkg = await import('pfp-almanac/package.json', { with: { type: 'json' } });
    console.log(JSON.stringify({ total: r.total, version: pkg.default.version }));
  `;
  const out = JSON.parse(
    run(process.execPath, ['--input-type=module', '-e', script], scratch).trim(),
  );
  assert.ok(out.total > 0);
  assert.equal(out.version, rootPackage.version);
});

test('npx pfp-almanac build: the installed command compiles a corpus folder, and load() reads the bundle', () => {
  // A user's corpus: a copy of the example, with its source text inside it.
  cpSync(join(repo, 'examples', 'rome-declaration'), join(scratch, 'my-corpus'), {
    recursive: true,
  });

  const log = run(
    'npx',
    ['--no-install', 'pfp-almanac', 'build', 'my-corpus', '-o', 'x.almanac'],
    scratch,
  );
  assert.match(log, /my-corpus: 1 documents, \d+ passages, 6 entities, 3 events; bundle \d+ bytes/);
  assert.match(log, /wrote .*x\.almanac/);

  const script = `
    const { readFileSync } = await import('node:fs');
    const { load } = await import('pfp-almanac');
    const mine = await load({ corpus: readFileSync('x.almanac') });
    const byPath = await load({ corpus: 'x.almanac' });
    const builtin = await load();
    const hit = mine.search('submarine crew rescue').hits[0];
    console.log(JSON.stringify({
      documents: mine.documents().map((d) => d.id),
      pjc: mine.lookup('PJC')?.id,
      malta: mine.lookup('Malta'),
      builtinMalta: builtin.lookup('Malta')?.id,
      hit: hit && { passage: hit.passage, document: hit.document, text: mine.passage(hit.passage)?.text },
      events: byPath.timeline({}).map((e) => e.id),
    }));
  `;
  const out = JSON.parse(
    run(process.execPath, ['--input-type=module', '-e', script], scratch).trim(),
  );
  assert.deepEqual(out.documents, ['rome-declaration']);
  assert.equal(out.pjc, 'organisation/permanent-joint-council');
  assert.equal(out.malta, null, 'the built corpus knows only its own entities');
  assert.equal(out.builtinMalta, 'country/malta', 'the built-in corpus is still there');
  assert.match(
    out.hit?.passage ?? '',
    /^rome-declaration\//,
    `no search hit: ${JSON.stringify(out.hit)}`,
  );
  assert.equal(out.hit.document, 'rome-declaration');
  assert.match(out.hit.text, /Submarine Crew Rescue/);
  // "December 2001" sorts before 7 December 2001: a month starts on its first day.
  assert.deepEqual(out.events, [
    'resolution/pjc-work-programmes-2002',
    'statement/foreign-ministers-2001',
    'establishment/nato-russia-council',
  ]);
});

test('TypeScript: the types resolve, a strict program checks, and every generated type is exported', () => {
  writeFileSync(
    join(scratch, 'check.ts'),
    `import {
  load,
  Almanac,
  type AlmanacStats,
  type Document,
  type Entity,
  type Event,
  type Passage,
  type SearchHit,
  type SearchOptions,
  type SuggestOptions,
  type TimelineQuery,
} from 'pfp-almanac';
const almanac: Almanac = await load({ corpus: new Uint8Array(0) });
const entity: Entity | null = almanac.lookup('Malta');
const options: SearchOptions = { limit: 5, offset: 0, document: 'framework-document' };
const hits: SearchHit[] = almanac.search('control', options).hits;
const query: TimelineQuery = { from: '1994', to: '1995', entity: 'Malta', kinds: ['summit'] };
const events: Event[] = [...almanac.timeline(query), ...almanac.timeline()];
const docs: Document[] = almanac.documents();
const passage: Passage | null = almanac.passage(hits[0]?.passage ?? '');
const suggest: SuggestOptions = { limit: 3 };
const stats: AlmanacStats = almanac.stats();
const total: number = stats.passages + almanac.disagreements().length + almanac.suggest('ma', suggest).length;
const ranges: [number, number][] = hits.flatMap((h) => h.highlights);
const fresh: Almanac = new Almanac();
export { entity, events, docs, passage, total, ranges, fresh };
// @ts-expect-error lookup takes a string
almanac.lookup(42);
// @ts-expect-error an option the query does not have
almanac.timeline({ form: '1994' });
// @ts-expect-error a limit is a number
almanac.search('control', { limit: '5' });
`,
  );
  // Every type the generated declarations hold (wasm-bindgen's class, tsify's interfaces), but
  // wasm-bindgen's own loader types: imported by name from the package, so one that
  // pkg-config/index.d.ts does not re-export fails the check.
  const generated = readFileSync(
    join(scratch, 'node_modules', 'pfp-almanac', 'dist', 'wasm', 'pfp_almanac.d.ts'),
    'utf8',
  );
  const loader = new Set(['InitInput', 'InitOutput', 'SyncInitInput']);
  const names = [...generated.matchAll(/^export (?:interface|type|class) (\w+)/gm)]
    .map((m) => m[1])
    .filter((name) => !loader.has(name));
  for (const name of ['Almanac', 'Entity', 'TimelineQuery', 'SearchOptions', 'AlmanacStats'])
    assert.ok(names.includes(name), `the generated declarations have no ${name}: ${names}`);
  writeFileSync(
    join(scratch, 'all-types.ts'),
    `import type { ${names.join(', ')} } from 'pfp-almanac';\nexport type All = [${names.join(', ')}];\n`,
  );
  typecheck('tsconfig.json', ['check.ts', 'all-types.ts']);
});

test('Vite: a build emits the wasm as an asset, and the page searches in Chromium', async () => {
  const { mkdirSync } = await import('node:fs');
  mkdirSync(app, { recursive: true });
  writeFileSync(
    join(app, 'index.html'),
    `<!doctype html><html><head><meta charset="utf-8"><title>app</title></head><body><script type="module" src="./main.js"></script></body></html>\n`,
  );
  writeFileSync(
    join(app, 'main.js'),
    `import { load } from 'pfp-almanac';
load().then((almanac) => {
  const result = almanac.search('democratic control');
  document.body.dataset.total = String(result.total);
}).catch((error) => { document.body.dataset.error = String(error && error.message); });
`,
  );
  run(join(scratch, 'node_modules', '.bin', 'vite'), ['build', '--logLevel', 'warn'], app);
  const assets = readdirSync(join(app, 'dist', 'assets'));
  assert.ok(
    assets.some((f) => f.endsWith('.wasm')),
    `no .wasm in the Vite output: ${assets.join(', ')}`,
  );

  await withServedPage([['/', join(app, 'dist')]], async ({ page, origin, problems }) => {
    // Chromium asks for /favicon.ico on its own; any other failed request is a problem.
    page.on('response', (r) => {
      if (r.status() >= 400 && !r.url().endsWith('/favicon.ico'))
        problems.push(`${r.status()} ${r.url()}`);
    });
    page.on('console', (m) => {
      if (m.type() === 'error' && !m.text().startsWith('Failed to load resource'))
        problems.push(m.text());
    });
    await page.goto(`${origin}/`);
    await page.waitForFunction(
      () => document.body.dataset.total || document.body.dataset.error,
      null,
      { timeout: 30_000 },
    );
    const data = await page.evaluate(() => ({ ...document.body.dataset }));
    assert.equal(data.error, undefined, `the page failed: ${data.error}`);
    assert.ok(Number(data.total) > 0, `no results on the page: ${JSON.stringify(data)}`);
    assert.deepEqual(problems, []);
  });
});

test('the query page (www/query.html over dist/) shows highlighted search results in Chromium', async () => {
  const mounts = [
    ['/dist/', join(repo, 'dist')],
    ['/', join(repo, 'www')],
  ];
  await withServedPage(mounts, async ({ page, origin, problems }) => {
    await page.goto(`${origin}/query.html`);
    await page.waitForSelector('#search-results li mark', { timeout: 30_000 });
    assert.match(await page.textContent('#search-results mark'), /democratic|control/i);
    assert.ok((await page.locator('#timeline-results li').count()) > 0, 'no timeline');
    assert.match(await page.textContent('#lookup-result'), /Malta/);
    assert.deepEqual(problems, []);
  });
});

test('TypeScript: pfp-almanac/widget types its elements in HTMLElementTagNameMap and the PfpAlmanac global', () => {
  writeFileSync(
    join(scratch, 'widget-check.ts'),
    `import 'pfp-almanac/widget';
import { version, elements, type PfpTimeline, type PfpAnnotate } from 'pfp-almanac/widget';
const timeline: PfpTimeline = document.createElement('pfp-timeline');
const annotate: PfpAnnotate | null = document.querySelector('pfp-annotate');
annotate?.clear();
const v: string = version + (globalThis.PfpAlmanac?.version ?? '');
const ctor: typeof HTMLElement = elements['pfp-entity'];
export { timeline, v, ctor };
// @ts-expect-error clear() exists on <pfp-annotate> only
timeline.clear();
`,
  );
  typecheck('tsconfig.widget.json', ['widget-check.ts']);
});

test('Vite: `import "pfp-almanac/widget"` registers the elements and a <pfp-timeline> renders in Chromium', async () => {
  const { mkdirSync } = await import('node:fs');
  const widgetApp = join(scratch, 'widget-app');
  mkdirSync(widgetApp, { recursive: true });
  writeFileSync(
    join(widgetApp, 'index.html'),
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>widget app</title></head><body><pfp-timeline from="1994" to="1994"></pfp-timeline><script type="module" src="./main.js"></script></body></html>\n`,
  );
  writeFileSync(join(widgetApp, 'main.js'), `import 'pfp-almanac/widget';\n`);
  run(join(scratch, 'node_modules', '.bin', 'vite'), ['build', '--logLevel', 'warn'], widgetApp);
  assert.ok(
    readdirSync(join(widgetApp, 'dist', 'assets')).some((f) => f.endsWith('.wasm')),
    'no .wasm in the Vite output',
  );
  await withServedPage([['/', join(widgetApp, 'dist')]], async ({ page, origin, problems }) => {
    await page.goto(`${origin}/`);
    assert.match(await renderedText(page, 'pfp-timeline'), /^ready: .*Framework Document/s);
    assert.deepEqual(problems, []);
  });
});

test('CDN embed: the installed dist/pfp-almanac.js, served from another origin, finds its wasm beside itself', async () => {
  const dist = join(scratch, 'node_modules', 'pfp-almanac', 'dist');
  // The "CDN": the installed package's dist/, answering cross-origin requests as CDNs do (the
  // wasm and the split build's modules are fetched with CORS).
  const cors = { 'access-control-allow-origin': '*' };
  const shared = [
    'pfp_almanac_bg.wasm',
    ...readdirSync(join(dist, 'pfp-almanac')).map((f) => `pfp-almanac/${f}`),
  ];
  const cdn = await serve({
    mounts: [['/npm/pfp-almanac/dist/', dist]],
    port: 0,
    headers: Object.fromEntries(shared.map((f) => [`/npm/pfp-almanac/dist/${f}`, cors])),
  });
  const cdnOrigin = `http://127.0.0.1:${cdn.address().port}`;
  const { mkdirSync } = await import('node:fs');
  const site = join(scratch, 'site');
  mkdirSync(site, { recursive: true });
  // The two-line embed from the README, on a page of another origin ("localhost", not 127.0.0.1).
  writeFileSync(
    join(site, 'article.html'),
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>article</title>
<script src="${cdnOrigin}/npm/pfp-almanac/dist/pfp-almanac.js" defer></script></head>
<body><p>An article.</p><pfp-entity name="Malta"></pfp-entity></body></html>\n`,
  );
  const host = await serve({ mounts: [['/', site]], port: 0 });
  try {
    await withChromium(async (browser) => {
      const page = await browser.newPage();
      const requests = [];
      page.on('request', (r) => requests.push(r.url()));
      await page.goto(`http://localhost:${host.address().port}/article.html`);
      assert.match(await renderedText(page, 'pfp-entity'), /^ready: .*Malta/s);
      assert.deepEqual(
        requests.filter((u) => u.endsWith('.wasm')),
        [`${cdnOrigin}/npm/pfp-almanac/dist/pfp_almanac_bg.wasm`],
      );
    });
  } finally {
    host.close();
    cdn.close();
  }
});
