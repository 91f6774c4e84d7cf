#!/bin/bash
# `srh run --target` stores its run in the results database like any run:
# against `srh serve` (demo jobs, README) the run is in the database,
# `srh report` draws it with the target's calls, --junit writes it, no
# password reaches the database or a report; a known-bad provider behind
# the same URL is a FAIL with the MUST rule it breaks (in JUnit too) and
# `srh diff` calls it a regression; a target that never answers stores
# nothing.
#
# usage: test_target_db.sh SRH BAD_NO_ERROR_TERMINATED.so
set -u
srh=$1 bad=$2
. "$(dirname "$0")/../lib/serve.sh"
serve_tmp tdb
. "$(dirname "$0")/../lib/check.sh"
NS=root/Microsoft/Windows/StorageReplica
# Passwords that appear nowhere else, to look for in what is stored.
USERS=(--user alice:pw-a1ice-7z --user bob:pw-b0b-7z)

# serve LISTEN [ARGS...]: start srh serve (tests/lib/serve.sh); sets port
serve() {
	local listen=$1
	shift
	SERVE_LISTEN=$listen serve_start "$tmp" "$srh" serve --tick 100s --quiet "${USERS[@]}" "$@" ||
		{ echo "FAIL server did not start"; exit 1; }
	port=$SERVE_PORT
}
stop() { serve_stop; }
# target OUT ARGS...: srh run --target against the server; sets rc
target() {
	local out=$1
	shift
	timeout 120 "$srh" run --target "http://127.0.0.1:$port/$NS" --user alice:pw-a1ice-7z \
		--other-user bob:pw-b0b-7z --quiet --db "$tmp/r.db" "$@" >"$out" 2>&1
	rc=$?
}

# ---- a conforming provider ----------------------------------------------------
serve 127.0.0.1:0
target "$tmp/pass.out" --junit "$tmp/pass.xml"
stop
[ "$rc" = 0 ] && ok "target run against the reference: exit 0" || { bad "exit $rc"; cat "$tmp/pass.out"; }
expect "it says where the result went" "^results: $tmp/r.db \(run 1\)" "$tmp/pass.out"
expect "and where the JUnit went" "^junit: $tmp/pass.xml" "$tmp/pass.out"

"$srh" report --db "$tmp/r.db" --out "$tmp/html" >"$tmp/report.out" 2>&1 &&
	ok "srh report draws the target run" || { bad "srh report failed"; cat "$tmp/report.out"; }
page=$(ls "$tmp"/html/s/*.html 2>/dev/null | head -1)
if [ -n "$page" ]; then
	# The demo jobs (README): SRSIM:2 failed, SRSIM:6/7 running (driven to
	# their end), bob a stranger to alice's jobs.
	expect "the page has the GetError calls" 'GetError' "$page"
	expect "the page has the RequestStateChange calls" 'RequestStateChange' "$page"
	expect "the page names the failed demo job SRSIM:2" 'SRSIM:2' "$page"
	expect "the page has the stranger's calls" '\bbob\b' "$page"
	expect "the page names the target" "127\.0\.0\.1:$port/$NS" "$page"
	expect "the repro line is the target's own command line" 'srh run --target' "$page"
else
	bad "no scenario page under $tmp/html/s"
fi
expect "index: the run is of kind target" 'target' "$tmp/html/index.html"

if xmllint --noout "$tmp/pass.xml" 2>"$tmp/xmllint.out"; then ok "JUnit is well-formed XML"; else
	bad "JUnit is not XML"; cat "$tmp/xmllint.out"; fi
expect "JUnit: one test, no failure" '<testsuite [^>]*tests="1" failures="0" errors="0"' "$tmp/pass.xml"

# ---- a provider that breaks MUST-4, behind the same URL -------------------------
serve "127.0.0.1:$port" --provider "$bad"
target "$tmp/fail.out" --junit "$tmp/fail.xml"
[ "$rc" = 1 ] && ok "the known-bad provider: exit 1" || { bad "known-bad: exit $rc"; cat "$tmp/fail.out"; }
expect "JUnit: the test failed" '<testsuite [^>]*tests="1" failures="1"' "$tmp/fail.xml"
expect "JUnit: the failure names MUST-4" '<failure [^>]*MUST-4' "$tmp/fail.xml"
"$srh" diff --db "$tmp/r.db" >"$tmp/diff.out" 2>&1
drc=$?
[ "$drc" = 1 ] && ok "srh diff: the second run regressed (exit 1)" || { bad "srh diff exit $drc"; cat "$tmp/diff.out"; }
expect "srh diff names MUST-4" 'MUST-4' "$tmp/diff.out"
stop

# ---- nobody answers: one line, exit 2, nothing stored ---------------------------
target "$tmp/none.out" --junit "$tmp/none.xml"
[ "$rc" = 2 ] && [ "$(wc -l <"$tmp/none.out")" = 1 ] && ok "no server: exit 2, one line: $(cat "$tmp/none.out")" ||
	{ bad "no server: exit $rc"; cat "$tmp/none.out"; }
[ ! -e "$tmp/none.xml" ] && ok "no server: no JUnit written" || bad "no server: a JUnit was written"
"$srh" report --db "$tmp/r.db" --out "$tmp/html2" >"$tmp/report2.out" 2>&1
expect "no server: the newest run is still run 2" '\(run 2\)' "$tmp/report2.out"

# ---- no password anywhere --------------------------------------------------------
if grep -rqa 'pw-a1ice-7z\|pw-b0b-7z' "$tmp/r.db" "$tmp/html" "$tmp/pass.xml" "$tmp/fail.xml"; then
	bad "a password was stored: $(grep -rla 'pw-a1ice-7z\|pw-b0b-7z' "$tmp/r.db" "$tmp/html" "$tmp"/*.xml)"
else
	ok "no password in the database, the HTML or the JUnit"
fi
expect "the stored command line keeps the user names" "alice:\*\*\*" "$tmp/pass.xml"

echo "$fails failure(s)"
[ "$fails" = 0 ]
