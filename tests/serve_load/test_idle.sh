#!/bin/bash
# Many clients, on both servers of one `srh serve --wsman`: 64 clients x
# 20 GetError all answered right over each protocol; then, with 1,000 idle
# connections held open on each server (nothing sent), a normal GetError
# is still answered over both (the bound is the test's timeout, seconds;
# its latency is the bench's business). The idle connections are cut by
# the header deadline, not left to pile up.
#
# usage: test_idle.sh SRH_SERVE SERVE_LOAD
set -u
serve=$1 load=$2
. "$(dirname "$0")/lib.sh"

start --header-timeout 4
echo "server on ports $port (CIM-XML) and $wsport (WS-Man), --header-timeout 4"
geterror "64 clients x 20 GetError" 64 20
geterror "64 clients x 20 GetError" 64 20 --wsman
"$load" hold "$port" 1000 6 >"$tmp/hold" 2>&1 &
bg+=($!)
"$load" hold "$wsport" 1000 6 >"$tmp/wshold" 2>&1 &
bg+=($!)
for _ in $(seq 100); do
	grep -q '^hold: connected' "$tmp/hold" && grep -q '^hold: connected' "$tmp/wshold" && break
	sleep 0.1
done
for f in hold wshold; do
	held=$(sed -n 's/^hold: connected \([0-9]*\)$/\1/p' "$tmp/$f")
	[ "${held:-0}" -eq 1000 ] && ok "$f: 1000 idle connections open" || bad "$f: idle connections: '$(cat "$tmp/$f")'"
done
geterror "GetError with 1000 idle connections held on each server" 1 2
geterror "GetError with 1000 idle connections held on each server" 1 2 --wsman
geterror "8 clients x 20 GetError with 1000 idle connections held on each" 8 20
geterror "8 clients x 20 GetError with 1000 idle connections held on each" 8 20 --wsman
wait "${bg[@]}"
bg=()
for f in hold wshold; do
	line=$(tail -1 "$tmp/$f")
	[ "$line" = "hold: connected 1000 open 0" ] && ok "$f: the header deadline closed all 1000" ||
		bad "$f: after the deadline: '$line'"
done
stop
cat "$tmp/cuts" "$tmp/wscuts"
finish
