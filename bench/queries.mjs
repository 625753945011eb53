// The benchmark's query set, generated deterministically (seeded PRNG) from the passages, so Node
// and Chromium (and every run) ask the same questions. Shared by bench/node.mjs and
// bench/browser/search.mjs: no Node or DOM APIs here.

export const SEED = 0x9f0a1994;

/** mulberry32: a small, fast, well-mixed 32-bit PRNG. */
export function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Words too common to be a useful query on their own (a query set of "the" and "and" would measure
// nothing but posting-list length).
const STOP = new Set(
  'the and for that with this from which will their have has been were was are its they them those other also such into under between over more than not all any each may would can who what when where why how our your his her per one two three'.split(
    ' ',
  ),
);

/** Words of a passage: letters (any script) and digits, apostrophes and hyphens inside words. */
export function words(text) {
  return text.match(/[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu) ?? [];
}

const useful = (w) => w.length >= 4 && /\p{L}/u.test(w) && !STOP.has(w.toLowerCase());

/** A deterministic one-edit misspelling: swap two inner letters, drop one, double one, or replace a vowel. */
function misspell(word, r) {
  const chars = [...word];
  const i = 1 + Math.floor(r() * (chars.length - 2)); // never the first letter
  switch (Math.floor(r() * 4)) {
    case 0: // transposition
      if (i + 1 < chars.length) [chars[i], chars[i + 1]] = [chars[i + 1], chars[i]];
      else chars.splice(i, 1);
      break;
    case 1: // deletion
      chars.splice(i, 1);
      break;
    case 2: // doubling
      chars.splice(i, 0, chars[i]);
      break;
    default: {
      // substitution of a vowel (or of the letter at i)
      const v = chars.findIndex((c, k) => k >= i && /[aeiou]/i.test(c));
      const k = v === -1 ? i : v;
      chars[k] = chars[k] === 'e' ? 'a' : 'e';
    }
  }
  const out = chars.join('');
  return out === word ? `${word.slice(0, -1)}` : out;
}

/**
 * The query set: `counts` words, two-word phrases, prefixes and misspellings, drawn with a seeded
 * PRNG from the passages' own vocabulary. Returns [{ kind, q, from }] (from: the passage drawn).
 * @param {{ id: string, text: string }[]} passages
 */
export function makeQueries(
  passages,
  { seed = SEED, counts = { word: 40, phrase: 30, prefix: 25, misspelling: 25 } } = {},
) {
  const r = rng(seed);
  const pick = (n) => Math.floor(r() * n);
  // Only passages with something to draw from (rows such as "Canada le Canada Канада" are fine).
  const pool = passages
    .map((p) => ({ id: p.id, w: words(p.text) }))
    .filter((p) => p.w.filter(useful).length >= 2);
  const seen = new Set();
  const out = [];
  const add = (kind, q, from) => {
    const key = q.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    out.push({ kind, q, from });
    return true;
  };
  const draw = (kind, n, make) => {
    let made = 0;
    for (let tries = 0; made < n && tries < n * 50; tries++) {
      const p = pool[pick(pool.length)];
      const q = make(p);
      if (q && add(kind, q, p.id)) made++;
    }
  };
  draw('word', counts.word, (p) => {
    const ws = p.w.filter(useful);
    return ws[pick(ws.length)];
  });
  draw('phrase', counts.phrase, (p) => {
    for (let t = 0; t < 10; t++) {
      const i = pick(p.w.length - 1);
      const [a, b] = [p.w[i], p.w[i + 1]];
      if (b !== undefined && (useful(a) || useful(b)) && a.length + b.length >= 7)
        return `${a} ${b}`;
    }
    return null;
  });
  draw('prefix', counts.prefix, (p) => {
    const ws = p.w.filter((w) => useful(w) && w.length >= 6);
    if (ws.length === 0) return null;
    const w = ws[pick(ws.length)];
    return w.slice(0, 3 + pick(Math.min(3, w.length - 4))); // 3 to 5 letters
  });
  draw('misspelling', counts.misspelling, (p) => {
    const ws = p.w.filter((w) => useful(w) && w.length >= 6 && /^\p{L}+$/u.test(w));
    if (ws.length === 0) return null;
    return misspell(ws[pick(ws.length)], r);
  });
  return out;
}

/** Median and p95 (nearest rank) of a list of numbers. */
export function stats(samples) {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q) => s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))];
  return { median: at(0.5), p95: at(0.95), min: s[0], max: s[s.length - 1], n: s.length };
}

/**
 * Times `fn` over `inputs`: one untimed warm-up pass, which also sets how many calls make one sample
 * (enough for a sample to last about `minSampleUs`, so a 5 µs browser clock can time a 5 µs call:
 * each sample is the time of `inner` back-to-back calls with the same input, divided by `inner`);
 * then `rounds` passes. Each input's time is its median over the passes; returns median and p95
 * over inputs (µs), the per-input medians, and `inner`.
 */
export function timeEach(
  inputs,
  fn,
  { rounds = 5, minSampleUs = 200, now = () => performance.now() } = {},
) {
  const t0 = now();
  for (const x of inputs) fn(x);
  const mean = ((now() - t0) * 1000) / inputs.length;
  const inner = Math.max(1, Math.min(1000, Math.ceil(minSampleUs / Math.max(mean, 0.05))));
  const per = inputs.map(() => []);
  for (let r = 0; r < rounds; r++) {
    inputs.forEach((x, i) => {
      const t = now();
      for (let k = 0; k < inner; k++) fn(x);
      per[i].push(((now() - t) * 1000) / inner);
    });
  }
  const each = per.map((s) => stats(s).median);
  return { ...stats(each), inner, each };
}

/** Entity ids declared in the text of corpus entity files (`corpus/entities/*.toml`). */
export function entityIdsIn(tomlTexts) {
  return tomlTexts.flatMap((text) => [...text.matchAll(/^id = "([^"]+)"/gm)].map((m) => m[1]));
}

/**
 * Lookup and timeline inputs: every name, alias and translated name of every entity in `entityIds`,
 * and timeline windows (all, each year 1990-2023, five-year spans, months of 1994, each entity, each
 * kind alone and within 1994-2009). Throws when an id is not in the almanac.
 */
export function lookupInputs(almanac, entityIds) {
  const names = [
    ...new Set(
      entityIds.flatMap((id) => {
        const e = almanac.entity(id);
        if (e === null) throw new Error(`bench: entity ${id} (corpus/entities) not in the bundle`);
        return [e.name, ...e.aliases, ...Object.values(e.names ?? {})];
      }),
    ),
  ];
  const kinds = [...new Set(almanac.timeline({}).map((e) => e.kind))];
  const windows = [
    {},
    ...Array.from({ length: 34 }, (_, i) => ({ from: String(1990 + i), to: String(1990 + i) })),
    ...Array.from({ length: 7 }, (_, i) => ({
      from: String(1990 + 5 * i),
      to: String(1994 + 5 * i),
    })),
    ...Array.from({ length: 12 }, (_, i) => ({
      from: `1994-${String(i + 1).padStart(2, '0')}`,
      to: `1994-${String(i + 1).padStart(2, '0')}`,
    })),
    ...entityIds.map((entity) => ({ entity })),
    ...kinds.map((k) => ({ kinds: [k] })),
    ...kinds.map((k) => ({ from: '1994', to: '2009', kinds: [k] })),
  ];
  return { names, kinds, windows };
}

/**
 * The i-th call of the mixed query stream (the 100,000-query memory run of bench/node.mjs and
 * tests/js/load.test.mjs): search, lookup, timeline and suggest in turn, each cycling through its
 * inputs. Returns [method, args] for `almanac[method](...args)`.
 */
export function mixedQuery(i, { queries, names, windows }) {
  const k = i >> 2;
  switch (i % 4) {
    case 0:
      return ['search', [queries[k % queries.length].q, { limit: 10 }]];
    case 1:
      return ['lookup', [names[k % names.length]]];
    case 2:
      return ['timeline', [windows[k % windows.length]]];
    default:
      return ['suggest', [names[k % names.length].slice(0, 3)]];
  }
}
