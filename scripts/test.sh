#!/usr/bin/env bash
# The one test command (`npm test`, and CI through .ci/run). Four layers, each against the real
# corpus: native Rust (cargo test), wasm-bindgen-test in headless Chromium (tests/wasm.rs), JS
# tests of the built package in Node (tests/js/), and packaging tests of the tarball a user
# installs: Node, Vite, a browser, TypeScript (tests/packaging/). Stops at the first failing layer.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n==> %s\n' "$*"; }
passed=()
trap 'status=$?; if [ $status -ne 0 ]; then printf "\nFAILED (exit %s) after: %s\n" "$status" "${passed[*]:-nothing}" >&2; fi' EXIT

step "setup"
bash scripts/setup.sh
passed+=(setup)

step "cargo test (native, over the real corpus)"
cargo test --quiet
passed+=("cargo test")

if [ -f tests/wasm.rs ]; then
  step "wasm-pack test --headless --chrome (tests/wasm.rs)"
  # Chromium runs as root in CI, which needs --no-sandbox: wasm-bindgen-test-runner reads the
  # capabilities from webdriver.json at the crate root.
  CHROMEDRIVER=/usr/bin/chromedriver wasm-pack test --headless --chrome --chromedriver /usr/bin/chromedriver --release \
    -- --test wasm
  passed+=("wasm-pack test")
fi

step "build"
bash scripts/build.sh
passed+=(build)

step "node --test tests/js/"
node --test tests/js/
passed+=("js tests")

step "packaging tests (tests/packaging/)"
node --test --test-concurrency=1 tests/packaging/
passed+=("packaging tests")

printf '\nAll test layers passed: %s\n' "$(IFS=,; echo "${passed[*]}" | sed 's/,/, /g')"
