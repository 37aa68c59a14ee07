#!/usr/bin/env bash
# Installs what is missing (including PostgreSQL, MariaDB and the validators the tests use),
# builds, and runs every test. Extra arguments go to ctest (for example -L db or -R model).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/deps.sh" test
"$root/scripts/build.sh"
build=${ARCHSIM_BUILD_DIR:-$root/build}
# The Kubernetes schemas and validator shared beside the repository (see shared/k8s-schemas).
shared=${ARCHSIM_SHARED_DIR:-$root/../shared}
if [ -d "$shared/k8s-schemas/v1.30.0-standalone-strict" ]; then
    export ARCHSIM_K8S_SCHEMAS=${ARCHSIM_K8S_SCHEMAS:-$shared/k8s-schemas/v1.30.0-standalone-strict}
    export ARCHSIM_K8S_VALIDATE=${ARCHSIM_K8S_VALIDATE:-$shared/tools/k8s-validate}
fi
export QT_QPA_PLATFORM=offscreen
cd "$build"
ctest --output-on-failure -j "${ARCHSIM_TEST_JOBS:-2}" "$@"
