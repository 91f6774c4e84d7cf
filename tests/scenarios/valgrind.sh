#!/bin/sh
# valgrind.sh VALGRIND PROGRAM [ARGS...]
#
# Runs PROGRAM under valgrind, following Criterion's worker processes, and
# fails if any process reported a memory error or a definite/indirect leak.
# valgrind's --error-exitcode alone is not enough: a worker's exit code does
# not reach Criterion's verdict, so a leak in a test would pass unseen.
set -u
vg=$1
shift
dir=$(mktemp -d) || exit 2
"$vg" --quiet --trace-children=yes --leak-check=full \
	--errors-for-leak-kinds=definite,indirect \
	--show-leak-kinds=definite,indirect \
	--log-file="$dir/vg.%p" "$@"
rc=$?
bad=0
for f in "$dir"/vg.*; do
	if [ -s "$f" ]; then
		cat "$f"
		bad=1
	fi
done
rm -rf "$dir"
if [ "$rc" -ne 0 ]; then
	exit "$rc"
fi
exit "$bad"
