// Types of pfp-almanac/widget (copied to dist/widget.d.ts by scripts/build-widget.mjs). Importing
// the module registers the elements (once per page) and sets globalThis.PfpAlmanac.
import type { Almanac, LoadOptions } from './index.js';

/** Attributes: state="loading|ready|error" (set by the element), theme="light|dark", lang. */
export declare class PfpElementBase extends HTMLElement {
  /** The shared almanac once loaded, else null. */
  readonly almanac: Almanac | null;
}

/** `<pfp-timeline from to entity kinds lanes lang theme hash>` (lanes: "kind" or "country") */
export declare class PfpTimeline extends PfpElementBase {}
/** `<pfp-entity name="Malta">` or `<pfp-entity entity="country/malta">` */
export declare class PfpEntity extends PfpElementBase {}
/** `<pfp-search>`: emits `pfp-select` with `detail.passage`. */
export declare class PfpSearch extends PfpElementBase {}
/** `<pfp-annotate>` around article content (or the `data-pfp-annotate` attribute on any container). */
export declare class PfpAnnotate extends PfpElementBase {
  /** Unwraps the mentions and restores the original text nodes. */
  clear(): void;
}
/** `<pfp-mention entity="country/malta">`, created by `<pfp-annotate>`. */
export declare class PfpMention extends HTMLElement {}

export declare const version: string;
export declare const elements: {
  'pfp-timeline': typeof PfpTimeline;
  'pfp-entity': typeof PfpEntity;
  'pfp-search': typeof PfpSearch;
  'pfp-annotate': typeof PfpAnnotate;
  'pfp-mention': typeof PfpMention;
};
/** The almanac the elements share (loaded once per page). */
export declare function load(options?: LoadOptions): Promise<Almanac>;

export interface PfpAlmanacNamespace {
  version: string;
  load: typeof load;
  elements: typeof elements;
  /** Set before the script runs to load the wasm from elsewhere. */
  wasmUrl?: string | URL;
  /** Set before the script runs: milliseconds before a load gives up and shows Retry (30,000). */
  timeout?: number;
}

declare global {
  interface HTMLElementTagNameMap {
    'pfp-timeline': PfpTimeline;
    'pfp-entity': PfpEntity;
    'pfp-search': PfpSearch;
    'pfp-annotate': PfpAnnotate;
    'pfp-mention': PfpMention;
  }
  // eslint-disable-next-line no-var
  var PfpAlmanac: PfpAlmanacNamespace | undefined;
}
