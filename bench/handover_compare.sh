#!/usr/bin/env bash
# The handover comparison (docs/SCENARIOS.md, "The handover comparison"):
# the export of trackers deployed in Germany to the German operator's
# profile in the three cooperation modes of the source document §4
# (scenarios/export-direct.yaml, export-proxy.yaml, export-delegated.yaml)
# and the import of trackers made abroad to China Mobile's profile
# (scenarios/import-download-profile.yaml), one fleet and timetable, and
# each again with the SM-DP of its download down for the download's first
# minute (its first batch's orders refused: failures per mode). One row per
# run: devices ordered, switched, failed, the time to switch (order to
# registration on the new profile: p50, p90, max), the SM-SRs' SMS per
# device, the platform messages per device (lines of the run's
# --platform-log: every SGP.02 function request and result, notification
# and OneLink request) and the run's wall time.
#
# Usage: bench/handover_compare.sh [DEVICES]   (default 150, the scenarios'
# own count; another count scales the fleet with --devices, where the
# scenarios' counts of 150 in their expectations do not hold)
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-150}
bin=build/app/esimtwin
[ -x "$bin" ] || { echo "build first: cmake --build build --target esimtwin" >&2; exit 2; }
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

# mode, scenario, the SM-DP fault target of its download and the download's order time.
runs=(
  "direct scenarios/export-direct.yaml sm-dp:SM-DP-DE 70min"
  "proxy scenarios/export-proxy.yaml sm-dp:SM-DP-AGENT 70min"
  "delegated scenarios/export-delegated.yaml sm-dp 10min"
  "import scenarios/import-download-profile.yaml sm-dp 10min"
)

metric() { awk -v m="$1" '$1 == m { print $2 }' "$2"; }

row() {
  local name=$1 scenario=$2 out=$dir/$1 rc=0
  /usr/bin/time -f "%e" -o "$out.time" "$bin" run "$scenario" --no-progress --devices "$n" -o "$out.h5" \
    --platform-log "$out.jsonl" >"$out.out" 2>&1 || rc=$?
  # 1: an expectation missed (the outage variants, another count); 2: no run.
  [ "$rc" -le 1 ] || { echo "$name: the run failed:" >&2; cat "$out.out" >&2; exit 1; }
  [ "$rc" -eq 0 ] || [ "$n" -ne 150 ] || [[ $name == *+outage ]] ||
    { echo "$name: an expectation failed:" >&2; grep FAIL "$out.out" >&2; exit 1; }
  local ordered
  ordered=$(metric handover.ordered "$out.out")
  printf "| %s | %s | %s | %s | %.0f | %.0f | %.0f | %.1f | %.1f | %.2f |\n" "$name" "$ordered" \
    "$(metric handover.done "$out.out")" "$(metric handover.failed "$out.out")" \
    "$(metric handover.p50_s "$out.out")" "$(metric handover.p90_s "$out.out")" \
    "$(metric handover.max_s "$out.out")" "$(metric handover.sms_per_device "$out.out")" \
    "$(awk -v n="$ordered" 'END { print NR / n }' "$out.jsonl")" "$(tail -n 1 "$out.time")"
}

echo "| mode | devices | switched | failed | p50 s | p90 s | max s | SMS / device | platform messages / device | wall s |"
echo "|---|---|---|---|---|---|---|---|---|---|"
for r in "${runs[@]}"; do
  read -r mode scenario _ _ <<<"$r"
  row "$mode" "$scenario"
done
for r in "${runs[@]}"; do
  read -r mode scenario target at <<<"$r"
  cp "$scenario" "$dir/$mode-outage.yaml"
  printf 'faults:\n  - {at: %s, target: %s, action: outage, for: 1min}\n' "$at" "$target" >>"$dir/$mode-outage.yaml"
  # The scenario's profile packages are named from the repository root.
  row "$mode+outage" "$dir/$mode-outage.yaml"
done
