// What the build projects from the built-in corpus for the first view (www/widget/preview.js
// reads it): scripts/build-widget.mjs writes dist/projection.json and dist/projection-cards.json
// with these, through the package's own API, so the projection always matches the corpus.
/** What the timeline and the search box draw first (dist/projection.json). */
export function projectTimeline(almanac) {
  const events = almanac.timeline().map(({ citations, singleSource, reading, ...ev }) => ev);
  const countries = new Set(events.flatMap((ev) => ev.entities.filter(isCountry)));
  return {
    events,
    entities: [...countries].map((id) => {
      const { name, names } = almanac.entity(id);
      return { id, kind: 'country', name, names };
    }),
    documents: almanac.documents().map(({ id, title, short }) => ({ id, title, short })),
  };
}

/**
 * What a card opens with (dist/projection-cards.json): name, kind and description of every entity
 * an event or a disagreement names. Any other waits for the wasm.
 */
export function projectCards(almanac) {
  const ids = new Set(almanac.timeline().flatMap((ev) => ev.entities));
  for (const d of almanac.disagreements()) ids.add(d.subject);
  return [...ids].sort().map((id) => {
    const { kind, name, names, aliases, description } = almanac.entity(id);
    return { id, kind, name, names, aliases, description };
  });
}

const isCountry = (id) => id.startsWith('country/');
