// DOM helpers. Text from the corpus or the host page only ever enters the DOM as text nodes or
// attribute values: there is no innerHTML anywhere in the widget.

/** `text` as a literal inside a RegExp source. */
export function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** h('p', { class: 'x', 'aria-label': 'y' }, 'text', child, [more]) → element. `null`/`false` skipped. */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  if (attrs) {
    for (const [name, value] of Object.entries(attrs)) {
      if (value === null || value === undefined || value === false) continue;
      if (name.startsWith('on') && typeof value === 'function')
        el.addEventListener(name.slice(2), value);
      else el.setAttribute(name, value === true ? '' : String(value));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else el.append(child instanceof Node ? child : String(child));
  }
}

/** Text with `<mark>`s over UTF-16 `[start, end)` ranges (sorted, clamped; overlaps merged). */
export function highlighted(text, ranges, part = 'highlight') {
  const frag = document.createDocumentFragment();
  const sorted = [...(ranges ?? [])].filter((r) => r[1] > r[0]).sort((a, b) => a[0] - b[0]);
  let at = 0;
  for (const [s0, e0] of sorted) {
    const s = Math.max(at, Math.min(s0, text.length));
    const e = Math.min(e0, text.length);
    if (e <= s) continue;
    if (s > at) frag.append(text.slice(at, s));
    frag.append(h('mark', { part }, text.slice(s, e)));
    at = e;
  }
  if (at < text.length) frag.append(text.slice(at));
  return frag;
}

let counter = 0;
/** A document-unique id prefix for ids inside one shadow root (they need not be global, but readable). */
export function uid(prefix) {
  counter += 1;
  return `${prefix}-${counter}`;
}

export function prefersReducedMotion() {
  return typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;
}

/** el.replaceChildren(...) that skips null/false/undefined (replaceChildren would write "null"). */
export function setChildren(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/** The × that closes a popup or panel: `label` (the language's "Close") names it for screen readers and as its tooltip. */
export function closeButton(label, onclick) {
  return h(
    'button',
    { type: 'button', class: 'close', part: 'close', 'aria-label': label, title: label, onclick },
    '×',
  );
}
