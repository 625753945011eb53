// Chromium side of the search benchmark (bench/node.mjs drives it with Playwright). The almanac from
// dist/index.js; the peers from their own browser builds under /node_modules/; the same engine
// configuration and timing code as in Node (bench/engines.mjs).
import { load, Almanac } from '/dist/index.js';
import init from '/dist/wasm/pfp_almanac.js';
import MiniSearch from '/node_modules/minisearch/dist/es/index.js';
import * as FlexSearch from '/node_modules/flexsearch/dist/flexsearch.bundle.module.min.mjs';
import Fuse from '/node_modules/fuse.js/dist/fuse.min.mjs';
import { timeEach } from '/bench/queries.mjs';
import {
  builders,
  almanacBuild,
  almanacSearch,
  timeQueries,
  timeBuild,
  recall,
} from '/bench/engines.mjs';

window.runBench = async ({ queries, questions, names, windows, rounds, buildRuns }) => {
  const almanac = await load();
  const wasm = await init(); // already initialised by load(): returns the same exports, memory included
  const memoryAfterLoad = wasm.memory.buffer.byteLength;
  const passages = almanac
    .documents()
    .flatMap((d) => d.passages.map((id) => ({ id, text: almanac.passage(id).text })));

  const out = {
    crossOriginIsolated: self.crossOriginIsolated,
    passages: passages.length,
    engines: {},
  };
  // The almanac's index build alone (new Almanac() over the bundled corpus and its indexes, built
  // on the first query; the wasm is compiled).
  const indexBuild = timeBuild(almanacBuild(Almanac), {
    runs: buildRuns,
    dispose: (a) => a.free(),
  });
  indexBuild.search.free();
  const engines = {
    almanac: { search: almanacSearch(almanac), buildMs: null, indexOnlyMs: indexBuild.ms },
  };
  for (const [name, build] of Object.entries(
    builders({ MiniSearch, FlexSearch, Fuse }, passages),
  )) {
    const b = timeBuild(build, { runs: buildRuns });
    engines[name] = { search: b.search, buildMs: b.ms };
  }
  for (const [name, e] of Object.entries(engines)) {
    out.engines[name] = {
      buildMs: e.buildMs,
      indexOnlyMs: e.indexOnlyMs,
      ...timeQueries(e.search, queries, { rounds }),
      ...recall(e.search, questions),
    };
  }
  const time = (inputs, fn) => {
    const { each, ...t } = timeEach(inputs, fn, { rounds });
    return t;
  };
  out.lookup = time(names, (n) => almanac.lookup(n));
  out.timeline = time(windows, (w) => almanac.timeline(w));
  out.memory = { afterLoad: memoryAfterLoad, afterBench: wasm.memory.buffer.byteLength };
  return out;
};
window.benchReady = true;
