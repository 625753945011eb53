// How cost grows (issue 13): the corpus at 1×, 10× and 100× its size, side by side. Run by
// `npm run bench` (bench/node.mjs; `--no-scale` skips it, `--scale=1,10` chooses the sizes), or
// alone: `node bench/scale.mjs [--scale=1,10,100] [--quick]`. Asserts nothing about speed.
//
// 1× is corpus/ itself; 10× and 100× are written by bench/synth-corpus.mjs into a temporary folder
// (removed afterwards). For each size:
// - compile: `node dist/cli.mjs build <folder> -o <file>` (the npm command, the compiler in wasm),
//   wall time of the whole command, once;
// - bundle bytes: raw, gzip -9, brotli -q 11 (node:zlib), as the rest of the bench counts them;
//   above BROTLI_Q11_MAX raw bytes brotli -q 9, because -q 11 took 51 s on the 21 MB bundle
//   (and came out 13 % smaller than -q 9);
// - load(): `load({ corpus: bytes })` in a fresh worker thread (wasm compile + instantiate + the
//   bundle's decode and check), median of several workers; in each, the first `timeline()` of the
//   whole range;
// - search: one more worker: its first search (which builds the BM25 index), then the bench's
//   query set (bench/queries.mjs, drawn from the real corpus, so the same queries at every size),
//   median and p95 over the queries of each query's median over `rounds` passes;
// - wasm memory: the `memory` export's size after load(), the first timeline and the searches.
import { spawnSync } from 'node:child_process';
import { readFile, rm, mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { brotliCompressSync, gzipSync, constants as zlib } from 'node:zlib';
import { stats } from './queries.mjs';
import { synthCorpus } from './synth-corpus.mjs';
import { ms, us } from './format.mjs';

const repo = resolve(fileURLToPath(new URL('..', import.meta.url)));
export const FACTORS = [1, 10, 100];
const BROTLI_Q11_MAX = 4e6;
/** Lighthouse's "slow 4G" (its mobile throttling): 1.6 Mbit/s down, 150 ms round trip. */
export const SLOW_4G = { bitsPerSecond: 1.6e6, rttMs: 150 };

function worker(bundle, queries, rounds) {
  return new Promise((ok, fail) => {
    const w = new Worker(new URL('./scale-worker.mjs', import.meta.url), {
      workerData: { bundle, queries, rounds },
    });
    w.once('message', (m) => {
      ok(m);
      w.terminate();
    });
    w.once('error', fail);
  });
}

/**
 * Measures each size. `queries`: [{ kind, q }] (bench/queries.mjs makeQueries over the real
 * corpus's passages). Returns one entry per factor.
 */
export async function scale({
  factors = FACTORS,
  queries,
  quick = false,
  log = (...a) => process.stderr.write(`${a.join(' ')}\n`),
}) {
  const tmp = await mkdtemp(join(os.tmpdir(), 'pfp-almanac-scale-'));
  const out = [];
  try {
    for (const factor of factors) {
      let folder = join(repo, 'corpus');
      if (factor !== 1) {
        folder = join(tmp, `x${factor}`);
        const t = performance.now();
        await synthCorpus(factor, folder, { from: join(repo, 'corpus') });
        log(`scale ${factor}×: corpus written in ${((performance.now() - t) / 1000).toFixed(1)} s`);
      }
      const bundle = join(tmp, `x${factor}.almanac`);
      log(`scale ${factor}×: compiling (node dist/cli.mjs build)`);
      const t = performance.now();
      const run = spawnSync(
        process.execPath,
        [join(repo, 'dist/cli.mjs'), 'build', folder, '-o', bundle],
        {
          encoding: 'utf8',
          maxBuffer: 1 << 28,
        },
      );
      const compileMs = performance.now() - t;
      if (run.status !== 0)
        throw new Error(
          `scale ${factor}×: the corpus does not compile:\n${run.stderr.split('\n').slice(0, 20).join('\n')}`,
        );
      const compilerMs = Number(run.stdout.match(/; (\d+) ms/)?.[1] ?? Number.NaN);
      const bytes = await readFile(bundle);
      log(`scale ${factor}×: compressing ${bytes.length} bytes`);
      const brotliQuality = bytes.length <= BROTLI_Q11_MAX ? 11 : 9;
      const size = {
        raw: bytes.length,
        gzip: gzipSync(bytes, { level: 9 }).length,
        brotli: brotliCompressSync(bytes, {
          params: {
            [zlib.BROTLI_PARAM_QUALITY]: brotliQuality,
            [zlib.BROTLI_PARAM_SIZE_HINT]: bytes.length,
          },
        }).length,
        brotliQuality,
      };
      const runs = quick ? 2 : factor >= 100 ? 3 : 5;
      log(`scale ${factor}×: ${runs} fresh loads, then ${queries.length} searches`);
      const cold = [];
      for (let i = 0; i < runs; i++) cold.push(await worker(bundle, null, 0));
      const full = await worker(bundle, queries, quick || factor >= 100 ? 2 : 3);
      out.push({
        factor,
        corpus: full.stats,
        compileMs,
        compilerMs,
        size,
        loadRuns: runs,
        loadMs: stats(cold.map((c) => c.loadMs)).median,
        firstTimelineMs: stats(cold.map((c) => c.timelineMs)).median,
        events: full.events,
        firstSearchMs: full.firstSearchMs,
        search: full.search,
        queries: queries.length,
        memory: {
          afterLoad: stats(cold.map((c) => c.memory.afterLoad)).median,
          afterTimeline: stats(cold.map((c) => c.memory.afterTimeline)).median,
          afterSearch: full.memory.afterSearch,
        },
      });
      await rm(bundle, { force: true });
      if (factor !== 1) await rm(folder, { recursive: true, force: true });
    }
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
  return out;
}

const mb = (b) =>
  b >= 1e6 ? `${(b / 1e6).toFixed(2)} MB` : b >= 1e3 ? `${(b / 1e3).toFixed(1)} KB` : `${b} B`;
/** Seconds to fetch `bytes` over slow 4G: one round trip, then the bytes at its throughput. */
export const slow4gMs = (bytes) => SLOW_4G.rttMs + ((bytes * 8) / SLOW_4G.bitsPerSecond) * 1000;

/** The table: one row per measure, one column per size. Returns { rows, text, md }. */
export function scaleTable(list) {
  const head = ['', ...list.map((r) => `${r.factor}×`)];
  const row = (label, f) => [label, ...list.map(f)];
  const rows = [
    row(
      'corpus: documents / passages / entities / events',
      (r) =>
        `${r.corpus.documents} / ${r.corpus.passages} / ${r.corpus.entities} / ${r.corpus.events}`,
    ),
    row('compile: `node dist/cli.mjs build` (wall, once)', (r) => ms(r.compileMs)),
    row('bundle: raw', (r) => mb(r.size.raw)),
    row('bundle: gzip -9', (r) => mb(r.size.gzip)),
    row(
      'bundle: brotli (-q 11; -q 9 above 4 MB)',
      (r) => `${mb(r.size.brotli)} q${r.size.brotliQuality}`,
    ),
    row('  the brotli bundle over slow 4G (1.6 Mbit/s, 150 ms RTT)', (r) =>
      ms(slow4gMs(r.size.brotli)),
    ),
    row('load({ corpus }) in a fresh worker (median)', (r) => `${ms(r.loadMs)} (of ${r.loadRuns})`),
    row(
      'first timeline(), the whole range (median)',
      (r) => `${ms(r.firstTimelineMs)} (${r.events} events)`,
    ),
    row('first search (builds the BM25 index)', (r) => ms(r.firstSearchMs)),
    row(list[0] ? `search median (${list[0].queries} queries)` : 'search median', (r) =>
      us(r.search.median),
    ),
    row('search p95', (r) => us(r.search.p95)),
    row('wasm memory: after load()', (r) => mb(r.memory.afterLoad)),
    row('wasm memory: after the first timeline', (r) => mb(r.memory.afterTimeline)),
    row('wasm memory: after the searches', (r) => mb(r.memory.afterSearch)),
  ];
  const width = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r) =>
    r
      .map((c, i) => (i === 0 ? c.padEnd(width[0]) : c.padStart(width[i])))
      .join('  ')
      .trimEnd();
  const text = [
    'How cost grows: the corpus at each size (10× and 100×: bench/synth-corpus.mjs copies of it)',
    line(head),
    ...rows.map(line),
  ].join('\n');
  const md = [
    `| | ${head.slice(1).join(' | ')} |`,
    `| --- |${head
      .slice(1)
      .map(() => ' ---: |')
      .join('')}`,
    ...rows.map((r) => `| ${r[0].trim()} | ${r.slice(1).join(' | ')} |`),
  ].join('\n');
  return { rows, text, md };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const arg = process.argv.find((a) => a.startsWith('--scale='));
  const factors = arg ? arg.slice('--scale='.length).split(',').map(Number) : FACTORS;
  const { load } = await import('../dist/node.js');
  const { makeQueries } = await import('./queries.mjs');
  const almanac = await load();
  const passages = almanac
    .documents()
    .flatMap((d) => d.passages.map((id) => ({ id, text: almanac.passage(id).text })));
  const list = await scale({
    factors,
    queries: makeQueries(passages),
    quick: process.argv.includes('--quick'),
  });
  console.log(scaleTable(list).text);
}
