#!/usr/bin/env node
// `pfp-almanac build <folder> [-o <file>]`: validates a corpus folder and writes its bundle, with
// the same compiler as `cargo almanac-build` (compiled to WebAssembly, so no Rust is needed).
// Every error is printed with its file and line; the exit code is 1 if there is any.
import { mkdir, readFile, readdir, writeFile, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';

const usage = 'usage: pfp-almanac build <corpus folder> [-o <file.almanac>] [--check]';

async function tomlFiles(dir) {
  const out = [];
  for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await tomlFiles(full)));
    else if (entry.name.endsWith('.toml')) out.push(full);
  }
  return out;
}

/** The corpus folder's TOML files and every source text its almanac.toml points at. */
async function gather(folder) {
  const files = {};
  for (const file of await tomlFiles(folder)) files[file] = await readFile(file, 'utf8');
  const almanac = files[path.join(folder, 'almanac.toml')];
  const sources = almanac?.match(/^\s*sources\s*=\s*"([^"]*)"/m)?.[1];
  if (sources !== undefined) {
    const dir = path.resolve(folder, sources);
    for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
      if (entry.isFile()) files[path.join(dir, entry.name)] = await readFile(path.join(dir, entry.name), 'utf8');
    }
  }
  return files;
}

/** A path as the user would type it: relative to where the command runs, when it is inside it. */
function shown(file) {
  const relative = path.relative(process.cwd(), file);
  return relative === '' || relative === '..' || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative) ? file : relative;
}

async function main(argv) {
  const [command, ...rest] = argv;
  if (command !== 'build') {
    console.error(usage);
    return 2;
  }
  let folder;
  let output;
  let check = false;
  for (let i = 0; i < rest.length; i++) {
    if (rest[i] === '-o' || rest[i] === '--output') output = rest[++i];
    else if (rest[i] === '--check') check = true;
    else if (folder === undefined) folder = rest[i];
    else {
      console.error(`unexpected argument ${JSON.stringify(rest[i])}; ${usage}`);
      return 2;
    }
  }
  if (folder === undefined) {
    console.error(usage);
    return 2;
  }
  folder = path.resolve(folder);
  if (!(await stat(folder).catch(() => null))?.isDirectory()) {
    console.error(`${folder}: not a folder; ${usage}`);
    return 2;
  }
  const require = createRequire(import.meta.url);
  const { compileCorpus } = require('./compiler/pfp_almanac_compiler.js');
  const started = performance.now();
  let result;
  try {
    result = compileCorpus(await gather(folder), folder);
  } catch (error) {
    for (const d of error.diagnostics ?? []) console.error(`${shown(d.file)}:${d.line}: ${d.message}`);
    if (!error.diagnostics) console.error(error.message);
    console.error(`${error.diagnostics?.length ?? 1} error(s); nothing written`);
    return 1;
  }
  for (const w of result.warnings) console.error(`warning: ${w}`);
  const ms = (performance.now() - started).toFixed(0);
  console.log(`${shown(folder)}: ${result.documents} documents, ${result.passages} passages, ${result.entities} entities, ${result.events} events; bundle ${result.bundle.length} bytes; ${ms} ms`);
  if (!check) {
    const out = path.resolve(output ?? `${folder.replace(/\/$/, '')}.almanac`);
    await mkdir(path.dirname(out), { recursive: true });
    await writeFile(out, result.bundle);
    console.log(`wrote ${shown(out)}`);
  }
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
