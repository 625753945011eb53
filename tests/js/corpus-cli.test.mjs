// `pfp-almanac build` (the npm command) compiles a corpus folder, reports every error with its
// file and line, and the bundle it writes loads with load({ corpus }) beside the built-in one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import {
  mkdtempSync,
  mkdirSync,
  cpSync,
  readFileSync,
  realpathSync,
  renameSync,
  writeFileSync,
  rmSync,
  symlinkSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { load } from '../../dist/node.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const cli = path.join(root, 'dist/cli.mjs');

test('the example corpus builds, loads, and sits beside the built-in corpus', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'pfp-cli-'));
  try {
    const out = path.join(dir, 'rome.almanac');
    const log = execFileSync(
      'node',
      [cli, 'build', path.join(root, 'examples/rome-declaration'), '-o', out],
      { encoding: 'utf8' },
    );
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

test('the three-document example (its README walks through it) builds with the npm command and loads', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'pfp-cli-'));
  try {
    const out = path.join(dir, 'marren.almanac');
    const log = execFileSync(
      'node',
      [cli, 'build', path.join(root, 'examples/three-documents'), '-o', out],
      { encoding: 'utf8' },
    );
    assert.match(log, /3 documents, 40 passages, 9 entities, 6 events/);
    const marren = await load({ corpus: out });
    assert.deepEqual(
      marren
        .documents()
        .map((d) => d.id)
        .sort(),
      ['agreement', 'encyclopedia', 'press-release'],
    );
    assert.equal(marren.lookup('MRC').id, 'organisation/marren-river-commission');
    assert.equal(marren.passage('agreement/station-lindt-bridge').kind, 'row');
    const session = marren
      .timeline({ from: '2019-06', to: '2019-06' })
      .find((e) => e.id === 'meeting/first-session');
    assert.deepEqual(
      [session.date, session.end, session.precision],
      ['2019-06-03', '2019-06-04', 'day'],
    );
    assert.deepEqual(
      marren.disagreements('document/castell-agreement')[0].readings.map((r) => r.value),
      ['1 May 2019', 'June 2019'],
    );
    assert.equal(marren.search('flood warnings').hits[0].passage, 'agreement/p3b');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the two mistakes of the example walkthrough give the errors it quotes, verbatim', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'pfp-cli-'));
  try {
    cpSync(path.join(root, 'examples/three-documents'), path.join(dir, 'marren'), {
      recursive: true,
    });
    const events = path.join(dir, 'marren/events/all.toml');
    const text = readFileSync(events, 'utf8');
    const broken = text
      .replace(
        'quote = "was signed in Castell on 14 March 2019"',
        'quote = "was signed at Castell on 14 March 2019"',
      )
      .replace('date = "2021-09"\n', 'date = "2021-09-15"\n');
    assert.notEqual(broken, text);
    writeFileSync(events, broken);
    const run = spawnSync('node', [cli, 'build', 'marren', '-o', 'marren.almanac'], {
      cwd: dir,
      encoding: 'utf8',
    });
    assert.equal(run.status, 1);
    const walkthrough = readFileSync(path.join(root, 'examples/three-documents/README.md'), 'utf8');
    const lines = run.stderr.trim().split('\n');
    assert.equal(lines.length, 3, run.stderr);
    for (const line of lines)
      assert.ok(
        walkthrough.includes(line),
        `examples/three-documents/README.md does not quote:\n${line}`,
      );
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
    writeFileSync(
      events,
      readFileSync(events, 'utf8')
        .replace(
          'we hereby establish the NATO-Russia Council',
          'we hereby found the NATO-Russia Council',
        )
        .replace('kind = "statement"', 'kind = "picnic"'),
    );
    const out = path.join(dir, 'broken.almanac');
    const run = spawnSync('node', [cli, 'build', folder, '-o', out], { encoding: 'utf8' });
    assert.equal(run.status, 1);
    assert.match(
      run.stderr,
      /events\/all\.toml:\d+: quote not found in rome-declaration: "we hereby found the NATO-Russia Council"/,
    );
    assert.match(run.stderr, /events\/all\.toml:\d+: .*unknown event kind "picnic"/);
    assert.match(run.stderr, /2 error\(s\); nothing written/);
    assert.throws(() => readFileSync(out), /ENOENT/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

// A corpus reads only its own folder: `pfp-almanac build` on a folder someone sent must neither
// read nor bundle files from elsewhere. Each case copies the Rome example to `<dir>/corpus` and its
// text beside it to `<dir>/outside/`, where the build would succeed if it read it, then names that
// copy from inside the corpus. The CLI runs with a spy (--import) that logs every path it reads
// or lists through node:fs/promises (and where that path really leads, so a read through a link
// shows), to check it reads nothing outside before the compiler refuses.
const TEXT = '002_dd13eea30d770287.txt';
const SPY = `import { createRequire, syncBuiltinESMExports } from 'node:module';
import { appendFileSync, realpathSync } from 'node:fs';
const fsp = createRequire(import.meta.url)('node:fs/promises');
const where = (p) => { try { return realpathSync(p); } catch { return p; } };
for (const name of ['readFile', 'readdir', 'open', 'opendir']) {
  const real = fsp[name];
  fsp[name] = (p, ...rest) => { appendFileSync(process.env.PFP_READ_LOG, name + ' ' + p + ' -> ' + where(p) + '\\n'); return real(p, ...rest); };
}
syncBuiltinESMExports();
`;

function outsideCase(edit) {
  const dir = realpathSync(mkdtempSync(path.join(tmpdir(), 'pfp-cli-outside-')));
  const folder = path.join(dir, 'corpus');
  const outside = path.join(dir, 'outside');
  cpSync(path.join(root, 'examples/rome-declaration'), folder, { recursive: true });
  mkdirSync(outside);
  cpSync(path.join(folder, 'sources', TEXT), path.join(outside, TEXT));
  edit({ dir, folder, outside });
  return { dir, folder, outside };
}

/** Builds the case's corpus; fails unless the build fails with `expected` and read nothing outside. */
function refused({ dir, folder, outside }, expected) {
  writeFileSync(path.join(dir, 'spy.mjs'), SPY);
  const log = path.join(dir, 'reads.log');
  const out = path.join(dir, 'out.almanac');
  const run = spawnSync(
    'node',
    ['--import', pathToFileURL(path.join(dir, 'spy.mjs')).href, cli, 'build', folder, '-o', out],
    {
      encoding: 'utf8',
      env: { ...process.env, PFP_READ_LOG: log },
    },
  );
  assert.equal(run.status, 1, `the build read outside its folder:\n${run.stdout}${run.stderr}`);
  assert.ok(
    run.stderr.includes(expected),
    `missing ${JSON.stringify(expected)} in:\n${run.stderr}`,
  );
  const reads = readFileSync(log, 'utf8').trim().split('\n');
  assert.ok(
    reads.some((r) => r.includes(path.join(folder, 'almanac.toml'))),
    `the spy saw no reads:\n${reads.join('\n')}`,
  );
  assert.deepEqual(
    reads.filter((r) => r.includes(outside)),
    [],
    'read outside the corpus folder',
  );
  assert.throws(() => readFileSync(out), /ENOENT/);
}

const setSources =
  (sources) =>
  ({ folder }) =>
    writeFileSync(
      path.join(folder, 'almanac.toml'),
      `name = "Rome"\nsources = ${JSON.stringify(sources)}\n`,
    );

test('a corpus that names a folder outside it by ".." is refused at its line, and nothing outside is read', () => {
  const c = outsideCase(setSources('../outside'));
  try {
    refused(
      c,
      `${c.folder}/almanac.toml:2: sources = "../outside" leads outside the corpus folder (to ${c.outside}): only paths inside the corpus folder ${c.folder} are allowed: put the source texts in a folder inside it`,
    );
  } finally {
    rmSync(c.dir, { recursive: true, force: true });
  }
});

test('a corpus that names a folder outside it by an absolute path is refused at its line, and nothing outside is read', () => {
  const c = outsideCase((c) => setSources(c.outside)(c));
  try {
    refused(
      c,
      `${c.folder}/almanac.toml:2: sources = ${JSON.stringify(c.outside)} leads outside the corpus folder (to ${c.outside})`,
    );
  } finally {
    rmSync(c.dir, { recursive: true, force: true });
  }
});

test('a corpus that links outside it (a source text, a TOML file) is refused at the line that names it, and nothing outside is read', () => {
  const text = outsideCase(({ folder, outside }) => {
    rmSync(path.join(folder, 'sources', TEXT));
    symlinkSync(path.join(outside, TEXT), path.join(folder, 'sources', TEXT));
  });
  const toml = outsideCase(({ folder, outside }) => {
    renameSync(path.join(folder, 'entities/all.toml'), path.join(outside, 'all.toml'));
    symlinkSync(path.join(outside, 'all.toml'), path.join(folder, 'entities/all.toml'));
  });
  try {
    refused(
      text,
      `${text.folder}/documents/rome-declaration.toml:10: witness file "${TEXT}" leads outside the corpus folder (to ${text.outside}/${TEXT})`,
    );
    refused(
      toml,
      `${toml.folder}/entities/all.toml:1: cannot read: this file leads outside the corpus folder (to ${toml.outside}/all.toml)`,
    );
  } finally {
    rmSync(text.dir, { recursive: true, force: true });
    rmSync(toml.dir, { recursive: true, force: true });
  }
});

test('almanac.toml is read as TOML: a literal string and a comment name the sources folder as a quoted one does', () => {
  // The command asks the compiler's own TOML parser which folder holds the texts; a regex read
  // only `sources = "..."` and gathered no texts for the other spellings.
  for (const line of [
    "sources = 'sources'",
    'sources   =   "sources"   # the texts',
    "'sources' = 'sources'",
  ]) {
    const dir = mkdtempSync(path.join(tmpdir(), 'pfp-cli-toml-'));
    try {
      const corpus = path.join(dir, 'rome');
      cpSync(path.join(root, 'examples/rome-declaration'), corpus, { recursive: true });
      const file = path.join(corpus, 'almanac.toml');
      writeFileSync(file, readFileSync(file, 'utf8').replace(/^\s*sources\s*=.*$/m, line));
      const run = spawnSync('node', [cli, 'build', corpus, '--check'], { encoding: 'utf8' });
      assert.equal(run.status, 0, `${line}: ${run.stderr}`);
      assert.match(run.stdout, /1 documents, \d+ passages, 6 entities, 3 events/, line);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
});
