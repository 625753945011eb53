// How the tests launch Debian's Chromium (playwright-core's chromium.launch options), in one place
// for tests/browser/ and tests/packaging/. --no-sandbox: it runs as root here; the rest keep a
// headless test browser from fetching updates, syncing or showing a first-run page.
// Not a test file itself (node --test only runs *.test.mjs).
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
