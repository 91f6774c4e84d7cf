#!/usr/bin/env bash
# Set up, build, and run every test, each once where it says the most:
#   1. CTest in build/ (the plain build): what the sanitizer stage cannot
#      run: the valgrind memcheck runs (the whole suite in one process
#      through the ABI, the srh command's runs with forked children, the
#      http limits and the POSIX store faults; label valgrind_extra stays
#      out: the ASan+LSan stage checks those rooms), label nosan (the
#      known-bad providers that only break a contract rule, the report
#      files checked by outside validators, the POSIX store faults: no
#      sanitizer build can run them) and the mutation tool's self-test;
#   2. scripts/sanitize.sh: every other test under ASan+UBSan (the same
#      assertions, with LSan finding the leaks the skipped valgrind runs
#      would; explore.cli among them: a short srh explore on the reference
#      and on known-bad fixtures), the concurrency test under
#      ThreadSanitizer, and each libFuzzer target for a bounded time.
#      The ASan tree builds while step 1 runs (niced: most of those tests
#      wait on children and valgrind), the TSan and fuzz trees at the
#      lowest priority behind it, on into the ASan tests; logs in
#      $build/san-build-*.log.
# SRH_NO_SANITIZE=1 skips stage 2 and so runs every test in step 1 (a quick
# local run without the sanitizer trees). Extra arguments go to the first
# ctest instead of its label choice (e.g. -L sim: every sim test in the
# plain build, then stage 2 as always). Exit non-zero if anything failed.
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${SRH_BUILD_DIR:-$root/build}
"$root/scripts/build.sh" || exit 1
status=0
asan_build= late_build=
first=(-LE 'valgrind_extra|soak')
if [ "${SRH_NO_SANITIZE:-0}" != 1 ]; then
	# Arguments pick the first ctest's tests themselves (-L sim: every sim
	# test in the plain build).
	[ $# -eq 0 ] && first=(-L 'valgrind|nosan|mutate' -LE 'valgrind_extra|soak')
	SRH_SAN_DIR="$build" nice -n 10 "$root/scripts/sanitize.sh" --build-only asan \
		>"$build/san-build-asan.log" 2>&1 &
	asan_build=$!
	SRH_SAN_DIR="$build" nice -n 19 "$root/scripts/sanitize.sh" --build-only tsan fuzz \
		>"$build/san-build-late.log" 2>&1 &
	late_build=$!
fi
start=$SECONDS
ctest --test-dir "$build" --output-on-failure -j "$(nproc)" "${first[@]}" "$@" || status=1
echo "test.sh: ctest $([ $status -eq 0 ] && echo passed || echo FAILED) in $((SECONDS - start))s"
if [ -n "$asan_build" ]; then
	# A failed build is built again, and reported, by the stage itself.
	wait "$asan_build"
	echo "test.sh: ASan build ready $((SECONDS - start))s after the ctest start"
	SRH_SAN_DIR="$build" "$root/scripts/sanitize.sh" asan || status=1
	wait "$late_build"
	echo "test.sh: TSan and fuzz builds ready $((SECONDS - start))s after the ctest start"
	SRH_SAN_DIR="$build" "$root/scripts/sanitize.sh" tsan fuzz || status=1
	echo "test.sh: sanitize.sh done $((SECONDS - start))s after the ctest start"
fi
exit $status
