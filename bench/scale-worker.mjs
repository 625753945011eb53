// One fresh load of a corpus bundle in a new worker thread (a new JS realm: the wasm is compiled and
// instantiated again), for bench/scale.mjs. workerData: { bundle (path), queries ([{ kind, q }] or
// null), rounds }. Posts { loadMs, timelineMs, events, memory: { afterLoad, afterTimeline } }, and
// with queries also { stats, firstSearchMs, search: { median, p95 }, memory.afterSearch }.
import { readFile } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';
import { almanacSearch, timeQueries } from './engines.mjs';

const { bundle, queries, rounds } = workerData;
const bytes = await readFile(bundle); // read before the clock starts: load() is timed, not the disk
const { load } = await import('../dist/node.js');
const t0 = performance.now();
const almanac = await load({ corpus: bytes });
const t1 = performance.now();
// load() initialised the wasm already: init() returns the same exports, with its linear memory.
const { default: initWasm } = await import('../dist/wasm/pfp_almanac.js');
const { memory } = await initWasm();
const afterLoad = memory.buffer.byteLength;
const t2 = performance.now();
const events = almanac.timeline({}).length; // the first timeline, the whole range
const t3 = performance.now();
const out = {
  loadMs: t1 - t0,
  timelineMs: t3 - t2,
  events,
  memory: { afterLoad, afterTimeline: memory.buffer.byteLength },
};
if (queries) {
  out.stats = almanac.stats();
  const t4 = performance.now();
  almanac.search(queries[0].q, { limit: 10 }); // the first search builds the BM25 index
  out.firstSearchMs = performance.now() - t4;
  const { median, p95 } = timeQueries(almanacSearch(almanac), queries, { rounds });
  out.search = { median, p95 };
  out.memory.afterSearch = memory.buffer.byteLength;
}
parentPort.postMessage(out);
