#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages ArchSim needs that are missing (sudo when not root).
# Usage: scripts/deps.sh [build|test]   build: what the build and the GUI need (default);
#                                       test: also the real servers and validators the tests use.
set -euo pipefail
what=${1:-build}

build_pkgs=(cmake ninja-build g++ pkg-config ccache
    qt6-base-dev qt6-charts-dev qt6-svg-dev libqt6opengl6-dev libxkbcommon-dev
    libboost-graph-dev nlohmann-json3-dev libsqlite3-dev sqlite3 libyaml-cpp-dev
    libgraphviz-dev libvalijson-dev libbenchmark-dev fonts-dejavu-core
    libpg-query-dev libpq-dev libmariadb-dev)
test_pkgs=(postgresql mariadb-server redis-server python3-jsonschema python3-yaml yamllint
    chromium xvfb x11-apps imagemagick openbox xdotool)
# The fuzz targets (scripts/fuzz.sh, run by .ci/run): clang and its libFuzzer runtime.
test_pkgs+=(clang libclang-rt-dev)
# Installed without recommends: docker-compose would otherwise pull in a Docker engine;
# prometheus is there for promtool (the monitoring rules' tests), not for its server;
# rabbitmq-server for the exported broker configuration's test (it starts its own brokers).
test_norecommends=(docker-compose prometheus rabbitmq-server)

pkgs=("${build_pkgs[@]}")
norec=()
if [ "$what" = test ]; then
    pkgs+=("${test_pkgs[@]}")
    norec+=("${test_norecommends[@]}")
fi

missing() {
    for p in "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || echo "$p"
    done
}

sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null; then sudo_cmd=(sudo); else
        echo "deps.sh: not root and no sudo; install these yourself:" $(missing "${pkgs[@]}" "${norec[@]}") >&2
        exit 1
    fi
fi

need=($(missing "${pkgs[@]}"))
need_norec=()
if [ ${#norec[@]} -gt 0 ]; then need_norec=($(missing "${norec[@]}")); fi
if [ ${#need[@]} -eq 0 ] && [ ${#need_norec[@]} -eq 0 ]; then
    echo "deps.sh: all $what dependencies are installed"
    exit 0
fi
echo "deps.sh: installing ${need[*]} ${need_norec[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
if [ ${#need[@]} -gt 0 ]; then
    "${sudo_cmd[@]}" apt-get install -y -qq "${need[@]}"
fi
if [ ${#need_norec[@]} -gt 0 ]; then
    "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${need_norec[@]}"
fi
