#!/bin/sh
# cli.sh SRH SCENARIOS [CRASH.so HANG.so]
#
# The srh command as a user meets it: exit codes (0 pass, 1 fail, 2 usage or
# parse error with file:line), fork isolation (CRASH with SIGSEGV and the
# next scenario still runs; HANG within the watchdog), replay traces (equal
# seeds equal bytes, different seeds differ), a small sweep, faults, help.
set -u
SRH=$1
D=$2
CRASH=${3:-}
HANG=${4:-}
T=$(mktemp -d) || exit 2
trap 'rm -rf "$T"' EXIT
. "$(dirname "$0")/../lib/check.sh" # fail, expect_rc (runs $SRH, output in $T), has

count() { # count FILE TEXT
	grep -c -- "$2" "$1"
}

# ---- exit codes -------------------------------------------------------------
expect_rc 0 "passing scenarios" -- run "$D/pass" -j 2
has "$T/out" "3 runs, 3 passed" "passing scenarios"

expect_rc 1 "MUST failure" -- run "$D/fail/must_wrong_rc.yaml"
has "$T/out" "must_wrong_rc.yaml:13" "MUST failure names file:line"
has "$T/out" "expected 6 Access Denied" "MUST failure names expected"
has "$T/out" "observed 0 Success" "MUST failure names observed"
has "$T/out" "at t=" "MUST failure names the virtual time"
has "$T/out" "repro: srh replay $D/fail/must_wrong_rc.yaml --seed 1" "repro line"

expect_rc 1 "SHOULD failure" -- run "$D/fail/should_wrong.yaml"
has "$T/out" "SHOULD only 1" "SHOULD failure counted"

expect_rc 2 "parse error" -- run "$D/bad" "$D/pass"
has "$T/err" "unknown_key.yaml:4:" "parse error names file:line"
[ -s "$T/out" ] && fail "parse error: something ran: $(cat "$T/out")"

expect_rc 2 "unknown option" -- run --frobnicate "$D/pass"
has "$T/err" "unknown option --frobnicate" "unknown option message"
[ "$(wc -l <"$T/err")" -eq 1 ] || fail "unknown option: more than one line"
expect_rc 2 "bad -j" -- run -j zero "$D/pass"
expect_rc 2 "-j 0" -- run -j 0 "$D/pass"
expect_rc 2 "bad --seed" -- run --seed -3 "$D/pass"
expect_rc 2 "bad --timeout" -- run --timeout 0 "$D/pass"
expect_rc 2 "missing value" -- run "$D/pass" --filter
expect_rc 2 "unknown command" -- frobnicate
expect_rc 2 "missing path" -- run "$T/nowhere"
expect_rc 2 "filter matches nothing" -- run "$D/pass" --filter 'nothing.*'
expect_rc 2 "provider that does not load" -- run "$D/pass" --provider "$T/none.so"
expect_rc 0 "filter" -- run "$D/pass" --filter 'runner.resync.*' -v
has "$T/out" "PASS  runner.resync.disk_gone" "verbose line"
has "$T/out" "1 run, 1 passed" "filter keeps one"
expect_rc 0 "no-fork" -- run --no-fork "$D/pass"

expect_rc 0 "list" -- list "$D/pass"
has "$T/out" "runner.initial_sync.ok" "list names"
has "$T/out" "resync" "list kinds"
expect_rc 2 "list of a bad file" -- list "$D/bad"

# ---- isolation --------------------------------------------------------------
if [ -n "$CRASH" ]; then
	expect_rc 1 "crashing provider" -- run "$D/pass" --provider "$CRASH"
	[ "$(count "$T/out" '^CRASH')" -eq 3 ] || fail "crash: expected 3 CRASH lines"
	has "$T/out" "killed by SIGSEGV" "crash names the signal"
	has "$T/out" "3 runs, 0 passed.* 3 crashed" "crash: the run went on"
fi
if [ -n "$HANG" ]; then
	start=$(date +%s)
	expect_rc 1 "hanging provider" -- run "$D/pass/initial_sync_ok.yaml" \
		"$D/pass/store_read_fails.yaml" --provider "$HANG" --timeout 1
	took=$(($(date +%s) - start))
	[ "$(count "$T/out" '^HANG')" -eq 2 ] || fail "hang: expected 2 HANG lines"
	has "$T/out" "killed by the watchdog" "hang reason"
	[ "$took" -le 6 ] || fail "hang: took ${took}s with a 1 s watchdog"
fi

# ---- replay -----------------------------------------------------------------
P=$D/prob/reset_probability.yaml
expect_rc 0 "replay seed 1" -- replay "$P" --seed 1 --trace "$T/a"
has "$T/out" "PASS runner.prob.reset seed 1" "replay verdict"
expect_rc 0 "replay seed 1 again" -- replay "$P" --seed 1 --trace "$T/b"
expect_rc 0 "replay seed 2" -- replay "$P" --seed 2 --trace "$T/c"
[ -s "$T/a" ] || fail "replay: empty trace"
cmp -s "$T/a" "$T/b" || fail "replay: seed 1 twice gave different traces"
cmp -s "$T/a" "$T/c" && fail "replay: seeds 1 and 2 gave the same trace"
expect_rc 0 "replay to stdout" -- replay "$P" --seed 1 --trace -
cmp -s "$T/a" "$T/out" || fail "replay: --trace - differs from --trace FILE"
has "$T/err" "PASS" "replay verdict on stderr with --trace -"
expect_rc 1 "replay of a failing scenario" -- replay "$D/fail/must_wrong_rc.yaml"
has "$T/out" "must_wrong_rc.yaml:13" "replay failure detail"
expect_rc 2 "replay without a file" -- replay --seed 1

# ---- sweep, faults, help ----------------------------------------------------
expect_rc 0 "sweep of one kind" -- sweep --kind test_topology --max-n 2 -j 2
runs=$(sed -n 's/^sweep: \([0-9]*\) runs.*/\1/p' "$T/out")
[ -n "$runs" ] && [ "$runs" -gt 1 ] || fail "sweep: no runs counted ($(cat "$T/out"))"
has "$T/out" "0 failed" "sweep: nothing failed"
expect_rc 2 "sweep of an unknown kind" -- sweep --kind nope
expect_rc 2 "sweep of an unknown point" -- sweep --point sim/nope

expect_rc 0 "faults" -- faults
has "$T/out" "sim/disk/write" "faults lists sim points"
has "$T/out" "prov/store/read" "faults lists provider points"
has "$T/out" "io_error" "faults shows classes"

# bench: a passing and a failing scenario, each with the same verdict in
# this process, on 2 processes (each its share), pooled and one process
# per scenario; a verdict that differs makes bench exit 1.
expect_rc 0 "bench of a pass and a fail" -- bench -n 1 --no-sweep "$D/pass" "$D/fail"
has "$T/out" "in-process, 2 processes: 5 runs" "bench runs in-process on 2 processes"
has "$T/out" "verdicts: the same for every scenario" "bench: the same verdicts"
# Of the five, only pass/resync_disk_gone restarts the provider (a store file).
has "$T/out" "of which durable (a store file: restart or provider.store): 1 runs" "bench: durable runs"
has "$T/out" "in memory: 4 runs" "bench: in-memory runs"
# The floor of a durable run: measured (a cost above zero), and set against
# the five runs, the one durable among them.
has "$T/out" "fewest system calls [1-9][0-9]* us CPU" "bench: floor measured"
has "$T/out" "the suite's 5 runs get .* its 1 durable runs alone take" "bench: floor against the runs"

for c in run list replay sweep faults bench; do
	expect_rc 0 "$c --help" -- "$c" --help
	has "$T/out" "usage: srh $c" "$c --help"
done
expect_rc 0 "help" -- help
expect_rc 2 "no command" --

echo "cli.sh: $fails failure(s)"
[ "$fails" -eq 0 ]
