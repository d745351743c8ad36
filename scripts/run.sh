#!/usr/bin/env bash
# Builds esimtwin and runs its main job: the default scenario,
# scenarios/attach-10k.yaml — 10 000 NB-IoT meters, each running the real
# card-core USIM, power up over ten minutes, authenticate against the HSS
# with Milenage and re-authenticate hourly — writing runs/attach-10k.h5 and
# printing a summary with the scenario's expectations checked.
# Extra arguments go to `esimtwin run` (e.g. --devices 100000, --stop 6h).
# Installs missing Debian packages first (scripts/install-deps.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
# Options spelled out: a build/ configured otherwise before (say, card-core
# only) must still build everything.
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DESIMTWIN_APP=ON -DESIMTWIN_BENCH=ON \
  -DESIMTWIN_SANITIZE=OFF -DESIMTWIN_FUZZ=OFF >/dev/null
cmake --build build -j"$(nproc)" --target esimtwin
mkdir -p runs
exec build/app/esimtwin run scenarios/attach-10k.yaml -o runs/attach-10k.h5 "$@"
