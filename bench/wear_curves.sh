#!/usr/bin/env bash
# The failure curves of scenarios/wear/automotive-10y.yaml at full scale
# (docs/MODELS.md, "Environmental stress and wear"): N replications (seeds
# 1..N, default 3), each timed, then `esimtwin wear` over them: per
# population and year the share of cards failed by each cause with its
# Wilson interval per run and the mean over the replications with its
# Student-t interval. Usage: bench/wear_curves.sh [N] [SCENARIO.yaml]
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-3}
scenario=${2:-scenarios/wear/automotive-10y.yaml}
bin=build/app/esimtwin
[ -x "$bin" ] || { echo "build first: cmake --build build --target esimtwin" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "needs /usr/bin/time (apt-get install time)" >&2; exit 2; }
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
runs=()
for seed in $(seq 1 "$n"); do
  # Exit code 1: an expectation failed, the run is whole (it is said); 2: no run.
  code=0
  /usr/bin/time -f "%e s %M KB" -o "$dir/time" "$bin" run "$scenario" --seed "$seed" --no-progress -o "$dir/r$seed.h5" \
    >"$dir/out" 2>&1 || code=$?
  [ "$code" -le 1 ] || { cat "$dir/out"; exit 1; }
  echo "seed $seed: $(tail -n 1 "$dir/time"), $(sed -n 's/^  events *//p' "$dir/out") events"
  grep '^  FAIL ' "$dir/out" | sed 's/^/    /' || true
  runs+=("$dir/r$seed.h5")
done
"$bin" wear "${runs[@]}"
