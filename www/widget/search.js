// <pfp-search>: the WAI-ARIA combobox pattern (input role=combobox + listbox, in one shadow root,
// since id references do not cross shadow boundaries). Results as the reader types; a passage
// opens in context. Emits `pfp-select` { passage }.
import { css } from './styles.js';
import { PfpElement } from './base.js';
import { h, setChildren, highlighted, uid } from './dom.js';
import { attribution, documentsById } from './cite.js';
import { previewLinked } from './preview.js';

const CSS = css`
.frame { min-block-size: 7.5rem; }
label { display: block; font-weight: 600; margin-block-end: 0.2rem; }
.combo { position: relative; }
input[type="search"], input[type="number"], select {
  min-block-size: 40px; border: 1px solid var(--_line); border-radius: calc(var(--_radius) * 0.75);
  background: var(--_bg); padding: 0.3em 0.55em;
}
input[type="search"] { inline-size: 100%; }
.filters { display: flex; flex-wrap: wrap; gap: 0.5rem 0.75rem; margin-block-start: 0.5rem; font-size: 0.9em; }
.filters label { font-weight: normal; color: var(--_muted); }
.filters select, .filters input { display: block; margin-block-start: 0.15rem; }
.filters input { inline-size: 6.5em; }
.count { margin: 0.4rem 0 0; font-size: 0.85em; color: var(--_muted); min-block-size: 1.2em; }
[role="listbox"] { list-style: none; margin: 0.35rem 0 0; padding: 0; border: 1px solid var(--_line); border-radius: calc(var(--_radius) * 0.75); max-block-size: 24rem; overflow-y: auto; background: var(--_bg); }
[role="option"] { padding: 0.45rem 0.6rem; cursor: pointer; border-block-end: 1px solid var(--_line); min-block-size: 24px; }
[role="option"]:last-child { border-block-end: 0; }
[role="option"]:hover { background: var(--_soft); }
[role="option"][aria-selected="true"] { background: var(--_soft); box-shadow: inset 3px 0 0 var(--_accent); }
.opt-label { display: block; font-size: 0.82em; font-weight: 600; color: var(--_muted); }
.opt-snippet { display: block; }
.passage { margin-block-start: 0.75rem; border-block-start: 1px solid var(--_line); padding-block-start: 0.5rem; }
.passage h3 { margin-block-start: 0; }
.passage h3:focus { outline: none; }
.passage h3:focus-visible { outline: 2px solid var(--_accent); }
.passage .text { margin: 0.4rem 0; font-style: normal; }
.credit .attribution { margin: 0.25rem 0 0; font-size: 0.8em; color: var(--_muted); }
ol.context { list-style: none; margin: 0.4rem 0; padding: 0; }
ol.context > li { margin: 0.3rem 0; }
ol.context > li.neighbour { color: var(--_muted); font-size: 0.92em; }
ol.context > li.hit blockquote { border-inline-start-color: var(--_accent); border-inline-start-width: 4px; }
.ctx-label { margin: 0; font-size: 0.82em; font-weight: 600; color: var(--_muted); }
.ctx-label .here { color: var(--_text); }
ol.context blockquote { margin: 0.15rem 0; }
ol.context blockquote p { margin: 0; }
@media (forced-colors: active) {
  [role="option"][aria-selected="true"] { outline: 2px solid Highlight; }
}
`;

const DEBOUNCE = 150;

/** A year filter's field (from or to): whole years, with the numeric keypad on touch screens. */
function yearInput(id) {
  return h('input', {
    id,
    type: 'number',
    inputmode: 'numeric',
    min: '1900',
    max: '2100',
    step: '1',
    part: 'year',
  });
}

function year(value) {
  const v = String(value ?? '').trim();
  return /^\d{4}$/.test(v) ? v : undefined;
}

export class PfpSearch extends PfpElement {
  static css = CSS;
  static get observedAttributes() {
    return ['lang', 'src'];
  }

  constructor() {
    super();
    this._p = uid('pfp-search');
    this.hits = [];
    this.active = -1;
    this.timer = 0;
    this.built = false;
  }

  render(almanac) {
    const t = this.t;
    const p = this._p;
    const query = this.input?.value ?? this.getAttribute('value') ?? '';
    this.input = h('input', {
      id: `${p}-input`,
      type: 'search',
      role: 'combobox',
      part: 'input',
      autocomplete: 'off',
      spellcheck: 'false',
      'aria-autocomplete': 'list',
      'aria-expanded': 'false',
      'aria-controls': `${p}-listbox`,
      placeholder: t.searchPlaceholder,
    });
    this.input.value = query;
    this.listbox = h('ul', {
      id: `${p}-listbox`,
      role: 'listbox',
      part: 'listbox',
      'aria-label': t.searchLabel,
      hidden: true,
    });
    // The licence line of the documents the visible results quote (CC BY-SA asks for it wherever
    // the text is shown), under the list while it is open.
    this.credit = h('div', { class: 'credit', part: 'credit', hidden: true });
    this.count = h('p', { class: 'count', role: 'status' });
    this.docSelect = h(
      'select',
      { id: `${p}-doc`, part: 'select' },
      h('option', { value: '' }, t.allDocuments),
      almanac.documents().map((d) => h('option', { value: d.id }, d.short || d.title)),
    );
    this.fromInput = yearInput(`${p}-from`);
    this.toInput = yearInput(`${p}-to`);
    this.passageEl = h('section', { class: 'passage', part: 'passage', hidden: true });

    setChildren(
      this.contentEl,
      h('label', { for: `${p}-input` }, t.searchLabel),
      h('div', { class: 'combo' }, this.input, this.listbox, this.credit),
      h(
        'div',
        { class: 'filters' },
        h('label', { for: `${p}-doc` }, t.document, this.docSelect),
        h('label', { for: `${p}-from` }, t.fromYear, this.fromInput),
        h('label', { for: `${p}-to` }, t.toYear, this.toInput),
      ),
      this.count,
      this.passageEl,
    );

    this.input.addEventListener('input', () => this.schedule());
    this.input.addEventListener('keydown', (e) => this.onKey(e));
    this.input.addEventListener('blur', () => this.collapse());
    this.input.addEventListener('focus', () => {
      if (this.hits.length) this.expand();
    });
    for (const el of [this.docSelect, this.fromInput, this.toInput])
      el.addEventListener('change', () => this.run(false));
    // Keep the focus in the input while choosing with the pointer.
    this.listbox.addEventListener('pointerdown', (e) => e.preventDefault());
    this.listbox.addEventListener('click', (e) => {
      const li = e.target.closest('[role="option"]');
      if (li) this.open(Number(li.dataset.i));
    });
    if (query) this.run(false);
  }

  schedule() {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.run(true), DEBOUNCE);
  }

  /** The search box and its filters draw from the projection (the documents' names). */
  previewAlmanac() {
    return previewLinked();
  }

  /** The wasm arrived: what the reader typed meanwhile is searched now. */
  adopt() {
    this.setState('ready');
    if (this.input.value.trim()) this.run(this.shadowRoot.activeElement === this.input);
  }

  run(show) {
    const q = this.input.value.trim();
    if (!this.almanac) {
      // Typed before the wasm arrived: say so, fetch it now; adopt() runs the search then.
      // Erased meanwhile: nothing is waiting.
      this.count.textContent = q ? this.t.loading : '';
      if (q) this.fetchAlmanac();
      return;
    }
    this.active = -1;
    this.input.removeAttribute('aria-activedescendant');
    if (!q) {
      this.hits = [];
      setChildren(this.listbox);
      setChildren(this.credit);
      this.count.textContent = '';
      this.collapse();
      return;
    }
    const options = { limit: 8 };
    if (this.docSelect.value) options.document = this.docSelect.value;
    const from = year(this.fromInput.value);
    const to = year(this.toInput.value);
    if (from) options.from = from;
    if (to) options.to = to;
    let result;
    try {
      result = this.almanac.search(q, options);
    } catch (error) {
      this.hits = [];
      setChildren(this.listbox);
      setChildren(this.credit);
      this.count.textContent = String(error?.message ?? error);
      this.collapse();
      return;
    }
    this.hits = result.hits;
    const docs = documentsById(this.almanac);
    setChildren(
      this.listbox,
      ...this.hits.map((hit, i) =>
        h(
          'li',
          {
            id: `${this._p}-opt-${i}`,
            role: 'option',
            part: 'option',
            'aria-selected': 'false',
            'data-i': i,
          },
          h(
            'span',
            { class: 'opt-label' },
            hit.label,
            ' · ',
            docs.get(hit.document)?.short ?? hit.document,
          ),
          h('span', { class: 'opt-snippet' }, highlighted(hit.snippet, hit.highlights)),
        ),
      ),
    );
    // attribution() is null for a document whose licence asks for none.
    setChildren(
      this.credit,
      [...new Set(this.hits.map((hit) => hit.document))].map((id) => attribution(docs.get(id))),
    );
    this.count.textContent = this.t.results(result.total);
    if (this.hits.length && (show || this.shadowRoot.activeElement === this.input)) this.expand();
    else this.collapse();
  }

  expand() {
    if (!this.hits.length) return;
    this.listbox.hidden = false;
    this.credit.hidden = !this.credit.firstChild;
    this.input.setAttribute('aria-expanded', 'true');
  }

  collapse() {
    this.listbox.hidden = true;
    this.credit.hidden = true;
    this.input.setAttribute('aria-expanded', 'false');
    this.setActive(-1);
  }

  setActive(i) {
    const options = this.listbox.children;
    if (options[this.active]) options[this.active].setAttribute('aria-selected', 'false');
    this.active = i;
    if (i >= 0 && options[i]) {
      options[i].setAttribute('aria-selected', 'true');
      this.input.setAttribute('aria-activedescendant', options[i].id);
      options[i].scrollIntoView({ block: 'nearest' });
    } else {
      this.input.removeAttribute('aria-activedescendant');
    }
  }

  onKey(e) {
    const n = this.hits.length;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      if (!n) return;
      e.preventDefault();
      if (this.listbox.hidden) {
        this.expand();
        this.setActive(e.key === 'ArrowDown' ? 0 : n - 1);
      } else {
        const step = e.key === 'ArrowDown' ? 1 : -1;
        this.setActive((this.active + step + n) % n);
      }
    } else if (e.key === 'Enter') {
      if (!this.listbox.hidden && this.active >= 0) {
        e.preventDefault();
        this.open(this.active);
      } else if (!this.listbox.hidden && n) {
        e.preventDefault();
        this.open(0);
      } else {
        clearTimeout(this.timer);
        this.run(true);
      }
    } else if (e.key === 'Escape') {
      if (!this.listbox.hidden) {
        e.preventDefault();
        this.collapse();
      } else if (this.input.value) {
        e.preventDefault();
        this.input.value = '';
        this.run(false);
      }
    }
  }

  /**
   * Shows the passage of hit `i` in context: the passage before and after it in its document, and
   * the matched one marked (aria-current, its words highlighted), then its citation and the
   * document's attribution where its licence asks for one.
   */
  open(i) {
    const hit = this.hits[i];
    if (!hit) return;
    const passage = this.almanac.passage(hit.passage);
    this.collapse();
    if (!passage) return;
    const t = this.t;
    const doc = documentsById(this.almanac).get(passage.document);
    const text = passage.text;
    // The snippet is a stretch of the text, with "…" where it was cut: shift its highlights.
    const core = hit.snippet.replace(/^…/, '');
    const lead = hit.snippet.length - hit.snippet.replace(/^…/, '').length;
    const at = text.indexOf(core.replace(/…$/, ''));
    let ranges;
    if (at >= 0) {
      ranges = hit.highlights.map(([s, e]) => [s - lead + at, e - lead + at]);
    } else {
      const words = [
        ...new Set(hit.highlights.map(([s, e]) => hit.snippet.slice(s, e).toLowerCase())),
      ];
      ranges = [];
      const lower = text.toLowerCase();
      for (const w of words)
        for (let k = lower.indexOf(w); k >= 0 && w; k = lower.indexOf(w, k + w.length))
          ranges.push([k, k + w.length]);
    }
    // Its neighbours in reading order (the document lists its passages in order).
    const order = doc?.passages ?? [];
    const k = order.indexOf(passage.id);
    const neighbour = (id) => {
      const p = id ? this.almanac.passage(id) : null;
      return p
        ? h(
            'li',
            { class: 'neighbour', 'data-passage': p.id },
            h('p', { class: 'ctx-label' }, p.label),
            h('blockquote', { class: 'text' }, h('p', null, p.text)),
          )
        : null;
    };
    const headingId = `${this._p}-passage-title`;
    const heading = h('h3', { id: headingId, tabindex: '-1' }, passage.label);
    this.passageEl.setAttribute('aria-labelledby', headingId);
    setChildren(
      this.passageEl,
      heading,
      h(
        'p',
        { class: 'muted' },
        t.inContext,
        ' · ',
        doc ? doc.title : passage.document,
        passage.section ? ` · ${passage.section}` : '',
      ),
      h(
        'ol',
        { class: 'context', part: 'context' },
        k > 0 ? neighbour(order[k - 1]) : null,
        h(
          'li',
          { class: 'hit', 'aria-current': 'true', 'data-passage': passage.id },
          h(
            'p',
            { class: 'ctx-label' },
            h('span', { class: 'here' }, passage.label),
            ' · ',
            t.matched,
          ),
          h(
            'blockquote',
            { class: 'text', part: 'quote' },
            h('p', null, highlighted(text, ranges)),
          ),
        ),
        k >= 0 && k < order.length - 1 ? neighbour(order[k + 1]) : null,
      ),
      h(
        'p',
        { class: 'cite-line' },
        h('cite', null, passage.label),
        ' — ',
        doc ? doc.title : passage.document,
        doc?.date ? ` (${doc.date})` : '',
        doc?.issuer ? `, ${doc.issuer}` : '',
      ),
      attribution(doc),
    );
    this.passageEl.hidden = false;
    heading.focus();
    this.dispatchEvent(
      new CustomEvent('pfp-select', { bubbles: true, composed: true, detail: { passage } }),
    );
  }
}
