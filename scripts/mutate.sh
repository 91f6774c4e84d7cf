#!/usr/bin/env bash
# Mutation score of the suite (and srh explore, when built) on provider/ref:
# see bench/mutate/mutate.py for the options (--list, --only N, --sample K
# --seed S, --files a.c,b.c). Needs a build (scripts/build.sh). Slow: not CI.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
exec python3 "$root/bench/mutate/mutate.py" --build "${SRH_BUILD_DIR:-$root/build}" "$@"
