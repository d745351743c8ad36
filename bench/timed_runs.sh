# Sourced by the bench/*_runs.sh scripts (from the repository root): the
# esimtwin binary, a temporary folder for their scaled scenarios (removed
# on exit), and timed_run NAME [WIDTH], which runs $dir/NAME.yaml, prints
# its wall time and peak memory (NAME in a column of WIDTH, default 7) and
# keeps the wall time in wall[NAME]; a failed run or a missed expectation
# ends the script.
bin=build/app/esimtwin
[ -x "$bin" ] || { echo "build first: scripts/run.sh, or cmake --build build --target esimtwin" >&2; exit 2; }
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
declare -A wall

timed_run() {
  local run=$1 width=${2:-7} s kb
  /usr/bin/time -f "%e %M" -o "$dir/$run.time" "$bin" run "$dir/$run.yaml" --no-progress -o "$dir/$run.h5" >"$dir/$run.out" 2>&1 ||
    { echo "$run: the run failed or missed an expectation:"; grep -E "FAIL|error" "$dir/$run.out"; exit 1; }
  read -r s kb <"$dir/$run.time"
  wall[$run]=$s
  printf "%-${width}s %8s s %8.0f MB\n" "$run" "$s" "$((kb / 1024))"
}
