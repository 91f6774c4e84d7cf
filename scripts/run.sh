#!/usr/bin/env bash
# Set up, build, and run the main job: the built-in conformance suite
# (scenarios/suite) against the reference provider, then the reports.
# Leaves reports/results.db (every result, committed as it completes),
# reports/junit.xml and reports/html/index.html, and prints their paths.
# Extra arguments go to `srh run`, after the defaults, so they win:
# --provider vendor.so, --filter 'initial_sync.*', -j 1, -v ...
# Exit status is srh run's: 0 all passed, 1 something failed, 2 bad usage.
# (The provider's own contract demo is build/provider/demo/srprov_demo.)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${SRH_BUILD_DIR:-$root/build}
"$root/scripts/build.sh"
cd "$root"
srh="$build/cli/srh"
suite="scenarios/suite"
n=$(find "$suite" -name '*.yaml' | wc -l)
provider="the reference provider"
for a in "$@"; do
	[ "${prev:-}" = --provider ] && provider="$a"
	prev=$a
done
echo "srh run: built-in suite, $n scenarios ($suite), against $provider"
status=0
"$srh" run -j "$(nproc)" --db reports/results.db --junit reports/junit.xml "$@" || status=$?
"$srh" report --db reports/results.db --out reports/html || status=$((status ? status : 1))
echo "reports: $root/reports/results.db"
echo "         $root/reports/junit.xml"
echo "         $root/reports/html/index.html"
[ $status -eq 0 ] && echo "srh run: all passed" || echo "srh run: exit $status (see the failures above)"
exit $status
