#!/bin/sh
# arch_plant.sh ROOT SCRATCH - the arch check can fail: in a copy of the
# rooms it must pass untouched, then fail on each planted offence, naming
# the file it was planted in:
#   1. an upward include: a sim/ source (layer 2) including check.h (layer 4);
#   2. a same-layer include: cimxml/ including a wsman/ header (both layer 10);
#   3. a path cheat: reports/CMakeLists.txt putting cli/ on its include path;
#   4. a link cheat: check/CMakeLists.txt linking the runner's library;
#   5. a source in a folder that is not in the layer table;
#   6. a private header: a runner/ source including sim/'s sim_internal.h.
set -eu
root=$1
scratch=$2
check=$root/tests/arch/arch_check.sh
rm -rf "$scratch"
mkdir -p "$scratch"
fail=0

# The rooms and the table; tests/, fuzz/, bench/ and build dirs stay out.
copy() {
	rm -rf "$scratch/t"
	mkdir -p "$scratch/t/docs"
	cp "$root/docs/ARCHITECTURE.md" "$scratch/t/docs/"
	for d in "$root"/*/; do
		d=$(basename "$d")
		case $d in tests | fuzz | bench | docs | scripts | build*) continue ;; esac
		cp -R "$root/$d" "$scratch/t/$d"
	done
}

# expect_fail NAME FILE: the check fails and names FILE:LINE.
expect_fail() {
	out=$(sh "$check" "$scratch/t" 2>&1) && rc=0 || rc=$?
	if [ "$rc" -ne 1 ]; then
		echo "FAIL $1: exit $rc, expected 1"
		echo "$out"
		fail=1
	elif ! printf '%s\n' "$out" | grep -q "^$2:[0-9]*: "; then
		echo "FAIL $1: no line names $2"
		echo "$out"
		fail=1
	else
		echo "ok   $1: $(printf '%s\n' "$out" | grep "^$2:" | head -n 1)"
	fi
}

copy
if ! out=$(sh "$check" "$scratch/t" 2>&1); then
	echo "FAIL the untouched copy does not pass:"
	echo "$out"
	exit 1
fi
echo "ok   untouched copy passes"

sim_c=$(cd "$scratch/t" && ls sim/*.c | head -n 1)
printf '#include "check.h"\n' >>"$scratch/t/$sim_c"
expect_fail "upward include" "$sim_c"

copy
mkdir -p "$scratch/t/wsman"
printf '#ifndef WSMAN_H\n#define WSMAN_H\n#endif\n' >"$scratch/t/wsman/wsman.h"
xml_c=$(cd "$scratch/t" && ls cimxml/*.c | head -n 1)
printf '#include "wsman.h"\n' >>"$scratch/t/$xml_c"
expect_fail "same-layer include" "$xml_c"

copy
printf 'target_include_directories(srrpt PRIVATE ${PROJECT_SOURCE_DIR}/cli)\n' \
	>>"$scratch/t/reports/CMakeLists.txt"
expect_fail "include path cheat" "reports/CMakeLists.txt"

copy
printf 'target_link_libraries(srh_check PRIVATE\n  srh_runner)\n' >>"$scratch/t/check/CMakeLists.txt"
expect_fail "link cheat" "check/CMakeLists.txt"

copy
mkdir -p "$scratch/t/attic"
printf 'int attic;\n' >"$scratch/t/attic/attic.c"
expect_fail "folder in no room" "attic/attic.c"

copy
run_c=$(cd "$scratch/t" && ls runner/*.c | head -n 1)
printf '#include "sim_internal.h"\n' >>"$scratch/t/$run_c"
expect_fail "private header" "$run_c"

rm -rf "$scratch"
exit $fail
