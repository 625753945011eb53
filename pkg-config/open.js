// The load() of both entries, index.js (browsers and bundlers) and node.js (copied with them to
// dist/ by scripts/build.sh). They differ only in how they read what a URL names: the browser
// entry lets wasm-bindgen stream the wasm and fetches corpora; Node reads files. Each passes its
// own readers in, and its own default wasm URL, which must stay a literal
// `new URL('./wasm/pfp_almanac_bg.wasm', import.meta.url)` in the entry so bundlers find it.
import init, { Almanac } from './wasm/pfp_almanac.js';

export { Almanac };

function reason(error) {
  return error instanceof Error ? error.message : String(error);
}

/** fetch() of a URL's bytes, an HTTP error status thrown as an Error naming it. */
export async function fetchBytes(location) {
  const response = await fetch(location);
  if (!response.ok) throw new Error(`HTTP ${response.status} ${response.statusText}`);
  return new Uint8Array(await response.arrayBuffer());
}

const isLocation = (value) => typeof value === 'string' || value instanceof URL;

/**
 * @param {{ defaultWasm: URL, wasmModule: (location: string | URL) => unknown | Promise<unknown>,
 *   readCorpus: (location: string | URL) => Promise<Uint8Array>, corpusKinds: string }} entry
 */
export function makeLoad({ defaultWasm, wasmModule, readCorpus, corpusKinds }) {
  // The wasm module is instantiated once per JS realm. A failed attempt is forgotten, so a later
  // load() (say, after the network came back) tries again.
  let ready = null;

  function initWasm(wasm) {
    if (ready === null) {
      const source = wasm === undefined ? defaultWasm : wasm;
      const where = isLocation(source) ? String(source) : 'the given module';
      ready = (async () => init({ module_or_path: isLocation(source) ? await wasmModule(source) : source }))().catch((error) => {
        ready = null;
        throw new Error(`pfp-almanac: could not load the wasm from ${where}: ${reason(error)}`, { cause: error });
      });
    }
    return ready;
  }

  async function corpusBytes(corpus) {
    if (corpus instanceof Uint8Array) return corpus;
    if (corpus instanceof ArrayBuffer) return new Uint8Array(corpus);
    if (isLocation(corpus)) {
      try {
        return await readCorpus(corpus);
      } catch (error) {
        throw new Error(`pfp-almanac: could not load the corpus from ${corpus}: ${reason(error)}`, { cause: error });
      }
    }
    throw new TypeError(`pfp-almanac: \`corpus\` must be ${corpusKinds}, a Uint8Array or an ArrayBuffer, got ${corpus === null ? 'null' : typeof corpus}`);
  }

  /**
   * Loads the almanac: the built-in Partnership for Peace corpus, or `options.corpus`.
   * @param {{ corpus?: string | URL | Uint8Array | ArrayBuffer, wasm?: string | URL | Uint8Array | WebAssembly.Module }} [options]
   * @returns {Promise<Almanac>}
   */
  return async function load(options = {}) {
    const { corpus, wasm } = options ?? {};
    // Read the corpus while the wasm compiles.
    const [, bytes] = await Promise.all([initWasm(wasm), corpus === undefined ? undefined : corpusBytes(corpus)]);
    try {
      return new Almanac(bytes);
    } catch (error) {
      // Keep the class (TypeError stays TypeError) and say which package failed.
      error.message = `pfp-almanac: could not open the corpus: ${reason(error).replace(/^load: /, '')}`;
      throw error;
    }
  };
}
