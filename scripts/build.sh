#!/usr/bin/env bash
# Configures and builds ArchSim in build/ (Release with debug info) with Ninja.
# Extra arguments are passed to cmake's configure step.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${ARCHSIM_BUILD_DIR:-$root/build}
jobs=${ARCHSIM_JOBS:-$(nproc)}
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=${ARCHSIM_BUILD_TYPE:-RelWithDebInfo} "$@"
cmake --build "$build" -j "$jobs"
