#!/usr/bin/env bash
# Builds esimtwin and runs its main job. Until the simulation engine exists
# (see README, "Not done yet"), the main job is a card session: a domestic IoT
# USIM built from profiles/cmcc-domestic-usim.prof answers a modem's power-up,
# file reads, PIN and AUTHENTICATE exchanges, printed as an annotated transcript.
# Installs missing Debian packages first (scripts/install-deps.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$(nproc)" --target esimtwin
exec build/app/esimtwin card --profile profiles/cmcc-domestic-usim.prof scenarios/card/session-demo.apdu "$@"
