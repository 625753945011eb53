// The bad-input contract of the npm API (docs/bad-input.md): every row of its table, driven
// against the built package (dist/node.js) for every method it applies to. Each row gives the
// error class and the exact message; after every throw the same instance must still answer
// correctly (nothing across the wasm boundary may panic or poison the instance). That table must
// quote these messages verbatim: the last test checks that it does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { load } from '../../dist/node.js';

const almanac = await load();

// Known-good answers, taken before any bad input, to check the instance after each error.
const baseline = {
  malta: almanac.lookup('Malta').id,
  search: almanac.search('democratic control').total,
  timeline1994: almanac.timeline({ from: '1994', to: '1994' }).length,
  suggest: almanac.suggest('Mal').map((e) => e.id),
  passage: almanac.passage('framework-document/p3b')?.id,
};

function stillAnswers(after) {
  assert.equal(almanac.lookup('Malta')?.id, baseline.malta, `lookup changed after ${after}`);
  assert.equal(
    almanac.search('democratic control').total,
    baseline.search,
    `search changed after ${after}`,
  );
  assert.equal(
    almanac.timeline({ from: '1994', to: '1994' }).length,
    baseline.timeline1994,
    `timeline changed after ${after}`,
  );
  assert.deepEqual(
    almanac.suggest('Mal').map((e) => e.id),
    baseline.suggest,
    `suggest changed after ${after}`,
  );
  assert.equal(
    almanac.passage('framework-document/p3b')?.id,
    baseline.passage,
    `passage changed after ${after}`,
  );
}

/** Calls fn, expects `Class` with exactly `message` (a string) or matching it (a RegExp), then checks the instance. */
function throwsExactly(what, fn, Class, message) {
  let thrown = null;
  try {
    fn();
  } catch (error) {
    thrown = error;
  }
  assert.ok(thrown !== null, `${what}: did not throw`);
  assert.equal(
    thrown.constructor,
    Class,
    `${what}: threw ${thrown.constructor?.name}: ${thrown.message}`,
  );
  if (typeof message === 'string') assert.equal(thrown.message, message, what);
  else assert.match(thrown.message, message, what);
  stillAnswers(what);
  return thrown;
}

function answers(what, fn, check) {
  let value;
  assert.doesNotThrow(() => {
    value = fn();
  }, what);
  check(value);
  stillAnswers(what);
}

/** `answers`, the answer being `expected` (compared deeply: a miss is null, [] or an empty result). */
function returns(what, fn, expected) {
  answers(what, fn, (v) => assert.deepEqual(v, expected));
}

// The string-taking methods and the name of their argument in messages.
const STRING_METHODS = [
  ['lookup', 'text'],
  ['entity', 'id'],
  ['passage', 'id'],
  ['search', 'query'],
  ['suggest', 'prefix'],
  ['disagreements', 'subject'],
  ['mentions', 'text'],
];

// Non-strings and how messages describe them.
const NON_STRINGS = [
  [42, 'number'],
  [null, 'null'],
  [undefined, 'undefined'],
  [{}, 'object'],
  [['Malta'], 'object'],
  [Symbol('Malta'), 'symbol'],
  [10n, 'bigint'],
  [() => 'Malta', 'function'],
  [true, 'boolean'],
  [new String('Malta'), 'object'],
];

const MB = 'a'.repeat(1 << 20);

// The table of docs/bad-input.md, row by row: the messages quoted there (checked by the last test).
export const DOC_MESSAGES = [
  'lookup: `text` must be a string, got number',
  'timeline: options must be an object, got an array',
  'search: options must be an object, got the string "x"',
  'lookup: `text` is 1048576 characters long; at most 1000 are accepted',
  'timeline: `from`: invalid date "2023-02-30": day 30 does not exist in 2023-02 (it has 28 days)',
  'timeline: `to`: invalid date "1994-13": the month must be 01 to 12',
  'timeline: `from`: invalid date "yesterday": the year must be 4 digits',
  'timeline: `from`: invalid date "": the year must be 4 digits',
  'timeline: `from`: invalid date "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"... (1048576 characters): the year must be 4 digits',
  'timeline: the range is reversed: `from` (2000) is after `to` (1994)',
  'timeline: unknown entity "country/atlantis": give an entity id such as "country/malta" or a name the almanac knows',
  'timeline: unknown event kind "picnic"; known kinds: meeting, summit, signature',
  'search: unknown document "nope"',
  'search: `limit` must be a whole number, got the string "10"',
  'search: `limit` must be a whole number, got -1',
  'timeline: `kinds` must be an array, got the string "signature"',
  'timeline: `kinds[0]` must be a string, got number',
  'timeline: `from` must be a string, got number',
  'search: unknown option "limt"; known options: limit, offset, document, from, to',
  'search: `limit` must be between 1 and 1000, got 1000000000',
  'search: `limit` must be between 1 and 1000, got 0',
  'search: `offset` must be a whole number, got -1',
];

test('non-strings: every string method throws a TypeError naming the argument and what it got', () => {
  for (const [method, arg] of STRING_METHODS) {
    for (const [value, described] of NON_STRINGS) {
      // disagreements(): null and undefined mean "all of them".
      if (method === 'disagreements' && (value === null || value === undefined)) continue;
      throwsExactly(
        `${method}(${described})`,
        () => almanac[method](value),
        TypeError,
        `${method}: \`${arg}\` must be a string, got ${described}`,
      );
    }
  }
  for (const value of [null, undefined]) {
    answers(
      `disagreements(${value})`,
      () => almanac.disagreements(value),
      (all) => assert.deepEqual(all, almanac.disagreements()),
    );
  }
});

test('options: anything but a plain object (or null/undefined) is a TypeError', () => {
  const bad = [
    [42, 'number'],
    ['x', 'the string "x"'],
    [['from'], 'an array'],
    [Symbol('x'), 'symbol'],
    [10n, 'bigint'],
    [() => {}, 'function'],
    [true, 'boolean'],
  ];
  for (const [value, described] of bad) {
    throwsExactly(
      `timeline(${described})`,
      () => almanac.timeline(value),
      TypeError,
      `timeline: options must be an object, got ${described}`,
    );
    throwsExactly(
      `search('Malta', ${described})`,
      () => almanac.search('Malta', value),
      TypeError,
      `search: options must be an object, got ${described}`,
    );
    throwsExactly(
      `suggest('Mal', ${described})`,
      () => almanac.suggest('Mal', value),
      TypeError,
      `suggest: options must be an object, got ${described}`,
    );
  }
  const all = almanac.timeline().length;
  for (const [value, label] of [
    [null, 'null'],
    [undefined, 'undefined'],
    [{}, '{}'],
    [Object.create(null), 'Object.create(null)'],
  ]) {
    answers(
      `timeline(${label})`,
      () => almanac.timeline(value),
      (events) => assert.equal(events.length, all),
    );
    answers(
      `search('Malta', ${label})`,
      () => almanac.search('Malta', value),
      (r) => assert.ok(r.total > 0),
    );
  }
  // A key whose value is null or undefined is as if absent.
  answers(
    'timeline({ entity: null, from: undefined })',
    () => almanac.timeline({ entity: null, from: undefined }),
    (events) => assert.equal(events.length, all),
  );
});

test('empty strings are misses, not errors', () => {
  returns("lookup('')", () => almanac.lookup(''), null);
  returns("entity('')", () => almanac.entity(''), null);
  returns("passage('')", () => almanac.passage(''), null);
  returns("search('')", () => almanac.search(''), { total: 0, hits: [] });
  returns("suggest('')", () => almanac.suggest(''), []);
  returns("disagreements('')", () => almanac.disagreements(''), []);
  returns("mentions('')", () => almanac.mentions(''), []);
  throwsExactly(
    "timeline({ from: '' })",
    () => almanac.timeline({ from: '' }),
    Error,
    'timeline: `from`: invalid date "": the year must be 4 digits',
  );
  throwsExactly(
    "timeline({ entity: '' })",
    () => almanac.timeline({ entity: '' }),
    Error,
    /^timeline: unknown entity "":/,
  );
});

test('1 MB strings: text queries are a RangeError (refused in bounded time); id lookups are misses', () => {
  const started = performance.now();
  for (const [method, arg] of [
    ['lookup', 'text'],
    ['search', 'query'],
    ['suggest', 'prefix'],
  ]) {
    throwsExactly(
      `${method}(1 MB)`,
      () => almanac[method](MB),
      RangeError,
      `${method}: \`${arg}\` is 1048576 characters long; at most 1000 are accepted`,
    );
  }
  throwsExactly(
    'timeline({ entity: 1 MB })',
    () => almanac.timeline({ entity: MB }),
    RangeError,
    'timeline: `entity` is 1048576 characters long; at most 1000 are accepted',
  );
  // The message quotes at most 40 characters of a bad date.
  const e = throwsExactly(
    'timeline({ from: 1 MB })',
    () => almanac.timeline({ from: MB }),
    Error,
    `timeline: \`from\`: invalid date "${'a'.repeat(40)}"... (1048576 characters): the year must be 4 digits`,
  );
  assert.ok(e.message.length < 200);
  throwsExactly(
    "search('x', { document: 1 MB })",
    () => almanac.search('x', { document: MB }),
    Error,
    /^search: unknown document "a+"$/,
  );
  returns('entity(1 MB)', () => almanac.entity(MB), null);
  returns('passage(1 MB)', () => almanac.passage(MB), null);
  returns('disagreements(1 MB)', () => almanac.disagreements(MB), []);
  // mentions() reads an article's text of any length (its work is linear in the text).
  answers(
    'mentions(1 MB)',
    () => almanac.mentions(`Malta ${MB} MALTA`),
    (v) =>
      assert.deepEqual(
        v.map((m) => [m.text, m.start]),
        [
          ['Malta', 0],
          ['MALTA', MB.length + 7],
        ],
      ),
  );
  // 1,000 characters is still accepted; 1,001 is not.
  answers(
    'search(1000 chars)',
    () => almanac.search('a '.repeat(500)),
    (v) => assert.equal(typeof v.total, 'number'),
  );
  throwsExactly(
    'search(1001 chars)',
    () => almanac.search('a'.repeat(1001)),
    RangeError,
    'search: `query` is 1001 characters long; at most 1000 are accepted',
  );
  assert.ok(performance.now() - started < 5_000, '1 MB inputs took more than 5 s to refuse');
});

test('lone surrogates are read as U+FFFD: misses, never a throw or a broken instance', () => {
  for (const s of ['\uD800', '\uDC00', 'Malta\uD800', '\uD800\uD800\uDFFF', 'Mal\uDBFF']) {
    answers(
      `lookup(${JSON.stringify(s)})`,
      () => almanac.lookup(s),
      (v) => assert.ok(v === null || typeof v.id === 'string'),
    );
    returns(`entity(${JSON.stringify(s)})`, () => almanac.entity(s), null);
    returns(`passage(${JSON.stringify(s)})`, () => almanac.passage(s), null);
    answers(
      `search(${JSON.stringify(s)})`,
      () => almanac.search(s),
      (v) => {
        for (const hit of v.hits)
          for (const [a, b] of hit.highlights) assert.ok(a < b && b <= hit.snippet.length);
      },
    );
    answers(
      `suggest(${JSON.stringify(s)})`,
      () => almanac.suggest(s),
      (v) => assert.ok(Array.isArray(v)),
    );
    returns(`disagreements(${JSON.stringify(s)})`, () => almanac.disagreements(s), []);
    throwsExactly(
      `timeline({ from: ${JSON.stringify(s)} })`,
      () => almanac.timeline({ from: s }),
      Error,
      /^timeline: `from`: invalid date ".*": the year must be 4 digits$/,
    );
  }
  // A lone surrogate is one UTF-16 unit, as its U+FFFD is: the offsets after it stay the page's.
  returns("mentions('\\uD800Malta')", () => almanac.mentions('\uD800Malta'), [
    { entity: 'country/malta', text: 'Malta', start: 1, end: 6 },
  ]);
  // A lone surrogate next to a real word does not hide the word.
  answers(
    "search('Malta\\uDC00')",
    () => almanac.search('Malta\uDC00'),
    (v) => assert.equal(v.total, almanac.search('Malta').total),
  );
});

test('dates: impossible, malformed and reversed ones are an Error naming the field and why', () => {
  throwsExactly(
    '2023-02-30',
    () => almanac.timeline({ from: '2023-02-30' }),
    Error,
    'timeline: `from`: invalid date "2023-02-30": day 30 does not exist in 2023-02 (it has 28 days)',
  );
  throwsExactly(
    '1994-13',
    () => almanac.timeline({ to: '1994-13' }),
    Error,
    'timeline: `to`: invalid date "1994-13": the month must be 01 to 12',
  );
  throwsExactly(
    'yesterday',
    () => almanac.timeline({ from: 'yesterday' }),
    Error,
    'timeline: `from`: invalid date "yesterday": the year must be 4 digits',
  );
  throwsExactly(
    '1994-1-10',
    () => almanac.timeline({ from: '1994-1-10' }),
    Error,
    'timeline: `from`: invalid date "1994-1-10": the month must be 2 digits',
  );
  throwsExactly(
    '1994-00',
    () => almanac.timeline({ from: '1994-00' }),
    Error,
    'timeline: `from`: invalid date "1994-00": the month must be 01 to 12',
  );
  throwsExactly(
    '1994-01-00',
    () => almanac.timeline({ from: '1994-01-00' }),
    Error,
    'timeline: `from`: invalid date "1994-01-00": day 0 does not exist in 1994-01 (it has 31 days)',
  );
  throwsExactly(
    '1900-02-29',
    () => almanac.timeline({ from: '1900-02-29' }),
    Error,
    'timeline: `from`: invalid date "1900-02-29": day 29 does not exist in 1900-02 (it has 28 days)',
  );
  throwsExactly(
    '1994-01-10-01',
    () => almanac.timeline({ from: '1994-01-10-01' }),
    Error,
    'timeline: `from`: invalid date "1994-01-10-01": expected YYYY, YYYY-MM or YYYY-MM-DD',
  );
  answers(
    '2024-02-29 (a leap day)',
    () => almanac.timeline({ from: '2024-02-29' }),
    (v) => assert.ok(Array.isArray(v)),
  );
  answers(
    '2000-02-29 (a leap day)',
    () => almanac.timeline({ to: '2000-02-29' }),
    (v) => assert.ok(v.length > 0),
  );
  throwsExactly(
    'reversed',
    () => almanac.timeline({ from: '2000', to: '1994' }),
    Error,
    'timeline: the range is reversed: `from` (2000) is after `to` (1994)',
  );
  throwsExactly(
    'reversed days',
    () => almanac.timeline({ from: '1994-01-11', to: '1994-01-10' }),
    Error,
    'timeline: the range is reversed: `from` (1994-01-11) is after `to` (1994-01-10)',
  );
  // Overlapping precisions are not reversed: 1994-06 lies inside 1994.
  answers(
    "{ from: '1994-06', to: '1994' }",
    () => almanac.timeline({ from: '1994-06', to: '1994' }),
    (v) => assert.ok(Array.isArray(v)),
  );
  throwsExactly(
    'search reversed',
    () => almanac.search('Malta', { from: '2000', to: '1994' }),
    Error,
    'search: the range is reversed: `from` (2000) is after `to` (1994)',
  );
  throwsExactly(
    'search 2023-02-30',
    () => almanac.search('Malta', { to: '2023-02-30' }),
    Error,
    'search: `to`: invalid date "2023-02-30": day 30 does not exist in 2023-02 (it has 28 days)',
  );
});

test('unknown ids, kinds and documents: a miss where the API looks up, an Error where it filters', () => {
  returns('entity(unknown)', () => almanac.entity('country/atlantis'), null);
  returns('passage(unknown)', () => almanac.passage('framework-document/p999'), null);
  returns('lookup(unknown)', () => almanac.lookup('Atlantis'), null);
  returns('disagreements(unknown)', () => almanac.disagreements('country/atlantis'), []);
  for (const key of ['__proto__', 'constructor', 'toString', 'hasOwnProperty']) {
    returns(`entity(${key})`, () => almanac.entity(key), null);
    returns(`lookup(${key})`, () => almanac.lookup(key), null);
  }
  throwsExactly(
    'timeline unknown entity',
    () => almanac.timeline({ entity: 'country/atlantis' }),
    Error,
    'timeline: unknown entity "country/atlantis": give an entity id such as "country/malta" or a name the almanac knows',
  );
  throwsExactly(
    'timeline unknown kind',
    () => almanac.timeline({ kinds: ['picnic'] }),
    Error,
    /^timeline: unknown event kind "picnic"; known kinds: meeting, summit, signature, /,
  );
  throwsExactly(
    'timeline kind in capitals',
    () => almanac.timeline({ kinds: ['Signature'] }),
    Error,
    /^timeline: unknown event kind "Signature"; known kinds: /,
  );
  returns('timeline kinds []', () => almanac.timeline({ kinds: [] }), []);
  throwsExactly(
    'search unknown document',
    () => almanac.search('Malta', { document: 'nope' }),
    Error,
    'search: unknown document "nope"',
  );
});

test('options of the wrong type are a TypeError naming the option; unknown options too', () => {
  throwsExactly(
    "{ limit: '10' }",
    () => almanac.search('Malta', { limit: '10' }),
    TypeError,
    'search: `limit` must be a whole number, got the string "10"',
  );
  throwsExactly(
    "suggest { limit: '10' }",
    () => almanac.suggest('Mal', { limit: '10' }),
    TypeError,
    'suggest: `limit` must be a whole number, got the string "10"',
  );
  throwsExactly(
    '{ limit: -1 }',
    () => almanac.search('Malta', { limit: -1 }),
    TypeError,
    'search: `limit` must be a whole number, got -1',
  );
  throwsExactly(
    '{ limit: 1.5 }',
    () => almanac.search('Malta', { limit: 1.5 }),
    TypeError,
    'search: `limit` must be a whole number, got 1.5',
  );
  throwsExactly(
    '{ limit: NaN }',
    () => almanac.search('Malta', { limit: NaN }),
    TypeError,
    'search: `limit` must be a whole number, got NaN',
  );
  throwsExactly(
    '{ limit: Infinity }',
    () => almanac.search('Malta', { limit: Infinity }),
    TypeError,
    'search: `limit` must be a whole number, got Infinity',
  );
  throwsExactly(
    '{ limit: 10n }',
    () => almanac.search('Malta', { limit: 10n }),
    TypeError,
    'search: `limit` must be a whole number, got bigint',
  );
  throwsExactly(
    '{ offset: -1 }',
    () => almanac.search('Malta', { offset: -1 }),
    TypeError,
    'search: `offset` must be a whole number, got -1',
  );
  throwsExactly(
    "{ offset: '2' }",
    () => almanac.search('Malta', { offset: '2' }),
    TypeError,
    'search: `offset` must be a whole number, got the string "2"',
  );
  throwsExactly(
    "{ kinds: 'signature' }",
    () => almanac.timeline({ kinds: 'signature' }),
    TypeError,
    'timeline: `kinds` must be an array, got the string "signature"',
  );
  throwsExactly(
    '{ kinds: [1] }',
    () => almanac.timeline({ kinds: [1] }),
    TypeError,
    'timeline: `kinds[0]` must be a string, got number',
  );
  throwsExactly(
    '{ from: 1994 }',
    () => almanac.timeline({ from: 1994 }),
    TypeError,
    'timeline: `from` must be a string, got number',
  );
  throwsExactly(
    '{ entity: {} }',
    () => almanac.timeline({ entity: { id: 'country/malta' } }),
    TypeError,
    'timeline: `entity` must be a string, got object',
  );
  throwsExactly(
    '{ document: 1 }',
    () => almanac.search('Malta', { document: 1 }),
    TypeError,
    'search: `document` must be a string, got number',
  );
  throwsExactly(
    'unknown option',
    () => almanac.search('Malta', { limt: 5 }),
    TypeError,
    'search: unknown option "limt"; known options: limit, offset, document, from, to',
  );
  throwsExactly(
    'unknown timeline option',
    () => almanac.timeline({ form: '1994' }),
    TypeError,
    'timeline: unknown option "form"; known options: from, to, entity, kinds',
  );
  throwsExactly(
    'unknown suggest option',
    () => almanac.suggest('Mal', { max: 3 }),
    TypeError,
    'suggest: unknown option "max"; known options: limit',
  );
  // A getter that throws: its own error comes through, and the instance is fine.
  throwsExactly(
    'a throwing getter',
    () =>
      almanac.timeline({
        get from() {
          throw new RangeError('boom');
        },
      }),
    RangeError,
    'boom',
  );
  // So does an array element's.
  const kinds = ['summit'];
  Object.defineProperty(kinds, 0, {
    get() {
      throw new RangeError('kinds boom');
    },
  });
  throwsExactly(
    'a throwing array element',
    () => almanac.timeline({ kinds }),
    RangeError,
    'kinds boom',
  );
});

test('huge limits are a RangeError; huge offsets give no hits and the same total', () => {
  for (const limit of [0, 1001, 1e9, 1e10, Number.MAX_SAFE_INTEGER]) {
    throwsExactly(
      `search limit ${limit}`,
      () => almanac.search('Malta', { limit }),
      RangeError,
      `search: \`limit\` must be between 1 and 1000, got ${limit}`,
    );
    throwsExactly(
      `suggest limit ${limit}`,
      () => almanac.suggest('Mal', { limit }),
      RangeError,
      `suggest: \`limit\` must be between 1 and 1000, got ${limit}`,
    );
  }
  answers(
    'limit 1000',
    () => almanac.search('Malta', { limit: 1000 }),
    (v) => assert.equal(v.hits.length, v.total),
  );
  const total = almanac.search('Malta').total;
  for (const offset of [total, 1e9, 1e10, Number.MAX_SAFE_INTEGER]) {
    returns(`offset ${offset}`, () => almanac.search('Malta', { offset }), { total, hits: [] });
  }
  answers(
    'offset total-1',
    () => almanac.search('Malta', { offset: total - 1 }),
    (v) => assert.equal(v.hits.length, 1),
  );
});

test('docs/bad-input.md quotes these messages verbatim in its table', () => {
  const doc = readFileSync(new URL('../../docs/bad-input.md', import.meta.url), 'utf8');
  const table = doc
    .split('\n')
    .filter((line) => line.startsWith('| '))
    .join('\n');
  assert.ok(
    table.includes('| input | behaviour | message (exactly) |'),
    'docs/bad-input.md has no table',
  );
  for (const message of DOC_MESSAGES)
    assert.ok(table.includes(message), `docs/bad-input.md's table does not quote: ${message}`);
});
