// <pfp-entity name="Malta"> or <pfp-entity entity="country/malta">: a cited card.
import { PfpElement } from './base.js';
import { h, setChildren } from './dom.js';
import { formatRange, kindLabel, uiLang } from './i18n.js';
import { citation, citations } from './cite.js';

const CSS = `
.frame { min-block-size: 8rem; }
:host([compact]) .frame { border: 0; padding: 0; min-block-size: 6rem; }
.card h3 { margin-block-start: 0; font-size: 1.15em; }
.kind { display: inline-block; font-size: 0.75em; font-weight: normal; padding: 0 0.5em; border-radius: 1em; border: 1px solid var(--_line); color: var(--_muted); margin-inline-start: 0.5em; vertical-align: middle; }
.desc { margin-block: 0.2em 0.6em; }
ol.mini { list-style: none; border-inline-start: 2px solid var(--_line); padding-inline-start: 0.75rem; }
ol.mini li { margin: 0.25em 0; position: relative; }
ol.mini li::before { content: ""; position: absolute; inset-inline-start: calc(-0.75rem - 6px); inset-block-start: 0.45em; inline-size: 10px; block-size: 10px; border-radius: 50%; background: var(--_accent); }
ol.mini time { font-weight: 600; margin-inline-end: 0.4em; font-variant-numeric: tabular-nums; }
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

export class PfpEntity extends PfpElement {
  static css = CSS;
  static get observedAttributes() {
    return ['name', 'entity', 'lang'];
  }

  render(almanac) {
    const t = this.t;
    const lang = this.lang_;
    const ui = uiLang(lang);
    const id = this.getAttribute('entity');
    const name = this.getAttribute('name');
    const entity = id ? almanac.entity(id.trim()) : name ? almanac.lookup(name) : null;
    if (!entity) {
      const asked = (id || name || '').trim();
      setChildren(this.contentEl, h('p', { class: 'missing', part: 'card', role: 'note' }, t.noEntry(asked)));
      this.entity = null;
      return;
    }
    this.entity = entity;
    const nameOf = (e) => (e.names && e.names[ui]) || e.name;
    const display = nameOf(entity);

    const events = almanac.timeline({ entity: entity.id });
    const dates = events.length
      ? h(
          'section',
          null,
          h('h4', null, t.keyDates),
          h(
            'ol',
            { class: 'mini', part: 'timeline' },
            events.map((ev) =>
              h(
                'li',
                null,
                h('time', { datetime: ev.end ? `${ev.date}/${ev.end}` : ev.date }, formatRange(ev.date, ev.end, lang)),
                ev.qualifier ? h('span', { class: 'muted' }, `(${ev.qualifier}) `) : null,
                ev.title,
              ),
            ),
          ),
        )
      : null;

    const facts = entity.facts?.length ? h('section', null, h('h4', null, t.facts), h('ul', { class: 'facts' }, entity.facts.map((f) => h('li', null, f.text)))) : null;

    const rels = entity.relations?.length
      ? h(
          'section',
          null,
          h('h4', null, t.relations),
          h(
            'ul',
            { class: 'rels' },
            entity.relations.map((r) => {
              const target = almanac.entity(r.target);
              return h('li', null, Object.hasOwn(t.relationKinds, r.kind) ? t.relationKinds[r.kind] : r.kind.replace(/-/g, ' '), ' ', h('strong', null, target ? nameOf(target) : r.target));
            }),
          ),
        )
      : null;

    const disagreements = almanac.disagreements(entity.id);
    const dis = disagreements.length
      ? h(
          'section',
          null,
          h('h4', null, t.disagreements),
          disagreements.map((d) =>
            h(
              'div',
              { class: 'dis', part: 'disagreement' },
              h('h5', null, d.topic),
              d.note ? h('p', { class: 'muted' }, d.note) : null,
              h(
                'ul',
                { class: 'readings' },
                d.readings.map((r) => h('li', null, h('p', { class: 'reading-value' }, r.value), h('ul', { class: 'cites', role: 'list' }, r.citations.map((c) => citation(almanac, c))))),
              ),
            ),
          ),
        )
      : null;

    // Sources: every citation of the entity, its facts and relations, once each.
    const seen = new Set();
    const all = [];
    for (const c of [...(entity.citations ?? []), ...(entity.facts ?? []).flatMap((f) => f.citations), ...(entity.relations ?? []).flatMap((r) => r.citations)]) {
      if (seen.has(key(c))) continue;
      seen.add(key(c));
      all.push(c);
    }
    const sources = all.length ? h('details', { part: 'sources' }, h('summary', null, `${t.sources} (${all.length})`), citations(almanac, all)) : null;

    setChildren(this.contentEl, 
      h(
        'article',
        { class: 'card', part: 'card', 'aria-label': display },
        h('h3', null, display, h('span', { class: 'kind' }, kindLabel(entity.kind))),
        display !== entity.name ? h('p', { class: 'muted' }, entity.name) : null,
        entity.description ? h('p', { class: 'desc' }, entity.description) : null,
        dates,
        facts,
        rels,
        dis,
        sources,
      ),
    );
  }
}
