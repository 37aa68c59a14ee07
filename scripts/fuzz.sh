#!/usr/bin/env bash
# Builds the libFuzzer targets of tests/fuzz with clang (address + undefined sanitizers, its own
# build folder, build-fuzz/) and runs one of them for SECONDS seconds.
# Usage: scripts/fuzz.sh TARGET SECONDS [libFuzzer options...]
#   TARGET: json, archsim or sql (tests/fuzz/fuzz_TARGET.cpp), or all (each in turn, SECONDS each).
# The corpus grows in build-fuzz/corpus/TARGET (seeded from build-fuzz/tests/fuzz/seeds/TARGET);
# a crash, leak or sanitizer report leaves its input in build-fuzz/findings/TARGET/ and makes the
# script fail. The log of the last run is build-fuzz/logs/TARGET.log. docs/reliability.md.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
if [ $# -lt 2 ]; then
    sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//' >&2
    exit 2
fi
target=$1 seconds=$2
shift 2
build=${ARCHSIM_FUZZ_BUILD_DIR:-$root/build-fuzz}
jobs=${ARCHSIM_JOBS:-$(nproc)}
targets=()
for f in "$root"/tests/fuzz/fuzz_*.cpp; do
    name=$(basename "$f" .cpp)
    targets+=("${name#fuzz_}")
done
if [ "$target" = all ]; then
    run=("${targets[@]}")
elif [ -f "$root/tests/fuzz/fuzz_${target#fuzz_}.cpp" ]; then
    run=("${target#fuzz_}")
else
    echo "fuzz.sh: unknown target '$target'; one of: ${targets[*]} all" >&2
    exit 2
fi
case $seconds in
    '' | *[!0-9]*) echo "fuzz.sh: SECONDS must be a whole number, not '$seconds'" >&2; exit 2 ;;
esac

launcher=()
if command -v ccache >/dev/null; then
    export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$(dirname "$root")} CCACHE_NOHASHDIR=1
    launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache)
fi
CC=${ARCHSIM_FUZZ_CC:-clang} CXX=${ARCHSIM_FUZZ_CXX:-clang++} \
    cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DARCHSIM_FUZZ=ON -DARCHSIM_BUILD_GUI=OFF -DARCHSIM_BUILD_TESTS=OFF \
    -DARCHSIM_BUILD_BENCHMARKS=OFF "${launcher[@]}" >/dev/null
cmake --build "$build" -j "$jobs" --target "${run[@]/#/fuzz_}"

status=0
for t in "${run[@]}"; do
    corpus=$build/corpus/$t findings=$build/findings/$t
    mkdir -p "$corpus" "$findings" "$build/logs"
    opts=(-max_total_time="$seconds" -timeout=20 -rss_limit_mb=2048 -print_final_stats=1
        -artifact_prefix="$findings/")
    if [ -f "$root/tests/fuzz/fuzz_$t.dict" ]; then
        opts+=(-dict="$root/tests/fuzz/fuzz_$t.dict")
    fi
    echo "fuzz.sh: fuzz_$t for ${seconds} s (log: $build/logs/$t.log)"
    if ! "$build/tests/fuzz/fuzz_$t" "${opts[@]}" "$@" "$corpus" \
        "$build/tests/fuzz/seeds/$t" > "$build/logs/$t.log" 2>&1; then
        status=1
        echo "fuzz.sh: fuzz_$t FAILED; input(s) in $findings:" >&2
        tail -n 40 "$build/logs/$t.log" >&2
    fi
    grep -E '^#[0-9]+ +DONE|stat::number_of_executed_units|stat::peak_rss_mb' \
        "$build/logs/$t.log" || true
done
exit $status
