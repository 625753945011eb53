// How the tests launch Debian's Chromium (playwright-core's chromium.launch options), and how long
// one test that drives it may take, in one place for tests/browser/ and tests/packaging/.
// --no-sandbox: it runs as root here; the rest keep a headless test browser from fetching updates,
// syncing or showing a first-run page.
// Not a test file itself (node --test only runs *.test.mjs).
import { test as nodeTest } from 'node:test';

/**
 * node:test's `test(name, fn)` with a time limit: a page that hangs fails its own test, by name, and
 * the run goes on. (node:test reads options only before the function: `test(name, fn, { timeout })`
 * is silently no limit at all.)
 */
export const test = (name, fn) => nodeTest(name, { timeout: 300_000 }, fn);

export const CHROMIUM_LAUNCH = {
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ],
};
