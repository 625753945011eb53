// What the build projects from the built-in corpus for the first view (www/widget/preview.js
// reads it): scripts/build-widget.mjs writes dist/projection.json, projection-links.json and
// projection-cards.json
// with these, through the package's own API, so the projection always matches the corpus.
/** What a timeline draws first (dist/projection.json): every event without its citations or entities. */
export function projectTimeline(almanac) {
  return {
    events: almanac.timeline().map(({ citations, singleSource, reading, entities, ...ev }) => ev),
  };
}

/**
 * What the other first views need (dist/projection-links.json, fetched by those only): each event's
 * entities, in projectTimeline's order (a timeline of one entity), the names of the countries a
 * timeline lane is labelled with, the documents' names (the search box's filter).
 */
export function projectLinks(almanac) {
  const events = almanac.timeline();
  const countries = new Set(events.flatMap((ev) => ev.entities.filter(isCountry)));
  return {
    entities: events.map((ev) => ev.entities),
    countries: [...countries].map((id) => {
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
