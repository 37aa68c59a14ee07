#!/usr/bin/env bash
# Installs what is missing (including PostgreSQL, MariaDB, Redis and the validators the tests
# use), builds, and runs every test. Extra arguments go to ctest (for example -L db or -R model).
# Everything a test needs is configured by CMake: plain `ctest` in the build folder does the same.
#   --sanitize  the same with the address and undefined-behaviour sanitizers on every target
#               (libraries, GUI, CLI, tests), in its own folder build-asan/
#   --tsan      a thread-sanitizer build (build-tsan/) of the tests that run work on other
#               threads: the simulator's replications and cache runs, the GUI's simulation
#               controller, and the CLI's --threads (the GUI's QFuture-based workers cannot be
#               judged with Debian's uninstrumented Qt; docs/reliability.md says why)
# A sanitizer finding stops the test program, so the test fails. docs/reliability.md.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
mode=${1:-}
case $mode in
    --sanitize | --tsan) shift ;;
    *) mode= ;;
esac
"$root/scripts/deps.sh" test
case $mode in
    --sanitize)
        export ARCHSIM_BUILD_DIR=${ARCHSIM_BUILD_DIR:-$root/build-asan}
        # -O1 (what the sanitizers' authors advise) with line tables only, and assertions on.
        "$root/scripts/build.sh" -DARCHSIM_SANITIZE=ON -DARCHSIM_BUILD_BENCHMARKS=OFF \
            -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1"
        ;;
    --tsan)
        # The tests that start threads: ctest names, which are also their target names.
        tsan_tests=(simulator_tst_engine simulator_tst_failures simulator_tst_cache_engine
            cli_tst_simulate app_tst_simcontroller)
        export ARCHSIM_BUILD_DIR=${ARCHSIM_BUILD_DIR:-$root/build-tsan}
        ARCHSIM_BUILD_TARGETS="archsim-cli ${tsan_tests[*]}" "$root/scripts/build.sh" \
            -DARCHSIM_SANITIZE_THREAD=ON -DARCHSIM_BUILD_BENCHMARKS=OFF \
            -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1"
        set -- -R "^($(IFS='|'; echo "${tsan_tests[*]}"))\$" "$@"
        ;;
    *)
        "$root/scripts/build.sh"
        ;;
esac
build=${ARCHSIM_BUILD_DIR:-$root/build}
cd "$build"
ctest --output-on-failure -j "${ARCHSIM_TEST_JOBS:-2}" "$@"
