#!/usr/bin/env bash
# Build figures of two revisions side by side, one after the other on the same machine:
# cold `cargo test --no-run`, the test and binary executables it leaves on disk, and the rebuild
# after a one-line change in the scoring engine (median of three).
#
#   benches/build_figures.sh BASE [HEAD]      e.g. benches/build_figures.sh b9cc017
#
# Each revision is checked out in a temporary worktree with a fresh target directory, so the
# cold build starts from nothing but the downloaded crates. Takes about 5 minutes on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."
base=${1:?usage: benches/build_figures.sh BASE [HEAD]}
head=${2:-HEAD}
work=$(mktemp -d)
trap 'git worktree remove --force "$work/base" 2>/dev/null; git worktree remove --force "$work/head" 2>/dev/null; rm -rf "$work"' EXIT

seconds() { local s e; s=$(date +%s.%N); "$@" >/dev/null 2>&1; e=$(date +%s.%N); echo "$e - $s" | bc; }
median3() { printf '%s\n' "$@" | sort -n | sed -n 2p; }

for side in base head; do
    rev=$([ "$side" = base ] && echo "$base" || echo "$head")
    git worktree add -q --detach "$work/$side" "$rev"
    cd "$work/$side"
    # The engine's file before the layered tree, or its scoring module after.
    file=$([ -f src/engine.rs ] && echo src/engine.rs || echo src/score/roles.rs)
    export CARGO_TARGET_DIR="$work/target-$side"
    cold=$(seconds cargo test --no-run)
    exes=$(find "$CARGO_TARGET_DIR/debug/deps" -maxdepth 1 -type f -executable ! -name '*.so')
    count=$(echo "$exes" | wc -l)
    bytes=$(echo "$exes" | xargs du -cb | tail -1 | cut -f1)
    runs=()
    for i in 1 2 3; do
        echo "// build figures $i" >>"$file"
        runs+=("$(seconds cargo test --no-run)")
        git checkout -q "$file"
    done
    deps=$(cargo tree -e normal --prefix none | sort -u | wc -l)
    printf '%s (%s): cold %.1f s; %d executables, %d MB; rebuild after a line in %s %.1f s (median of 3); %d runtime crates\n' \
        "$side" "$rev" "$cold" "$count" "$((bytes / 1000000))" "$file" "$(median3 "${runs[@]}")" "$deps"
    cd - >/dev/null
done
