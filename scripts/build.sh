#!/usr/bin/env bash
# The one build entry point: Rust → wasm (wasm-pack, into pkg/), wasm-opt -Oz (binaryen from npm,
# because wasm-pack cannot download its own wasm-opt here: Cargo.toml sets wasm-opt = false), then
# the publishable dist/:
#   dist/index.js, dist/node.js, dist/open.js, dist/index.d.ts   the wrappers, from pkg-config/
#   dist/wasm/pfp_almanac.{js,d.ts}, dist/wasm/pfp_almanac_bg.wasm   wasm-bindgen's output
#   dist/pfp-almanac.js, dist/pfp-almanac.inline.js, dist/widget.{js,d.ts}, dist/pfp_almanac_bg.wasm
#                                                   the embeddable widget (scripts/build-widget.mjs)
# pkg/ and dist/ are generated and git-ignored. Run scripts/setup.sh first (npm test does).
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '==> %s\n' "$*"; }

wasm_opt=node_modules/.bin/wasm-opt
if [ ! -x "$wasm_opt" ]; then
  echo "build: $wasm_opt is missing; run scripts/setup.sh (or npm ci) first" >&2
  exit 1
fi

step "wasm-pack build --target web --release"
# --no-pack: we own package.json; wasm-pack's generated one would only be deleted again.
# Only the `bundled` feature: the corpus compiler (and its TOML parser) stays out of the browser.
wasm-pack --quiet build --target web --release --no-pack --out-dir pkg --out-name pfp_almanac \
  -- --no-default-features --features bundled

step "wasm-pack build --target nodejs (the corpus compiler for \`pfp-almanac build\`)"
wasm-pack --quiet build --target nodejs --release --no-pack --out-dir pkg-compiler --out-name pfp_almanac_compiler \
  -- --no-default-features --features compiler

step "wasm-opt -Oz"
# --enable-* : the features rustc's wasm32 target emits by default since Rust 1.82; without them
# wasm-opt rejects the module. Keep in step with the toolchain.
# -Oz and -Os differ by ~0.1 %; the producers and target-features sections are for tools, not
# browsers (names and debug info are already left out by wasm-bindgen's release build).
"$wasm_opt" -Oz --strip-producers --strip-target-features --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
  --enable-mutable-globals --enable-reference-types --enable-multivalue \
  pkg/pfp_almanac_bg.wasm -o pkg/pfp_almanac_bg.opt.wasm
mv pkg/pfp_almanac_bg.opt.wasm pkg/pfp_almanac_bg.wasm

step "assemble dist/"
rm -rf dist
mkdir -p dist/wasm
cp pkg/pfp_almanac.js pkg/pfp_almanac.d.ts pkg/pfp_almanac_bg.wasm dist/wasm/
cp pkg-config/index.js pkg-config/node.js pkg-config/open.js pkg-config/index.d.ts dist/
# The corpus compiler, run by `pfp-almanac build` (pkg-config/cli.mjs) in Node.
mkdir -p dist/compiler
cp pkg-compiler/pfp_almanac_compiler.js pkg-compiler/pfp_almanac_compiler_bg.wasm dist/compiler/
printf '{ "type": "commonjs" }\n' > dist/compiler/package.json
cp pkg-config/cli.mjs dist/cli.mjs

raw=$(wc -c < dist/wasm/pfp_almanac_bg.wasm)
gz=$(gzip -9 -c dist/wasm/pfp_almanac_bg.wasm | wc -c)
printf 'wasm: %s bytes raw, %s bytes gzip (dist/wasm/pfp_almanac_bg.wasm)\n' "$raw" "$gz"

step "widget (esbuild: www/widget/ -> dist/pfp-almanac.js, .inline.js, widget.js)"
node scripts/build-widget.mjs

step "example corpora (examples/rome-declaration, examples/three-documents -> dist/examples/*.almanac)"
# Built with the npm command itself, as a user of another corpus would; the second demo page
# (www/rome.html) loads it with the `src` attribute.
node dist/cli.mjs build examples/rome-declaration -o dist/examples/rome-declaration.almanac
node dist/cli.mjs build examples/three-documents -o dist/examples/three-documents.almanac
