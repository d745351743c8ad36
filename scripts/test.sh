#!/usr/bin/env bash
# Builds esimtwin and runs every test: the card-core tests under AddressSanitizer
# and UndefinedBehaviorSanitizer (only there), bounded libFuzzer runs on the APDU entry
# point, the profile package decoder, SCP81's decoders, the SMS/SCP80
# decoders, an eUICC's APDU entry point and the scenario loader (on one core,
# beside the normal build), and the whole test suite (ctest) of the normal build.
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

echo "== build and test suite"
# Options spelled out: a build/ configured otherwise before (say, card-core
# only) must still build everything. The card-core tests ran above, under
# the sanitizers; this build leaves them out (docs/PERFORMANCE.md, "The
# test suite's time").
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DESIMTWIN_APP=ON -DESIMTWIN_BENCH=ON \
  -DESIMTWIN_SANITIZE=OFF -DESIMTWIN_FUZZ=OFF -DESIMTWIN_CARDCORE_TESTS=OFF >/dev/null
cmake --build build -j"$jobs"
(cd build && ctest --output-on-failure -j"$jobs")

echo "== fuzz results"
fuzz_status=0
wait "$fuzz_pid" || fuzz_status=$?
for f in apdu saip scp81 sms euicc scenario; do
  [ -f "build-fuzz/fuzz_$f.log" ] || continue
  echo "-- fuzz_$f"
  tail -n 12 "build-fuzz/fuzz_$f.log"
done
exit "$fuzz_status"
