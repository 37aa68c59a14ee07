#!/usr/bin/env bash
# Installs what is missing (including PostgreSQL, MariaDB, Redis and the validators the tests
# use), builds, and runs every test. Extra arguments go to ctest (for example -L db or -R model).
# Everything a test needs is configured by CMake: plain `ctest` in the build folder does the same.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/deps.sh" test
"$root/scripts/build.sh"
build=${ARCHSIM_BUILD_DIR:-$root/build}
cd "$build"
ctest --output-on-failure -j "${ARCHSIM_TEST_JOBS:-2}" "$@"
