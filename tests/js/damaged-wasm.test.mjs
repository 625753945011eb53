// A wasm whose built-in corpus arrived damaged (issue 5, "Faults"): the code compiles and runs, so
// wasm-bindgen keeps that instance for the realm, but its corpus fails the checksum. load() must say
// so, and a later load() must read the corpus of a fresh copy of the wasm file and answer as an
// intact wasm does. Its own file: the wasm is instantiated once per process, and this test needs
// the damaged one to be the first.
//   node --test tests/js/damaged-wasm.test.mjs   (after bash scripts/build.sh)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { load } from '../../dist/node.js';

const WASM = fileURLToPath(new URL('../../dist/wasm/pfp_almanac_bg.wasm', import.meta.url));

/** The wasm with one byte of its embedded corpus's payload changed (the header is 18 bytes). */
function damaged() {
  const bytes = readFileSync(WASM);
  // The PFPALMNC that starts the bundle, not the reader's constant: its payload length (bytes
  // 14..18 of the header) fits in the file.
  let at = -1;
  for (let i = bytes.indexOf('PFPALMNC'); i >= 0 && at < 0; i = bytes.indexOf('PFPALMNC', i + 1)) {
    if (i + 18 + bytes.readUInt32LE(i + 14) <= bytes.length) at = i;
  }
  assert.ok(at > 0, 'no embedded bundle in the wasm');
  bytes[at + 18 + 4000] ^= 0x5a;
  return bytes;
}

test('load() again after a damaged built-in corpus reads it from a fresh copy of the wasm file', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pfp-damaged-'));
  const file = join(dir, 'pfp_almanac_bg.wasm');
  writeFileSync(file, damaged());

  await assert.rejects(load({ wasm: file }), (error) => {
    assert.match(
      error.message,
      /could not open the corpus: the bundle is corrupted \(checksum mismatch\)/,
    );
    assert.match(
      error.message,
      new RegExp(
        `the wasm from ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} arrived damaged; trying again downloads it afresh`,
      ),
    );
    return true;
  });
  // Still damaged: said again, and nothing is cached.
  await assert.rejects(
    load(),
    /the wasm from .* is damaged again \(no intact built-in corpus in it\)/,
  );

  copyFileSync(WASM, file);
  const almanac = await load();
  // The answers of the intact corpus: its counts, a lookup, a timeline and a search.
  const stats = almanac.stats();
  assert.ok(
    stats.documents >= 5 && stats.entities > 100 && stats.events > 50,
    JSON.stringify(stats),
  );
  assert.equal(almanac.lookup('Malta')?.id, 'country/malta');
  assert.ok(almanac.timeline({ entity: 'country/malta' }).some((e) => e.kind === 'signature'));
  assert.ok(almanac.search('Partnership for Peace').hits.length > 0);
  // Once read, the fresh corpus is kept: a later load() does not read the file again.
  writeFileSync(file, damaged());
  assert.deepEqual((await load()).stats(), stats);
});
