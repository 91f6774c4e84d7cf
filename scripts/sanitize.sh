#!/usr/bin/env bash
# The sanitizer and fuzz runs of CI (docs/HARDENING.md), each in a build dir
# of its own under build/ (or $SRH_SAN_DIR):
#   san-asan  gcc, AddressSanitizer + UndefinedBehaviorSanitizer
#             (-DSRH_SANITIZE=ON, -O1): every test but the valgrind runs, the soak,
#             the mutation tool's self-test and label nosan (functional
#             repeats of harness paths already under ASan)
#   san-tsan  gcc, ThreadSanitizer: the concurrency run, ctest -L tsan
#   san-fuzz  clang, libFuzzer + ASan + UBSan: each fuzz target for
#             $SRH_FUZZ_SECONDS (default 15) seconds, ctest -L fuzz (only the
#             targets matching the regex $SRH_FUZZ_ONLY, when set); the
#             corpus grows in san-fuzz/fuzz-work/ from run to run; all
#             targets run at once unless $SRH_FUZZ_PARALLEL says otherwise
# usage: scripts/sanitize.sh [--build-only] [asan] [tsan] [fuzz]   (default: all three)
# Every stage runs; the exit status is non-zero when any failed. The last
# lines sum up each stage and the fuzz executions. --build-only configures
# and builds the stages' trees and runs nothing (scripts/test.sh builds them
# that way while its first ctest runs).
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
san=${SRH_SAN_DIR:-$root/build}
jobs=${JOBS:-$(nproc)}
fuzz_seconds=${SRH_FUZZ_SECONDS:-15}
build_only=0
[ "${1:-}" = --build-only ] && { build_only=1; shift; }
stages=("$@")
[ ${#stages[@]} -eq 0 ] && stages=(asan tsan fuzz)

"$root/scripts/bootstrap.sh" || exit 1

summary=()
details=()
failed=0

# configure DIR [cmake args...]; quiet unless it fails
configure() {
	local dir=$1
	shift
	local log
	log=$(cmake -S "$root" -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" 2>&1) ||
		{ echo "$log" >&2; return 1; }
}

# build DIR [targets...]: all of DIR when no target is named
build() {
	local dir=$1
	shift
	local args=()
	for t in "$@"; do args+=(--target "$t"); done
	cmake --build "$dir" -j "$jobs" "${args[@]}" >"$dir/build.log" 2>&1 ||
		{ tail -n 40 "$dir/build.log" >&2; return 1; }
}

# stage NAME FUNCTION: run it, time it, record the verdict
stage() {
	local name=$1 start=$SECONDS verdict=ok
	echo "== sanitize: $name"
	"$2" || { verdict=FAILED; failed=1; }
	summary+=("$name: $verdict in $((SECONDS - start))s" "${details[@]}")
	details=()
}

# -O1, as the ASan manual suggests: the build takes about a third less CPU
# than at RelWithDebInfo's -O2, and the stack traces stay exact.
build_asan() {
	configure "$san/san-asan" -DSRH_SANITIZE=ON -DCMAKE_C_FLAGS_RELWITHDEBINFO="-O1 -g -DNDEBUG" &&
		build "$san/san-asan"
}

# One test more at a time than there are cores: many wait on sockets,
# timers and children, and at -j $jobs the CPU was idle a good part of the
# time.
run_asan() {
	local d=$san/san-asan
	build_asan &&
		ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=1:detect_leaks=1} \
		LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$root/tests/check/lsan.supp} \
		UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1} \
		ctest --test-dir "$d" --output-on-failure -j "$((jobs + 1))" -LE 'valgrind|soak|nosan|mutate'
}

build_tsan() {
	local d=$san/san-tsan f="-fsanitize=thread"
	configure "$d" -DCMAKE_C_FLAGS="$f -fno-omit-frame-pointer" -DCMAKE_EXE_LINKER_FLAGS="$f" \
		-DCMAKE_SHARED_LINKER_FLAGS="$f" -DCMAKE_MODULE_LINKER_FLAGS="$f" &&
		build "$d" test_hardening_concurrency
}

run_tsan() {
	build_tsan && ctest --test-dir "$san/san-tsan" --output-on-failure -L tsan
}

# The fuzz targets are whatever fuzz/CMakeLists.txt registered (label fuzz);
# only they are built. Sets targets.
build_fuzz() {
	local d=$san/san-fuzz
	CC=clang configure "$d" -DSRH_FUZZ=ON -DSRH_FUZZ_SECONDS="$fuzz_seconds" \
		-DCMAKE_C_FLAGS="-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined" ||
		return 1
	targets=$(ctest --test-dir "$d" -N -L '^fuzz$' | sed -n 's/.*Test *#[0-9]*: \(fuzz_[a-z_]*\)$/\1/p')
	targets=$(echo "$targets" | grep -E "${SRH_FUZZ_ONLY:-.}")
	[ -n "$targets" ] || { echo "no fuzz target registered (or matching)" >&2; return 1; }
	# shellcheck disable=SC2086 # one word per target
	build "$d" $targets
}

run_fuzz() {
	local d=$san/san-fuzz rc targets
	build_fuzz || return 1
	rm -f "$d"/fuzz-work/artifacts/*
	# Time-bounded: by default all at once, so the stage lasts one
	# SRH_FUZZ_SECONDS whatever the core count (fewer executions each).
	local par=${SRH_FUZZ_PARALLEL:-$(echo $targets | wc -w)}
	ctest --test-dir "$d" --output-on-failure -j "$par" -L '^fuzz$' \
		-R "^($(echo $targets | tr ' ' '|'))\$"
	rc=$?
	for t in $targets; do
		local n
		n=$(sed -n "/Test: $t\$/,/Test Pass\|Test Fail/p" "$d/Testing/Temporary/LastTest.log" |
			sed -n 's/^stat::number_of_executed_units: *//p' | tail -n 1)
		details+=("  $t: ${n:-?} executions")
	done
	for a in "$d"/fuzz-work/artifacts/*; do
		[ -e "$a" ] && details+=("  crash input: $a")
	done
	return $rc
}

for s in "${stages[@]}"; do
	case $s in
	asan | tsan | fuzz) stage "$s" "$([ $build_only = 1 ] && echo build || echo run)_$s" ;;
	*)
		echo "sanitize.sh: unknown stage '$s' (asan, tsan, fuzz)" >&2
		exit 2
		;;
	esac
done

echo "== sanitize summary (${SECONDS}s)"
printf '%s\n' "${summary[@]}"
exit $failed
