#!/usr/bin/env bash
# The multiplexed engine against the actor-per-device baseline on the same
# scenario, in one invocation: wall time and peak RSS of each, and their
# ratios. Usage:
#   bench/engine_vs_naive.sh [SCENARIO] [DEVICES] [STOP] [REPEATS]
# REPEATS (default 3) pairs of runs, the engines' order alternating from
# pair to pair (so that a slow spell of the machine does not always fall on
# the same engine): each pair's lines and ratios, then the median of each
# engine's figures and the ratios of those medians, with the smallest and
# largest pair ratio. STOP "" runs the scenario's own stop time.
set -euo pipefail
cd "$(dirname "$0")/.."
scenario=${1:-scenarios/attach-100k.yaml}
devices=${2:-100000}
stop=${3:-}
repeats=${4:-3}
bin=build/bench/engine_run
[ -x "$bin" ] || { echo "build first: cmake --build build --target engine_run" >&2; exit 2; }
[[ "$repeats" =~ ^[1-9][0-9]*$ ]] || { echo "REPEATS must be a positive whole number, not '$repeats'" >&2; exit 2; }
get() { echo "$1" | tr ' ' '\n' | sed -n "s/^$2=//p"; }
pairs=()
for ((i = 1; i <= repeats; ++i)); do
  if ((i % 2 == 1)); then
    m=$("$bin" multiplexed "$scenario" "$devices" $stop)
    n=$("$bin" naive "$scenario" "$devices" $stop)
  else
    n=$("$bin" naive "$scenario" "$devices" $stop)
    m=$("$bin" multiplexed "$scenario" "$devices" $stop)
  fi
  echo "pair $i: $m"
  echo "pair $i: $n"
  pairs+=("$(get "$m" wall_s) $(get "$n" wall_s) $(get "$m" peak_rss_mb) $(get "$n" peak_rss_mb)")
done
python3 - "${pairs[@]}" <<'PY'
import statistics, sys
rows = [tuple(map(float, p.split())) for p in sys.argv[1:]]
for i, (mw, nw, mr, nr) in enumerate(rows, 1):
    print(f"pair {i}: naive/multiplexed: wall {nw/mw:.1f}x, peak RSS {nr/mr:.1f}x")
med = [statistics.median(col) for col in zip(*rows)]
mw, nw, mr, nr = med
wall = [r[1] / r[0] for r in rows]
rss = [r[3] / r[2] for r in rows]
print(f"median of {len(rows)}: multiplexed {mw:.2f} s, {mr:.1f} MB; naive {nw:.2f} s, {nr:.1f} MB")
print(f"naive/multiplexed (medians): wall {nw/mw:.1f}x, peak RSS {nr/mr:.1f}x "
      f"(pairs: wall {min(wall):.1f}-{max(wall):.1f}x, peak RSS {min(rss):.1f}-{max(rss):.1f}x)")
PY
