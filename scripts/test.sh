#!/usr/bin/env bash
# Builds esimtwin and runs every test: the card-core tests under AddressSanitizer
# and UndefinedBehaviorSanitizer (clang, with stack redzones), bounded libFuzzer runs on the APDU entry
# point, the profile package decoder, SCP81's decoders, the SMS/SCP80
# decoders, an eUICC's APDU entry point and the scenario loader (on one core,
# beside the other build), and the rest of the test suite in a build under
# the same sanitizers (gcc).
# Installs missing Debian packages first (scripts/install-deps.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
jobs=$(nproc)
fuzz_seconds=${ESIMTWIN_FUZZ_SECONDS:-60}

scripts/install-deps.sh

echo "== sanitizer build (clang): card-core tests under ASan/UBSan, and the libFuzzer harnesses"
# One build serves both: card-core is compiled once with the sanitizers and
# the fuzzers' coverage instrumentation (fuzz/CMakeLists.txt), at -O1 so
# that the fuzzers run at a useful rate and the build stays short. The
# scenario loader's fuzzer adds models and the loader (twinscenario) to it.
CC=clang CXX=clang++ cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS=-O1 \
  -DESIMTWIN_SANITIZE=ON -DESIMTWIN_FUZZ=ON -DESIMTWIN_BENCH=OFF -DESIMTWIN_APP=OFF >/dev/null
cmake --build build-fuzz -j"$jobs" --target cardcore_tests fuzz_apdu fuzz_saip fuzz_scp81 fuzz_sms fuzz_euicc fuzz_scenario
(cd build-fuzz && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
  ctest -L card-core --output-on-failure -j"$jobs" --progress)

echo "== fuzz: libFuzzer on the APDU entry point for three quarters of ${fuzz_seconds}s, the profile package decoder, SCP81's and the SMS/SCP80 decoders, the eUICC and the scenario loader for a quarter each"
mkdir -p build-fuzz/corpus-apdu build-fuzz/corpus-saip build-fuzz/corpus-scp81 build-fuzz/corpus-sms \
  build-fuzz/corpus-euicc build-fuzz/corpus-scenario
# The fuzzers run one after the other on one core, beside the build below
# (their output in build-fuzz/*.log, shown at the end); a crash fails the run.
# A crashing input is written to build-fuzz/crash-<name>-* (named in the log).
run_fuzzer() {  # name, seconds
  "build-fuzz/fuzz/fuzz_$1" -max_total_time="$2" -print_final_stats=1 -artifact_prefix="build-fuzz/crash-$1-" \
    "build-fuzz/corpus-$1" "$root/fuzz/corpus/$1" >"build-fuzz/fuzz_$1.log" 2>&1
}
(run_fuzzer apdu "$((fuzz_seconds * 3 / 4))" && run_fuzzer saip "$((fuzz_seconds / 4))" &&
  run_fuzzer scp81 "$((fuzz_seconds / 4))" && run_fuzzer sms "$((fuzz_seconds / 4))" &&
  run_fuzzer euicc "$((fuzz_seconds / 4))" && run_fuzzer scenario "$((fuzz_seconds / 4))") &
fuzz_pid=$!
trap 'kill "$fuzz_pid" 2>/dev/null || true' EXIT

echo "== build and test suite under AddressSanitizer and UndefinedBehaviorSanitizer (gcc)"
# The models', engine's and application's tests in a sanitized build of
# their own (build-san/; the README's run command keeps build/ in Release).
# Without stack redzones, which SimGrid's hand-switched actor stacks turn
# into false reports (CMakeLists.txt, docs/RELIABILITY.md "Sanitizers").
# Options spelled out: a build-san/ configured otherwise before must still
# build everything. The card-core tests ran above, with stack redzones.
cmake -S . -B build-san -DCMAKE_BUILD_TYPE=Release -DESIMTWIN_APP=ON -DESIMTWIN_BENCH=OFF \
  -DESIMTWIN_SANITIZE=ON -DESIMTWIN_FUZZ=OFF -DESIMTWIN_CARDCORE_TESTS=OFF -DCMAKE_CXX_FLAGS= >/dev/null
cmake --build build-san -j"$jobs"
export ASAN_OPTIONS=detect_leaks=1 LSAN_OPTIONS="suppressions=$root/tests/lsan.supp" UBSAN_OPTIONS=print_stacktrace=1
# Each test executable runs as $jobs shards (GoogleTest's own sharding),
# one process each, side by side: a process per test, as ctest starts
# them, costs about half a second under the sanitizers, and there are some
# 1 700 (docs/PERFORMANCE.md, "The test suite's time").
suite_status=0
for t in models sim app; do
  echo "-- ${t}_tests, $jobs shards"
  pids=()
  for ((i = 0; i < jobs; ++i)); do
    (cd "build-san/tests/$t" && GTEST_TOTAL_SHARDS=$jobs GTEST_SHARD_INDEX=$i "./${t}_tests" --gtest_brief=1 \
      >"${t}_tests.shard$i.log" 2>&1) &
    pids+=($!)
  done
  for ((i = 0; i < jobs; ++i)); do
    if ! wait "${pids[$i]}"; then
      suite_status=1
      cat "build-san/tests/$t/${t}_tests.shard$i.log"
    else
      tail -n 2 "build-san/tests/$t/${t}_tests.shard$i.log"
    fi
  done
done
# The tests that are no GoogleTest case (label "script", tests/CMakeLists.txt).
(cd build-san && ctest --output-on-failure -j"$jobs" -L script) || suite_status=1

echo "== fuzz results"
fuzz_status=0
wait "$fuzz_pid" || fuzz_status=$?
for f in apdu saip scp81 sms euicc scenario; do
  [ -f "build-fuzz/fuzz_$f.log" ] || continue
  echo "-- fuzz_$f"
  tail -n 12 "build-fuzz/fuzz_$f.log"
done
[ "$suite_status" -eq 0 ] || exit "$suite_status"
exit "$fuzz_status"
