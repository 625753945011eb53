// dist/pfp-almanac.js, the classic script a page embeds: it claims the `PfpAlmanac` global at once
// (namespace.js) and imports the split build beside it, dist/pfp-almanac/autoload.js, which brings
// only the elements the page uses and the first view's projection; the wasm follows when the page
// is idle or the reader asks for it, or at once for a first view that waits for it. The
// single-file build (dist/pfp-almanac.inline.js) is index.js.
import { claimNamespace, version } from './namespace.js';
import { STORY, TAGS, WAITS_FOR_WASM } from './tags.js';
import { wasmSource } from './wasm-source.script.js';

// For autoload.js, each module of tags.js, the story's look and the wasm's glue (`glue`), the split
// build's chunks it needs (written in at build time by scripts/build-widget.mjs from esbuild's
// metafile).
const CHUNKS = typeof __PFP_CHUNKS__ === 'object' ? __PFP_CHUNKS__ : {};

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
  const dir = new URL('pfp-almanac/', script?.src || location.href);
  // The chunks of autoload.js and of the elements already on the page, requested now, together,
  // rather than each when the module importing it has arrived (a round trip each).
  const modules = new Set(['autoload.js']);
  for (const [tag, [module]] of Object.entries(TAGS))
    if (document.querySelector(tag)) modules.add(module);
  if (document.querySelector(STORY)) modules.add('timeline-story.js');
  if (document.querySelector(WAITS_FOR_WASM)) modules.add('glue');
  for (const module of modules)
    for (const chunk of CHUNKS[module] ?? []) import(new URL(chunk, dir).href).catch(() => {});
  // The page's first Intl date format loads the browser's locale data (~30 ms, measured with a CPU
  // profile of the bench page): done while the modules download, it is off the first view's path.
  setTimeout(() => {
    try {
      const lang = document.documentElement.lang || undefined;
      new Intl.DateTimeFormat(lang, { dateStyle: 'long', timeZone: 'UTC' }).format(0);
    } catch {
      /* an unusable language: the elements fall back the same way */
    }
  }, 0);
  const entry = new URL(`autoload.js?v=${version}`, dir);
  started = import(entry.href).then((autoload) => {
    autoload.start(ns, wasm);
    return autoload;
  });
  started.catch((error) => {
    // The elements stay undefined and show the author's content: say why, once, in the console.
    console.error(`pfp-almanac: could not load ${entry.href} (the widget's modules)`, error);
  });
}
