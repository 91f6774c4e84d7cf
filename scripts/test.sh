#!/usr/bin/env bash
# Set up, build, and run every test:
#   1. CTest in build/ (all labels but valgrind_extra and soak: the soak
#      runs on its own, ctest -L soak; valgrind memcheck stays on the
#      whole suite in one process (the reference provider), the srh
#      command's runs (forked children included), the http limits and
#      hardening tests; label explore runs a short
#      srh explore on the reference and on two known-bad fixtures);
#   2. scripts/sanitize.sh: the whole suite under ASan+UBSan (LSan finds the
#      leaks the skipped valgrind runs would), the concurrency test under
#      ThreadSanitizer, and each libFuzzer target for a bounded time.
#      Its three trees build at the lowest CPU priority while step 1 runs
#      (most of those tests wait on sockets, timers and children; the build
#      takes the CPU they leave idle), log in $build/san-build.log.
# Extra arguments go to the first ctest (e.g. -L sim); SRH_NO_SANITIZE=1
# skips stage 2 for a quick local run. Exit non-zero if anything failed.
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${SRH_BUILD_DIR:-$root/build}
"$root/scripts/build.sh" || exit 1
status=0
prebuild=
if [ "${SRH_NO_SANITIZE:-0}" != 1 ]; then
	SRH_SAN_DIR="$build" nice -n 19 "$root/scripts/sanitize.sh" --build-only \
		>"$build/san-build.log" 2>&1 &
	prebuild=$!
fi
start=$SECONDS
ctest --test-dir "$build" --output-on-failure -j "$(nproc)" -LE 'valgrind_extra|soak' "$@" || status=1
echo "test.sh: ctest $([ $status -eq 0 ] && echo passed || echo FAILED) in $((SECONDS - start))s"
if [ -n "$prebuild" ]; then
	# A failed build is built again, and reported, by the stage itself.
	wait "$prebuild"
	echo "test.sh: sanitizer builds ready $((SECONDS - start))s after the ctest start"
	start=$SECONDS
	SRH_SAN_DIR="$build" "$root/scripts/sanitize.sh" || status=1
	echo "test.sh: sanitize.sh done in $((SECONDS - start))s"
fi
exit $status
