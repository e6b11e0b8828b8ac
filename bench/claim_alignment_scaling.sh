#!/usr/bin/env bash
# How `dossier build` grows with the corpus now that every body sentence is
# aligned across sources (ClaimAlignment: TF-IDF cosine over candidates from an
# inverted index). Generates corpora with the benchmark's generator and times
# the release binary on each; near-linear growth shows as a roughly constant
# time per source in the last column (and in the model step, where the alignment runs).
#
# usage: bench/claim_alignment_scaling.sh [N ...]        (default: 500 1000 2000)
# env:   GEN_CORPUS  the generator (default /work/shared/bench/gen_corpus.py)
#        DOSSIER     a built binary (default: build one, release, in $SCRATCH)
#        SCRATCH     SwiftPM scratch path for that build (default .build)
#        WORK        where corpora and sites go (default: a temporary folder, removed after)
# A benchmark, not a test: timings depend on the machine. The test suite checks the
# candidate-pair count instead (CandidateSearchScalingTests).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
gen=${GEN_CORPUS:-/work/shared/bench/gen_corpus.py}
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(500 1000 2000)

if [ -z "${DOSSIER:-}" ]; then
    scratch=${SCRATCH:-.build}
    (cd "$root" && swift build -c release --product dossier --scratch-path "$scratch" >&2)
    DOSSIER="$root/$scratch/release/dossier"
fi
[ -x "$DOSSIER" ] || { echo "no dossier binary at $DOSSIER" >&2; exit 1; }
[ -f "$gen" ] || { echo "no corpus generator at $gen (set GEN_CORPUS)" >&2; exit 1; }

if [ -z "${WORK:-}" ]; then
    WORK=$(mktemp -d)
    trap 'rm -rf "$WORK"' EXIT
fi

printf '%6s %7s %8s %9s %9s %9s %9s %9s %10s\n' N pages total_s extract_ms model_ms pages_ms render_ms write_ms ms/source
for n in "${sizes[@]}"; do
    corpus="$WORK/corpus-$n"
    [ -d "$corpus" ] || python3 "$gen" "$n" "$corpus" >/dev/null
    rm -rf "$WORK/site-$n"
    # An empty config and the default templates: only the corpus changes between runs.
    : > "$WORK/dossier.yml"
    log=$("$DOSSIER" build --corpus "$corpus" --out "$WORK/site-$n" --templates "$root/templates" --config "$WORK/dossier.yml" 2>&1)
    step() { printf '%s\n' "$log" | sed -n "s/^\[[0-9]*\/[0-9]*\] $1 (\([0-9]*\) ms)$/\1/p"; }
    built=$(printf '%s\n' "$log" | grep '^Built ')
    count=$(printf '%s\n' "$built" | sed -n 's/.* \([0-9]*\) pages.*/\1/p')
    seconds=$(printf '%s\n' "$built" | sed -n 's/.* in \([0-9.]*\) s$/\1/p')
    awk -v n="$n" -v p="$count" -v s="$seconds" -v e="$(step extract)" -v m="$(step model)" -v g="$(step pages)" \
        -v r="$(step render)" -v w="$(step write)" \
        'BEGIN { printf "%6d %7d %8.2f %9d %9d %9d %9d %9d %10.2f\n", n, p, s, e, m, g, r, w, 1000 * s / n }'
done
