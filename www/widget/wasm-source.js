// Where the wasm comes from, in the ES module build (dist/widget.js) and on the dev page: nowhere
// special, so load() uses dist/index.js's `new URL('./wasm/pfp_almanac_bg.wasm', import.meta.url)`,
// which bundlers understand. scripts/build-widget.mjs swaps this module for wasm-source.script.js
// (classic script) or wasm-source.inline.js (wasm inlined). Keep the three exports alike.
export function wasmSource() {
  return undefined;
}
