#!/usr/bin/env bash
# The build benchmark: for each corpus size N, a generated corpus of N sources
# (bench/gen_corpus.py, deterministic: the corpus for N is a prefix of any larger
# one) is built by the release binary, from nothing, and then rebuilt after one
# source changes. Reports each step's wall time and the process's peak memory
# after it (from `dossier build`'s own step lines), the whole build's time and
# peak memory (GNU time), and the rebuild's; then the time of one more build after a
# bare touch of that source (nothing to do: the build should stop after reading), and
# of a rebuild after a template edit. Last, the analyst's workflow: `dossier extract`
# drafts a summary file for every source, the site is built with them, and rebuilt
# after one summary file is edited.
#
# usage: bench/stages.sh [N ...]          (default: 1000 10000)
# env:   DOSSIER  a built binary (default: build one, release, in .build)
#        WORK     where corpora and sites go (default bench/data; a tmpfs such as
#                 /dev/shm/dossier-bench measures the program rather than the disk)
# A benchmark, not a test: timings depend on the machine. For the side-by-side with
# Hugo on the same corpus, see ../shared/bench/compare.sh if you have the harness.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000)
work=${WORK:-$root/bench/data}
mkdir -p "$work"

if [ -z "${DOSSIER:-}" ]; then
    (cd "$root" && swift build -c release --product dossier >&2)
    DOSSIER="$root/.build/release/dossier"
fi
[ -x "$DOSSIER" ] || { echo "no dossier binary at $DOSSIER" >&2; exit 1; }
: > "$work/empty.yml"   # the default configuration: only the corpus changes between runs

# One build: its step lines go to $2, GNU time's figures to $2.time.
build() {
    /usr/bin/time -f '%e %M' -o "$2.time" \
        "$DOSSIER" build --corpus "$1" --out "$3" --templates "${4:-$root/templates}" --config "$work/empty.yml" 2> "$2" > "$2.summary"
}

# "[4/10] extract (6305 ms, peak 412 MiB, ...)" → "extract 6305 412"
steps() {
    sed -n 's/^\[[0-9]*\/[0-9]*\] \([a-z]*\) (\([0-9]*\) ms, peak \([0-9]*\) MiB.*/\1 \2 \3/p' "$1"
}

for n in "${sizes[@]}"; do
    corpus="$work/corpus-$n"
    if [ ! -f "$corpus.done" ]; then
        rm -rf "$corpus"
        python3 "$root/bench/gen_corpus.py" "$n" "$corpus" >/dev/null
        touch "$corpus.done"
    fi
    site="$work/site-$n"
    templates="$work/templates-$n"   # a copy, edited below
    rm -rf "$site" "$templates"
    cp -r "$root/templates" "$templates"
    build "$corpus" "$work/full-$n.log" "$site" "$templates"
    read -r full_s full_kib < "$work/full-$n.log.time"

    # The incremental rebuild: one source from the middle of the corpus gains a sentence.
    victim=$(ls "$corpus" | grep '\.txt$' | sed -n "$((n / 2 + 1))p")
    printf '\nThe benchmark added this sentence on its own line at %s.\n' "$(date +%s%N)" >> "$corpus/$victim"
    build "$corpus" "$work/rebuild-$n.log" "$site" "$templates"
    read -r re_s re_kib < "$work/rebuild-$n.log.time"
    # A build with nothing to do: the edited source touched again, its bytes unchanged.
    touch "$corpus/$victim"
    build "$corpus" "$work/touch-$n.log" "$site" "$templates"
    read -r touch_s touch_kib < "$work/touch-$n.log.time"
    # A template edited: every page gets the new layout.
    printf '<!-- The benchmark edited this template at %s. -->\n' "$(date +%s%N)" >> "$templates/partials/footer.mustache"
    build "$corpus" "$work/template-$n.log" "$site" "$templates"
    read -r template_s template_kib < "$work/template-$n.log.time"
    # Put the corpus back as generated, for the next run.
    python3 - "$corpus/$victim" <<'EOF'
import sys
path = sys.argv[1]
text = open(path, encoding="utf-8").read()
marker = "\nThe benchmark added this sentence on its own line at "
open(path, "w", encoding="utf-8").write(text[:text.index(marker)])
EOF

    echo "N=$n: $(cat "$work/full-$n.log.summary")"
    printf '  %-10s %10s %10s   %12s\n' step full_ms peak_MiB rebuild_ms
    join -a1 <(steps "$work/full-$n.log" | nl -w1 -s' ' | sort -k2,2) <(steps "$work/rebuild-$n.log" | sort -k1,1) -1 2 -2 1 \
        | sort -k2,2n | awk '{ printf "  %-10s %10d %10d   %12d\n", $1, $3, $4, $5 }'
    awk -v n="$n" -v fs="$full_s" -v fk="$full_kib" -v rs="$re_s" -v rk="$re_kib" 'BEGIN {
        printf "  total      %10.0f %10.0f   %12.0f   (rebuild %.1f%% of the full build; %.2f ms per source)\n",
               fs * 1000, fk / 1024, rs * 1000, 100 * rs / fs, 1000 * fs / n }'
    echo "  rebuild: $(cat "$work/rebuild-$n.log.summary")"
    echo "  after a touch, $touch_s s in all, peak $((touch_kib / 1024)) MiB: $(cat "$work/touch-$n.log.summary")"
    awk -v t="$template_s" -v fs="$full_s" 'BEGIN { printf "  after a template edit, %.2f s (%.1f%% of the full build): ", t, 100 * t / fs }'
    cat "$work/template-$n.log.summary"

    # The analyst's workflow: a summary file for every source, then one of them edited.
    drafted="$work/corpus-$n-summaries"
    rm -rf "$drafted" "$site-summaries"
    cp -r "$corpus" "$drafted"
    /usr/bin/time -f '%e %M' -o "$work/extract-$n.time" "$DOSSIER" extract --corpus "$drafted" --config "$work/empty.yml" > /dev/null 2>&1
    read -r extract_s extract_kib < "$work/extract-$n.time"
    build "$drafted" "$work/full-summaries-$n.log" "$site-summaries"
    read -r sfull_s sfull_kib < "$work/full-summaries-$n.log.time"
    summary=$(ls "$drafted/summaries" | sed -n "$((n / 2 + 1))p")
    sed -i "s/^title: .*/title: \"A title the benchmark chose at $(date +%s%N)\"/" "$drafted/summaries/$summary"
    build "$drafted" "$work/summary-$n.log" "$site-summaries"
    read -r summary_s summary_kib < "$work/summary-$n.log.time"
    echo "  with a summary file for every source (dossier extract: $extract_s s, peak $((extract_kib / 1024)) MiB):"
    awk -v fs="$sfull_s" -v fk="$sfull_kib" -v rs="$summary_s" -v rk="$summary_kib" 'BEGIN {
        printf "    full build %.2f s, peak %d MiB; after one summary file edited, %.2f s (%.1f%% of that build), peak %d MiB\n",
               fs, fk / 1024, rs, 100 * rs / fs, rk / 1024 }'
    echo "    summaries step: $(steps "$work/full-summaries-$n.log" | awk '$1 == "summaries" { print $2 " ms in the full build" }'), $(steps "$work/summary-$n.log" | awk '$1 == "summaries" { print $2 " ms in the rebuild" }')"
done
