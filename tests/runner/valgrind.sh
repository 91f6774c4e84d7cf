#!/bin/sh
# valgrind.sh VALGRIND SRH SCENARIOS [TEST...]
#
# srh (run forked and --no-fork, replay, a small sweep) and the given
# Criterion tests, if any (CMake gives none: tests/runner/CMakeLists.txt),
# under valgrind, following forked children; fails if any process logged a
# memory error or a definite/indirect leak. Each process
# writes its own log: a forked run's exit code never reaches the verdict.
set -u
vg=$1
srh=$2
d=$3
shift 3
dir=$(mktemp -d) || exit 2
trap 'rm -rf "$dir"' EXIT
n=0

grind() {
	n=$((n + 1))
	"$vg" --quiet --trace-children=yes --leak-check=full \
		--errors-for-leak-kinds=definite,indirect \
		--show-leak-kinds=definite,indirect \
		--log-file="$dir/vg.$n.%p" "$@" >/dev/null 2>&1
}

grind "$srh" run "$d/pass" --timeout 120
grind "$srh" run --no-fork "$d/pass" "$d/fail"
grind "$srh" replay "$d/prob/reset_probability.yaml" --seed 2 --trace "$dir/trace"
grind "$srh" sweep --kind remove_group --max-n 1 --timeout 120
grind "$srh" run "$d/bad"
for t in "$@"; do
	grind "$t" --jobs 1
done
bad=0
for f in "$dir"/vg.*; do
	if [ -s "$f" ]; then
		echo "== $f"
		cat "$f"
		bad=1
	fi
done
exit "$bad"
