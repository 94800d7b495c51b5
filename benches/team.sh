#!/usr/bin/env bash
# `skillgap team` over N result exports (default 10,000): the median wall time of 5 runs and the
# peak resident memory (GNU time's "Maximum resident set size"), and the same at N/10 to show
# that memory does not grow with the group. Generates the exports once (examples/team_exports.rs).
#
#   benches/team.sh [N] [DIR]        # DIR defaults to /tmp/skillgap-team-bench-N
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-10000}"
dir="${2:-/tmp/skillgap-team-bench-$n}"
small="$((n / 10))"
cargo build --release --quiet --bin skillgap --example team_exports
bin=target/release/skillgap
gen=target/release/examples/team_exports
for count in "$n" "$small"; do
    d="$dir"
    [ "$count" = "$small" ] && d="$dir-small"
    if [ "$(find "$d" -maxdepth 1 -name '*.json' 2>/dev/null | wc -l)" != "$count" ]; then
        rm -rf "$d"
        "$gen" "$d" "$count"
    fi
done
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
for d in "$dir" "$dir-small"; do
    files="$(find "$d" -maxdepth 1 -name '*.json' | wc -l)"
    size="$(du -sh "$d" | cut -f1)"
    "$bin" team "$d" --json >/dev/null # warm the page cache
    times=()
    for _ in 1 2 3 4 5; do
        s="$(date +%s.%N)"
        "$bin" team "$d" --json >/dev/null
        e="$(date +%s.%N)"
        times+=("$(echo "$e - $s" | bc)")
    done
    t="$(printf '%s\n' "${times[@]}" | median)"
    rss="$(/usr/bin/time -v "$bin" team "$d" --json 2>&1 >/dev/null | awk -F': ' '/Maximum resident/ {print $2}')"
    echo "$files exports ($size): median of 5 runs ${t}s, peak RSS ${rss} KB"
done
