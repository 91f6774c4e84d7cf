#!/usr/bin/env bash
# Set up (bootstrap) and build into build/ (or $SRH_BUILD_DIR).
# Extra arguments are passed to cmake's configure step (e.g. -DSRH_SANITIZE=ON).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/bootstrap.sh"
build=${SRH_BUILD_DIR:-$root/build}
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null
cmake --build "$build" -j "$(nproc)" >/dev/null || cmake --build "$build" -j1
