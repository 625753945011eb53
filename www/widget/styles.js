// Styles as constructable stylesheets, adopted by each shadow root: allowed by a strict
// `style-src 'self'`, unlike <style> text or style="" attributes. One CSSStyleSheet per text per
// page, created on first use (not at import, so that importing in Node does not need a DOM).
const cache = new Map();

export function sheet(text) {
  let s = cache.get(text);
  if (!s) {
    s = new CSSStyleSheet();
    s.replaceSync(text);
    cache.set(text, s);
  }
  return s;
}

/**
 * The widget's CSS texts are written `css\`…\``: as they are in source, and minified in the built
 * scripts (scripts/build-widget.mjs, esbuild's CSS minifier: no comments or indentation shipped).
 */
export const css = (strings, ...values) =>
  strings.reduce((text, s, i) => text + s + (i < values.length ? values[i] : ''), '');

// Theme: inherited custom properties with fallbacks (--pfp-accent, --pfp-bg, --pfp-text,
// --pfp-font, --pfp-radius); dark by prefers-color-scheme unless theme="light", or by theme="dark".
export const BASE = css`
:host {
  display: block;
  --_accent: var(--pfp-accent, #1f5fbf);
  --_bg: var(--pfp-bg, #ffffff);
  --_text: var(--pfp-text, #1b1f24);
  --_muted: color-mix(in srgb, var(--_text) 68%, var(--_bg));
  --_line: color-mix(in srgb, var(--_text) 22%, var(--_bg));
  --_soft: color-mix(in srgb, var(--_accent) 9%, var(--_bg));
  --_mark: color-mix(in srgb, #f5c518 45%, var(--_bg));
  --_radius: var(--pfp-radius, 8px);
}
/* The widget's own type and colours start at the frame: the author's fallback, slotted beside it,
   keeps the page's (its line height, say), so that framing it moves nothing. */
.frame {
  color-scheme: light;
  color: var(--_text);
  font-family: var(--pfp-font, inherit);
  line-height: 1.45;
  -webkit-text-size-adjust: 100%;
}
:host([hidden]) { display: none; }
@media (prefers-color-scheme: dark) {
  :host(:not([theme="light"])) {
    --_accent: var(--pfp-accent, #8ab4f8);
    --_bg: var(--pfp-bg, #15191e);
    --_text: var(--pfp-text, #e6e8eb);
    --_mark: color-mix(in srgb, #f5c518 35%, var(--_bg));
  }
  :host(:not([theme="light"])) .frame { color-scheme: dark; }
}
:host([theme="dark"]) {
  --_accent: var(--pfp-accent, #8ab4f8);
  --_bg: var(--pfp-bg, #15191e);
  --_text: var(--pfp-text, #e6e8eb);
  --_mark: color-mix(in srgb, #f5c518 35%, var(--_bg));
}
:host([theme="dark"]) .frame { color-scheme: dark; }
*, *::before, *::after { box-sizing: border-box; }
[hidden] { display: none !important; }
.frame {
  background: var(--_bg);
  color: var(--_text);
  border: 1px solid var(--_line);
  border-radius: var(--_radius);
  padding: 0.75rem;
  min-inline-size: 0;
}
h2, h3, h4 { margin: 0.6em 0 0.3em; line-height: 1.25; }
h2 { font-size: 1.15em; }
h3 { font-size: 1.05em; }
h4 { font-size: 0.95em; color: var(--_muted); }
p { margin: 0.3em 0; }
ul, ol { margin: 0; padding: 0; }
button, input, select { font: inherit; color: inherit; }
button {
  min-block-size: 24px;
  min-inline-size: 24px;
  cursor: pointer;
}
.btn {
  background: var(--_soft);
  border: 1px solid var(--_line);
  border-radius: calc(var(--_radius) * 0.75);
  padding: 0.15em 0.6em;
  min-block-size: 32px;
}
.btn:hover { border-color: var(--_accent); }
:focus-visible { outline: 2px solid var(--_accent); outline-offset: 2px; }
mark { background: var(--_mark); color: inherit; border-radius: 2px; padding: 0 1px; }
.muted { color: var(--_muted); }
.status { color: var(--_muted); margin: 0; }
.error { border-inline-start: 4px solid #c2410c; padding: 0.4rem 0.6rem; background: color-mix(in srgb, #c2410c 10%, var(--_bg)); border-radius: 4px; }
.error p { margin: 0 0 0.4rem; color: var(--_text); }
.sr-only {
  position: absolute !important; inline-size: 1px; block-size: 1px; overflow: hidden;
  clip-path: inset(50%); white-space: nowrap; margin: -1px; padding: 0; border: 0;
}
blockquote {
  margin: 0.3em 0;
  padding: 0.1em 0 0.1em 0.75em;
  border-inline-start: 3px solid var(--_line);
  font-style: italic;
}
blockquote p { margin: 0; }
.cites { list-style: none; }
.citation { margin: 0.5em 0; }
.cite-line { font-size: 0.9em; color: var(--_muted); }
cite { font-style: normal; font-weight: 600; }
.attribution { font-size: 0.8em; color: var(--_muted); }
.slot-fallback { display: block; }
:host(:is([state="ready"], [state="preview"])) .frame > .slot-fallback { display: none; }
/* Fitted (static fits, base.js): the view is drawn in the box the author's fallback takes, unseen
   until it is ready, then shown in its place, in the same box, the fallback kept there unseen. */
.box { position: relative; }
.box.fit > .frame { position: absolute; inset: 0; overflow: auto; min-block-size: 0; }
/* Where the view is longer than the box, a shade at the edge it continues past (it scrolls). */
.box.fit > .frame {
  background:
    linear-gradient(var(--_bg) 30%, transparent) top / 100% 2rem no-repeat local,
    linear-gradient(transparent, var(--_bg) 70%) bottom / 100% 2rem no-repeat local,
    linear-gradient(color-mix(in srgb, var(--_text) 16%, transparent), transparent) top / 100% 0.6rem no-repeat scroll,
    linear-gradient(transparent, color-mix(in srgb, var(--_text) 16%, transparent)) bottom / 100% 0.6rem no-repeat scroll,
    var(--_bg);
}
:host([state="loading"]) .fit > .frame { visibility: hidden; }
:host(:is([state="ready"], [state="preview"])) .fit > .slot-fallback { visibility: hidden; }
:host(:not([state="error"])) .fit .status-box { display: none; }
:host([state="error"]) .fit > .frame { position: static; visibility: visible; overflow: visible; }
@media (prefers-reduced-motion: reduce) {
  *, *::before, *::after { transition: none !important; animation: none !important; scroll-behavior: auto !important; }
}
@media (forced-colors: active) {
  .frame, .btn, .error { border: 1px solid CanvasText; }
  mark { background: Mark; color: MarkText; forced-color-adjust: none; }
  :focus-visible { outline-color: Highlight; }
}
`;
