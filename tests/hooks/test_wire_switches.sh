#!/bin/bash
# `srh run --target` (CIM-XML and WS-Management) against srh-serve-hooks,
# whose encoders write one known wire defect when SRH_TEST_ENCODER names
# it: each switch is reported under the MUST-wire rule that forbids it
# (check.h; the defects of issue 17), by the target and by the server's
# own --self-check; without a switch the same run passes.
#
# The release programs (RELEASE...: build/cli/srh, srh-serve) carry no
# switch: the name of the variable is not even in them.
#
# usage: test_wire_switches.sh SRH_SERVE_HOOKS SRH_TARGET RELEASE...
set -u
serve=$1 target=$2
shift 2
tmp=$(mktemp -d "${TMPDIR:-/tmp}/srh-wsw.XXXXXX") || exit 2
pid=
cleanup() {
	if [ -n "$pid" ]; then
		kill "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
	fi
	rm -rf "$tmp"
}
trap cleanup EXIT

fails=0
ok() { echo "ok   $*"; }
bad() { echo "FAIL $*"; fails=$((fails + 1)); }

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
	[ "$proto" = wsman ] && url="wsman+http://127.0.0.1:$(cat "$tmp/wport")/wsman"
	timeout 120 "$target" --target "$url" --user alice:alice --other-user bob:bob --quiet \
		--no-db >"$tmp/out" 2>&1
	rc=$?
	kill "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	pid=
	if [ "$rule" = - ]; then
		[ $rc -eq 0 ] && grep -q '^result: PASS' "$tmp/out" &&
			ok "$proto without a switch: PASS" ||
			{ bad "$proto without a switch: exit $rc"; head -30 "$tmp/out"; }
		grep -q 'self-check' "$tmp/serve.err" &&
			{ bad "$proto without a switch: self-check findings"; head -5 "$tmp/serve.err"; }
		continue
	fi
	if [ $rc -eq 1 ] && grep -Eq "^  FAIL $rule( |$)" "$tmp/out"; then
		ok "$proto $sw: srh run --target reports $rule"
	else
		bad "$proto $sw: exit $rc, $rule not reported"; sed 's/^/     /' "$tmp/out" | head -30
	fi
	if grep -q "self-check .*: FAIL $rule at" "$tmp/serve.err"; then
		ok "$proto $sw: serve --self-check reports $rule"
	else
		bad "$proto $sw: self-check did not report $rule"; head -5 "$tmp/serve.err"
	fi
done <<<"$cases"
echo "$fails failure(s)"
[ "$fails" -eq 0 ]
