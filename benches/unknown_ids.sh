#!/usr/bin/env bash
# "Did you mean" at scale (issue 14): an answer file of N unknown question ids (default one
# million: about 13 MB, the ids kept short to stay under the 16 MiB cap on answer files) scored
# end to end with the release binary, `skillgap score --answers FILE`. Prints the wall time, the
# peak memory, the exit code and the size of the message on standard error (bytes and lines).
#
#   benches/unknown_ids.sh [N] [BINARY]      e.g. benches/unknown_ids.sh 1000000
#
# BINARY defaults to target/release/skillgap (built first with `cargo build --release`). The ids
# ("pt.k0", "pt.k1", ...) are unknown to the built-in bank, and each would be searched for a
# "did you mean" if every one were.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-1000000}
bin=${2:-target/release/skillgap}
[ -x "$bin" ] || cargo build --release
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 - "$n" "$work/answers.json" <<'PY'
import sys
n, path = int(sys.argv[1]), sys.argv[2]
with open(path, "w") as f:
    f.write('{"answers": {')
    f.write(",".join(f'"pt.k{i:x}":1' for i in range(n)))
    f.write("}}")
PY
echo "answer file: $(stat -c %s "$work/answers.json") bytes, $n unknown ids"
start=$(date +%s.%N)
set +e
/usr/bin/time -f "%M" -o "$work/rss" "$bin" score --answers "$work/answers.json" \
    >"$work/out" 2>"$work/err"
code=$?
set -e
end=$(date +%s.%N)
printf 'wall time: %.2f s\n' "$(echo "$end - $start" | bc)"
echo "peak memory: $(($(tail -1 "$work/rss") / 1024)) MiB"
echo "exit code: $code"
echo "message: $(stat -c %s "$work/err") bytes, $(wc -l <"$work/err") lines"
echo "--- message ---"
cat "$work/err"
