#!/bin/bash
# Debian's slowhttptest against `srh serve --wsman` in one mode (headers:
# -H slowloris, body: -B slow POST, read: -X slow read), CONNS connections
# from 127.0.0.1 against each of its endpoints at once (CIM-XML /cimom and
# WS-Management /wsman), the probe from the same address (so deadlines
# and capacity must keep the service up, not a per-address refusal).
# Meanwhile normal clients call GetError over both protocols over and
# over; every answer must be right.
#
# Passes when slowhttptest's CSVs say both services were available every
# second of the test, no normal call failed or was wrong, the server is up
# afterwards, the mode's deadline cut connections of both servers
# (headers, body), and it stops with exit 0.
#
# usage: test_slowhttp.sh SRH_SERVE SERVE_LOAD SLOWHTTPTEST MODE CONNS SECS [SERVE ARGS...]
set -u
serve=$1 load=$2 sht=$3 mode=$4 conns=$5 secs=$6
shift 6
. "$(dirname "$0")/lib.sh"

start "$@"
echo "server on port $port ($*), slowhttptest $mode, $conns connections, $secs s"
slow_attack "$mode" "$conns" "$secs"
alive "after the attack"
geterror "GetError after the attack" 4 10
geterror "GetError after the attack" 4 10 --wsman
stop
cat "$tmp/cuts" "$tmp/wscuts"
if [ -n "$cut" ]; then
	for f in cuts wscuts; do
		n=$(sed -n "s/.* $cut \([0-9]*\).*/\1/p" "$tmp/$f")
		[ "${n:-0}" -gt 0 ] && ok "$f: the $cut deadline cut $n connections" ||
			bad "$f: the $cut deadline cut none"
	done
fi
finish
