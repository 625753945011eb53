#!/usr/bin/env node
// A synthetic corpus `factor` times the size of a real one, for the "How cost grows" step of
// `npm run bench` (bench/scale.mjs). Deterministic: the same factor gives the same folder.
//
//   node bench/synth-corpus.mjs <factor> <out-folder> [--from corpus]
//
// Copy 0 is the real corpus, unchanged. Copy k (1 ≤ k < factor) has every document, entity, event
// and disagreement again, with `-ck` added to each id and to each source file's name, and one
// transformation T_k applied to every source text and to every string the compiler compares with
// them (quotes, names, aliases) or that a reader reads (descriptions, facts, titles, readings):
// - words: each ASCII word of 4 letters or more is replaced by another word of the corpus's own
//   vocabulary of the same length (a seeded permutation per copy and per length, case kept), so
//   the copies share the real corpus's vocabulary and word frequencies (search postings grow with
//   the corpus, as they would with more documents on the same subject), and every line keeps its
//   length (headings, table rows and passage boundaries come out the same);
// - years: every 19xx / 20xx becomes 100·s years later (s = 1 + (k - 1) mod 79, so years stay
//   4-digit), in the texts and in the dates alike, so the timeline spreads over the centuries and
//   "26.04.95" still gives the year (the last two digits do not change).
// A word is left as it is when the compiler reads it for itself: month names (dates are checked
// against their quotes), roman numerals, words inside [...] (footnote markers), the halves of words
// hyphenated across a line break and their joined form, words with capitals inside ("PfP"), and the
// ASCII spelling of a word written with diacritics (names are compared folded). T_k is one
// bijection on words applied everywhere, so each quote is found in its copied passage exactly as
// in the original, and the real compiler checks it again.
import { copyFile, mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rng } from './queries.mjs';

const SEED = 0x5ca1e000;

const MONTHS = (
  'january february march april may june july august september october november december sept ' +
  'janvier fevrier mars avril mai juin juillet aout septembre octobre novembre decembre'
).split(' ');

const fold = (w) => w.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

/**
 * The corpus's vocabulary: the ASCII words of the source texts that T_k may replace, grouped by
 * length. `others` (the TOML files) can only keep words as they are: a name written with diacritics
 * ("Communiqué") is compared folded with the sources ("COMMUNIQUE").
 */
function vocabulary(texts, others) {
  const keep = new Set(MONTHS);
  const words = new Set();
  for (const text of others) {
    for (const w of text.match(/\p{L}+/gu) ?? []) {
      if (!/^[A-Za-z]+$/.test(w)) keep.add(fold(w));
      else if (casing(w) === null) keep.add(w.toLowerCase());
    }
  }
  for (const text of texts) {
    for (const m of text.matchAll(/(\p{L}+)-[ \t]*\r?\n\s*(\p{L}+)/gu)) {
      keep
        .add(m[1].toLowerCase())
        .add(m[2].toLowerCase())
        .add((m[1] + m[2]).toLowerCase());
    }
    for (const m of text.matchAll(/\[([^\]\n]*)\]/g))
      for (const w of m[1].match(/\p{L}+/gu) ?? []) keep.add(w.toLowerCase());
    for (const w of text.match(/\p{L}+/gu) ?? []) {
      if (!/^[A-Za-z]+$/.test(w)) keep.add(fold(w));
      else if (casing(w) === null) keep.add(w.toLowerCase());
      else words.add(w.toLowerCase());
    }
  }
  const byLength = new Map();
  for (const w of [...words].sort()) {
    if (w.length < 4 || keep.has(w) || /^[ivxlcdm]+$/.test(w)) continue;
    if (!byLength.has(w.length)) byLength.set(w.length, []);
    byLength.get(w.length).push(w);
  }
  return byLength;
}

/** How a word is written: 'lower', 'upper', 'title', or null (capitals inside, as in "PfP"). */
function casing(w) {
  if (w === w.toLowerCase()) return 'lower';
  if (w.length > 1 && w === w.toUpperCase()) return 'upper';
  if (w === w[0].toUpperCase() + w.slice(1).toLowerCase()) return 'title';
  return null;
}

/** T_k: the word map (a seeded permutation of each length class) and the year shift of copy k. */
export function transform(byLength, k) {
  const r = rng(SEED + k);
  const map = new Map();
  for (const list of byLength.values()) {
    const to = [...list];
    for (let i = to.length - 1; i > 0; i--) {
      const j = Math.floor(r() * (i + 1));
      [to[i], to[j]] = [to[j], to[i]];
    }
    for (const [i, w] of list.entries()) map.set(w, to[i]);
  }
  const shift = 100 * (1 + ((k - 1) % 79));
  const year = (y) => (y >= 1900 && y <= 2099 ? y + shift : y);
  const word = (w) => {
    const to = /^[A-Za-z]+$/.test(w) ? map.get(w.toLowerCase()) : undefined;
    if (to === undefined) return w;
    switch (casing(w)) {
      case 'lower':
        return to;
      case 'upper':
        return to.toUpperCase();
      case 'title':
        return to[0].toUpperCase() + to.slice(1);
      default:
        return w;
    }
  };
  const text = (s) =>
    s
      .replace(/\p{L}+/gu, word)
      .replace(/(?<!\d)(?:19|20)\d\d(?!\d)/g, (y) => String(year(Number(y))));
  const date = (s) => s.replace(/\d{4}/g, (y) => String(year(Number(y))).padStart(4, '0'));
  return { text, date, shift };
}

// What each TOML key's strings are: ids get the copy's suffix, texts go through T_k.
const ID_KEYS = new Set(['id', 'doc', 'subject', 'target', 'entities']);
const TEXT_KEYS = new Set([
  'quote',
  'name',
  'aliases',
  'fr',
  'ru',
  'description',
  'text',
  'title',
  'topic',
  'note',
  'value',
  'reading',
  'qualifier',
  'short',
  'issuer',
  'attribution',
]);

/** A TOML file of the corpus, as copy k has it (comments left out; other keys unchanged). */
function copyToml(source, k, t) {
  const suffix = `-c${k}`;
  let key = null;
  const out = [];
  for (const line of source.split('\n')) {
    if (line.trim().startsWith('#')) continue;
    out.push(
      line.replace(/([A-Za-z_]+)\s*=\s*|"((?:[^"\\]|\\.)*)"/g, (whole, k2, value) => {
        if (k2 !== undefined) {
          key = k2;
          return whole;
        }
        let v = value;
        if (ID_KEYS.has(key)) v += suffix;
        else if (key === 'passage') {
          const slash = v.indexOf('/');
          v = `${v.slice(0, slash)}${suffix}/${t.text(v.slice(slash + 1))}`;
        } else if (key === 'file') v = v.replace(/(\.[^.]*)?$/, `${suffix}$1`);
        else if (key === 'date') v = t.date(v);
        else if (TEXT_KEYS.has(key)) v = t.text(v);
        return `"${v}"`;
      }),
    );
  }
  return out.join('\n');
}

/**
 * Writes a corpus `factor` times the size of `from` into `out` (emptied first). Returns counts.
 * @param {number} factor an integer ≥ 1
 */
export async function synthCorpus(factor, out, { from = 'corpus' } = {}) {
  if (!Number.isInteger(factor) || factor < 1) throw new Error(`factor must be an integer ≥ 1`);
  const src = resolve(from);
  const almanacToml = await readFile(join(src, 'almanac.toml'), 'utf8');
  const sourcesDir = almanacToml.match(/^sources\s*=\s*"([^"]+)"/m)?.[1] ?? 'sources';
  const texts = {};
  for (const f of (await readdir(join(src, sourcesDir))).filter((f) => f.endsWith('.txt')).sort())
    texts[f] = await readFile(join(src, sourcesDir, f), 'utf8');
  const tomls = {};
  for (const sub of ['documents', 'entities', 'events']) {
    for (const f of (await readdir(join(src, sub))).filter((f) => f.endsWith('.toml')).sort())
      tomls[`${sub}/${f}`] = await readFile(join(src, sub, f), 'utf8');
  }
  const disagreements = await readFile(join(src, 'disagreements.toml'), 'utf8').catch(() => null);
  const byLength = vocabulary(Object.values(texts), [...Object.values(tomls), disagreements ?? '']);

  await rm(out, { recursive: true, force: true });
  for (const sub of ['documents', 'entities', 'events', 'sources'])
    await mkdir(join(out, sub), { recursive: true });
  const name = almanacToml.match(/^name\s*=\s*"([^"]*)"/m)?.[1] ?? 'corpus';
  await writeFile(
    join(out, 'almanac.toml'),
    `name = "${name} ×${factor} (synthetic)"\ndescription = "Generated by bench/synth-corpus.mjs: ${factor} copies of ${name}, each but the first with its words permuted and its years shifted."\nsources = "sources"\n`,
  );
  const dis = [];
  for (let k = 0; k < factor; k++) {
    const t = k === 0 ? null : transform(byLength, k);
    for (const [f, text] of Object.entries(texts)) {
      const to = k === 0 ? f : f.replace(/(\.txt)$/, `-c${k}$1`);
      if (k === 0) await copyFile(join(src, sourcesDir, f), join(out, 'sources', to));
      else await writeFile(join(out, 'sources', to), t.text(text));
    }
    for (const [f, text] of Object.entries(tomls)) {
      const to = k === 0 ? f : f.replace(/\.toml$/, `-c${k}.toml`);
      await writeFile(join(out, to), k === 0 ? text : copyToml(text, k, t));
    }
    if (disagreements !== null) dis.push(k === 0 ? disagreements : copyToml(disagreements, k, t));
  }
  if (disagreements !== null) await writeFile(join(out, 'disagreements.toml'), dis.join('\n\n'));
  return {
    factor,
    copies: factor,
    sourceBytes: Object.values(texts).reduce((n, s) => n + Buffer.byteLength(s), 0) * factor,
    vocabulary: [...byLength.values()].reduce((n, l) => n + l.length, 0),
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [factor, out, ...rest] = process.argv.slice(2);
  const fromAt = rest.indexOf('--from');
  if (!factor || !out) {
    console.error('usage: node bench/synth-corpus.mjs <factor> <out-folder> [--from corpus]');
    process.exit(2);
  }
  const r = await synthCorpus(Number(factor), out, {
    from: fromAt >= 0 ? rest[fromAt + 1] : fileURLToPath(new URL('../corpus', import.meta.url)),
  });
  console.log(
    `wrote ${out}: ${r.copies} copies, ${(r.sourceBytes / 1e6).toFixed(2)} MB of source text, ${r.vocabulary} words permuted`,
  );
}
