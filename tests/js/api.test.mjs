// JS tests of the built package (dist/node.js), run by scripts/test.sh after scripts/build.sh.
// They cross the real wasm boundary with the real corpus: the errors JS callers see, the UTF-16
// highlight offsets, and that an instance stays usable after a thrown error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { load, Almanac } from '../../dist/node.js';

const almanac = await load();

/** After any thrown error the same instance must still answer (nothing in the binding may panic). */
function stillAnswers() {
  assert.ok(almanac.search('Malta').total > 0, 'the instance stopped answering after an error');
}

test('load() gives an Almanac, and loads the wasm once', async () => {
  assert.ok(almanac instanceof Almanac);
  const again = await load();
  assert.ok(again instanceof Almanac);
  assert.deepEqual(again.stats(), almanac.stats());
});

test('stats counts what the corpus holds', () => {
  const stats = almanac.stats();
  assert.equal(typeof stats.name, 'string');
  assert.ok(stats.documents > 0, 'no documents');
  assert.ok(stats.passages > 0, 'no passages');
  assert.ok(stats.events >= 0);
});

test('documents() lists the five sources, with the CC BY-SA attribution', () => {
  const docs = almanac.documents();
  const ids = docs.map((d) => d.id).sort();
  assert.deepEqual(ids, [
    'encyclopedia',
    'framework-document',
    'invitation',
    'rome-declaration',
    'sto-page',
  ]);
  const encyclopedia = docs.find((d) => d.id === 'encyclopedia');
  assert.match(encyclopedia.attribution, /CC BY-SA/);
  for (const d of docs) assert.ok(d.passages.length > 0, `${d.id} has no passages`);
});

test('search finds democratic control, with highlights that slice the snippet', () => {
  const result = almanac.search('democratic control');
  assert.ok(result.total > 0);
  assert.ok(result.hits.length > 0);
  assert.match(result.hits[0].document, /^(framework-document|invitation)$/);
  assert.match(result.hits[0].passage, /^(framework-document|invitation)\//);
  for (const hit of result.hits) {
    assert.ok(hit.highlights.length > 0, `${hit.passage}: no highlights`);
    for (const [a, b] of hit.highlights) {
      assert.ok(
        0 <= a && a < b && b <= hit.snippet.length,
        `${hit.passage}: highlight [${a}, ${b}) outside the snippet`,
      );
      assert.match(
        hit.snippet.slice(a, b),
        /democratic|control/i,
        `${hit.passage}: highlight [${a}, ${b}) is "${hit.snippet.slice(a, b)}"`,
      );
    }
    assert.equal(typeof hit.label, 'string');
    assert.equal(typeof hit.score, 'number');
  }
  const top = result.hits[0];
  const passage = almanac.passage(top.passage);
  assert.ok(passage, `passage ${top.passage} not found`);
  assert.equal(passage.id, top.passage);
  const words = top.snippet
    .replace(/…/g, ' ')
    .split(/\s+/)
    .filter((w) => w.length > 3);
  assert.ok(words.length > 0);
  for (const word of words)
    assert.ok(passage.text.includes(word), `passage text lacks snippet word "${word}"`);
});

test('search pages with limit and offset', () => {
  const all = almanac.search('partnership', { limit: 5 });
  assert.ok(all.hits.length <= 5);
  const next = almanac.search('partnership', { limit: 5, offset: 5 });
  assert.equal(next.total, all.total);
  if (all.total > 5) assert.notEqual(next.hits[0]?.passage, all.hits[0].passage);
});

test('passage() of an unknown id is null', () => {
  assert.equal(almanac.passage('nope/p1'), null);
});

test('timeline of 1994 overlaps 1994 and is sorted by date', () => {
  const events = almanac.timeline({ from: '1994', to: '1994' });
  for (const e of events) {
    const start = e.date.slice(0, 4);
    const end = (e.end ?? e.date).slice(0, 4);
    assert.ok(
      start <= '1994' && end >= '1994',
      `${e.id} (${e.date}${e.end ? `/${e.end}` : ''}) does not overlap 1994`,
    );
  }
  for (let i = 1; i < events.length; i++) {
    assert.ok(
      events[i - 1].date <= events[i].date,
      `not sorted: ${events[i - 1].date} before ${events[i].date}`,
    );
  }
});

test('bad input throws a named error, and the instance keeps answering', async (t) => {
  await t.test('lookup(42) is a TypeError about a string', () => {
    assert.throws(
      () => almanac.lookup(42),
      (e) => e instanceof TypeError && /string/.test(e.message),
    );
    stillAnswers();
  });
  await t.test('an impossible date names the date', () => {
    assert.throws(
      () => almanac.timeline({ from: '2023-02-30' }),
      (e) => e instanceof Error && e.message.includes('2023-02-30'),
    );
    stillAnswers();
  });
  await t.test('a reversed range says so', () => {
    assert.throws(() => almanac.timeline({ from: '2000', to: '1990' }), /reversed/);
    stillAnswers();
  });
  await t.test('an unknown kind is named', () => {
    assert.throws(() => almanac.timeline({ kinds: ['nope'] }), /nope/);
    stillAnswers();
  });
  await t.test('a huge limit is a RangeError', () => {
    assert.throws(() => almanac.search('x', { limit: 1e9 }), RangeError);
    stillAnswers();
  });
  await t.test('an unknown option is a TypeError naming it', () => {
    assert.throws(() => almanac.search('x', { limt: 3 }), {
      name: 'TypeError',
      message: /unknown option "limt"/,
    });
    assert.throws(() => almanac.timeline({ form: '1994' }), {
      name: 'TypeError',
      message: /unknown option "form"/,
    });
    stillAnswers();
  });
});

test('load() of bytes that are not a bundle rejects, saying so', async () => {
  await assert.rejects(load({ corpus: new Uint8Array([1, 2, 3]) }), /not an almanac bundle/);
  await assert.rejects(
    load({ corpus: '/nonexistent/corpus.almanac' }),
    /could not load the corpus from \/nonexistent\/corpus\.almanac/,
  );
  stillAnswers();
});

test('entities: lookup folds case and knows aliases', (t) => {
  if (almanac.stats().entities === 0) {
    t.skip('corpus has no entities yet');
    return;
  }
  assert.equal(almanac.lookup('malta')?.id, 'country/malta');
  assert.equal(almanac.lookup('MALTA')?.id, 'country/malta');
  assert.equal(almanac.lookup('Kyrghyz Republic')?.id, 'country/kyrgyzstan');
  assert.equal(almanac.lookup('Kyrgyz Republic')?.id, 'country/kyrgyzstan');
  assert.equal(almanac.lookup('zzzz-unknown'), null);
  assert.equal(almanac.entity('country/malta')?.name, 'Malta');
  assert.equal(almanac.entity('country/nowhere'), null);
  const malta = almanac.timeline({ entity: 'country/malta' });
  assert.ok(
    malta.some((e) => e.date.startsWith('1995')),
    'no 1995 event for Malta',
  );
  const suggestions = almanac.suggest('mal', { limit: 5 });
  assert.ok(suggestions.length <= 5);
  assert.ok(
    suggestions.some((e) => e.id === 'country/malta'),
    'suggest("mal") misses Malta',
  );
});

test('disagreements() returns cited readings', () => {
  const all = almanac.disagreements();
  assert.ok(Array.isArray(all));
  for (const d of all) {
    assert.ok(d.readings.length > 0, `${d.id} has no readings`);
    assert.deepEqual(almanac.disagreements(d.subject).filter((x) => x.id === d.id).length, 1);
  }
});

test('the widget has its own word for every event kind the corpus uses, in each of its languages', async () => {
  // kindLabel falls back to the raw kind ("Joining"), so a missing French or Russian label would
  // show English in a French timeline without failing anything else.
  const { languageReady, strings } = await import('../../www/widget/i18n.js');
  const kinds = new Set(almanac.timeline({}).map((e) => e.kind));
  for (const lang of ['en', 'fr', 'ru']) {
    await languageReady(lang);
    const missing = [...kinds].filter((k) => !Object.hasOwn(strings(lang).kinds, k));
    assert.deepEqual(missing, [], `${lang}: no label for ${missing.join(', ')}`);
  }
});

test('stored things come back deep-frozen and shared; the arrays around them are the caller’s', () => {
  const deepFrozen = (v, path) => {
    if (v === null || typeof v !== 'object') return;
    assert.ok(Object.isFrozen(v), `${path} is not frozen`);
    for (const [k, x] of Object.entries(v)) deepFrozen(x, `${path}.${k}`);
  };
  const events = almanac.timeline({ from: '1993', to: '2010' });
  assert.ok(events.length > 0);
  for (const e of events) deepFrozen(e, `timeline(): ${e.id}`);
  const malta = almanac.entity('country/malta');
  deepFrozen(malta, 'entity(country/malta)');
  assert.equal(almanac.lookup('Malta'), malta, 'lookup and entity return the same object');
  assert.ok(almanac.suggest('Mal').includes(malta));
  for (const d of almanac.documents()) deepFrozen(d, `documents(): ${d.id}`);
  deepFrozen(almanac.passage('framework-document/p3b'), 'passage()');
  for (const d of almanac.disagreements()) deepFrozen(d, `disagreements(): ${d.id}`);
  // A caller cannot corrupt what later calls return (modules are strict: assignment throws).
  assert.throws(() => {
    events[0].title = 'changed';
  }, TypeError);
  assert.throws(() => {
    malta.aliases.push('changed');
  }, TypeError);
  // The array is a new one each call, free to sort or empty.
  assert.ok(!Object.isFrozen(events));
  const first = events[0].id;
  events.reverse();
  events.length = 0;
  assert.equal(almanac.timeline({ from: '1993', to: '2010' })[0].id, first);
  // Answers made per call are not frozen.
  assert.ok(!Object.isFrozen(almanac.search('Malta').hits[0]));
});
