#!/usr/bin/env bash
# A longer fuzzing run than CI's 15 seconds per target (docs/HARDENING.md):
#   scripts/fuzz.sh [SECONDS] [REGEX]
# runs every fuzz target matching REGEX (default: all) for SECONDS each
# (default 300), JOBS targets at a time (default: the number of cores), in
# the clang build build/san-fuzz. The corpus is kept in
# build/san-fuzz/fuzz-work/<target>/ and grows from run to run. A crash
# fails the run and leaves its input in build/san-fuzz/fuzz-work/artifacts/:
# copy it to fuzz/regress/<target>/ (the replay tests then run it in every
# build) and fix the parser.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
SRH_FUZZ_SECONDS=${1:-300} SRH_FUZZ_ONLY=${2:-.} SRH_FUZZ_PARALLEL=${JOBS:-$(nproc)} exec "$root/scripts/sanitize.sh" fuzz
