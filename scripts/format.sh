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
	bad=0
	for f in "${files[@]}"; do
		clang-format --dry-run --Werror "$f" >/dev/null 2>&1 || { echo "format: $f differs (scripts/format.sh fixes it)"; bad=1; }
	done
	exit $bad
fi
clang-format -i "${files[@]}"
