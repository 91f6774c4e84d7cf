#!/bin/sh
# selftest.sh - the mutation tool on one file: the list is deterministic,
# a seeded sample is the same twice, and one mutant the suite must kill
# (RequestStateChange's "rc == CIM_RSC_COMPLETED" flipped: an accepted
# request is never carried out) is reported killed, score 100%.
#   selftest.sh PYTHON3 SOURCE_DIR BUILD_DIR
set -eu
py=$1 src=$2 build=$3
tool="$src/bench/mutate/mutate.py"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
a=$("$py" "$tool" --list --files ref_rsc.c)
b=$("$py" "$tool" --list --files ref_rsc.c)
[ -n "$a" ] && [ "$a" = "$b" ] || { echo "mutant list is empty or not deterministic"; exit 1; }
s1=$("$py" "$tool" --list --sample 5 --seed 7)
s2=$("$py" "$tool" --list --sample 5 --seed 7)
[ "$(printf '%s\n' "$s1" | wc -l)" -eq 5 ] && [ "$s1" = "$s2" ] ||
	{ echo "seeded sample differs or is not 5 mutants"; exit 1; }
line=$(grep -n 'if (rc == CIM_RSC_COMPLETED)' "$src/provider/ref/ref_rsc.c" | cut -d: -f1)
n=$(printf '%s\n' "$a" | grep "ref_rsc.c:$line:.*eq->ne" | awk '{print $1}' | head -1)
[ -n "$n" ] || { echo "no eq->ne mutant at ref_rsc.c:$line"; exit 1; }
out=$("$py" "$tool" --build "$build" --files ref_rsc.c --only "$n" --scratch "$scratch" \
	--equivalent /dev/null)
printf '%s\n' "$out" | grep -q '^killed 1/1 ' && printf '%s\n' "$out" | grep -q '^score 100.0%' ||
	{ echo "mutant $n not killed:"; printf '%s\n' "$out"; exit 1; }
# A bad argument is a usage error (2).
if "$py" "$tool" --files no_such.c --list >/dev/null 2>&1; then
	echo "an unknown file was accepted"; exit 1
fi
echo "mutate selftest: mutant $n (ref_rsc.c:$line eq->ne) killed"
