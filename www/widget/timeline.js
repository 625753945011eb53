// <pfp-timeline from to entity kinds lanes lang theme hash>: years on an axis, events as marks, ranges
// as bars, one lane per kind (or per country: lanes="country"), zoom from decades to years; under
// 480px a vertical list. Whatever it
// looks like, the structure is an <ol> of <li><button><time datetime>: a list, not an application.
import { PfpElement } from './base.js';
import { afterNextFrame } from './schedule.js';
import { h, setChildren, uid, prefersReducedMotion } from './dom.js';
import { formatDate, formatRange, isoRange, kindLabel, nameIn } from './i18n.js';
import { citations } from './cite.js';
import { sheet } from './styles.js';

// Zoom levels in pixels per year: the first fits the whole range in the element's width (decades
// at a glance), each next one doubles, up to single years (>= 384 px per year).
const MAX_PPY = 384;
const LABELS = 112; // px, the sticky lane labels (7rem) before the first year
const ROW = 28; // px, one row of marks
const AXIS = 30; // px, the year axis
const MAX_ROWS = 3; // sub-rows per lane before marks may overlap
const CHUNK = 50; // events added to the page per frame as a timeline renders

function decimal(iso, at) {
  // at: 0 = start of the period the date names, 0.5 = middle, 1 = end.
  const [y, m, d] = iso.split('-').map(Number);
  if (m === undefined) return y + at;
  if (d === undefined) return y + (m - 1 + at) / 12;
  return y + (m - 1) / 12 + (d - 1 + at) / 365.25;
}

/** An event's date as a timeline shows it: the date or range, and its qualifier ("by that time"). */
function when(ev, lang) {
  return `${formatRange(ev.date, ev.end, lang)}${ev.qualifier ? ` (${ev.qualifier})` : ''}`;
}

function splitList(value) {
  return (value ?? '').split(/[\s,]+/).filter(Boolean);
}

const CSS = `
.frame { min-block-size: 16rem; container: pfp-timeline / inline-size; }
.toolbar { display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: center; justify-content: space-between; margin-block-end: 0.4rem; }
.toolbar .count { margin: 0; color: var(--_muted); font-size: 0.9em; }
.zoom { display: flex; gap: 0.25rem; }
.zoom button { min-inline-size: 32px; font-weight: 700; }
.caption { min-block-size: 1.5em; margin: 0 0 0.3rem; font-size: 0.9em; color: var(--_muted); white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.scroller { overflow-x: auto; overflow-y: hidden; overscroll-behavior-x: contain; touch-action: pan-x pan-y; border-radius: calc(var(--_radius) * 0.5); }
.chart { position: relative; }
.axis, .lanes { display: none; }
ol.events { list-style: none; margin: 0; padding: 0; }
ol.events li { margin: 0; }
.ev {
  display: flex; gap: 0.6rem; align-items: baseline; inline-size: 100%; text-align: start;
  background: none; border: 0; border-block-end: 1px solid var(--_line); padding: 0.45rem 0.25rem; min-block-size: 44px;
  border-radius: 0;
}
.ev:hover { background: var(--_soft); }
.ev time { flex: 0 0 8.5rem; color: var(--_muted); font-size: 0.9em; font-variant-numeric: tabular-nums; }
.ev .kind { display: block; font-size: 0.8em; color: var(--_muted); }
.ev .mark { display: none; }
li.sel .ev { background: var(--_soft); box-shadow: inset 3px 0 0 var(--_accent); }
.empty { color: var(--_muted); }

@container pfp-timeline (min-width: 480px) {
  .axis, .lanes { display: block; }
  .chart { inline-size: calc(var(--span) * var(--ppy) * 1px + 8rem); block-size: calc(var(--rows) * ${ROW}px + ${AXIS}px + 6px); }
  .axis { position: absolute; inset-inline: 0; inset-block-start: 0; block-size: ${AXIS}px; border-block-end: 1px solid var(--_line); }
  .tick { position: absolute; inset-block: 0; inset-inline-start: calc(var(--t) * var(--ppy) * 1px + 7rem); border-inline-start: 1px solid var(--_line); padding-inline-start: 3px; font-size: 0.78em; color: var(--_muted); font-variant-numeric: tabular-nums; }
  .tick.minor { inset-block-start: 60%; }
  .lane { position: absolute; inset-inline: 0; inset-block-start: calc(var(--top) * ${ROW}px + ${AXIS}px); block-size: calc(var(--n) * ${ROW}px); border-block-end: 1px dashed var(--_line); }
  .lane:nth-child(even) { background: color-mix(in srgb, var(--_text) 3%, transparent); }
  .lane span { position: sticky; inset-inline-start: 0; display: inline-block; inline-size: 6.5rem; padding: 0.3em 0.4rem; font-size: 0.75em; color: var(--_muted); background: var(--_bg); block-size: 100%; border-inline-end: 1px solid var(--_line); overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
  ol.events li { position: absolute; inset-inline-start: calc(var(--x) * var(--ppy) * 1px + 7rem); inset-block-start: calc(var(--row) * ${ROW}px + ${AXIS}px + 2px); }
  .ev {
    inline-size: max(24px, calc(var(--w) * var(--ppy) * 1px)); block-size: 24px; min-block-size: 24px; padding: 0; border: 0; background: none;
    position: relative; justify-content: center; align-items: center; border-radius: 12px; margin-inline-start: -12px;
  }
  li.range .ev { margin-inline-start: 0; }
  .ev:hover { background: none; }
  /* The words are the button's aria-label here: visually hidden text (clipped, yet laid out and hit-
     tested) cost a page of 17 timelines 10 ms per hit test (every click) and a third of its layout. */
  .ev time, .ev .title, .ev .kind { display: none; }
  .ev .mark { display: block; inline-size: 12px; block-size: 12px; border-radius: 50%; background: var(--_accent); border: 2px solid var(--_bg); box-shadow: 0 0 0 1px var(--_accent); }
  li.range .ev .mark { inline-size: 100%; block-size: 10px; border-radius: 5px; opacity: 0.75; }
  li.approx .ev .mark { background: var(--_bg); }
  .ev:hover .mark, li.sel .ev .mark { transform: scale(1.35); }
  li.range .ev:hover .mark, li.sel.range .ev .mark { transform: scaleY(1.4); opacity: 1; }
  li.sel .ev { box-shadow: none; background: none; }
  li.sel .ev .mark { box-shadow: 0 0 0 2px var(--_text); }
  .ev .mark { transition: transform 0.12s ease-out; }
}
@container pfp-timeline (max-width: 479.98px) {
  .zoom, .caption { display: none; }
  .ev { flex-direction: column; gap: 0.1rem; }
  .ev time { flex: none; }
}
.panel { margin-block: 0.75rem; padding: 0.6rem 0.75rem; border: 1px solid var(--_line); border-radius: var(--_radius); background: var(--_soft); }
.panel header { display: flex; justify-content: space-between; align-items: start; gap: 0.5rem; }
.panel h3 { margin: 0; }
.panel h3:focus { outline: none; }
.panel h3:focus-visible { outline: 2px solid var(--_accent); }
.close { background: none; border: 1px solid var(--_line); border-radius: 50%; inline-size: 32px; block-size: 32px; flex: none; }
.when { font-weight: 600; }
.qualifier { font-style: italic; color: var(--_muted); }
.badge { display: inline-block; font-size: 0.78em; padding: 0 0.5em; border-radius: 1em; border: 1px solid var(--_line); color: var(--_muted); margin-inline-start: 0.4em; }
@media (forced-colors: active) {
  .ev .mark { background: CanvasText; forced-color-adjust: none; border-color: Canvas; box-shadow: none; }
  li.sel .ev .mark { background: Highlight; }
  li.sel .ev { outline: 2px solid Highlight; }
}
`;

export class PfpTimeline extends PfpElement {
  static css = CSS;
  static get observedAttributes() {
    return ['from', 'to', 'entity', 'kinds', 'lanes', 'lang', 'src'];
  }

  constructor() {
    super();
    this.events = [];
    this.current = 0; // index of the event holding tabindex=0
    this.selected = null; // id of the event in the panel
    this.zoom = -1; // index into this.zooms, computed on first render
    this.zooms = [];
    this.posSheet = null;
    this.panelId = uid('pfp-panel');
    this._hashRead = false;
    this.narrow = false;
    // Under 480px the list is vertical and the detail panel opens under its event, not at the end.
    // It also keeps the element's width, so that render() need not ask for it: reading a size
    // forces a layout of the whole page, which with many elements rendering in turn (or an
    // article being annotated) costs more than the render itself.
    this.observedWidth = null;
    this.resizer = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver((entries) => {
      const entry = entries[entries.length - 1];
      this.observedWidth = entry.borderBoxSize?.[0]?.inlineSize ?? entry.contentRect.width;
      const narrow = this.observedWidth < 480;
      if (narrow !== this.narrow) {
        this.narrow = narrow;
        this.placePanel();
      }
    });
  }

  connectedCallback() {
    super.connectedCallback();
    this.resizer?.observe(this);
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    this.resizer?.disconnect();
  }

  /** The element's width: the last one the ResizeObserver saw, else measured now. */
  hostWidth() {
    return this.observedWidth ?? this.getBoundingClientRect().width;
  }

  placePanel() {
    if (!this.panel) return;
    const i = this.events.findIndex((ev) => ev.id === this.selected);
    if (this.narrow && i >= 0) this.items[i].append(this.panel);
    else if (this.panel.parentNode !== this.contentEl) this.contentEl.append(this.panel);
  }

  render(almanac) {
    const t = this.t;
    // Read once per render: laneKey() and laneLabel() ask for every event and lane.
    this.byCountry = this.getAttribute('lanes')?.trim().toLowerCase() === 'country';
    const query = {};
    for (const name of ['from', 'to', 'entity']) if (this.getAttribute(name)) query[name] = this.getAttribute(name).trim();
    const kinds = splitList(this.getAttribute('kinds'));
    if (kinds.length) query.kinds = kinds;
    this.events = almanac.timeline(query);
    if (!this.posSheet) {
      this.posSheet = new CSSStyleSheet();
      this.shadowRoot.adoptedStyleSheets = [...this.shadowRoot.adoptedStyleSheets, this.posSheet];
    }

    this.list = h('ol', { class: 'events', part: 'events', 'aria-label': t.timeline });
    // The events are made and join the page a chunk per frame (the rest in addInFrames): a frame
    // then builds, styles and lays out one chunk, not the ~800 elements of a whole timeline at once.
    this.items = [];
    this.addEvents(0, CHUNK);
    this.current = 0;

    this.axis = h('div', { class: 'axis', 'aria-hidden': 'true' });
    this.lanes = h('div', { class: 'lanes', 'aria-hidden': 'true' });
    this.chart = h('div', { class: 'chart' }, this.axis, this.lanes, this.list);
    this.scroller = h('div', { class: 'scroller', part: 'scroller' }, this.chart);
    this.caption = h('p', { class: 'caption', 'aria-hidden': 'true' });
    this.panel = h('section', { class: 'panel', part: 'panel', id: this.panelId, hidden: true, 'aria-label': t.timeline });
    this.zoomOut = h('button', { type: 'button', class: 'btn', part: 'zoom-out', 'aria-label': t.zoomOut, title: t.zoomOut, onclick: () => this.setZoom(this.zoom - 1) }, '−');
    this.zoomIn = h('button', { type: 'button', class: 'btn', part: 'zoom-in', 'aria-label': t.zoomIn, title: t.zoomIn, onclick: () => this.setZoom(this.zoom + 1) }, '+');
    const toolbar = h('div', { class: 'toolbar' }, h('p', { class: 'count' }, t.events(this.events.length)), h('div', { class: 'zoom', role: 'group' }, this.zoomOut, this.zoomIn));

    const body = this.events.length ? [this.caption, this.scroller] : [h('p', { class: 'empty' }, t.noEvents)];
    setChildren(this.contentEl, toolbar, ...body, this.panel);

    // Keyboard: inside the element only (no document listeners).
    this.list.addEventListener('keydown', (e) => this.onListKey(e));
    this.contentEl.onkeydown = (e) => this.onKey(e);
    this.list.addEventListener('click', (e) => {
      const button = e.target.closest('button.ev');
      if (button) this.select(Number(button.parentElement.dataset.i), { focusPanel: true, fromUser: true });
    });
    const show = (e) => {
      const li = e.target.closest?.('li[data-i]');
      if (li) this.showCaption(Number(li.dataset.i));
    };
    this.list.addEventListener('focusin', show);
    this.list.addEventListener('pointerover', show);

    this.narrow = this.hostWidth() < 480;
    this.measure();
    if (this.zoom < 0 || this.zooms.length === 0) {
      this.zooms = this.levels();
      this.zoom = 0;
    }
    this.zoom = Math.min(this.zoom, this.zooms.length - 1);
    this.layout();
    this.selected = null;
    // Ready once every event is in the list; the hash names one of them.
    return this.addInFrames(this.list).then((complete) => {
      if (complete) this.readHash();
      return complete;
    });
  }

  /** Makes the events from `from` to `to` (exclusive) and adds them to the list. */
  addEvents(from, to) {
    const lang = this.lang_;
    const added = this.events.slice(from, to).map((ev, k) => this.item(ev, from + k, lang));
    this.items.push(...added);
    this.list.append(...added);
  }

  /** Adds the rest of the events a chunk per frame; false if a newer render replaced `list` meanwhile. */
  async addInFrames(list) {
    while (this.items.length < this.events.length) {
      await afterNextFrame();
      if (this.list !== list) return false;
      this.addEvents(this.items.length, this.items.length + CHUNK);
    }
    return this.list === list;
  }

  /** One event of the list: <li><button> with its mark, date, title and kind. */
  item(ev, i, lang) {
    const approx = ev.precision === 'year' || Boolean(ev.qualifier);
    const date = when(ev, lang);
    const kind = kindLabel(ev.kind, lang);
    const button = h(
      'button',
      {
        type: 'button',
        class: 'ev',
        part: 'event',
        tabindex: i === 0 ? '0' : '-1',
        'aria-expanded': 'false',
        'aria-controls': this.panelId,
        // The name in both looks: the chart shows only a mark (its words are not drawn).
        'aria-label': `${date}, ${ev.title}, ${kind}`,
        'data-id': ev.id,
      },
      h('span', { class: 'mark', part: 'mark', 'aria-hidden': 'true' }),
      h('time', { datetime: isoRange(ev.date, ev.end) }, date),
      h('span', { class: 'body' }, h('span', { class: 'title' }, ev.title), h('span', { class: 'kind' }, kind)),
    );
    return h('li', { 'data-i': i, class: [ev.end ? 'range' : '', approx ? 'approx' : ''].join(' ').trim() || null }, button);
  }

  /** With the `hash` attribute, the first render opens the event the URL's #pfp-event= names. */
  readHash() {
    if (!this.hasAttribute('hash') || this._hashRead) return;
    this._hashRead = true;
    const match = /^#pfp-event=(.+)$/.exec(location.hash);
    if (!match) return;
    let id;
    try {
      id = decodeURIComponent(match[1]);
    } catch {
      id = match[1];
    }
    const i = this.events.findIndex((ev) => ev.id === id);
    if (i >= 0) this.select(i, { focusPanel: false, fromUser: false });
  }

  /**
   * The lane of an event: its kind, or with lanes="country" its first `country/*` entity ('' for
   * events that name no country: the general lane).
   */
  laneKey(ev) {
    if (!this.byCountry) return ev.kind;
    return ev.entities.find((id) => id.startsWith('country/')) ?? '';
  }

  laneLabel(key) {
    if (!this.byCountry) return kindLabel(key, this.lang_);
    if (!key) return this.t.otherLane;
    const country = this.almanac.entity(key);
    return country ? nameIn(country, this.lang_) : key;
  }

  /** Where each event lies, in years: marks at the middle of the period their date names, ranges whole. */
  measure() {
    let min = Infinity;
    let max = -Infinity;
    this.geo = this.events.map((ev) => {
      const start = ev.end ? decimal(ev.date, 0) : decimal(ev.date, 0.5);
      const end = ev.end ? decimal(ev.end, 1) : start;
      min = Math.min(min, start);
      max = Math.max(max, end);
      return { start, end, lane: this.laneKey(ev) };
    });
    this.minYear = this.events.length ? Math.floor(min) : 0;
    this.maxYear = this.events.length ? Math.ceil(max + 0.001) : 1;
  }

  levels() {
    const width = Math.max(240, (this.hostWidth() || 640) - LABELS - 64);
    const fit = Math.max(8, Math.floor(width / Math.max(1, this.maxYear - this.minYear)));
    const zooms = [fit];
    while (zooms[zooms.length - 1] < MAX_PPY) zooms.push(zooms[zooms.length - 1] * 2);
    return zooms;
  }

  /** Positions (in years, scaled by --ppy in CSS) and rows, packed per lane at the current zoom. */
  layout() {
    const ppy = this.zooms[this.zoom];
    const geo = this.geo;
    const origin = this.minYear;
    // Lanes in order of their first event; the general lane ('', events naming no country) last.
    const laneOf = new Map();
    for (const g of geo) if (g.lane !== '' && !laneOf.has(g.lane)) laneOf.set(g.lane, laneOf.size);
    if (geo.some((g) => g.lane === '')) laneOf.set('', laneOf.size);
    const rowsEnd = [...laneOf.keys()].map(() => []); // per lane, per sub-row: the x (px) where it is free
    const place = geo.map((g) => {
      const lane = laneOf.get(g.lane);
      const x0 = (g.start - origin) * ppy - (g.end === g.start ? 12 : 0);
      const x1 = x0 + Math.max(24, (g.end - g.start) * ppy) + 3;
      const rows = rowsEnd[lane];
      let r = rows.findIndex((free) => free <= x0);
      if (r < 0 && rows.length < MAX_ROWS) r = rows.push(-Infinity) - 1;
      if (r < 0) r = rows.indexOf(Math.min(...rows));
      rows[r] = x1;
      return { lane, r };
    });
    let top = 0;
    const laneTop = rowsEnd.map((rows) => {
      const t = top;
      top += Math.max(1, rows.length);
      return t;
    });
    const rules = [`.chart { --ppy: ${ppy}; --span: ${this.maxYear - this.minYear}; --rows: ${Math.max(top, 1)}; }`];
    geo.forEach((g, i) => {
      const { lane, r } = place[i];
      rules.push(`li[data-i="${i}"] { --x: ${(g.start - origin).toFixed(4)}; --w: ${(g.end - g.start).toFixed(4)}; --row: ${laneTop[lane] + r}; }`);
    });
    // Lanes (labels, sticky at the left) and the axis ticks.
    const laneEls = [...laneOf.keys()].map((key, l) => {
      rules.push(`.lane[data-l="${l}"] { --top: ${laneTop[l]}; --n: ${Math.max(1, rowsEnd[l].length)}; }`);
      const label = this.laneLabel(key);
      return h('div', { class: 'lane', part: 'lane', 'data-l': l, 'data-lane': key }, h('span', { title: label }, label));
    });
    setChildren(this.lanes, ...laneEls);
    const step = ppy >= 40 ? 1 : ppy >= 20 ? 5 : 10;
    const ticks = [];
    for (let y = this.minYear; y <= this.maxYear; y += 1) {
      const labelled = y % step === 0 || y === this.minYear;
      if (!labelled && ppy < 20) continue;
      rules.push(`.tick[data-y="${y}"] { --t: ${y - origin}; }`);
      ticks.push(h('span', { class: labelled ? 'tick' : 'tick minor', 'data-y': y }, labelled ? String(y) : ''));
    }
    setChildren(this.axis, ...ticks);
    this.posSheet.replaceSync(rules.join('\n'));
    if (this.zoomIn) {
      this.zoomIn.disabled = this.zoom >= this.zooms.length - 1;
      this.zoomOut.disabled = this.zoom <= 0;
    }
  }

  setZoom(z) {
    const next = Math.max(0, Math.min(this.zooms.length - 1, z));
    if (next === this.zoom || !this.scroller) return;
    // Keep the year at the middle of the view in the middle.
    const s = this.scroller;
    const centre = (s.scrollLeft + s.clientWidth / 2 - LABELS) / this.zooms[this.zoom];
    this.zoom = next;
    this.layout();
    s.scrollLeft = centre * this.zooms[next] + LABELS - s.clientWidth / 2;
    this.dispatchEvent(new CustomEvent('pfp-zoom', { bubbles: true, composed: true, detail: { pixelsPerYear: this.zooms[next] } }));
  }

  showCaption(i) {
    const ev = this.events[i];
    if (!ev || !this.caption) return;
    this.caption.textContent = `${when(ev, this.lang_)} · ${ev.title}`;
  }

  focusEvent(i) {
    if (!this.items.length) return;
    const n = Math.max(0, Math.min(this.items.length - 1, i));
    this.items[this.current]?.firstChild.setAttribute('tabindex', '-1');
    this.current = n;
    const button = this.items[n].firstChild;
    button.setAttribute('tabindex', '0');
    button.focus({ preventScroll: true });
    button.scrollIntoView({ block: 'nearest', inline: 'center', behavior: prefersReducedMotion() ? 'auto' : 'smooth' });
  }

  onListKey(e) {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    const moves = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 };
    if (e.key in moves) this.focusEvent(this.current + moves[e.key]);
    else if (e.key === 'Home') this.focusEvent(0);
    else if (e.key === 'End') this.focusEvent(this.items.length - 1);
    else return;
    e.preventDefault();
  }

  onKey(e) {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    const inField = e.target.closest?.('input, select, textarea');
    if (!inField && (e.key === '+' || e.key === '=')) {
      this.setZoom(this.zoom + 1);
      e.preventDefault();
    } else if (!inField && (e.key === '-' || e.key === '_')) {
      this.setZoom(this.zoom - 1);
      e.preventDefault();
    } else if (e.key === 'Escape' && this.selected !== null) {
      this.closePanel();
      e.preventDefault();
      e.stopPropagation();
    }
  }

  select(i, { focusPanel, fromUser }) {
    const ev = this.events[i];
    if (!ev) return;
    for (const li of this.items) {
      li.classList.remove('sel');
      li.firstChild.setAttribute('aria-expanded', 'false');
    }
    const li = this.items[i];
    li.classList.add('sel');
    li.firstChild.setAttribute('aria-expanded', 'true');
    this.items[this.current]?.firstChild.setAttribute('tabindex', '-1');
    this.current = i;
    li.firstChild.setAttribute('tabindex', '0');
    this.selected = ev.id;
    this.showCaption(i);
    this.fillPanel(ev);
    this.placePanel();
    if (focusPanel) this.panel.querySelector('h3').focus();
    else li.scrollIntoView({ block: 'nearest', inline: 'center' });
    if (fromUser && this.hasAttribute('hash')) {
      const id = encodeURIComponent(ev.id).replace(/%2F/gi, '/');
      history.replaceState(history.state, '', `#pfp-event=${id}`);
    }
    this.dispatchEvent(new CustomEvent('pfp-select', { bubbles: true, composed: true, detail: { event: ev } }));
  }

  closePanel() {
    const i = this.events.findIndex((ev) => ev.id === this.selected);
    this.selected = null;
    this.panel.hidden = true;
    setChildren(this.panel);
    this.placePanel();
    for (const li of this.items) {
      li.classList.remove('sel');
      li.firstChild.setAttribute('aria-expanded', 'false');
    }
    if (this.hasAttribute('hash') && location.hash.startsWith('#pfp-event=')) {
      history.replaceState(history.state, '', location.pathname + location.search);
    }
    if (i >= 0) this.focusEvent(i);
  }

  fillPanel(ev) {
    const t = this.t;
    const lang = this.lang_;
    const titleId = `${this.panelId}-title`;
    const heading = h('h3', { id: titleId, tabindex: '-1' }, ev.title);
    this.panel.setAttribute('aria-labelledby', titleId);
    this.panel.removeAttribute('aria-label');
    setChildren(this.panel, 
      h('header', null, heading, h('button', { type: 'button', class: 'close', part: 'close', 'aria-label': t.close, title: t.close, onclick: () => this.closePanel() }, '×')),
      h(
        'p',
        null,
        h('time', { class: 'when', datetime: isoRange(ev.date, ev.end) }, formatRange(ev.date, ev.end, lang)),
        ev.qualifier ? h('span', { class: 'qualifier' }, ` (${ev.qualifier})`) : null,
        h('span', { class: 'badge' }, kindLabel(ev.kind, lang)),
      ),
      ev.reading ? h('p', { class: 'muted reading' }, ev.reading) : null,
      ev.singleSource ? h('p', { class: 'muted single' }, t.singleSource) : null,
      citations(this.almanac, ev.citations, t.sources),
    );
    this.panel.hidden = false;
  }
}

export { formatDate };
