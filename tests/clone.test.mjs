// A clone of the repository builds on its own (issue 11): `git clone` of the committed HEAD into an
// empty temporary folder, with nothing beside it, then the README's `npm start` there (setup, the
// whole build, the demo server). The built corpus is then opened from what the clone's server
// serves and must find Malta. Any path of the build or the demo that reaches outside the
// repository (the corpus once read its sources from a folder beside the checkout, which CI happens
// to lay there) finds nothing here, and the test fails with the build's output.
//
// Run by scripts/test.sh (`node --test tests/clone.test.mjs`). About a minute or two: the clone
// builds in its own target/ (a CARGO_TARGET_DIR shared with this checkout could hand it artifacts
// built from here), from the toolchain and the npm cache that setup.sh already filled.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const git = (args, cwd = repo) => execFileSync('git', args, { cwd, encoding: 'utf8' }).trim();

// The clone's environment is a fresh shell's: nothing from this checkout's npm run, cargo or tests.
function freshEnv() {
  const env = { ...process.env, PORT: '0' };
  for (const key of Object.keys(env)) {
    if (/^(npm_|INIT_CWD$|CARGO_TARGET_DIR$|PFP_ALMANAC_CORPUS$|NODE_TEST_CONTEXT$)/.test(key))
      delete env[key];
  }
  return env;
}

/** A long log's beginning (where the first error is) and end (how it stopped). */
const excerpt = (log) =>
  log.length <= 8000 ? log : `${log.slice(0, 5000)}\n[...]\n${log.slice(-3000)}`;

/** Runs `npm start` in `cwd` until its server says where it serves; resolves with the URL and its log. */
function npmStart(cwd) {
  const child = spawn('npm', ['start'], {
    cwd,
    env: freshEnv(),
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  const served = new Promise((resolve, reject) => {
    const read = (chunk) => {
      log += chunk;
      const url = log.match(/serving on (http:\/\/127\.0\.0\.1:\d+\/)/)?.[1];
      if (url) resolve(url);
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.on('error', reject);
    child.on('exit', (code) =>
      reject(new Error(`npm start in the clone exited (${code}) before serving:\n${excerpt(log)}`)),
    );
  });
  // npm runs the server in a child of a shell: end the whole process group this test started.
  const stop = () => {
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  };
  return { served, stop };
}

test('a clone of HEAD with nothing beside it runs `npm start`, and the demo it serves finds Malta', {
  timeout: 30 * 60_000,
}, async (t) => {
  const head = git(['rev-parse', 'HEAD']);
  if (git(['status', '--porcelain']))
    t.diagnostic(`uncommitted changes are not in the clone: it is ${head}`);
  const empty = mkdtempSync(path.join(tmpdir(), 'pfp-clone-'));
  const clone = path.join(empty, 'pfp-almanac');
  let server;
  try {
    const started = performance.now();
    git(['clone', '--quiet', '--no-checkout', repo, clone], empty);
    git(['checkout', '--quiet', '--detach', head], clone);
    assert.deepEqual(readdirSync(empty), ['pfp-almanac'], 'nothing beside the clone');

    server = npmStart(clone);
    const url = await server.served;
    const built = performance.now();

    const page = await fetch(url);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /<pfp-timeline/, 'the demo article with its widgets');
    const wasm = new Uint8Array(
      await (await fetch(new URL('dist/pfp_almanac_bg.wasm', url))).arrayBuffer(),
    );
    assert.deepEqual(
      wasm,
      new Uint8Array(readFileSync(path.join(clone, 'dist/pfp_almanac_bg.wasm'))),
      'the clone serves its own build',
    );

    // The clone's own package, opening the wasm the demo serves: its built-in corpus is the clone's.
    const { load } = await import(pathToFileURL(path.join(clone, 'dist/node.js')).href);
    const almanac = await load({ wasm });
    assert.equal(almanac.lookup('Malta')?.id, 'country/malta');
    const malta = almanac.timeline({ entity: 'country/malta' }).map((e) => [e.kind, e.date]);
    assert.ok(
      malta.some(([kind, date]) => kind === 'signature' && date === '1995-04-26'),
      JSON.stringify(malta),
    );
    assert.equal(almanac.documents().length, 5, 'all five source texts were read from the clone');
    t.diagnostic(
      `${head.slice(0, 10)}: from git clone to serving the demo in ${((built - started) / 1000).toFixed(0)} s`,
    );
  } finally {
    server?.stop();
    rmSync(empty, { recursive: true, force: true });
  }
});
