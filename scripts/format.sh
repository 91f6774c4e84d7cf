#!/usr/bin/env bash
# Format the C sources with .clang-format, or check them (--check: exit 1
# and name the files that differ). CTest runs the check (label "format").
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
mapfile -t files < <(find provider sim scenarios harness reports http cimxml tests bench fuzz \
	-name '*.[ch]' -not -path '*/build*' | sort)
if [ "${1:-}" = --check ]; then
	bad=0
	for f in "${files[@]}"; do
		clang-format --dry-run --Werror "$f" >/dev/null 2>&1 || { echo "format: $f differs (scripts/format.sh fixes it)"; bad=1; }
	done
	exit $bad
fi
clang-format -i "${files[@]}"
