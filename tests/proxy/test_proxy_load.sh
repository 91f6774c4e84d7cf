#!/bin/bash
# Issue 17: under load, `srh proxy` loses no exchange from its results
# database. One `srh serve --wsman` (reference provider) behind two
# proxies, one per protocol (CIM-XML, WS-Management), each with --db and
# --record. Rounds of CLIENTS concurrent serve_load clients x CALLS
# GetError calls go through both proxies at once (each client alternates
# the demo's failed job SRSIM:2 and its running job SRSIM:5, and checks
# every answer against contract.md), while HOLD idle connections sit on
# each proxy (cut by its header deadline; they make no exchange). Then
# SIGTERM: the proxy drains, exits 0 (no MUST failure), and its database
# must hold exactly what the clients did:
#   - the session's timeline: "N exchanges, 2 jobs, 0 answered 502/504",
#     N = every call every client made through that proxy;
#   - SRSIM:2's and SRSIM:5's results: "M method calls", M = the calls
#     made on that job (a client's calls 0, 2, 4, ... are on SRSIM:2);
#   - two PASS job results and a PASS session result (rc 0 with an Error
#     for the failed job, rc 0 and no Error for the running one: the
#     contract's GetError rules, checked by the proxy's checker);
# and, in the one-round run, `srh check-wire` of each recording counts the
# same N exchanges (every exchange was recorded too; the soak records
# nothing: gigabytes of bodies would test the disk, not the proxy).
#
# usage: test_proxy_load.sh SRH SERVE_LOAD CLIENTS CALLS HOLD SECONDS
#   SECONDS 0: one round; else rounds until SECONDS have passed (the soak).
set -u
srh=$1 load=$2 clients=$3 calls=$4 hold=$5 secs=$6
. "$(dirname "$0")/../lib/serve.sh"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/srh-proxy-load.XXXXXX") || exit 2
pids=()
cleanup() {
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
	serve_stop
	rm -rf "$tmp"
}
trap cleanup EXIT

fails=0
ok() { echo "ok   $*"; }
bad() { echo "FAIL $*"; fails=$((fails + 1)); }

# q DB SQL: the rows, columns joined by |, one a line (python3's sqlite3:
# no sqlite3 shell needed).
q() {
	python3 -c 'import sqlite3, sys
for r in sqlite3.connect(sys.argv[1]).execute(sys.argv[2]):
    print("|".join(str(c) for c in r))' "$1" "$2"
}


serve_start "$tmp" "$srh" serve --wsman --wsman-port 0 --wsman-port-file "$tmp/wport" --quiet ||
	{ echo "FAIL server did not start"; exit 1; }
port=$SERVE_PORT wport=$(cat "$tmp/wport")

# proxy NAME UPSTREAM: srh proxy in the background; its port in $tmp/NAME.port.
rec() { [ "$secs" -eq 0 ]; }
proxy() {
	local r=()
	rec && r=(--record "$tmp/$1.rec")
	"$srh" proxy --listen 127.0.0.1:0 --port-file "$tmp/$1.port" --upstream "$2" "${r[@]}" \
		--db "$tmp/$1.db" --quiet >"$tmp/$1.out" 2>"$tmp/$1.err" &
	pids+=($!)
	eval "${1}_pid=$!"
	wait_file "$tmp/$1.port" "$!" || { echo "FAIL proxy $1 did not start"; cat "$tmp/$1.err"; exit 1; }
}
proxy cim "http://127.0.0.1:$port"
proxy ws "wsman+http://127.0.0.1:$wport"
cport=$(cat "$tmp/cim.port") wsport=$(cat "$tmp/ws.port")
echo "upstream $port (CIM-XML), $wport (WS-Man); proxies $cport, $wsport;" \
	"$clients clients x $calls calls a round, $hold idle connections; ${secs}s"

# One round: both protocols at once, each client's answers checked.
rounds=0
round() {
	local hp=()
	if [ "$hold" -gt 0 ]; then
		"$load" hold "$cport" "$hold" 2 >/dev/null 2>&1 &
		hp+=($!)
		"$load" hold "$wsport" "$hold" 2 >/dev/null 2>&1 &
		hp+=($!)
	fi
	timeout 300 "$load" geterror "$cport" "$clients" "$calls" >"$tmp/cim.ge" 2>&1 &
	local c=$!
	timeout 300 "$load" --wsman geterror "$wsport" "$clients" "$calls" >"$tmp/ws.ge" 2>&1
	local wrc=$?
	wait "$c"
	local crc=$?
	for p in "${hp[@]}"; do wait "$p"; done
	[ "$crc" -eq 0 ] || bad "round $rounds, CIM-XML clients: $(cat "$tmp/cim.ge")"
	[ "$wrc" -eq 0 ] || bad "round $rounds, WS-Man clients: $(cat "$tmp/ws.ge")"
	rounds=$((rounds + 1))
	[ "$crc" -eq 0 ] && [ "$wrc" -eq 0 ]
}
end=$((SECONDS + secs))
round || exit 1
while [ "$SECONDS" -lt "$end" ] && round; do :; done
[ "$fails" -eq 0 ] && ok "$rounds rounds: every answer through both proxies right ($(cat "$tmp/ws.ge"))"

kill "$cim_pid" "$ws_pid"
wait "$cim_pid"
crc=$?
wait "$ws_pid"
wrc=$?
pids=()
[ "$crc" -eq 0 ] && [ "$wrc" -eq 0 ] && ok "both proxies drain and exit 0 on SIGTERM" ||
	bad "proxy exit: CIM-XML $crc, WS-Man $wrc"

n=$((rounds * clients * calls))
n2=$((rounds * clients * ((calls + 1) / 2)))
n5=$((rounds * clients * (calls / 2)))
for name in cim ws; do
	db=$tmp/$name.db
	got=$(q "$db" "SELECT text FROM timeline WHERE text LIKE 'srh proxy (%'")
	want="exchanges, 2 jobs, 0 answered 502/504"
	[ "$got" = "srh proxy ($([ $name = cim ] && echo cimxml || echo wsman)): $n $want" ] &&
		ok "$name: the database holds all $n exchanges" || bad "$name: session: '$got', want $n $want"
	for j in 2 5; do
		want=$([ $j = 2 ] && echo "$n2" || echo "$n5")
		got=$(q "$db" "SELECT t.text FROM timeline t JOIN results r ON r.id = t.result_id
			JOIN scenarios s ON s.id = r.scenario_id WHERE s.name LIKE '% job SRSIM:$j'")
		[[ "$got" == "observed through srh proxy: $want method calls,"* ]] &&
			ok "$name: SRSIM:$j has its $want calls" || bad "$name: SRSIM:$j: '$got', want $want calls"
	done
	got=$(q "$db" "SELECT verdict, count(*) FROM results GROUP BY verdict")
	[ "$got" = "PASS|3" ] && ok "$name: 2 jobs and the session PASS" || bad "$name: verdicts '$got'"
	# The recording, judged again offline, counts the same exchanges.
	rec || continue
	"$srh" check-wire "$tmp/$name.rec" --db "$tmp/$name.cw.db" >"$tmp/$name.cw" 2>&1
	got=$(q "$tmp/$name.cw.db" "SELECT text FROM timeline WHERE text LIKE 'srh proxy (%'")
	[[ "$got" == *": $n exchanges, 2 jobs, 0 answered 502/504" ]] && grep -q "session: PASS" "$tmp/$name.cw" &&
		ok "$name: check-wire of the recording: $n exchanges, PASS" ||
		{ bad "$name: check-wire: '$got'"; head -5 "$tmp/$name.cw"; }
done

echo "$fails failure(s)"
[ "$fails" -eq 0 ]
