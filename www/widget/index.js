// Entry of the single-file builds (dist/pfp-almanac.inline.js, dist/widget.js for bundlers):
// registers <pfp-timeline>, <pfp-entity>, <pfp-search>, <pfp-annotate> and <pfp-mention> at once,
// and claims the `PfpAlmanac` global (namespace.js); a tag defined by someone else is left alone.
// The classic script dist/pfp-almanac.js is the split build instead (bootstrap.js, autoload.js).
import { PfpTimeline } from './timeline.js';
import { PfpEntity } from './entity.js';
import { PfpSearch } from './search.js';
import { PfpAnnotate, PfpMention, watchAnnotateAttribute } from './annotate.js';
import { loadShared } from './loader.js';
import { claimNamespace, version } from './namespace.js';

export const elements = {
  'pfp-timeline': PfpTimeline,
  'pfp-entity': PfpEntity,
  'pfp-search': PfpSearch,
  'pfp-annotate': PfpAnnotate,
  'pfp-mention': PfpMention,
};

export { version, PfpTimeline, PfpEntity, PfpSearch, PfpAnnotate, PfpMention };
export const load = loadShared;

if (claimNamespace({ version, load, elements })) {
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
