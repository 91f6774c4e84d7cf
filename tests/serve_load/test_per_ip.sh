#!/bin/bash
# The per-address connection limit (--per-ip), on both servers of one
# `srh serve --wsman` (the flag applies to each): attackers bound to other
# loopback addresses (127.0.0.2, 127.0.0.3: all of 127/8 is this machine)
# each hold 3x the limit in idle connections on the CIM-XML port and on
# the WS-Management port at once; each server keeps exactly the limit of
# each address open and closes the rest at once, while the normal clients
# on 127.0.0.1 get every GetError answered right over both protocols.
# Without --per-ip, on loopback, nothing is refused.
#
# usage: test_per_ip.sh SRH_SERVE SERVE_LOAD
set -u
serve=$1 load=$2
. "$(dirname "$0")/lib.sh"

limit=10
# hold_all SECS: attackers 127.0.0.2 and .3 on both ports, in the background.
hold_all() {
	for a in 2 3; do
		"$load" hold "$port" $((limit * 3)) "$1" "127.0.0.$a" >"$tmp/hold$a" 2>&1 &
		bg+=($!)
		"$load" hold "$wsport" $((limit * 3)) "$1" "127.0.0.$a" >"$tmp/wshold$a" 2>&1 &
		bg+=($!)
	done
}
# held WANT WHAT: every attacker's last line says WANT of 3x the limit open.
held() {
	local line
	for f in hold2 hold3 wshold2 wshold3; do
		line=$(tail -1 "$tmp/$f")
		if [ "$line" = "hold: connected $((limit * 3)) open $1" ]; then
			ok "$f: $((limit * 3)) connected, $1 kept open ($2)"
		else
			bad "$f: '$line' (want $1 of $((limit * 3)) open: $2)"
		fi
	done
}

start --per-ip $limit
echo "server on ports $port (CIM-XML) and $wsport (WS-Man), --per-ip $limit"
hold_all 4
sleep 1.5
geterror "normal client on 127.0.0.1 while attackers hold connections" 8 20
geterror "normal client on 127.0.0.1 while attackers hold connections" 8 20 --wsman
wait "${bg[@]}"
bg=()
held $limit "the limit"
alive "after the attackers left"
stop

start
hold_all 2
wait "${bg[@]}"
bg=()
held $((limit * 3)) "no --per-ip on loopback: nothing refused"
stop
finish
