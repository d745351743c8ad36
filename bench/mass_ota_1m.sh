#!/usr/bin/env bash
# The mass OTA campaign at full scale: scenarios/ota-campaign-1m.yaml (a
# million domestic cards renumbered through an SMSC of 200 messages/s),
# timed with /usr/bin/time, then its completion curve from the run file's
# /campaign_progress (bench/campaign_curve.py, /usr/bin/python3 + h5py) and
# the tail metrics from the run's summary. Results: docs/PERFORMANCE.md.
#
#   bench/mass_ota_1m.sh [DEVICES]     (default 1000000; from the repository root)
#
# ESIMTWIN names another binary (default build/app/esimtwin). Needs
# about 3 GB of memory at 1 M. The run file is kept in $OUT_DIR
# (default: a temporary folder, removed on exit).
set -euo pipefail
cd "$(dirname "$0")/.."
devices=${1:-1000000}
source bench/run_setup.sh  # bin, dir
status=0
/usr/bin/time -f "%e %M" -o "$dir/time" "$bin" run scenarios/ota-campaign-1m.yaml --devices "$devices" --no-progress \
  -o "$dir/ota-campaign-1m.h5" >"$dir/summary.txt" 2>&1 || status=$?
read -r wall kb <"$dir/time"
echo "ota-campaign-1m at $devices devices: wall $wall s, peak RSS $((kb / 1024)) MB, exit $status ($(date -u +%FT%TZ))"
grep -E "^  (sms\.|ota\.|events |devices_registered|refreshes|unknown_imsi|auth_rejects)" "$dir/summary.txt"
sed -n '/^expectations:/,$p' "$dir/summary.txt"
echo
/usr/bin/python3 bench/campaign_curve.py "$dir/ota-campaign-1m.h5" 30
exit "$status"
