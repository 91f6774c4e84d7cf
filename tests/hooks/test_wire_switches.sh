#!/bin/bash
# `srh run --target` (CIM-XML and WS-Management) against srh-serve-hooks,
# whose encoders write one known wire defect when SRH_TEST_ENCODER names
# it: each switch is reported under the MUST-wire rule that forbids it
# (check.h; the defects of issue 17), by the target and by the server's
# own --self-check, and by `srh proxy` in front of the server (issue 17: the
# proxy sees the defect in what passes through it); without a switch the
# same runs pass.
#
# The target reads a running job once (--watch 1): the server does not tick,
# so PercentComplete never moves and the default 30 reads would only wait
# 3 s per run (two runs per case) for a check that is not this test's.
#
# The release programs (RELEASE...: build/cli/srh, srh-serve) carry no
# switch: the name of the variable is not even in them.
#
# usage: test_wire_switches.sh SRH_SERVE_HOOKS SRH_TARGET SRH RELEASE...
# (SRH, the first release program, is also the proxy.)
set -u
serve=$1 target=$2 srh=$3
shift 2
tmp=$(mktemp -d "${TMPDIR:-/tmp}/srh-wsw.XXXXXX") || exit 2
pid= ppid=
cleanup() {
	for p in $pid $ppid; do
		kill "$p" 2>/dev/null
		wait "$p" 2>/dev/null
	done
	rm -rf "$tmp"
}
trap cleanup EXIT

. "$(dirname "$0")/../lib/check.sh"

# PROTOCOL SWITCH RULE: RULE "-" = a clean pass. The rules are the
# protocols' own words (DSP0201: an Error is an INSTANCE with CLASSNAME,
# NULL a PARAMVALUE without VALUE; DSP0230: xsi:type CLASS_Type, NULL
# xsi:nil) and the MOF (ErrorType uint16, MessageArguments string[],
# Message string).
cases='
cimxml - -
cimxml named-instance MUST-wire embedded-error
cimxml no-classname MUST-wire embedded-error
cimxml uint16-string MUST-wire cim-type
cimxml empty-nil MUST-wire null-form
cimxml scalar-array MUST-wire cim-type
wsman - -
wsman no-classname MUST-wire embedded-error
wsman uint16-string MUST-wire cim-type
wsman empty-nil MUST-wire null-form
wsman scalar-array MUST-wire cim-type
'
grep -q SRH_TEST_ENCODER "$serve" && ok "srh-serve-hooks has the switches" ||
	bad "srh-serve-hooks has no switch"
for bin in "$@"; do
	grep -q SRH_TEST_ENCODER "$bin" && bad "$bin has test switches" || ok "$bin has no switch"
done
while read -r proto sw rule; do
	[ -n "$proto" ] || continue
	rm -f "$tmp/port" "$tmp/wport"
	env=()
	[ "$sw" != - ] && env=(SRH_TEST_ENCODER="$sw")
	env "${env[@]}" "$serve" --listen 127.0.0.1:0 --port-file "$tmp/port" --wsman --wsman-port 0 \
		--wsman-port-file "$tmp/wport" --self-check >"$tmp/serve.out" 2>"$tmp/serve.err" &
	pid=$!
	for _ in $(seq 200); do
		[ -s "$tmp/wport" ] && [ -s "$tmp/port" ] && break
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.05
	done
	if [ ! -s "$tmp/wport" ]; then
		bad "$proto $sw: server did not start"; cat "$tmp/serve.err"; pid=; continue
	fi
	url="http://127.0.0.1:$(cat "$tmp/port")/root/Microsoft/Windows/StorageReplica"
	up="http://127.0.0.1:$(cat "$tmp/port")"
	if [ "$proto" = wsman ]; then
		url="wsman+http://127.0.0.1:$(cat "$tmp/wport")/wsman"
		up="wsman+http://127.0.0.1:$(cat "$tmp/wport")/wsman"
	fi
	timeout 120 "$target" --target "$url" --user alice:alice --other-user bob:bob --quiet \
		--watch 1 --no-db >"$tmp/out" 2>&1
	rc=$?
	# The proxy in front of the same server, a target run through it.
	rm -f "$tmp/pport"
	"$srh" proxy --listen 127.0.0.1:0 --port-file "$tmp/pport" --upstream "$up" --no-db \
		--user admin:admin --user alice --user bob >"$tmp/proxy.out" 2>"$tmp/proxy.err" &
	ppid=$!
	for _ in $(seq 200); do
		[ -s "$tmp/pport" ] && break
		kill -0 "$ppid" 2>/dev/null || break
		sleep 0.05
	done
	purl="http://127.0.0.1:$(cat "$tmp/pport" 2>/dev/null)/root/Microsoft/Windows/StorageReplica"
	[ "$proto" = wsman ] && purl="wsman+http://127.0.0.1:$(cat "$tmp/pport" 2>/dev/null)/wsman"
	timeout 120 "$target" --target "$purl" --user alice:alice --other-user bob:bob --quiet \
		--watch 1 --no-db >"$tmp/pout" 2>&1
	kill "$ppid" 2>/dev/null
	wait "$ppid" 2>/dev/null
	prc=$?
	ppid=
	kill "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	pid=
	if [ "$rule" = - ]; then
		[ $rc -eq 0 ] && grep -q '^result: PASS' "$tmp/out" &&
			ok "$proto without a switch: PASS" ||
			{ bad "$proto without a switch: exit $rc"; head -30 "$tmp/out"; }
		grep -q 'self-check' "$tmp/serve.err" &&
			{ bad "$proto without a switch: self-check findings"; head -5 "$tmp/serve.err"; }
		[ "$prc" -eq 0 ] && ! grep -q '^  MUST-wire' "$tmp/proxy.out" &&
			ok "$proto without a switch: the proxy finds no wire failure" ||
			{ bad "$proto without a switch: proxy exit $prc"; grep '^  ' "$tmp/proxy.out" | head; }
		continue
	fi
	if [ $rc -eq 1 ] && grep -Eq "^  FAIL $rule( |$)" "$tmp/out"; then
		ok "$proto $sw: srh run --target reports $rule"
	else
		bad "$proto $sw: exit $rc, $rule not reported"; sed 's/^/     /' "$tmp/out" | head -30
	fi
	if [ "$prc" -eq 1 ] && grep -Eq "^  $rule " "$tmp/proxy.out"; then
		ok "$proto $sw: srh proxy reports $rule"
	else
		bad "$proto $sw: proxy exit $prc, $rule not reported"; head -20 "$tmp/proxy.out"
	fi
	if grep -q "self-check .*: FAIL $rule at" "$tmp/serve.err"; then
		ok "$proto $sw: serve --self-check reports $rule"
	else
		bad "$proto $sw: self-check did not report $rule"; head -5 "$tmp/serve.err"
	fi
done <<<"$cases"
echo "$fails failure(s)"
[ "$fails" -eq 0 ]
