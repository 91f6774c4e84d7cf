#!/bin/sh
# suite_check.sh - run the built-in suite with srh and judge the outcome.
#
#   suite_check.sh SRH SUITE_DIR EXIT [--min-runs N] [--expect 'RULE|DETAIL']...
#                  [-- SRH-RUN-ARGS...]
#
# Runs `SRH run SUITE_DIR SRH-RUN-ARGS...` and fails (exit 1) unless srh
# exits with EXIT, the summary counts at least N runs, and for each
# --expect a failure block names RULE with DETAIL on one of the two lines
# after it (DETAIL may be empty). With EXIT 0 the summary must also say that
# nothing failed, crashed, hung or errored. Prints one line on success and
# the reasons plus the tail of srh's output on failure.
set -u

usage() {
	echo "usage: suite_check.sh SRH SUITE_DIR EXIT [--min-runs N] [--expect 'RULE|DETAIL']... [-- ARGS...]" >&2
	exit 2
}

[ $# -ge 3 ] || usage
srh=$1 suite=$2 want_rc=$3
shift 3
min_runs=1
expects=$(mktemp) || exit 2
out=$(mktemp) || { rm -f "$expects"; exit 2; }
trap 'rm -f "$expects" "$out"' EXIT
while [ $# -gt 0 ]; do
	case $1 in
	--min-runs) [ $# -ge 2 ] || usage; min_runs=$2; shift 2 ;;
	--expect) [ $# -ge 2 ] || usage; printf '%s\n' "$2" >>"$expects"; shift 2 ;;
	--) shift; break ;;
	*) usage ;;
	esac
done

# A test stores no results database (where srh has one), so parallel tests
# do not share one.
nodb=
"$srh" run --help 2>&1 | grep -q -- --no-db && nodb=--no-db
"$srh" run "$suite" $nodb "$@" >"$out" 2>&1
rc=$?
bad=0
why() { echo "suite_check: $*"; bad=1; }

[ "$rc" -eq "$want_rc" ] || why "srh run exited $rc, expected $want_rc"
summary=$(grep '^run: ' "$out" | tail -n 1)
[ -n "$summary" ] || why "no 'run:' summary line"
runs=$(printf '%s\n' "$summary" | sed -n 's/^run: \([0-9][0-9]*\) runs.*/\1/p')
[ -n "$runs" ] && [ "$runs" -ge "$min_runs" ] || why "summary counts ${runs:-no} runs, expected at least $min_runs"
if [ "$want_rc" -eq 0 ]; then
	case $summary in
	*" $runs passed, 0 failed "*", 0 crashed, 0 hung, 0 errors;"*) ;;
	*) why "not everything passed: $summary" ;;
	esac
fi

# RULE on a line, DETAIL on it or one of the two lines after it.
while IFS= read -r e; do
	rule=${e%%|*} detail=${e#*|}
	[ "$detail" = "$e" ] && detail=
	if ! awk -v r="$rule" -v d="$detail" '
		index($0, r) { left = 3 }
		left > 0 { if (index($0, d)) { found = 1; exit } left-- }
		END { exit !found }' "$out"; then
		why "no failure names \"$rule\"${detail:+ with \"$detail\"}"
	fi
done <"$expects"

if [ $bad -ne 0 ]; then
	echo "--- srh run $suite $* (last 40 lines):"
	tail -n 40 "$out"
	exit 1
fi
echo "ok: $summary"
exit 0
