// Node entry of pfp-almanac (copied to dist/node.js by scripts/build.sh; package.json "exports" →
// "node"). Same contract as index.js, the browser entry: keep the two in sync. The difference:
// Node's fetch() cannot read file: URLs, so the wasm and file corpora are read with fs.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import init, { Almanac } from './wasm/pfp_almanac.js';

export { Almanac };

const DEFAULT_WASM = new URL('./wasm/pfp_almanac_bg.wasm', import.meta.url);

// Instantiated once per JS realm; a failed attempt is forgotten so a later load() can retry.
let ready = null;

function reason(error) {
  return error instanceof Error ? error.message : String(error);
}

/** Reads a file path, a file: URL, or fetches an http(s) URL. */
async function readSource(source) {
  const url = source instanceof URL ? source : /^[a-z][a-z0-9+.-]*:\/\//i.test(source) ? new URL(source) : null;
  if (url === null) return new Uint8Array(await readFile(source));
  if (url.protocol === 'file:') return new Uint8Array(await readFile(fileURLToPath(url)));
  const response = await fetch(url);
  if (!response.ok) throw new Error(`HTTP ${response.status} ${response.statusText}`);
  return new Uint8Array(await response.arrayBuffer());
}

function initWasm(wasm) {
  if (ready === null) {
    const source = wasm === undefined ? DEFAULT_WASM : wasm;
    const where = typeof source === 'string' || source instanceof URL ? String(source) : 'the given module';
    ready = (async () => {
      const module = typeof source === 'string' || source instanceof URL ? await readSource(source) : source;
      return init({ module_or_path: module });
    })().catch((error) => {
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
    try {
      return await readSource(corpus);
    } catch (error) {
      throw new Error(`pfp-almanac: could not load the corpus from ${corpus}: ${reason(error)}`, { cause: error });
    }
  }
  throw new TypeError(`pfp-almanac: \`corpus\` must be a file path, a URL, a Uint8Array or an ArrayBuffer, got ${corpus === null ? 'null' : typeof corpus}`);
}

/**
 * Loads the almanac: the built-in Partnership for Peace corpus, or `options.corpus`.
 * @param {{ corpus?: string | URL | Uint8Array | ArrayBuffer, wasm?: string | URL | Uint8Array | WebAssembly.Module }} [options]
 * @returns {Promise<Almanac>}
 */
export async function load(options = {}) {
  const { corpus, wasm } = options ?? {};
  const [, bytes] = await Promise.all([initWasm(wasm), corpus === undefined ? undefined : corpusBytes(corpus)]);
  try {
    return new Almanac(bytes);
  } catch (error) {
    error.message = `pfp-almanac: could not open the corpus: ${reason(error).replace(/^load: /, "")}`;
    throw error;
  }
}
