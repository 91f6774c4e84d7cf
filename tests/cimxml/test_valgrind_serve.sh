#!/bin/bash
# `srh serve` and `srh run --target` under valgrind: wbemcli calls on every
# path, a malformed and an oversized request, the whole target run, then
# SIGTERM. Any memory error or definite/indirect leak in either program
# fails the test.
#
# usage: test_valgrind_serve.sh VALGRIND SRH_SERVE SRH_TARGET WBEMCLI
set -u
valgrind=$1 serve=$2 target=$3 wbemcli=$4
tmp=$(mktemp -d "${TMPDIR:-/tmp}/srh-vgserve.XXXXXX") || exit 2
. "$(dirname "$0")/../lib/serve.sh"
cleanup() {
	serve_stop
	rm -rf "$tmp"
}
trap cleanup EXIT
vgopts=(--error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect
	--show-leak-kinds=definite,indirect)

# valgrind itself is the background process, so SIGTERM reaches the server
SERVE_WAIT=60 serve_start "$tmp" "$valgrind" "${vgopts[@]}" --log-file="$tmp/serve.vg" "$serve" \
	--omit-null-params || { echo "server did not start"; cat "$tmp/serve.vg"; exit 1; }
port=$SERVE_PORT
NS="127.0.0.1:$port/root/Microsoft/Windows/StorageReplica"

fails=0
for j in 1 2 3 4 5; do
	timeout 60 "$wbemcli" cm "http://alice:alice@$NS:SRSIM_ReplicaJob.InstanceID=\"SRSIM:$j\"" GetError \
		>/dev/null 2>&1 || { echo "FAIL wbemcli cm GetError SRSIM:$j"; fails=$((fails + 1)); }
done
timeout 60 "$wbemcli" ei "http://alice:alice@$NS:CIM_ConcreteJob" >/dev/null 2>&1 ||
	{ echo "FAIL wbemcli ei"; fails=$((fails + 1)); }
timeout 60 "$wbemcli" gi "http://bob:bob@$NS:SRSIM_ReplicaJob.InstanceID=\"SRSIM:2\"" >/dev/null 2>&1
auth=$(printf 'alice:alice' | base64)
for body in '<CIM><MESSAGE' '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><x>&a;</x>'; do
	if exec 3<>"/dev/tcp/127.0.0.1/$port"; then
		printf 'POST /cimom HTTP/1.1\r\nHost: x\r\nAuthorization: Basic %s\r\nCIMOperation: MethodCall\r\nConnection: close\r\nContent-Length: %d\r\n\r\n%s' \
			"$auth" "${#body}" "$body" >&3
		timeout 30 cat <&3 | head -1
		exec 3<&- 3>&-
	fi
done
if exec 3<>"/dev/tcp/127.0.0.1/$port"; then
	printf 'POST /cimom HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: 9999999\r\n\r\n' >&3
	timeout 30 cat <&3 | head -1
	exec 3<&- 3>&-
fi

"$valgrind" "${vgopts[@]}" --log-file="$tmp/target.vg" "$target" --target "http://$NS" --user alice:alice --other-user bob:bob --db "$tmp/results.db" \
	--watch 3 --quiet >"$tmp/target.out" 2>&1
trc=$?
if [ $trc -ne 0 ]; then
	echo "FAIL target exit $trc"; cat "$tmp/target.out" "$tmp/target.vg"; fails=$((fails + 1))
else
	echo "ok   target under valgrind: exit 0"
fi

serve_stop
src=$SERVE_STATUS
if [ $src -ne 0 ]; then
	echo "FAIL server under valgrind: exit $src"; cat "$tmp/serve.vg"; fails=$((fails + 1))
else
	echo "ok   server under valgrind: exit 0"
fi
grep -h "ERROR SUMMARY" "$tmp/serve.vg" "$tmp/target.vg"
echo "$fails failure(s)"
[ "$fails" -eq 0 ]
