#!/usr/bin/env bash
# The multiplexed engine's scaling curve (docs/PERFORMANCE.md, "Scaling of
# the multiplexed engine"): SCENARIO scaled to each device count, one run
# per count (SimGrid allows one engine per process), a table of wall time,
# peak RSS, events handled, events per second of wall time and devices
# attached. The 10 M run needs some 11 GB of memory.
# Usage: bench/engine_scaling.sh [SCENARIO] [COUNT ...]
#   (default: scenarios/attach-100k.yaml 10000 100000 1000000 10000000)
set -euo pipefail
cd "$(dirname "$0")/.."
scenario=${1:-scenarios/attach-100k.yaml}
shift || true
counts=("$@")
[ ${#counts[@]} -gt 0 ] || counts=(10000 100000 1000000 10000000)
bin=build/bench/engine_run
[ -x "$bin" ] || { echo "build first: cmake --build build --target engine_run" >&2; exit 2; }
echo "| devices | wall | peak RSS | events handled | events/s wall | devices attached |"
echo "|---|---|---|---|---|---|"
for n in "${counts[@]}"; do
  line=$("$bin" multiplexed "$scenario" "$n")
  get() { echo "$line" | tr ' ' '\n' | sed -n "s/^$1=//p"; }
  printf '| %s | %s s | %s MB | %s | %s | %s |\n' "$(get devices)" "$(get wall_s)" "$(get peak_rss_mb)" \
    "$(get events)" "$(get events_per_s)" "$(get attached)"
done
