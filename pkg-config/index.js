// Browser and bundler entry of pfp-almanac (copied to dist/index.js by scripts/build.sh).
// Node gets dist/node.js instead (package.json "exports" → "node"): keep the two in sync.
import init, { Almanac } from './wasm/pfp_almanac.js';

export { Almanac };

// Written out here, not left to the wasm-bindgen default, so that bundlers (Vite, webpack, Parcel)
// see the literal `new URL(..., import.meta.url)` pattern and emit the .wasm as an asset, and so
// that error messages can name the URL.
const DEFAULT_WASM = new URL('./wasm/pfp_almanac_bg.wasm', import.meta.url);

// The wasm module is instantiated once per JS realm. A failed attempt is forgotten, so a later
// load() (say, after the network came back) tries again.
let ready = null;

function reason(error) {
  return error instanceof Error ? error.message : String(error);
}

function initWasm(wasm) {
  if (ready === null) {
    const source = wasm === undefined ? DEFAULT_WASM : wasm;
    const where = typeof source === 'string' || source instanceof URL ? String(source) : 'the given module';
    ready = init({ module_or_path: source }).catch((error) => {
      ready = null;
      throw new Error(`pfp-almanac: could not load the wasm from ${where}: ${reason(error)}`, { cause: error });
    });
  }
  return ready;
}

async function corpusBytes(corpus) {
  if (corpus instanceof Uint8Array) return corpus;
  if (corpus instanceof ArrayBuffer) return new Uint8Array(corpus);
  if (typeof corpus === 'string' || corpus instanceof URL) {
    let response;
    try {
      response = await fetch(corpus);
    } catch (error) {
      throw new Error(`pfp-almanac: could not load the corpus from ${corpus}: ${reason(error)}`, { cause: error });
    }
    if (!response.ok) {
      throw new Error(`pfp-almanac: could not load the corpus from ${corpus}: HTTP ${response.status} ${response.statusText}`);
    }
    return new Uint8Array(await response.arrayBuffer());
  }
  throw new TypeError(`pfp-almanac: \`corpus\` must be a URL, a string, a Uint8Array or an ArrayBuffer, got ${corpus === null ? 'null' : typeof corpus}`);
}

/**
 * Loads the almanac: the built-in Partnership for Peace corpus, or `options.corpus`.
 * @param {{ corpus?: string | URL | Uint8Array | ArrayBuffer, wasm?: string | URL | Uint8Array | WebAssembly.Module }} [options]
 * @returns {Promise<Almanac>}
 */
export async function load(options = {}) {
  const { corpus, wasm } = options ?? {};
  // Fetch the corpus while the wasm compiles.
  const [, bytes] = await Promise.all([initWasm(wasm), corpus === undefined ? undefined : corpusBytes(corpus)]);
  return open(bytes);
}

function open(bytes) {
  try {
    return new Almanac(bytes);
  } catch (error) {
    // Keep the class (TypeError stays TypeError) and say which package failed.
    error.message = `pfp-almanac: could not open the corpus: ${reason(error).replace(/^load: /, "")}`;
    throw error;
  }
}
