#!/usr/bin/env bash
# Set up, build, and run the main job: the provider's contract demo, one line
# per path of shared/spec/contract.md with its GetError result.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${SRH_BUILD_DIR:-$root/build}
"$root/scripts/build.sh"
exec "$build/provider/demo/srprov_demo" "$@"
