#!/usr/bin/env bash
# What opening a large run costs the viewer (docs/VIEWER.md, "Large runs"):
# runs scenarios/ota-campaign-1m.yaml at DEVICES (default 1 000 000), then
# times `esimtwin view --screenshot` on its run file under xvfb-run (wall
# time and peak memory, /usr/bin/time), beside the run's own figures: the
# viewer's cost against the run's in the same session. Results:
# docs/PERFORMANCE.md, "The viewer".
#
#   bench/view_large.sh [DEVICES]     (from the repository root)
#
# ESIMTWIN names another binary (default build/app/esimtwin). The run file,
# the PNG and the layout are kept in $OUT_DIR (default: a temporary folder,
# removed on exit). Needs about 3 GB of memory at 1 M.
set -euo pipefail
cd "$(dirname "$0")/.."
devices=${1:-1000000}
source bench/run_setup.sh  # bin, dir
/usr/bin/time -f "%e %M %U %S" -o "$dir/run.time" "$bin" run scenarios/ota-campaign-1m.yaml --devices "$devices" \
  --no-progress -o "$dir/run.h5" >"$dir/summary.txt" 2>&1 || true
read -r run_wall run_kb run_user run_sys <"$dir/run.time"
events=$(/usr/bin/python3 -c "import h5py,sys; f=h5py.File(sys.argv[1]); print(len(f['events/t']))" "$dir/run.h5")
size=$(du -m "$dir/run.h5" | cut -f1)
echo "run: $devices devices, $events events, file $size MB: wall $run_wall s (user $run_user s, sys $run_sys s), peak RSS $((run_kb / 1024)) MB"
for bins in 600 4000; do
  /usr/bin/time -f "%e %M %U %S" -o "$dir/view.time" xvfb-run -a -s "-screen 0 1600x1000x24" "$bin" view "$dir/run.h5" \
    --bins "$bins" --device 7 --screenshot "$dir/view-$bins.png" --layout "$dir/view-$bins.json" >/dev/null
  read -r view_wall view_kb view_user view_sys <"$dir/view.time"
  echo "view --screenshot --bins $bins --device 7: wall $view_wall s (user $view_user s, sys $view_sys s; Xvfb's start included), peak RSS $((view_kb / 1024)) MB"
done
