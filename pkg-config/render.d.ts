// Types of pfp-almanac/render (copied to dist/render.d.ts by scripts/build-widget.mjs): the static
// HTML of an element's first view, to paste inside the element (readable without JavaScript).
import type { Almanac } from './index.js';

/** The element's attributes, as written on it (values are strings, as in HTML). */
export interface TimelineAttributes {
  from?: string;
  to?: string;
  /** Comma- or space-separated event kinds. */
  kinds?: string;
  /** An entity id or name. */
  entity?: string;
  lang?: string;
  src?: string;
}
export interface EntityAttributes {
  /** Any name or alias. */
  name?: string;
  /** An entity id. */
  entity?: string;
  lang?: string;
  src?: string;
}

/** `<pfp-timeline ...>` with every event of its window inside: `<time>`d dates, titles, source names. */
export declare function renderTimeline(almanac: Almanac, attributes?: TimelineAttributes): string;
/** `<pfp-entity ...>` with the lines its card opens with: name, description, key dates, sources. */
export declare function renderEntity(almanac: Almanac, attributes?: EntityAttributes): string;
/** Text made safe inside HTML text and quoted attribute values. */
export declare function escapeHtml(text: unknown): string;
