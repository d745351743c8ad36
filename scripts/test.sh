#!/usr/bin/env bash
# Builds esimtwin and runs every test: the card-core tests under AddressSanitizer
# and UndefinedBehaviorSanitizer, a bounded libFuzzer run on the APDU entry
# point, and the whole test suite (ctest) of the normal build, last.
# Installs missing Debian packages first (scripts/install-deps.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
jobs=$(nproc)
fuzz_seconds=${ESIMTWIN_FUZZ_SECONDS:-60}

scripts/install-deps.sh

echo "== sanitizer build: card-core tests under ASan/UBSan"
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DESIMTWIN_SANITIZE=ON \
  -DESIMTWIN_BENCH=OFF -DESIMTWIN_APP=OFF >/dev/null
cmake --build build-asan -j"$jobs" --target cardcore_tests
(cd build-asan && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
  ctest -L card-core --output-on-failure -j"$jobs" --progress)

echo "== fuzz: libFuzzer on the APDU entry point for ${fuzz_seconds}s, the profile package decoder for half that, SCP81's decoders for a quarter"
CC=clang CXX=clang++ cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DESIMTWIN_FUZZ=ON \
  -DESIMTWIN_BENCH=OFF -DESIMTWIN_APP=OFF -DBUILD_TESTING=OFF >/dev/null
cmake --build build-fuzz -j"$jobs" --target fuzz_apdu fuzz_saip fuzz_scp81
mkdir -p build-fuzz/corpus-apdu build-fuzz/corpus-saip build-fuzz/corpus-scp81
build-fuzz/fuzz/fuzz_apdu -max_total_time="$fuzz_seconds" -print_final_stats=1 \
  build-fuzz/corpus-apdu "$root/fuzz/corpus/apdu" 2>&1 | tail -n 12
build-fuzz/fuzz/fuzz_saip -max_total_time="$((fuzz_seconds / 2))" -print_final_stats=1 \
  build-fuzz/corpus-saip "$root/fuzz/corpus/saip" 2>&1 | tail -n 12
build-fuzz/fuzz/fuzz_scp81 -max_total_time="$((fuzz_seconds / 4))" -print_final_stats=1 \
  build-fuzz/corpus-scp81 "$root/fuzz/corpus/scp81" 2>&1 | tail -n 12

echo "== build and test suite"
# Options spelled out: a build/ configured otherwise before (say, card-core
# only) must still build everything.
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DESIMTWIN_APP=ON -DESIMTWIN_BENCH=ON \
  -DESIMTWIN_SANITIZE=OFF -DESIMTWIN_FUZZ=OFF >/dev/null
cmake --build build -j"$jobs"
cd build
ctest --output-on-failure -j"$jobs"
