#!/usr/bin/env bash
# Installs the Debian packages esimtwin builds with, and nothing else.
# Idempotent: packages already present are skipped, so a second run is quick.
set -euo pipefail

packages=(
  build-essential cmake pkg-config   # toolchain
  libssl-dev                         # card-core crypto (AES, DES, CMAC), TLS-PSK for SCP81 (libssl)
  libcli11-dev                       # esimtwin command line
  libsimgrid-dev                     # sim: the platform and its network
  libhdf5-dev hdf5-tools             # sim: run files (h5dump for checks)
  libyaml-cpp-dev                    # sim: scenario files
  libboost-graph-dev                 # models: the network topology (Boost.Graph)
  nlohmann-json3-dev                 # models: the platforms' messages in JSON
  libxml2-dev                        # models: the platforms' messages in SOAP (reading them)
  libeigen3-dev                      # models: the wear models' fits and statistics (Eigen)
  libjemalloc-dev                    # esimtwin, bench/engine_run: the allocator of runs (docs/PERFORMANCE.md)
  libopenmpi-dev openmpi-bin         # esimtwin sweep: runs of a sweep as MPI ranks (mpirun; docs/SWEEPS.md)
  python3-h5py python3-pandas        # tests: read run files as users do
  python3-xarray python3-h5netcdf    # tests: run files opened with xarray (docs/RUN-FILE.md)
  python3-matplotlib python3-yaml    # analysis/: the Python helper's plots (Agg) and population names
  libimgui-dev libstb-dev            # viz/: Dear ImGui (its GLFW and OpenGL 3 backends), stb_image_write for PNGs
  libglfw3-dev                       # viz/: the viewer's window and OpenGL context
  xvfb xauth libgl1-mesa-dri         # viz/: screenshots without a display (xvfb-run, Mesa's software OpenGL)
  tshark                             # tests: the GSMTAP pcap files decoded as Wireshark decodes them
  pcscd vsmartcard-vpcd              # esimtwin card --vpcd: PC/SC daemon and vsmartcard's virtual reader driver
  python3-pyscard                    # tests: the PC/SC session with the served card (pyscard)
  libgtest-dev libgmock-dev          # tests
  libbenchmark-dev                   # bench/
  clang libclang-rt-14-dev           # libFuzzer harnesses and sanitizer runtime
  lld                                # the sanitized build's linker (faster than GNU ld)
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "install-deps: installing ${missing[*]}" >&2
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
