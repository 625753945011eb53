// Classic-script build (dist/pfp-almanac.js): the wasm sits beside the script. document.currentScript
// is only set while the script's top level runs, so it is read here, at module evaluation, which
// esbuild's IIFE runs synchronously. `data-wasm` on the <script> tag overrides the location.
const script = typeof document === 'undefined' ? null : document.currentScript;
const base = script?.src ? script.src : typeof location === 'undefined' ? undefined : location.href;
const override = script ? script.getAttribute('data-wasm') : null;

export function wasmSource() {
  return new URL(override || 'pfp_almanac_bg.wasm', base);
}
