// Load in Node (issue 5, "Faults and load"): 100,000 mixed calls on ONE instance of the built package
// (dist/node.js): the search / lookup / timeline / suggest stream of the benchmark's memory run
// (bench/queries.mjs `mixedQuery`), interleaved with entity and passage reads, searches with
// options, suggest with a limit, disagreements, and bad inputs that throw. Checks that
//   - answers stay correct: sampled throughout, each deep-equals the answer the same instance gave
//     for the same call before the run;
//   - every bad input still throws the same class with the same message, every time;
//   - wasm linear memory stops growing: no more than one 64 KiB page between 50,000 and 100,000
//     calls, and under MEMORY_BOUND (stated in bench/README.md, "Under load").
// Prints the memory figures and the time taken; asserts no timing.
//   node --test tests/js/load.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isDeepStrictEqual } from 'node:util';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { load, Almanac } from '../../dist/node.js';
// load() has initialised the wasm already: init() then returns the same exports, `memory` among them
// (how bench/node.mjs reads it too).
import initWasm from '../../dist/wasm/pfp_almanac.js';
import { entityIdsIn, lookupInputs, makeQueries, mixedQuery } from '../../bench/queries.mjs';

const CALLS = 100_000;
const SAMPLE = 7; // every 7th answer is compared in full (7 is prime to the 8 slots of the stream)
const PAGE = 64 * 1024; // wasm memory grows by pages
// The stated bound (bench/README.md, "Under load"): measured plateau 4.92 MB (bench) to 4.94 MB (this mix).
const MEMORY_BOUND = 16 * 1024 * 1024;

const repo = fileURLToPath(new URL('../..', import.meta.url));
const almanac = await load();
const { memory } = await initWasm();
const mem = () => memory.buffer.byteLength;
const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(2)} MB`;

const memAfterLoad = mem();

// ---------------------------------------------------------------- the inputs
const entityDir = join(repo, 'corpus/entities');
// (Only those in the built bundle: the corpus sources may be ahead of dist/.)
const entityIds = entityIdsIn(
  await Promise.all((await readdir(entityDir)).map((f) => readFile(join(entityDir, f), 'utf8'))),
).filter((id) => almanac.entity(id) !== null);
const passageIds = almanac.documents().flatMap((d) => d.passages);
const queries = makeQueries(passageIds.map((id) => ({ id, text: almanac.passage(id).text })));
const inputs = { queries, ...lookupInputs(almanac, entityIds) };
const documentIds = almanac.documents().map((d) => d.id);

const MB = 'a'.repeat(1 << 20);
const throwingGetter = {
  get limit() {
    throw new Error('getter says no');
  },
};
// Bad inputs (rows of the table in docs/bad-input.md): [label, method, args]. Each must throw, every time,
// with the class and message it had before the run.
const BAD = [
  ['lookup(42)', 'lookup', [42]],
  ['entity(null)', 'entity', [null]],
  ['passage({})', 'passage', [{}]],
  ['suggest(Symbol)', 'suggest', [Symbol('Malta')]],
  ['search(10n)', 'search', [10n]],
  ['timeline(2023-02-30)', 'timeline', [{ from: '2023-02-30' }]],
  ['timeline(1994-13)', 'timeline', [{ to: '1994-13' }]],
  ['timeline(yesterday)', 'timeline', [{ from: 'yesterday' }]],
  ['timeline(reversed)', 'timeline', [{ from: '2000', to: '1994' }]],
  ['search(reversed)', 'search', ['Malta', { from: '2000', to: '1994' }]],
  ['timeline(atlantis)', 'timeline', [{ entity: 'country/atlantis' }]],
  ['timeline(picnic)', 'timeline', [{ kinds: ['picnic'] }]],
  ['timeline(kinds string)', 'timeline', [{ kinds: 'signature' }]],
  ['timeline(42)', 'timeline', [42]],
  ['timeline(form)', 'timeline', [{ form: '1994' }]],
  ['search(options string)', 'search', ['x', 'x']],
  ['search(document nope)', 'search', ['x', { document: 'nope' }]],
  ['search(limit 1e9)', 'search', ['x', { limit: 1e9 }]],
  ['search(limit "10")', 'search', ['x', { limit: '10' }]],
  ['search(limt)', 'search', ['x', { limt: 5 }]],
  ['suggest(limit 0)', 'suggest', ['Mal', { limit: 0 }]],
  ['search(throwing getter)', 'search', ['x', throwingGetter]],
];
// 1 MB strings, in one group of 64: the binding copies a string before refusing it (about 5 ms a
// megabyte), so they are rarer than the rest, yet the memory figures include their copies.
const BAD_MB = [
  ['lookup(1 MB)', 'lookup', [MB]],
  ['timeline(from: 1 MB)', 'timeline', [{ from: MB }]],
];

/** Slot 7 of each group of eight: options and the other read methods, in turn. */
function extra(k) {
  const q = inputs.queries[k % inputs.queries.length].q;
  switch (k % 6) {
    case 0:
      return [
        'search',
        [q, { limit: 5, offset: k % 3, document: documentIds[k % documentIds.length] }],
      ];
    case 1:
      return ['search', [q, { from: '1994', to: '2002' }]];
    case 2:
      return ['suggest', [inputs.names[k % inputs.names.length].slice(0, 2), { limit: 3 }]];
    case 3:
      return ['disagreements', [entityIds[k % entityIds.length]]];
    case 4:
      return ['search', [q, { offset: Number.MAX_SAFE_INTEGER }]];
    default:
      return ['timeline', [{ entity: inputs.names[k % inputs.names.length] }]];
  }
}

// The stream, in groups of eight: four calls of the benchmark's mix (search, lookup, timeline,
// suggest), then entity, passage (each including unknown ids), a bad input, and an extra.
function call(i) {
  const group = Math.floor(i / 8);
  const slot = i % 8;
  if (slot < 4) return mixedQuery(group * 4 + slot, inputs);
  switch (slot) {
    case 4:
      return [
        'entity',
        [group % 10 === 9 ? `country/nowhere-${group % 7}` : entityIds[group % entityIds.length]],
      ];
    case 5:
      return [
        'passage',
        [
          group % 10 === 9
            ? `${passageIds[group % passageIds.length]}x`
            : passageIds[group % passageIds.length],
        ],
      ];
    case 6:
      return group % 64 === 63 ? BAD_MB[(group >> 6) % BAD_MB.length] : BAD[group % BAD.length];
    default:
      return extra(group);
  }
}

function outcome(method, args) {
  try {
    return { value: almanac[method](...args) };
  } catch (error) {
    return { error: { name: error?.constructor?.name, message: error?.message } };
  }
}

// ---------------------------------------------------------------- the answers before the run
// Every distinct call of the stream, asked once up front; the stream refers to them by index.
const cases = []; // { what, method, args, value } or { what, method, args, error }
const index = new Map();
const stream = new Int32Array(CALLS);
for (let i = 0; i < CALLS; i++) {
  const c = call(i);
  const isBad = c.length === 3;
  const [method, args] = isBad ? c.slice(1) : c;
  const what = isBad ? c[0] : `${method}(${JSON.stringify(args).slice(1, -1)})`;
  let n = index.get(what);
  if (n === undefined) {
    n = cases.push({ what, method, args, bad: isBad, ...outcome(method, args) }) - 1;
    index.set(what, n);
  }
  stream[i] = n;
}
const memAfterBaseline = mem();

test(`${CALLS.toLocaleString('en')} mixed calls on one instance: answers and errors stay the same, wasm memory stops growing`, () => {
  // The baseline itself: good calls answered, bad ones threw the documented kind of error.
  for (const c of cases) {
    if (c.bad) assert.ok(c.error, `${c.what}: did not throw before the run`);
    else
      assert.ok(!c.error, `${c.what}: threw before the run: ${c.error?.name}: ${c.error?.message}`);
  }
  const kinds = new Set(cases.filter((c) => !c.bad).map((c) => c.method));
  assert.deepEqual([...kinds].sort(), [
    'disagreements',
    'entity',
    'lookup',
    'passage',
    'search',
    'suggest',
    'timeline',
  ]);
  assert.ok(
    cases.some((c) => !c.bad && c.value === null),
    'no miss (null) in the mix',
  );
  assert.ok(
    cases.some((c) => c.method === 'search' && c.value?.hits?.length > 0),
    'no search with hits in the mix',
  );
  // Equal to the instance's own first answers says nothing if those were wrong: a few known facts.
  knownFacts('before the run');

  const checkpoints = [];
  let compared = 0;
  let thrown = 0;
  const t0 = performance.now();
  for (let i = 0; i < CALLS; i++) {
    if (i % 10_000 === 0) checkpoints.push({ calls: i, bytes: mem() });
    const c = cases[stream[i]];
    const got = outcome(c.method, c.args);
    if (c.bad) {
      thrown += 1;
      if (!got.error)
        assert.fail(
          `call ${i}, ${c.what}: threw before the run, now answers ${JSON.stringify(got.value)?.slice(0, 200)}`,
        );
      if (got.error.name !== c.error.name || got.error.message !== c.error.message) {
        assert.deepEqual(got.error, c.error, `call ${i}, ${c.what}: the error changed`);
      }
    } else if (got.error) {
      assert.fail(
        `call ${i}, ${c.what}: answered before the run, now throws ${got.error.name}: ${got.error.message}`,
      );
    } else if (i % SAMPLE === 0) {
      compared += 1;
      if (!isDeepStrictEqual(got.value, c.value))
        assert.deepStrictEqual(got.value, c.value, `call ${i}, ${c.what}: the answer changed`);
    }
  }
  const ms = performance.now() - t0;
  const end = mem();
  checkpoints.push({ calls: CALLS, bytes: end });
  const half = checkpoints.find((c) => c.calls === CALLS / 2).bytes;

  const lines = [
    `${CALLS.toLocaleString('en')} calls (${cases.length} distinct, ${thrown.toLocaleString('en')} threw as they should, ${compared.toLocaleString('en')} answers compared in full) in ${(ms / 1000).toFixed(1)} s`,
    `wasm linear memory: after load() ${mb(memAfterLoad)}, after the ${cases.length} baseline calls ${mb(memAfterBaseline)}`,
    `  every 10,000 calls: ${checkpoints.map((c) => mb(c.bytes).replace(' MB', '')).join(', ')} MB`,
    `  at 50,000 ${mb(half)}, at 100,000 ${mb(end)} (grew ${end - half} bytes); bound ${mb(MEMORY_BOUND)}`,
  ];
  console.log(lines.join('\n'));

  assert.ok(
    end - half <= PAGE,
    `wasm memory still grows: ${mb(half)} at 50,000 calls, ${mb(end)} at 100,000 (more than one 64 KiB page)`,
  );
  assert.ok(
    end <= MEMORY_BOUND,
    `wasm memory ${mb(end)} after ${CALLS} calls is over the stated bound of ${mb(MEMORY_BOUND)}`,
  );
  knownFacts('after the run');
});

/** What the sources say, asked of the instance under load: its answers are right, not only stable. */
function knownFacts(when) {
  assert.equal(almanac.lookup('Kyrghyz Republic')?.id, 'country/kyrgyzstan', when);
  assert.equal(
    almanac.search('democratic control').hits[0]?.passage,
    'framework-document/p3b',
    when,
  );
  const malta = almanac
    .timeline({ entity: 'country/malta', kinds: ['signature', 'withdrawal'] })
    .map((e) => [e.kind, e.date]);
  assert.deepEqual(
    malta,
    [
      ['signature', '1995-04-26'],
      ['withdrawal', '1996-10-27'],
    ],
    when,
  );
}

test('the memory reading sees the live wasm memory (more instances grow it)', () => {
  // Were the reading stale (a detached buffer, another module's memory), the bound above could not fail.
  const before = mem();
  const opened = [];
  while (mem() === before && opened.length < 20) opened.push(new Almanac());
  const grown = mem();
  for (const a of opened) a.free();
  assert.ok(
    grown > before,
    `opening ${opened.length} more instances did not grow the memory reading (${mb(before)})`,
  );
  console.log(
    `the reading grows: ${mb(before)} → ${mb(grown)} after opening ${opened.length} more instance(s)`,
  );
});
