// <pfp-timeline from to entity kinds lanes look lang theme hash>
//
// Three looks over one list of events, each an <li><button><time datetime>: a list, not an
// application.
// - The chart (480 px and wider): an axis fitted to the window (decades down to days, in the
//   element's language), each event a box with its date and title, stacked so that no two
//   overlap; where they would need more rows than there are, neighbours are grouped into a
//   labeled cluster that zooms to them. Zoom and pan by buttons, keys, wheel, drag and pinch.
// - Under 480 px: a vertical list grouped by year, the first events and "Show all".
// - look="story": one event at a time with its quote and source, previous/next, and a time-nav.
import { css } from './styles.js';
import { PfpElement } from './base.js';
import { afterNextFrame } from './schedule.js';
import { closeButton, h, setChildren, uid } from './dom.js';
import {
  axisLabel,
  eventWhen,
  formatDate,
  formatRange,
  isoRange,
  kindLabel,
  nameIn,
} from './i18n.js';
import { citations } from './cite.js';
import { clamp, fitWindow, place, spanOf, ticksFor } from './timescale.js';
import { preview, previewLinked } from './preview.js';

const DAY = 86_400_000;
const ROW = 44; // px, one row of boxes
const THIN_ROW = 28; // px, one row of one-line period bars
const AXIS = 40; // px, the two lines of axis labels
const ROWS = 6; // rows of dated events before neighbours are grouped
const PERIOD_ROWS = 3; // rows of periods (years, months, ranges) before they are grouped
const LANE_ROWS = 2; // rows of each lane, with lanes="kind" or "country"
const GUTTER = 112; // px, the lane labels before the track
const FRAME = 26; // px, the frame's padding and border, until the viewport's own width is observed
const BOX = { min: 88, max: 144, period: 280, cluster: 136 }; // px, label widths
const CLOSEST = 10 * DAY; // the closest zoom: ten days across the window
const PHONE_FIRST = 6; // events shown under 480 px before "Show all"
const CHUNK = 50; // events added to the page per frame as a timeline renders

function splitList(value) {
  return (value ?? '').split(/[\s,]+/).filter(Boolean);
}

// look="story" (timeline-story.js), fetched once, by the first story: its methods join PfpTimeline.
let story;
function storyLook() {
  story ??= import('./timeline-story.js').then(({ STORY }) => {
    Object.assign(PfpTimeline.prototype, STORY);
  });
  return story;
}

const CSS = css`
.frame { min-block-size: 16rem; container: pfp-timeline / inline-size; }
.toolbar { display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: center; justify-content: space-between; margin-block-end: 0.4rem; }
.toolbar .count { margin: 0; color: var(--_muted); font-size: 0.9em; }
.zoom { display: flex; gap: 0.25rem; }
.zoom button { min-inline-size: 32px; font-weight: 700; }
.zoom .zoom-fit { font-weight: 400; font-size: 0.85em; }
.caption { min-block-size: 1.5em; margin: 0 0 0.3rem; font-size: 0.9em; color: var(--_muted); white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.axis, .lanes { display: none; }
ol.events { list-style: none; margin: 0; padding: 0; }
ol.events li { margin: 0; }
.empty { color: var(--_muted); }

/* Under 480 px: a vertical timeline, the years as headings, the first events until "Show all". */
.ev {
  display: flex; flex-direction: column; gap: 0.1rem; inline-size: 100%; text-align: start;
  background: none; border: 0; border-inline-start: 2px solid var(--_line); padding: 0.35rem 0.5rem 0.35rem 0.9rem; min-block-size: 44px;
  border-radius: 0; position: relative;
}
.ev:hover { background: var(--_soft); }
.ev .mark { position: absolute; inset-inline-start: -6px; inset-block-start: 0.75rem; inline-size: 10px; block-size: 10px; border-radius: 50%; background: var(--_accent); border: 2px solid var(--_bg); }
li.approx .ev .mark { background: var(--_bg); box-shadow: inset 0 0 0 2px var(--_accent); }
.ev time { color: var(--_muted); font-size: 0.85em; font-variant-numeric: tabular-nums; }
.ev .title { font-weight: 600; }
.ev .kind { font-size: 0.8em; color: var(--_muted); }
li.sel .ev { background: var(--_soft); border-inline-start-color: var(--_accent); }
li.cluster { display: none; }
.more { margin-block-start: 0.5rem; }
@container pfp-timeline (max-width: 479.98px) {
  .zoom, .caption { display: none; }
  li[data-year]::before { content: attr(data-year); display: block; font-weight: 700; font-size: 1.05em; margin-block: 0.6rem 0.2rem; }
  ol.collapsed li.later { display: none; }
}

@container pfp-timeline (min-width: 480px) {
  .more { display: none; }
  .scroller {
    display: block; position: relative; overflow: clip; direction: ltr; block-size: var(--h, ${AXIS + ROWS * ROW + 8}px);
    touch-action: pan-y; user-select: none; -webkit-user-select: none; cursor: grab;
    border: 1px solid var(--_line); border-radius: calc(var(--_radius) * 0.5);
  }
  .scroller.dragging { cursor: grabbing; }
  .axis { display: block; position: absolute; inset: 0; inset-inline-start: var(--gutter, 0px); pointer-events: none; }
  .tick, .major { position: absolute; inset-block: 0; inset-inline-start: var(--x); white-space: nowrap; font-variant-numeric: tabular-nums; }
  .tick { border-inline-start: 1px solid color-mix(in srgb, var(--_line) 55%, transparent); padding: 19px 0 0 4px; font-size: 0.75em; color: var(--_muted); }
  .major { border-inline-start: 1px solid var(--_line); padding: 2px 4px 0; font-size: 0.78em; font-weight: 700; block-size: 19px; background: var(--_bg); }
  .axis::after { content: ''; position: absolute; inset-inline: 0; inset-block-start: ${AXIS - 2}px; border-block-start: 1px solid var(--_line); }
  .track { position: absolute; inset-block-start: ${AXIS}px; inset-inline-start: var(--gutter, 0px); transform: translateX(var(--pan, 0px)); }
  .lanes { display: block; position: absolute; inset-block: ${AXIS}px 0; inset-inline-start: 0; inline-size: var(--gutter, 0px); z-index: 4; background: var(--_bg); border-inline-end: 1px solid var(--_line); }
  .lane { position: absolute; inset-inline: 0; inset-block-start: var(--top); block-size: var(--lh); padding: 0.3em 0.4rem; font-size: 0.75em; color: var(--_muted); overflow: hidden; text-overflow: ellipsis; white-space: nowrap; border-block-start: 1px dashed var(--_line); }
  ol.events li { position: absolute; inset-inline-start: var(--x); inset-block-start: var(--y); inline-size: var(--w); }
  ol.events li:hover, ol.events li:focus-within { z-index: 3; }
  li.cluster { display: block; }
  .ev {
    display: block; block-size: ${ROW - 5}px; min-block-size: 0; padding: 3px 6px 2px calc(8px + var(--shift, 0px)); overflow: hidden;
    border: 1px solid var(--_line); border-inline-start: 3px solid var(--_accent); border-radius: 5px; background: var(--_bg);
  }
  .ev:hover, .ev:focus-visible { inline-size: max-content; min-inline-size: 100%; max-inline-size: 26rem; block-size: auto; min-block-size: ${ROW - 5}px; box-shadow: 0 2px 8px color-mix(in srgb, var(--_text) 25%, transparent); background: var(--_bg); }
  .ev:hover .title, .ev:focus-visible .title { white-space: normal; }
  .ev time, .ev .title { display: block; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
  .ev time { font-size: 0.72em; line-height: 1.25; }
  .ev .title { font-size: 0.84em; line-height: 1.3; }
  .ev .kind { display: none; }
  .ev .mark { inset-inline-start: var(--ml, 0px); inset-block-start: 0; inline-size: max(4px, var(--mw, 4px)); block-size: 4px; border: 0; border-radius: 0 0 2px 2px; }
  li.period .ev { display: flex; flex-direction: row; gap: 0.5em; align-items: baseline; block-size: ${THIN_ROW - 4}px; min-block-size: 0; padding: 3px 6px 0 calc(8px + var(--shift, 0px)); }
  li.period .ev:hover, li.period .ev:focus-visible { block-size: auto; min-block-size: ${THIN_ROW - 4}px; flex-wrap: wrap; }
  li.period .ev time { flex: none; max-inline-size: 50%; }
  li.period .ev .title { flex: 1 1 auto; min-inline-size: 0; font-weight: 600; }
  li.approx .ev { border-inline-start-style: dashed; }
  li.approx .ev .mark { background: repeating-linear-gradient(90deg, var(--_accent) 0 4px, transparent 4px 7px); box-shadow: none; }
  li.cluster .ev { background: var(--_soft); border-inline-start-width: 1px; border-style: solid; }
  li.cluster .ev .title::after { content: ' +'; color: var(--_accent); }
  li.sel .ev { box-shadow: 0 0 0 2px var(--_text); background: var(--_soft); }
}
/* Fitted to the prerendered list's box (base.js \`fits\`): the chart's track takes the height left. */
.fit > .frame { display: flex; flex-direction: column; }
.fit .content { flex: 1 1 auto; min-block-size: 0; }
@container pfp-timeline (min-width: 480px) {
  .fit .content { display: flex; flex-direction: column; }
  .fit .scroller { flex: 1 1 auto; min-block-size: ${AXIS + ROW + 10}px; }
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
  .ev, li.cluster .ev { border-color: ButtonText; }
  .ev .mark { background: CanvasText; forced-color-adjust: none; }
  li.sel .ev { outline: 2px solid Highlight; }
}
`;

export class PfpTimeline extends PfpElement {
  static css = CSS;
  static fits = true;
  static fitMin = 320; // the toolbar and an axis with two rows of events
  static get observedAttributes() {
    return ['from', 'to', 'entity', 'kinds', 'lanes', 'look', 'lang', 'src'];
  }

  constructor() {
    super();
    this.events = [];
    this.selected = null; // id of the event in the panel
    this.panelId = uid('pfp-panel');
    this._hashRead = false;
    this.narrow = false;
    // The element's and the chart's widths, as the ResizeObserver last saw them: render code never
    // asks for a size (reading one forces a layout of the whole page, which with many elements
    // rendering in turn, or an article being annotated, costs more than the render itself).
    this.observedWidth = null;
    this.extraRows = 0; // rows the last band gains (or loses) where the chart fills a fallback's box
    this.resizer =
      typeof ResizeObserver === 'undefined'
        ? null
        : new ResizeObserver((entries) => this.resized(entries));
  }

  connectedCallback() {
    super.connectedCallback();
    this.resizer?.observe(this);
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    this.resizer?.disconnect();
  }

  resized(entries) {
    for (const entry of entries) {
      const width = entry.borderBoxSize?.[0]?.inlineSize ?? entry.contentRect.width;
      if (entry.target === this) {
        this.observedWidth = width;
        const narrow = width < 480;
        if (narrow !== this.narrow) {
          this.narrow = narrow;
          this.placePanel();
        }
      } else if (entry.target === this.scroller && width > 0) {
        // The chart's own width (the first one seen, or a new one): lay the boxes out for it.
        const inner = entry.contentRect.width - this.gutter;
        // Fitted to a fallback's box, the last band has as many rows as its height allows.
        const extra = this.fitted
          ? Math.floor(((entry.borderBoxSize?.[0]?.blockSize ?? 0) - this.baseHeight) / ROW)
          : 0;
        if (Math.abs(inner - this.width) > 0.5 || extra !== this.extraRows) {
          this.width = inner;
          this.extraRows = extra;
          this.layoutTrack();
        }
      }
    }
  }

  released() {
    if (this.extraRows === 0) return;
    this.extraRows = 0;
    this.layoutTrack();
  }

  /** The element's width: the last one the ResizeObserver saw, else measured now. */
  hostWidth() {
    return this.observedWidth ?? this.getBoundingClientRect().width;
  }

  /** The query the attributes ask. */
  query() {
    const query = {};
    for (const name of ['from', 'to', 'entity'])
      if (this.getAttribute(name)) query[name] = this.getAttribute(name).trim();
    const kinds = splitList(this.getAttribute('kinds'));
    if (kinds.length) query.kinds = kinds;
    return query;
  }

  /**
   * The chart and the list draw from the projection (with its links for one entity or country
   * lanes); the story look shows quotes, so it waits.
   */
  previewAlmanac() {
    if (this.isStory()) {
      storyLook(); // on its way with the wasm
      return null;
    }
    const query = this.query();
    const answers = (almanac) => (almanac.timeline(query) ? almanac : null);
    const countryLanes = this.getAttribute('lanes')?.trim().toLowerCase() === 'country';
    return query.entity === undefined && !countryLanes
      ? answers(preview())
      : previewLinked().then(answers);
  }

  /**
   * The wasm arrived under the first view: the same events (now with their citations) keep the
   * view as the reader left it (zoom, pan, focus); an open event's panel shows its sources.
   */
  adopt(almanac) {
    const events = almanac.timeline(this.query());
    const same =
      events.length === this.events.length && events.every((ev, i) => ev.id === this.events[i].id);
    if (!same || this.story) {
      this.update();
      return;
    }
    this.events = events;
    this.drawnFrom = almanac;
    const i = events.findIndex((ev) => ev.id === this.selected);
    if (i >= 0) {
      const focused = this.shadowRoot.activeElement === this.panel.querySelector('h3');
      this.fillPanel(events[i]);
      if (focused) this.panel.querySelector('h3').focus();
    }
    this.setState('ready');
  }

  render(almanac) {
    if (this.isStory() && !this.renderStory) {
      // The first story waits for its module; a newer render meanwhile replaces this one.
      const token = this._renders;
      return storyLook().then(() => token === this._renders && this.render(almanac));
    }
    const query = this.query();
    this.drawnFrom = almanac; // the full almanac, or the projection's for the first view
    this.events = almanac.timeline(query);
    this.selected = null;
    if (!this.posSheet) {
      // Positions go in sheets of their own (a strict CSP allows adopted sheets, not style=""):
      // posSheet for the boxes (per zoom), viewSheet for the pan and the axis (per frame of a drag).
      this.posSheet = new CSSStyleSheet();
      this.viewSheet = new CSSStyleSheet();
      this.shadowRoot.adoptedStyleSheets = [
        ...this.shadowRoot.adoptedStyleSheets,
        this.posSheet,
        this.viewSheet,
      ];
    }
    this.posSheet.replaceSync('');
    this.viewSheet.replaceSync('');
    this.narrow = this.hostWidth() < 480;
    return this.isStory() ? this.renderStory(query) : this.renderChart(query);
  }

  isStory() {
    return this.getAttribute('look')?.trim().toLowerCase() === 'story';
  }

  // ---------------------------------------------------------------------------------------------
  // The chart and the phone list: one <ol> of events, laid out by the container's width.

  renderChart(query) {
    const t = this.t;
    const _lang = this.lang_;
    this.story = false;
    const lanes = this.getAttribute('lanes')?.trim().toLowerCase();
    this.laneBy = lanes === 'kind' || lanes === 'country' ? lanes : null;
    this.gutter = this.laneBy ? GUTTER : 0;
    this.spans = this.events.map(spanOf);
    // Each event's date in words, formatted once: its box and the box's width estimate both use it.
    this.dates = this.events.map((ev) => eventWhen(ev, this.lang_));
    this.extent = fitWindow(this.spans, query.from, query.to);
    this.window = { ...this.extent };
    this.ungrouped = false;
    this.width = Math.max(200, (this.hostWidth() || 640) - FRAME - this.gutter);
    this.groups = this.trackGroups();
    this.expanded = false;
    this.focusKey = 0; // the event whose item holds tabindex=0 (its own, or its cluster's)
    this.clusterEls = [];

    this.list = h('ol', { class: 'events collapsed', part: 'events', 'aria-label': t.timeline });
    // The events are made and join the page a chunk per frame (the rest in addInFrames): a frame
    // then builds, styles and lays out one chunk, not the ~800 elements of a whole timeline at once.
    this.items = [];
    this.addEvents(0, CHUNK);

    this.axis = h('div', { class: 'axis', part: 'axis', 'aria-hidden': 'true' });
    this.track = h('div', { class: 'track' }, this.list);
    this.lanesEl = this.laneBy ? h('div', { class: 'lanes', 'aria-hidden': 'true' }) : null;
    this.scroller = h(
      'div',
      { class: 'scroller', part: 'scroller' },
      this.axis,
      this.lanesEl,
      this.track,
    );
    this.caption = h('p', { class: 'caption', 'aria-hidden': 'true' });
    this.panel = h('section', {
      class: 'panel',
      part: 'panel',
      id: this.panelId,
      hidden: true,
      'aria-label': t.timeline,
    });
    const zoomButton = (part, label, text, onclick) =>
      h(
        'button',
        { type: 'button', class: `btn ${part}`, part, 'aria-label': label, title: label, onclick },
        text,
      );
    this.zoomOut = zoomButton('zoom-out', t.zoomOut, '−', () => this.zoomBy(0.5));
    this.zoomIn = zoomButton('zoom-in', t.zoomIn, '+', () => this.zoomBy(2));
    this.zoomFit = zoomButton('zoom-fit', t.zoomFit, t.zoomFit, () =>
      this.setWindow(this.extent.start, this.extent.end),
    );
    const toolbar = h(
      'div',
      { class: 'toolbar' },
      h('p', { class: 'count' }, t.events(this.events.length)),
      h(
        'div',
        { class: 'zoom', role: 'group', 'aria-label': t.timelineShort },
        this.zoomOut,
        this.zoomIn,
        this.zoomFit,
      ),
    );
    this.more =
      this.events.length > PHONE_FIRST
        ? h(
            'button',
            {
              type: 'button',
              class: 'btn more',
              part: 'more',
              'aria-expanded': 'false',
              onclick: () => this.toggleAll(),
            },
            t.showAll(this.events.length),
          )
        : null;

    const body = this.events.length
      ? [this.caption, this.scroller, this.more]
      : [h('p', { class: 'empty' }, t.noEvents)];
    setChildren(this.contentEl, toolbar, ...body, this.panel);
    this.listen();
    this.resizer?.observe(this.scroller);
    this.layoutTrack();
    // Ready once every event is in the list; the hash names one of them.
    return this.addInFrames(this.list).then((complete) => {
      if (complete) this.readHash();
      return complete;
    });
  }

  listen() {
    // Keyboard: inside the element only (no document listeners).
    this.list.addEventListener('keydown', (e) => this.onListKey(e));
    this.contentEl.onkeydown = (e) => this.onKey(e);
    this.list.addEventListener('click', (e) => {
      const button = e.target.closest('button.ev');
      if (!button) return;
      const li = button.parentElement;
      if (li.dataset.c !== undefined) this.openCluster(Number(li.dataset.c));
      else this.select(Number(li.dataset.i), { focusPanel: true, fromUser: true });
    });
    const show = (e) => {
      const li = e.target.closest?.('li[data-i], li[data-c]');
      if (li) this.showCaption(li);
    };
    this.list.addEventListener('focusin', show);
    this.list.addEventListener('pointerover', show);
    this.panAndZoomByPointer();
  }

  /** Makes the events from `from` to `to` (exclusive) and adds them to the list. */
  addEvents(from, to) {
    const lang = this.lang_;
    const added = this.events.slice(from, to).map((ev, k) => this.item(ev, from + k, lang));
    this.items.push(...added);
    this.list.append(...added);
    this.placeClusterItems();
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
    const approx = ev.precision !== 'day' || Boolean(ev.qualifier);
    const date = this.dates[i];
    const kind = kindLabel(ev.kind, lang);
    const year = ev.date.slice(0, 4);
    const button = h(
      'button',
      {
        type: 'button',
        class: 'ev',
        part: 'event',
        tabindex: i === this.focusKey ? '0' : '-1',
        'aria-expanded': 'false',
        'aria-controls': this.panelId,
        'aria-label': `${date}, ${ev.title}, ${kind}`,
        'data-id': ev.id,
      },
      h('span', { class: 'mark', part: 'mark', 'aria-hidden': 'true' }),
      h('time', { datetime: isoRange(ev.date, ev.end) }, date),
      h('span', { class: 'title' }, ev.title),
      h('span', { class: 'kind' }, kind),
    );
    const period = !this.laneBy && !this.spans[i].brief;
    const classes = [
      ev.end ? 'range' : '',
      approx ? 'approx' : '',
      period ? 'period' : '',
      i >= PHONE_FIRST ? 'later' : '',
    ]
      .filter(Boolean)
      .join(' ');
    const newYear = i === 0 || this.events[i - 1].date.slice(0, 4) !== year;
    return h(
      'li',
      { 'data-i': i, 'data-year': newYear ? year : null, class: classes || null },
      button,
    );
  }

  /**
   * The bands of the chart, top to bottom, each placed on its own. By default two: periods (events
   * known to a year or a month, and ranges) as one-line bars, then the dated events as boxes of
   * date and title; a period as long as the window would otherwise take a row of boxes from
   * the dated events. With lanes="kind" or "country", one band per kind or country instead.
   */
  trackGroups() {
    // Label widths are estimated from the text (render code reads no layout): ~7 px a character.
    const widths = (members, oneLine) =>
      members.map((i) => {
        const ev = this.events[i];
        const date = this.dates[i].length * 0.85;
        const chars = oneLine ? ev.title.length + date + 2 : Math.max(ev.title.length, date);
        return clamp(18 + chars * 7.2, BOX.min, oneLine ? BOX.period : BOX.max);
      });
    const band = (key, members, maxRows, thin) => ({
      key,
      members,
      thin,
      maxRows,
      rowHeight: thin ? THIN_ROW : ROW,
      // A band is as tall as its rows can be (unless it has fewer events), whatever the zoom.
      rows: Math.min(maxRows, members.length),
      widths: widths(members, thin),
    });
    if (!this.laneBy) {
      const periods = [];
      const dated = [];
      this.spans.forEach((s, i) => {
        (s.brief ? dated : periods).push(i);
      });
      return [
        band('periods', periods, PERIOD_ROWS, true),
        band('dated', dated, ROWS, false),
      ].filter((g) => g.members.length);
    }
    // Lanes in order of their first event; the general lane ('', events naming no country) last.
    const lanes = new Map();
    this.events.forEach((ev, i) => {
      const key =
        this.laneBy === 'kind'
          ? ev.kind
          : (ev.entities.find((id) => id.startsWith('country/')) ?? '');
      if (!lanes.has(key)) lanes.set(key, []);
      lanes.get(key).push(i);
    });
    const keys = [...lanes.keys()].sort((a, b) => (a === '') - (b === ''));
    return keys.map((key) => band(key, lanes.get(key), LANE_ROWS, false));
  }

  laneLabel(key) {
    if (this.laneBy === 'kind') return kindLabel(key, this.lang_);
    if (!key) return this.t.otherLane;
    const country = this.drawnFrom.entity(key);
    return country ? nameIn(country, this.lang_) : key;
  }

  /** Pixels per millisecond at the current window. */
  get scale() {
    return this.width / (this.window.end - this.window.start);
  }

  /**
   * Places every event on the track at the current zoom (see timescale.place): boxes in rows per
   * band, clusters where they do not fit, and writes their positions. Then draws the view.
   */
  layoutTrack() {
    if (!this.list || !this.groups || this.events.length === 0) return;
    const scale = this.scale;
    const origin = this.extent.start;
    const trackWidth = (this.extent.end - origin) * scale;
    // At the closest zoom, or once a cluster that no zoom can spread was opened, the rows grow
    // instead of grouping.
    const unbounded = this.window.end - this.window.start <= CLOSEST * 1.01 || this.ungrouped;
    const rules = [];
    const clusters = [];
    const order = []; // what the arrow keys step through: [event index, cluster index or -1], in date order
    const laneEls = [];
    const placed = []; // [selector, left, width] of every box, for the labels of those the window cuts
    let top = 0;
    // The chart's height with no extra rows: what a fitted chart (base.js `fits`) adds rows to.
    this.baseHeight =
      AXIS + 8 + this.groups.reduce((n, g) => n + g.rows * g.rowHeight + (g.thin ? 4 : 0), 0);
    const last = this.groups[this.groups.length - 1];
    for (const group of this.groups) {
      const { members, rowHeight } = group;
      const extra = group === last ? Math.max(1 - group.maxRows, this.extraRows) : 0;
      const entries = members.map((i, k) => {
        // A range reaching outside the timeline (1990-1999 in a 1994 window) is drawn up to its edges.
        const s = this.spans[i];
        const x = Math.max(0, (s.start - origin) * scale);
        const span = s.point ? 0 : Math.max(0, Math.min(trackWidth, (s.end - origin) * scale) - x);
        return { x, span, width: group.widths[k] };
      });
      const clusterWidth = group.thin ? BOX.period * 0.6 : BOX.cluster;
      const { items, rows } = place(entries, {
        maxRows: unbounded ? Infinity : group.maxRows + extra,
        trackWidth,
        clusterWidth,
      });
      for (const item of items) {
        const y = top + item.row * rowHeight + 4;
        const geometry = `--x: ${item.left.toFixed(1)}px; --y: ${y}px; --w: ${item.width.toFixed(1)}px; --ml: ${item.markLeft.toFixed(1)}px; --mw: ${item.span.toFixed(1)}px;`;
        let selector;
        if (item.first === item.last) {
          const i = members[item.first];
          selector = `li[data-i="${i}"]`;
          order.push([i, -1]);
        } else {
          const c = clusters.length;
          clusters.push({ members: members.slice(item.first, item.last + 1), thin: group.thin });
          for (let k = item.first; k <= item.last; k++)
            rules.push(`li[data-i="${members[k]}"] { display: none; }`);
          selector = `li[data-c="${c}"]`;
          order.push([members[item.first], c]);
        }
        rules.push(`${selector} { ${geometry} }`);
        placed.push([selector, item.left, item.width]);
      }
      const bandRows = Math.max(rows, Math.min(group.maxRows + extra, members.length));
      const height = bandRows * rowHeight + (group.thin ? 4 : 0);
      if (this.laneBy) {
        rules.push(`.lane[data-l="${laneEls.length}"] { --top: ${top}px; --lh: ${height}px; }`);
        const label = this.laneLabel(group.key);
        laneEls.push(
          h(
            'div',
            {
              class: 'lane',
              part: 'lane',
              'data-l': laneEls.length,
              'data-lane': group.key,
              title: label,
            },
            label,
          ),
        );
      }
      top += height;
    }
    order.sort((a, b) => this.spans[a[0]].start - this.spans[b[0]].start || a[0] - b[0]);
    this.order = order;
    this.clusters = clusters;
    this.placed = placed;
    if (this.lanesEl) setChildren(this.lanesEl, ...laneEls);
    // Under 480 px none of this applies: the list is a column.
    const chart = `--h: ${AXIS + top + 8}px; --gutter: ${this.gutter}px;`;
    this.posSheet.replaceSync(
      `@container pfp-timeline (min-width: 480px) {\n.scroller { ${chart} }\n${rules.join('\n')}\n}`,
    );
    this.makeClusterItems();
    this.drawView();
  }

  /** One <li> per cluster of the layout, each a button that zooms to its events. */
  makeClusterItems() {
    const t = this.t;
    const lang = this.lang_;
    // A cluster that had focus is replaced: focus goes to what now holds its first event.
    const hadFocus = this.list.contains(this.shadowRoot.activeElement);
    for (const el of this.clusterEls) el.remove();
    this.clusterEls = this.clusters.map(({ members, thin }, c) => {
      const first = this.events[members[0]];
      const last = this.events[members[members.length - 1]];
      const kinds = new Set(members.map((i) => this.events[i].kind));
      const kind = kinds.size === 1 ? first.kind : null;
      const label = t.cluster(members.length, kind, kind && kindLabel(kind, lang));
      const range = clusterRange(first, last, lang);
      return h(
        'li',
        { class: thin ? 'cluster period' : 'cluster', 'data-c': c },
        h(
          'button',
          {
            type: 'button',
            class: 'ev',
            part: 'event cluster',
            tabindex: '-1',
            'aria-label': `${label}, ${range}: ${t.zoomToThem}`,
          },
          h('span', { class: 'mark', part: 'mark', 'aria-hidden': 'true' }),
          h(
            'time',
            { datetime: isoRange(first.date.slice(0, 7), (last.end ?? last.date).slice(0, 7)) },
            range,
          ),
          h('span', { class: 'title' }, label),
        ),
      );
    });
    this.placeClusterItems();
    this.updateTabStop();
    if (hadFocus && !this.list.contains(this.shadowRoot.activeElement))
      this.buttonAt(this.orderIndexOf(this.focusKey))?.focus({ preventScroll: true });
  }

  /** Each cluster's <li> goes just before its first event's, so the list reads in date order. */
  placeClusterItems() {
    if (!this.clusterEls?.length) return;
    this.clusters.forEach(({ members }, c) => {
      const before = this.items[members[0]];
      if (before) this.list.insertBefore(this.clusterEls[c], before);
      else this.list.append(this.clusterEls[c]);
    });
  }

  /** The pan and the axis of the current window (per frame of a drag: only these rules change). */
  drawView() {
    if (!this.scroller) return;
    const { start, end } = this.window;
    const scale = this.scale;
    const lang = this.lang_;
    const ticks = ticksFor(start, end, this.width);
    const left = (start - this.extent.start) * scale;
    const rules = [`.track { --pan: ${(-left).toFixed(1)}px; }`];
    // A box that begins before the window (a long range, a year) shows its label at the window's edge.
    for (const [selector, x, width] of this.placed ?? []) {
      if (x < left && x + width > left + 60)
        rules.push(`${selector} { --shift: ${Math.min(left - x, width - 120).toFixed(1)}px; }`);
    }
    const els = [];
    const at = (t) => ((t - start) * scale).toFixed(1);
    ticks.minor.forEach((t, k) => {
      rules.push(`.tick[data-k="${k}"] { --x: ${at(t)}px; }`);
      els.push(h('span', { class: 'tick', 'data-k': k }, axisLabel(t, ticks.unit, lang)));
    });
    // A major label at the window's start names the period it is in, unless the next one is too close.
    const majors = ticks.major.filter(
      (t, k) => k > 0 || ticks.major.length < 2 || (ticks.major[1] - t) * scale > 120,
    );
    majors.forEach((t, k) => {
      rules.push(`.major[data-k="${k}"] { --x: ${at(t)}px; }`);
      els.push(
        h(
          'span',
          { class: 'major', 'data-k': k },
          axisLabel(t, ticks.majorUnit === 'month' ? 'monthYear' : 'year', lang),
        ),
      );
    });
    setChildren(this.axis, ...els);
    this.viewSheet.replaceSync(
      `@container pfp-timeline (min-width: 480px) {\n${rules.join('\n')}\n}`,
    );
    const full = start <= this.extent.start && end >= this.extent.end;
    this.zoomIn.disabled = end - start <= CLOSEST * 1.01;
    this.zoomOut.disabled = full;
    this.zoomFit.disabled = full;
  }

  /** Moves and zooms the window to [start, end), kept inside the timeline and no closer than CLOSEST. */
  setWindow(start, end) {
    const whole = this.extent.end - this.extent.start;
    const span = clamp(end - start, Math.min(CLOSEST, whole), whole);
    const from = clamp(start + (end - start - span) / 2, this.extent.start, this.extent.end - span);
    const zoomed = Math.abs(span - (this.window.end - this.window.start)) > 1;
    this.window = { start: from, end: from + span };
    if (zoomed) {
      this.ungrouped = false;
      this.layoutTrack();
      const pixelsPerYear = Math.round(this.scale * 365.25 * DAY);
      const detail = {
        pixelsPerYear,
        from: new Date(from).toISOString().slice(0, 10),
        to: new Date(from + span).toISOString().slice(0, 10),
      };
      this.dispatchEvent(new CustomEvent('pfp-zoom', { bubbles: true, composed: true, detail }));
    } else this.drawView();
  }

  /** Zooms by `factor` (2: twice as close) keeping the time at `at` (0..1 across the window) in place. */
  zoomBy(factor, at = 0.5) {
    const { start, end } = this.window;
    const pivot = start + (end - start) * at;
    const span = (end - start) / factor;
    this.setWindow(pivot - span * at, pivot - span * at + span);
  }

  panBy(px) {
    const dt = px / this.scale;
    this.setWindow(this.window.start + dt, this.window.end + dt);
  }

  /** Drag to pan (mouse, pen, a finger sideways), pinch and ctrl+wheel to zoom, a sideways wheel to pan. */
  panAndZoomByPointer() {
    const el = this.scroller;
    const pointers = new Map();
    let drag = null;
    let suppressClick = false;
    const fraction = (x) =>
      clamp((x - el.getBoundingClientRect().left - this.gutter) / this.width, 0, 1);
    el.addEventListener('pointerdown', (e) => {
      if (e.button !== 0) return;
      pointers.set(e.pointerId, e.clientX);
      drag = {
        x: e.clientX,
        start: this.window.start,
        moved: false,
        pinch: pointers.size === 2 ? this.pinchOf(pointers) : null,
      };
    });
    el.addEventListener('pointermove', (e) => {
      if (!drag || !pointers.has(e.pointerId)) return;
      pointers.set(e.pointerId, e.clientX);
      if (pointers.size === 2 && drag.pinch) {
        const now = this.pinchOf(pointers);
        if (now.distance > 10)
          this.zoomBy(now.distance / drag.pinch.distance, fraction(now.middle));
        drag.pinch = now;
        drag.moved = true;
        return;
      }
      const dx = e.clientX - drag.x;
      if (!drag.moved && Math.abs(dx) < 5) return;
      if (!drag.moved) {
        drag.moved = true;
        el.setPointerCapture(e.pointerId);
        el.classList.add('dragging');
      }
      const span = this.window.end - this.window.start;
      const start = drag.start - dx / this.scale;
      this.setWindow(start, start + span);
    });
    const end = (e) => {
      pointers.delete(e.pointerId);
      if (drag?.moved) suppressClick = true;
      if (pointers.size === 0) {
        drag = null;
        el.classList.remove('dragging');
      }
    };
    el.addEventListener('pointerup', end);
    el.addEventListener('pointercancel', end);
    // A drag that ends on a box is not a click on it.
    el.addEventListener(
      'click',
      (e) => {
        if (!suppressClick) return;
        suppressClick = false;
        e.stopPropagation();
        e.preventDefault();
      },
      true,
    );
    // The page keeps its vertical wheel: only ctrl+wheel (and a trackpad's pinch) and sideways wheels are ours.
    el.addEventListener(
      'wheel',
      (e) => {
        const sideways = Math.abs(e.deltaX) > Math.abs(e.deltaY);
        if (e.ctrlKey) this.zoomBy(Math.exp(-e.deltaY * 0.01), fraction(e.clientX));
        else if (sideways || e.shiftKey) this.panBy(sideways ? e.deltaX : e.deltaY);
        else return;
        e.preventDefault();
      },
      { passive: false },
    );
  }

  pinchOf(pointers) {
    const [a, b] = [...pointers.values()];
    return { distance: Math.abs(a - b), middle: (a + b) / 2 };
  }

  /** Zooms to a cluster's events, then focuses the first of them (or the smaller cluster now holding it). */
  openCluster(c) {
    const members = this.clusters[c]?.members;
    if (!members) return;
    const start = this.spans[members[0]].start;
    const end = Math.max(...members.map((i) => this.spans[i].end));
    const pad = Math.max((end - start) * 0.1, DAY);
    this.focusKey = members[0];
    const { start: before, end: after } = this.window;
    this.setWindow(start - pad, end + pad);
    // Events that fill the whole window (years, in a one-year window) cannot be spread by zooming:
    // the chart takes the rows they need.
    if (this.window.start === before && this.window.end === after) {
      this.ungrouped = true;
      this.layoutTrack();
    }
    this.focusOrder(this.orderIndexOf(members[0]));
  }

  /** Where in the arrow-key order the event `i` is (on its own or in a cluster). */
  orderIndexOf(i) {
    if (this.narrow || !this.order) return i;
    const k = this.order.findIndex(([first, c]) =>
      c < 0 ? first === i : this.clusters[c].members.includes(i),
    );
    return Math.max(0, k);
  }

  /** The button of position `k` in the arrow-key order. */
  buttonAt(k) {
    if (this.narrow || !this.order) return this.items[k]?.firstChild ?? null;
    const entry = this.order[k];
    if (!entry) return null;
    return entry[1] < 0
      ? (this.items[entry[0]]?.firstChild ?? null)
      : (this.clusterEls[entry[1]]?.firstChild ?? null);
  }

  /** How many positions the arrow keys step through: the items of the chart, or the list's shown events. */
  stops() {
    if (this.narrow || !this.order)
      return this.expanded ? this.items.length : Math.min(this.items.length, PHONE_FIRST);
    return this.order.length;
  }

  /** Moves tabindex=0 to the item holding `focusKey` (after a layout regrouped the items). */
  updateTabStop() {
    for (const li of this.list.children) li.firstChild?.setAttribute('tabindex', '-1');
    this.buttonAt(this.orderIndexOf(this.focusKey))?.setAttribute('tabindex', '0');
  }

  focusOrder(k) {
    const n = clamp(k, 0, this.stops() - 1);
    const entry = this.narrow || !this.order ? [n, -1] : this.order[n];
    if (!entry) return;
    this.focusKey = entry[0];
    this.updateTabStop();
    this.reveal(entry[0]);
    const button = this.buttonAt(n);
    button?.focus({ preventScroll: true });
    button?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  }

  /** Pans the chart so that event `i` (or its cluster) is in the window. */
  reveal(i) {
    if (this.narrow || !this.spans) return;
    const s = this.spans[i];
    const { start, end } = this.window;
    const margin = (end - start) * 0.1;
    if (s.start >= start + margin * 0.2 && s.start <= end - margin * 2) return;
    const span = end - start;
    this.setWindow(s.start - span * 0.3, s.start + span * 0.7);
  }

  /** Zooms in until event `i` is a box of its own (not in a cluster), then shows it. */
  revealAlone(i) {
    for (let tries = 0; tries < 12 && !this.narrow && this.order; tries++) {
      const c = this.clusters.findIndex(({ members }) => members.includes(i));
      if (c < 0) break;
      const { members } = this.clusters[c];
      const start = this.spans[members[0]].start;
      const end = Math.max(...members.map((m) => this.spans[m].end));
      this.setWindow(start - DAY, end + DAY);
    }
    this.reveal(i);
  }

  onListKey(e) {
    if (e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return;
    const moves = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 };
    const k = this.orderIndexOf(this.focusKey);
    if (e.key in moves) this.focusOrder(k + moves[e.key]);
    else if (e.key === 'Home') this.focusOrder(0);
    else if (e.key === 'End') this.focusOrder(this.stops() - 1);
    else return;
    e.preventDefault();
  }

  onKey(e) {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    const inField = e.target.closest?.('input, select, textarea');
    const chart = !this.narrow && this.window;
    const pans = { ArrowLeft: -0.25, ArrowRight: 0.25, PageUp: -0.9, PageDown: 0.9 };
    if (!inField && chart && (e.key === '+' || e.key === '=')) this.zoomBy(2);
    else if (!inField && chart && (e.key === '-' || e.key === '_')) this.zoomBy(0.5);
    else if (!inField && chart && e.key === '0') this.setWindow(this.extent.start, this.extent.end);
    else if (!inField && chart && e.key in pans && (e.shiftKey || e.key.startsWith('Page')))
      this.panBy(pans[e.key] * this.width);
    else if (e.key === 'Escape' && this.selected !== null) {
      this.closePanel();
      e.stopPropagation();
    } else return;
    e.preventDefault();
  }

  /** Under 480 px: every event, or back to the first ones. */
  toggleAll() {
    this.release();
    this.expanded = !this.expanded;
    this.list.classList.toggle('collapsed', !this.expanded);
    this.more.setAttribute('aria-expanded', String(this.expanded));
    this.more.textContent = this.expanded ? this.t.showFewer : this.t.showAll(this.events.length);
    if (!this.expanded && this.focusKey >= PHONE_FIRST) this.focusKey = 0;
    this.updateTabStop();
    if (!this.expanded) this.more.scrollIntoView({ block: 'nearest' });
  }

  showCaption(li) {
    if (!this.caption) return;
    if (li.dataset.c !== undefined) {
      this.caption.textContent = li.firstChild.getAttribute('aria-label');
      return;
    }
    const i = Number(li.dataset.i);
    if (this.events[i]) this.caption.textContent = `${this.dates[i]} · ${this.events[i].title}`;
  }

  placePanel() {
    if (!this.panel) return;
    const i = this.events.findIndex((ev) => ev.id === this.selected);
    if (this.narrow && i >= 0 && this.items?.[i]) this.items[i].append(this.panel);
    else if (this.panel.parentNode !== this.contentEl) this.contentEl.append(this.panel);
  }

  /** With the `hash` attribute, the first render opens the event the URL's #pfp-event= names. */
  readHash() {
    if (!this.hasAttribute('hash') || this._hashRead) return;
    this._hashRead = true;
    const i = this.events.findIndex((ev) => ev.id === hashEventId());
    if (i >= 0) this.select(i, { focusPanel: false, fromUser: false });
  }

  /** Writes `#pfp-event=<id>` (with the `hash` attribute, when the reader chose it) and tells the host. */
  announce(ev, fromUser) {
    if (fromUser && this.hasAttribute('hash')) {
      const id = encodeURIComponent(ev.id).replace(/%2F/gi, '/');
      history.replaceState(history.state, '', `#pfp-event=${id}`);
    }
    this.dispatchEvent(
      new CustomEvent('pfp-select', { bubbles: true, composed: true, detail: { event: ev } }),
    );
  }

  select(i, { focusPanel, fromUser }) {
    const ev = this.events[i];
    if (!ev) return;
    if (this.story) {
      this.showSlide(i, { fromUser });
      return;
    }
    if (fromUser) this.release();
    if (this.narrow && i >= PHONE_FIRST && !this.expanded) this.toggleAll();
    for (const li of this.items) {
      li.classList.remove('sel');
      li.firstChild.setAttribute('aria-expanded', 'false');
    }
    const li = this.items[i];
    li.classList.add('sel');
    li.firstChild.setAttribute('aria-expanded', 'true');
    this.focusKey = i;
    this.revealAlone(i);
    this.updateTabStop();
    this.selected = ev.id;
    this.showCaption(li);
    if (!this.almanac) this.fetchAlmanac(); // the citations: only the full corpus has them
    this.fillPanel(ev);
    this.placePanel();
    if (focusPanel) this.panel.querySelector('h3').focus();
    else li.scrollIntoView({ block: 'nearest', inline: 'nearest' });
    this.announce(ev, fromUser);
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
    if (i >= 0) this.focusOrder(this.orderIndexOf(i));
  }

  /** The cited detail of an event: title, date, kind, reading, and each source's quote. */
  detail(ev, titleId) {
    const t = this.t;
    const lang = this.lang_;
    return [
      h('h3', { id: titleId, tabindex: '-1' }, ev.title),
      h(
        'p',
        null,
        h(
          'time',
          { class: 'when', datetime: isoRange(ev.date, ev.end) },
          formatRange(ev.date, ev.end, lang),
        ),
        ev.qualifier ? h('span', { class: 'qualifier' }, ` (${ev.qualifier})`) : null,
        h('span', { class: 'badge' }, kindLabel(ev.kind, lang)),
      ),
      ev.reading ? h('p', { class: 'muted reading' }, ev.reading) : null,
      ev.singleSource ? h('p', { class: 'muted single' }, t.singleSource) : null,
      // Drawn from the projection, an event has no citations yet: they follow with the wasm.
      ev.citations
        ? citations(this.almanac, ev.citations, t.sources)
        : h('p', { class: 'status', role: 'status' }, t.loading),
    ];
  }

  fillPanel(ev) {
    const t = this.t;
    const titleId = `${this.panelId}-title`;
    const [heading, ...rest] = this.detail(ev, titleId);
    this.panel.setAttribute('aria-labelledby', titleId);
    this.panel.removeAttribute('aria-label');
    const close = closeButton(t.close, () => this.closePanel());
    setChildren(this.panel, h('header', null, heading, close), ...rest);
    this.panel.hidden = false;
  }
}

/** The event id the URL's `#pfp-event=<id>` names, or null. */
function hashEventId() {
  const match = /^#pfp-event=(.+)$/.exec(location.hash);
  if (!match) return null;
  try {
    return decodeURIComponent(match[1]);
  } catch {
    return match[1];
  }
}

/** A cluster's dates: "Jan – Feb 1994", "1994", "March 1994". */
function clusterRange(first, last, lang) {
  const a = first.date;
  const b = last.end ?? last.date;
  const month = (iso) => iso.slice(0, 7);
  if (a.slice(0, 4) === b.slice(0, 4) && a.length >= 7 && b.length >= 7 && month(a) !== month(b))
    return formatRange(month(a), month(b), lang);
  if (a.length >= 7 && b.length >= 7 && month(a) === month(b)) return formatDate(month(a), lang);
  return formatRange(a.slice(0, 4), b.slice(0, 4) === a.slice(0, 4) ? null : b.slice(0, 4), lang);
}

export { formatDate };
