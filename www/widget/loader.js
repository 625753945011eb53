// The one almanac per page: every element awaits the same promise, so the wasm is fetched and
// compiled once whatever the number of elements, and only when one of them needs it. A failed
// load is every element's until its Retry, which tries again (as do PfpAlmanac.load() and the
// mentions); load() (pkg-config/open.js) knows what to fetch again (the wasm if it failed, a fresh copy of it if its built-in corpus
// arrived damaged).
import { wasmSource } from './wasm-source.js';

// The wasm-bindgen glue and load() (dist/index.js) come with the wasm, not with the first view:
// in the split build (dist/pfp-almanac/) they are a chunk of their own, fetched when the almanac is.
const glue = () => import('../../dist/index.js');
const load = (options) => glue().then((module) => module.load(options));

// One promise per corpus (the `src` attribute; '' is the built-in corpus): its last attempt, kept
// when it fails, with when it failed (performance.now()). load() itself initialises the wasm once
// for all of them.
const pending = new Map();
const resolved = new Map();
const failedAt = new Map();

function override() {
  const ns = globalThis.PfpAlmanac;
  const url = ns && typeof ns === 'object' ? ns.wasmUrl : undefined;
  if (!url) return undefined;
  return typeof document === 'undefined'
    ? new URL(String(url))
    : new URL(String(url), document.baseURI);
}

/** The corpus's key: '' for the built-in one, else its absolute URL; null when `src` is no URL. */
function corpusKey(src) {
  if (!src) return '';
  if (typeof document === 'undefined') return String(src);
  try {
    return new URL(String(src), document.baseURI).href;
  } catch {
    return null;
  }
}

// How long one attempt to load may take (the wasm and the corpus together) before the elements
// show the error with Retry: 30 s, or `window.PfpAlmanac = { timeout: <ms> }` before the script.
const DEFAULT_TIMEOUT_MS = 30_000;

function timeoutMs() {
  const ns = globalThis.PfpAlmanac;
  const t = ns && typeof ns === 'object' ? Number(ns.timeout) : NaN;
  return Number.isFinite(t) && t > 0 ? t : DEFAULT_TIMEOUT_MS;
}

/**
 * The shared almanac for a corpus (`src`, or the built-in one): loads it on first call. An attempt
 * that failed at or after `since` is the answer; one that failed before it is tried again (by
 * default every failed attempt is: an element passes 0 until its Retry). Never throws: what is
 * wrong is the promise's rejection.
 */
export function getAlmanac(src, since = Number.POSITIVE_INFINITY) {
  const key = corpusKey(src);
  if (key === null)
    return Promise.reject(
      new TypeError(`pfp-almanac: could not load the corpus from ${src}: it is not a URL`),
    );
  // (No failure: `undefined < since` is false, and the attempt under way or done is the answer.)
  if (!pending.has(key) || failedAt.get(key) < since) {
    let wasm;
    try {
      wasm = override() ?? wasmSource();
    } catch (error) {
      return Promise.reject(error);
    }
    // One attempt: the wasm and the corpus are fetched under one abort signal and one deadline,
    // so a server that never answers ends in the error state (with Retry), not an endless spinner.
    // load() instantiates the wasm once and ignores `wasm` after that.
    const ms = timeoutMs();
    const controller = new AbortController();
    let timer;
    const deadline = new Promise((_, reject) => {
      timer = setTimeout(() => {
        const error = new Error(`pfp-almanac: loading timed out after ${ms / 1000} s`);
        controller.abort(error);
        reject(error);
      }, ms);
    });
    const attempt = load({ wasm, corpus: key || undefined, signal: controller.signal });
    const settled = Promise.race([attempt, deadline]).finally(() => clearTimeout(timer));
    attempt.catch(() => {}); // settled (the race) reports the failure; this copy must not be unhandled
    deadline.catch(() => {});
    failedAt.delete(key);
    pending.set(
      key,
      settled.then(
        (almanac) => {
          resolved.set(key, almanac);
          return almanac;
        },
        (error) => {
          failedAt.set(key, performance.now());
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
  return options && (options.wasm !== undefined || options.corpus !== undefined)
    ? load(options)
    : getAlmanac();
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
  if (
    typeof document === 'undefined' ||
    typeof el.getBoundingClientRect !== 'function' ||
    !el.isConnected
  )
    return false;
  const r = el.getBoundingClientRect();
  const height = globalThis.innerHeight || document.documentElement.clientHeight;
  const width = globalThis.innerWidth || document.documentElement.clientWidth;
  return (
    (r.width > 0 || r.height > 0) &&
    r.bottom >= -MARGIN &&
    r.top <= height + MARGIN &&
    r.right >= 0 &&
    r.left <= width
  );
}

function observe(el, callback) {
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
}

// Elements connected before the next frame (all of a page's, when the script runs) are checked
// together in one requestAnimationFrame callback: every position is read before any callback
// writes to the DOM, so the page is laid out once for all of them, not once per element (on a long
// article that was a 100 ms task), and in the frame's own rendering step, where the browser lays
// the page out for its first paint anyway, not in the task that runs the script.
let batch = [];

function checkBatch() {
  const entries = batch;
  batch = [];
  const near = entries.map((e) => !e.cancelled && nearNow(e.el));
  entries.forEach((e, i) => {
    if (e.cancelled) return;
    if (near[i]) e.callback();
    else observe(e.el, e.callback);
  });
}

/** Calls `callback` once, when `el` nears the viewport (soon when it is near already, or where IntersectionObserver is missing). */
export function whenNear(el, callback) {
  if (typeof IntersectionObserver === 'undefined') {
    queueMicrotask(callback);
    return () => {};
  }
  const entry = { el, callback, cancelled: false };
  if (batch.length === 0)
    (typeof requestAnimationFrame === 'function' ? requestAnimationFrame : queueMicrotask)(
      checkBatch,
    );
  batch.push(entry);
  return () => {
    entry.cancelled = true;
    if (waiting.delete(el)) observer.unobserve(el);
  };
}

/** Whether an error is WebAssembly refused by the page's Content-Security-Policy. */
export function isCspError(error) {
  for (let e = error; e; e = e.cause) {
    if (/Content.Security.Policy|unsafe-eval|Refused to compile/i.test(String(e.message ?? e)))
      return true;
  }
  return false;
}

/**
 * Calls `callback` once the page is idle (requestIdleCallback, at most IDLE_WAIT_MS later), or
 * after the current task where there is no such thing: when the wasm of a first view drawn from
 * the projection is fetched, so that its download and compile do not compete with the page's load.
 */
const IDLE_WAIT_MS = 2000;
export function whenIdle(callback) {
  if (typeof requestIdleCallback === 'function')
    requestIdleCallback(() => callback(), { timeout: IDLE_WAIT_MS });
  else setTimeout(callback, 0);
}
