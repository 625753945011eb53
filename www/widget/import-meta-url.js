// Injected by scripts/build-widget.mjs into the classic-script builds, where `import.meta` does not
// exist: `import.meta.url` in dist/index.js and the wasm-bindgen glue becomes this, the script's own
// URL (read at top level: document.currentScript is null later).
const script = typeof document === 'undefined' ? null : document.currentScript;
export const import_meta_url = script?.src
  ? script.src
  : typeof location === 'undefined'
    ? 'file:///'
    : location.href;
