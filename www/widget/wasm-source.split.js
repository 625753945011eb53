// Split build (dist/pfp-almanac/, imported by the classic dist/pfp-almanac.js): the classic script
// knows where the wasm is (beside itself, or its `data-wasm` attribute) and says so through
// useWasm(); alone, the wasm is the one beside the split build's directory.
let url;

export function useWasm(wasm) {
  url = wasm;
}

export function wasmSource() {
  return url ?? new URL('../pfp_almanac_bg.wasm', import.meta.url);
}
