#!/bin/bash
# Many clients: 64 clients x 20 GetError all answered right; then, with
# 1,000 idle connections held open (nothing sent), a normal GetError is
# still answered (the bound is the test's timeout, seconds; its latency is
# the bench's business). The idle connections are cut by the header
# deadline, not left to pile up.
#
# usage: test_idle.sh SRH_SERVE SERVE_LOAD
set -u
serve=$1 load=$2
. "$(dirname "$0")/lib.sh"

start --header-timeout 4
echo "server on port $port, --header-timeout 4"
geterror "64 clients x 20 GetError" 64 20
"$load" hold "$port" 1000 6 >"$tmp/hold" 2>&1 &
bg+=($!)
for _ in $(seq 100); do
	grep -q '^hold: connected' "$tmp/hold" && break
	sleep 0.1
done
held=$(sed -n 's/^hold: connected \([0-9]*\)$/\1/p' "$tmp/hold")
[ "${held:-0}" -eq 1000 ] && ok "1000 idle connections open" || bad "idle connections: '$(cat "$tmp/hold")'"
geterror "GetError with 1000 idle connections held" 1 2
geterror "8 clients x 20 GetError with 1000 idle connections held" 8 20
wait "${bg[@]}"
bg=()
line=$(tail -1 "$tmp/hold")
[ "$line" = "hold: connected 1000 open 0" ] && ok "the header deadline closed all 1000" ||
	bad "after the deadline: '$line'"
stop
cat "$tmp/cuts"
finish
