// `npm run bench` (after `npm run build`): the performance and size benchmark of pfp-almanac against
// MiniSearch, FlexSearch and Fuse.js (search) and TimelineJS3 (size), in Node and in headless
// Chromium, on this machine, in one run. Prints ONE table (ratios = almanac ÷ peer) and writes the
// figures to bench/results.json and the table to bench/results.md. Asserts nothing about speed.
//
//   node --expose-gc bench/node.mjs [--no-browser] [--quick] [--no-scale] [--scale=1,10,100]
//
// What is measured, and how (medians of repeated runs in this one process unless said otherwise):
// - search: every engine indexes the same 248 passages (exported from the almanac) and answers the
//   same 120 queries (bench/queries.mjs: seeded words, two-word phrases, prefixes, misspellings);
//   each query timed `ROUNDS` times after a warm-up pass, its median kept; median and p95 over the
//   queries. recall@10: bench/questions.json (questions as a reader asks them -> expected passage).
// - index build / load: almanac = load() in a fresh worker thread (wasm read + compile + instantiate,
//   corpus decode, indexes), median of COLD_RUNS workers; also new Almanac() alone (the index build,
//   wasm already compiled); peers = building their index from the passages.
// - cold start: Node: import + load() + first search (same workers). Chromium: a page importing
//   dist/index.js, one fresh browser context per run (empty HTTP cache). Widget: a page with
//   dist/pfp-almanac.js and <pfp-timeline>, navigation start -> state="ready". Layout shift: a page
//   with the prerendered timeline and card (dist/render.js), summed until both are ready.
// - first view (issue 13): the same widget page (one <pfp-timeline from="1993" to="2010">) and
//   TimelineJS3 given the same 88 events (bench/browser/timelinejs.html), cold loads: the script's
//   arrival -> first events on screen, and the gzip -9 bytes (each URL's file on disk) of every
//   request started before those first events, then of all it fetched.
// - size: raw, gzip -9 and brotli -q 11 (node:zlib) of every file in dist/ and of the peers' builds.
// - memory: wasm linear memory (the `memory` export, reached through the wasm-bindgen init(), which
//   returns the already-initialised exports) after load and after 100,000 mixed queries.
// - how cost grows (bench/scale.mjs; skip it with --no-scale): the corpus at 1×, 10× and 100× its
//   size (bench/synth-corpus.mjs), each compiled, compressed, loaded, drawn and searched; a second
//   table. About two minutes more, most of it compiling the 100× corpus.
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { readFile, readdir, writeFile, access, mkdtemp, rm } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync, brotliCompressSync, constants as zlib } from 'node:zlib';
import os from 'node:os';
import { ms, us } from './format.mjs';
import { CHROMIUM_LAUNCH } from '../tests/chromium.mjs';

const repo = resolve(fileURLToPath(new URL('..', import.meta.url)));
const args = new Set(process.argv.slice(2));
const QUICK = args.has('--quick');
const BROWSER = !args.has('--no-browser');
const SCALE = args.has('--no-scale')
  ? []
  : ([...args]
      .find((a) => a.startsWith('--scale='))
      ?.slice('--scale='.length)
      .split(',')
      .map(Number) ?? null);
const ROUNDS = QUICK ? 2 : 5; // timed passes over the query set
const BUILD_RUNS = QUICK ? 2 : 5; // index builds per engine
const COLD_RUNS = QUICK ? 2 : 15; // fresh workers / browser contexts (cold figures spread widely on a shared machine)
const MIXED = 100_000; // queries between the two memory readings

// Budgets and targets, checked and printed PASS / OVER (or MISS) every run.
export const BUDGETS = {
  widgetGzip: 70_000, // bytes: dist/pfp-almanac.js, dist/pfp-almanac/*, dist/pfp_almanac_bg.wasm, gzip -9
  widgetBrotli: 110_000, // bytes: the same, brotli -q 11 (issue 13: everything a page can ever fetch)
  firstTimelineMs: 100, // Chromium, the script loaded -> first <pfp-timeline state="ready"> (issue 4's measure)
  firstEventsMs: 50, // Chromium, the script loaded -> a <pfp-timeline>'s first events on screen (issue 13)
  firstViewGzip: 20_000, // bytes, gzip -9: what a page with one <pfp-timeline> fetches before its first events (issue 13)
};

const CHROMIUM = {
  ...CHROMIUM_LAUNCH,
  args: [
    ...CHROMIUM_LAUNCH.args,
    // Nothing from outside this machine: a host other than the bench's server does not resolve (the
    // Google Fonts TimelineJS3's default font css asks for fail at once, and are listed, not counted).
    '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
  ],
};

const exists = (p) =>
  access(p).then(
    () => true,
    () => false,
  );
const log = (...a) => process.stderr.write(`${a.join(' ')}\n`);

if (!(await exists(join(repo, 'dist/node.js')))) {
  console.error('bench: dist/ is missing; run `npm run build` first');
  process.exit(1);
}

const { load, Almanac } = await import('../dist/node.js');
const { default: initWasm } = await import('../dist/wasm/pfp_almanac.js');
const { default: MiniSearch } = await import('minisearch');
const FlexSearch = await import('flexsearch');
const { default: Fuse } = await import('fuse.js');
const { makeQueries, stats, timeEach, SEED, entityIdsIn, lookupInputs, mixedQuery } = await import(
  './queries.mjs'
);
const E = await import('./engines.mjs');

const results = {
  date: new Date().toISOString(),
  machine: {
    cpus: os.cpus().length,
    cpu: os.cpus()[0]?.model,
    node: process.version,
    platform: `${os.platform()} ${os.arch()}`,
  },
  versions: {},
  config: { ...E.CONFIG, rounds: ROUNDS, buildRuns: BUILD_RUNS, coldRuns: COLD_RUNS, seed: SEED },
  budgets: BUDGETS,
};
for (const p of [
  'minisearch',
  'flexsearch',
  'fuse.js',
  '@knight-lab/timelinejs',
  'playwright-core',
]) {
  results.versions[p] = JSON.parse(
    await readFile(join(repo, 'node_modules', p, 'package.json'), 'utf8'),
  ).version;
}
results.versions['pfp-almanac'] = JSON.parse(
  await readFile(join(repo, 'package.json'), 'utf8'),
).version;

// ---------------------------------------------------------------- cold start in Node (fresh realms)
log('node: cold starts in fresh worker threads');
const cold = [];
for (let i = 0; i < COLD_RUNS; i++) {
  cold.push(
    await new Promise((ok, fail) => {
      const w = new Worker(new URL('./cold-worker.mjs', import.meta.url));
      w.once('message', (m) => {
        ok(m);
        w.terminate();
      });
      w.once('error', fail);
    }),
  );
}
results.node = {
  cold: {
    loadMs: stats(cold.map((c) => c.loadMs)).median,
    totalMs: stats(cold.map((c) => c.totalMs)).median,
    firstMs: stats(cold.map((c) => c.firstMs)).median,
    runs: cold,
  },
};

// ---------------------------------------------------------------- the almanac, passages, queries
const almanac = await load();
const wasm = await initWasm(); // load() initialised it already: this returns the same exports
const memAfterLoad = {
  wasm: wasm.memory.buffer.byteLength,
  ...pick(process.memoryUsage(), ['rss', 'heapUsed', 'arrayBuffers']),
};
const corpusStats = almanac.stats();
const passages = almanac
  .documents()
  .flatMap((d) => d.passages.map((id) => ({ id, text: almanac.passage(id).text })));
const queries = makeQueries(passages);
const { questions } = JSON.parse(
  await readFile(new URL('./questions.json', import.meta.url), 'utf8'),
);
// Every labelled question must point at a real passage that contains its answer.
for (const x of questions) {
  const p = almanac.passage(x.expected);
  if (p === null) throw new Error(`bench/questions.json: "${x.q}": no passage ${x.expected}`);
  if (!p.text.includes(x.answer))
    throw new Error(`bench/questions.json: "${x.q}": ${x.expected} does not contain "${x.answer}"`);
}
results.corpus = {
  ...corpusStats,
  passageChars: passages.reduce((n, p) => n + p.text.length, 0),
  queries: queries.length,
  queryKinds: countBy(queries, (q) => q.kind),
  questions: questions.length,
};
results.queries = queries.map((q) => `${q.kind}: ${q.q}`);

// Lookup and timeline inputs: every name, alias and translated name of every entity (ids from the
// corpus sources), and timeline windows (each year, five-year spans, months of 1994, each entity,
// each kind).
const entityDir = join(repo, 'corpus/entities');
const entityIds = entityIdsIn(
  await Promise.all((await readdir(entityDir)).map((f) => readFile(join(entityDir, f), 'utf8'))),
);
const { names, windows } = lookupInputs(almanac, entityIds);
results.corpus.lookupNames = names.length;
results.corpus.timelineWindows = windows.length;

// ---------------------------------------------------------------- search in Node
log(`node: search (${queries.length} queries x ${ROUNDS} rounds, ${questions.length} questions)`);
const gc = globalThis.gc ?? (() => {});
const heap = () => {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
};
results.node.engines = {};
{
  const idx = E.timeBuild(E.almanacBuild(Almanac), { runs: BUILD_RUNS, dispose: (a) => a.free() });
  idx.search.free();
  const search = E.almanacSearch(almanac);
  results.node.engines.almanac = {
    buildMs: results.node.cold.loadMs,
    indexOnlyMs: idx.ms,
    ...E.timeQueries(search, queries, { rounds: ROUNDS }),
    ...E.recall(search, questions),
  };
}
// The JS heap each peer's index retains (measured first, one engine at a time, gc() around it).
const heapBytes = {};
for (const [name, build] of Object.entries(
  E.builders({ MiniSearch, FlexSearch, Fuse }, passages),
)) {
  const h0 = heap();
  let _keep = build();
  heapBytes[name] = heap() - h0;
  _keep = null;
}
for (const [name, build] of Object.entries(
  E.builders({ MiniSearch, FlexSearch, Fuse }, passages),
)) {
  const b = E.timeBuild(build, { runs: BUILD_RUNS });
  results.node.engines[name] = {
    buildMs: b.ms,
    heapBytes: globalThis.gc ? heapBytes[name] : null,
    ...E.timeQueries(b.search, queries, { rounds: ROUNDS }),
    ...E.recall(b.search, questions),
  };
}

// ---------------------------------------------------------------- lookup and timeline in Node
const timeAll = (inputs, fn) => {
  const { each, ...t } = timeEach(inputs, fn, { rounds: ROUNDS });
  return t;
};
results.node.lookup = timeAll(names, (n) => almanac.lookup(n));
results.node.timeline = timeAll(windows, (w) => almanac.timeline(w));
// One wide window, warm (its events already converted once): what crossing the boundary costs
// when an answer is large. 200 samples of the same query.
{
  const window = { from: '1993', to: '2010' };
  results.node.timelineWide = {
    ...timeAll(Array(200).fill(window), (w) => almanac.timeline(w)),
    events: almanac.timeline(window).length,
  };
}

// ---------------------------------------------------------------- memory: 100,000 mixed queries
log(`node: ${MIXED} mixed queries (search, lookup, timeline, suggest)`);
{
  const t = performance.now();
  let answers = 0;
  const checkpoints = [];
  for (let i = 0; i < MIXED; i++) {
    if (i % 10_000 === 0) checkpoints.push({ queries: i, wasm: wasm.memory.buffer.byteLength });
    const [method, args] = mixedQuery(i, { queries, names, windows });
    const r = almanac[method](...args);
    answers += r === null ? 0 : ((r.hits ?? r).length ?? 1);
  }
  const ms = performance.now() - t;
  gc();
  results.node.memory = {
    afterLoad: memAfterLoad,
    afterMixed: {
      wasm: wasm.memory.buffer.byteLength,
      ...pick(process.memoryUsage(), ['rss', 'heapUsed', 'arrayBuffers']),
    },
    mixedQueries: MIXED,
    checkpoints,
    mixedMs: ms,
    answers,
  };
}

// ---------------------------------------------------------------- sizes
log('sizes: gzip -9 and brotli -q 11 of dist/ and of the peers');
const { transform } = await import('esbuild');
const size = (buf) => ({
  raw: buf.length,
  gzip: gzipSync(buf, { level: 9 }).length,
  brotli: brotliCompressSync(buf, {
    params: { [zlib.BROTLI_PARAM_QUALITY]: 11, [zlib.BROTLI_PARAM_SIZE_HINT]: buf.length },
  }).length,
});
const sum = (list) =>
  list.reduce(
    (a, b) => ({ raw: a.raw + b.raw, gzip: a.gzip + b.gzip, brotli: a.brotli + b.brotli }),
    { raw: 0, gzip: 0, brotli: 0 },
  );
async function filesUnder(dir) {
  const out = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await filesUnder(p)));
    else out.push(p);
  }
  return out.sort();
}
async function measure(paths, { minify = false } = {}) {
  const each = [];
  for (const p of paths) {
    let buf = await readFile(join(repo, p));
    if (minify && /\.(m?js)$/.test(p))
      buf = Buffer.from(
        (
          await transform(buf.toString('utf8'), {
            minify: true,
            format: 'esm',
            legalComments: 'none',
          })
        ).code,
      );
    each.push({ file: p, ...size(buf) });
  }
  return { files: paths, ...sum(each), each };
}
results.size = { dist: [] };
for (const f of await filesUnder(join(repo, 'dist')))
  results.size.dist.push({ file: relative(repo, f), ...size(await readFile(f)) });
const widgetBuilt =
  (await exists(join(repo, 'dist/pfp-almanac.js'))) &&
  (await exists(join(repo, 'dist/pfp_almanac_bg.wasm')));
const wasmDir = (await readdir(join(repo, 'dist/wasm')))
  .filter((f) => !f.endsWith('.d.ts'))
  .map((f) => `dist/wasm/${f}`);
// Everything the drop-in script can ever fetch: itself, every chunk of its split build, the wasm.
const widgetFiles = widgetBuilt
  ? [
      'dist/pfp-almanac.js',
      ...(await readdir(join(repo, 'dist/pfp-almanac'))).map((f) => `dist/pfp-almanac/${f}`),
      'dist/pfp_almanac_bg.wasm',
    ]
  : ['dist/index.js', ...wasmDir];
const moduleFiles = ['dist/index.js', 'dist/open.js', ...wasmDir]; // what `import { load } from 'pfp-almanac'` ships to a browser
const PEER_FILES = {
  minisearch: ['node_modules/minisearch/dist/es/index.js'],
  flexsearch: ['node_modules/flexsearch/dist/flexsearch.bundle.module.min.mjs'],
  fuse: ['node_modules/fuse.js/dist/fuse.min.mjs'],
  timelinejs: [
    'node_modules/@knight-lab/timelinejs/dist/js/timeline.js',
    'node_modules/@knight-lab/timelinejs/dist/css/timeline.css',
  ],
};
results.size.widget = {
  ...(await measure(widgetFiles)),
  budgetGzip: BUDGETS.widgetGzip,
  built: widgetBuilt,
};
results.size.widget.verdict = results.size.widget.gzip <= BUDGETS.widgetGzip ? 'PASS' : 'OVER';
results.size.module = await measure(moduleFiles);
results.size.moduleMin = await measure(moduleFiles, { minify: true });
results.size.peers = {};
for (const [k, files] of Object.entries(PEER_FILES))
  results.size.peers[k] = {
    shipped: await measure(files),
    minified: await measure(files, { minify: true }),
  };

// ---------------------------------------------------------------- Chromium
if (BROWSER) {
  try {
    results.chromium = await runChromium();
  } catch (error) {
    results.chromium = { skipped: `Chromium run failed: ${error.message}` };
    log(`chromium: ${error.stack}`);
  }
} else {
  results.chromium = { skipped: '--no-browser' };
}

// ---------------------------------------------------------------- how cost grows: 1×, 10×, 100×
if (SCALE?.length !== 0) {
  const S = await import('./scale.mjs');
  results.scale = await S.scale({ factors: SCALE ?? S.FACTORS, queries, quick: QUICK, log });
}

async function runChromium() {
  const { chromium } = await import('playwright-core');
  const { serve } = await import('../scripts/serve.mjs');
  // Cross-origin isolation for the bench pages: performance.now() then has 5 µs resolution (100 µs without).
  const isolated = {
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-embedder-policy': 'require-corp',
  };
  const pages = [
    '/bench/browser/search.html',
    '/bench/browser/cold.html',
    '/bench/browser/phases.html',
    '/bench/browser/widget.html',
  ];
  // TimelineJS3's data for the first-view comparison: the almanac's 1993–2010 events, built as
  // tests/browser/timeline.test.mjs builds them for the screenshots beside it, in a script a page
  // loads (generated, so served from a temporary folder at /bench/gen/).
  const gen = await mkdtemp(join(os.tmpdir(), 'pfp-bench-'));
  const tlEvents = almanac.timeline({ from: '1993', to: '2010' });
  await writeFile(
    join(gen, 'timelinejs-data.js'),
    `window.TIMELINE_DATA = ${JSON.stringify(timelineJsData(tlEvents))};\n`,
  );
  const mounts = [
    ['/bench/gen/', gen],
    ['/dist/', join(repo, 'dist')],
    ['/node_modules/', join(repo, 'node_modules')],
    ['/bench/', join(repo, 'bench')],
  ];
  const server = await serve({
    mounts,
    port: 0,
    headers: Object.fromEntries(pages.map((p) => [p, isolated])),
  });
  const base = `http://127.0.0.1:${server.address().port}`;
  const browser = await chromium.launch(CHROMIUM);
  const out = { version: browser.version() };
  try {
    log('chromium: search, lookup, timeline');
    {
      const context = await browser.newContext();
      const page = await context.newPage();
      const errors = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(`${base}/bench/browser/search.html`);
      await page
        .waitForFunction(() => window.benchReady === true, null, { timeout: 30_000 })
        .catch((e) => {
          throw new Error(`${e.message} ${errors.join('; ')}`);
        });
      const r = await page.evaluate((input) => window.runBench(input), {
        queries,
        questions,
        names,
        windows,
        rounds: ROUNDS,
        buildRuns: BUILD_RUNS,
      });
      if (r.passages !== passages.length)
        throw new Error(`Chromium exported ${r.passages} passages, Node ${passages.length}`);
      Object.assign(out, r);
      await context.close();
    }
    /** COLD_RUNS loads of `path`, each in a fresh context: what `read` (run in the page until truthy) gives. */
    const coldRuns = async (path, read, contextOptions = {}) => {
      const runs = [];
      for (let i = 0; i < COLD_RUNS; i++) {
        const context = await browser.newContext(contextOptions);
        const page = await context.newPage();
        await page.goto(`${base}${path}`);
        runs.push(await (await page.waitForFunction(read, null, { timeout: 30_000 })).jsonValue());
        await context.close();
      }
      return runs;
    };
    log('chromium: cold starts (fresh context each)');
    out.cold = await coldRuns('/bench/browser/cold.html', () => window.__cold);
    out.engines.almanac.buildMs = stats(out.cold.map((c) => c.loadMs)).median;
    out.coldMedian = {
      scriptToFirst: stats(out.cold.map((c) => c.scriptToFirst)).median,
      navToFirst: stats(out.cold.map((c) => c.navToFirst)).median,
      loadMs: stats(out.cold.map((c) => c.loadMs)).median,
    };
    log('chromium: cold start step by step (fresh context each)');
    out.phases = await coldRuns('/bench/browser/phases.html', () => window.__phases);
    out.phasesMedian = Object.fromEntries(
      Object.keys(out.phases[0]).map((k) => [k, stats(out.phases.map((p) => p[k])).median]),
    );
    if (widgetBuilt) {
      // The widget as embedded (two lines), then the same page with <link rel="preload"> for the wasm.
      const widgetRuns = async (path, width = 1024) => {
        const read = () =>
          (window.__widget.readyAt !== undefined || window.__widget.error !== undefined) &&
          window.__widget;
        const runs = await coldRuns(path, read, { viewport: { width, height: 768 } });
        if (runs.some((w) => w.readyAt === undefined))
          throw new Error(`widget (${path}): <pfp-timeline> reached state="error"`);
        const resource = (w, re, k) => w.resources?.find((r) => re.test(r.name))?.[k] ?? NaN;
        const at = (re, k) => stats(runs.map((w) => resource(w, re, k))).median;
        // Per run, then the median: the budget counts from the script's arrival, not navigation.
        const sinceScript = (k) =>
          stats(runs.map((w) => w[k] - resource(w, /pfp-almanac\.js$/, 'end'))).median;
        return {
          runs,
          median: {
            navToReady: stats(runs.map((w) => w.readyAt)).median,
            scriptLoaded: at(/pfp-almanac\.js$/, 'end'),
            scriptToReady: sinceScript('readyAt'),
            scriptToFirstEvents: sinceScript('firstEventsAt'),
            wasmRequested: at(/\.wasm$/, 'start'),
            wasmLoaded: at(/\.wasm$/, 'end'),
            longTasksMs: stats(
              runs.map((w) =>
                w.longTasks.filter((t) => t.start < w.readyAt).reduce((n, t) => n + t.duration, 0),
              ),
            ).median,
          },
        };
      };
      log('chromium: widget, first rendered <pfp-timeline>');
      const plain = await widgetRuns('/bench/browser/widget.html');
      out.widget = plain.runs;
      out.widgetMedian = plain.median;
      log('chromium: widget with a preload hint for the wasm');
      const preload = await widgetRuns('/bench/browser/widget.html?preload');
      out.widgetPreload = preload.runs;
      out.widgetPreloadMedian = preload.median;
      // Each look of the timeline drawn first: the chart above (1024 px), the phone list, the story.
      log('chromium: widget, the phone list (375 px) and the story look');
      out.looks = {
        chart: plain.median,
        phone: (await widgetRuns('/bench/browser/widget.html', 375)).median,
        story: (await widgetRuns('/bench/browser/widget.html?look=story')).median,
      };
      log('chromium: layout shift of the prerendered timeline and card upgrading (1280 / 375 px)');
      out.upgradeShift = await upgradeShift(browser, base);
      // The first view (issue 13): the plain runs above, and TimelineJS3 on the same events.
      log('chromium: first view, TimelineJS3 on the same events (fresh context each)');
      const tl = await coldRuns(
        '/bench/browser/timelinejs.html',
        () => window.__tl.doneAt !== undefined && window.__tl,
        { viewport: { width: 1024, height: 768 } },
      );
      const failed = tl.find((r) => r.error !== undefined || r.firstEventsAt === undefined);
      if (failed) throw new Error(`TimelineJS3 page: ${failed.error ?? 'no events drawn'}`);
      out.firstView = {
        events: tlEvents.length,
        almanac: await firstView(plain.runs, {
          mounts,
          script: /^\/dist\/pfp-almanac\.js$/,
          own: await timelineModules(),
        }),
        timelinejs: {
          ...(await firstView(tl, {
            mounts,
            script: /\/timelinejs\/dist\/js\/timeline\.js$/,
          })),
          markers: stats(tl.map((r) => r.markers)).median,
        },
      };
    } else {
      out.widget = null;
      out.widgetSkipped =
        'dist/pfp-almanac.js is not built (scripts/build-widget.mjs): no first-timeline figure';
    }
  } finally {
    await browser.close();
    server.close();
    await rm(gen, { recursive: true, force: true });
  }
  return out;
}

/**
 * TimelineJS3's data for the almanac's events, as tests/browser/timeline.test.mjs builds it for the
 * screenshots beside it (drawPeers): each event's dates, its title as the headline, its first
 * citation's quote as the text.
 */
function timelineJsData(events) {
  const ymd = (iso) => {
    const [year, month, day] = iso.split('-');
    return { year, ...(month && { month }), ...(day && { day }) };
  };
  return {
    events: events.map((e) => ({
      start_date: ymd(e.date),
      ...(e.end && { end_date: ymd(e.end) }),
      text: { headline: e.title, text: e.citations[0]?.quote ?? '' },
    })),
  };
}

/** The file a URL path of the bench's server maps to (its mounts, first match), or null. */
function fileOf(mounts, path) {
  for (const [prefix, dir] of mounts)
    if (path.startsWith(prefix)) return join(dir, decodeURIComponent(path.slice(prefix.length)));
  return null;
}

/**
 * The URL paths a page with one <pfp-timeline> needs before its first view: the bootstrap, the
 * autoload module, the timeline's chunk, and every chunk these import statically (not the ones
 * imported on demand or at idle). Null when autoload.js does not name the timeline's chunk as expected.
 */
async function timelineModules() {
  const dir = join(repo, 'dist/pfp-almanac');
  const autoload = await readFile(join(dir, 'autoload.js'), 'utf8');
  const chunk = autoload.match(/"pfp-timeline":\[\(\)=>import\("\.\/([^"]+)"\)/)?.[1];
  if (!chunk) return null;
  const out = new Set(['/dist/pfp-almanac.js']);
  const visit = async (name) => {
    if (out.has(`/dist/pfp-almanac/${name}`)) return;
    out.add(`/dist/pfp-almanac/${name}`);
    const code = await readFile(join(dir, name), 'utf8');
    for (const [, dep] of code.matchAll(/(?:\bfrom|\bimport)\s*"\.\/([^"]+)"/g)) await visit(dep);
  };
  await visit('autoload.js');
  await visit(chunk);
  return out;
}

/**
 * The first-view figures of cold runs of a page that recorded `firstEventsAt`, `resources` (name
 * without the origin, start, end; performance.now() from navigation) and `doneAt` (the time they were
 * read): per run, the script's arrival (responseEnd of the resource matching `script`) -> first
 * events, and the gzip -9 bytes of every resource whose request started before the first events,
 * then of all of them; each resource's bytes are its file on disk (the server does not compress),
 * gzipped at level 9; a URL not on this machine counts 0 and is listed. /favicon.ico (the browser's,
 * a 404 here) is left out. `own`: URL paths summed apart (the timeline's own modules).
 */
async function firstView(runs, { mounts, script, own = null }) {
  const gzipOf = new Map();
  const sizeOf = async (name) => {
    const path = name.split('?')[0];
    if (!path.startsWith('/')) return { file: null, gzip: 0 };
    const file = fileOf(mounts, path);
    if (!gzipOf.has(file)) gzipOf.set(file, gzipSync(await readFile(file), { level: 9 }).length);
    return { file, gzip: gzipOf.get(file) };
  };
  const perRun = [];
  const each = new Map();
  for (const r of runs) {
    const arrived = r.resources.find((x) => script.test(x.name))?.end ?? NaN;
    const run = { scriptArrived: arrived, toFirstEvents: r.firstEventsAt - arrived };
    Object.assign(run, {
      navToFirstEvents: r.firstEventsAt,
      gzipBefore: 0,
      gzipOwn: 0,
      gzipAll: 0,
    });
    for (const x of r.resources) {
      if (x.name === '/favicon.ico') continue;
      const { file, gzip } = await sizeOf(x.name);
      const early = x.start < r.firstEventsAt;
      run.gzipAll += gzip;
      if (early) run.gzipBefore += gzip;
      if (early && own?.has(x.name.split('?')[0])) run.gzipOwn += gzip;
      const path = file === null ? x.name : file.startsWith(repo) ? relative(repo, file) : x.name;
      const e = each.get(x.name) ?? {
        path,
        gzip,
        external: file === null,
        runs: 0,
        before: 0,
        at: [],
      };
      e.runs++;
      if (early) e.before++;
      e.at.push(x.start - arrived);
      each.set(x.name, e);
    }
    run.gzipIdle = run.gzipBefore - run.gzipOwn;
    perRun.push(run);
  }
  const med = (k) => stats(perRun.map((r) => r[k])).median;
  return {
    median: {
      scriptToFirstEvents: med('toFirstEvents'),
      navToFirstEvents: med('navToFirstEvents'),
      scriptArrived: med('scriptArrived'),
      gzipBefore: med('gzipBefore'),
      gzipOwn: own ? med('gzipOwn') : null,
      gzipIdle: own ? med('gzipIdle') : null,
      gzipAll: med('gzipAll'),
    },
    runs: perRun,
    resources: [...each.values()]
      .map(({ at, ...e }) => ({ ...e, requestedAfterScript: stats(at).median }))
      .sort((a, b) => a.requestedAfterScript - b.requestedAfterScript),
  };
}

/**
 * The summed layout shift (PerformanceObserver 'layout-shift', buffered, no input) of a page holding
 * the prerendered timeline 1993-2010 (`renderTimeline`), a paragraph and the prerendered Malta card,
 * from navigation until both elements are ready, at 1280 and 375 px: the worst of COLD_RUNS fresh
 * contexts at each width (issue 13 asks for 0).
 */
async function upgradeShift(browser, base) {
  const { renderEntity, renderTimeline } = await import('../dist/render.js');
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>pfp-almanac bench: prerendered upgrade</title><script src="/dist/pfp-almanac.js" defer></script></head>
<body><main><h1>The Partnership, 1993–2010</h1>
${renderTimeline(almanac, { from: '1993', to: '2010' })}
<p>The text after the timeline.</p>
${renderEntity(almanac, { name: 'Malta' })}
</main></body></html>`;
  const record = () => {
    window.__shift = 0;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) if (!e.hadRecentInput) window.__shift += e.value;
    }).observe({ type: 'layout-shift', buffered: true });
  };
  const out = {};
  for (const width of [1280, 375]) {
    const runs = [];
    for (let i = 0; i < COLD_RUNS; i++) {
      const context = await browser.newContext({ viewport: { width, height: 900 } });
      const page = await context.newPage();
      await page.route(`${base}/bench/prerendered.html`, (route) =>
        route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }),
      );
      await page.addInitScript(record);
      await page.goto(`${base}/bench/prerendered.html`);
      await page.waitForFunction(
        () =>
          [...document.querySelectorAll('pfp-timeline, pfp-entity')].every(
            (el) => el.getAttribute('state') === 'ready',
          ),
        null,
        { timeout: 30_000 },
      );
      // Two frames more: the ready view's first frames count too.
      runs.push(
        await page.evaluate(
          () =>
            new Promise((r) =>
              requestAnimationFrame(() => requestAnimationFrame(() => r(window.__shift))),
            ),
        ),
      );
      await context.close();
    }
    out[width] = Math.max(...runs);
  }
  return out;
}

// ---------------------------------------------------------------- the table
const PEERS = ['minisearch', 'flexsearch', 'fuse'];
const COLS = ['pfp-almanac', 'MiniSearch', 'FlexSearch', 'Fuse.js', 'TimelineJS3'];
const rows = []; // [label, almanac, minisearch, flexsearch, fuse, timelinejs] (strings)
const section = (title) => rows.push([`— ${title}`]);
const kb = (b) => (b >= 1e6 ? `${(b / 1e6).toFixed(2)} MB` : `${(b / 1e3).toFixed(1)} KB`);
const KIND = {
  word: 'words',
  phrase: 'two-word phrases',
  prefix: 'prefixes',
  misspelling: 'misspellings',
};
const pct = (x) => `${(x * 100).toFixed(1)}%`;
const ratio = (a, b) =>
  a == null || b == null || b === 0 ? '' : ` ×${(a / b).toFixed(a / b >= 10 ? 0 : 2)}`;
/** A comparison row: the almanac's value, then each peer's value with almanac ÷ peer. */
function compare(label, get, fmt) {
  const a = get('almanac');
  rows.push([
    label,
    fmt(a),
    ...PEERS.map((p) => {
      const v = get(p);
      return v == null ? '—' : `${fmt(v)}${ratio(a, v)}`;
    }),
    '',
  ]);
}
function searchRows(env, r) {
  const g = (k) => (p) => r.engines[p]?.[k];
  compare(`${env}: index build / load()`, g('buildMs'), ms);
  compare(
    `${env}: index build alone`,
    (p) => (p === 'almanac' ? r.engines.almanac.indexOnlyMs : r.engines[p].buildMs),
    ms,
  );
  compare(`${env}: search median (${r.engines.almanac.queries} q)`, g('median'), us);
  compare(`${env}: search p95`, g('p95'), us);
  for (const kind of Object.keys(r.engines.almanac.byKind))
    compare(`${env}:   median, ${KIND[kind] ?? kind}`, (p) => r.engines[p].byKind[kind], us);
  compare(`${env}: recall@10 (${r.engines.almanac.of} questions)`, g('recall'), pct);
}
/** A row of an almanac-only time: its median and 95th percentile. */
const medianP95 = (label, t) =>
  rows.push([`${label} median / p95`, `${us(t.median)} / ${us(t.p95)}`]);
const sz = (s) => `${kb(s.gzip)} / ${kb(s.brotli)}`;
const szr = (s, a) => `${sz(s)}${ratio(a.gzip, s.gzip)}`;

section(
  `search: ${results.corpus.passages} passages, ${queries.length} queries (${Object.entries(
    results.corpus.queryKinds,
  )
    .map(([k, n]) => `${n} ${KIND[k] ?? k}`)
    .join(', ')})`,
);
searchRows('Node', results.node);
if (results.chromium.engines) searchRows('Chromium', results.chromium);
else rows.push(['Chromium: search', `skipped: ${results.chromium.skipped}`]);

section(
  `lookup and timeline (almanac only; ${names.length} names and aliases, ${windows.length} timeline windows)`,
);
medianP95('Node: lookup', results.node.lookup);
medianP95('Node: timeline', results.node.timeline);
medianP95(
  `Node: warm timeline(), 1993–2010 window (${results.node.timelineWide.events} events)`,
  results.node.timelineWide,
);
if (results.chromium.lookup) {
  medianP95('Chromium: lookup', results.chromium.lookup);
  medianP95('Chromium: timeline', results.chromium.timeline);
}

section('cold start (almanac)');
rows.push(['Node: import + load() + first search', ms(results.node.cold.totalMs)]);
if (results.chromium.coldMedian) {
  rows.push([
    'Chromium: script start → first search',
    ms(results.chromium.coldMedian.scriptToFirst),
  ]);
  rows.push(['Chromium: navigation → first search', ms(results.chromium.coldMedian.navToFirst)]);
}
if (results.chromium.phasesMedian) {
  const p = results.chromium.phasesMedian;
  rows.push([
    'Chromium, step by step: wasm compile / instantiate',
    `${ms(p.compile)} / ${ms(p.instantiate)}`,
  ]);
  rows.push([
    '  new Almanac() / first timeline (first call: compiles too)',
    `${ms(p.open)} / ${ms(p.timeline)}`,
  ]);
  rows.push(['  the same again, warm', `${ms(p.openAgain)} / ${ms(p.timelineAgain)}`]);
}
if (results.chromium.widgetMedian) {
  const wm = results.chromium.widgetMedian;
  const t = wm.scriptToReady;
  rows.push([
    `Chromium: script loaded → <pfp-timeline> ready (budget ${BUDGETS.firstTimelineMs} ms)`,
    `${ms(t)} ${t <= BUDGETS.firstTimelineMs ? 'PASS' : 'OVER'}`,
  ]);
  rows.push([
    '  script loaded → its first events drawn (then the rest, 50 per frame)',
    ms(wm.scriptToFirstEvents),
  ]);
  rows.push(['Chromium: navigation → <pfp-timeline> ready', ms(wm.navToReady)]);
  rows.push([
    '  of which: script loaded / wasm requested / wasm loaded at',
    `${ms(wm.scriptLoaded)} / ${ms(wm.wasmRequested)} / ${ms(wm.wasmLoaded)}`,
  ]);
  rows.push(['  main-thread long tasks (>50 ms) before ready, median total', ms(wm.longTasksMs)]);
  for (const [look, m] of Object.entries(results.chromium.looks ?? {})) {
    rows.push([
      `  first render by look: ${look} (script loaded → first events drawn / ready)`,
      `${ms(m.scriptToFirstEvents)} / ${ms(m.scriptToReady)}`,
    ]);
  }
  if (results.chromium.upgradeShift) {
    const u = results.chromium.upgradeShift;
    rows.push([
      'Chromium: layout shift as the prerendered timeline (1993–2010) and card upgrade, 1280 / 375 px (worst run)',
      `${u[1280].toFixed(4)} / ${u[375].toFixed(4)}`,
    ]);
  }
  if (results.chromium.widgetPreloadMedian) {
    const p = results.chromium.widgetPreloadMedian;
    rows.push([
      '  with <link rel="preload"> for the wasm: ready / wasm loaded at',
      `${ms(p.navToReady)} / ${ms(p.wasmLoaded)}`,
    ]);
  }
} else {
  rows.push([
    'Chromium: first <pfp-timeline> ready',
    `skipped: ${results.chromium.widgetSkipped ?? results.chromium.skipped}`,
  ]);
}

const fv = results.chromium.firstView;
if (fv) {
  section(
    `first view: one <pfp-timeline from="1993" to="2010">, and TimelineJS3 given the same ${fv.events} events (Chromium, median of ${COLD_RUNS} cold loads)`,
  );
  const a = fv.almanac.median;
  const t = fv.timelinejs.median;
  const vs = (fmt, k) => ['', '', '', `${fmt(t[k])}${ratio(a[k], t[k])}`];
  rows.push([
    'script arrived → first events on screen',
    ms(a.scriptToFirstEvents),
    ...vs(ms, 'scriptToFirstEvents'),
  ]);
  rows.push([
    '  navigation → first events on screen',
    ms(a.navToFirstEvents),
    ...vs(ms, 'navToFirstEvents'),
  ]);
  rows.push([
    'gzip -9 fetched before the first events (every request started before them)',
    kb(a.gzipBefore),
    ...vs(kb, 'gzipBefore'),
  ]);
  if (a.gzipOwn !== null)
    rows.push([
      "  of which the timeline's own modules / the other elements' chunks (requested at idle)",
      `${kb(a.gzipOwn)} / ${kb(a.gzipIdle)}`,
    ]);
  rows.push([
    'gzip -9 fetched in all (almanac: until ready, with the wasm; TimelineJS3: until loaded)',
    kb(a.gzipAll),
    ...vs(kb, 'gzipAll'),
  ]);
}

section('size: gzip -9 / brotli -q 11 (ratios on gzip); TimelineJS3 = js + css');
{
  const w = results.size.widget;
  rows.push([
    `drop-in widget, all it can fetch (${widgetBuilt ? 'script, every chunk, wasm' : 'widget not built: index.js + wasm/'}), budget ${kb(BUDGETS.widgetGzip)} gz`,
    `${sz(w)} ${w.verdict}`,
    '',
    '',
    '',
    szr(results.size.peers.timelinejs.shipped, w),
  ]);
  // Ours beside each peer's size of the same kind (`shipped`, `minified`).
  const sizeRow = (label, ours, kind) =>
    rows.push([
      label,
      sz(ours),
      ...[...PEERS, 'timelinejs'].map((p) => szr(results.size.peers[p][kind], ours)),
    ]);
  const m = results.size.module;
  sizeRow('browser module as shipped (almanac: index.js + wasm/)', m, 'shipped');
  sizeRow('  JS minified by esbuild', results.size.moduleMin, 'minified');
  rows.push([
    '  raw, as shipped',
    kb(m.raw),
    ...PEERS.map((p) => kb(results.size.peers[p].shipped.raw)),
    kb(results.size.peers.timelinejs.shipped.raw),
  ]);
  for (const f of results.size.dist)
    rows.push([`  ${f.file} (raw, gz / br)`, `${kb(f.raw)}, ${kb(f.gzip)} / ${kb(f.brotli)}`]);
}

section('memory');
{
  const m = results.node.memory;
  rows.push(['Node: wasm linear memory after load()', kb(m.afterLoad.wasm)]);
  rows.push([
    `Node: … after ${MIXED.toLocaleString('en')} mixed queries (${(m.mixedMs / 1000).toFixed(1)} s)`,
    kb(m.afterMixed.wasm),
  ]);
  const cp = m.checkpoints.map((c) => c.wasm);
  rows.push([
    'Node: … sampled every 10,000 of them (min – max)',
    `${kb(Math.min(...cp))} – ${kb(Math.max(...cp))}`,
  ]);
  rows.push([
    'Node: rss after load() / after the whole run',
    `${kb(m.afterLoad.rss)} / ${kb(m.afterMixed.rss)}`,
  ]);
  rows.push([
    'Node: JS heap retained by the index',
    '(in wasm memory)',
    ...PEERS.map((p) =>
      results.node.engines[p].heapBytes == null
        ? 'run with --expose-gc'
        : kb(results.node.engines[p].heapBytes),
    ),
    '',
  ]);
  if (results.chromium.memory)
    rows.push([
      'Chromium: wasm memory after load() / after the bench',
      `${kb(results.chromium.memory.afterLoad)} / ${kb(results.chromium.memory.afterBench)}`,
    ]);
}

// Targets: the issue's four.
section('targets');
const targets = [];
for (const env of ['node', 'chromium']) {
  const r = results[env];
  if (!r?.engines) continue;
  const fastest = PEERS.reduce((a, b) => (r.engines[a].median <= r.engines[b].median ? a : b));
  const best = PEERS.reduce((a, b) => (r.engines[a].recall >= r.engines[b].recall ? a : b));
  targets.push({
    target: `${env}: search median ≤ fastest peer (${E.NAMES[fastest]})`,
    value: `${us(r.engines.almanac.median)} vs ${us(r.engines[fastest].median)}`,
    ok: r.engines.almanac.median <= r.engines[fastest].median,
  });
  targets.push({
    target: `${env}: recall@10 ≥ best peer (${E.NAMES[best]})`,
    value: `${pct(r.engines.almanac.recall)} vs ${pct(r.engines[best].recall)}`,
    ok: r.engines.almanac.recall >= r.engines[best].recall,
  });
}
targets.push({
  target: `widget < ${kb(BUDGETS.widgetGzip)} gzip`,
  value: kb(results.size.widget.gzip),
  ok: results.size.widget.verdict === 'PASS',
});
targets.push({
  target: `everything a page can fetch ≤ ${kb(BUDGETS.widgetBrotli)} brotli`,
  value: kb(results.size.widget.brotli),
  ok: results.size.widget.brotli <= BUDGETS.widgetBrotli,
});
if (results.chromium.widgetMedian)
  targets.push({
    target: `first timeline < ${BUDGETS.firstTimelineMs} ms after the script loads (Chromium)`,
    value: ms(results.chromium.widgetMedian.scriptToReady),
    ok: results.chromium.widgetMedian.scriptToReady < BUDGETS.firstTimelineMs,
  });
else
  targets.push({
    target: `first timeline < ${BUDGETS.firstTimelineMs} ms (Chromium)`,
    value: 'not measured (widget not built)',
    ok: null,
  });
if (fv) {
  const a = fv.almanac.median;
  targets.push({
    target: `first events ≤ ${BUDGETS.firstEventsMs} ms after the script (Chromium, median of ${COLD_RUNS} cold loads)`,
    value: ms(a.scriptToFirstEvents),
    ok: a.scriptToFirstEvents <= BUDGETS.firstEventsMs,
  });
  targets.push({
    target: `≤ ${BUDGETS.firstViewGzip / 1000} KB gzip fetched before interaction or idle`,
    value: `${kb(a.gzipBefore)} (every request started before the first events)`,
    ok: a.gzipBefore <= BUDGETS.firstViewGzip,
  });
}
for (const t of targets)
  rows.push([t.target, `${t.value} ${t.ok === null ? 'SKIP' : t.ok ? 'PASS' : 'MISS'}`]);
results.targets = targets;

const head = ['', ...COLS];
const width = head.map((h, i) =>
  Math.max(h.length, ...rows.filter((r) => r.length > 1).map((r) => (r[i] ?? '').length)),
);
const line = (r) =>
  r
    .map((c, i) => (i === 0 ? (c ?? '').padEnd(width[0]) : (c ?? '').padStart(width[i])))
    .join('  ')
    .trimEnd();
const text = [
  `pfp-almanac ${results.versions['pfp-almanac']} benchmark — ${results.machine.cpus} × ${results.machine.cpu}, Node ${process.version}${results.chromium.version ? `, Chromium ${results.chromium.version}` : ''}`,
  `×r = pfp-almanac ÷ peer (times, sizes: above 1 the almanac is slower / bigger; recall: above 1 it finds more). Medians of repeated runs; p95 over queries.`,
  line(head),
  ...rows.map((r) => (r.length === 1 ? r[0] : line(r))),
  '',
  'Peers (versions ' +
    ['minisearch', 'flexsearch', 'fuse.js', '@knight-lab/timelinejs']
      .map((p) => `${p} ${results.versions[p]}`)
      .join(', ') +
    '), configured for a fair comparison:',
  ...Object.entries(E.CONFIG).map(([k, v]) => `  ${E.NAMES[k]}: ${v}`),
  `  TimelineJS3: size (dist/js/timeline.js + dist/css/timeline.css) and first view (bench/browser/timelinejs.html: its defaults, script_path set to the same copy, the almanac's events).`,
  `  Browser builds: ${Object.entries(PEER_FILES)
    .map(([, f]) => f.join(' + ').replaceAll('node_modules/', ''))
    .join('; ')}.`,
  `Memory: read from the wasm \`memory\` export (wasm-bindgen's init() returns the initialised exports). Peers' index memory: JS heap growth after building (gc() between), passages excluded.`,
  ...firstViewNotes(),
];
console.log(text.join('\n'));
const scaleTable = results.scale
  ? (await import('./scale.mjs')).scaleTable(results.scale)
  : { text: 'How cost grows: skipped (--no-scale)', md: '' };
console.log(`\n${scaleTable.text}`);

// Markdown: the table of bench/README.md (copy it there when the figures change).
const md = [
  `| | ${COLS.join(' | ')} |`,
  `| --- |${COLS.map(() => ' ---: |').join('')}`,
  ...rows
    .filter((r) => !(r[0] ?? '').startsWith('  dist/'))
    .map((r) =>
      r.length === 1
        ? `| **${r[0].replace(/^— /, '').replaceAll('<', '&lt;')}** |${COLS.map(() => ' |').join('')}`
        : `| ${r[0].trim().replaceAll('<', '&lt;')} | ${COLS.map((_, i) => (r[i + 1] ?? '').replaceAll('|', '\\|').replaceAll('<', '&lt;')).join(' | ')} |`,
    ),
];
results.table = text;
results.scaleTable = scaleTable.text;
await writeFile(
  new URL('./results.json', import.meta.url),
  `${JSON.stringify(results, null, 1)}\n`,
);
await writeFile(
  new URL('./results.md', import.meta.url),
  `${md.join('\n')}\n${scaleTable.md ? `\nHow cost grows:\n\n${scaleTable.md}\n` : ''}`,
);
log('wrote bench/results.json and bench/results.md');

/** The first view's requests, one line each: gzip -9 of its file, when (median ms after the script arrived), in how many runs before the first events. */
function firstViewNotes() {
  if (!fv) return [];
  const lines = [
    `First view: each request (gzip -9 of its file; requested at, median ms after the script arrived; in how many of ${COLD_RUNS} runs it started before the first events):`,
  ];
  for (const [name, side] of [
    ['pfp-almanac (bench/browser/widget.html)', fv.almanac],
    ['TimelineJS3 (bench/browser/timelinejs.html)', fv.timelinejs],
  ]) {
    lines.push(`  ${name}:`);
    for (const r of side.resources)
      lines.push(
        `    ${r.path.replace(/^node_modules\/@knight-lab\/timelinejs\//, '')}  ${r.external ? 'not on this machine, not fetched, 0' : kb(r.gzip)}  at ${ms(r.requestedAfterScript)}  before: ${r.before}/${r.runs}`,
      );
  }
  return lines;
}
function pick(o, keys) {
  return Object.fromEntries(keys.map((k) => [k, o[k]]));
}
function countBy(list, key) {
  const out = {};
  for (const x of list) out[key(x)] = (out[key(x)] ?? 0) + 1;
  return out;
}
