#!/usr/bin/env bash
# The platforms' messages on SimGrid links at scale (docs/PERFORMANCE.md,
# "Platform messages on links"): scenarios/ota-campaign-100k.yaml scaled to
# N meters (default 20 000) three ways — the write module with the SMSC
# (no links), the write module 40 ms from the core behind a 1 GB/s link
# (its SMPP on the links, idle), and behind N/5 B/s (4 kB/s for 20 000:
# the campaign writes N meters in 30 min, a packet each way and the final
# report back, 240 B each, on one link both ways share — 0.4 N B/s at its
# peak: the link is the bottleneck) — each run's wall time and peak
# memory, the campaign's end and the longest time a message was on its
# way. Usage: bench/platform_links_runs.sh [DEVICES]
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-20000}
. bench/timed_runs.sh

/usr/bin/python3 - "$n" "$dir" <<'PY'
import sys
sys.path.insert(0, "bench")
from ota_topology import MODULE, scaled, with_platform_node
n, out = int(sys.argv[1]), sys.argv[2]
for name, bw in [("near", None), ("wide", "1GBps"), ("narrow", "%dBps" % (n // 5))]:
    s = scaled(n)
    if bw:
        s = with_platform_node(s, "wm", "40ms", bw)
        s = s.replace(MODULE, MODULE[:-2] + ", node: wm}\n", 1)
    open("%s/%s.yaml" % (out, name), "w").write(s)
PY

for run in near wide narrow; do timed_run "$run"; done
for run in near wide narrow; do
  awk -v r="$run" '$1 == "ota.done" || $1 == "ota.last_done_s" || $1 == "ota.done_p90_s" || $1 == "platform_links.messages" || $1 == "platform_links.longest_s" {printf "%s %s %s\n", r, $1, $2}' "$dir/$run.out"
done
/usr/bin/python3 - "${wall[near]}" "${wall[wide]}" "${wall[narrow]}" <<'PY'
import sys
near, wide, narrow = map(float, sys.argv[1:])
print(f"links idle: {wide / near:.2f}x the run without links; saturated: {narrow / near:.2f}x")
PY
