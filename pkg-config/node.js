// Node entry of pfp-almanac (copied to dist/node.js by scripts/build.sh; package.json "exports" →
// "node"). Same load() as index.js, the browser entry (both from open.js). The difference: Node's
// fetch() cannot read file: URLs or paths, so the wasm and file corpora are read with fs.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { Almanac, fetchBytes, makeLoad } from './open.js';

export { Almanac };

const DEFAULT_WASM = new URL('./wasm/pfp_almanac_bg.wasm', import.meta.url);

/** Reads a file path, a file: URL, or fetches an http(s) URL (Node keeps no HTTP cache: `fresh` needs nothing). */
async function readSource(source, { signal } = {}) {
  const url =
    source instanceof URL
      ? source
      : /^[a-z][a-z0-9+.-]*:\/\//i.test(source)
        ? new URL(source)
        : null;
  if (url === null) return new Uint8Array(await readFile(source, { signal }));
  if (url.protocol === 'file:')
    return new Uint8Array(await readFile(fileURLToPath(url), { signal }));
  return fetchBytes(url, { signal });
}

export const load = makeLoad({
  defaultWasm: DEFAULT_WASM,
  wasmModule: readSource,
  readCorpus: readSource,
  corpusKinds: 'a file path, a URL',
});
