#!/usr/bin/env bash
# test_cli.sh TEST SRH RPT_TOOL SUITE BADDIR - the results database and
# reports through the srh command, end to end, on the built-in suite.
#   junit    --junit validates against the Jenkins-compatible XSD
#   tap      --tap parses as TAP 13 (TAP::Parser; prove passes a clean run)
#   html     srh report: well-formed, offline, one page per scenario, each named
#   kill9    SIGKILL mid-run: the database is intact, every result line printed
#            before the kill is in it, and --resume completes the run
#   diff     the suite against a known-bad provider is a regression
#            (srh diff and srh run --baseline), a run against itself is not
#   shards   --shard 1/2 and 2/2 merged equal the unsharded run (run and sweep)
#   ci       the CI matrix examples (docs/examples/*.yml): their srh-shard.sh
#            lines, run for every shard of their matrix and then merged, give
#            the unsharded sweep's verdicts and a report
#   garbage  a file that is not a results database is one line, exit 2
# BADDIR holds the known-bad provider fixtures (bad_no_error_terminated.so:
# terminated jobs get no Error, a MUST-4 violation per contract.md).
set -u
test=$1 srh=$2 tool=$3 suite=$4 baddir=$5
here=$(cd "$(dirname "$0")" && pwd)
bad=$baddir/bad_no_error_terminated.so
tmp=$(mktemp -d "${TMPDIR:-/tmp}/rpt_cli.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1

fail() { echo "FAIL ($test): $*" >&2; exit 1; }
# What a run covers. diff and shards test how runs are compared, split and
# joined, not the scenarios: the folders where the known-bad provider both
# passes and fails (no provider/ or failure/: two thirds of the suite's cost,
# dear under ASan, and six runs in diff).
paths=("$suite")
case $test in
diff | shards) paths=("$suite/client" "$suite/rsc" "$suite/removal" "$suite/restart" "$suite/access") ;;
esac
# srh run with a status we expect (0 or 1; never a crash or usage error)
run() {
	local want=$1; shift
	"$srh" run "${paths[@]}" "$@" > run.out 2> run.err
	local st=$?
	[ "$st" -eq "$want" ] || { cat run.out run.err >&2; fail "srh run $* exited $st, not $want"; }
}
count=$("$srh" list "${paths[@]}" | wc -l)
[ "$count" -gt 10 ] || fail "the suite has only $count scenarios"

case $test in
junit)
	run 0 --db r.db --junit ok.xml
	run 1 --db r.db --provider "$bad" --junit bad.xml
	for f in ok.xml bad.xml; do
		xmllint --noout --schema "$here/junit-jenkins.xsd" "$f" 2>/dev/null ||
			fail "$f does not validate"
	done
	grep -q "tests=\"$count\"" ok.xml || fail "ok.xml does not hold $count testcases"
	grep -q '<failure type="MUST-4 error-iff-ended-in-error"' bad.xml || fail "no MUST-4 failure"
	grep -q "srh replay $suite/.*--seed [0-9]* --provider $bad" bad.xml || fail "no repro line"
	;;
tap)
	"$srh" run "$suite" --db r.db --provider "$bad" --tap > bad.tap 2> progress.txt
	[ $? -eq 1 ] || fail "srh run --tap with a bad provider did not exit 1"
	grep -q '^run: ' progress.txt || fail "progress did not move to stderr"
	got=$(perl "$here/tap_check.pl" bad.tap) || fail "tap_check.pl failed"
	case $got in
	"version=13 planned=$count run=$count passed="*" parse_errors=0") ;;
	*) fail "TAP::Parser says: $got" ;;
	esac
	case $got in *" failed=0 "*) fail "no failure in the bad provider's TAP" ;; esac
	run 0 --db r.db --tap ok.tap
	prove -e cat ok.tap > prove.out 2>&1 || { cat prove.out >&2; fail "prove rejects ok.tap"; }
	;;
html)
	run 1 --db r.db --provider "$bad"
	"$srh" report --db r.db --out html > report.out || fail "srh report failed"
	grep -q '^report: html/index.html' report.out || fail "report path not printed"
	sh "$here/html_check.sh" html "$count" || fail "html_check.sh"
	"$srh" list "$suite" | while read -r name _; do
		grep -q -F ">$name</a>" html/index.html || { echo "missing $name"; exit 1; }
	done || fail "a scenario is missing from index.html"
	;;
kill9)
	# The known-bad provider makes srh print well over a pipe's 64 KiB of
	# failure details: it cannot run ahead of this reader and finish
	# before the kill, however busy the machine.
	coproc SRHP { exec "$srh" run "$suite" -v --db k.db --provider "$bad" 2> kill.err; }
	pid=$SRHP_PID
	exec {fd}<&"${SRHP[0]}"
	printed=()
	while IFS= read -r line <&"$fd"; do
		case $line in PASS* | FAIL* | CRASH* | HANG* | ERROR*) printed+=("$line") ;; esac
		[ "${#printed[@]}" -ge 25 ] && break
	done
	kill -9 "$pid" 2> /dev/null
	# whatever reached the pipe was printed before the kill
	while IFS= read -r line <&"$fd"; do
		case $line in PASS* | FAIL* | CRASH* | HANG* | ERROR*) printed+=("$line") ;; esac
	done
	wait "$pid"
	st=$?
	[ "$st" -eq 137 ] || fail "srh was not killed mid-run (status $st): too fast to test"
	[ "$("$tool" check k.db)" = ok ] || fail "integrity_check: $("$tool" check k.db)"
	"$tool" results k.db last > stored.txt || fail "cannot list the stored results"
	for line in "${printed[@]}"; do
		read -r verdict name _ <<< "$line"
		grep -q -x -F "$verdict $name" stored.txt || fail "printed but not stored: $line"
	done
	read -r status stored <<< "$("$tool" status k.db last)"
	[ "$status" = running ] || fail "the killed run is $status"
	[ "$stored" -ge "${#printed[@]}" ] || fail "$stored stored < ${#printed[@]} printed"
	[ "$stored" -lt "$count" ] || fail "the whole run finished before the kill"
	"$srh" run --resume --db k.db > resume.out 2>&1
	[ $? -eq 1 ] || { cat resume.out >&2; fail "resume did not finish with the run's failures"; }
	grep -q "resuming run 1: $((count - stored)) of $count scenarios left" resume.out ||
		{ cat resume.out >&2; fail "resume did not run exactly the missing scenarios"; }
	[ "$("$tool" status k.db last)" = "done $count" ] ||
		fail "after resume: $("$tool" status k.db last)"
	[ "$("$tool" check k.db)" = ok ] || fail "integrity_check after resume"
	"$srh" run --resume --db k.db > again.out 2>&1
	[ $? -eq 2 ] || fail "a second resume found something to do"
	;;
diff)
	run 0 --db d.db
	run 1 --db d.db --provider "$bad"
	"$srh" diff --db d.db > diff.out
	[ $? -eq 1 ] || fail "srh diff did not exit 1 on a regression"
	grep -q '^NEW FAILURE .*: PASS -> MUST-4 error-iff-ended-in-error' diff.out ||
		fail "no new failure listed"
	grep -q 'Error\[0\] present -> absent' diff.out || fail "no changed Error listed"
	"$srh" diff --db d.db 2 1 > back.out
	[ $? -eq 0 ] || fail "fixes alone counted as a regression"
	grep -q ' 0 new failures, [1-9][0-9]* fixes' back.out || fail "fixes not counted"
	"$srh" diff --db d.db 1 1 > same.out || fail "a run differs from itself"
	# --baseline: against another database, and against this one's previous run
	run 0 --db base.db
	run 1 --db new.db --provider "$bad" --baseline base.db
	grep -q 'REGRESSED' run.out || fail "--baseline did not report the regression"
	run 0 --db d.db --baseline d.db
	grep -q 'no regression' run.out || fail "--baseline against the previous bad run"
	;;
shards)
	run 1 --db full.db --provider "$bad"
	run 1 --db s1.db --provider "$bad" --shard 1/2
	run 1 --db s2.db --provider "$bad" --shard 2/2
	"$srh" merge m.db s1.db s2.db > merge.out || fail "srh merge failed"
	n1=$("$tool" status s1.db last | cut -d' ' -f2)
	n2=$("$tool" status s2.db last | cut -d' ' -f2)
	[ "$n1" -gt 0 ] && [ "$n2" -gt 0 ] && [ $((n1 + n2)) -eq "$count" ] ||
		fail "shards of $n1 and $n2 for $count scenarios"
	"$tool" results full.db last > full.txt
	"$tool" results m.db last > merged.txt
	cmp -s full.txt merged.txt || { diff full.txt merged.txt >&2; fail "verdicts differ"; }
	"$srh" diff full.db m.db > diff.out || fail "the merged run regressed"
	grep -q '0 new failures, 0 fixes, 0 new scenarios, 0 vanished, 0 changed calls' diff.out ||
		{ cat diff.out >&2; fail "the merged run differs from the unsharded one"; }
	"$srh" merge m2.db s1.db s1.db > /dev/null 2> overlap.err
	[ $? -eq 2 ] || fail "overlapping shards were merged"
	# the sweep shards the same way
	"$srh" sweep --max-n 2 --db wfull.db > /dev/null || fail "sweep failed"
	for k in 1 2 3; do
		"$srh" sweep --max-n 2 --shard $k/3 --db w$k.db > /dev/null || fail "sweep shard $k"
	done
	"$srh" merge wm.db w1.db w2.db w3.db > /dev/null || fail "merging the sweep shards"
	"$tool" results wfull.db last > wfull.txt
	"$tool" results wm.db last > wm.txt
	[ "$(wc -l < wfull.txt)" -gt 10 ] || fail "a sweep of only $(wc -l < wfull.txt) runs"
	cmp -s wfull.txt wm.txt || { diff wfull.txt wm.txt >&2; fail "sweep shards differ"; }
	;;
ci)
	# Each example's own lines, its matrix variables set as the CI would.
	ex=$here/../../docs/examples
	export SRH="$srh" SRH_SWEEP_ARGS="--max-n 2" SRH_EXPLORE_ARGS="--runs 30 -j 2"
	"$srh" sweep $SRH_SWEEP_ARGS --db full.db > /dev/null || fail "the unsharded sweep failed"
	"$tool" results full.db last > full.txt
	[ "$(wc -l < full.txt)" -gt 10 ] || fail "a sweep of only $(wc -l < full.txt) runs"
	lines() { sed -n 's/^ *- *\(run: *\)\{0,1\}\(docs\/examples\/srh-shard\.sh .*\)$/\2/p' "$1"; }
	for ci in github gitlab; do
		case $ci in
		github)
			yml=$ex/github-actions-sweep.yml
			n=$(sed -n 's/^ *SHARDS: *\([0-9][0-9]*\) *$/\1/p' "$yml")
			list=$(sed -n 's/^ *shard: *\[\(.*\)\] *$/\1/p' "$yml" | tr -d ' ')
			[ -n "$n" ] && [ "$list" = "$(seq -s, 1 "$n")" ] ||
				fail "$yml: matrix [$list] is not 1..SHARDS ($n)"
			;;
		gitlab)
			yml=$ex/gitlab-ci-sweep.yml
			n=$(sed -n 's/^ *parallel: *\([0-9][0-9]*\) *$/\1/p' "$yml")
			;;
		esac
		[ "${n:-0}" -gt 1 ] || fail "$yml: no shard count"
		shard=$(lines "$yml" | grep ' shard ') && merge=$(lines "$yml" | grep ' merge ') ||
			fail "$yml: no srh-shard.sh shard and merge steps"
		mkdir "$ci" && ln -s "$here/../../docs" "$ci/docs" || fail "mkdir $ci"
		for k in $(seq 1 "$n"); do
			# shellcheck disable=SC2016 # the CI's own variables
			cmd=$(printf '%s\n' "$shard" | sed -e 's/\${{ *matrix\.shard *}}/$K/g' \
				-e 's/\$SHARDS/$N/g; s/\$CI_NODE_INDEX/$K/g; s/\$CI_NODE_TOTAL/$N/g')
			(cd "$ci" && K=$k N=$n && eval "$cmd") > /dev/null || fail "$yml: shard $k: $cmd"
		done
		(cd "$ci" && eval "$merge") > /dev/null || fail "$yml: merge: $merge"
		"$tool" results "$ci/out/merged.db" last > "$ci.txt"
		cmp -s full.txt "$ci.txt" || { diff full.txt "$ci.txt" >&2; fail "$yml: verdicts differ"; }
		[ -s "$ci/out/html/index.html" ] && [ -s "$ci/out/junit.xml" ] || fail "$yml: no report"
		# Each shard explored its own seed: one passing summary per shard.
		"$tool" results "$ci/out/explore.db" last > "$ci.explore.txt"
		for k in $(seq 1 "$n"); do echo "PASS explore.summary.$k"; done > want.txt
		cmp -s want.txt "$ci.explore.txt" ||
			{ diff want.txt "$ci.explore.txt" >&2; fail "$yml: explore shards not merged"; }
		[ -s "$ci/out/explore-html/index.html" ] && [ -s "$ci/out/explore-junit.xml" ] ||
			fail "$yml: no explore report"
	done
	;;
garbage)
	head -c 20000 /dev/urandom > junk.db
	for cmd in "run $suite --db junk.db" "report --db junk.db" "diff --db junk.db" \
		"merge out.db junk.db" "run --resume --db junk.db"; do
		# shellcheck disable=SC2086
		"$srh" $cmd > out.txt 2> err.txt
		st=$?
		[ "$st" -eq 2 ] || fail "srh $cmd exited $st, not 2"
		[ "$(wc -l < err.txt)" -eq 1 ] || { cat err.txt >&2; fail "srh $cmd: not one line"; }
		grep -q 'junk.db' err.txt || fail "srh $cmd: the message does not name the file"
	done
	;;
*)
	fail "unknown test"
	;;
esac
echo "ok $test"
