#!/bin/sh
# Run a Criterion test binary under valgrind, workers included, and fail on
# any memory error or definite/indirect leak in any of our processes.
#
# Criterion 2.4.1 runs each test in a re-executed worker and ignores a
# worker's exit status once its test has reported, so valgrind's
# --error-exitcode alone cannot fail the run: each process writes its own
# log and this script reads every ERROR SUMMARY. Shells and tools a test
# starts through system() (sh, xmllint, perl) are not ours and not traced;
# the log of a child that exec'd one has no summary and is skipped.
# (Criterion itself leaves no still-reachable blocks, so no suppression
# file is needed.) Every room's Criterion binaries use this one script.
# usage: valgrind_criterion.sh VALGRIND TEST_BINARY [criterion args...]
set -u
valgrind=$1
shift
tmp=$(mktemp -d "${TMPDIR:-/tmp}/srh-vg.XXXXXX") || exit 1
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
	echo "valgrind_criterion: expected a log per worker, got $checked" >&2
	rc=1
fi
echo "valgrind_criterion: $checked processes checked, rc=$rc"
exit $rc
