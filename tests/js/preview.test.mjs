// The first view drawn without the wasm (www/widget/preview.js over the projection the build
// wrote in dist/) must show what the core would: the same events for every window, entity and
// kinds it answers, the same card opening lines, and no answer (null: wait for the wasm) where it
// cannot be sure.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { load } from '../../dist/node.js';
import { cardsPreview, preview, previewLinked } from '../../www/widget/preview.js';

const almanac = await load();
const projected = await previewLinked(); // the events with their entities, countries, documents

function windows() {
  const out = [{}, { from: '1993', to: '2010' }, { from: '1994' }, { to: '1994-01' }];
  for (let y = 1985; y <= 2025; y++) {
    out.push({ from: `${y}`, to: `${y}` }, { from: `${y}`, to: `${y + 4}` });
  }
  for (let m = 1; m <= 12; m++) {
    const month = `1994-${String(m).padStart(2, '0')}`;
    out.push({ from: month, to: month }, { from: `${month}-10`, to: `${month}-20` });
  }
  out.push({ from: '1996-02-29', to: '1996-03-01' }, { from: '1995-04-26', to: '1995-04-26' });
  return out;
}

test('timeline(): the same events as the core for every window, entity and kinds', () => {
  const entities = [...new Set(almanac.timeline().flatMap((ev) => ev.entities))];
  const kinds = [...new Set(almanac.timeline().map((ev) => ev.kind))];
  const queries = [
    ...windows(),
    ...entities.map((entity) => ({ entity })),
    ...entities.slice(0, 20).map((entity) => ({ entity, from: '1994', to: '1999' })),
    ...kinds.map((kind) => ({ kinds: [kind], from: '1993', to: '2010' })),
    { kinds: kinds.slice(0, 3) },
  ];
  let answered = 0;
  for (const query of queries) {
    const mine = projected.timeline(query);
    assert.ok(mine, `${JSON.stringify(query)}: the projection answers a plain window`);
    answered++;
    const core = almanac.timeline(query);
    assert.deepEqual(
      mine.map((ev) => ev.id),
      core.map((ev) => ev.id),
      `${JSON.stringify(query)}: the same events, in the same order`,
    );
    for (const [i, ev] of mine.entries()) {
      const { citations, singleSource, reading, ...shown } = core[i];
      // The projection is JSON, so a field the core leaves undefined is absent from it.
      assert.deepEqual(
        ev,
        JSON.parse(JSON.stringify(shown)),
        `${ev.id}: what the chart draws is the core's`,
      );
    }
  }
  assert.ok(answered > 150);
});

test('timeline(): null (wait for the wasm) where only the core can answer', () => {
  for (const query of [
    { from: '1994-13' },
    { from: 'May 1994' },
    { from: '1995', to: '1994' },
    { entity: 'Malta' },
    { entity: 'country/atlantis' },
    { kinds: ['birthday'] },
    { limit: 3 },
  ])
    assert.equal(projected.timeline(query), null, JSON.stringify(query));
});

test('the events alone (what a default timeline fetches) answer every window, and wait on an entity', () => {
  const bare = preview();
  for (const query of windows())
    assert.deepEqual(
      bare.timeline(query).map((ev) => ev.id),
      projected.timeline(query).map((ev) => ev.id),
      JSON.stringify(query),
    );
  assert.equal(bare.timeline({ entity: 'country/malta' }), null);
  assert.ok(projected.timeline({ entity: 'country/malta' }).length > 0);
  assert.deepEqual(
    projected.documents(),
    almanac.documents().map(({ id, title, short }) => ({ id, title, short })),
  );
  assert.equal(projected.entity('country/malta').name, almanac.entity('country/malta').name);
});

test('cards: the opening lines of the core, found by id and by any name the core finds them by', async () => {
  const cards = await cardsPreview();
  let names = 0;
  for (const ev of almanac.timeline())
    for (const id of ev.entities) {
      const core = almanac.entity(id);
      const mine = cards.entity(id);
      assert.ok(mine, `${id}: projected`);
      for (const field of ['id', 'kind', 'name', 'names', 'description'])
        assert.deepEqual(mine[field], core[field], `${id}: ${field}`);
      for (const name of [core.name, ...Object.values(core.names), ...core.aliases]) {
        for (const written of [name, name.toUpperCase(), name.toLowerCase()]) {
          const found = cards.lookup(written);
          if (found === null) continue; // a name two entities share: the wasm decides
          names++;
          assert.equal(found.id, almanac.lookup(written)?.id, `"${written}"`);
        }
      }
    }
  assert.ok(names > 300, `${names} names found`);
  assert.equal(cards.lookup('Atlantis'), null);
  assert.equal(cards.entity('country/atlantis'), null);
});
