// <pfp-annotate> wraps article text: after load, the first mention of each known entity becomes a
// <pfp-mention entity="…">, whose shadow root holds a <button> around a <slot>: the words stay in
// the light DOM (copy, find-in-page and reader mode see the original text). The mention opens a
// non-modal card on click/Enter/tap, on hover after 500 ms, on keyboard focus; Escape dismisses it
// (WCAG 1.4.13). clear(), or removing the element, restores the original DOM node for node.
// The same on any container with the `data-pfp-annotate` attribute (and `data-pfp-src` for another
// corpus): removing the attribute, or the container, restores it.
import { PfpElement, HTMLElementBase } from './base.js';
import { closeButton, h, uid } from './dom.js';
import { strings, langOf, uiLang } from './i18n.js';
import { BASE, sheet, css } from './styles.js';
import { getAlmanac, whenIdle, whenNear } from './loader.js';
import { slice, yieldToMain } from './schedule.js';

const SKIP =
  'a, h1, h2, h3, h4, h5, h6, code, pre, script, style, textarea, input, select, button, [contenteditable]:not([contenteditable="false"]), pfp-mention, pfp-timeline, pfp-entity, pfp-search, pfp-annotate, [data-pfp-annotate], template, noscript, svg, math';
export const ATTRIBUTE = 'data-pfp-annotate';
// A text node without a letter or digit names nothing: it is not sent to the core.
const WORDY = /[\p{L}\p{N}]/u;

// The frame <pfp-annotate> draws only to show an error (base.js `framed`), above the article.
const ANNOTATE_CSS = css`
:host { display: block; }
/* The article is the page's: its text keeps the page's colour, type and colour scheme (the base
   sheet's :host and .frame rules, and their dark-mode forms, are for the widget's own boxes; slotted
   text inherits through them). */
:host, :host(:not([theme="light"])), :host([theme="dark"]) {
  color: inherit; line-height: inherit; font-family: inherit; color-scheme: inherit; -webkit-text-size-adjust: inherit;
}
.frame { border: 0; padding: 0; background: none; color: inherit; }
.status-box:empty { display: none; }
.status { display: none; }
`;

/**
 * The annotation of one container: wraps the first mention of each known entity in its text, and
 * undoes exactly that. Shared by <pfp-annotate> and the data-pfp-annotate attribute.
 */
class Annotator {
  constructor(root) {
    this.root = root;
    this.records = [];
    this.run = 0; // bumped by clear(): an annotation still in progress stops at its next slice
  }

  /**
   * Annotates with the names of `almanac`; mentions read the corpus at `src`. Resolves to the count,
   * or null when clear() (or another annotate()) stopped it. A long article is read in slices with
   * a yield to the browser between them (schedule.js), so it never blocks the page for long; the
   * text is read in document order, so the first mention is still the one marked. A finished
   * annotation fires `pfp-annotated` on the root, with the count.
   */
  async annotate(almanac, src) {
    const mentions = await this.markAll(almanac, src);
    if (mentions !== null)
      this.root.dispatchEvent(
        new CustomEvent('pfp-annotated', { bubbles: true, composed: true, detail: { mentions } }),
      );
    return mentions;
  }

  async markAll(almanac, src) {
    this.clear();
    const run = this.run;
    const root = this.root;
    const seen = new Set();
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
      acceptNode: (node) => {
        for (let el = node.parentElement; el && el !== root; el = el.parentElement)
          if (el.matches(SKIP)) return NodeFilter.FILTER_REJECT;
        return WORDY.test(node.data) ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_SKIP;
      },
    });
    let budget = slice();
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      // Carry on after the last piece of a node split around mentions.
      walker.currentNode = this.mark(node, almanac, seen, src);
      if (budget.expired()) {
        await yieldToMain();
        if (run !== this.run) return null;
        budget = slice();
      }
    }
    return seen.size;
  }

  /**
   * Wraps the first mentions (entities not yet in `seen`) in one text node; returns its last piece.
   * Which words are a mention is the core's answer (`mentions`: names folded as lookup folds them,
   * the longest first, whole words), with UTF-16 offsets, which are the text node's own.
   */
  mark(node, almanac, seen, src) {
    const found = [];
    for (const m of almanac.mentions(node.data)) {
      if (seen.has(m.entity)) continue;
      seen.add(m.entity);
      found.push(m);
    }
    if (!found.length) return node;
    const record = { node, data: node.data, created: [] };
    let rest = node;
    let offset = 0;
    for (const f of found) {
      const mid = rest.splitText(f.start - offset);
      const after = mid.splitText(f.end - f.start);
      const mention = document.createElement('pfp-mention');
      mention.setAttribute('entity', f.entity);
      if (src) mention.setAttribute('src', src);
      mid.replaceWith(mention);
      mention.append(mid);
      record.created.push(mention, after);
      rest = after;
      offset = f.end;
    }
    this.records.push(record);
    return rest;
  }

  /** Unwraps every mention and gives each split text node back its original text: the DOM as it was. */
  clear() {
    this.run += 1;
    for (const { node, data, created } of this.records.reverse()) {
      for (const n of created) n.remove();
      node.data = data;
    }
    this.records = [];
  }
}

export class PfpAnnotate extends PfpElement {
  static css = ANNOTATE_CSS;
  static framed = false; // the article shows while it loads; a frame only for an error (base.js)
  static waitsForIdle = true; // the mentions are not a first view: they come when the page is idle
  static get observedAttributes() {
    return ['src'];
  }

  constructor() {
    super();
    this.annotator = new Annotator(this);
  }

  connectedCallback() {
    // Re-annotate after being moved (disconnect restored the text). Not on the first connection:
    // with the corpus already loaded, start() has just scheduled that first annotation, and a
    // second one would replace every mention after the element said it was ready.
    const moved = Boolean(this.almanac);
    super.connectedCallback();
    if (moved && !this.annotator.records.length) this.update();
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    this.clear();
  }

  skeleton() {
    this.statusEl = h('div', { class: 'status-box', part: 'status' });
    this.contentEl = h('div', { class: 'content' });
    // The status (an error, with Retry) above the article.
    this.shadowRoot.append(h('div', { class: 'frame' }, this.statusEl, h('slot'), this.contentEl));
  }

  /**
   * Resolves when the whole text is read (the element is then ready). Stopped by clear() it is ready
   * too (with the text as it was); stopped by being removed from the page, it is not.
   */
  render(almanac) {
    return this.annotator
      .annotate(almanac, this.getAttribute('src'))
      .then((mentions) => mentions !== null || this.isConnected);
  }

  /** Restores the original DOM (the element stays; it annotates again if re-rendered). */
  clear() {
    this.annotator.clear();
  }
}

// The attribute: containers are annotated when they come near the viewport, like the elements.
const containers = new Map(); // container -> { annotator, cancel, load }

function attach(el) {
  if (containers.has(el)) return;
  const state = { annotator: new Annotator(el), cancel: null, load: 0 };
  containers.set(el, state);
  // Near the viewport, then once the page is idle (the mentions are not a first view).
  state.cancel = whenNear(el, () => {
    state.cancel = null;
    const load = ++state.load;
    whenIdle(() => load === state.load && annotateContainer(el, state, load));
  });
}

function annotateContainer(el, state, load) {
  const src = el.getAttribute('data-pfp-src');
  getAlmanac(src)
    .then((almanac) => {
      // Detached or given another corpus meanwhile; once started, detach() stops it (clear()).
      if (containers.get(el) === state && load === state.load)
        return state.annotator.annotate(almanac, src);
    })
    .catch((error) => {
      // A container has no place to show an error: it stays as the host wrote it.
      if (containers.get(el) === state)
        el.dispatchEvent(
          new CustomEvent('pfp-error', {
            bubbles: true,
            composed: true,
            detail: { message: String(error?.message ?? error) },
          }),
        );
    });
}

function detach(el) {
  const state = containers.get(el);
  if (!state) return;
  containers.delete(el);
  state.load += 1;
  state.cancel?.();
  state.annotator.clear();
}

function sync() {
  for (const el of [...containers.keys()])
    if (!el.isConnected || !el.hasAttribute(ATTRIBUTE)) detach(el);
  for (const el of document.querySelectorAll(`[${ATTRIBUTE}]`))
    if (!el.matches('pfp-annotate')) attach(el);
}

let watching = false;
/** Annotates every `[data-pfp-annotate]` container, now and as they are added, changed or removed. */
export function watchAnnotateAttribute() {
  if (watching || typeof document === 'undefined' || typeof MutationObserver === 'undefined')
    return;
  watching = true;
  let queued = false;
  const added = (n) =>
    n.nodeType === 1 && (n.hasAttribute(ATTRIBUTE) || n.querySelector(`[${ATTRIBUTE}]`) !== null);
  new MutationObserver((records) => {
    for (const r of records) {
      // Another corpus for a container: annotate it again from that one.
      if (
        r.type === 'attributes' &&
        r.attributeName === 'data-pfp-src' &&
        containers.has(r.target)
      ) {
        detach(r.target);
        attach(r.target);
      }
    }
    if (queued) return;
    // Our own mentions inserted or removed are no reason to look again.
    const look = records.some(
      (r) =>
        (r.type === 'attributes' && r.attributeName === ATTRIBUTE) ||
        [...r.addedNodes].some(added) ||
        (containers.size > 0 &&
          [...r.removedNodes].some((n) => n.nodeType === 1 && n.localName !== 'pfp-mention')),
    );
    if (!look) return;
    queued = true;
    queueMicrotask(() => {
      queued = false;
      sync();
    });
  }).observe(document, {
    subtree: true,
    childList: true,
    attributes: true,
    attributeFilter: [ATTRIBUTE, 'data-pfp-src'],
  });
  sync();
}

const MENTION_CSS = css`
:host { display: inline; position: relative; }
/* The card's containing block, inside the shadow root: a page rule on the host (say
   * { all: unset !important }) cannot take its position: relative away. */
.anchor { position: relative; }
:host([hidden]) { display: none; }
.mention {
  font: inherit; color: inherit; background: none; border: 0; padding: 0; margin: 0; min-block-size: 0; min-inline-size: 0;
  text-decoration: underline dotted var(--_accent) 2px; text-underline-offset: 0.2em; cursor: help; border-radius: 2px;
  text-align: inherit; line-height: inherit; letter-spacing: inherit; word-spacing: inherit;
}
.mention:hover, .mention[aria-expanded="true"] { text-decoration-style: solid; background: var(--_soft); }
.pop {
  position: absolute; inset-block-start: calc(100% + 4px); inset-inline-start: var(--shift, 0px); z-index: 2147483000;
  inline-size: min(24rem, calc(100vw - 16px)); max-block-size: min(28rem, 70vh); overflow: auto;
  background: var(--_bg); color: var(--_text); border: 1px solid var(--_line); border-radius: var(--_radius);
  box-shadow: 0 6px 24px rgb(0 0 0 / 0.18); padding: 0.6rem 0.75rem; text-align: start; font-size: 0.92rem;
  line-height: 1.45; font-style: normal; font-weight: normal; white-space: normal; display: block;
}
.pop-head { display: flex; justify-content: flex-end; }
.close { background: none; border: 1px solid var(--_line); border-radius: 50%; inline-size: 28px; block-size: 28px; }
@media (forced-colors: active) { .pop { border: 2px solid CanvasText; } .mention { text-decoration-color: LinkText; } }
`;

const OPEN_DELAY = 500;
const CLOSE_DELAY = 300;

export class PfpMention extends HTMLElementBase {
  static get observedAttributes() {
    return ['entity', 'src'];
  }

  /** A card already made follows its mention's entity and corpus. */
  attributeChangedCallback(name, oldValue, newValue) {
    const card = this.pop?.querySelector('pfp-entity');
    if (!card || oldValue === newValue) return;
    if (newValue === null) card.removeAttribute(name);
    else card.setAttribute(name, newValue);
  }

  constructor() {
    super();
    this.attachShadow({ mode: 'open' });
    this.shadowRoot.adoptedStyleSheets = [sheet(BASE), sheet(MENTION_CSS)];
    this.popId = uid('pfp-mention-pop');
    this.openTimer = 0;
    this.closeTimer = 0;
    this.openedBy = null;
    this.button = h(
      'button',
      {
        type: 'button',
        class: 'mention',
        part: 'mention',
        'aria-expanded': 'false',
        'aria-controls': this.popId,
      },
      h('slot'),
    );
    this.pop = h('div', { class: 'pop', part: 'popover', id: this.popId, hidden: true });
    this.shiftSheet = null;
    this.shadowRoot.append(h('span', { class: 'anchor' }, this.button, this.pop));
    // A card opened by hovering has no focus in it, yet Escape must dismiss it (SC 1.4.13): the
    // one document listener of the widget, added only while a card is open and removed on close.
    this.onDocKey = (e) => {
      if (e.key !== 'Escape' || !this.openedBy) return;
      const hadFocus = this.matches(':focus-within');
      this.close();
      if (hadFocus) this.button.focus();
    };

    // On the host, not the button: a click on anything the page adds to the mention (a ::before
    // from `*::before { content: … }` takes slotted text's clicks off the button) still toggles it;
    // the button's own clicks (Enter, Space) bubble here. Clicks inside the card are the card's.
    this.addEventListener('click', (e) => {
      if (e.composedPath().includes(this.pop)) return;
      if (this.openedBy === 'click') this.close();
      else this.open('click');
    });
    this.button.addEventListener('focus', () => {
      if (this.button.matches(':focus-visible') && !this.openedBy) this.open('focus');
    });
    this.addEventListener('focusout', (e) => {
      if (
        !this.contains(e.relatedTarget) &&
        !this.shadowRoot.contains(e.relatedTarget) &&
        this.openedBy !== 'hover'
      )
        this.close();
    });
    this.addEventListener('keydown', (e) => {
      if (e.key === 'Escape' && this.openedBy) {
        e.preventDefault();
        e.stopPropagation();
        this.close();
        this.button.focus();
      }
    });
    this.addEventListener('pointerenter', (e) => {
      if (e.pointerType !== 'mouse') return;
      clearTimeout(this.closeTimer);
      if (!this.openedBy) {
        getAlmanac(this.getAttribute('src')).catch(() => {}); // warm up while the reader hovers
        this.openTimer = setTimeout(() => this.open('hover'), OPEN_DELAY);
      }
    });
    this.addEventListener('pointerleave', (e) => {
      if (e.pointerType !== 'mouse') return;
      clearTimeout(this.openTimer);
      if (this.openedBy === 'hover') this.closeTimer = setTimeout(() => this.close(), CLOSE_DELAY);
    });
  }

  disconnectedCallback() {
    clearTimeout(this.openTimer);
    clearTimeout(this.closeTimer);
    if (this.openedBy) this.close();
  }

  open(by) {
    clearTimeout(this.openTimer);
    clearTimeout(this.closeTimer);
    this.openedBy = by;
    if (!this.pop.firstChild) {
      const card = document.createElement('pfp-entity');
      card.setAttribute('entity', this.getAttribute('entity') ?? '');
      // The card reads the same corpus as the <pfp-annotate> that made this mention.
      if (this.hasAttribute('src')) card.setAttribute('src', this.getAttribute('src'));
      card.setAttribute('compact', '');
      const lang = langOf(this);
      card.setAttribute('lang', lang);
      const t = strings(lang);
      this.pop.append(
        h(
          'div',
          { class: 'pop-head' },
          closeButton(t.close, () => {
            this.close();
            this.button.focus();
          }),
        ),
        card,
      );
      this.pop.setAttribute('aria-label', t.about(this.textContent.trim()));
      this.pop.setAttribute('role', 'group');
    }
    this.pop.hidden = false;
    this.button.setAttribute('aria-expanded', 'true');
    document.addEventListener('keydown', this.onDocKey);
    this.place();
    this.dispatchEvent(
      new CustomEvent('pfp-open', {
        bubbles: true,
        composed: true,
        detail: { entity: this.getAttribute('entity') },
      }),
    );
  }

  /** Keeps the card inside the viewport horizontally (a per-element constructed sheet: CSP-safe). */
  place() {
    if (!this.shiftSheet) {
      this.shiftSheet = new CSSStyleSheet();
      this.shadowRoot.adoptedStyleSheets = [...this.shadowRoot.adoptedStyleSheets, this.shiftSheet];
    }
    this.shiftSheet.replaceSync('');
    const rect = this.pop.getBoundingClientRect();
    const vw = document.documentElement.clientWidth;
    let shift = 0;
    if (rect.right > vw - 8) shift = vw - 8 - rect.right;
    if (rect.left + shift < 8) shift = 8 - rect.left;
    if (shift) this.shiftSheet.replaceSync(`.pop { --shift: ${Math.round(shift)}px; }`);
  }

  close() {
    clearTimeout(this.openTimer);
    clearTimeout(this.closeTimer);
    this.openedBy = null;
    document.removeEventListener('keydown', this.onDocKey);
    this.pop.hidden = true;
    this.button.setAttribute('aria-expanded', 'false');
  }
}

export { uiLang };
