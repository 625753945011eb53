// <pfp-entity name="Malta"> or <pfp-entity entity="country/malta">: a cited card.
import { KEY_KINDS } from './prerender.js';
import { css } from './styles.js';
import { PfpElement } from './base.js';
import { h, setChildren } from './dom.js';
import {
  entityKindLabel,
  formatRange,
  isoRange,
  kindLabel,
  nameIn,
  officeLabel,
  relationLabel,
} from './i18n.js';
import { citation, citations, documentsById } from './cite.js';
import { cardsPreview } from './preview.js';

const CSS = css`
.frame { min-block-size: 8rem; }
:host([compact]) .frame { border: 0; padding: 0; min-block-size: 6rem; }
.card h3 { margin-block-start: 0; font-size: 1.15em; }
.kind { display: inline-block; font-size: 0.75em; font-weight: normal; padding: 0 0.5em; border-radius: 1em; border: 1px solid var(--_line); color: var(--_muted); margin-inline-start: 0.5em; vertical-align: middle; }
.desc { margin-block: 0.2em 0.6em; }
ol.mini { list-style: none; border-inline-start: 2px solid var(--_line); padding-inline-start: 0.75rem; }
ol.mini li { margin: 0.25em 0; position: relative; }
ol.mini li::before { content: ""; position: absolute; inset-inline-start: calc(-0.75rem - 6px); inset-block-start: 0.45em; inline-size: 10px; block-size: 10px; border-radius: 50%; background: var(--_accent); }
ol.mini time { font-weight: 600; margin-inline-end: 0.4em; font-variant-numeric: tabular-nums; }
ol.keys { list-style: none; padding: 0; margin: 0.2em 0 0.6em; }
ol.keys > li { margin: 0.35em 0; padding-inline-start: 0.6rem; border-inline-start: 3px solid var(--_accent); }
ol.keys time { font-weight: 600; font-variant-numeric: tabular-nums; }
.key-kind { font-weight: 600; }
.signatory { margin: 0.1em 0 0; }
.signatory cite { font-style: normal; font-weight: normal; color: var(--_muted); font-size: 0.9em; }
ul.facts, ul.rels { padding-inline-start: 1.2em; }
.dis { border: 1px solid var(--_line); border-radius: calc(var(--_radius) * 0.75); padding: 0.4rem 0.6rem; margin: 0.4rem 0; }
.dis h5 { margin: 0; font-size: 0.95em; }
.readings { padding-inline-start: 1.2em; }
.reading-value { font-weight: 600; }
details { margin-block-start: 0.5rem; }
summary { cursor: pointer; min-block-size: 24px; font-weight: 600; color: var(--_muted); }
.missing { font-weight: 600; }
@media (forced-colors: active) { ol.mini li::before { background: CanvasText; forced-color-adjust: none; } }
`;

function key(c) {
  return `${c.passage}\u0000${c.quote}`;
}

// Key dates: the events that change an entity's standing. Everything else is in the mini timeline.

/**
 * Who signed a signature event and in what office: the event's person entity, and the office the
 * compiler read from the table row that person's `signed-for` relation cites (`relation.office`:
 * "DPM/FM" from "Malta DPM/FM Guido de Marco 26.04.95", with that citation), put in words in the
 * card's language where we know the form. Null when the event names no person.
 */
export function signatoryOf(almanac, ev, subject, lang) {
  const people = ev.entities
    .filter((id) => id.startsWith('person/') && id !== subject.id)
    .map((id) => almanac.entity(id))
    .filter(Boolean);
  if (!people.length) return null;
  const signedFor = (p) => (p.relations ?? []).filter((r) => r.kind === 'signed-for');
  const person =
    people.find((p) => signedFor(p).some((r) => r.target === subject.id)) ??
    people.find((p) => signedFor(p).length) ??
    people[0];
  const relations = signedFor(person);
  const relation = relations.find((r) => r.target === subject.id) ?? relations[0];
  const form = relation?.office?.form;
  if (!form) return { person, office: null, form: null, source: null };
  const office = officeLabel(form, lang) ?? form;
  return { person, office, form: form !== office ? form : null, source: relation.office.citation };
}

/** The organisation an event names besides the card's own entity (what an accession joins), or null. */
function organisationOf(almanac, ev, subject) {
  for (const id of ev.entities) {
    const e = id === subject.id ? null : almanac.entity(id);
    if (e?.kind === 'organisation') return e;
  }
  return null;
}

/** A section of the card headed `title`, its `items` drawn by `draw`; null when there are none. */
function section(title, items, draw) {
  return items?.length ? h('section', null, h('h4', null, title), draw(items)) : null;
}

export class PfpEntity extends PfpElement {
  static css = CSS;
  static fits = true;
  static fitMin = 160; // the name, the description and a key date
  static get observedAttributes() {
    return ['name', 'entity', 'lang', 'src'];
  }

  /** The entity the attributes name, in `almanac` (null: none). */
  find(almanac) {
    const id = this.getAttribute('entity');
    const name = this.getAttribute('name');
    return id ? almanac.entity(id.trim()) : name ? almanac.lookup(name) : null;
  }

  /** The opening lines come from the projection where it knows the entity (preview.js). */
  previewAlmanac() {
    return cardsPreview().then((cards) => (this.find(cards) ? cards : null));
  }

  render(almanac) {
    const t = this.t;
    const lang = this.lang_;
    const entity = this.find(almanac);
    if (almanac.preview) {
      this.entity = entity;
      this.drawCard(entity);
      return;
    }
    if (!entity) {
      const id = this.getAttribute('entity');
      const name = this.getAttribute('name');
      const asked = (id || name || '').trim();
      setChildren(
        this.contentEl,
        h('p', { class: 'missing', part: 'card', role: 'note' }, t.noEntry(asked)),
      );
      this.entity = null;
      return;
    }
    this.entity = entity;
    const nameOf = (e) => nameIn(e, lang);
    const docs = documentsById(almanac);
    const sourceOf = (c) => {
      const label = almanac.passage(c.passage)?.label ?? c.passage;
      const short = docs.get(c.document)?.short ?? c.document;
      return label.startsWith(short) ? label : `${short}, ${label}`;
    };
    const extra = []; // citations shown with the key dates, listed under Sources too

    const events = almanac.timeline({ entity: entity.id });
    const keyEvents = events.filter((ev) => KEY_KINDS.has(ev.kind));
    const keys = section(t.keyDates, keyEvents, (keyEvents) =>
      h(
        'ol',
        { class: 'keys', part: 'key-dates' },
        keyEvents.map((ev) => {
          const joined = ev.kind === 'accession' ? organisationOf(almanac, ev, entity) : null;
          const who = ev.kind === 'signature' ? signatoryOf(almanac, ev, entity, lang) : null;
          if (who?.source) extra.push(who.source);
          return h(
            'li',
            { 'data-kind': ev.kind },
            h(
              'span',
              { class: 'key-kind' },
              joined ? t.accessionTo(nameOf(joined)) : kindLabel(ev.kind, lang),
            ),
            ' · ',
            h('time', { datetime: isoRange(ev.date, ev.end) }, formatRange(ev.date, ev.end, lang)),
            ev.qualifier ? h('span', { class: 'muted' }, ` (${ev.qualifier})`) : null,
            h('br'),
            ev.title,
            who
              ? h(
                  'p',
                  { class: 'signatory', part: 'signatory' },
                  `${t.signedBy} `,
                  h('strong', { class: 'person' }, nameOf(who.person)),
                  who.office
                    ? [
                        ', ',
                        h(
                          'span',
                          { class: 'office' },
                          who.office,
                          who.form ? ` (${who.form})` : '',
                        ),
                      ]
                    : null,
                  who.source ? [' ', h('cite', null, `(${sourceOf(who.source)})`)] : null,
                )
              : null,
          );
        }),
      ),
    );
    const dates = section(t.timelineShort, events, (events) =>
      h(
        'ol',
        { class: 'mini', part: 'timeline' },
        events.map((ev) =>
          h(
            'li',
            null,
            h('time', { datetime: isoRange(ev.date, ev.end) }, formatRange(ev.date, ev.end, lang)),
            ev.qualifier ? h('span', { class: 'muted' }, `(${ev.qualifier}) `) : null,
            ev.title,
          ),
        ),
      ),
    );

    const facts = section(t.facts, entity.facts, (facts) =>
      h(
        'ul',
        { class: 'facts' },
        facts.map((f) => h('li', null, f.text)),
      ),
    );

    const rels = section(t.relations, entity.relations, (relations) =>
      h(
        'ul',
        { class: 'rels' },
        relations.map((r) => {
          const target = almanac.entity(r.target);
          return h(
            'li',
            null,
            relationLabel(r.kind, lang),
            ' ',
            h('strong', null, target ? nameOf(target) : r.target),
          );
        }),
      ),
    );

    const disagreements = almanac.disagreements(entity.id);
    const dis = section(t.disagreements, disagreements, (disagreements) =>
      disagreements.map((d) =>
        h(
          'div',
          { class: 'dis', part: 'disagreement' },
          h('h5', null, d.topic),
          d.note ? h('p', { class: 'muted' }, d.note) : null,
          h(
            'ul',
            { class: 'readings' },
            d.readings.map((r) =>
              h(
                'li',
                null,
                h('p', { class: 'reading-value' }, r.value),
                h(
                  'ul',
                  { class: 'cites', role: 'list' },
                  r.citations.map((c) => citation(almanac, c)),
                ),
              ),
            ),
          ),
        ),
      ),
    );

    // Sources: every citation of the entity, its facts and relations, once each.
    const seen = new Set();
    const all = [];
    for (const c of [
      ...(entity.citations ?? []),
      ...(entity.facts ?? []).flatMap((f) => f.citations),
      ...(entity.relations ?? []).flatMap((r) => r.citations),
      ...extra,
    ]) {
      if (seen.has(key(c))) continue;
      seen.add(key(c));
      all.push(c);
    }
    const sources = all.length
      ? h(
          'details',
          // Opening the sources lets a card fitted to its prerendered box take its own height.
          { part: 'sources', ontoggle: () => this.release() },
          h('summary', null, `${t.sources} (${all.length})`),
          citations(almanac, all),
        )
      : null;

    this.drawCard(entity, keys, dates, facts, rels, dis, sources);
  }

  /** The card: its opening lines (name, kind, description), then `sections`. */
  drawCard(entity, ...sections) {
    const lang = this.lang_;
    const display = nameIn(entity, lang);
    setChildren(
      this.contentEl,
      h(
        'article',
        { class: 'card', part: 'card', 'aria-label': display },
        h('h3', null, display, h('span', { class: 'kind' }, entityKindLabel(entity.kind, lang))),
        display !== entity.name ? h('p', { class: 'muted', lang: 'en' }, entity.name) : null,
        entity.description ? h('p', { class: 'desc' }, entity.description) : null,
        ...sections,
      ),
    );
  }
}
