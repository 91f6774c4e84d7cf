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
. "$(dirname "$0")/../lib/serve.sh"
cleanup() {
	serve_stop
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
	rm -f "$tmp/wport"
	extra=()
	[ "${SRH_PROTOCOL:-}" = wsman ] && extra=(--wsman --wsman-port 0 --wsman-port-file "$tmp/wport")
	if ! serve_start "$tmp" "$serve" --provider "$so" --tick 100s --quiet "${extra[@]}"; then
		echo "FAIL $name: server did not start"
		fails=$((fails + 1)); continue
	fi
	url="http://127.0.0.1:$SERVE_PORT/root/Microsoft/Windows/StorageReplica"
	[ ${#extra[@]} -gt 0 ] && url="wsman+http://127.0.0.1:$(cat "$tmp/wport")/wsman"
	timeout 120 "$target" --target "$url" \
		--user alice:alice --other-user bob:bob --quiet --db "$tmp/results.db" >"$tmp/out" 2>&1
	rc=$?
	serve_stop
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
