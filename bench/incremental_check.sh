#!/usr/bin/env bash
# Checks that incremental builds give the site a clean build gives, over a run of random
# edits (bench/edit_corpus.py) of a copy of a corpus: each round makes two edits and rebuilds,
# alternately with --check-page-inputs (every page is built anyway, and the build stops at a
# page whose inputs digest missed a change) and without it (pages with unchanged inputs are
# skipped, as in any rebuild). At the end the site is compared, file by file, with a clean
# build of the edited corpus. Exits non-zero on the first difference or failed build.
#
# usage: bench/incremental_check.sh CORPUS [ROUNDS]     (default 10 rounds)
# env:   DOSSIER  a built binary (default .build/release/dossier)
#        WORK     where the copy and the sites go (default a new temporary folder)
# A check, not a test of the suite: it takes a minute or two on a 1,000-source corpus
# (bench/gen_corpus.py 1000 DIR).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
corpus=${1:?usage: bench/incremental_check.sh CORPUS [ROUNDS]}
rounds=${2:-10}
dossier=${DOSSIER:-$root/.build/release/dossier}
work=${WORK:-$(mktemp -d)}
mkdir -p "$work"
[ -x "$dossier" ] || { echo "no dossier binary at $dossier (swift build -c release, or set DOSSIER)" >&2; exit 1; }

rm -rf "$work/corpus" "$work/site" "$work/clean"
cp -r "$corpus" "$work/corpus"
: > "$work/empty.yml"
build() { "$dossier" build --corpus "$work/corpus" --out "$1" --templates "$root/templates" --config "$work/empty.yml" "${@:2}"; }

build "$work/site" --quiet
for round in $(seq 1 "$rounds"); do
    echo "round $round: $(python3 "$root/bench/edit_corpus.py" "$work/corpus" "$round"); $(python3 "$root/bench/edit_corpus.py" "$work/corpus" $((round + 1000)))"
    if [ $((round % 2)) -eq 1 ]; then build "$work/site" --quiet --check-page-inputs; else build "$work/site" --quiet; fi
done
build "$work/clean" --quiet --no-cache
if diff -r -q -x .dossier-cache "$work/clean" "$work/site"; then
    echo "the site after $rounds rounds of edits is the site a clean build writes"
else
    echo "the incrementally built site differs from a clean build" >&2
    exit 1
fi
