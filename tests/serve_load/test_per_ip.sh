#!/bin/bash
# The per-address connection limit (--per-ip): attackers bound to other
# loopback addresses (127.0.0.2, 127.0.0.3: all of 127/8 is this machine)
# each hold 3x the limit in idle connections; the server keeps exactly the
# limit of each open and closes the rest at once, while the normal client
# on 127.0.0.1 gets every GetError answered right. Without --per-ip, on
# loopback, nothing is refused.
#
# usage: test_per_ip.sh SRH_SERVE SERVE_LOAD
set -u
serve=$1 load=$2
. "$(dirname "$0")/lib.sh"

limit=10
start --per-ip $limit
echo "server on port $port, --per-ip $limit"
for a in 2 3; do
	"$load" hold "$port" $((limit * 3)) 4 "127.0.0.$a" >"$tmp/hold$a" 2>&1 &
	bg+=($!)
done
sleep 1.5
geterror "normal client on 127.0.0.1 while attackers hold connections" 8 20
wait "${bg[@]}"
bg=()
for a in 2 3; do
	line=$(tail -1 "$tmp/hold$a")
	if [ "$line" = "hold: connected $((limit * 3)) open $limit" ]; then
		ok "127.0.0.$a: $((limit * 3)) connected, the limit ($limit) kept open"
	else
		bad "127.0.0.$a: '$line' (want $limit of $((limit * 3)) open)"
	fi
done
alive "after the attackers left"
stop

start
"$load" hold "$port" $((limit * 3)) 2 127.0.0.2 >"$tmp/hold2" 2>&1
line=$(tail -1 "$tmp/hold2")
[ "$line" = "hold: connected $((limit * 3)) open $((limit * 3))" ] &&
	ok "no --per-ip on loopback: nothing refused" || bad "no --per-ip: '$line'"
stop
finish
