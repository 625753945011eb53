// The load() of both entries, index.js (browsers and bundlers) and node.js (copied with them to
// dist/ by scripts/build.sh). They differ only in how they read what a URL names: the browser
// entry lets wasm-bindgen stream the wasm and fetches corpora; Node reads files. Each passes its
// own readers in, and its own default wasm URL, which must stay a literal
// `new URL('./wasm/pfp_almanac_bg.wasm', import.meta.url)` in the entry so bundlers find it.
import init, { Almanac, corpusInWasm } from './wasm/pfp_almanac.js';

export { Almanac };

function reason(error) {
  return error instanceof Error ? error.message : String(error);
}

/** fetch() that throws an HTTP error status as an Error ("HTTP 404 Not Found"). */
export async function fetchOk(location, init) {
  const response = await fetch(location, init);
  if (!response.ok) throw new Error(`HTTP ${response.status} ${response.statusText}`.trim());
  return response;
}

/** The bytes at a URL (fetchOk). */
export async function fetchBytes(location, init) {
  return new Uint8Array(await (await fetchOk(location, init)).arrayBuffer());
}

const isLocation = (value) => typeof value === 'string' || value instanceof URL;
const isResponse = (value) => typeof Response !== 'undefined' && value instanceof Response;

/**
 * @param {{ defaultWasm: URL,
 *   wasmModule: (location: string | URL, options: { signal?: AbortSignal }) => unknown | Promise<unknown>,
 *   readCorpus: (location: string | URL, options: { signal?: AbortSignal, fresh?: boolean }) => Promise<Uint8Array>,
 *   corpusKinds: string }} entry
 * `fresh`: bypass any HTTP cache (reading again what arrived damaged).
 */
// A wasm given as bytes or a module has no file to read again.
const GIVEN_DAMAGED =
  'the built-in corpus of the wasm given as bytes is damaged: give an intact wasm (on a page, reload it)';

export function makeLoad({ defaultWasm, wasmModule, readCorpus, corpusKinds }) {
  // The wasm module is instantiated once per JS realm (wasm-bindgen keeps one instance). A failed
  // attempt is forgotten, so a later load() (say, after the network came back) tries again.
  let ready = null;
  // Where the instantiated wasm came from (null when it was given as bytes or a module), and the
  // built-in corpus read from a fresh copy of it once the instance's own copy proved damaged.
  let wasmLocation = null;
  let builtInDamaged = false;
  let freshBuiltIn = null;

  function initWasm(wasm, signal) {
    if (ready === null) {
      const source = wasm === undefined ? defaultWasm : wasm;
      wasmLocation = isLocation(source)
        ? source
        : isResponse(source) && source.url
          ? source.url
          : null;
      const where = wasmLocation === null ? 'the given module' : String(wasmLocation);
      ready = (async () =>
        init({
          module_or_path: isLocation(source) ? await wasmModule(source, { signal }) : source,
        }))().catch((error) => {
        ready = null;
        throw new Error(`pfp-almanac: could not load the wasm from ${where}: ${reason(error)}`, {
          cause: error,
        });
      });
    }
    return ready;
  }

  /**
   * The built-in corpus from a fresh copy of the wasm file: the instance's own copy failed its
   * checks (a download damaged in transit), and the instance cannot be replaced, but its code
   * can open the corpus of an intact copy.
   */
  async function builtInFromFreshCopy(signal) {
    if (freshBuiltIn) return freshBuiltIn;
    if (wasmLocation === null) {
      throw new Error(`pfp-almanac: could not open the corpus: ${GIVEN_DAMAGED}`);
    }
    let file;
    try {
      file = await readCorpus(wasmLocation, { signal, fresh: true });
    } catch (error) {
      throw new Error(
        `pfp-almanac: could not load the wasm again from ${wasmLocation}: ${reason(error)}`,
        { cause: error },
      );
    }
    const bundle = corpusInWasm(file);
    if (!bundle)
      throw new Error(
        `pfp-almanac: could not open the corpus: the wasm from ${wasmLocation} is damaged again (no intact built-in corpus in it)`,
      );
    return bundle;
  }

  async function corpusBytes(corpus, signal) {
    if (corpus instanceof Uint8Array) return corpus;
    if (corpus instanceof ArrayBuffer) return new Uint8Array(corpus);
    if (isLocation(corpus)) {
      try {
        return await readCorpus(corpus, { signal });
      } catch (error) {
        throw new Error(`pfp-almanac: could not load the corpus from ${corpus}: ${reason(error)}`, {
          cause: error,
        });
      }
    }
    throw new TypeError(
      `pfp-almanac: \`corpus\` must be ${corpusKinds}, a Uint8Array or an ArrayBuffer, got ${corpus === null ? 'null' : typeof corpus}`,
    );
  }

  /**
   * Loads the almanac: the built-in Partnership for Peace corpus, or `options.corpus`. `signal`
   * aborts the downloads.
   * @param {{ corpus?: string | URL | Uint8Array | ArrayBuffer, wasm?: string | URL | Uint8Array | WebAssembly.Module | Response, signal?: AbortSignal }} [options]
   * @returns {Promise<Almanac>}
   */
  return async function load(options = {}) {
    const { corpus, wasm, signal } = options ?? {};
    // Read the corpus while the wasm compiles.
    const [, given] = await Promise.all([
      initWasm(wasm, signal),
      corpus === undefined ? undefined : corpusBytes(corpus, signal),
    ]);
    const builtIn = given === undefined;
    const bytes = builtIn && builtInDamaged ? await builtInFromFreshCopy(signal) : given;
    let almanac;
    try {
      almanac = new Almanac(bytes);
    } catch (error) {
      // Keep the class (TypeError stays TypeError) and say which package failed.
      error.message = `pfp-almanac: could not open the corpus: ${reason(error).replace(/^load: /, '')}`;
      if (builtIn && !builtInDamaged) {
        builtInDamaged = true;
        error.message +=
          wasmLocation === null
            ? ` (${GIVEN_DAMAGED})`
            : ` (the built-in corpus: the wasm from ${wasmLocation} arrived damaged; trying again downloads it afresh)`;
      }
      throw error;
    }
    if (builtIn && builtInDamaged) freshBuiltIn = bytes;
    return almanac;
  };
}
