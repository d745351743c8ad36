#!/usr/bin/env bash
# Builds the libraries under AddressSanitizer and UndefinedBehaviorSanitizer
# (clang, build-san/) and runs card-core's, the models' and the engine's
# tests in it, with bounded libFuzzer runs on the APDU entry point, the
# profile package decoder, SCP81's decoders, the SMS/SCP80 decoders, an
# eUICC's APDU entry point and the scenario loader (on one core, beside the
# tests). The application's tests, which run the esimtwin command hundreds
# of times as a user would, build and run without the sanitizers
# (build-app/, clang -O1): a sanitized esimtwin ran their scenarios about 7
# times slower (docs/PERFORMANCE.md, "The application's tests without the
# sanitizers").
# Installs missing Debian packages first (scripts/install-deps.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
jobs=$(nproc)
fuzz_seconds=${ESIMTWIN_FUZZ_SECONDS:-30}

scripts/install-deps.sh

echo "== build without the sanitizers (clang -O1): the esimtwin command and its tests"
# Options spelled out: a build-app/ configured otherwise before must still
# build these.
CC=clang CXX=clang++ cmake -S . -B build-app -DCMAKE_BUILD_TYPE=Release -DESIMTWIN_RELEASE_OPT=-O1 \
  -DESIMTWIN_SANITIZE=OFF -DESIMTWIN_FUZZ=OFF -DESIMTWIN_APP=ON -DESIMTWIN_BENCH=OFF -DESIMTWIN_CARDCORE_TESTS=OFF \
  -DBUILD_TESTING=ON -DCMAKE_CXX_FLAGS= >/dev/null
cmake --build build-app -j"$jobs" --target esimtwin app_tests

echo "== build under ASan and UBSan (clang): the libraries, their tests and the libFuzzer harnesses"
# One build serves all: card-core, the models and the scenario loader carry
# the fuzzers' coverage instrumentation too (fuzz/CMakeLists.txt). Release
# is -O1 under the sanitizers (CMakeLists.txt). Options spelled out: a
# build-san/ configured otherwise before must still build everything.
CC=clang CXX=clang++ cmake -S . -B build-san -DCMAKE_BUILD_TYPE=Release -DESIMTWIN_SANITIZE=ON -DESIMTWIN_FUZZ=ON \
  -DESIMTWIN_APP=ON -DESIMTWIN_BENCH=OFF -DESIMTWIN_CARDCORE_TESTS=ON -DCMAKE_CXX_FLAGS= >/dev/null
cmake --build build-san -j"$jobs" --target cardcore_tests models_tests sim_tests \
  fuzz_apdu fuzz_saip fuzz_scp81 fuzz_sms fuzz_euicc fuzz_scenario

echo "== fuzz: libFuzzer on the APDU entry point for three quarters of ${fuzz_seconds}s, the profile package decoder, SCP81's and the SMS/SCP80 decoders, the eUICC and the scenario loader for a quarter each"
mkdir -p build-san/corpus-apdu build-san/corpus-saip build-san/corpus-scp81 build-san/corpus-sms \
  build-san/corpus-euicc build-san/corpus-scenario
# The fuzzers run one after the other on one core, beside the tests below
# (their output in build-san/fuzz_*.log, shown at the end); a crash fails
# the run. A crashing input is written to build-san/crash-<name>-* (named
# in the log).
run_fuzzer() {  # name, seconds
  "build-san/fuzz/fuzz_$1" -max_total_time="$2" -print_final_stats=1 -artifact_prefix="build-san/crash-$1-" \
    "build-san/corpus-$1" "$root/fuzz/corpus/$1" >"build-san/fuzz_$1.log" 2>&1
}
(run_fuzzer apdu "$((fuzz_seconds * 3 / 4))" && run_fuzzer saip "$((fuzz_seconds / 4))" &&
  run_fuzzer scp81 "$((fuzz_seconds / 4))" && run_fuzzer sms "$((fuzz_seconds / 4))" &&
  run_fuzzer euicc "$((fuzz_seconds / 4))" && run_fuzzer scenario "$((fuzz_seconds / 4))") &
fuzz_pid=$!
trap 'kill "$fuzz_pid" 2>/dev/null || true' EXIT

echo "== the test suite: card-core's, the models' and the engine's under ASan and UBSan, the application's without"
# A quarantine of 8 MiB (not 256) and no fill of new allocations: page
# faults on fresh quarantined memory and fill bytes were a third of the
# sanitized tests' time when the app tests ran under them
# (docs/PERFORMANCE.md, "The sanitizers' options"); use-after-free within
# the last 8 MiB freed is still caught.
export ASAN_OPTIONS=detect_leaks=1:quarantine_size_mb=8:max_malloc_fill_size=0
export LSAN_OPTIONS="suppressions=$root/tests/lsan.supp" UBSAN_OPTIONS=print_stacktrace=1
# Each test executable runs as twice $jobs shards (GoogleTest's own
# sharding), one process each, side by side: a process per test, as ctest
# starts them, costs about half a second under the sanitizers, and there
# are some 2 400 (docs/PERFORMANCE.md, "The whole suite under the
# sanitizers"); twice as many shards as cores even out their lengths.
shards=$((jobs * 2))
suite_status=0
for t in build-san/card-core/cardcore build-san/models/models build-san/sim/sim build-app/app/app; do
  tree=${t%%/*} t=${t#*/}
  dir=$tree/tests/${t%/*} exe=${t#*/}_tests
  echo "-- $exe, $shards shards"
  pids=()
  for ((i = 0; i < shards; ++i)); do
    # Each test's time in the log (<tree>/tests/<dir>/<exe>.shard<i>.log):
    # which ones are long.
    (cd "$dir" && GTEST_TOTAL_SHARDS=$shards GTEST_SHARD_INDEX=$i "./$exe" >"$exe.shard$i.log" 2>&1) &
    pids+=($!)
  done
  for ((i = 0; i < shards; ++i)); do
    if ! wait "${pids[$i]}"; then
      suite_status=1
      cat "$dir/$exe.shard$i.log"
    else
      tail -n 2 "$dir/$exe.shard$i.log"
    fi
  done
done
# The tests that are no GoogleTest case (label "script", tests/CMakeLists.txt).
(cd build-app && ctest --output-on-failure -j"$jobs" -L script) || suite_status=1

echo "== fuzz results"
fuzz_status=0
wait "$fuzz_pid" || fuzz_status=$?
for f in apdu saip scp81 sms euicc scenario; do
  [ -f "build-san/fuzz_$f.log" ] || continue
  echo "-- fuzz_$f"
  tail -n 12 "build-san/fuzz_$f.log"
done
[ "$suite_status" -eq 0 ] || exit "$suite_status"
exit "$fuzz_status"
