/// <reference lib="esnext.disposable" />
// Types of pfp-almanac (copied to dist/index.d.ts by scripts/build.sh). The data types are the
// ones tsify generates from the Rust model into dist/wasm/pfp_almanac.d.ts, re-exported here, never
// rewritten. Only the Almanac class is declared again: the generated declaration makes optional
// arguments required (`subject: string | undefined`); keep its methods in sync with src/wasm.rs.
// The lib reference above: Almanac (and wasm-bindgen's generated class) has [Symbol.dispose], which
// a project compiling for ES2022 without that lib would otherwise fail to type-check.
import type {
  Disagreement,
  Document,
  Entity,
  Event,
  Mention,
  Passage,
  SearchResult,
} from './wasm/pfp_almanac.js';

export type {
  Citation,
  Disagreement,
  Document,
  Entity,
  Event,
  Fact,
  Mention,
  Passage,
  PassageKind,
  Precision,
  Reading,
  Relation,
  SearchHit,
  SearchResult,
  SourceSpan,
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

export interface TimelineQuery {
  /** ISO date of any precision (`1994`, `1994-01`, `1994-01-10`), inclusive. */
  from?: string;
  to?: string;
  /** Entity id (`country/malta`) or a name the almanac knows. */
  entity?: string;
  kinds?: string[];
}

export interface SearchOptions {
  /** 1 to the core's maximum; a RangeError otherwise. */
  limit?: number;
  offset?: number;
  /** Only passages of this document id. */
  document?: string;
  from?: string;
  to?: string;
}

export interface SuggestOptions {
  limit?: number;
}

export interface AlmanacStats {
  name: string;
  documents: number;
  passages: number;
  entities: number;
  events: number;
  disagreements: number;
}

/**
 * An opened corpus. A miss is `null`; bad input throws (`TypeError` for a wrong type, `RangeError`
 * for an out-of-range number, `Error` otherwise) and leaves the instance usable.
 */
export declare class Almanac {
  /** Prefer `load()`, which initialises the wasm first. */
  constructor(bundle?: Uint8Array | ArrayBuffer);
  free(): void;
  [Symbol.dispose](): void;
  lookup(text: string): Entity | null;
  entity(id: string): Entity | null;
  timeline(query?: TimelineQuery): Event[];
  search(query: string, options?: SearchOptions): SearchResult;
  suggest(prefix: string, options?: SuggestOptions): Entity[];
  documents(): Document[];
  passage(id: string): Passage | null;
  /** Points where the sources disagree: all, or those about one entity id. */
  disagreements(subject?: string): Disagreement[];
  stats(): AlmanacStats;
  /** The entities a text names, in order, each with its words and UTF-16 offsets in the text. */
  mentions(text: string): Mention[];
}

/**
 * Initialises the wasm (once per JS realm) and opens the built-in Partnership for Peace corpus,
 * or `options.corpus`. Rejects with an Error saying what could not be loaded; a later call tries
 * again (a wasm whose built-in corpus arrived damaged is downloaded afresh for its corpus).
 */
export declare function load(options?: LoadOptions): Promise<Almanac>;
