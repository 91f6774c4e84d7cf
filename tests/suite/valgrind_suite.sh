#!/bin/sh
# valgrind_suite.sh VALGRIND SRH SUITE_DIR - the whole suite in one srh
# process (--no-fork) under valgrind: every path of the reference provider,
# the simulator and the runner that the suite reaches must be free of memory
# errors and definite/indirect leaks, and every scenario must pass.
set -u
vg=$1 srh=$2 suite=$3
nodb=
"$srh" run --help 2>&1 | grep -q -- --no-db && nodb=--no-db
out=$(mktemp) || exit 2
trap 'rm -f "$out"' EXIT
"$vg" -q --leak-check=full --errors-for-leak-kinds=definite,indirect --error-exitcode=99 \
	"$srh" run "$suite" --no-fork $nodb >"$out" 2>&1
rc=$?
if [ $rc -ne 0 ]; then
	echo "valgrind_suite: exit $rc (99 = valgrind found errors or leaks)"
	tail -n 60 "$out"
	exit 1
fi
grep '^run: ' "$out"
exit 0
