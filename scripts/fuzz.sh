#!/usr/bin/env bash
# Fuzzes the cleaner, the extractor, the summary-file reader and the Markdown page writer with
# libFuzzer (Fuzz/), each for a fixed number of inputs, and prints per target the inputs run and
# the crashes found (a crash, a failed check of the target's oracle, a timeout or running out of
# memory). Exits non-zero if any target crashed. Not part of scripts/test.sh.
#
#   scripts/fuzz.sh [ITERATIONS] [TARGET...]   # default 20000 inputs per target, every target
#
# Targets: cleaner, extractor, summary-file, markdown-page. Needs what scripts/install-dependencies.sh
# installs and a swift.org toolchain (it ships libFuzzer). Builds into .build-fuzz/ (FUZZ_JOBS sets
# the build's -j); a crashing input is saved in .build-fuzz/artifacts/TARGET/ and replays with
# `.build-fuzz/release/FuzzTARGET FILE`.
set -euo pipefail
cd "$(dirname "$0")/.."

runs="${1:-20000}"
shift || true
[[ "$runs" =~ ^[0-9]+$ ]] || { echo "usage: scripts/fuzz.sh [ITERATIONS] [TARGET...]" >&2; exit 2; }
# name  executable  longest input in bytes
all_targets=(
  "cleaner FuzzCleaner 4096"
  "extractor FuzzExtractor 4096"
  "summary-file FuzzSummaryFile 2048"
  "markdown-page FuzzMarkdownPage 4096"
)
selected=("$@")
for name in "${selected[@]}"; do
  [[ " ${all_targets[*]} " =~ " $name " ]] || { echo "unknown target $name (cleaner, extractor, summary-file, markdown-page)" >&2; exit 2; }
done

scratch=.build-fuzz
# `--sanitize fuzzer` links libFuzzer's main and keeps SwiftPM from renaming the executables' entry
# point; the Swift flag adds AddressSanitizer to the coverage (the last -sanitize= is the one the
# frontend uses), and -Xcc gives the C code (libyaml in Yams) AddressSanitizer too.
echo "Building the fuzz targets into $scratch/"
# The same dependency versions as the main build, when it has resolved them.
[ -f Package.resolved ] && cp -f Package.resolved Fuzz/Package.resolved
swift build --package-path Fuzz --scratch-path "$scratch" -c release ${FUZZ_JOBS:+-j "$FUZZ_JOBS"} \
  --sanitize fuzzer -Xswiftc -sanitize=fuzzer,address -Xcc -fsanitize=address

# The Swift runtime's own crash backtracer would run inside AddressSanitizer and trip it; libFuzzer
# prints the stack. Leak checking and allocation stacks cost more than the fuzzing itself here.
export SWIFT_BACKTRACE=enable=no
export ASAN_OPTIONS="malloc_context_size=0:detect_leaks=0${ASAN_OPTIONS:+:$ASAN_OPTIONS}"

status=0
total_start=$SECONDS
printf '\n%-14s %10s %8s %8s\n' target inputs crashes seconds
summary=()
for entry in "${all_targets[@]}"; do
  read -r name executable max_len <<<"$entry"
  if [ ${#selected[@]} -gt 0 ] && [[ ! " ${selected[*]} " =~ " $name " ]]; then continue; fi
  # A fresh working corpus each time (libFuzzer adds what it finds to the first folder): with
  # -seed=1 a run repeats the same mutations of the same seeds.
  corpus="$scratch/corpus/$name"
  artifacts="$scratch/artifacts/$name"
  log="$scratch/logs/$name.log"
  rm -rf "$corpus" "$artifacts"
  mkdir -p "$corpus" "$artifacts" "$(dirname "$log")"
  start=$SECONDS
  code=0
  "$scratch/release/$executable" "$corpus" "Fuzz/Corpus/$name" -runs="$runs" -seed=1 -max_len="$max_len" \
    -timeout=30 -rss_limit_mb=4096 -print_final_stats=1 -artifact_prefix="$artifacts/" >"$log" 2>&1 || code=$?
  seconds=$((SECONDS - start))
  inputs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  if [ -z "$inputs" ]; then
    # libFuzzer prints no final stats when it stops on a crash; its last status line counts the inputs.
    inputs=$(grep -a -o '^#[0-9]*' "$log" | tail -1 | tr -d '#')
  fi
  crashes=$(find "$artifacts" -type f \( -name 'crash-*' -o -name 'leak-*' -o -name 'timeout-*' -o -name 'oom-*' \) | wc -l)
  if [ "$code" -ne 0 ] && [ "$crashes" -eq 0 ]; then crashes=1; fi
  printf '%-14s %10s %8s %8s\n' "$name" "${inputs:-?}" "$crashes" "$seconds"
  if [ "$crashes" -gt 0 ]; then
    status=1
    summary+=("$name: exit $code, log $log")
    for artifact in "$artifacts"/*; do
      [ -e "$artifact" ] && summary+=("  replay: $scratch/release/$executable $artifact")
    done
    summary+=("$(grep -a -E -m 3 'ORACLE FAILED|Fatal error|ERROR: (AddressSanitizer|libFuzzer)|SUMMARY:' "$log" | cut -c1-400 || true)")
  fi
done
echo "Fuzzed in $((SECONDS - total_start)) s."
if [ "$status" -ne 0 ]; then
  printf '%s\n' "${summary[@]}" >&2
fi
exit "$status"
