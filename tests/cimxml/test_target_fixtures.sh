#!/bin/bash
# `srh run --target` against `srh serve` hosting each known-bad provider
# fixture (tests/fixtures/bad_providers, each the reference provider with
# one behaviour broken): over CIM-XML the target must find the MUST rule the
# fixture breaks, like the in-process checker does; the control passes; a
# provider that crashes the server is an error (2), never a pass. The
# server ticks 100 s of virtual time per request so that the running jobs
# visibly progress while the target watches them.
#
# With SRH_PROTOCOL=wsman the same runs go over WS-Management: the server
# adds --wsman and the target is its wsman+http:// URL (tests/wsman).
#
# usage: test_target_fixtures.sh SRH_SERVE SRH_TARGET NAME=PATH.so...
set -u
serve=$1 target=$2
shift 2
tmp=$(mktemp -d "${TMPDIR:-/tmp}/srh-tfix.XXXXXX") || exit 2
pid=
cleanup() {
	if [ -n "$pid" ]; then
		kill "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
	fi
	rm -rf "$tmp"
}
trap cleanup EXIT

# Expected exit status and the rule id the target must report (from each
# fixture's own description of what it breaks).
want() {
	case $1 in
	ok_passthrough) echo "0 -" ;;
	bad_no_error_terminated | bad_error_while_running) echo "1 MUST-4" ;;
	bad_leak_on_denied) echo "1 MUST-3" ;;
	bad_free_string_error) echo "1 MUST-5" ;;
	bad_rc_reserved) echo "1 MUST-1" ;;
	bad_ok_on_failure) echo "1 MUST-path" ;;
	bad_rsc_accepts_final) echo "1 MUST-10" ;;
	bad_stale_state_time) echo "1 MUST-9" ;;
	bad_percent_backwards) echo "1 MUST-8" ;;
	bad_crash_geterror) echo "2 -" ;;
	*) echo "? -" ;;
	esac
}

fails=0
for arg in "$@"; do
	name=${arg%%=*} so=${arg#*=}
	read -r code rule <<<"$(want "$name")"
	rm -f "$tmp/port" "$tmp/wport"
	extra=()
	[ "${SRH_PROTOCOL:-}" = wsman ] && extra=(--wsman --wsman-port 0 --wsman-port-file "$tmp/wport")
	"$serve" --listen 127.0.0.1:0 --port-file "$tmp/port" --provider "$so" --tick 100s --quiet \
		"${extra[@]}" >"$tmp/serve.log" 2>&1 &
	pid=$!
	for _ in $(seq 200); do
		[ -s "$tmp/port" ] && { [ ${#extra[@]} -eq 0 ] || [ -s "$tmp/wport" ]; } && break
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.05
	done
	if [ ! -s "$tmp/port" ]; then
		echo "FAIL $name: server did not start"; cat "$tmp/serve.log"
		fails=$((fails + 1)); kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; pid=; continue
	fi
	url="http://127.0.0.1:$(cat "$tmp/port")/root/Microsoft/Windows/StorageReplica"
	[ ${#extra[@]} -gt 0 ] && url="wsman+http://127.0.0.1:$(cat "$tmp/wport")/wsman"
	timeout 120 "$target" --target "$url" \
		--user alice:alice --other-user bob:bob --quiet --db "$tmp/results.db" >"$tmp/out" 2>&1
	rc=$?
	kill "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	pid=
	verdict=ok
	[ "$rc" = "$code" ] || verdict="FAIL (exit $rc, want $code)"
	if [ "$rule" != "-" ] && ! grep -Eq "^  FAIL $rule " "$tmp/out"; then
		verdict="FAIL ($rule not reported)"
	fi
	if [ "$code" = 0 ] && ! grep -q '^result: PASS' "$tmp/out"; then
		verdict="FAIL (no PASS)"
	fi
	echo "$verdict $name: exit $rc${rule:+, $rule}"
	if [ "$verdict" != ok ]; then
		sed 's/^/     /' "$tmp/out" | head -40
		fails=$((fails + 1))
	fi
done
echo "$fails failure(s)"
[ "$fails" -eq 0 ] && [ $# -gt 0 ]
