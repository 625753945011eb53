// A tiny static server for the demo pages, no dependencies: `/` → www/index.html (the article demo
// of the widget), `/dist/*` → dist/, anything else → www/ (`/query.html`, `/article.css`, ...).
// /csp.html and /csp-nowasm.html are sent with a Content-Security-Policy header (PAGE_HEADERS).
// Binds 127.0.0.1 only. PORT from the environment, 8080 by default.
//   node scripts/serve.mjs [root]     (root: serve that folder alone, e.g. a Vite build's output)
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = resolve(fileURLToPath(new URL('..', import.meta.url)));

// application/wasm matters: WebAssembly.instantiateStreaming refuses anything else.
export const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.ts': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
  '.almanac': 'application/octet-stream',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};

// The demo's mounts, longest prefix first.
export const DEMO_MOUNTS = [
  ['/dist/', join(repo, 'dist')],
  ['/', join(repo, 'www')],
];

// Extra response headers by URL path. The two CSP pages show what a host page's policy must allow:
// the widget's script and wasm come from 'self', its styles are constructable stylesheets (allowed by
// style-src 'self', unlike <style> text), and compiling WebAssembly needs 'wasm-unsafe-eval'.
// Without it (csp-nowasm.html) the widget must show a readable error and leave the article intact.
// tests/browser/widget.test.mjs checks both; keep the policies here and in www/csp*.html in step.
export const PAGE_HEADERS = {
  '/csp.html': {
    'content-security-policy':
      "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'",
  },
  '/csp-nowasm.html': {
    'content-security-policy': "default-src 'self'; script-src 'self'; style-src 'self'",
  },
};

/** Maps a URL path to a file inside one of the mounts, or null when it would escape them. */
function locate(mounts, pathname) {
  for (const [prefix, dir] of mounts) {
    if (pathname === prefix.slice(0, -1) || pathname.startsWith(prefix)) {
      let rest = decodeURIComponent(pathname.slice(prefix.length));
      if (rest === '' || rest.endsWith('/')) rest += 'index.html';
      const file = normalize(join(dir, rest));
      return file === dir || file.startsWith(dir + sep) ? file : null;
    }
  }
  return null;
}

export function serve({ mounts, port = 8080, host = '127.0.0.1', headers = {} }) {
  const server = createServer(async (req, res) => {
    const { pathname } = new URL(req.url, 'http://localhost');
    let file;
    try {
      file = locate(mounts, pathname);
    } catch {
      file = null; // malformed %-escape
    }
    try {
      if (file === null || !(await stat(file)).isFile()) throw new Error('not a file');
      const body = await readFile(file);
      res.writeHead(200, {
        'content-type': MIME[extname(file)] ?? 'application/octet-stream',
        'content-length': body.length,
        'cache-control': 'no-cache',
        ...headers[pathname],
      });
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(`not found: ${pathname}\n`);
    }
  });
  return new Promise((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolvePromise(server));
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = process.argv[2];
  const mounts = root ? [['/', resolve(root)]] : DEMO_MOUNTS;
  const port = Number(process.env.PORT ?? 8080);
  const server = await serve({ mounts, port, headers: root ? {} : PAGE_HEADERS });
  const { port: actual } = server.address();
  console.log(`pfp-almanac: serving on http://127.0.0.1:${actual}/ (Ctrl-C to stop)`);
}
