/// <reference lib="esnext.disposable" />
// Types of pfp-almanac (copied to dist/index.d.ts by scripts/build.sh). Only load() and its
// options are written here. Everything else is generated from the Rust into
// dist/wasm/pfp_almanac.d.ts and re-exported, never rewritten: the Almanac class with its methods'
// signatures and docs (wasm-bindgen, src/wasm.rs), and the data, query and option types (tsify,
// src/model.rs and src/almanac.rs). tests/packaging/ fails if a generated type is not re-exported.
// The lib reference above: Almanac has [Symbol.dispose], which a project compiling for ES2022
// without that lib would otherwise fail to type-check.
import type { Almanac } from './wasm/pfp_almanac.js';

export { Almanac } from './wasm/pfp_almanac.js';
export type {
  AlmanacStats,
  Citation,
  Disagreement,
  Document,
  Entity,
  Event,
  Fact,
  Office,
  Mention,
  Passage,
  PassageKind,
  Precision,
  Reading,
  Relation,
  SearchHit,
  SearchOptions,
  SearchResult,
  SourceSpan,
  SuggestOptions,
  TimelineQuery,
} from './wasm/pfp_almanac.js';

export interface LoadOptions {
  /** A bundle (`.almanac`) to open instead of the built-in corpus: its bytes, or where to get them
   * (a URL in the browser; a file path, file: URL or http(s) URL in Node). */
  corpus?: string | URL | Uint8Array | ArrayBuffer;
  /** Where the wasm is, when a bundler or server moved it away from `./wasm/pfp_almanac_bg.wasm`
   * (or its bytes, module, or a fetch() Response). Used by the first load() only: the wasm is
   * instantiated once per JS realm. */
  wasm?: string | URL | Uint8Array | WebAssembly.Module | Response;
  /** Aborts the downloads (the wasm, the corpus); the promise then rejects. */
  signal?: AbortSignal;
}

/**
 * Initialises the wasm (once per JS realm) and opens the built-in Partnership for Peace corpus,
 * or `options.corpus`. Rejects with an Error saying what could not be loaded; a later call tries
 * again (a wasm whose built-in corpus arrived damaged is downloaded afresh for its corpus).
 */
export declare function load(options?: LoadOptions): Promise<Almanac>;
