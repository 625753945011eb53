#!/usr/bin/env node
// `pfp-almanac build <folder> [-o <file>]`: validates a corpus folder and writes its bundle, with
// the same compiler as `cargo almanac-build` (compiled to WebAssembly, so no Rust is needed).
// Every error is printed with its file and line; the exit code is 1 if there is any.
// `pfp-almanac render timeline|entity [name=value ...] [--corpus <file.almanac>]`: prints the
// element with the static HTML of its first view inside, to paste into a page (see render.js).
import { mkdir, readFile, readdir, realpath, writeFile, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';

const usage = [
  'usage: pfp-almanac build <corpus folder> [-o <file.almanac>] [--check]',
  '       pfp-almanac render timeline|entity [attribute=value ...] [--corpus <file.almanac>]',
  '         e.g. render timeline from=1993 to=2010   render entity name=Malta lang=fr',
].join('\n');

// What `render` draws, and the attributes each element reads (as on the element itself).
const RENDERED = {
  timeline: ['from', 'to', 'kinds', 'entity', 'lang', 'src'],
  entity: ['name', 'entity', 'lang', 'src'],
};

/** `render`: the element's first view as HTML on standard output. */
async function render(args) {
  const [element, ...rest] = args;
  if (!Object.hasOwn(RENDERED, element)) {
    console.error(
      `render what? ${JSON.stringify(element ?? '')} is not one of timeline, entity\n${usage}`,
    );
    return 2;
  }
  const attributes = {};
  let corpus;
  for (let i = 0; i < rest.length; i++) {
    if (rest[i] === '--corpus') {
      corpus = rest[++i];
      if (corpus === undefined) {
        console.error(`--corpus needs a file\n${usage}`);
        return 2;
      }
      continue;
    }
    const eq = rest[i].indexOf('=');
    const name = eq > 0 ? rest[i].slice(0, eq) : rest[i];
    if (eq <= 0 || !RENDERED[element].includes(name)) {
      console.error(
        `unexpected argument ${JSON.stringify(rest[i])}: <pfp-${element}> reads ${RENDERED[element].map((a) => `${a}=`).join(', ')}\n${usage}`,
      );
      return 2;
    }
    attributes[name] = rest[i].slice(eq + 1);
  }
  const { load } = await import('./node.js');
  const { renderTimeline, renderEntity } = await import('./render.js');
  try {
    const almanac = await load(corpus === undefined ? {} : { corpus: path.resolve(corpus) });
    const html = (element === 'timeline' ? renderTimeline : renderEntity)(almanac, attributes);
    process.stdout.write(`${html}\n`);
    return 0;
  } catch (error) {
    console.error(String(error?.message ?? error));
    return 1;
  }
}

/**
 * The corpus folder's TOML files and every source text its almanac.toml points at: `files` maps
 * each path (as the corpus names it) to its text. A corpus reads only its own folder, so a path is
 * read only when it really is inside it (fs.realpath: `..`, absolute paths and symbolic links
 * resolved); one that leads out is not read but put in `links`, with where it leads, and the
 * compiler refuses it at the line that names it (the rule and its messages live in src/compiler/).
 */
async function gather(folder, corpusSources) {
  const root = await realpath(folder);
  const inside = (real) => real === root || real.startsWith(root + path.sep);
  const files = {};
  const links = {};
  /** The entries of `dir` that are inside the folder, each with where it really is and what it is. */
  async function entries(dir) {
    const found = [];
    for (const name of await readdir(dir).catch(() => [])) {
      const full = path.join(dir, name);
      const real = await realpath(full).catch(() => null); // a broken link: nothing to read
      if (real === null) continue;
      if (inside(real)) found.push({ full, real, name, stat: await stat(real) });
      else links[full] = real;
    }
    return found;
  }
  // TOML files in any subfolder; `seen` keeps a link back up the tree from looping.
  const seen = new Set();
  async function tomlFiles(dir, real) {
    if (seen.has(real)) return;
    seen.add(real);
    for (const entry of await entries(dir)) {
      if (entry.stat.isDirectory()) await tomlFiles(entry.full, entry.real);
      else if (entry.stat.isFile() && entry.name.endsWith('.toml'))
        files[entry.full] = await readFile(entry.real, 'utf8');
    }
  }
  await tomlFiles(folder, root);
  const almanac = files[path.join(folder, 'almanac.toml')];
  const sources = almanac === undefined ? undefined : corpusSources(almanac);
  if (sources !== undefined) {
    const dir = path.resolve(folder, sources);
    const real = await realpath(dir).catch(() => null);
    if (real !== null && !inside(real)) links[dir] = real;
    else if (real !== null) {
      for (const entry of await entries(dir)) {
        if (entry.stat.isFile()) files[entry.full] = await readFile(entry.real, 'utf8');
      }
    }
  }
  return { files, links };
}

/** A path as the user would type it: relative to where the command runs, when it is inside it. */
function shown(file) {
  const relative = path.relative(process.cwd(), file);
  return relative === '' ||
    relative === '..' ||
    relative.startsWith(`..${path.sep}`) ||
    path.isAbsolute(relative)
    ? file
    : relative;
}

async function main(argv) {
  const [command, ...rest] = argv;
  if (command === 'render') return render(rest);
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
  const { compileCorpus, corpusSources } = require('./compiler/pfp_almanac_compiler.js');
  const started = performance.now();
  let result;
  try {
    const { files, links } = await gather(folder, corpusSources);
    result = compileCorpus(files, folder, links);
  } catch (error) {
    for (const d of error.diagnostics ?? [])
      console.error(`${shown(d.file)}:${d.line}: ${d.message}`);
    if (!error.diagnostics) console.error(error.message);
    console.error(`${error.diagnostics?.length ?? 1} error(s); nothing written`);
    return 1;
  }
  for (const w of result.warnings) console.error(`warning: ${w}`);
  const ms = (performance.now() - started).toFixed(0);
  console.log(
    `${shown(folder)}: ${result.documents} documents, ${result.passages} passages, ${result.entities} entities, ${result.events} events; bundle ${result.bundle.length} bytes; ${ms} ms`,
  );
  if (!check) {
    const out = path.resolve(output ?? `${folder.replace(/\/$/, '')}.almanac`);
    await mkdir(path.dirname(out), { recursive: true });
    await writeFile(out, result.bundle);
    console.log(`wrote ${shown(out)}`);
  }
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
