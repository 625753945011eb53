// Hostile input and hostile pages (issue 5), in a real browser (Debian's Chromium, playwright-core).
//  1. XSS: every payload below, through every way a page or a corpus can hand text to the widget
//     (each element attribute, the typed search box, the URL hash, the article <pfp-annotate> scans,
//     and a corpus compiled here whose names and texts are the payloads), must neither run (each
//     payload calls window.__pwned(n) when it runs) nor leave an element, attribute, URL, style rule
//     or request of its own anywhere, open shadow roots included; where it is content it must still
//     be shown, as text. A control test feeds each payload to a deliberately unsafe sink (innerHTML,
//     an href, eval, a style rule) and requires the detectors to catch it; a mutation test builds the
//     widget with its text nodes swapped for insertAdjacentHTML and requires the detectors to fail it.
//  2. Isolation: a page with aggressive global CSS still gets a usable widget, and the widget changes
//     nothing of the page's: computed styles, globals, built-in prototypes, document listeners, title,
//     URL, history, focus, scroll, storage.
//  3. Two copies or two versions of the script on one page: the first wins, nothing breaks.
//   node --test --test-concurrency=1 tests/browser/hostile.test.mjs
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  assertNone,
  deepText,
  fixture,
  origin,
  repo,
  useBrowser,
  wasmRequests,
  withPage,
} from './harness.mjs';
import { test } from '../chromium.mjs';

useBrowser();

// ---------------------------------------------------------------------------------------------
// Payloads. `via` says how each one would run if a sink mishandled it (the control test does exactly
// that): html = parsed as HTML; attr / attr1 = pasted into a "…" / '…' quoted attribute of HTML;
// entities / uri / uri2 / jsesc / nfkc = decoded (HTML entities, percent-encoding once or twice, JS
// escapes, Unicode NFKC) and then parsed as HTML; url = used as a link; tmpl / mustache / jsstr1 /
// jsstr2 = evaluated as a JS template, a {{template}}, inside '…' or "…" JS strings; css / css2 =
// pasted into a style rule. `key` entries are object-prototype names (not XSS, not counted): a
// widget looking strings up in plain objects breaks on them.
const b64 = (s) => Buffer.from(s).toString('base64');
const RAW = [
  ['html', (n) => `<script>__pwned(${n})</script>`],
  ['html', (n) => `<script src="/pwn-${n}.js"></script>`],
  ['html', (n) => `<img src=x onerror=__pwned(${n})>`],
  ['html', (n) => `<img src="/pwn-${n}.png" onerror="__pwned(${n})">`],
  ['html', (n) => `<svg/onload=__pwned(${n})>`],
  ['html', (n) => `<img\tsrc=x\nonerror=__pwned(${n})>`],
  ['html', (n) => `<IMG SRC=x OnErRoR=__pwned(${n})>`],
  ['html', (n) => `<svg onload=__pwned(${n})>`],
  ['html', (n) => `<svg><script>__pwned(${n})</script></svg>`],
  ['html', (n) => `<svg><animate onbegin=__pwned(${n}) attributeName=x dur=1s>`],
  [
    'html',
    (n) => `<svg><a xlink:href="javascript:__pwned(${n})"><text x=20 y=20>click</text></a></svg>`,
  ],
  ['html', (n) => `<svg><foreignObject><img src=x onerror=__pwned(${n})></foreignObject></svg>`],
  ['html', (n) => `<math><mtext><table><mglyph><style><img src=x onerror=__pwned(${n})>`],
  [
    'html',
    (n) =>
      `<math><maction actiontype="statusline" xlink:href="javascript:__pwned(${n})">x</maction></math>`,
  ],
  ['html', (n) => `<iframe srcdoc="<script>parent.__pwned(${n})</script>"></iframe>`],
  ['html', (n) => `<iframe src="javascript:parent.__pwned(${n})"></iframe>`],
  ['html', (n) => `<object data="javascript:__pwned(${n})"></object>`],
  ['html', (n) => `<embed src="javascript:__pwned(${n})">`],
  ['html', (n) => `<style>@import "/pwn-${n}.css";</style>`],
  ['html', (n) => `<style>*{background-image:url(/pwn-${n}.png)}</style>`],
  ['html', (n) => `<link rel="stylesheet" href="/pwn-${n}.css">`],
  ['html', (n) => `<div style="background-image:url(/pwn-${n}.png)">x</div>`],
  ['html', (n) => `"><img src=x onerror=__pwned(${n})>`],
  ['html', (n) => `'><img src=x onerror=__pwned(${n})>`],
  ['attr', (n) => `" onmouseover="__pwned(${n})" x="`],
  ['attr1', (n) => `' autofocus onfocus='__pwned(${n})' x='`],
  ['attr', (n) => `" autofocus onfocus=__pwned(${n}) x="`],
  ['html', (n) => `</textarea><script>__pwned(${n})</script>`],
  ['html', (n) => `</title><img src=x onerror=__pwned(${n})>`],
  ['html', (n) => `</noscript><img src=x onerror=__pwned(${n})>`],
  ['html', (n) => `<noscript><p title="</noscript><img src=x onerror=__pwned(${n})>">`],
  ['html', (n) => `<template><img src=x onerror=__pwned(${n})></template>`],
  ['html', (n) => `</template><img src=x onerror=__pwned(${n})>`],
  ['html', (n) => `<details open ontoggle=__pwned(${n})>`],
  ['html', (n) => `<input autofocus onfocus=__pwned(${n})>`],
  ['html', (n) => `<video><source onerror=__pwned(${n})></video>`],
  ['html', (n) => `<audio src=x onerror=__pwned(${n})>`],
  ['html', (n) => `<marquee onstart=__pwned(${n})>x</marquee>`],
  ['html', (n) => `<form><button formaction="javascript:__pwned(${n})">x</button></form>`],
  ['html', (n) => `<meta http-equiv="refresh" content="0;url=javascript:__pwned(${n})">`],
  ['html', (n) => `<base href="javascript:__pwned(${n})//">`],
  ['html', (n) => `<a href="javascript:__pwned(${n})">click</a>`],
  ['html', (n) => `<a href="  JaVaScRiPt:__pwned(${n})">x</a>`],
  ['html', (n) => `<a href="java&#x09;script:__pwned(${n})">x</a>`],
  [
    'html',
    (n) => `<a href="data:text/html;base64,${b64(`<script>parent.__pwned(${n})</script>`)}">x</a>`,
  ],
  ['html', (n) => `<iframe src="data:text/html,<script>parent.__pwned(${n})</script>"></iframe>`],
  ['html', (n) => `<img src=x onerror="&#95;&#95;pwned(${n})">`],
  ['html', (n) => `<img src=x onerror=\\u005f\\u005fpwned(${n})>`],
  ['html', (n) => `<<script>__pwned(${n})//<</script>`],
  ['html', (n) => `<scr<script>ipt>__pwned(${n})</scr</script>ipt>`],
  ['html', (n) => `<img """><script>__pwned(${n})</script>">`],
  ['html', (n) => `<x contenteditable autofocus onfocus=__pwned(${n})>x</x>`],
  ['html', (n) => `<xmp><img src=x onerror=__pwned(${n})></xmp>`],
  ['html', (n) => `<img src=x onerror=eval(atob('${b64(`__pwned(${n})`)}'))>`],
  ['html', (n) => `<svg><set attributeName="onmouseover" to="__pwned(${n})"/></svg>`],
  ['html', (n) => `<isindex type=image src=1 onerror=__pwned(${n})>`],
  ['html', (n) => `<a id="pwn-${n}" href="#" onclick="__pwned(${n})">x</a>`],
  ['html', (n) => `<!--<img src="--><img src=x onerror=__pwned(${n})//">`],
  ['html', (n) => `<![CDATA[<]]><img src=x onerror=__pwned(${n})>`],
  ['html', (n) => `<style>x{}</style><img src=x onerror=__pwned(${n})>`],
  ['html', (n) => `<svg><style><img src=x onerror=__pwned(${n})></style></svg>`],
  ['html', (n) => `<img srcset="/pwn-${n}.png 1x">`],
  ['html', (n) => `<image src=x onerror=__pwned(${n})>`],
  ['html', (n) => `<select autofocus onfocus=__pwned(${n})><option>x</option></select>`],
  ['html', (n) => `<keygen autofocus onfocus=__pwned(${n})>`],
  ['html', (n) => `<object data="/pwn-${n}.swf" type="application/x-shockwave-flash"></object>`],
  ['html', (n) => `<slot name="x" onclick="__pwned(${n})">x</slot>`],
  ['html', (n) => `<button popovertarget=x onclick=__pwned(${n})>x</button>`],
  ['entities', (n) => `&lt;img src=x onerror=__pwned(${n})&gt;`],
  ['entities', (n) => `&#60;script&#62;__pwned(${n})&#60;/script&#62;`],
  ['entities', (n) => `&#x3C;svg onload=__pwned(${n})&#x3E;`],
  ['uri', (n) => `%3Cimg%20src%3Dx%20onerror%3D__pwned(${n})%3E`],
  ['uri2', (n) => `%253Cimg%2520src%253Dx%2520onerror%253D__pwned(${n})%253E`],
  ['jsesc', (n) => `\\u003cimg src=x onerror=__pwned(${n})\\u003e`],
  ['jsesc', (n) => `\\x3cimg src=x onerror=__pwned(${n})\\x3e`],
  ['nfkc', (n) => `＜img src=x onerror=__pwned(${n})＞`],
  ['nfkc', (n) => `\u{FE64}img src=x onerror=__pwned(${n})\u{FE65}`],
  ['url', (n) => `javascript:__pwned(${n})`],
  ['url', (n) => `JAVASCRIPT:__pwned(${n})//`],
  ['url', (n) => `java\tscript:__pwned(${n})`],
  ['url', (n) => `data:text/html,<script>parent.__pwned(${n})</script>`],
  ['url', (n) => `data:text/html;base64,${b64(`<script>parent.__pwned(${n})</script>`)}`],
  ['tmpl', (n) => `\${__pwned(${n})}`],
  ['mustache', (n) => `{{constructor.constructor('__pwned(${n})')()}}`],
  ['jsstr1', (n) => `');__pwned(${n});//`],
  ['jsstr2', (n) => `");__pwned(${n});//`],
  ['css', (n) => `"]{} *{background-image:url(/pwn-${n}.png)} [x="`],
  ['css2', (n) => `x;} *{background-image:url(/pwn-${n}.png)} x{`],
  ['key', () => 'constructor'],
  ['key', () => '__proto__'],
  ['key', () => 'toString'],
  ['key', () => 'hasOwnProperty'],
];
const PAYLOADS = RAW.map(([via, make], i) => ({ n: i + 1, via, text: make(i + 1) }));
const XSS = PAYLOADS.filter((p) => p.via !== 'key');
/** Whitespace collapsed: how a payload is typed, written in a corpus source, or compared as shown text. */
const flat = (s) => s.replace(/\s+/g, ' ').trim();

// Tally of payloads × injection points tried, for the summary at the end.
const tally = [];
const count = (point, n) => tally.push([point, n]);

// ---------------------------------------------------------------------------------------------
// In-page helpers, installed before any page script (as an init script, so a page's CSP does not
// apply). window.__pwned(n) records a payload that ran; __hostile.scan() walks the light DOM and
// every open shadow root for anything a payload could have left. `deepText` is the harness's.
function installHelpers(deepText) {
  const pwned = [];
  const owned = new WeakSet();
  const snapshots = new Map();
  const hidden = (k, v) =>
    Object.defineProperty(window, k, {
      value: v,
      enumerable: false,
      configurable: false,
      writable: false,
    });
  hidden('__pwned', (n) => {
    pwned.push(n);
  });
  // Everything the parser made is the page's own (the widget is a deferred script: it runs after this).
  const own = (el) => {
    owned.add(el);
    for (const d of el.querySelectorAll('*')) owned.add(d);
    return el;
  };
  document.addEventListener('readystatechange', () => {
    if (document.readyState !== 'interactive') return;
    own(document.documentElement);
    for (const el of document.querySelectorAll('[data-snapshot]'))
      snapshots.set(el.id, el.innerHTML);
  });

  // What no widget shadow root may hold: elements that run, load or embed anything, or that only a
  // parser of markup would make (unknown tags); event-handler, inline-style and similar attributes;
  // URLs with a javascript:, data: or vbscript: scheme. (A denylist, not the widget's current tags,
  // so that the widget can grow; the control test proves it catches every payload.)
  const DENY = new Set(
    'applet animate audio base body canvas embed foreignobject frame frameset head html iframe image img isindex keygen link marquee math meta noembed noframes noscript object param picture plaintext portal script set source style svg template textarea title track video xmp'.split(
      ' ',
    ),
  );
  const BAD_ATTRS = new Set([
    'style',
    'srcdoc',
    'autofocus',
    'contenteditable',
    'is',
    'formaction',
    'xmlns',
    'xlink:href',
  ]);
  const URL_ATTRS = new Set(
    'href src action data poster background codebase cite srcset ping'.split(' '),
  );
  const BAD_URL = /^(javascript|data|vbscript):/i;
  const cleanUrl = (v) => v.replace(/[\t\n\r]/g, '').replace(/^[\u0000-\u0020]+/, '');
  const cut = (s) => (s.length > 70 ? `${s.slice(0, 70)}…` : s);
  const label = (el) =>
    `${el.localName}${el.id ? `#${el.id}` : ''}${el.dataset?.control ? `[control=${el.dataset.control}]` : ''}`;

  function sheetProblems(sheets, where, out) {
    for (const s of sheets) {
      for (const rule of s.cssRules) {
        if (/pwn|url\(|@import|expression\(|javascript:/i.test(rule.cssText))
          out.push(`${where}: style rule ${cut(rule.cssText)}`);
      }
    }
  }

  function shadowProblems(host, where, out) {
    const root = host.shadowRoot;
    if (!root) return;
    sheetProblems(root.adoptedStyleSheets, `${where}::shadow`, out);
    for (const el of root.querySelectorAll('*')) {
      const at = `${where}::shadow ${el.localName}`;
      const custom = el.localName.includes('-');
      if (DENY.has(el.localName) || el.namespaceURI !== 'http://www.w3.org/1999/xhtml')
        out.push(`${at}: <${el.localName}> in a widget's shadow root`);
      else if (custom ? !el.localName.startsWith('pfp-') : el instanceof HTMLUnknownElement)
        out.push(`${at}: unknown element <${el.localName}> (made by parsing markup?)`);
      for (const a of el.attributes) {
        const name = a.name.toLowerCase();
        if (name.startsWith('on') || BAD_ATTRS.has(name))
          out.push(`${at}: attribute ${a.name}="${cut(a.value)}"`);
        if (!custom && URL_ATTRS.has(name) && BAD_URL.test(cleanUrl(a.value)))
          out.push(`${at}: ${a.name}="${cut(a.value)}"`);
      }
      if (el.shadowRoot) shadowProblems(el, at, out);
    }
  }

  /** Everything a payload could have left, as readable lines (empty: nothing found). */
  function scan() {
    const out = [];
    for (const el of document.querySelectorAll('*')) {
      if (!owned.has(el)) {
        // The widget's only light-DOM elements: <pfp-mention entity src> around a text node.
        const attrs = [...el.attributes]
          .map((a) => a.name)
          .filter((a) => a !== 'entity' && a !== 'src');
        const children = [...el.childNodes].filter((c) => c.nodeType !== 3).map((c) => c.nodeName);
        if (el.localName !== 'pfp-mention' || attrs.length || children.length) {
          out.push(
            `light DOM: ${el.outerHTML.slice(0, 120)} was added (only <pfp-mention> around text is expected)`,
          );
        }
      }
      if (el.shadowRoot) shadowProblems(el, label(el), out);
    }
    sheetProblems(document.adoptedStyleSheets, 'document.adoptedStyleSheets', out);
    // The same finding in many elements is reported once, with how often.
    const counts = new Map();
    for (const line of out) counts.set(line, (counts.get(line) ?? 0) + 1);
    return {
      pwned: [...pwned],
      problems: [...counts].map(([line, n]) => (n > 1 ? `${line} (×${n})` : line)),
    };
  }

  /** Resolves with the element's state once it is ready or error (or says it timed out). */
  const settled = (el, ms = 15_000) =>
    new Promise((resolve) => {
      const done = () => {
        const s = el.getAttribute('state');
        return s === 'ready' || s === 'error' ? s : null;
      };
      if (done()) return resolve(done());
      let timer = 0;
      const mo = new MutationObserver(() => {
        if (!done()) return;
        mo.disconnect();
        clearTimeout(timer);
        resolve(done());
      });
      mo.observe(el, { attributes: true, attributeFilter: ['state'] });
      timer = setTimeout(() => {
        mo.disconnect();
        resolve(`timed out in state "${el.getAttribute('state')}"`);
      }, ms);
    });

  /**
   * Creates one element per spec ({ tag, attrs, inner }) in `stage`, one after the other: waits until
   * it settles (a <pfp-mention> is clicked and its card waited for), records its state and shown
   * text, then hides it so that the next one is the one in view (elements load near the viewport).
   */
  async function mount(specs, stage) {
    const results = [];
    for (const spec of specs) {
      const el = document.createElement(spec.tag);
      for (const [k, v] of Object.entries(spec.attrs ?? {})) el.setAttribute(k, v);
      if (spec.inner) el.textContent = spec.inner;
      own(el);
      stage.append(el);
      el.scrollIntoView({ block: 'start' });
      let state;
      if (spec.tag === 'pfp-mention') {
        el.shadowRoot.querySelector('button').click();
        state = await settled(el.shadowRoot.querySelector('pfp-entity'));
        el.shadowRoot.querySelector('button').click();
      } else {
        state = await settled(el);
      }
      const input = el.shadowRoot?.querySelector('input[role=combobox]');
      results.push({ state, text: deepText(el), input: input ? input.value : null });
      el.style.display = 'none'; // not [hidden]: a page's `pfp-timeline { display: block }` wins over it
    }
    return results;
  }

  hidden('__hostile', { scan, own, deepText, settled, mount, snapshots, pwned });
}

// The listener spy and snapshot helpers of the isolation test (an init script of that test only).
function installSpy() {
  const net = new Map();
  const log = [];
  let recording = false;
  // Only listeners the widget's own code adds (its script in the stack), not the test driver's.
  const name = (t) => {
    const n =
      t === document
        ? 'document'
        : t === window
          ? 'window'
          : t === document.documentElement
            ? 'html'
            : t === document.body
              ? 'body'
              : null;
    return n && /\/pfp-almanac\.js/.test(new Error().stack) ? n : null;
  };
  const key = (t, type, _fn, opts) =>
    `${name(t)} ${type} ${typeof opts === 'boolean' ? opts : Boolean(opts?.capture)}`;
  const fns = new Map();
  const proto = EventTarget.prototype;
  proto.addEventListener = new Proxy(proto.addEventListener, {
    apply(target, self, args) {
      if (recording && name(self) && args[1]) {
        log.push(`+ ${name(self)} ${args[0]}`);
        const k = key(self, args[0], args[1], args[2]);
        if (!fns.has(args[1])) fns.set(args[1], new Set());
        fns.get(args[1]).add(k);
        net.set(`${k} #${[...fns.keys()].indexOf(args[1])}`, `${name(self)} ${args[0]}`);
      }
      return Reflect.apply(target, self, args);
    },
  });
  proto.removeEventListener = new Proxy(proto.removeEventListener, {
    apply(target, self, args) {
      if (recording && name(self) && args[1]) {
        log.push(`- ${name(self)} ${args[0]}`);
        const k = key(self, args[0], args[1], args[2]);
        if (fns.has(args[1])) net.delete(`${k} #${[...fns.keys()].indexOf(args[1])}`);
      }
      return Reflect.apply(target, self, args);
    },
  });

  const CTORS =
    'Object Array String Number Boolean Symbol Function Promise Map Set WeakMap WeakSet WeakRef RegExp Date Error TypeError RangeError JSON Math Reflect Proxy Intl Intl.DateTimeFormat Intl.Collator Intl.Segmenter WebAssembly WebAssembly.Module WebAssembly.Instance WebAssembly.Memory EventTarget Node Element HTMLElement HTMLButtonElement HTMLInputElement HTMLSelectElement HTMLSlotElement HTMLTimeElement Document DocumentFragment ShadowRoot Text CharacterData Range TreeWalker NodeFilter Event CustomEvent KeyboardEvent PointerEvent FocusEvent CSSStyleSheet StyleSheet CSSRule IntersectionObserver ResizeObserver MutationObserver History Location Navigator Window CustomElementRegistry TextDecoder TextEncoder ArrayBuffer Uint8Array DataView Response Request Headers URL URLSearchParams AbortController AbortSignal Performance Storage'.split(
      ' ',
    );
  const resolve = (path) => path.split('.').reduce((o, k) => o?.[k], globalThis);
  function describe(obj, label, into) {
    for (const k of Reflect.ownKeys(obj)) {
      const d = Object.getOwnPropertyDescriptor(obj, k);
      into.set(`${label}.${String(k)}`, d);
    }
  }
  function protoSnapshot() {
    const m = new Map();
    for (const c of CTORS) {
      const C = resolve(c);
      if (!C) continue;
      describe(C, c, m);
      if (C.prototype) describe(C.prototype, `${c}.prototype`, m);
    }
    return m;
  }
  function globalsSnapshot() {
    const m = new Map();
    describe(window, 'window', m);
    return m;
  }
  function diff(before, after) {
    const out = [];
    for (const [k, d] of after) {
      const b = before.get(k);
      if (!b) out.push(`added ${k}`);
      else if (b.value !== d.value && !(Number.isNaN(b.value) && Number.isNaN(d.value)))
        out.push(`changed value of ${k}`);
      else if (b.get !== d.get || b.set !== d.set) out.push(`changed accessor of ${k}`);
      else if (
        b.writable !== d.writable ||
        b.enumerable !== d.enumerable ||
        b.configurable !== d.configurable
      )
        out.push(`changed attributes of ${k}`);
    }
    for (const k of before.keys()) if (!after.has(k)) out.push(`removed ${k}`);
    return out;
  }
  const LAYOUT =
    /^(width|height|inline-size|block-size|top|right|bottom|left|inset.*|transform-origin|perspective-origin)$/;
  const keys = new WeakMap();
  function styles() {
    const m = new Map();
    for (const el of document.querySelectorAll('*')) {
      // Not the elements themselves, nor the fallback inside a timeline, card or search box (shown
      // only until the data renders); the article inside <pfp-annotate> is compared.
      if (
        el.localName.startsWith('pfp-') ||
        el.matches('script[data-test], :is(pfp-timeline, pfp-entity, pfp-search) *')
      )
        continue;
      if (!keys.has(el)) keys.set(el, `${m.size} ${el.localName}${el.id ? `#${el.id}` : ''}`);
      const cs = getComputedStyle(el);
      const v = {};
      // The widget's private custom properties (--_text, ...) are inherited by what a <pfp-*> element
      // wraps; left out here (see the report), every other property is compared.
      for (let j = 0; j < cs.length; j += 1)
        if (!LAYOUT.test(cs[j]) && !cs[j].startsWith('--_')) v[cs[j]] = cs.getPropertyValue(cs[j]);
      m.set(keys.get(el), v);
    }
    return m;
  }
  function page() {
    const handlers = {};
    for (const [label, o] of [
      ['window', window],
      ['document', document],
    ]) {
      for (const k in o)
        if (k.startsWith('on') && o[k] !== null)
          handlers[`${label}.${k}`] = String(o[k]).slice(0, 60);
    }
    return {
      title: document.title,
      href: location.href,
      historyLength: history.length,
      scroll: [scrollX, scrollY],
      active: document.activeElement?.id || document.activeElement?.localName,
      cookie: document.cookie,
      local: localStorage.length,
      session: sessionStorage.length,
      html: [...document.documentElement.attributes].map((a) => `${a.name}=${a.value}`).join(' '),
      body: [...document.body.attributes].map((a) => `${a.name}=${a.value}`).join(' '),
      head: [...document.head.children]
        .filter((e) => !e.matches('script[data-test]'))
        .map((e) => e.outerHTML)
        .join('\n'),
      adopted: document.adoptedStyleSheets.length,
      sheets: document.styleSheets.length,
      handlers,
      elements: ['pfp-timeline', 'pfp-entity', 'pfp-search', 'pfp-annotate', 'pfp-mention'].map(
        (n) => typeof customElements.get(n),
      ),
    };
  }
  let before = null;
  Object.defineProperty(window, '__spy', {
    value: {
      snapshot() {
        before = {
          protos: protoSnapshot(),
          globals: globalsSnapshot(),
          styles: styles(),
          page: page(),
        };
        recording = true;
      },
      compare() {
        const after = {
          protos: protoSnapshot(),
          globals: globalsSnapshot(),
          styles: styles(),
          page: page(),
        };
        const styleDiffs = [];
        for (const [k, v] of after.styles) {
          const b = before.styles.get(k);
          if (!b) {
            styleDiffs.push(`${k}: element not there before`);
            continue;
          }
          for (const p of Object.keys(v))
            if (v[p] !== b[p]) styleDiffs.push(`${k} ${p}: ${b[p]} → ${v[p]}`);
        }
        return {
          protos: diff(before.protos, after.protos),
          globals: diff(before.globals, after.globals),
          styles: styleDiffs,
          before: before.page,
          after: after.page,
          listeners: [...net.values()],
          log: [...log],
        };
      },
    },
  });
}

// ---------------------------------------------------------------------------------------------
// Node-side detectors: requests a payload caused (anything but the page, the widget, its wasm and
// the corpora), dialogs, extra frames, navigation away. The widget's modules are those of its split
// build (dist/pfp-almanac/*.js, the entry with its version in the query).
const EXPECTED =
  /^\/(dist\/pfp-almanac\.js|(dist|v2)\/pfp-almanac\/[\w.-]+\.js|dist\/pfp_almanac_bg\.wasm|article\.css|favicon\.svg|hostile\.almanac|v2\/pfp-almanac\.js|v2\/pfp_almanac_bg\.wasm|hostile-host\.css)$/;

function watch(page) {
  const w = { requests: [], dialogs: [], pageErrors: [], consoleErrors: [] };
  page.on('request', (r) => w.requests.push({ url: r.url(), type: r.resourceType() }));
  page.on('dialog', (d) => {
    w.dialogs.push(`${d.type()}: ${d.message()}`);
    d.dismiss().catch(() => {});
  });
  page.on('pageerror', (e) => w.pageErrors.push(String(e.stack ?? e)));
  page.on('console', (m) => {
    if (m.type() === 'error') w.consoleErrors.push(m.text());
  });
  return w;
}

/** Requests that are none of the widget's own (a fetch of the `src` URL is, when `srcFetches`). */
function strayRequests(w, path, { srcFetches = false } = {}) {
  return w.requests
    .filter(({ url, type }) => {
      const u = new URL(url);
      if (u.origin === origin && u.pathname === path.split('#')[0]) return type !== 'document';
      if (srcFetches && type === 'fetch') return false;
      return !(u.origin === origin && EXPECTED.test(u.pathname));
    })
    .map(({ url, type }) => `${type} ${url.slice(0, 140)}`);
}

/** Loads the page's `#warm` element (the wasm, once for the page) and fails unless it is ready. */
async function warmUp(page) {
  const state = await page.evaluate(() =>
    __hostile.settled(document.querySelector('#warm'), 30_000),
  );
  assert.equal(state, 'ready', 'the #warm element did not load');
}

/**
 * Everything a payload could have done, in one assertion with a readable report; then, unless
 * `checkConsole` is false, no console error (by default none is checked where the widget's own
 * fetches of hostile `src` URLs log theirs: `srcFetches`).
 */
async function assertNothingRan(page, w, path, what, options = {}) {
  await page.waitForTimeout(300); // onerror/onload of anything inserted fire after their request fails
  assert.equal(
    new URL(page.url()).pathname,
    path.split('#')[0],
    `${what}: the page navigated away to ${page.url()}`,
  );
  const { pwned, problems } = await page.evaluate(() => __hostile.scan());
  const frames = page
    .frames()
    .filter((f) => f !== page.mainFrame())
    .map((f) => f.url());
  const report = [
    ...pwned.map((n) => `payload #${n} RAN: ${JSON.stringify(PAYLOADS_BY_N.get(n)?.text ?? n)}`),
    ...problems,
    ...frames.map((u) => `a frame was created: ${u}`),
    ...w.dialogs.map((d) => `a dialog opened: ${d}`),
    ...strayRequests(w, path, options).map((r) => `a request no payload should cause: ${r}`),
    ...w.pageErrors.map((e) => `uncaught error: ${e.slice(0, 300)}`),
  ];
  assertNone(report, `${what}: payloads ran or left something behind`);
  const { srcFetches = false, checkConsole = !srcFetches } = options;
  if (checkConsole) assertNone(w.consoleErrors, 'console errors');
}
const PAYLOADS_BY_N = new Map(PAYLOADS.map((p) => [p.n, p]));

/** A fixture page with the widget, the helpers, the detectors and the hostile corpus route. */
async function hostilePage(path, html, fn, { context } = {}) {
  return withPage(path, { html, goto: false, context }, async ({ page }) => {
    await page.addInitScript({ content: `(${installHelpers})(${deepText});` });
    const w = watch(page);
    await page.route(`${origin}/hostile.almanac`, (route) =>
      route.fulfill({ status: 200, contentType: 'application/octet-stream', body: hostileCorpus }),
    );
    await page.goto(`${origin}${path}`);
    return fn({ page, w });
  });
}

// ---------------------------------------------------------------------------------------------
// A corpus whose every name, title, quote, qualifier, reading, relation kind, document field and
// disagreement is a payload, compiled by the real compiler (dist/cli.mjs) from a source text that
// holds every payload verbatim (each name and quote must occur in the sources).
let hostileCorpus = null;
let corpusDir = null;
const line = (p) => `In ${1990 + (p.n % 20)} the record ${flat(p.text)} was noted.`;
const toml = (s) => JSON.stringify(s);
const cite = (p) => `[{ doc = "hostile", quote = ${toml(line(p))} }]`;
const next = (p) => PAYLOADS[p.n % PAYLOADS.length];
const DOC = {
  title: PAYLOADS[2],
  short: PAYLOADS[0],
  issuer: PAYLOADS[14],
  attribution: PAYLOADS[43],
};

function buildCorpus() {
  corpusDir = mkdtempSync(join(tmpdir(), 'pfp-hostile-'));
  const src = join(corpusDir, 'src');
  for (const d of ['sources', 'documents', 'entities', 'events'])
    mkdirSync(join(src, d), { recursive: true });
  const text = PAYLOADS.map(line).join('\n\n');
  writeFileSync(join(src, 'sources', 'hostile.txt'), `${text}\n`);
  writeFileSync(
    join(src, 'almanac.toml'),
    `name = ${toml(flat(PAYLOADS[4].text))}\ndescription = ${toml(PAYLOADS[5].text)}\nsources = "sources"\n`,
  );
  writeFileSync(
    join(src, 'documents', 'hostile.toml'),
    [
      'id = "hostile"',
      `title = ${toml(DOC.title.text)}`,
      `short = ${toml(DOC.short.text)}`,
      'date = "1995"',
      `issuer = ${toml(DOC.issuer.text)}`,
      'licence = "CC BY-SA 4.0"',
      `attribution = ${toml(DOC.attribution.text)}`,
      `url = ${toml(PAYLOADS.find((p) => p.via === 'url').text)}`,
      '',
      '[[witness]]',
      'file = "hostile.txt"',
      `lines = [1, ${text.split('\n').length}]`,
      '',
    ].join('\n'),
  );
  const entities = PAYLOADS.map(
    (p) => `[[entity]]
id = "person/p${p.n}"
name = ${toml(flat(p.text))}
description = ${toml(p.text)}
cite = ${cite(p)}

[[entity.fact]]
text = ${toml(p.text)}
cite = ${cite(p)}

[[entity.relation]]
kind = ${toml(p.text)}
target = "person/p${next(p).n}"
cite = ${cite(next(p))}
`,
  );
  writeFileSync(join(src, 'entities', 'all.toml'), entities.join('\n'));
  const events = PAYLOADS.map(
    (p) => `[[event]]
id = "statement/e${p.n}"
kind = "statement"
date = "${1990 + (p.n % 20)}"
qualifier = ${toml(p.text)}
title = ${toml(p.text)}
reading = ${toml(p.text)}
entities = ["person/p${p.n}"]
cite = ${cite(p)}
`,
  );
  writeFileSync(join(src, 'events', 'all.toml'), events.join('\n'));
  const disagreements = PAYLOADS.map(
    (p) => `[[disagreement]]
id = "d${p.n}"
subject = "person/p${p.n}"
topic = ${toml(p.text)}
note = ${toml(p.text)}
[[disagreement.reading]]
value = ${toml(p.text)}
cite = ${cite(p)}
[[disagreement.reading]]
value = ${toml(next(p).text)}
cite = ${cite(next(p))}
`,
  );
  writeFileSync(join(src, 'disagreements.toml'), disagreements.join('\n'));
  const out = join(corpusDir, 'hostile.almanac');
  try {
    execFileSync(process.execPath, [join(repo, 'dist', 'cli.mjs'), 'build', src, '-o', out], {
      encoding: 'utf8',
      stdio: 'pipe',
    });
  } catch (error) {
    throw new Error(`the hostile corpus does not compile:\n${error.stdout}\n${error.stderr}`);
  }
  hostileCorpus = readFileSync(out);
}

before(buildCorpus, { timeout: 60_000 });
after(() => {
  if (corpusDir) rmSync(corpusDir, { recursive: true, force: true });
});

// ---------------------------------------------------------------------------------------------
// 1. XSS

test('control: every payload, fed to an unsafe sink, is caught by the detectors', async (t) => {
  const html = fixture('control', '<p>control</p>');
  await hostilePage('/control.html', html, async ({ page, w }) => {
    await page.evaluate((payloads) => {
      const decode = (s) => {
        const ta = document.createElement('textarea');
        ta.innerHTML = s;
        return ta.value;
      };
      const adopt = (css) => {
        const s = new CSSStyleSheet();
        s.replaceSync(css);
        document.adoptedStyleSheets = [...document.adoptedStyleSheets, s];
      };
      const f = () => {};
      const sinks = {
        html: (p, box) => {
          box.innerHTML = p;
        },
        attr: (p, box) => {
          box.innerHTML = `<span title="${p}">x</span>`;
        },
        attr1: (p, box) => {
          box.innerHTML = `<input value='${p}'>`;
        },
        entities: (p, box) => {
          box.innerHTML = decode(p);
        },
        uri: (p, box) => {
          box.innerHTML = decodeURIComponent(p);
        },
        uri2: (p, box) => {
          box.innerHTML = decodeURIComponent(decodeURIComponent(p));
        },
        jsesc: (p, box) => {
          box.innerHTML = eval(`"${p}"`);
        },
        nfkc: (p, box) => {
          box.innerHTML = p.normalize('NFKC');
        },
        url: (p, box) => {
          box.innerHTML = '<a>x</a>';
          box.firstChild.setAttribute('href', p);
        },
        tmpl: (p) => {
          eval(`\`${p}\``);
        },
        mustache: (p) => {
          new Function(`with (this) { return ${p.slice(2, -2)}; }`).call({});
        },
        jsstr1: (p) => {
          eval(`f('${p}')`);
        },
        jsstr2: (p) => {
          eval(`f("${p}")`);
        },
        css: (p) => adopt(`[data-x="${p}"] { color: red }`),
        css2: (p) => adopt(`.c { --v: ${p}; }`),
      };
      f();
      for (const p of payloads) {
        // Each in its own open shadow root: scripts inserted as HTML do not run, so the DOM checks
        // must catch those; a <base> there does not rebase the page's URLs.
        const host = document.createElement('div');
        host.dataset.control = String(p.n);
        host.attachShadow({ mode: 'open' });
        const box = document.createElement('div');
        host.shadowRoot.append(box);
        document.body.append(host);
        try {
          sinks[p.via](p.text, box);
        } catch (error) {
          box.dataset.error = String(error);
        }
      }
    }, XSS);
    await page.waitForTimeout(1_000);
    const { pwned, problems } = await page.evaluate(() => __hostile.scan());
    const requested = w.requests.map((r) => r.url);
    const caught = { flag: 0, dom: 0, request: 0 };
    const missed = [];
    for (const p of XSS) {
      const byFlag = pwned.includes(p.n);
      const byDom = problems.some(
        (s) =>
          s.includes(`[control=${p.n}]`) ||
          (s.startsWith('document.adoptedStyleSheets') && s.includes(`pwn-${p.n}.`)),
      );
      const byRequest = requested.some((u) => u.includes(`/pwn-${p.n}.`));
      if (byFlag) caught.flag += 1;
      if (byDom) caught.dom += 1;
      if (byRequest) caught.request += 1;
      if (!byFlag && !byDom && !byRequest)
        missed.push(`#${p.n} (${p.via}) ${JSON.stringify(p.text)}`);
    }
    t.diagnostic(
      `control: ${XSS.length} payloads through unsafe sinks; caught by the __pwned flag ${caught.flag}, by the DOM/CSS scan ${caught.dom}, by a request ${caught.request}; missed ${missed.length}`,
    );
    assertNone(
      missed,
      'payloads the detectors did not catch in an unsafe sink (the detectors would miss them in the widget too)',
    );
    assert.ok(
      caught.flag >= 10,
      `only ${caught.flag} payloads actually ran in the unsafe sinks: the flag detector is not exercised`,
    );
  });
});

// One element per payload and point: attributes a page sets on each element. `ready` says the
// element must render anyway (a bad lang or theme is no reason to fail); `shows` says the payload is
// content there and must be shown as text.
const ARTICLE = 'Malta signed in 1995; Sweden and Finland in 1994.';
const POINTS = [
  { tag: 'pfp-timeline', attr: 'from', base: { to: '1995' } },
  { tag: 'pfp-timeline', attr: 'to', base: { from: '1995' } },
  { tag: 'pfp-timeline', attr: 'entity', base: { from: '1995', to: '1995' } },
  { tag: 'pfp-timeline', attr: 'kinds', base: { from: '1995', to: '1995' } },
  { tag: 'pfp-timeline', attr: 'lang', base: { from: '1995', to: '1995' }, ready: true },
  { tag: 'pfp-timeline', attr: 'theme', base: { from: '1995', to: '1995' }, ready: true },
  { tag: 'pfp-timeline', attr: 'hash', base: { from: '1995', to: '1995' }, ready: true },
  { tag: 'pfp-timeline', attr: 'lanes', base: { from: '1995', to: '1995' } },
  { tag: 'pfp-timeline', attr: 'look', base: { from: '1995', to: '1995' }, ready: true },
  { tag: 'pfp-entity', attr: 'name', base: {}, ready: true, shows: true },
  { tag: 'pfp-entity', attr: 'entity', base: {}, ready: true, shows: true },
  { tag: 'pfp-entity', attr: 'lang', base: { name: 'Malta' }, ready: true },
  { tag: 'pfp-entity', attr: 'theme', base: { name: 'Malta' }, ready: true },
  { tag: 'pfp-entity', attr: 'compact', base: { name: 'Malta' }, ready: true },
  { tag: 'pfp-search', attr: 'value', base: {}, ready: true, input: true },
  { tag: 'pfp-search', attr: 'lang', base: { value: 'Malta' }, ready: true },
  { tag: 'pfp-search', attr: 'theme', base: { value: 'Malta' }, ready: true },
  { tag: 'pfp-annotate', attr: 'lang', base: {}, inner: ARTICLE, ready: true },
  { tag: 'pfp-annotate', attr: 'theme', base: {}, inner: ARTICLE, ready: true },
  { tag: 'pfp-mention', attr: 'entity', base: {}, inner: 'Malta', ready: true, shows: true },
  {
    tag: 'pfp-mention',
    attr: 'lang',
    base: { entity: 'country/malta' },
    inner: 'Malta',
    ready: true,
  },
];
const SRC_POINTS = ['pfp-timeline', 'pfp-entity', 'pfp-search', 'pfp-annotate', 'pfp-mention'].map(
  (tag) => ({
    tag,
    attr: 'src',
    base:
      tag === 'pfp-entity'
        ? { name: 'Malta' }
        : tag === 'pfp-mention'
          ? { entity: 'country/malta' }
          : {},
    inner: tag === 'pfp-annotate' ? ARTICLE : tag === 'pfp-mention' ? 'Malta' : undefined,
  }),
);

async function injectAttributes(t, points, path, what, options = {}) {
  const html = fixture(
    what,
    '<pfp-entity name="Malta" id="warm"></pfp-entity><div id="stage"></div>',
  );
  await hostilePage(path, html, async ({ page, w }) => {
    // The built-in corpus is loaded once; every element made after renders at once.
    await warmUp(page);
    const specs = points.flatMap((pt) =>
      PAYLOADS.map((p) => ({
        tag: pt.tag,
        attrs: { ...pt.base, [pt.attr]: p.text },
        inner: pt.inner,
      })),
    );
    const started = Date.now();
    const results = await page.evaluate(
      (s) => __hostile.mount(s, document.querySelector('#stage')),
      specs,
    );
    const wrong = [];
    results.forEach((r, i) => {
      const pt = points[Math.floor(i / PAYLOADS.length)];
      const p = PAYLOADS[i % PAYLOADS.length];
      const at = `<${pt.tag} ${pt.attr}=${JSON.stringify(p.text)}>`;
      if (r.state !== 'ready' && r.state !== 'error') wrong.push(`${at}: ${r.state}`);
      else if (pt.ready && r.state !== 'ready')
        wrong.push(
          `${at}: state "${r.state}", expected "ready"; it shows: ${r.text.slice(0, 160)}`,
        );
      if (pt.shows && !r.text.includes(flat(p.text)))
        wrong.push(`${at}: the payload is not shown as text; it shows: ${r.text.slice(0, 160)}`);
      // An <input type=search> drops line breaks from its value (HTML's value sanitization).
      if (pt.input && r.input !== p.text.replace(/[\r\n]/g, ''))
        wrong.push(`${at}: the search box holds ${JSON.stringify(r.input)}`);
    });
    for (const pt of points) count(`attribute ${pt.attr} of <${pt.tag}>`, XSS.length);
    t.diagnostic(
      `${what}: ${specs.length} elements (${points.length} points × ${PAYLOADS.length} payloads, ${XSS.length} of them XSS) in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    assertNone(wrong, `${what}: elements that did not handle a hostile attribute`);
    await assertNothingRan(page, w, path, what, options);
  });
}

test('XSS: every attribute of every element (timeline, entity, search, annotate, mention)', async (t) => {
  await injectAttributes(t, POINTS, '/hostile-attributes.html', 'attributes');
});

test('XSS: the src attribute of every element (a hostile corpus URL fails readably)', async (t) => {
  // Each payload is fetched as a URL (relative ones 404, javascript: and data: ones fail): the error
  // state shows it as text. The fetches and their console messages are the widget's own.
  await injectAttributes(t, SRC_POINTS, '/hostile-src.html', 'src attributes', {
    srcFetches: true,
  });
});

test('XSS: the search box, typed (built-in and hostile corpus), results opened', async (t) => {
  const html = fixture(
    'typed',
    '<pfp-search id="builtin"></pfp-search><pfp-search id="hostile" src="/hostile.almanac"></pfp-search>',
  );
  const path = '/hostile-typed.html';
  await hostilePage(path, html, async ({ page, w }) => {
    const started = Date.now();
    let opened = 0;
    let shown = 0;
    const wrong = [];
    for (const id of ['builtin', 'hostile']) {
      await page.evaluate((sel) => {
        document.querySelector(sel).scrollIntoView();
        return __hostile.settled(document.querySelector(sel), 30_000);
      }, `#${id}`);
      const input = page.locator(`#${id} input[role=combobox]`);
      for (const p of PAYLOADS) {
        const typed = flat(p.text);
        // Escape twice: collapses the list, then empties the box (and the count line) at once.
        await input.click();
        await page.keyboard.press('Escape');
        await page.keyboard.press('Escape');
        await page.keyboard.type(typed);
        // The search runs 150 ms after the last key; the count line says when it has.
        await page
          .waitForFunction(
            (sel) =>
              document.querySelector(sel).shadowRoot.querySelector('.count').textContent !== '',
            `#${id}`,
            { timeout: 5_000 },
          )
          .catch(() =>
            assert.fail(
              `#${id}: typing ${JSON.stringify(typed)} ran no search (the count line stayed empty)`,
            ),
          );
        const value = await input.inputValue();
        if (value !== typed)
          wrong.push(
            `#${id}: typed ${JSON.stringify(typed)}, the box holds ${JSON.stringify(value)}`,
          );
        const options = await page.locator(`#${id} [role=option]`).count();
        if (options) {
          await page.keyboard.press('ArrowDown');
          await page.keyboard.press('Enter');
          opened += 1;
          const passage = await page.evaluate(
            (sel) =>
              __hostile.deepText(document.querySelector(sel).shadowRoot.querySelector('.passage')),
            `#${id}`,
          );
          if (id === 'hostile' && passage.includes(typed)) shown += 1;
        }
      }
      count(`typed in <pfp-search${id === 'hostile' ? ' src=hostile' : ''}>`, XSS.length);
    }
    t.diagnostic(
      `typed: ${PAYLOADS.length} payloads into 2 search boxes, ${opened} result passages opened (${shown} of the hostile corpus's showing the typed payload verbatim, as text), in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    assertNone(wrong, 'the search box changed what was typed');
    // Every payload is a passage of the hostile corpus, word for word: typing it must open it.
    assert.equal(
      shown,
      PAYLOADS.length,
      `only ${shown} of ${PAYLOADS.length} opened passages of the hostile corpus show the payload that was typed`,
    );
    await assertNothingRan(page, w, path, 'typed search');
  });
});

test('XSS: the URL hash (#pfp-event=<payload>, raw and percent-encoded) with the hash attribute', async (t) => {
  const path = '/hostile-hash.html';
  const html = fixture(
    'hash',
    '<pfp-timeline id="warm" from="1995" to="1995"></pfp-timeline><div id="stage"></div>',
  );
  await hostilePage(path, html, async ({ page, w }) => {
    await warmUp(page);
    const wrong = await page.evaluate(async (payloads) => {
      const out = [];
      const stage = document.querySelector('#stage');
      for (const p of payloads) {
        for (const form of [p.text, encodeURIComponent(p.text)]) {
          history.replaceState(null, '', `${location.pathname}#pfp-event=${form}`);
          const hash = location.hash;
          const el = __hostile.own(document.createElement('pfp-timeline'));
          el.setAttribute('hash', '');
          el.setAttribute('from', '1995');
          el.setAttribute('to', '1995');
          stage.append(el);
          const state = await __hostile.settled(el);
          await new Promise((r) => setTimeout(r, 0));
          if (state !== 'ready') out.push(`#${p.n}: state ${state}`);
          if (el.shadowRoot.querySelector('li.sel'))
            out.push(`#${p.n}: an event was selected by ${hash}`);
          if (location.hash !== hash)
            out.push(`#${p.n}: the hash changed from ${hash} to ${location.hash}`);
          el.style.display = 'none';
        }
      }
      // Selecting an event rewrites the hash to that event's own id, whatever was there.
      const el = stage.lastElementChild;
      el.style.display = '';
      el.shadowRoot.querySelector('ol > li button').click();
      if (!/^#pfp-event=[a-z0-9/-]+$/.test(location.hash))
        out.push(`after a click the hash is ${location.hash}`);
      return out;
    }, PAYLOADS);
    assertNone(wrong, 'timelines reading a hostile hash');
    count('URL hash, raw', XSS.length);
    count('URL hash, percent-encoded', XSS.length);
    await assertNothingRan(page, w, path, 'hash');
  });
  // And on a real navigation, the browser's own encoding of the raw characters, for a few payloads.
  const few = XSS.filter((p) => /^<(img|svg|script)/.test(p.text)).slice(0, 3);
  for (const p of few) {
    const html = fixture('hash nav', '<pfp-timeline from="1995" to="1995" hash></pfp-timeline>');
    await hostilePage(`${path}#pfp-event=${p.text}`, html, async ({ page, w }) => {
      const state = await page.evaluate(() =>
        __hostile.settled(document.querySelector('pfp-timeline'), 30_000),
      );
      assert.equal(state, 'ready');
      await assertNothingRan(page, w, path, `navigation to #pfp-event=${p.text}`, {
        checkConsole: false,
      });
    });
  }
  t.diagnostic(
    `hash: ${PAYLOADS.length} payloads × 2 forms in place, and ${few.length} real navigations`,
  );
});

// The host's own markup, parsed by the browser: an inline script (runs once, by the host), an image
// whose onerror must never fire (its src is fine unless something re-creates it), attributes and raw
// text holding payloads, names of entities right against them. The widget wraps text only, and must
// neither re-run, re-create nor re-parse any of it.
const HOST_MARKUP = `<pfp-annotate id="real" data-snapshot>
<p>Malta<img src="/favicon.svg" alt="" width="16" height="16" onload="window.__hostLoads = (window.__hostLoads || 0) + 1" onerror="__pwned(9001)">Sweden<script>window.__hostRuns = (window.__hostRuns || 0) + 1</script>Austria<b title="<img src=x onerror=__pwned(9002)>">Finland</b>&lt;img src=x onerror=__pwned(9003)&gt;Ukraine</p>
<noscript>Georgia<img src=x onerror=__pwned(9004)></noscript>
<textarea>Moldova<img src=x onerror=__pwned(9005)></textarea>
<p>Georgia&lt;script&gt;__pwned(9006)&lt;/script&gt;Moldova<svg><title>Belarus</title></svg>Belarus&lt;svg onload=__pwned(9007)&gt;</p>
</pfp-annotate>
<div id="stage"></div>`;

test("XSS: the article <pfp-annotate> scans: payload text against entity names, and the host's own markup", async (t) => {
  const path = '/hostile-article.html';
  await hostilePage(path, fixture('article', HOST_MARKUP), async ({ page, w }) => {
    const real = await page.evaluate(() =>
      __hostile.settled(document.querySelector('#real'), 30_000),
    );
    assert.equal(real, 'ready');
    // Generated article: each paragraph puts a payload (as text) right after and right before the
    // names of entities the built-in corpus knows, so that each name's first mention touches one.
    const result = await page.evaluate(async (payloads) => {
      const almanac = await PfpAlmanac.load();
      const ids = new Set(almanac.timeline({}).flatMap((ev) => ev.entities));
      const names = [...ids]
        .map((id) => almanac.entity(id)?.name)
        .filter((n) => n && n.length >= 4);
      const el = __hostile.own(document.createElement('pfp-annotate'));
      payloads.forEach((p, i) => {
        const para = document.createElement('p');
        para.textContent = `${names[(2 * i) % names.length]}${p.text}${names[(2 * i + 1) % names.length]} ${p.text}`;
        el.append(para);
      });
      __hostile.own(el);
      const before = el.innerHTML;
      document.querySelector('#stage').append(el);
      const state = await __hostile.settled(el);
      const mentions = [...el.querySelectorAll('pfp-mention')];
      // Open every card (its text too is rendered by the widget).
      const cards = [];
      for (const m of mentions) {
        m.scrollIntoView({ block: 'start' }); // a card loads near the viewport
        m.shadowRoot.querySelector('button').click();
        const card = await __hostile.settled(m.shadowRoot.querySelector('pfp-entity'));
        if (card !== 'ready') cards.push(`the card of ${m.getAttribute('entity')}: ${card}`);
        m.shadowRoot.querySelector('button').click();
      }
      const shown = payloads.filter((p) => el.textContent.includes(p.text)).length;
      const realEl = document.querySelector('#real');
      const realMentions = [...realEl.querySelectorAll('pfp-mention')].map(
        (m) => `${m.closest('noscript, textarea, svg, b, p')?.localName}:${m.textContent}`,
      );
      const out = {
        state,
        mentions: mentions.length,
        cards,
        shown,
        realMentions,
        hostLoads: window.__hostLoads,
        hostRuns: window.__hostRuns,
      };
      el.remove();
      out.restored = el.innerHTML === before;
      realEl.clear();
      out.realRestored = realEl.innerHTML === __hostile.snapshots.get('real');
      return out;
    }, PAYLOADS);
    assert.equal(result.state, 'ready');
    assert.ok(
      result.mentions >= 40,
      `only ${result.mentions} mentions were made in the generated article`,
    );
    assertNone(result.cards, 'mention cards that did not load');
    assert.equal(
      result.shown,
      PAYLOADS.length,
      'payload text in the article is no longer shown as it was',
    );
    assert.equal(result.hostRuns, 1, "the host page's inline script did not run exactly once");
    assert.equal(result.hostLoads, 1, "the host page's image loaded more than once (re-created?)");
    assert.ok(
      result.realMentions.some((m) => m === 'p:Malta'),
      `Malta, right before the host's <img>, is not wrapped: ${result.realMentions}`,
    );
    assertNone(
      result.realMentions.filter((m) => /^(noscript|textarea|svg)/.test(m)),
      'mentions made inside <noscript>, <textarea> or <svg> (text no reader sees as such)',
    );
    assert.ok(
      result.restored,
      'removing the generated <pfp-annotate> did not restore its HTML exactly',
    );
    assert.ok(result.realRestored, ".clear() did not restore the host's own markup exactly");
    count('article text under <pfp-annotate>, next to entity names', XSS.length);
    t.diagnostic(
      `article: ${PAYLOADS.length} paragraphs with payload text against entity names, ${result.mentions} mentions made and opened; the host's own markup annotated (${result.realMentions.join(', ')}) and restored`,
    );
    await assertNothingRan(page, w, path, 'article');
  });
});

// The attribute form: any container with data-pfp-annotate (and data-pfp-src for a corpus).
const containerRun = async (specs) => {
  const stage = document.querySelector('#stage');
  const out = [];
  for (const { text, src } of specs) {
    const c = document.createElement('section');
    c.setAttribute('data-pfp-annotate', '');
    if (src !== undefined) c.setAttribute('data-pfp-src', src);
    for (const t of text) c.append(Object.assign(document.createElement('p'), { textContent: t }));
    __hostile.own(c);
    const outcome = new Promise((resolve) => {
      c.addEventListener('pfp-annotated', (e) => resolve(`annotated ${e.detail.mentions}`), {
        once: true,
      });
      c.addEventListener('pfp-error', (e) => resolve(`error ${e.detail.message}`), { once: true });
      setTimeout(() => resolve('timed out'), 15_000);
    });
    stage.append(c);
    c.scrollIntoView({ block: 'start' });
    const result = await outcome;
    const mentions = [...c.querySelectorAll('pfp-mention')];
    const cards = [];
    for (const m of mentions) {
      m.scrollIntoView({ block: 'start' });
      m.shadowRoot.querySelector('button').click();
      const card = await __hostile.settled(m.shadowRoot.querySelector('pfp-entity'));
      if (card !== 'ready') cards.push(`the card of ${m.getAttribute('entity')}: ${card}`);
      m.shadowRoot.querySelector('button').click();
    }
    out.push({
      result,
      mentions: mentions.length,
      cards,
      shown: text.every((t) => c.textContent.includes(t)),
    });
    c.style.display = 'none';
  }
  return out;
};

test('XSS: data-pfp-annotate containers: payload text against entity names, and data-pfp-src', async (t) => {
  const path = '/hostile-containers.html';
  await hostilePage(
    path,
    fixture('containers', '<pfp-entity name="Malta" id="warm"></pfp-entity><div id="stage"></div>'),
    async ({ page, w }) => {
      await warmUp(page);
      const names = await page.evaluate(() =>
        PfpAlmanac.load().then((a) =>
          [...new Set(a.timeline({}).flatMap((ev) => ev.entities))]
            .map((id) => a.entity(id)?.name)
            .filter((n) => n && n.length >= 4),
        ),
      );
      const text = PAYLOADS.map(
        (p, i) =>
          `${names[(2 * i) % names.length]}${p.text}${names[(2 * i + 1) % names.length]} ${p.text}`,
      );
      const [run] = await page.evaluate(containerRun, [{ text }]);
      assert.match(run.result, /^annotated \d+/, `the container: ${run.result}`);
      assert.ok(run.mentions >= 40, `only ${run.mentions} mentions in the container`);
      assertNone(run.cards, 'mention cards that did not load');
      assert.ok(run.shown, 'payload text in the container is no longer shown as it was');
      count('article text in a data-pfp-annotate container', XSS.length);
      await assertNothingRan(page, w, path, 'data-pfp-annotate text');
      t.diagnostic(
        `container: ${PAYLOADS.length} paragraphs, ${run.mentions} mentions made and opened`,
      );
    },
  );
  const srcPath = '/hostile-container-src.html';
  await hostilePage(
    srcPath,
    fixture(
      'container src',
      '<pfp-entity name="Malta" id="warm"></pfp-entity><div id="stage"></div>',
    ),
    async ({ page, w }) => {
      await warmUp(page);
      const runs = await page.evaluate(
        containerRun,
        PAYLOADS.map((p) => ({ text: [ARTICLE], src: p.text })),
      );
      const wrong = runs
        .map((r, i) =>
          r.result.startsWith('error ') && r.mentions === 0
            ? null
            : `data-pfp-src=${JSON.stringify(PAYLOADS[i].text)}: ${r.result}, ${r.mentions} mentions`,
        )
        .filter(Boolean);
      assertNone(
        wrong,
        'containers with a hostile data-pfp-src (each must report pfp-error and stay as written)',
      );
      count('data-pfp-src of a data-pfp-annotate container', XSS.length);
      await assertNothingRan(page, w, srcPath, 'data-pfp-src', { srcFetches: true });
    },
  );
});

test('XSS: a corpus whose names, titles, quotes, qualifiers, readings, relations and documents are payloads', async (t) => {
  const path = '/hostile-corpus.html';
  const html = fixture(
    'hostile corpus',
    `
    <pfp-timeline id="tl" src="/hostile.almanac"></pfp-timeline>
    <pfp-search id="search" src="/hostile.almanac"></pfp-search>
    <div id="stage"></div>`,
  );
  await hostilePage(path, html, async ({ page, w }) => {
    const started = Date.now();
    const tl = await page.evaluate(() => __hostile.settled(document.querySelector('#tl'), 30_000));
    assert.equal(
      tl,
      'ready',
      await page.evaluate(() => __hostile.deepText(document.querySelector('#tl')).slice(0, 300)),
    );
    const expect = PAYLOADS.map((p) => ({
      n: p.n,
      title: flat(p.text),
      line: flat(line(p)),
      nextValue: flat(next(p).text),
      relation: flat(p.text.replace(/-/g, ' ')),
    }));
    const docText = [DOC.title.text, DOC.attribution.text].map(flat);
    // Every event: its item, then its detail panel (qualifier, reading, quote, document, attribution).
    const timeline = await page.evaluate(
      async ({ expect, docText }) => {
        const el = document.querySelector('#tl');
        const out = [];
        // Every event's own button (shown, or in a cluster at this zoom: a click still opens it).
        const buttons = [...el.shadowRoot.querySelectorAll('ol > li[data-i] button')];
        if (buttons.length !== expect.length)
          out.push(`${buttons.length} events shown, ${expect.length} in the corpus`);
        for (const b of buttons) {
          const e = expect.find((x) => b.dataset.id === `statement/e${x.n}`);
          const item = __hostile.deepText(b);
          if (!item.includes(e.title))
            out.push(
              `event ${b.dataset.id}: the item does not show its title as text: ${item.slice(0, 120)}`,
            );
          b.click();
          const panel = __hostile.deepText(el.shadowRoot.querySelector('[part~=panel]'));
          for (const want of [e.title, `(${e.title})`, e.line, ...docText]) {
            if (!panel.includes(want))
              out.push(
                `event ${b.dataset.id}: the panel does not show ${JSON.stringify(want)}: ${panel.slice(0, 160)}`,
              );
          }
          const { problems } = __hostile.scan();
          if (problems.length)
            out.push(...problems.map((s) => `after opening ${b.dataset.id}: ${s}`));
        }
        return out;
      },
      { expect, docText },
    );
    assertNone(timeline, 'the hostile corpus in <pfp-timeline>');

    // Every entity's card, by id and by name: name, description, fact, relation kind, disagreement.
    const specs = PAYLOADS.flatMap((p) => [
      { tag: 'pfp-entity', attrs: { src: '/hostile.almanac', entity: `person/p${p.n}` } },
      { tag: 'pfp-entity', attrs: { src: '/hostile.almanac', name: flat(p.text) } },
    ]);
    const cards = await page.evaluate(
      (s) => __hostile.mount(s, document.querySelector('#stage')),
      specs,
    );
    const wrong = [];
    cards.forEach((r, i) => {
      const e = expect[Math.floor(i / 2)];
      const how = i % 2 ? 'by name' : 'by id';
      if (r.state !== 'ready') wrong.push(`person/p${e.n} ${how}: state ${r.state}`);
      for (const want of [e.title, e.line, e.relation, e.nextValue]) {
        if (!r.text.includes(want))
          wrong.push(
            `person/p${e.n} ${how}: the card does not show ${JSON.stringify(want)} as text: ${r.text.slice(0, 200)}`,
          );
      }
      if (/\[object |function \w*\(|\bundefined\b|\[native code\]/.test(r.text))
        wrong.push(
          `person/p${e.n} ${how}: the card shows ${r.text.match(/\[object \w+\]|function \w*\([^)]*\)[^}]*}|\bundefined\b/)?.[0]}`,
        );
    });
    assertNone(wrong, 'the hostile corpus in <pfp-entity>');

    // Every name, as article text, annotated from this corpus: each mention's card opened.
    const annotated = await page.evaluate(async (payloads) => {
      const el = __hostile.own(document.createElement('pfp-annotate'));
      el.setAttribute('src', '/hostile.almanac');
      for (const p of payloads) {
        const para = document.createElement('p');
        para.textContent = `Before ${p.text.replace(/\s+/g, ' ').trim()} after.`;
        el.append(para);
      }
      __hostile.own(el);
      document.querySelector('#stage').append(el);
      const state = await __hostile.settled(el);
      const out = { state, mentions: 0, cards: [] };
      // A mention is the words of a name, folded as lookup folds them (punctuation around the
      // name is not part of it): lookup of its text finds the entity whose card it opens.
      const almanac = await PfpAlmanac.load({ corpus: '/hostile.almanac' });
      for (const m of el.querySelectorAll('pfp-mention')) {
        out.mentions += 1;
        m.scrollIntoView({ block: 'start' }); // a card loads near the viewport
        m.shadowRoot.querySelector('button').click();
        const card = m.shadowRoot.querySelector('pfp-entity');
        const s = await __hostile.settled(card);
        const heading = card.shadowRoot.querySelector('h3')?.firstChild?.data ?? '';
        const named = almanac.lookup(m.textContent);
        if (s !== 'ready' || named?.id !== m.getAttribute('entity') || heading !== named?.name)
          out.cards.push(
            `${m.getAttribute('entity')} "${m.textContent}": card ${s}, heading "${heading}", lookup finds ${named?.id}`,
          );
        m.shadowRoot.querySelector('button').click();
      }
      return out;
    }, PAYLOADS);
    assert.equal(annotated.state, 'ready');
    assertNone(
      annotated.cards,
      'mentions whose card is not the entity lookup finds for the wrapped text',
    );
    assert.ok(
      annotated.mentions >= PAYLOADS.length - 2,
      `only ${annotated.mentions} of ${PAYLOADS.length} payload names were recognised in the article`,
    );

    // Searching for each payload (the value attribute) in this corpus.
    const searched = await page.evaluate(async (payloads) => {
      const out = [];
      const el = document.querySelector('#search');
      el.scrollIntoView();
      await __hostile.settled(el, 30_000);
      const input = el.shadowRoot.querySelector('input[role=combobox]');
      for (const p of payloads) {
        input.value = p.text.replace(/\s+/g, ' ').trim();
        input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
        const first = el.shadowRoot.querySelector('[role=option]');
        first?.click();
        out.push({
          text: input.value,
          shown:
            Boolean(first) &&
            __hostile.deepText(el.shadowRoot.querySelector('.passage')).includes(input.value),
        });
      }
      return out;
    }, PAYLOADS);
    // Every payload is a passage of this corpus, word for word: searching for it must open it.
    const missed = searched.filter((s) => !s.shown).map((s) => s.text);
    assert.deepEqual(
      missed,
      [],
      `${missed.length} of ${searched.length} payload searches did not open a passage showing the payload`,
    );

    count(
      'corpus: event titles, qualifiers, readings, quotes (timeline item and panel)',
      XSS.length,
    );
    count(
      'corpus: entity names, descriptions, facts, relation kinds, disagreements (card by id)',
      XSS.length,
    );
    count('corpus: entity names (card by name)', XSS.length);
    count('corpus: entity names as article text (mentions and their cards)', XSS.length);
    count('corpus: passages (search results and passage view)', XSS.length);
    t.diagnostic(
      `corpus: ${PAYLOADS.length} events opened, ${cards.length} cards, ${annotated.mentions} mentions, ${searched.length} searches in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    await assertNothingRan(page, w, path, 'hostile corpus');
  });
});

test('mutation: a widget that inserted its text as HTML would be caught by these detectors', async (t) => {
  // Build the widget with dom.js's text nodes replaced by insertAdjacentHTML (into memory, not dist/),
  // serve it in place of dist/pfp-almanac.js, and require the detectors to report the payloads.
  const { build } = await import('esbuild');
  const widget = join(repo, 'www', 'widget');
  const SAFE = 'else el.append(child instanceof Node ? child : String(child));';
  let mutated = false;
  const result = await build({
    entryPoints: [join(widget, 'index.js')],
    bundle: true,
    write: false,
    format: 'iife',
    logLevel: 'silent',
    inject: [join(widget, 'import-meta-url.js')],
    define: { __PFP_VERSION__: '"mutant"', 'import.meta.url': 'import_meta_url' },
    loader: { '.wasm': 'binary' },
    plugins: [
      {
        name: 'unsafe-dom',
        setup(b) {
          b.onResolve({ filter: /^\.\/wasm-source\.js$/ }, () => ({
            path: join(widget, 'wasm-source.script.js'),
          }));
          b.onLoad({ filter: /www[\\/]widget[\\/]dom\.js$/ }, () => {
            const src = readFileSync(join(widget, 'dom.js'), 'utf8');
            mutated = src.includes(SAFE);
            return {
              contents: src.replace(
                SAFE,
                "else if (child instanceof Node) el.append(child); else el.insertAdjacentHTML('beforeend', String(child));",
              ),
              loader: 'js',
            };
          });
        },
      },
    ],
  });
  assert.ok(
    mutated,
    `www/widget/dom.js no longer contains ${JSON.stringify(SAFE)}: update this mutation test`,
  );
  const bundle = result.outputFiles[0].text;
  const path = '/hostile-mutant.html';
  const sample = XSS.filter((p) => p.via === 'html').slice(0, 12);
  const html = fixture(
    'mutant',
    `<pfp-entity name="Malta" id="warm"></pfp-entity><div id="stage"></div>`,
  );
  await hostilePage(path, html, async ({ page, w }) => {
    await page.route(`${origin}/dist/pfp-almanac.js`, (route) =>
      route.fulfill({ status: 200, contentType: 'text/javascript', body: bundle }),
    );
    await page.reload();
    await warmUp(page);
    const specs = sample.map((p) => ({ tag: 'pfp-entity', attrs: { name: p.text } }));
    await page.evaluate((s) => __hostile.mount(s, document.querySelector('#stage')), specs);
    await page.waitForTimeout(500);
    const { pwned, problems } = await page.evaluate(() => __hostile.scan());
    t.diagnostic(
      `mutant widget: ${sample.length} payloads in <pfp-entity name>; ${pwned.length} ran, ${problems.length} problems found by the scan`,
    );
    assert.ok(
      pwned.length > 0,
      'no payload ran in a widget that inserts text as HTML: the __pwned flag detector is broken',
    );
    assert.ok(
      problems.length >= sample.length / 2,
      `the scan found only ${problems.length} problems in a widget that inserts text as HTML`,
    );
    assert.ok(
      strayRequests(w, path).length > 0,
      'no stray request from a widget that inserts text as HTML: the request detector is broken',
    );
  });
});

// ---------------------------------------------------------------------------------------------
// 2. Isolation

const HOSTILE_CSS = `
* { all: unset !important; }
html { font-size: 44px !important; line-height: 0.7 !important; letter-spacing: 0.15em !important; word-spacing: 0.6em !important;
  text-transform: uppercase !important; text-indent: 3em !important; text-align: right !important; white-space: nowrap !important;
  font-family: "Comic Sans MS", cursive !important; font-weight: 900 !important; font-style: italic !important; color: #222 !important;
  background: #fff !important; cursor: wait !important; }
head, script, style, title, link { display: none !important; }
body, main, article, p, section, header, div { display: block !important; }
li, button, input, select, option, mark, ol, ul, label, details, summary, time, blockquote, span, strong, cite, slot, h3, h4, h5 {
  display: none !important; visibility: hidden !important; opacity: 0 !important; pointer-events: none !important; font-size: 0 !important;
  position: absolute !important; clip-path: inset(50%) !important; }
[role], [part], [hidden], [tabindex], [aria-expanded], [aria-hidden], [class]:not(body), [id] { display: none !important; }
:focus, :focus-visible, :hover { outline: 12px solid red !important; }
*::before, *::after { content: "☠" !important; }
::selection { background: transparent !important; }
@media (prefers-reduced-motion: no-preference) { * { transition: all 5s !important; } }
`;

const ISO_PAGE = (css) => `<!doctype html>
<html lang="en" data-host="1">
<head>
<meta charset="utf-8">
<title>Isolation host</title>
<link rel="stylesheet" href="${css}">
</head>
<body class="host-body" data-x="1">
<header><h1>Host page</h1><nav><a href="#top">Top</a></nav></header>
<main><article>
<p>Text <mark>marked</mark> <button id="hb" type="button">Host button</button> <input id="hi" value="host"></p>
<ol><li>one</li><li>two</li></ol><ul role="list"><li>x</li></ul>
<details><summary>S</summary>D</details>
<div role="note">note</div>
<pfp-timeline from="1994" to="2009"><p>A list of dates, shown without JavaScript.</p></pfp-timeline>
<pfp-entity name="Malta"></pfp-entity>
<pfp-search></pfp-search>
<pfp-annotate><p>Malta signed in 1995, Sweden in 1994.</p></pfp-annotate>
</article></main>
</body>
</html>`;

/** Loads the isolation page, snapshots it, adds the widget's script, waits until everything is ready. */
async function isolation(path, css, body, fn) {
  // A tall viewport: every element is near it from the start (they load lazily), so the test never
  // scrolls and a scroll by the widget would show. 44px type makes the hostile page long.
  await withPage(
    path,
    { html: ISO_PAGE(css), goto: false, context: { viewport: { width: 1280, height: 4000 } } },
    async ({ page, log }) => {
      await page.addInitScript(installSpy);
      await page.route(`${origin}/hostile-host.css`, (route) =>
        route.fulfill({ status: 200, contentType: 'text/css', body }),
      );
      await page.goto(`${origin}${path}`);
      await page.focus('#hi');
      await page.evaluate(() => __spy.snapshot());
      await page.evaluate(() => {
        const s = document.createElement('script');
        s.src = '/dist/pfp-almanac.js';
        s.dataset.test = '';
        document.head.append(s);
      });
      await page
        .waitForFunction(
          () =>
            [
              ...document.querySelectorAll('pfp-timeline, pfp-entity, pfp-search, pfp-annotate'),
            ].every((e) => e.getAttribute('state') === 'ready'),
          null,
          { timeout: 30_000 },
        )
        .catch(async () =>
          assert.fail(
            `not every element became ready: ${await page.evaluate(() => [...document.querySelectorAll('[state]')].map((e) => `${e.localName}=${e.getAttribute('state')}`).join(', '))}`,
          ),
        );
      await page.waitForSelector('pfp-mention', { state: 'attached' });
      await fn({ page, log });
    },
  );
}

function assertUnchanged(cmp, what, { interacted = false } = {}) {
  assertNone(cmp.protos, `${what}: built-in prototypes or constructors changed`);
  assertNone(
    cmp.globals.filter((g) => g !== 'added window.PfpAlmanac'),
    `${what}: window globals changed`,
  );
  assert.ok(
    cmp.globals.includes('added window.PfpAlmanac'),
    `${what}: no global PfpAlmanac was added`,
  );
  assertNone(cmp.listeners, `${what}: listeners left on document, window, <html> or <body>`);
  const { before, after } = cmp;
  assert.deepEqual(
    after.elements,
    ['function', 'function', 'function', 'function', 'function'],
    `${what}: the custom elements are not all defined`,
  );
  assert.deepEqual(before.elements, [
    'undefined',
    'undefined',
    'undefined',
    'undefined',
    'undefined',
  ]);
  for (const k of [
    'title',
    'href',
    'historyLength',
    'cookie',
    'local',
    'session',
    'html',
    'body',
    'head',
    'adopted',
    'sheets',
    'handlers',
  ]) {
    assert.deepEqual(after[k], before[k], `${what}: ${k} of the page changed`);
  }
  if (!interacted) {
    assert.deepEqual(
      after.scroll,
      before.scroll,
      `${what}: the page scrolled while the widget loaded`,
    );
    assert.equal(after.active, before.active, `${what}: focus moved while the widget loaded`);
    assertNone(cmp.styles, `${what}: computed styles of the page's own elements changed`);
  }
}

/** Uses each element for real (pointer and keyboard), as a reader would. */
async function useEverything(page) {
  // The chart shows each event as a box, or in a cluster where they are too close: boxes never
  // overlap, so every one in the window must be the topmost thing at its centre, and clickable.
  const shown = await page.evaluate(() => {
    const root = document.querySelector('pfp-timeline').shadowRoot;
    const view = root.querySelector('[part~=scroller]').getBoundingClientRect();
    root.host.scrollIntoView({ block: 'center' });
    const items = [...root.querySelectorAll('ol > li button')].filter((b) =>
      b.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true }),
    );
    const inWindow = items.filter((b) => {
      const r = b.getBoundingClientRect();
      return r.width > 0 && r.height > 0 && r.left >= view.left - 1 && r.right <= view.right + 1;
    });
    const hittable = inWindow.flatMap((b) => {
      const r = b.getBoundingClientRect();
      const hit = root.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
      return hit && b.contains(hit) ? [b.dataset.id ?? null] : [];
    });
    return { items: items.length, inWindow: inWindow.length, hittable };
  });
  assert.ok(shown.items >= 10, `the timeline shows ${shown.items} items`);
  assert.equal(
    shown.hittable.length,
    shown.inWindow,
    `only ${shown.hittable.length} of the ${shown.inWindow} timeline items in the window can be clicked at their centre`,
  );
  const n = shown.items;
  const hittable = shown.hittable;
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.locator('pfp-timeline [part~=zoom-in]').click();
  await page.locator('pfp-timeline [part~=zoom-out]').click();
  await page.locator(`pfp-timeline [part~=event][data-id="${hittable.find(Boolean)}"]`).click();
  await page
    .locator('pfp-timeline [part~=panel] blockquote')
    .first()
    .waitFor({ state: 'visible', timeout: 5_000 });
  await page.keyboard.press('Escape');
  await page.locator('pfp-timeline [part~=panel]').waitFor({ state: 'hidden', timeout: 5_000 });
  const card = page.locator('pfp-entity h3').first();
  await card.waitFor({ state: 'visible', timeout: 5_000 });
  assert.match(await card.textContent(), /Malta/);
  await page.locator('pfp-search input[role=combobox]').click();
  await page.keyboard.type('democratic control');
  const option = page.locator('pfp-search [role=option]').first();
  await option.waitFor({ state: 'visible', timeout: 10_000 });
  await option.click();
  await page.locator('pfp-search [part~=passage]').waitFor({ state: 'visible', timeout: 5_000 });
  // The mouse (with the page's `*::before { content: … }` on the mention), then the keyboard.
  const popover = page.locator('pfp-annotate pfp-mention [part~=popover]').first();
  const mention = page.locator('pfp-annotate pfp-mention').first();
  await mention.click();
  await popover.locator('pfp-entity h3').first().waitFor({ state: 'visible', timeout: 5_000 });
  await mention.click();
  await popover.waitFor({ state: 'hidden', timeout: 5_000 });
  await page.mouse.move(0, 0);
  await page.locator('pfp-annotate pfp-mention button').first().focus();
  await page.keyboard.press('Enter');
  await popover.locator('pfp-entity h3').first().waitFor({ state: 'visible', timeout: 5_000 });
  await page.keyboard.press('Escape');
  await popover.waitFor({ state: 'hidden', timeout: 5_000 });
  return `${n} items shown, ${hittable.length} in the window, each clickable at its centre`;
}

// The same checks on two hosts: one with aggressive global CSS, one plain page.
for (const [name, path, sheet, css, label] of [
  [
    'isolation: a page with aggressive global CSS (resets, !important, huge fonts) still gets a usable widget',
    '/hostile-css.html',
    '/hostile-host.css',
    HOSTILE_CSS,
    'hostile CSS',
  ],
  [
    'isolation: the widget changes nothing of the page (styles, globals, prototypes, listeners, title, URL, focus)',
    '/plain-host.html',
    '/article.css',
    '',
    'plain page',
  ],
]) {
  test(
    name,
    async (t) => {
      await isolation(path, sheet, css, async ({ page, log }) => {
        assertUnchanged(await page.evaluate(() => __spy.compare()), `${label}, after loading`);
        t.diagnostic(`${label}: ${await useEverything(page)}`);
        assertUnchanged(await page.evaluate(() => __spy.compare()), `${label}, after use`, {
          interacted: true,
        });
        assertNone(log.pageErrors, 'uncaught errors');
        assertNone(log.consoleErrors, 'console errors');
      });
    },
    { timeout: 120_000 },
  );
}

// ---------------------------------------------------------------------------------------------
// 3. Two copies, two versions

const V1 = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')).version;
const V2 = '9.9.9-hostile';

function secondVersion() {
  const script = readFileSync(join(repo, 'dist', 'pfp-almanac.js'), 'utf8');
  const needle = JSON.stringify(V1);
  const parts = script.split(needle);
  assert.ok(parts.length > 1, `the version string ${needle} is not in dist/pfp-almanac.js`);
  return parts.join(JSON.stringify(V2));
}

const TWO_BODY = `<pfp-timeline from="1995" to="1996"></pfp-timeline><pfp-entity name="Malta"></pfp-entity><pfp-search value="Malta"></pfp-search>
<pfp-annotate><p>Malta and Sweden.</p></pfp-annotate>`;

async function twoScripts(t, label, head, { expect, wasmFrom, before: setup }) {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${label}</title>${setup ?? ''}${head}</head><body>${TWO_BODY}</body></html>`;
  const path = `/two-${label.replace(/\W+/g, '-')}.html`;
  await withPage(path, { html, goto: false }, async ({ page, log }) => {
    const v2 = secondVersion();
    await page.route(
      (url) => url.pathname === '/v2/pfp-almanac.js',
      (route) => route.fulfill({ status: 200, contentType: 'text/javascript', body: v2 }),
    );
    // The second copy's split build (the modules its bootstrap imports from beside itself).
    await page.route(
      (url) => url.pathname.startsWith('/v2/pfp-almanac/'),
      (route) =>
        route.fulfill({
          status: 200,
          contentType: 'text/javascript',
          body: readFileSync(
            join(
              repo,
              'dist',
              'pfp-almanac',
              new URL(route.request().url()).pathname.slice('/v2/pfp-almanac/'.length),
            ),
          ),
        }),
    );
    await page.route(`${origin}/v2/pfp_almanac_bg.wasm`, (route) =>
      route.fulfill({
        status: 200,
        contentType: 'application/wasm',
        body: readFileSync(join(repo, 'dist', 'pfp_almanac_bg.wasm')),
      }),
    );
    await page.goto(`${origin}${path}`);
    await page
      .waitForFunction(
        () =>
          [...document.querySelectorAll('[state]')].length === 4 &&
          [...document.querySelectorAll('[state]')].every(
            (e) => e.getAttribute('state') === 'ready',
          ),
        null,
        { timeout: 30_000 },
      )
      .catch(async () =>
        assert.fail(
          `${label}: ${await page.evaluate(() => [...document.querySelectorAll('pfp-timeline, pfp-entity, pfp-search, pfp-annotate')].map((e) => `${e.localName}=${e.getAttribute('state')}: ${e.shadowRoot?.textContent.slice(0, 100)}`).join('; '))}`,
        ),
      );
    const state = await page.evaluate(() => ({
      version: PfpAlmanac.version,
      same: Object.entries(PfpAlmanac.elements).map(
        ([name, cls]) => `${name}:${customElements.get(name) === cls}`,
      ),
      search: customElements.get('pfp-search')?.name,
    }));
    assert.equal(state.version, expect, `${label}: PfpAlmanac.version`);
    if (setup)
      assert.equal(
        state.search,
        'HostSearch',
        `${label}: the page's own <pfp-search> was replaced`,
      );
    else
      assert.deepEqual(
        state.same,
        Object.keys(await page.evaluate(() => PfpAlmanac.elements)).map((n) => `${n}:true`),
        `${label}: the registered elements are not the first copy's`,
      );
    // Late: another copy after everything rendered registers nothing and breaks nothing.
    await page.evaluate(
      () =>
        new Promise((resolve, reject) => {
          const s = document.createElement('script');
          s.src = '/v2/pfp-almanac.js?late';
          s.onload = resolve;
          s.onerror = reject;
          document.head.append(s);
        }),
    );
    assert.equal(
      await page.evaluate(() => PfpAlmanac.version),
      expect,
      `${label}: a late copy changed PfpAlmanac.version`,
    );
    await page.evaluate(() =>
      document.body.append(Object.assign(document.createElement('pfp-entity'), { id: 'late' })),
    );
    await page.evaluate(() => document.querySelector('#late').setAttribute('name', 'Sweden'));
    await page.waitForFunction(
      () => document.querySelector('#late').getAttribute('state') === 'ready',
      null,
      { timeout: 10_000 },
    );
    await page.locator('pfp-timeline ol > li button').first().click();
    await page
      .locator('pfp-timeline [part~=panel] blockquote')
      .first()
      .waitFor({ state: 'visible', timeout: 5_000 });
    const wasm = wasmRequests(log).map((u) => new URL(u).pathname);
    assert.deepEqual(wasm, [wasmFrom], `${label}: the wasm requests`);
    assertNone(log.pageErrors, `${label}: uncaught errors`);
    assertNone(log.consoleErrors, `${label}: console errors`);
    t.diagnostic(`${label}: PfpAlmanac.version ${state.version}, wasm from ${wasm.join(', ')}`);
  });
}

test('two copies of the script, and two versions, on one page: the first wins, nothing throws', async (t) => {
  const v1 = '<script src="/dist/pfp-almanac.js" defer></script>';
  const v2 = '<script src="/v2/pfp-almanac.js" defer></script>';
  await twoScripts(t, 'same script twice', v1 + v1, {
    expect: V1,
    wasmFrom: '/dist/pfp_almanac_bg.wasm',
  });
  await twoScripts(t, 'v1 then v2', v1 + v2, {
    expect: V1,
    wasmFrom: '/dist/pfp_almanac_bg.wasm',
  });
  await twoScripts(t, 'v2 then v1', v2 + v1, { expect: V2, wasmFrom: '/v2/pfp_almanac_bg.wasm' });
  // A page that defined one of the tags itself keeps it; the other elements still work.
  const own =
    '<script>customElements.define("pfp-search", class HostSearch extends HTMLElement { connectedCallback() { this.setAttribute("state", "ready"); } });</script>';
  await twoScripts(t, 'host defines pfp-search', v1 + v2, {
    expect: V1,
    wasmFrom: '/dist/pfp_almanac_bg.wasm',
    before: own,
  });
});

test('summary: payloads × injection points', (t) => {
  const total = tally.reduce((a, [, n]) => a + n, 0);
  for (const [point, n] of tally) t.diagnostic(`${point}: ${n}`);
  t.diagnostic(
    `${XSS.length} XSS payloads (+${PAYLOADS.length - XSS.length} object-key names) × ${tally.length} injection points = ${total} injections, none ran or left anything behind`,
  );
});
