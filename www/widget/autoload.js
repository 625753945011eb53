// The split build's entry (dist/pfp-almanac/autoload.js, imported by bootstrap.js): defines each
// element when its tag (or a `data-pfp-annotate` container) is first on the page, importing only
// that element's module, so that a page with one timeline fetches the timeline and nothing else
// before the reader acts or the page is idle. At idle every other element is defined too, so that
// pages creating them later (and `customElements.whenDefined`) find them.
import { getAlmanac, loadShared, whenIdle } from './loader.js';
import { useWasm } from './wasm-source.js';
import { TAGS, WAITS_FOR_WASM } from './tags.js';

export const load = loadShared;

// The modules of tags.js, each a chunk of the split build (esbuild splits at a literal import()).
const IMPORTS = {
  'timeline.js': () => import('./timeline.js'),
  'entity.js': () => import('./entity.js'),
  'search.js': () => import('./search.js'),
  'annotate.js': () => import('./annotate.js'),
};
// A mention opens a card: its tags come with it.
const COMPANIONS = { 'pfp-annotate': ['pfp-mention', 'pfp-entity'], 'pfp-mention': ['pfp-entity'] };
const ANNOTATE_ATTRIBUTE = 'data-pfp-annotate';

/** Defines the elements the page uses now and those it adds later; `wasm` is where the wasm is. */
export function start(ns, wasm) {
  useWasm(wasm);
  const pending = new Set(Object.keys(TAGS));
  const defined = [];
  const define = (name) => {
    if (!pending.delete(name)) return;
    const [module, exported] = TAGS[name];
    const loading = IMPORTS[module]().then(
      (m) => {
        ns.elements[name] = m[exported];
        if (!customElements.get(name)) customElements.define(name, m[exported]);
        if (name === 'pfp-annotate') m.watchAnnotateAttribute();
      },
      (error) => console.error(`pfp-almanac: could not load <${name}>`, error),
    );
    defined.push(loading);
    for (const companion of COMPANIONS[name] ?? []) define(companion);
  };
  const scan = (root) => {
    for (const name of pending)
      if (root.localName === name || root.querySelector(name)) define(name);
    if (root.matches?.(`[${ANNOTATE_ATTRIBUTE}]`) || root.querySelector(`[${ANNOTATE_ATTRIBUTE}]`))
      define('pfp-annotate');
  };
  scan(document.documentElement);
  // A first view that waits for the wasm (tags.js): its almanac now, not once its element has run.
  for (const el of document.querySelectorAll(WAITS_FOR_WASM))
    getAlmanac(el.getAttribute('src')).catch(() => {});
  const observer = new MutationObserver((records) => {
    for (const r of records) {
      if (r.type === 'attributes') define('pfp-annotate');
      for (const node of r.addedNodes) if (node.nodeType === 1) scan(node);
    }
    if (pending.size === 0) observer.disconnect();
  });
  if (pending.size > 0)
    observer.observe(document, {
      childList: true,
      subtree: true,
      attributes: true,
      attributeFilter: [ANNOTATE_ATTRIBUTE],
    });
  // The rest once the page's own elements are defined and the page is idle after that: an idle
  // moment while their modules download is not one.
  Promise.allSettled(defined).then(() =>
    whenIdle(() => {
      for (const name of [...pending]) define(name);
      observer.disconnect();
    }),
  );
}
