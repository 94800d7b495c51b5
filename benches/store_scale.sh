#!/usr/bin/env bash
# The store at scale (issue 14): `show`, `history`, `export`, `compare` and `delete` with 10,000
# saved results in the data directory. Builds the release binary, makes a data directory of
# 10,000 copies of one real result (each with its own id and time), then times each command with
# hyperfine (medians) and measures peak memory with /usr/bin/time.
#
#   benches/store_scale.sh [N [REV]]    # N results (default 10000); with REV (a commit), the
#                                       # binary built from REV is timed beside today's
#
# Needs hyperfine (`apt-get install hyperfine`) and GNU time (`apt-get install time`).
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-10000}"
cargo build --release --quiet
bin="$PWD/target/release/skillgap"
data="$(mktemp -d)"
base=""
cleanup() { rm -rf "$data"; if [[ -n "$base" ]]; then git worktree remove --force "$base"; fi; }
trap cleanup EXIT
if [[ -n "${2:-}" ]]; then
    base="$(mktemp -d)/base"
    git worktree add --quiet --detach "$base" "$2"
    (cd "$base" && cargo build --release --quiet)
    old="$base/target/release/skillgap"
fi
export SKILLGAP_DATA_DIR="$data"

# One real result of today's format: a version-1 fixture scored again with today's bank.
mkdir -p "$data/results"
cp tests/fixtures/results/v1.json "$data/results/sg3ftb.json"
sed -i 's/"id": "[a-z0-9]*"/"id": "sg3ftb"/' "$data/results/sg3ftb.json"
"$bin" rescore sg3ftb >/dev/null
rm "$data/results/sg3ftb.json"
python3 - "$data/results" "$n" <<'PY'
import json, os, random, sys
from datetime import datetime, timedelta, timezone
d, n = sys.argv[1], int(sys.argv[2])
[src] = [f for f in os.listdir(d) if f.endswith(".json")]
base = json.load(open(os.path.join(d, src)))
os.remove(os.path.join(d, src))
alphabet = "abcdefghjkmnpqrstuvwxyz23456789"
rng = random.Random(1)
start = datetime(2025, 1, 1, tzinfo=timezone.utc)
ids = set()
while len(ids) < n:
    ids.add("".join(rng.choice(alphabet) for _ in range(6)))
for i, rid in enumerate(sorted(ids)):
    base["id"] = rid
    base["created"] = (start + timedelta(minutes=rng.randrange(10**6))).strftime("%Y-%m-%dT%H:%M:%SZ")
    with open(os.path.join(d, rid + ".json"), "w") as f:
        json.dump(base, f, indent=2, ensure_ascii=False)  # as skillgap writes: UTF-8, no escapes
PY
one="$(find "$data/results" -name '*.json' -print -quit)"; one="$(basename "$one" .json)"
echo "$n results, $(du -sh "$data/results" | cut -f1) on disk; one of them: $one"
cmds=("show $one" "show latest" "export $one --format json" "history" "history --json" "compare")
runs=()
for c in "${cmds[@]}"; do
    runs+=("$bin $c")
    if [[ -n "$base" ]]; then runs+=("$old $c"); fi
done
hyperfine --warmup 1 --runs 7 -N --style basic --export-json "$data/times.json" "${runs[@]}" >/dev/null
python3 - "$data/times.json" <<'PY'
import json, sys
print("| command | median | min | max |\n|---|---:|---:|---:|")
for r in json.load(open(sys.argv[1]))["results"]:
    ms = lambda x: f"{x * 1000:.1f} ms"
    who, what = r["command"].split("/release/")
    who = "REV" if who.endswith("/base/target") else "today"
    print(f"| {who}: `{what}` | {ms(r['median'])} | {ms(r['min'])} | {ms(r['max'])} |")
PY
for b in "$bin" ${old:+"$old"}; do
    for cmd in "show $one" "history"; do
        /usr/bin/time -f "$b $cmd: peak RSS %M KB" "$b" $cmd >/dev/null
    done
done
