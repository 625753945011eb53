#!/usr/bin/env bash
# Installs what building and serving the demo needs (`npm start`): the wasm target,
# wasm-bindgen-cli, wasm-pack, the npm dev dependencies. `--test` also installs what only the tests
# need (`npm test`): Chromium and chromedriver, and cargo-fuzz. Idempotent: each step checks first
# and does nothing when its tool is already there, so both commands run it every time.
#
# Tool quirks this works around (see HACKING notes in the final report / docs):
# - wasm-pack cannot download its own tools here, so wasm-bindgen-cli is installed with cargo at
#   exactly the version of the `wasm-bindgen` crate in Cargo.lock (the CLI and the crate must match,
#   which is why Cargo.toml pins it with `=`).
# - wasm-opt comes from the `binaryen` npm package (a devDependency), not from wasm-pack.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '==> %s\n' "$*"; }
die() { printf 'setup: %s\n' "$*" >&2; exit 1; }

tests=false
done_with=""
case "${1:-}" in
  --test) tests=true; done_with=", with the test tools" ;;
  "") ;;
  *) die "unknown argument ${1}; usage: scripts/setup.sh [--test]" ;;
esac

command -v cargo >/dev/null || die "cargo is missing; install Rust from https://rustup.rs"
command -v node >/dev/null || die "node is missing; Node 20 or newer is needed"
command -v npm >/dev/null || die "npm is missing"

# 1. The wasm target.
if command -v rustup >/dev/null; then
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    step "rustup target add wasm32-unknown-unknown"
    rustup target add wasm32-unknown-unknown >/dev/null
  fi
else
  step "rustup not found; assuming the wasm32-unknown-unknown target is installed"
fi

# 2. wasm-bindgen-cli at the exact version of the wasm-bindgen crate in Cargo.lock.
# cargo metadata resolves it from Cargo.lock (--locked: it must not change the lock file).
lock_version="$(cargo metadata --format-version 1 --locked --quiet | node -e '
  let json = "";
  process.stdin.on("data", (chunk) => (json += chunk));
  process.stdin.on("end", () => {
    const crate = JSON.parse(json).packages.find((p) => p.name === "wasm-bindgen");
    if (crate) console.log(crate.version);
  });
')"
[ -n "$lock_version" ] || die "could not find the wasm-bindgen version in Cargo.lock"
have_version="$( (wasm-bindgen --version 2>/dev/null || true) | awk '{ print $2 }')"
if [ "$have_version" != "$lock_version" ]; then
  step "cargo install wasm-bindgen-cli --version $lock_version (found: ${have_version:-none})"
  cargo install --quiet --force wasm-bindgen-cli --version "$lock_version"
fi

# 3. wasm-pack.
if ! command -v wasm-pack >/dev/null; then
  step "cargo install wasm-pack"
  cargo install --quiet wasm-pack
fi

# 4. The npm dev dependencies: the build needs binaryen (wasm-opt) and esbuild; the rest
#    (playwright-core, typescript, vite, the bench's peers) come along, as npm installs all of them.
if [ -f package-lock.json ]; then
  # npm writes node_modules/.package-lock.json after every install: when it is newer than the
  # lock file, node_modules already matches and `npm ci` (which deletes node_modules) is skipped.
  if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ] \
     || [ package.json -nt node_modules/.package-lock.json ]; then
    step "npm ci"
    npm ci --no-audit --no-fund --loglevel=error >/dev/null
  fi
else
  step "npm install"
  npm install --no-audit --no-fund --loglevel=error >/dev/null
fi

if [ "$tests" = true ]; then
  # 5. Chromium and its driver (tests only), for wasm-pack's browser tests and the packaging tests.
  if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
    command -v apt-get >/dev/null || die "/usr/bin/chromium is missing and apt-get is not available; install Chromium and chromedriver"
    sudo=""
    if [ "$(id -u)" != 0 ]; then sudo="sudo"; fi
    step "apt-get install chromium chromium-driver"
    $sudo apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium chromium-driver >/dev/null
  fi

  # 6. cargo-fuzz (tests only), for the bounded fuzzing step of the tests (scripts/fuzz.sh). Its
  #    builds need nightly-only rustc flags; scripts/fuzz.sh gets them from stable with RUSTC_BOOTSTRAP=1.
  if ! cargo fuzz --version >/dev/null 2>&1; then
    step "cargo install cargo-fuzz"
    cargo install --quiet cargo-fuzz
  fi
fi

step "setup done$done_with (wasm-bindgen $lock_version, $(wasm-pack --version), node $(node --version))"
