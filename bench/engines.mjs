// The four search engines, configured once, used the same way in Node (bench/node.mjs) and in
// Chromium (bench/browser/search.mjs). The libraries are passed in (imported from npm in Node, from
// their browser builds under /node_modules/ in the page), so this file imports nothing.
// Every engine answers with the ids of its top 10 passages.
import { stats, timeEach } from './queries.mjs';

export const TOP = 10;

/** How each engine is set up: printed with the results, so the comparison can be judged. */
export const CONFIG = {
  almanac:
    'load() = wasm compile + instantiate + bundled corpus decode (the id, name and BM25 indexes are built on first use; "index build alone" = new Almanac() + a first search and lookup, which build them); search(q, { limit: 10 }) (its own folding, stemming, prefix and fuzzy rules; also builds snippets and highlights for the 10 hits)',
  minisearch:
    "new MiniSearch({ fields: ['text'] }), addAll(passages); search(q, { prefix: true, fuzzy: 0.2 }) (OR of terms, default tokenizer, no stemmer), first 10",
  flexsearch:
    "new Index({ tokenize: 'forward' }) (default encoder), add(i, text) per passage; search(q, { limit: 10, suggest: true }) (suggest: partial matches instead of all-terms-or-nothing)",
  fuse: "new Fuse(passages, { keys: ['text'], threshold: 0.4, ignoreLocation: true }); search(q, { limit: 10 })",
};

export const NAMES = {
  almanac: 'pfp-almanac',
  minisearch: 'MiniSearch',
  flexsearch: 'FlexSearch',
  fuse: 'Fuse.js',
};

/**
 * Index builders. Each returns `search(q) -> passage ids (top 10)`.
 * @param {{ MiniSearch, FlexSearch: { Index }, Fuse }} libs
 * @param {{ id: string, text: string }[]} passages
 */
export function builders(libs, passages) {
  return {
    minisearch() {
      const ms = new libs.MiniSearch({
        fields: ['text'],
        idField: 'id',
        searchOptions: { prefix: true, fuzzy: 0.2 },
      });
      ms.addAll(passages);
      return (q) =>
        ms
          .search(q)
          .slice(0, TOP)
          .map((r) => r.id);
    },
    flexsearch() {
      const index = new libs.FlexSearch.Index({ tokenize: 'forward' });
      for (const [i, p] of passages.entries()) index.add(i, p.text);
      return (q) => index.search(q, { limit: TOP, suggest: true }).map((i) => passages[i].id);
    },
    fuse() {
      const fuse = new libs.Fuse(passages, {
        keys: ['text'],
        threshold: 0.4,
        ignoreLocation: true,
      });
      return (q) => fuse.search(q, { limit: TOP }).map((r) => r.item.id);
    },
  };
}

/** An almanac with every index built: they are built on first use (a search, a lookup). */
export const almanacBuild = (Almanac) => () => {
  const almanac = new Almanac();
  almanac.search('index', { limit: 1 });
  almanac.lookup('index');
  return almanac;
};
export const almanacSearch = (almanac) => (q) =>
  almanac.search(q, { limit: TOP }).hits.map((h) => h.passage);

/**
 * Times `search` over the queries (bench/queries.mjs timeEach: warm-up pass, then `rounds` passes,
 * each query's median kept); returns median and p95 over queries (µs), and medians per query kind.
 */
export function timeQueries(search, queries, { rounds = 5 } = {}) {
  const t = timeEach(queries, ({ q }) => search(q), { rounds });
  const byKind = {};
  for (const kind of new Set(queries.map((x) => x.kind))) {
    byKind[kind] = stats(t.each.filter((_, i) => queries[i].kind === kind)).median;
  }
  return { median: t.median, p95: t.p95, byKind, queries: queries.length, rounds, inner: t.inner };
}

/** Builds an index `runs` times; returns the build median (ms) and the last search function. */
export function timeBuild(build, { runs = 5, now = () => performance.now(), dispose } = {}) {
  const samples = [];
  let search;
  for (let r = 0; r < runs; r++) {
    const t = now();
    const built = build();
    samples.push(now() - t);
    // All but the last are let go (outside the timing): a wasm instance's memory is not collected.
    if (dispose && search !== undefined) dispose(search);
    search = built;
  }
  return { ms: stats(samples).median, runs, search };
}

/** recall@10 of the expected passage over the labelled questions; also lists the misses. */
export function recall(search, questions) {
  const misses = [];
  let hit = 0;
  for (const { q, expected } of questions) {
    const ids = search(q);
    if (ids.slice(0, TOP).includes(expected)) hit++;
    else misses.push(q);
  }
  return { recall: hit / questions.length, hits: hit, of: questions.length, misses };
}
