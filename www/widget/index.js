// Entry of the widget: registers <pfp-timeline>, <pfp-entity>, <pfp-search>, <pfp-annotate> and
// <pfp-mention>, and exposes one global, `PfpAlmanac` = { version, load, elements }. A second copy
// of the script (the same or another version) finds the namespace there, keeps it and registers
// nothing; a tag defined by someone else is left alone.
import { PfpTimeline } from './timeline.js';
import { PfpEntity } from './entity.js';
import { PfpSearch } from './search.js';
import { PfpAnnotate, PfpMention, watchAnnotateAttribute } from './annotate.js';
import { loadShared } from './loader.js';

// Replaced at build time from package.json (scripts/build-widget.mjs); the dev page shows 'dev'.
export const version = typeof __PFP_VERSION__ === 'string' ? __PFP_VERSION__ : 'dev';

export const elements = {
  'pfp-timeline': PfpTimeline,
  'pfp-entity': PfpEntity,
  'pfp-search': PfpSearch,
  'pfp-annotate': PfpAnnotate,
  'pfp-mention': PfpMention,
};

export { PfpTimeline, PfpEntity, PfpSearch, PfpAnnotate, PfpMention };
export const load = loadShared;

const existing = globalThis.PfpAlmanac;
const first = !(existing && typeof existing === 'object' && typeof existing.version === 'string');

if (first) {
  // A plain object the host set up beforehand (say, { wasmUrl }) is kept and completed.
  const ns = existing && typeof existing === 'object' ? existing : {};
  Object.assign(ns, { version, load, elements });
  globalThis.PfpAlmanac = ns;
  if (typeof customElements !== 'undefined') {
    const register = () => {
      for (const [name, cls] of Object.entries(elements)) {
        if (!customElements.get(name)) customElements.define(name, cls);
      }
      // <article data-pfp-annotate>: the annotation as an attribute on any container.
      watchAnnotateAttribute();
    };
    // A script that runs while the page loads (a `defer` one runs at the end of the parser's own
    // task, with the page's first layout often in the same task) registers in a task of its own:
    // upgrading every element there would lengthen a task the host's page already makes long.
    if (document.readyState === 'complete') register();
    else setTimeout(register, 0);
  }
}
