#!/usr/bin/env bash
# The network's messages to OneLink on SimGrid links at scale
# (docs/PERFORMANCE.md, "Platform messages on links"):
# scenarios/ota-campaign-100k.yaml scaled to N meters (default 20 000),
# OneLink following them — with OneLink at no node (its events and the
# platforms' answers reach it at once, no links) and at a node 30 ms from
# the core behind 1 GB/s (every attach, PSM entry, TAU and detach the MMEs
# see crosses the links, 2000 B each, beside the write module's reports).
# Each run's wall time and peak memory, the messages on the links and the
# longest time one was on its way.
# Usage: bench/onelink_links_runs.sh [DEVICES]
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-20000}
. bench/timed_runs.sh

/usr/bin/python3 - "$n" "$dir" <<'PY'
import sys
sys.path.insert(0, "bench")
from ota_topology import MODULE, scaled, with_platform_node
n, out = int(sys.argv[1]), sys.argv[2]
for name, node in [("near", ""), ("far", ", node: ol")]:
    s = with_platform_node(scaled(n), "ol", "30ms", "1GBps")
    s = s.replace(MODULE, MODULE + "  onelink: {populations: [meters]%s}\n" % node, 1)
    open("%s/%s.yaml" % (out, name), "w").write(s)
PY

for run in near far; do timed_run "$run"; done
for run in near far; do
  awk -v r="$run" '$1 == "ota.done" || $1 == "onelink.online" || $1 == "onelink.sleeping" || $1 == "platform_links.messages" || $1 == "platform_links.batches" || $1 == "platform_links.longest_s" {printf "%s %s %s\n", r, $1, $2}' "$dir/$run.out"
done
/usr/bin/python3 - "${wall[near]}" "${wall[far]}" <<'PY'
import sys
near, far = map(float, sys.argv[1:])
print(f"OneLink's messages on the links: {far / near:.2f}x the run without them")
PY
