// dist/pfp-almanac.js, the classic script a page embeds: it claims the `PfpAlmanac` global at once
// (namespace.js) and imports the split build beside it, dist/pfp-almanac/autoload.js, which brings
// only the elements the page uses and the first view's projection; the wasm follows when the page
// is idle or the reader asks for it. The single-file build (dist/pfp-almanac.inline.js) is index.js.
import { claimNamespace, version } from './namespace.js';
import { wasmSource } from './wasm-source.script.js';

// Read now: document.currentScript is only set while the script's top level runs.
const script = typeof document === 'undefined' ? null : document.currentScript;
const wasm = wasmSource();
let started;
const ns = claimNamespace({
  version,
  elements: {},
  load: (options) => started.then((autoload) => autoload.load(options)),
});
if (ns) {
  const entry = new URL(`pfp-almanac/autoload.js?v=${version}`, script?.src || location.href);
  started = import(entry.href).then((autoload) => {
    autoload.start(ns, wasm);
    return autoload;
  });
  started.catch((error) => {
    // The elements stay undefined and show the author's content: say why, once, in the console.
    console.error(`pfp-almanac: could not load ${entry.href} (the widget's modules)`, error);
  });
}
