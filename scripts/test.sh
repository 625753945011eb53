#!/usr/bin/env bash
# The one test command (`npm test`, and CI through .ci/run). Formatting and lint gates, then six
# layers, each against the real corpus: native Rust (cargo test, then a bounded run of the fuzz targets in fuzz/), a fresh clone
# of HEAD that must build and serve the demo on its own (tests/clone.test.mjs),
# wasm-bindgen-test in headless Chromium (tests/wasm.rs), JS tests of the built package in Node
# (tests/js/), packaging tests of the tarball a user
# installs: Node, Vite, a browser, TypeScript (tests/packaging/), and the embeddable widget on the
# demo pages in Chromium (tests/browser/). Stops at the first failing layer.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n==> %s\n' "$*"; }
passed=()
# Each test layer's output is also kept here, to count the tests at the end.
logs="$(mktemp -d)"
trap 'status=$?; rm -rf "$logs"; if [ $status -ne 0 ]; then printf "\nFAILED (exit %s) after: %s\n" "$status" "${passed[*]:-nothing}" >&2; fi' EXIT

step "setup (with the test tools: Chromium, chromedriver, cargo-fuzz)"
bash scripts/setup.sh --test
passed+=(setup)

step "gates: cargo fmt --check, cargo clippy -D warnings (clippy.toml), biome check (format and lint)"
# Formatting and lints fail the run like a test: rustfmt and clippy over every crate and target
# (the library also for wasm32, where the widget's core runs), Biome over the JavaScript (biome.json).
cargo fmt --check
(cd fuzz && cargo fmt --check)
cargo clippy --quiet --all-targets -- -D warnings
cargo clippy --quiet --target wasm32-unknown-unknown --lib -- -D warnings
npx biome check .
passed+=(gates)

step "cargo test (native, over the real corpus)"
cargo test --quiet 2>&1 | tee "$logs/cargo.log"
passed+=("cargo test")

step "a fresh clone runs npm start on its own (tests/clone.test.mjs)"
# git clone of HEAD into an empty temporary folder, npm start there, and the demo it serves finds
# Malta: fails if the build or the demo reads anything outside the repository.
node --test tests/clone.test.mjs 2>&1 | tee "$logs/clone.log"
passed+=("clone test")

step "fuzz: every target in fuzz/ for ${FUZZ_SECONDS:-60} s each (scripts/fuzz.sh)"
# cargo fuzz (libFuzzer) on everything that reads outside input; fails on a crash or a broken
# invariant and prints the executions per target. FUZZ_SECONDS=0 skips it (a quick local run).
if [ "${FUZZ_SECONDS:-60}" != 0 ]; then
  bash scripts/fuzz.sh
  passed+=(fuzz)
fi

if [ -f tests/wasm.rs ]; then
  step "wasm-pack test --headless --chrome (tests/wasm.rs)"
  # Chromium runs as root in CI, which needs --no-sandbox: wasm-bindgen-test-runner reads the
  # capabilities from webdriver.json at the crate root.
  # Not --release: the release profile has panic = "abort", which test builds cannot use, so cargo
  # builds the library twice into the same file names ("output filename collision", cargo#6313) and
  # in a fresh target/ the test can link the wrong copy (two `wasm_bindgen::JsValue` types). The
  # dev profile builds it once; the shipped release wasm is exercised by tests/js and tests/packaging.
  CHROMEDRIVER=/usr/bin/chromedriver wasm-pack test --headless --chrome --chromedriver /usr/bin/chromedriver \
    -- --test wasm 2>&1 | tee "$logs/wasm.log"
  passed+=("wasm-pack test")
fi

step "build"
bash scripts/build.sh
passed+=(build)

step "node --test tests/js/"
node --test tests/js/ 2>&1 | tee "$logs/js.log"
passed+=("js tests")

step "packaging tests (tests/packaging/)"
node --test --test-concurrency=1 tests/packaging/ 2>&1 | tee "$logs/packaging.log"
passed+=("packaging tests")

step "browser tests of the widget (tests/browser/)"
# dist/pfp-almanac.js on the demo pages in Chromium: keyboard, touch, languages, dark mode, 320px,
# strict CSP, axe-core WCAG 2.2 AA. Screenshots go to tests/artifacts/screenshots/ (git-ignored).
node --test --test-concurrency=1 tests/browser/ 2>&1 | tee "$logs/browser.log"
passed+=("browser tests")

# cargo and wasm-bindgen-test print "test result: ok. N passed; M failed", node "# pass N", "# fail N".
counts="$(cat "$logs"/*.log | awk '
  /^test result:/ { for (i = 1; i <= NF; i++) { if ($(i) ~ /^passed/) p += $(i-1); if ($(i) ~ /^failed/) f += $(i-1) } }
  /^# pass / { p += $3 } /^# fail / { f += $3 } /^# todo / { t += $3 } /^# skipped / { s += $3 }
  END { printf "%d passed, %d failed, %d skipped, %d todo", p, f, s, t }')"
printf '\n%s\n' "$counts"
printf 'All test layers passed: %s\n' "$(IFS=,; echo "${passed[*]}" | sed 's/,/, /g')"
