// Browser and bundler entry of pfp-almanac (copied to dist/index.js by scripts/build.sh).
// Node gets dist/node.js instead (package.json "exports" → "node"); both build load() in open.js.
import { Almanac, fetchBytes, fetchOk, makeLoad } from './open.js';

export { Almanac };

// Written out here, not left to the wasm-bindgen default, so that bundlers (Vite, webpack, Parcel)
// see the literal `new URL(..., import.meta.url)` pattern and emit the .wasm as an asset, and so
// that error messages can name the URL.
const DEFAULT_WASM = new URL('./wasm/pfp_almanac_bg.wasm', import.meta.url);

export const load = makeLoad({
  defaultWasm: DEFAULT_WASM,
  // A Response: wasm-bindgen compiles it while it streams in. An HTTP error is named, not compiled.
  wasmModule: fetchOk,
  readCorpus: (location, { signal, fresh }) =>
    fetchBytes(location, fresh ? { signal, cache: 'reload' } : { signal }),
  corpusKinds: 'a URL, a string',
});
