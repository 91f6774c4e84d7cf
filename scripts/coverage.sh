#!/usr/bin/env bash
# Provider coverage of the built-in suite (found/ corpus included) and of a
# fixed srh explore run.
#
# A gcov build (-DSRH_COVERAGE=ON) in its own directory, the built-in suite
# through srh, then `srh explore --runs N --seed 1 --no-fork`, lcov of
# provider/ with branch coverage, genhtml into reports/coverage/, and the
# line/branch/function percentages stored with the suite's run in the results
# database (srh report shows them). The reference provider's figures are
# printed twice: the suite alone, and suite + explore (issue 11's goal).
#
# The suite and explore run with --no-fork: a forked run ends with _exit(),
# which skips gcov's exit handler, so its counts would be lost. One process,
# one job.
#
# usage: scripts/coverage.sh [--db FILE] [--build-dir DIR] [--no-build]
#                            [--explore-runs N] [--with-sweep] [--with-tests]
#                            [-- SRH_RUN_ARGS...]
#   --db FILE      results database (default reports/results.db)
#   --build-dir    gcov build directory (default build-coverage/, or
#                  $SRH_COVERAGE_BUILD_DIR)
#   --no-build     use the build directory as it is (the CMake 'coverage'
#                  target calls the script this way)
#   --explore-runs N  runs of the fixed exploration (seed 1; default 2000;
#                  0: none)
#   --with-sweep   also count the fault sweep (srh sweep --no-fork --no-db)
#   --with-tests   also count the provider's own unit tests (ctest -L provider)
# The figures stored with the run are those of everything counted; the
# default, the suite alone, is the figure the project's goal is about.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${SRH_COVERAGE_BUILD_DIR:-$root/build-coverage}
db=$root/reports/results.db
out=$root/reports/coverage
do_build=1 sweep=0 tests=0 xruns=2000
run_args=()
while [ $# -gt 0 ]; do
	case $1 in
	--db) db=$2; shift 2 ;;
	--build-dir) build=$2; shift 2 ;;
	--no-build) do_build=0; shift ;;
	--explore-runs) xruns=$2; shift 2 ;;
	--with-sweep) sweep=1; shift ;;
	--with-tests) tests=1; shift ;;
	--) shift; run_args=("$@"); break ;;
	-h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
	*) echo "coverage.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
	esac
done
lcov_rc=(--rc lcov_branch_coverage=1)
# lcov 1.16's geninfo warns about redefined subroutines under newer Perl
quiet() { "$@" 2> >(grep -v 'redefined at' >&2); }

if [ "$do_build" = 1 ]; then
	"$root/scripts/bootstrap.sh"
	cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Debug -DSRH_COVERAGE=ON > /dev/null
	targets=(srh rpt_tool)
	if [ "$tests" = 1 ]; then
		targets+=(test_provider_cim test_provider_load test_provider_ref srprov_demo)
	fi
	cmake --build "$build" -j2 --target "${targets[@]}" > /dev/null
fi
srh=$build/cli/srh
tool=$build/reports/rpt_tool
mkdir -p "$(dirname "$db")"

lcov --quiet --zerocounters --directory "$build"
status=0
(cd "$root" && "$srh" run --no-fork --db "$db" scenarios/suite "${run_args[@]}") || status=$?
run=$("$tool" last "$db")

info=$build/coverage
mkdir -p "$info"
# capture NAME: provider/ and provider/ref/ counts so far, as NAME-*.info
capture() {
	quiet lcov --quiet "${lcov_rc[@]}" --capture --directory "$build" --output-file "$info/$1.info"
	lcov --quiet "${lcov_rc[@]}" --extract "$info/$1.info" "$root/provider/*" \
		--output-file "$info/$1-provider.info"
	lcov --quiet "${lcov_rc[@]}" --extract "$info/$1.info" "$root/provider/ref/*" \
		--output-file "$info/$1-ref.info"
}
capture suite
if [ "$xruns" != 0 ]; then
	xout=$(mktemp -d)
	(cd "$root" && "$srh" explore --runs "$xruns" --seed 1 --no-fork --no-db --out "$xout" \
		> "$info/explore.txt" 2> /dev/null) ||
		{ echo "coverage.sh: srh explore found a failure on the reference (see $info/explore.txt)" >&2; status=1; }
	rm -rf "$xout"
fi
if [ "$sweep" = 1 ]; then
	(cd "$root" && "$srh" sweep --no-fork --no-db > /dev/null) || true
fi
if [ "$tests" = 1 ]; then
	ctest --test-dir "$build" -L provider -E 'valgrind|sdk' -j1 > /dev/null 2>&1 ||
		echo "coverage.sh: a provider test failed in the coverage build" >&2
fi

capture all
rm -rf "$out"
genhtml --quiet --branch-coverage --title "srh: provider coverage (run $run)" \
	--output-directory "$out" "$info/all-provider.info"

# "  lines......: 96.1% (1234 of 1284 lines)" -> 96.1 (or -1 when absent)
pct() {
	lcov "${lcov_rc[@]}" --summary "$1" 2>&1 |
		awk -v k="$2" '$1 ~ "^"k"\\.*:$" { sub("%", "", $2); print $2; f=1 } END { if (!f) print -1 }'
}
lines=$(pct "$info/all-provider.info" lines)
branches=$(pct "$info/all-provider.info" branches)
functions=$(pct "$info/all-provider.info" functions)
"$tool" coverage "$db" "$run" "$lines" "$branches" "$functions"

echo "coverage of provider/: lines $lines%, branches $branches%, functions $functions%" \
	"(stored with run $run of $db)"
ref() { # ref NAME WHAT
	echo "reference provider (provider/ref/), $2: lines $(pct "$info/$1-ref.info" lines)%," \
		"branches $(pct "$info/$1-ref.info" branches)%," \
		"functions $(pct "$info/$1-ref.info" functions)%"
}
ref suite "suite (found/ included)"
[ "$xruns" = 0 ] || ref all "suite + explore --runs $xruns --seed 1"
echo "html: $out/index.html"
if [ "$status" -ne 0 ]; then
	echo "coverage.sh: the suite itself did not pass (srh run exit $status)" >&2
fi
exit "$status"
