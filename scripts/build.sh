#!/usr/bin/env bash
# Configures and builds ArchSim in build/ (Release with debug info) with Ninja.
# Extra arguments are passed to cmake's configure step. ARCHSIM_BUILD_DIR names another build
# folder, ARCHSIM_BUILD_TARGETS (space-separated) builds only those targets.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${ARCHSIM_BUILD_DIR:-$root/build}
jobs=${ARCHSIM_JOBS:-$(nproc)}
launcher=()
if command -v ccache >/dev/null; then
    # Paths relative to the folder above the checkout, so that several work trees share hits.
    export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$(dirname "$root")} CCACHE_NOHASHDIR=1
    launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache)
fi
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=${ARCHSIM_BUILD_TYPE:-RelWithDebInfo} \
    "${launcher[@]}" "$@"
targets=()
if [ -n "${ARCHSIM_BUILD_TARGETS:-}" ]; then
    read -r -a names <<< "$ARCHSIM_BUILD_TARGETS"
    targets=(--target "${names[@]}")
fi
cmake --build "$build" -j "$jobs" "${targets[@]}"
