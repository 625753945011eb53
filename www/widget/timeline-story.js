// look="story" of <pfp-timeline>: one event at a time with its quote and source, previous/next,
// and a time-nav. A module of its own: a story shows quotes, so it waits for the wasm anyway and
// fetches this with it, while the default look's first view does not fetch it at all. timeline.js
// adds these methods to PfpTimeline when a story first renders (storyLook()).
import { css, sheet } from './styles.js';
import { h, setChildren } from './dom.js';
import { axisLabel, eventWhen } from './i18n.js';
import { clamp, fitWindow, spanOf, ticksFor } from './timescale.js';

const STORY_CSS = css`
.story { display: grid; gap: 0.6rem; }
.slide { min-block-size: 12rem; padding: 0.4rem 0.2rem; touch-action: pan-y; }
.slide h3 { font-size: 1.3em; margin: 0.2em 0 0.4em; }
.slide h3:focus { outline: none; }
.steps { display: flex; align-items: center; justify-content: space-between; gap: 0.5rem; }
.steps .at { color: var(--_muted); font-size: 0.9em; font-variant-numeric: tabular-nums; }
.timenav { position: relative; block-size: 62px; border-block-start: 1px solid var(--_line); cursor: pointer; touch-action: pan-y; }
.timenav .tick { position: absolute; inset-block: 0; inset-inline-start: var(--p); border-inline-start: 1px solid var(--_line); padding: 2px 0 0 3px; font-size: 0.72em; color: var(--_muted); }
.timenav .dot { position: absolute; inset-block-start: 24px; inset-inline-start: var(--p); inline-size: 7px; block-size: 7px; margin-inline-start: -3px; border-radius: 50%; background: var(--_line); }
.timenav .pin { position: absolute; inset-block-start: 38px; inset-inline-start: var(--p); transform: translateX(var(--pull)); font-size: 0.8em; font-weight: 600; white-space: nowrap; }
.timenav .dot.here { inline-size: 13px; block-size: 13px; margin-inline-start: -6px; inset-block-start: 21px; background: var(--_accent); box-shadow: 0 0 0 2px var(--_bg); z-index: 1; }
@media (forced-colors: active) {
  .timenav .dot { background: CanvasText; forced-color-adjust: none; }
  .timenav .dot.here { background: Highlight; }
}
`;

/** PfpTimeline's methods for the story look (`this` is the element). */
export const STORY = {
  renderStory(query) {
    const sheets = this.shadowRoot.adoptedStyleSheets;
    if (!sheets.includes(sheet(STORY_CSS)))
      this.shadowRoot.adoptedStyleSheets = [...sheets, sheet(STORY_CSS)];
    const t = this.t;
    this.list = null;
    this.story = true;
    this.spans = this.events.map(spanOf);
    this.extent = fitWindow(this.spans, query.from, query.to);
    if (this.events.length === 0) {
      setChildren(this.contentEl, h('p', { class: 'empty' }, t.noEvents));
      return undefined;
    }
    this.slideEl = h('section', { class: 'slide', part: 'slide', 'aria-roledescription': t.slide });
    this.at = h('p', { class: 'at', 'aria-live': 'polite' });
    this.prev = h(
      'button',
      { type: 'button', class: 'btn prev', part: 'prev', onclick: () => this.step(-1) },
      `← ${t.previous}`,
    );
    this.next = h(
      'button',
      { type: 'button', class: 'btn next', part: 'next', onclick: () => this.step(1) },
      `${t.next} →`,
    );
    this.timenav = h('div', { class: 'timenav', part: 'timenav', 'aria-hidden': 'true' });
    setChildren(
      this.contentEl,
      h(
        'div',
        { class: 'story', part: 'story' },
        this.timenav,
        this.slideEl,
        h('div', { class: 'steps' }, this.prev, this.at, this.next),
      ),
    );
    this.contentEl.onkeydown = (e) => {
      if (e.altKey || e.ctrlKey || e.metaKey || e.target.closest?.('input, select, textarea'))
        return;
      const moves = { ArrowLeft: -1, ArrowRight: 1 };
      if (e.key in moves) this.step(moves[e.key]);
      else if (e.key === 'Home') this.showSlide(0, { fromUser: true });
      else if (e.key === 'End') this.showSlide(this.events.length - 1, { fromUser: true });
      else return;
      e.preventDefault();
    };
    this.swipeToStep(this.slideEl);
    this.timenav.addEventListener('click', (e) => {
      const box = this.timenav.getBoundingClientRect();
      const t0 =
        this.extent.start +
        ((e.clientX - box.left) / box.width) * (this.extent.end - this.extent.start);
      let nearest = 0;
      this.spans.forEach((s, i) => {
        if (Math.abs(s.start - t0) < Math.abs(this.spans[nearest].start - t0)) nearest = i;
      });
      this.showSlide(nearest, { fromUser: true });
    });
    this.drawTimenav();
    this.showSlide(0, { fromUser: false });
    this.readHash();
    return undefined;
  },

  /** A sideways swipe (a finger or a pen, 40 px or more, more sideways than down) steps once. */
  swipeToStep(el) {
    let from = null;
    el.addEventListener('pointerdown', (e) => {
      from = { x: e.clientX, y: e.clientY };
    });
    el.addEventListener('pointerup', (e) => {
      if (!from) return;
      const dx = e.clientX - from.x;
      const dy = e.clientY - from.y;
      from = null;
      if (Math.abs(dx) >= 40 && Math.abs(dx) > Math.abs(dy)) this.step(dx < 0 ? 1 : -1);
    });
    el.addEventListener('pointercancel', () => {
      from = null;
    });
  },

  /** The time-nav: the years of the window and a dot per event, the current one larger. */
  drawTimenav() {
    const whole = this.extent.end - this.extent.start;
    const pos = (t) => `${clamp(((t - this.extent.start) / whole) * 100, 0, 100).toFixed(3)}%`;
    const ticks = ticksFor(this.extent.start, this.extent.end, 640);
    const rules = [];
    const els = [];
    const unit = ticks.unit === 'day' ? 'day' : ticks.unit === 'month' ? 'month' : 'year';
    const tickTimes =
      unit === 'year'
        ? ticks.minor.filter((_, k) => k % Math.ceil(ticks.minor.length / 12) === 0)
        : ticks.minor;
    tickTimes.forEach((t, k) => {
      rules.push(`.timenav .tick[data-k="${k}"] { --p: ${pos(t)}; }`);
      els.push(h('span', { class: 'tick', 'data-k': k }, axisLabel(t, unit, this.lang_)));
    });
    this.dots = this.spans.map((s, i) => {
      rules.push(`.timenav .dot[data-i="${i}"] { --p: ${pos(s.start)}; }`);
      return h('span', { class: 'dot', 'data-i': i });
    });
    this.pin = h('span', { class: 'pin' });
    setChildren(this.timenav, ...els, ...this.dots, this.pin);
    this.navRules = rules.join('\n');
  },

  step(by) {
    this.showSlide(this.slide + by, { fromUser: true });
  },

  showSlide(i, { fromUser }) {
    const n = this.events.length;
    const k = clamp(i, 0, n - 1);
    const ev = this.events[k];
    if (!ev) return;
    if (fromUser) this.release();
    const focusWasOnHeading = this.slideEl.contains(this.shadowRoot.activeElement);
    this.slide = k;
    this.selected = ev.id;
    const titleId = `${this.panelId}-title`;
    setChildren(this.slideEl, ...this.detail(ev, titleId));
    this.slideEl.setAttribute('aria-labelledby', titleId);
    this.at.textContent = this.t.slideOf(k + 1, n);
    // A button that becomes disabled loses focus: it moves to the other one, or to the title.
    const active = this.shadowRoot.activeElement;
    this.prev.disabled = k === 0;
    this.next.disabled = k === n - 1;
    if (active?.disabled) (active === this.prev ? this.next : this.prev).focus();
    if (
      active?.disabled &&
      this.shadowRoot.activeElement !== this.prev &&
      this.shadowRoot.activeElement !== this.next
    )
      this.slideEl.querySelector('h3').focus();
    for (const [j, dot] of this.dots.entries()) dot.classList.toggle('here', j === k);
    // The pin under the current dot: its date, kept inside the time-nav at both ends.
    this.pin.textContent = eventWhen(ev, this.lang_);
    const at = clamp(
      (this.spans[k].start - this.extent.start) / (this.extent.end - this.extent.start),
      0,
      1,
    );
    this.posSheet.replaceSync(
      `${this.navRules}\n.timenav .pin { --p: ${(at * 100).toFixed(3)}%; --pull: ${(-at * 100).toFixed(1)}%; }`,
    );
    if (focusWasOnHeading) this.slideEl.querySelector('h3').focus();
    if (fromUser) this.announce(ev, true);
  },
};
