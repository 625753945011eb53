// Times the built package in Node: cold load (wasm compile + corpus decode + indexes) and the
// median / p95 of lookup, search and timeline over query sets drawn from the corpus itself.
// Prints a table; asserts nothing. Run after `npm run build`: `node bench/node.mjs`.
import { performance } from 'node:perf_hooks';

const t0 = performance.now();
const { load } = await import('../dist/node.js');
const almanac = await load();
const firstAnswer = almanac.search('Partnership for Peace').total;
const coldMs = performance.now() - t0;

function stats(samples) {
  const s = [...samples].sort((a, b) => a - b);
  return { median: s[Math.floor(s.length / 2)], p95: s[Math.floor(s.length * 0.95)] };
}

function time(label, inputs, fn, rounds = 5) {
  const samples = [];
  for (let r = 0; r < rounds; r++) {
    for (const input of inputs) {
      const t = performance.now();
      fn(input);
      samples.push((performance.now() - t) * 1000);
    }
  }
  const { median, p95 } = stats(samples);
  console.log(`${label.padEnd(46)} ${median.toFixed(1).padStart(9)} µs ${p95.toFixed(1).padStart(9)} µs  (${samples.length} runs)`);
}

// Query sets from the corpus: every entity name and alias; words and word pairs of passages.
const stats0 = almanac.stats();
const names = [];
for (const e of almanac.timeline({}).flatMap((ev) => ev.entities)) {
  const entity = almanac.entity(e);
  if (entity && !names.includes(entity.name)) names.push(entity.name, ...entity.aliases);
}
const words = [];
for (const doc of almanac.documents()) {
  for (const id of doc.passages.slice(0, 30)) {
    const w = almanac.passage(id).text.split(/\s+/).filter((x) => x.length > 5);
    if (w.length > 2) words.push(w[1], `${w[1]} ${w[2]}`, w[2].slice(0, 4));
  }
}

console.log(`corpus: ${stats0.documents} documents, ${stats0.passages} passages, ${stats0.entities} entities, ${stats0.events} events`);
console.log(`cold start in Node (import + load() + first search, ${firstAnswer} hits): ${coldMs.toFixed(1)} ms`);
console.log(`${'operation'.padEnd(46)} ${'median'.padStart(12)} ${'p95'.padStart(12)}`);
time(`lookup (${names.length} names and aliases)`, names, (n) => almanac.lookup(n));
time('lookup near miss', ['Kyrgystan', 'Travemunde', 'Herzegowina', 'Madedonia'], (n) => almanac.lookup(n));
time(`search (${words.length} words, pairs, prefixes)`, words, (q) => almanac.search(q));
time('timeline (years 1991..2023)', Array.from({ length: 33 }, (_, i) => String(1991 + i)), (y) => almanac.timeline({ from: y, to: y }));
time('timeline (entity, by id)', names.slice(0, 50).map((n) => almanac.lookup(n)?.id).filter(Boolean), (id) => almanac.timeline({ entity: id }));
