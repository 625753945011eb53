// The one almanac per page: every element awaits the same promise, so the wasm is fetched and
// compiled once whatever the number of elements, and only when one of them needs it. A failed
// load is forgotten so that Retry (or another element) tries again.
import { load } from '../../dist/index.js';
import { wasmSource } from './wasm-source.js';

// One promise per corpus (the `src` attribute; '' is the built-in corpus). load() itself
// initialises the wasm once for all of them.
const pending = new Map();
const resolved = new Map();

function override() {
  const ns = globalThis.PfpAlmanac;
  const url = ns && typeof ns === 'object' ? ns.wasmUrl : undefined;
  if (!url) return undefined;
  return typeof document === 'undefined' ? new URL(String(url)) : new URL(String(url), document.baseURI);
}

function corpusKey(src) {
  if (!src) return '';
  return typeof document === 'undefined' ? String(src) : new URL(String(src), document.baseURI).href;
}

/** The shared almanac for a corpus (`src`, or the built-in one): loads it on first call. */
export function getAlmanac(src) {
  const key = corpusKey(src);
  if (!pending.has(key)) {
    let wasm;
    try {
      wasm = override() ?? wasmSource();
    } catch (error) {
      return Promise.reject(error);
    }
    const options = {};
    if (wasm !== undefined) options.wasm = wasm;
    if (key) options.corpus = key;
    pending.set(
      key,
      load(options).then(
        (almanac) => {
          resolved.set(key, almanac);
          return almanac;
        },
        (error) => {
          pending.delete(key);
          throw error;
        },
      ),
    );
  }
  return pending.get(key);
}

/** The almanac if it is already loaded (elements created later render at once), else null. */
export function loadedAlmanac(src) {
  return resolved.get(corpusKey(src)) ?? null;
}

/** `load()` as exposed on the namespace: the same shared instance as the elements use. */
export function loadShared(options) {
  return options && (options.wasm !== undefined || options.corpus !== undefined) ? load(options) : getAlmanac();
}

// Elements ask to be told when they come near the viewport; one observer for all of them.
let observer = null;
const waiting = new Map();
const MARGIN = 400; // px above and below the viewport that count as near (the observer's rootMargin)

/**
 * Whether `el` is near the viewport now. An IntersectionObserver first reports a frame or more
 * after observe(), and an element on screen when the script runs (a timeline at the top of an
 * article) would wait for that before the wasm is even requested; this reads the layout the
 * browser needs for its first paint anyway. Hidden or zero-size elements are left to the observer.
 */
function nearNow(el) {
  if (typeof document === 'undefined' || typeof el.getBoundingClientRect !== 'function' || !el.isConnected) return false;
  const r = el.getBoundingClientRect();
  const height = globalThis.innerHeight || document.documentElement.clientHeight;
  const width = globalThis.innerWidth || document.documentElement.clientWidth;
  return (r.width > 0 || r.height > 0) && r.bottom >= -MARGIN && r.top <= height + MARGIN && r.right >= 0 && r.left <= width;
}

/** Calls `callback` once, when `el` nears the viewport (at once when it is near already, or where IntersectionObserver is missing). */
export function whenNear(el, callback) {
  if (typeof IntersectionObserver === 'undefined' || nearNow(el)) {
    queueMicrotask(callback);
    return () => {};
  }
  if (observer === null) {
    observer = new IntersectionObserver(
      (entries) => {
        for (const entry of entries) {
          if (!entry.isIntersecting) continue;
          const cb = waiting.get(entry.target);
          waiting.delete(entry.target);
          observer.unobserve(entry.target);
          if (cb) cb();
        }
      },
      { rootMargin: `${MARGIN}px 0px` },
    );
  }
  waiting.set(el, callback);
  observer.observe(el);
  return () => {
    if (waiting.delete(el)) observer.unobserve(el);
  };
}

/** Whether an error is WebAssembly refused by the page's Content-Security-Policy. */
export function isCspError(error) {
  for (let e = error; e; e = e.cause) {
    if (/Content.Security.Policy|unsafe-eval|Refused to compile/i.test(String(e.message ?? e))) return true;
  }
  return false;
}
