#!/usr/bin/env bash
# The multiplexed engine against the actor-per-device baseline on the same
# scenario, one after the other in one invocation: wall time and peak RSS of
# each, and their ratios. Usage: bench/engine_vs_naive.sh [SCENARIO] [DEVICES] [STOP]
set -euo pipefail
cd "$(dirname "$0")/.."
scenario=${1:-scenarios/attach-100k.yaml}
devices=${2:-100000}
stop=${3:-}
bin=build/bench/engine_run
[ -x "$bin" ] || { echo "build first: cmake --build build --target engine_run" >&2; exit 2; }
m=$("$bin" multiplexed "$scenario" "$devices" $stop)
n=$("$bin" naive "$scenario" "$devices" $stop)
echo "$m"
echo "$n"
get() { echo "$1" | tr ' ' '\n' | sed -n "s/^$2=//p"; }
python3 - "$(get "$m" wall_s)" "$(get "$n" wall_s)" "$(get "$m" peak_rss_mb)" "$(get "$n" peak_rss_mb)" <<'PY'
import sys
mw, nw, mr, nr = map(float, sys.argv[1:])
print(f"naive/multiplexed: wall {nw/mw:.1f}x, peak RSS {nr/mr:.1f}x")
PY
