// Rendering of citations (quote, passage label, document title, licence attribution), shared by
// the timeline's detail panel, the entity card and the search passage view.
import { h } from './dom.js';

const docCache = new WeakMap();

/** Documents of an almanac by id (memoised per almanac). */
export function documentsById(almanac) {
  let map = docCache.get(almanac);
  if (!map) {
    map = new Map(almanac.documents().map((d) => [d.id, d]));
    docCache.set(almanac, map);
  }
  return map;
}

/**
 * Whether showing this document's text obliges us to show its attribution: its licence (from the
 * corpus, never assumed from its id) is a Creative Commons one, such as the encyclopedia's CC BY-SA.
 */
export function needsAttribution(doc) {
  const licence = String(doc?.licence ?? '');
  return (
    Boolean(doc?.attribution) && (/^CC[ -]/i.test(licence) || /creative\s*commons/i.test(licence))
  );
}

/** The attribution line of a document, linked to its licence and source where known. */
export function attribution(doc) {
  if (!needsAttribution(doc)) return null;
  return h('p', { class: 'attribution', part: 'attribution' }, doc.attribution);
}

/** The label of the passage a citation points at, from the passage itself (falls back to its id). */
function passageLabel(almanac, id) {
  try {
    return almanac.passage(id)?.label ?? id;
  } catch {
    return id;
  }
}

/** One citation: the quote in a <blockquote>, then "label — document title", then the attribution if needed. */
export function citation(almanac, c) {
  const docs = documentsById(almanac);
  const doc = docs.get(c.document);
  const title = doc?.title ?? c.document;
  return h(
    'li',
    { class: 'citation', part: 'citation' },
    h('blockquote', { part: 'quote' }, h('p', null, c.quote)),
    h(
      'p',
      { class: 'cite-line' },
      h('cite', null, passageLabel(almanac, c.passage)),
      ' — ',
      title,
      doc?.date ? ` (${doc.date})` : '',
    ),
    attribution(doc),
  );
}

/** A list of citations, or null when there are none. */
export function citations(almanac, list, heading) {
  if (!list || list.length === 0) return null;
  return h(
    'div',
    { class: 'citations' },
    heading ? h('h4', null, heading) : null,
    h(
      'ul',
      { class: 'cites', role: 'list' },
      list.map((c) => citation(almanac, c)),
    ),
  );
}
