#!/usr/bin/env bash
# Format the C sources with .clang-format, or check them (--check: exit 1
# and name the files that differ). CTest runs the check (label "format").
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
# Every C file of the tree: the rooms (docs/ARCHITECTURE.md), tests, bench, fuzz.
mapfile -t files < <(find . \( -name .git -o -name 'build*' \) -prune -o -name '*.[ch]' -print |
	sed 's|^\./||' | sort)
if [ "${1:-}" = --check ]; then
	# One clang-format for every file (one per file cost ~30 s); each
	# violation is reported as "FILE:LINE:COL: error: ...", so the files
	# that differ are read off its diagnostics.
	out=$(clang-format --dry-run --Werror "${files[@]}" 2>&1) && exit 0
	bad=$(printf '%s\n' "$out" | sed -n 's/^\([^:]*\):[0-9]*:[0-9]*: error:.*/\1/p' | sort -u)
	[ -n "$bad" ] || { printf '%s\n' "$out" >&2; exit 1; }
	printf 'format: %s differs (scripts/format.sh fixes it)\n' $bad
	exit 1
fi
clang-format -i "${files[@]}"
