// Bundles the widget (www/widget/) with esbuild, after scripts/build.sh has assembled dist/:
//   dist/pfp-almanac.js         classic script (IIFE, minified, www/widget/bootstrap.js): claims the global and
//                               imports the split build below; finds pfp_almanac_bg.wasm beside itself
//   dist/pfp-almanac/           the split build (ES modules, minified): autoload.js, a module per element
//                               (and the timeline's story look), the chunk they all share (SHARED), and,
//                               each fetched when needed, the wasm glue, the other languages' strings and
//                               the projection's links and cards
//   dist/pfp-almanac.inline.js  every element with the wasm inlined (base64): one file, no second request
//   dist/widget.js              ES module for bundlers (`import 'pfp-almanac/widget'`); imports ./index.js,
//                               so it shares one wasm instance with `import { load } from 'pfp-almanac'`
//   dist/widget.d.ts            from pkg-config/widget.d.ts
//   dist/render.js              ES module: the static HTML of an element's first view (www/widget/prerender.js),
//                               for `npx pfp-almanac render` and `import { renderTimeline } from 'pfp-almanac/render'`
//   dist/pfp_almanac_bg.wasm    a copy of dist/wasm/pfp_almanac_bg.wasm for the classic script
//   dist/projection.json, dist/projection-links.json, dist/projection-cards.json
//                               the built-in corpus as the elements first draw it (www/widget/projection.js),
//                               bundled into the scripts: the first view needs no wasm
import { build, transform } from 'esbuild';
import { copyFileSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TAGS } from '../www/widget/tags.js';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(repo, 'dist');
const widget = join(repo, 'www', 'widget');
const { version } = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8'));

const common = {
  entryPoints: [join(widget, 'index.js')],
  bundle: true,
  minify: true,
  target: ['es2022', 'chrome100', 'firefox100', 'safari16'],
  legalComments: 'none',
  logLevel: 'warning',
  define: { __PFP_VERSION__: JSON.stringify(version) },
};

// The split build's shared chunk: every module more than one element uses, bundled as one module
// (shared-[hash].js) that the elements' modules import. Left to itself, esbuild cuts shared code
// into a chunk for each set of elements that use it: a page with one timeline then fetched six
// files where it now fetches three, and one gzip stream compresses them better than six.
const SHARED = [
  'loader.js',
  'wasm-source.js',
  'base.js',
  'dom.js',
  'styles.js',
  'schedule.js',
  'i18n.js',
  'timescale.js',
  'preview.js',
  'cite.js',
];

/** Resolves the SHARED modules to the shared chunk, external to the build importing them. */
function sharedChunk(file) {
  const names = SHARED.map((name) => name.replace(/\./g, '\\.')).join('|');
  return {
    name: 'pfp-shared-chunk',
    setup(b) {
      b.onResolve({ filter: new RegExp(`^\\./(${names})$`) }, () => ({
        path: `./${file}`,
        external: true,
      }));
    },
  };
}

/**
 * For autoload.js, each element's module (tags.js: what the script imports for the tags on the
 * page) and the story's look, the files it needs: the module's own (not autoload's: the script
 * imports that one with its version) and every chunk it imports statically, directly or not,
 * the shared chunk among them. `glue`: the wasm's glue, a chunk of the shared build's.
 */
const PREFETCHED = new Set([...Object.values(TAGS).map(([module]) => module), 'timeline-story.js']);
function chunksOf(metafile, glue) {
  const outputs = metafile.outputs;
  const closure = (out, seen = new Set()) => {
    for (const { path, kind, external } of outputs[out].imports)
      if (kind === 'import-statement' && !seen.has(path)) {
        seen.add(path);
        if (!external) closure(path, seen);
      }
    return seen;
  };
  const chunks = {};
  for (const [out, { entryPoint }] of Object.entries(outputs)) {
    const module = entryPoint?.replace(/^www\/widget\//, '');
    if (module !== 'autoload.js' && !PREFETCHED.has(module)) continue;
    const files = [...closure(out)];
    if (module !== 'autoload.js') files.unshift(out);
    chunks[module] = files.map(fileName);
  }
  chunks.glue = [glue];
  return chunks;
}

/**
 * Minifies the widget's css`…` texts (www/widget/styles.js) with esbuild's CSS minifier: the
 * comments and indentation that explain them in source are not shipped. An interpolation stays
 * one, held by a placeholder the minifier leaves alone.
 */
const minifyCss = {
  name: 'pfp-minify-css',
  setup(b) {
    b.onLoad({ filter: /[\\/]www[\\/]widget[\\/][^\\/]+\.js$/ }, async ({ path }) => {
      const source = readFileSync(path, 'utf8');
      let contents = '';
      let last = 0;
      for (const m of source.matchAll(/\bcss`((?:[^`\\]|\\.)*)`/g)) {
        const values = [];
        const text = m[1].replace(/\$\{([^}]*)\}/g, (_, expr) => `__pfp${values.push(expr) - 1}__`);
        const { code } = await transform(text, { loader: 'css', minify: true });
        const minified = code.trim().replace(/__pfp(\d+)__/g, (_, i) => `\${${values[i]}}`);
        contents += `${source.slice(last, m.index)}css\`${minified}\``;
        last = m.index + m[0].length;
      }
      return { contents: contents + source.slice(last), loader: 'js' };
    });
  },
};

/** Swaps www/widget/wasm-source.js for one of its build-specific variants. */
function wasmSource(variant) {
  return {
    name: 'pfp-wasm-source',
    setup(b) {
      b.onResolve({ filter: /^\.\/wasm-source\.js$/ }, () => ({
        path: join(widget, `wasm-source.${variant}.js`),
      }));
      b.onResolve({ filter: /^pfp-almanac-wasm-bytes$/ }, () => ({
        path: join(dist, 'wasm', 'pfp_almanac_bg.wasm'),
      }));
    },
  };
}

// Classic scripts have no import.meta: dist/index.js and the wasm-bindgen glue get the script's URL.
const classic = {
  ...common,
  format: 'iife',
  inject: [join(widget, 'import-meta-url.js')],
  define: { ...common.define, 'import.meta.url': 'import_meta_url' },
  loader: { '.wasm': 'binary' },
};

copyFileSync(join(dist, 'wasm', 'pfp_almanac_bg.wasm'), join(dist, 'pfp_almanac_bg.wasm'));

// The projection comes from the compiled corpus through the package's own API (dist/node.js).
{
  const { load } = await import(join(dist, 'node.js'));
  const { projectCards, projectLinks, projectTimeline } = await import(
    join(widget, 'projection.js')
  );
  const almanac = await load();
  writeFileSync(join(dist, 'projection.json'), JSON.stringify(projectTimeline(almanac)));
  writeFileSync(join(dist, 'projection-links.json'), JSON.stringify(projectLinks(almanac)));
  writeFileSync(join(dist, 'projection-cards.json'), JSON.stringify(projectCards(almanac)));
}

rmSync(join(dist, 'pfp-almanac'), { recursive: true, force: true });
const splitBuild = {
  ...common,
  format: 'esm',
  splitting: true,
  outdir: join(dist, 'pfp-almanac'),
  chunkNames: '[name]-[hash]',
  metafile: true,
};
// First the shared chunk (with what it imports when needed: the wasm glue, the other languages,
// the projection's links and cards), then the entry and the elements, importing it.
const shared = await build({
  ...splitBuild,
  entryPoints: undefined,
  stdin: {
    contents: SHARED.map((name) => `export * from './${name}';`).join('\n'),
    resolveDir: widget,
    sourcefile: 'shared.js',
  },
  entryNames: 'shared-[hash]',
  plugins: [wasmSource('split'), minifyCss],
});
const fileName = (path) => path.slice(path.lastIndexOf('/') + 1);
const outputOf = ({ metafile }, entry) =>
  fileName(Object.entries(metafile.outputs).find(([, { entryPoint }]) => entryPoint === entry)[0]);
const sharedFile = outputOf(shared, 'www/widget/shared.js');
const split = await build({
  ...splitBuild,
  entryPoints: [join(widget, 'autoload.js')],
  entryNames: '[name]',
  plugins: [sharedChunk(sharedFile), minifyCss],
});
// A shared module bundled again beside the shared chunk (imported by another path) would be a
// second instance of it, with its own state: one almanac per page no longer.
const twice = SHARED.filter((name) => split.metafile.inputs[`www/widget/${name}`]);
if (twice.length)
  throw new Error(`split build: ${twice.join(', ')} bundled outside the shared chunk`);
await build({
  ...classic,
  entryPoints: [join(widget, 'bootstrap.js')],
  outfile: join(dist, 'pfp-almanac.js'),
  define: {
    ...classic.define,
    __PFP_CHUNKS__: JSON.stringify(chunksOf(split.metafile, outputOf(shared, 'dist/index.js'))),
  },
});
await build({
  ...classic,
  outfile: join(dist, 'pfp-almanac.inline.js'),
  plugins: [wasmSource('inline'), minifyCss],
});
await build({
  ...common,
  minify: false,
  format: 'esm',
  outfile: join(dist, 'widget.js'),
  plugins: [
    minifyCss,
    {
      name: 'pfp-external-index',
      setup(b) {
        // The package's own entry stays a separate module: one wasm instance, and bundlers see its
        // `new URL('./wasm/pfp_almanac_bg.wasm', import.meta.url)`.
        b.onResolve({ filter: /\/dist\/index\.js$/ }, () => ({
          path: './index.js',
          external: true,
        }));
      },
    },
  ],
});
copyFileSync(join(repo, 'pkg-config', 'widget.d.ts'), join(dist, 'widget.d.ts'));
await build({
  ...common,
  entryPoints: [join(widget, 'render.js')],
  minify: false,
  format: 'esm',
  platform: 'neutral',
  outfile: join(dist, 'render.js'),
});
copyFileSync(join(repo, 'pkg-config', 'render.d.ts'), join(dist, 'render.d.ts'));

const size = (file) => {
  const bytes = readFileSync(join(dist, file));
  return `${statSync(join(dist, file)).size} bytes raw, ${gzipSync(bytes, { level: 9 }).length} bytes gzip`;
};
for (const file of [
  'pfp-almanac.js',
  ...readdirSync(join(dist, 'pfp-almanac')).map((chunk) => `pfp-almanac/${chunk}`),
  'pfp-almanac.inline.js',
  'widget.js',
  'pfp_almanac_bg.wasm',
]) {
  console.log(`${file}: ${size(file)} (dist/${file})`);
}
