// The first view without the wasm. At build time (scripts/build-widget.mjs) the built-in corpus is
// projected to what the elements first draw: every event without its citations (projection.json);
// its entities, the names of the countries a timeline lane is labelled with and the documents'
// names, the search box's filter (projection-links.json); for cards their opening lines
// (projection-cards.json). A default timeline fetches the first only. The elements draw from it at once and fetch the wasm when the page
// is idle or the reader asks for what only the full corpus answers (citations, a search). A query
// the projection cannot answer exactly as the core would (a name to look up, a malformed date)
// gets null, and the element waits for the wasm, which gives the answer or the error.

import projection from '../../dist/projection.json' with { type: 'json' };
import { eventOfRow } from './projection.js';

// A partial date (1994, 1994-05, 1994-05-04) as the first or last day it covers, as a string that
// sorts like the days: "-31" ends every month, since no real day falls between it and the next one.
const PARTIAL_DATE = /^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$/;
const firstDay = (d) => (d.length === 4 ? `${d}-01-01` : d.length === 7 ? `${d}-01` : d);
const lastDay = (d) => (d.length === 4 ? `${d}-12-31` : d.length === 7 ? `${d}-31` : d);

/**
 * An almanac over projected events: timeline() answers like the core's for a window, kinds it knows
 * and, where the events carry their entities (projection-links.json), an entity id; else it returns
 * null. entity() knows the countries given, documents() the documents given (null: not known here).
 */
function previewAlmanac(events, countries = [], documents = null) {
  const entities = new Map(countries.map((e) => [e.id, e]));
  const kinds = new Set(events.map((ev) => ev.kind));
  const linked = events.every((ev) => ev.entities);
  return {
    preview: true,
    timeline(query = {}) {
      const { from, to, entity, kinds: only, ...rest } = query;
      if (Object.keys(rest).length) return null;
      if ([from, to].some((d) => d !== undefined && !PARTIAL_DATE.test(d))) return null;
      if (only && !only.every((k) => kinds.has(k))) return null;
      const start = from ? firstDay(from) : '';
      const end = to ? lastDay(to) : '\uffff';
      if (start > end) return null;
      const about = entity === undefined ? null : entity;
      if (about !== null && !(linked && events.some((ev) => ev.entities.includes(about))))
        return null;
      return events.filter(
        (ev) =>
          firstDay(ev.date) <= end &&
          lastDay(ev.end ?? ev.date) >= start &&
          (about === null || ev.entities.includes(about)) &&
          (!only || only.includes(ev.kind)),
      );
    },
    entity: (id) => entities.get(id) ?? null,
    documents: () => documents,
  };
}

/** Case and diacritics folded, as lookup() compares names (its near-miss spellings are not tried here). */
const fold = (s) =>
  s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();

/** A card's opening lines by id or name, or null where only the wasm can tell (an unknown or shared name). */
function previewCards(cards) {
  const byId = new Map(cards.map((e) => [e.id, e]));
  const byName = new Map();
  for (const e of cards)
    for (const n of [e.name, ...Object.values(e.names ?? {}), ...(e.aliases ?? [])]) {
      const key = fold(n);
      byName.set(key, byName.has(key) && byName.get(key) !== e ? null : e);
    }
  return {
    preview: true,
    entity: (id) => byId.get(id) ?? null,
    lookup: (name) => byName.get(fold(name)) ?? null,
  };
}

let timelinePreview = null;
let linkedPreview = null;
let projectedEvents = null;
const events = () => {
  projectedEvents ??= projection.events.map(eventOfRow);
  return projectedEvents;
};

/** The almanac over dist/projection.json (a timeline's events), made on first use. */
export function preview() {
  timelinePreview ??= previewAlmanac(events());
  return timelinePreview;
}

/**
 * A promise of the almanac over the events with their entities, the countries' names and the
 * documents' (dist/projection-links.json, fetched on first use): a timeline of one entity or in
 * country lanes, the search box.
 */
export function previewLinked() {
  linkedPreview ??= import('../../dist/projection-links.json', { with: { type: 'json' } }).then(
    ({ default: links }) =>
      previewAlmanac(
        events().map((ev, i) => ({ ...ev, entities: links.entities[i] })),
        links.countries,
        links.documents,
      ),
  );
  return linkedPreview;
}

/** The cards' opening lines (dist/projection-cards.json): fetched with the first card. */
export function cardsPreview() {
  return import('../../dist/projection-cards.json', { with: { type: 'json' } }).then((m) =>
    previewCards(m.default),
  );
}
