#!/bin/sh
# Run a Criterion test binary under valgrind, workers included, and fail on
# any memory error or definite/indirect leak in any process.
#
# Criterion 2.4.1 runs each test in a re-executed worker and ignores a
# worker's exit status once its test has reported, so valgrind's
# --error-exitcode alone cannot fail the run: each process writes its own
# log and this script reads every ERROR SUMMARY. (Criterion itself leaves no
# still-reachable blocks here, so no suppression file is needed.)
# usage: valgrind_run.sh VALGRIND TEST_BINARY [criterion args...]
set -u
valgrind=$1
shift
tmp=$(mktemp -d "${TMPDIR:-/tmp}/srh-vg.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT

"$valgrind" --trace-children=yes --error-exitcode=1 --leak-check=full \
	--errors-for-leak-kinds=definite,indirect --show-leak-kinds=definite,indirect \
	--log-file="$tmp/vg.%p.log" "$@" --jobs 1
rc=$?

nlogs=$(ls "$tmp" | wc -l)
bad=$(grep -L 'ERROR SUMMARY: 0 errors' "$tmp"/vg.*.log)
if [ "$nlogs" -lt 2 ]; then
	echo "valgrind_run: expected a log per worker, got $nlogs" >&2
	rc=1
fi
if [ -n "$bad" ]; then
	for f in $bad; do
		echo "---- $f" >&2
		cat "$f" >&2
	done
	rc=1
fi
echo "valgrind_run: $nlogs processes checked, rc=$rc"
exit $rc
