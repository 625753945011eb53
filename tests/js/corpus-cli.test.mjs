// `pfp-almanac build` (the npm command) compiles a corpus folder, reports every error with its
// file and line, and the bundle it writes loads with load({ corpus }) beside the built-in one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, cpSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { load } from '../../dist/node.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const cli = path.join(root, 'dist/cli.mjs');

test('the example corpus builds, loads, and sits beside the built-in corpus', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'pfp-cli-'));
  try {
    const out = path.join(dir, 'rome.almanac');
    const log = execFileSync('node', [cli, 'build', path.join(root, 'examples/rome-declaration'), '-o', out], { encoding: 'utf8' });
    assert.match(log, /1 documents, \d+ passages, 6 entities, 3 events/);
    const rome = await load({ corpus: readFileSync(out) });
    const builtin = await load();
    assert.equal(rome.documents().length, 1);
    assert.equal(rome.lookup('PJC').id, 'organisation/permanent-joint-council');
    assert.equal(rome.lookup('Malta'), null, 'the example corpus knows only its own entities');
    assert.equal(builtin.lookup('Malta').id, 'country/malta', 'the built-in corpus is untouched');
    const fromPath = await load({ corpus: out });
    assert.equal(fromPath.stats().events, 3);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the three-document example of the README builds with the npm command and loads', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'pfp-cli-'));
  try {
    const out = path.join(dir, 'marren.almanac');
    const log = execFileSync('node', [cli, 'build', path.join(root, 'examples/three-documents'), '-o', out], { encoding: 'utf8' });
    assert.match(log, /3 documents, 40 passages, 9 entities, 6 events/);
    const marren = await load({ corpus: out });
    assert.deepEqual(marren.documents().map((d) => d.id).sort(), ['agreement', 'encyclopedia', 'press-release']);
    assert.equal(marren.lookup('MRC').id, 'organisation/marren-river-commission');
    assert.equal(marren.passage('agreement/station-lindt-bridge').kind, 'row');
    const session = marren.timeline({ from: '2019-06', to: '2019-06' }).find((e) => e.id === 'meeting/first-session');
    assert.deepEqual([session.date, session.end, session.precision], ['2019-06-03', '2019-06-04', 'day']);
    assert.deepEqual(marren.disagreements('document/castell-agreement')[0].readings.map((r) => r.value), ['1 May 2019', 'June 2019']);
    assert.equal(marren.search('flood warnings').hits[0].passage, 'agreement/p3b');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the two mistakes of the README walkthrough give the errors it quotes, verbatim', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'pfp-cli-'));
  try {
    cpSync(path.join(root, 'examples/three-documents'), path.join(dir, 'marren'), { recursive: true });
    const events = path.join(dir, 'marren/events/all.toml');
    const text = readFileSync(events, 'utf8');
    const broken = text.replace('quote = "was signed in Castell on 14 March 2019"', 'quote = "was signed at Castell on 14 March 2019"').replace('date = "2021-09"\n', 'date = "2021-09-15"\n');
    assert.notEqual(broken, text);
    writeFileSync(events, broken);
    const run = spawnSync('node', [cli, 'build', 'marren', '-o', 'marren.almanac'], { cwd: dir, encoding: 'utf8' });
    assert.equal(run.status, 1);
    const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## Bring your own corpus'), readme.indexOf('## Performance'));
    const lines = run.stderr.trim().split('\n');
    assert.equal(lines.length, 3, run.stderr);
    for (const line of lines) assert.ok(section.includes(line), `README "Bring your own corpus" does not quote:\n${line}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('every mistake in a corpus is reported with its file and line, and nothing is written', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'pfp-cli-'));
  try {
    const folder = path.join(dir, 'corpus');
    cpSync(path.join(root, 'examples/rome-declaration'), folder, { recursive: true });
    writeFileSync(path.join(folder, 'almanac.toml'), 'name = "Broken"\nsources = "sources"\n');
    const events = path.join(folder, 'events/all.toml');
    writeFileSync(events, readFileSync(events, 'utf8').replace('we hereby establish the NATO-Russia Council', 'we hereby found the NATO-Russia Council').replace('kind = "statement"', 'kind = "picnic"'));
    const out = path.join(dir, 'broken.almanac');
    const run = spawnSync('node', [cli, 'build', folder, '-o', out], { encoding: 'utf8' });
    assert.equal(run.status, 1);
    assert.match(run.stderr, /events\/all\.toml:\d+: quote not found in rome-declaration: "we hereby found the NATO-Russia Council"/);
    assert.match(run.stderr, /events\/all\.toml:\d+: .*unknown event kind "picnic"/);
    assert.match(run.stderr, /2 error\(s\); nothing written/);
    assert.throws(() => readFileSync(out), /ENOENT/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
