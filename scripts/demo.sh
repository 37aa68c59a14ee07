#!/usr/bin/env bash
# The headless demo: what archsim-cli says about a model. Usage: demo.sh ARCHSIM_CLI MODEL
set -uo pipefail
cli=$1
model=$2
run() {
    echo
    echo "\$ archsim-cli $*"
    "$cli" "$@"
    local rc=$?
    [ $rc -le 1 ] || { echo "(exit code $rc)"; exit $rc; }
}
run validate "$model"
run info "$model"
for cmd in lint analyze; do
    "$cli" --help | grep -q "^  $cmd " && run $cmd "$model"
done
if "$cli" --help | grep -q "^  simulate "; then
    run simulate "$model" --duration 60 --warmup 10 --seed 7
fi
exit 0
