#!/usr/bin/env bash
# A sweep on 1 rank and on N ranks (mpirun), one after the other: wall time
# and peak RSS of each (the largest process: a rank or one of its runs) and
# the speed-up. docs/SCALING.md.
#   bench/sweep_scaling.sh [SWEEP.yaml] [RANKS...]     (default sweeps/hss-storm.yaml, ranks 2)
set -euo pipefail
cd "$(dirname "$0")/.."
sweep=${1:-sweeps/hss-storm.yaml}
shift || true
ranks=("${@:-2}")
bin=build/app/esimtwin
[ -x "$bin" ] || { echo "build first: cmake --build build --target esimtwin" >&2; exit 2; }
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
measure() {  # label, command...
  local label=$1
  shift
  local status=0
  /usr/bin/time -f "%e %M" -o "$out/time" "$@" >"$out/log" 2>&1 || status=$?
  [ "$status" -le 1 ] || { cat "$out/log" >&2; exit 2; }
  read -r wall rss < <(tail -n 1 "$out/time")
  echo "$label wall_s=$wall peak_rss_mb=$((rss / 1024))"
  echo "$wall" >"$out/$label.wall"
}
measure ranks=1 "$bin" sweep "$sweep" -o "$out/1.h5"
for n in "${ranks[@]}"; do
  measure "ranks=$n" mpirun --oversubscribe -np "$n" "$bin" sweep "$sweep" -o "$out/$n.h5"
  python3 -c "import sys; print(f'speed-up at {sys.argv[3]} ranks: {float(sys.argv[1]) / float(sys.argv[2]):.2f}x')" \
    "$(cat "$out/ranks=1.wall")" "$(cat "$out/ranks=$n.wall")" "$n"
done
