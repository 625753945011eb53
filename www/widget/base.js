// The base of every pfp-* element: an open shadow root created once with the adopted styles, the
// light-DOM fallback in a slot until data renders, the state attribute (loading | ready | error),
// the lazy shared load, and a readable error with Retry. Subclasses implement render(almanac).
import { getAlmanac, isCspError, loadedAlmanac, whenIdle, whenNear } from './loader.js';
import { langOf, languageReady, strings, warmUp } from './i18n.js';
import { h, setChildren } from './dom.js';
import { BASE, sheet } from './styles.js';
import { schedule } from './schedule.js';

// In Node (SSR, tests importing dist/widget.js) there is no HTMLElement: define inert classes.
export const HTMLElementBase = globalThis.HTMLElement ?? class {};

export class PfpElement extends HTMLElementBase {
  /** CSS text of the subclass, adopted after the base sheet. */
  static css = '';

  /**
   * Whether the element draws its frame (a shadow root with the status and its content) once it
   * starts loading, near the viewport. Until then it is the host's fallback content as written:
   * framing 50 elements at once, most far down the page, had the browser lay the page out again.
   * <pfp-annotate> draws one only to show an error: its content is the host's article, and a
   * shadow root slotting it would have the browser lay the whole article out again.
   */
  static framed = true;

  /**
   * Whether the element, when it finds content of the author's inside it (the prerendered first view
   * of `npx pfp-almanac render`, say), upgrades without moving anything: the view is drawn, unseen,
   * in the box that content already takes, and replaces it in one step, in that same box (its own
   * content scrolling inside when longer). The text after the element stays where it was (layout
   * shift 0). The box holds until the reader acts on the view (see release()).
   */
  static fits = false;

  /**
   * The least height (px) of the author's content that holds the view (`fits`): a shorter one (a
   * line saying the timeline loads here, say) would squeeze it, and the view takes its own height.
   */
  static fitMin = 0;

  /**
   * Whether the element fetches the wasm only once the page is idle, having no first view of its
   * own to draw before (<pfp-annotate>: the article is its view; the mentions can wait).
   */
  static waitsForIdle = false;

  constructor() {
    super();
    this.almanac = null;
    this._cancelStarts = null;
    this._started = false;
    this._renderQueued = false;
  }

  get lang_() {
    return langOf(this);
  }

  get t() {
    return strings(langOf(this));
  }

  connectedCallback() {
    if (this.almanac) return;
    if (!this.hasAttribute('state')) this.setState('loading');
    if (this._started) return;
    // Already loaded for another element: render now (say, a card opening in a popover).
    if (loadedAlmanac(this.getAttribute('src'))) {
      this.start();
      return;
    }
    const cancelNear = whenNear(this, () => this.start());
    // Interaction before it scrolls into view (keyboard focus, a tap) also starts the load.
    const startNow = () => this.start();
    this.addEventListener('focusin', startNow);
    this.addEventListener('pointerenter', startNow);
    // Undone once started (or disconnected): focusing its Retry button later is not a start.
    this._cancelStarts = () => {
      cancelNear();
      this.removeEventListener('focusin', startNow);
      this.removeEventListener('pointerenter', startNow);
    };
  }

  disconnectedCallback() {
    this._cancelStarts?.();
    this._cancelStarts = null;
    if (!this.almanac) this._started = false;
  }

  attributeChangedCallback(name, oldValue, newValue) {
    if (oldValue === newValue) return;
    // Another corpus: drop the loaded one and load that one (at once if the element is on the page;
    // else when it is connected again). A load still running for the old `src` is ignored.
    if (name === 'src') {
      if (!this._started && !this.almanac) return;
      this.almanac = null;
      this._started = false;
      this._load = (this._load ?? 0) + 1;
      if (this.isConnected) this.start();
      return;
    }
    if (!this.almanac) return;
    // Several attributes set in a row re-render once.
    if (this._renderQueued) return;
    this._renderQueued = true;
    queueMicrotask(() => {
      this._renderQueued = false;
      this.update();
    });
  }

  setState(state) {
    if (this.getAttribute('state') !== state) this.setAttribute('state', state);
  }

  /** The shadow root with the adopted styles and the skeleton, made once (the skeleton reads the element's language). */
  frame() {
    if (!this.shadowRoot) {
      // Whether the view fits the author's content (`fits`): measured as the page shows it, before
      // a shadow root takes over. One read of the layout, only for an element holding such content.
      const { fits, fitMin } = this.constructor;
      if (fits && hasFallback(this)) {
        const range = document.createRange();
        range.selectNodeContents(this);
        this._fit = range.getBoundingClientRect().height >= fitMin;
      }
      this.attachShadow({ mode: 'open' });
      this.shadowRoot.adoptedStyleSheets = [sheet(BASE), sheet(this.constructor.css)];
    }
    if (!this.shadowRoot.firstChild) this.skeleton();
  }

  /** Shows `nodes` (none: nothing) in the status line, where the element has one. */
  showStatus(...nodes) {
    if (this.statusEl) setChildren(this.statusEl, ...nodes);
  }

  /**
   * The static structure before any data: the frame with the author's fallback, the status line and
   * the content box. Fitted (`fits`), the fallback is beside the frame, not in it, shown as it was
   * laid out before the element upgraded (no frame around it, none of the widget's type), so that
   * framing it moves nothing.
   */
  skeleton() {
    this.statusEl = h(
      'div',
      { class: 'status-box', part: 'status' },
      h('p', { class: 'status' }, this.t.loading),
    );
    this.contentEl = h('div', { class: 'content', part: 'content' });
    const fallback = h('div', { class: 'slot-fallback' }, h('slot'));
    const fit = Boolean(this._fit);
    this.frameEl = h(
      'div',
      { class: 'frame', part: 'frame' },
      fit ? null : fallback,
      this.statusEl,
      this.contentEl,
    );
    this.boxEl = h('div', { class: fit ? 'box fit' : 'box' }, fit ? fallback : null, this.frameEl);
    this.shadowRoot.append(this.boxEl);
  }

  /** Whether the view is held in the box of the author's fallback (see `fits`). */
  get fitted() {
    return Boolean(this.boxEl?.classList.contains('fit'));
  }

  /**
   * The reader acted on the view (opened an event, a section, "Show all"): it takes its own height
   * from now on, in place of the fallback's box. What moves then follows the reader's input, as a
   * page does when a section opens (the browser does not count it as a layout shift).
   */
  release() {
    if (!this.fitted) return;
    this.boxEl.classList.remove('fit');
    this.released();
  }

  /** Called once the view has left the fallback's box (subclasses lay out again). */
  released() {}

  start() {
    if (this._started) return;
    this._started = true;
    this._cancelStarts?.();
    this._cancelStarts = null;
    this.setState('loading');
    languageReady(this.lang_); // on its way while the rest loads
    if (this.constructor.framed) this.frame();
    this.showStatus(h('p', { class: 'status' }, this.t.loading));
    // Renders go through one queue (schedule.js): many elements starting at once (the almanac
    // arriving, a scroll bringing several near) render a few per task, not all in one long task.
    const ready = loadedAlmanac(this.getAttribute('src'));
    if (ready) {
      this.almanac = ready;
      schedule(() => this.update());
      return;
    }
    this._load = (this._load ?? 0) + 1;
    this._previewRender = undefined;
    const load = this._load;
    // The built-in corpus's first view needs no wasm (preview.js): it is drawn now, and the wasm
    // follows when the page is idle, or sooner when the reader asks what only it answers.
    const preview = this.getAttribute('src') ? null : this.previewAlmanac();
    if (preview) {
      Promise.resolve(preview).then((almanac) => {
        if (load !== this._load || this.almanac) return;
        if (!almanac) {
          this.fetchAlmanac();
          return;
        }
        schedule(() => {
          if (load !== this._load || this.almanac) return;
          this.drawPreview(almanac);
          // Idle after the first view is drawn, not in a pause while its modules download.
          whenIdle(() => this.fetchAlmanac());
        });
      });
      return;
    }
    if (this.constructor.waitsForIdle) whenIdle(() => this.fetchAlmanac());
    else this.fetchAlmanac();
  }

  /**
   * An almanac over the build-time projection (preview.js) that answers what this element first
   * draws, a promise of one, or null: the element then waits for the wasm. None by default.
   */
  previewAlmanac() {
    return null;
  }

  /** Draws the first view from the projection; state="preview" until the wasm arrives. */
  drawPreview(preview) {
    this.update(preview, 'preview');
  }

  /**
   * Fetches the almanac now (once per start) and renders with it when it arrives: a first view
   * drawn from the projection is kept and completed (adopt), else drawn.
   */
  fetchAlmanac() {
    const load = this._load;
    if (!this._started || this._fetching === load || this.almanac) return;
    this._fetching = load;
    // The page's failed attempt is this element's too (one download, one message), until its Retry.
    const loading = getAlmanac(this.getAttribute('src'), this._retriedAt ?? 0);
    // The first Intl.DateTimeFormat of a page loads locale data (~30 ms, measured with a CPU
    // profile of the bench page): this language's formatters are made while the wasm requested
    // just above downloads and compiles, not in the first render.
    warmUp(this.lang_);
    loading.then(
      (almanac) => {
        if (load !== this._load) return;
        this.almanac = almanac;
        schedule(() => {
          if (load !== this._load) return;
          // Still the first view drawn from the projection (no render since): complete it.
          if (this._previewRender !== undefined && this._renders === this._previewRender)
            this.adopt(almanac);
          else this.update();
        });
      },
      (error) => {
        if (load === this._load) {
          this._fetching = undefined;
          this.fail(error, true);
        }
      },
    );
  }

  /**
   * The wasm arrived under a first view drawn from the projection: by default the element draws
   * again with the full almanac; an element whose first view already holds the same items keeps it.
   */
  adopt() {
    this.update();
  }

  /**
   * Renders with the loaded almanac; a bad attribute (say, an invalid date) becomes the error state.
   * render() may return a promise (work done in pieces, as <pfp-annotate> does): the element is
   * ready when it resolves, unless it resolves to `false` (abandoned) or a later update started.
   */
  update(almanac = this.almanac, state = 'ready') {
    if (!almanac) return;
    this._renders = (this._renders ?? 0) + 1;
    const token = this._renders;
    // A view in French or Russian waits for those strings (one small module, fetched once); a
    // later update meanwhile replaces this one.
    const language = languageReady(this.lang_);
    if (language) {
      language.then(() => token === this._renders && this.update(almanac, state));
      return;
    }
    if (state === 'preview') this._previewRender = token;
    const done = () => {
      if (token !== this._renders) return;
      this.showStatus();
      this.setState(state);
    };
    const failed = (error) => {
      if (token === this._renders) this.fail(error, false);
    };
    let result;
    try {
      result = this.render(almanac);
    } catch (error) {
      failed(error);
      return;
    }
    if (result && typeof result.then === 'function')
      result.then((ok) => ok !== false && done(), failed);
    else done();
  }

  /** The error state: a readable message and, when loading failed, a Retry button. The page is untouched. */
  fail(error, retry) {
    const t = this.t;
    this._started = false;
    this.frame();
    setChildren(this.contentEl);
    const message = retry
      ? isCspError(error)
        ? t.errorCsp
        : t.error
      : String(error?.message ?? error).replace(/^pfp-almanac: /, '');
    this.showStatus(
      h(
        'div',
        { class: 'error', part: 'error', role: 'alert' },
        h('p', null, message),
        retry && error?.message ? h('p', { class: 'muted detail' }, String(error.message)) : null,
        retry
          ? h(
              'button',
              {
                type: 'button',
                class: 'btn retry',
                part: 'retry',
                onclick: () => {
                  this._retriedAt = performance.now();
                  this.start();
                },
              },
              t.retry,
            )
          : null,
      ),
    );
    this.setState('error');
    this.dispatchEvent(
      new CustomEvent('pfp-error', {
        bubbles: true,
        composed: true,
        detail: { message: String(error?.message ?? error) },
      }),
    );
  }

  render() {}
}

/** Whether the element holds content of the author's: an element, or text other than white space. */
function hasFallback(host) {
  for (const node of host.childNodes) {
    if (node.nodeType === 1) return true;
    if (node.nodeType === 3 && node.data.trim()) return true;
  }
  return false;
}
