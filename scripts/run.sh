#!/usr/bin/env bash
# The main job: installs what is missing, builds, and opens the GUI on the bundled e-commerce
# example. With no display it says so and runs the headless demo instead.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/deps.sh" build
"$root/scripts/build.sh"
build=${ARCHSIM_BUILD_DIR:-$root/build}
example="$root/resources/examples/ecommerce.json"
if [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ]; then
    exec "$build/app/archsim" "$example"
fi
echo "No display found (DISPLAY and WAYLAND_DISPLAY are unset): running the headless demo."
exec "$root/scripts/demo.sh" "$build/app/archsim-cli" "$example"
