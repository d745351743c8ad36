#!/usr/bin/env bash
# Every scenario under scenarios/ at full scale, as shipped (docs/SCENARIOS.md,
# "Catalogue"; the tests run them small): one line per scenario with its
# devices, wall time, peak RSS, exit code and failed expectations. A failed
# run is reported and the next one goes on; the script exits with 1 if any
# failed. Usage: bench/scenarios_full.sh [SCENARIO.yaml ...] (default: all,
# found recursively; pass some to run only those, e.g. the small ones).
set -uo pipefail
cd "$(dirname "$0")/.."
bin=build/app/esimtwin
[ -x "$bin" ] || { echo "build first: cmake --build build --target esimtwin" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "needs /usr/bin/time (apt-get install time)" >&2; exit 2; }
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
if [ $# -gt 0 ]; then files=("$@"); else mapfile -t files < <(find scenarios -name '*.yaml' | sort); fi

status=0
printf "%-40s %8s %10s %12s %5s %6s\n" scenario devices wall peak_rss exit failed
for f in "${files[@]}"; do
  name=${f#scenarios/}
  out=$dir/run.out
  /usr/bin/time -f "%e s %M KB" -o "$dir/time" "$bin" run "$f" --no-progress -o "$dir/run.h5" >"$out" 2>&1
  code=$?
  devices=$(sed -n 's/^run [^:]*: \([0-9]*\) devices.*/\1/p' "$out" | head -1)
  failed=$(grep -c '^  FAIL ' "$out")
  # time adds "Command exited with non-zero status N" first when it is.
  read -r wall _ rss _ < <(tail -n 1 "$dir/time")
  printf "%-40s %8s %8s s %9s KB %5s %6s\n" "$name" "${devices:--}" "${wall:--}" "${rss:--}" "$code" "$failed"
  if [ "$code" -ne 0 ]; then
    status=1
    grep -E '^  FAIL |error' "$out" | sed 's/^/    /'
  fi
  rm -f "$dir/run.h5"
done
exit $status
