#!/usr/bin/env bash
# The operator platforms in runs at scale (docs/PERFORMANCE.md, "SM-SR
# changes, the direct export and chip management in runs"): the shipped
# scenarios scaled to N devices (default 10 000), each run's wall time and
# peak memory, and the costs per device against the baselines measured in
# the same invocation. Usage: bench/platform_runs.sh [DEVICES]
#
#   pre      export-direct.yaml stopped at 9 min, before the changes
#   change   export-direct.yaml without its download campaign: N SM-SR changes
#   direct   export-direct.yaml: N SM-SR changes, then N downloads
#   nochip   chip-lifecycle.yaml without the chip management platform
#   chip     chip-lifecycle.yaml: N activations, OTA write records, recyclings
#   nolink   export-direct.yaml with the operators' own orders (no onelink: true)
#   usage    onelink-usage.yaml with N devices (4/5 meters, 1/5 trackers), one day
#   nousage  the same without activity_data, activity_sms and alerts
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-10000}
. bench/timed_runs.sh

# The scaled scenarios, each with expectations for N devices.
/usr/bin/python3 - "$n" "$dir" <<'PY'
import re, sys
n, out = int(sys.argv[1]), sys.argv[2]
batch = max(1, n // 10)

def scaled(path, count, rate_keys):
    s = open(path).read()
    s = re.sub(r"count: %d\n" % count, "count: %d\n" % n, s, count=1)
    s = re.sub(r"batch_size: \d+", "batch_size: %d" % batch, s)
    s = s.replace("== %d\"" % count, "== %d\"" % n)
    for old, new in rate_keys:
        s = s.replace(old, new)
    return s

def without(s, start, end):
    i, j = s.index(start), s.index(end)
    return s[:i] + s[j:]

def drop_lines(s, words):
    return "".join(l for l in s.splitlines(True) if not any(w in l for w in words))

direct = scaled("scenarios/export-direct.yaml", 150,
                [("admission_rate: 10, burst: 30", "admission_rate: 100, burst: %d" % batch),
                 ("requests_completed == 300\"", "requests_completed == %d\"" % (2 * n))])
# The same export ordered by the operators themselves, not through OneLink.
nolink = drop_lines(direct, ["onelink: true", '"onelink.requests'])
change = drop_lines(without(direct, "  - name: german-profile", "# Every tracker handed over"),
                    ['"smdp.', '"smsr.notifications', '"refreshes', '"onelink.', '"chip.profiles_downloaded',
                     '"handover.'])
pre = change.replace("stop: 3h", "stop: 9min")
pre = pre[:pre.index("expectations:")]
chip = scaled("scenarios/chip-lifecycle.yaml", 1000,
              [("submit_rate: 50, burst: 50", "submit_rate: 500, burst: 500"),
               ("workers: 2, service_time: 100ms", "workers: 8, service_time: 100ms"),
               ("== 300000\"", "== %d\"" % (300 * n))])
nochip = drop_lines(chip, ["chip_management:", "target: chip-management", '"chip.', "faults:"])
usage = open("scenarios/onelink-usage.yaml").read()
usage = usage.replace("count: 2000\n", "count: %d\n" % (4 * n // 5)).replace("count: 500\n", "count: %d\n" % (n // 5))
usage = usage[:usage.index("expectations:")]
nousage = drop_lines(usage, ["activity_data:", "data_alert:", "activity_sms:", "sms_alert:"])
for name, text in [("pre", pre), ("change", change), ("direct", direct), ("nolink", nolink), ("chip", chip),
                   ("nochip", nochip), ("usage", usage), ("nousage", nousage)]:
    open("%s/%s.yaml" % (out, name), "w").write(text)
PY

for run in pre change nolink direct nochip chip nousage usage; do timed_run "$run"; done
/usr/bin/python3 - "$n" "${wall[pre]}" "${wall[change]}" "${wall[direct]}" "${wall[nochip]}" "${wall[chip]}" \
  "${wall[nolink]}" "${wall[nousage]}" "${wall[usage]}" <<'PY'
import sys
n = int(sys.argv[1])
pre, change, direct, nochip, chip, nolink, nousage, usage = map(float, sys.argv[2:])
print(f"per SM-SR change {1000 * (change - pre) / n:.2f} ms, per download after it {1000 * (direct - change) / n:.2f} ms")
print(f"chip management: {chip / nochip:.2f}x the re-numbering run")
print(f"through OneLink: {direct / nolink:.2f}x the export ordered directly")
print(f"OneLink's usage and alerts: {usage / nousage:.2f}x the same day without activity_data")
PY
