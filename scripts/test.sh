#!/usr/bin/env bash
# Set up, build, and run every test:
#   1. CTest in build/ (all labels but valgrind_extra and soak: the soak
#      runs on its own, ctest -L soak; valgrind memcheck stays on the
#      whole suite in one process (the reference provider), the runner,
#      http and hardening tests; label explore runs a short
#      srh explore on the reference and on two known-bad fixtures);
#   2. scripts/sanitize.sh: the whole suite under ASan+UBSan (LSan finds the
#      leaks the skipped valgrind runs would), the concurrency test under
#      ThreadSanitizer, and each libFuzzer target for a bounded time.
# Extra arguments go to the first ctest (e.g. -L sim); SRH_NO_SANITIZE=1
# skips stage 2 for a quick local run. Exit non-zero if anything failed.
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${SRH_BUILD_DIR:-$root/build}
"$root/scripts/build.sh" || exit 1
status=0
start=$SECONDS
ctest --test-dir "$build" --output-on-failure -j "$(nproc)" -LE 'valgrind_extra|soak' "$@" || status=1
echo "test.sh: ctest $([ $status -eq 0 ] && echo passed || echo FAILED) in $((SECONDS - start))s"
if [ "${SRH_NO_SANITIZE:-0}" != 1 ]; then
	start=$SECONDS
	SRH_SAN_DIR="$build" "$root/scripts/sanitize.sh" || status=1
	echo "test.sh: sanitize.sh done in $((SECONDS - start))s"
fi
exit $status
