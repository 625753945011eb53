// Single-file build (dist/pfp-almanac.inline.js): the wasm is inlined (base64, decoded by esbuild's
// `binary` loader into a Uint8Array). `pfp-almanac-wasm-bytes` is resolved by scripts/build-widget.mjs.
import bytes from 'pfp-almanac-wasm-bytes';

export function wasmSource() {
  return bytes;
}
