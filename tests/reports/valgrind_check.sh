#!/bin/sh
# valgrind_check.sh VALGRIND TEST_BINARY - a Criterion test binary under
# valgrind, workers included: fail on any memory error or definite or
# indirect leak in any of our processes.
#
# Like tests/provider/valgrind_run.sh, each process writes its own log
# (Criterion ignores a worker's exit status). These tests also start sh,
# xmllint and perl through system(): those are not traced, and the log of
# the forked child that exec'd them has no summary and is skipped.
set -u
valgrind=$1
shift
tmp=$(mktemp -d "${TMPDIR:-/tmp}/rpt-vg.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT

"$valgrind" --trace-children=yes --trace-children-skip='*/sh,*/bash,*/xmllint,*/perl,*/prove' \
	--error-exitcode=1 --leak-check=full \
	--errors-for-leak-kinds=definite,indirect --show-leak-kinds=definite,indirect \
	--log-file="$tmp/vg.%p.log" "$@" --jobs 1
rc=$?

checked=0
for f in "$tmp"/vg.*.log; do
	grep -q 'ERROR SUMMARY' "$f" || continue
	checked=$((checked + 1))
	if ! grep -q 'ERROR SUMMARY: 0 errors' "$f"; then
		echo "---- $f" >&2
		cat "$f" >&2
		rc=1
	fi
done
if [ "$checked" -lt 2 ]; then
	echo "valgrind_check: expected a log per worker, got $checked" >&2
	rc=1
fi
echo "valgrind_check: $checked processes checked, rc=$rc"
exit $rc
