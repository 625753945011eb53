// One cold start of the almanac in a fresh worker thread (a new JS realm: the wasm is read,
// compiled and instantiated again). Posts { importMs, loadMs, firstMs, totalMs } to the parent.
import { parentPort } from 'node:worker_threads';
import { performance } from 'node:perf_hooks';

const t0 = performance.now();
const { load } = await import('../dist/node.js');
const t1 = performance.now();
const almanac = await load();
const t2 = performance.now();
const hits = almanac.search('Partnership for Peace', { limit: 10 }).hits.length;
const t3 = performance.now();
parentPort.postMessage({
  importMs: t1 - t0,
  loadMs: t2 - t1,
  firstMs: t3 - t2,
  totalMs: t3 - t0,
  hits,
});
