#!/usr/bin/env bash
# Runs the fuzz targets in fuzz/ (cargo fuzz, libFuzzer) for a bounded time each, fails on any
# crash, and prints how many inputs each target ran. scripts/test.sh calls it; docs/fuzzing.md.
#
#   bash scripts/fuzz.sh                        # every target, FUZZ_SECONDS (default 60) each
#   FUZZ_SECONDS=3600 bash scripts/fuzz.sh query   # one target for an hour
#
# Environment:
#   FUZZ_SECONDS    seconds per target (default 60)
#   FUZZ_JOBS       targets fuzzed at the same time (default: the number of cores)
#   FUZZ_SANITIZER  none | address (default none; address when the toolchain ships its runtime)
#   FUZZ_TOOLCHAIN  a rustup toolchain for `cargo +TOOLCHAIN fuzz` (default: the default one)
#
# cargo fuzz passes nightly-only flags to rustc (-Zsanitizer, and more). A fresh machine of this
# project's kind has only the stable toolchain, so the build runs with RUSTC_BOOTSTRAP=1, which
# lets stable rustc accept them; FUZZ_TOOLCHAIN=nightly uses a nightly toolchain instead.
# Inputs that found new coverage are kept in fuzz/corpus/<target>/ (git-ignored) and reused by
# the next run; a crash is written to fuzz/artifacts/<target>/ with the command that replays it.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds="${FUZZ_SECONDS:-60}"
jobs="${FUZZ_JOBS:-$(nproc 2>/dev/null || echo 2)}"
[[ "$seconds" =~ ^[0-9]+$ && "$seconds" -gt 0 ]] || { echo "fuzz: FUZZ_SECONDS must be a whole number of seconds, got '$seconds'" >&2; exit 2; }
[[ "$jobs" =~ ^[0-9]+$ && "$jobs" -gt 0 ]] || { echo "fuzz: FUZZ_JOBS must be a whole number, got '$jobs'" >&2; exit 2; }

cargo fuzz --version >/dev/null 2>&1 || { echo "fuzz: cargo-fuzz is missing: run scripts/setup.sh (or cargo install cargo-fuzz)" >&2; exit 2; }

cargo=(cargo)
if [ -n "${FUZZ_TOOLCHAIN:-}" ]; then
  cargo=(cargo "+$FUZZ_TOOLCHAIN")
else
  export RUSTC_BOOTSTRAP=1
fi

# No sanitizer by default: the code is safe Rust, so what the targets look for is panics and
# broken invariants, and AddressSanitizer makes every run about 3 times slower (measured on the
# query target) and the build longer. FUZZ_SANITIZER=address for long runs; it needs the runtime
# library rustup ships with the toolchain's standard library, and without it falls back to none.
sanitizer="${FUZZ_SANITIZER:-none}"
if [ "$sanitizer" = address ]; then
  sysroot="$("${cargo[@]/cargo/rustc}" --print sysroot)"
  if ! compgen -G "$sysroot/lib/rustlib/*/lib/librustc-*_rt.asan.a" >/dev/null; then
    echo "fuzz: this toolchain has no AddressSanitizer runtime; fuzzing without a sanitizer" >&2
    sanitizer=none
  fi
fi
flags=(-O -a -s "$sanitizer")

if [ $# -gt 0 ]; then targets=("$@"); else mapfile -t targets < <("${cargo[@]}" fuzz list); fi

mkdir -p fuzz/artifacts
if [ -n "${FUZZ_TOOLCHAIN:-}" ]; then replay="cargo +$FUZZ_TOOLCHAIN"; else replay="RUSTC_BOOTSTRAP=1 cargo"; fi
printf 'fuzz: %s fuzz build %s (%s)\n' "$replay" "${flags[*]}" "$("${cargo[@]/cargo/rustc}" --version)"
if ! "${cargo[@]}" fuzz build "${flags[@]}" >fuzz/artifacts/build.log 2>&1; then
  grep -v '^ *Compiling ' fuzz/artifacts/build.log | tail -40 | cut -c1-300 >&2
  echo "fuzz: the build failed" >&2
  exit 1
fi
run() {
  local t="$1"
  mkdir -p "fuzz/artifacts/$t"
  "${cargo[@]}" fuzz run "${flags[@]}" "$t" -- \
    -max_total_time="$seconds" -print_final_stats=1 -timeout=30 -rss_limit_mb=2048 \
    >"fuzz/artifacts/$t.log" 2>&1
}

printf 'fuzz: %s s per target, %s at a time\n' "$seconds" "$jobs"
declare -A pid status
pending=("${targets[@]}")
running=()
while [ ${#pending[@]} -gt 0 ] || [ ${#running[@]} -gt 0 ]; do
  while [ ${#pending[@]} -gt 0 ] && [ ${#running[@]} -lt "$jobs" ]; do
    t="${pending[0]}"; pending=("${pending[@]:1}")
    run "$t" & pid[$t]=$!
    running+=("$t")
  done
  # Wait for the first of the running targets to finish (in order: they all take as long).
  t="${running[0]}"; running=("${running[@]:1}")
  if wait "${pid[$t]}"; then status[$t]=0; else status[$t]=$?; fi
done

failed=()
printf '\n%-10s %14s %10s  %s\n' target executions 'exec/s' result
for t in "${targets[@]}"; do
  log="fuzz/artifacts/$t.log"
  execs="$(awk '/stat::number_of_executed_units:/ { print $2 }' "$log" | tail -1)"
  rate="$(awk '/stat::average_exec_per_sec:/ { print $2 }' "$log" | tail -1)"
  if [ "${status[$t]}" = 0 ]; then result=ok; else result="CRASH (exit ${status[$t]})"; failed+=("$t"); fi
  printf '%-10s %14s %10s  %s\n' "$t" "${execs:-?}" "${rate:-?}" "$result"
done

for t in "${failed[@]}"; do
  log="fuzz/artifacts/$t.log"
  printf '\n==> fuzz target %s failed (the whole output: %s):\n' "$t" "$log"
  # The panic (which invariant, on what input), then libFuzzer's own summary (timeout, OOM, ...).
  grep -m1 -A1 'panicked at' "$log" | cut -c1-2000 || true
  grep -E '^==[0-9]+== ERROR|^SUMMARY|^Base64:|Test unit written' "$log" | cut -c1-300 || true
  artifact="$(grep -o "Test unit written to [^ ]*" "$log" | tail -1 | sed 's/Test unit written to //')"
  if [ -n "$artifact" ]; then
    printf '\nReplay it: %s fuzz run %s %s %s\n' "$replay" "${flags[*]}" "$t" "$artifact"
  fi
done
if [ ${#failed[@]} -gt 0 ]; then
  printf '\nfuzz: %s target(s) failed: %s\n' "${#failed[@]}" "${failed[*]}" >&2
  exit 1
fi
printf 'fuzz: %s targets ran %s s each without a crash\n' "${#targets[@]}" "$seconds"
