// What the build projects from the built-in corpus for the first view (www/widget/preview.js
// reads it): scripts/build-widget.mjs writes dist/projection.json, projection-links.json and
// projection-cards.json
// with these, through the package's own API, so the projection always matches the corpus.
import { precisionOf } from './i18n.js';

/**
 * What a timeline draws first (dist/projection.json): every event without its citations or
 * entities, each as [id, date, end, qualifier, title] (0 for none) — its kind is its id's prefix
 * and its precision its date's length, which the build checks: the projection is the bytes a
 * default timeline fetches before its first view, so it carries nothing it can derive.
 */
export function projectTimeline(almanac) {
  const events = almanac
    .timeline()
    .map(({ citations, singleSource, reading, entities, ...ev }) => ev);
  const rows = events.map(({ id, date, end, qualifier, title }) => [
    id,
    date,
    end ?? 0,
    qualifier ?? 0,
    title,
  ]);
  const lost = events.find((ev, i) => !sameEvent(ev, eventOfRow(rows[i])));
  if (lost)
    throw new Error(`projection: event ${lost.id} is not [id, date, end, qualifier, title]`);
  return { events: rows };
}

/** An event of dist/projection.json, as the core's timeline() gives it. */
export function eventOfRow([id, date, end, qualifier, title]) {
  const ev = { id, date };
  if (end) ev.end = end;
  ev.precision = precisionOf(date);
  if (qualifier) ev.qualifier = qualifier;
  ev.kind = id.slice(0, id.indexOf('/'));
  ev.title = title;
  return ev;
}

/** The same fields (a field the core gives as undefined is one the projection leaves out). */
const sameEvent = (a, b) =>
  [...Object.keys(a), ...Object.keys(b)].every((key) => a[key] === b[key]);

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
