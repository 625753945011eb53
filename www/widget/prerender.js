// The static HTML of an element's first view, for authors and static-site generators to paste
// inside the element (`npx pfp-almanac render`, or `renderTimeline` / `renderEntity` from
// 'pfp-almanac/render'): plain semantic HTML (a list of <time>d events with their titles and the
// name of each source; a timeline's first events, then the rest behind "Show all") that readers
// without JavaScript, feed readers and search engines read, and that the element shows until it
// has drawn its own view, in the same box. No DOM needed: it runs in Node.
import { entityKindLabel, formatRange, kindLabel, nameIn, strings } from './i18n.js';
import { documentsById, needsAttribution } from './cite.js';

// The events that change an entity's standing, listed first on its card (the card's "key dates").
export const KEY_KINDS = new Set([
  'signature',
  'joining',
  'withdrawal',
  'reactivation',
  'accession',
]);

// Events of a prerendered timeline shown before its "Show all" (the element's phone list shows six).
export const PREFIRST = 8;

const ESCAPES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text from the corpus or an attribute, safe inside HTML text and quoted attribute values. */
export function escapeHtml(text) {
  return String(text ?? '').replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

/** `<time datetime>` at the start of a date or range, in words: "10 – 11 January 1994". */
function timeHtml(date, end, lang) {
  return `<time datetime="${escapeHtml(date)}">${escapeHtml(formatRange(date, end, lang))}</time>`;
}

/** The documents an event's (or entity's) citations come from, by their short names, each once. */
function sourceNames(citations, docs) {
  const names = [];
  for (const c of citations ?? []) {
    const doc = docs.get(c.document);
    const name = doc?.short || doc?.title || c.document;
    if (!names.includes(name)) names.push(name);
  }
  return names;
}

/** The attribution lines of the documents cited, where their licence asks for one (CC BY-SA). */
function attributionsHtml(citations, docs) {
  const seen = new Set();
  let html = '';
  for (const c of citations) {
    const doc = docs.get(c.document);
    if (seen.has(c.document) || !needsAttribution(doc)) continue;
    seen.add(c.document);
    html += `<p><small>${escapeHtml(doc.attribution)}</small></p>\n`;
  }
  return html;
}

/** One event as a list item: its date, kind and title, and the names of its sources. */
function eventHtml(ev, docs, lang, t) {
  const sources = sourceNames(ev.citations, docs);
  const qualifier = ev.qualifier ? ` (${escapeHtml(ev.qualifier)})` : '';
  return (
    `<li>${timeHtml(ev.date, ev.end, lang)}${qualifier}: ${escapeHtml(ev.title)}` +
    ` <small>(${escapeHtml(kindLabel(ev.kind, lang))}; ${escapeHtml(t.sources)}: ${escapeHtml(sources.join(', '))})</small></li>`
  );
}

/** The attributes of a pfp-* element as HTML, in the order given, values escaped. */
function attributesHtml(attributes) {
  return Object.entries(attributes)
    .filter(([, value]) => value !== undefined && value !== null)
    .map(([name, value]) => ` ${name}="${escapeHtml(value)}"`)
    .join('');
}

/**
 * `<pfp-timeline>` with its first view inside: every event of the window (`from`, `to`, `kinds`,
 * `entity`, as the element reads them) in date order. `almanac` is a loaded almanac (`load()`).
 */
export function renderTimeline(almanac, attributes = {}) {
  const lang = attributes.lang ?? 'en';
  const t = strings(lang);
  const kinds = attributes.kinds?.split(/[\s,]+/).filter(Boolean);
  const entity = attributes.entity
    ? (almanac.entity(attributes.entity) ?? almanac.lookup(attributes.entity))
    : null;
  if (attributes.entity && !entity) throw new Error(`render: no entity "${attributes.entity}"`);
  const events = almanac.timeline({
    from: attributes.from || undefined,
    to: attributes.to || undefined,
    kinds: kinds?.length ? kinds : undefined,
    entity: entity?.id,
  });
  const docs = documentsById(almanac);
  const html = events.map((ev) => eventHtml(ev, docs, lang, t));
  const first = html.slice(0, PREFIRST).join('\n');
  // The rest behind "Show all", as the element's phone list has it: the list is then about as tall
  // as the chart or the list that replaces it, and nothing after it moves when it does (the element
  // draws its view in the list's box; base.js `fits`).
  const rest =
    html.length > PREFIRST
      ? `<details>\n<summary>${escapeHtml(t.showAll(html.length))}</summary>\n` +
        `<ol start="${PREFIRST + 1}">\n${html.slice(PREFIRST).join('\n')}\n</ol>\n</details>\n`
      : '';
  const cited = events.flatMap((ev) => ev.citations ?? []);
  return (
    `<pfp-timeline${attributesHtml(attributes)}>\n` +
    `<ol>\n${first || `<li>${escapeHtml(t.noEvents)}</li>`}\n</ol>\n${rest}` +
    attributionsHtml(cited, docs) +
    '</pfp-timeline>'
  );
}

/**
 * `<pfp-entity>` with the lines its card opens with: name, kind and description, its key dates
 * (signature, joining, withdrawal, reactivation, accession) with their sources, and where its
 * facts come from. `attributes.name` (any name or alias) or `attributes.entity` (an id).
 */
export function renderEntity(almanac, attributes = {}) {
  const lang = attributes.lang ?? 'en';
  const t = strings(lang);
  const entity = attributes.entity
    ? almanac.entity(attributes.entity)
    : attributes.name
      ? almanac.lookup(attributes.name)
      : null;
  if (!entity) throw new Error(`render: no entity "${attributes.entity ?? attributes.name ?? ''}"`);
  const docs = documentsById(almanac);
  const keyEvents = almanac.timeline({ entity: entity.id }).filter((ev) => KEY_KINDS.has(ev.kind));
  const keyDates = keyEvents.map((ev) => eventHtml(ev, docs, lang, t)).join('\n');
  const cited = [...(entity.citations ?? []), ...keyEvents.flatMap((ev) => ev.citations ?? [])];
  return (
    `<pfp-entity${attributesHtml(attributes)}>\n<article>\n` +
    `<p><strong>${escapeHtml(nameIn(entity, lang))}</strong> (${escapeHtml(entityKindLabel(entity.kind, lang))})` +
    `${entity.description ? `: ${escapeHtml(entity.description)}` : ''}</p>\n` +
    (keyDates ? `<ul>\n${keyDates}\n</ul>\n` : '') +
    `<p><small>${escapeHtml(t.sources)}: ${escapeHtml(sourceNames(cited, docs).join(', '))}</small></p>\n` +
    attributionsHtml(cited, docs) +
    '</article>\n</pfp-entity>'
  );
}
