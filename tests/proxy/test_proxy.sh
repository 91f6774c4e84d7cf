#!/bin/bash
# `srh proxy` in front of `srh serve` (CIM-XML and --wsman, the reference
# provider): Debian's wbemcli and wsl through it give the same answers as
# direct (status, protocol headers, body bytes), the session is clean of
# MUST failures, `srh check-wire` of its recording gives the live verdicts,
# `srh replay-wire` re-sends it. Then upstreams that close, stall, send
# 10 MiB, malformed XML or garbage: the client gets 502/504, the proxy
# stays up and loses no exchange. Then the known-bad provider fixtures,
# driven by `srh run --target` through the proxy: the proxy, an observer
# only, reports the MUST rule each breaks (those an observer can see).
#
# Expected values come from contract.md (MUST rules, rc 6 for a stranger)
# and DSP0200 (CIMOperation/CIMError headers), never from the output.
#
# usage: test_proxy.sh SRH WBEMCLI WSL BAD_UPSTREAM.py NAME=PATH.so...
set -u
srh=$1 wbemcli=$2 wsl=$3 badup=$4
shift 4
tmp=$(mktemp -d "${TMPDIR:-/tmp}/srh-proxy.XXXXXX") || exit 2
pids=()
cleanup() {
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
	rm -rf "$tmp"
}
trap cleanup EXIT

. "$(dirname "$0")/../lib/check.sh"

. "$(dirname "$0")/../lib/serve.sh" # wait_file
# proxy NAME UPSTREAM [ARGS]: start srh proxy; sets ppid and pport.
proxy() {
	local name=$1 up=$2
	shift 2
	rm -f "$tmp/$name.port"
	"$srh" proxy --listen 127.0.0.1:0 --port-file "$tmp/$name.port" --upstream "$up" \
		--record "$tmp/$name.rec" --db "$tmp/$name.db" "$@" \
		>"$tmp/$name.out" 2>"$tmp/$name.err" &
	ppid=$!
	pids+=("$ppid")
	wait_file "$tmp/$name.port" "$ppid" || { echo "FAIL proxy $name did not start"; cat "$tmp/$name.err"; exit 1; }
	pport=$(cat "$tmp/$name.port")
}
# stop_proxy PID: SIGTERM, its exit status in $prc.
stop_proxy() {
	kill "$1"
	wait "$1"
	prc=$?
}

# ---- the upstream: srh serve with CIM-XML and WS-Management -----------------
"$srh" serve --listen 127.0.0.1:0 --port-file "$tmp/port" --wsman --wsman-port 0 \
	--wsman-port-file "$tmp/wport" --omit-null-params --quiet >"$tmp/serve.log" 2>&1 &
spid=$!
pids+=("$spid")
wait_file "$tmp/wport" "$spid" && wait_file "$tmp/port" "$spid" ||
	{ echo "FAIL server did not start"; cat "$tmp/serve.log"; exit 1; }
port=$(cat "$tmp/port") wport=$(cat "$tmp/wport")
NS=root/Microsoft/Windows/StorageReplica

proxy cim "http://127.0.0.1:$port" --user admin:admin --user alice --user bob
cpid=$ppid cport=$pport
proxy ws "wsman+http://127.0.0.1:$wport" --user admin:admin --user alice --user bob
wpid=$ppid wsport=$pport
echo "upstream CIM-XML $port, WS-Man $wport; proxies $cport, $wsport"

# ---- wbemcli: direct and through the proxy ----------------------------------
job() { echo "SRSIM_ReplicaJob.InstanceID=\"SRSIM:$1\""; }
# wb PORT USER OP PATH [ARG]: output (port numbers made PORT) in $tmp/wb.PORT
wb() {
	local p=$1 cred=$2 op=$3 path=$4
	shift 4
	# A running job's ElapsedTime moves with every request (the server's
	# tick): not the proxy's doing.
	timeout 30 "$wbemcli" "$op" "http://$cred@127.0.0.1:$p/$NS:$path" "$@" 2>&1 |
		sed -E "s/127.0.0.1:$p/HOST/g; s/ElapsedTime=[0-9.:]+/ElapsedTime=T/g" >"$tmp/wb.$p"
}
same_wb() { # NAME USER OP PATH [ARG]
	local name=$1
	shift
	wb "$port" "$@"
	wb "$cport" "$@"
	if [ -s "$tmp/wb.$port" ] && cmp -s "$tmp/wb.$port" "$tmp/wb.$cport"; then
		ok "wbemcli $name: the same through the proxy"
	else
		bad "wbemcli $name differs through the proxy"
		diff "$tmp/wb.$port" "$tmp/wb.$cport" | head -20
	fi
}
same_wb "ein" alice:alice ein CIM_ConcreteJob
same_wb "gi failed job" alice:alice gi "$(job 2)"
same_wb "cm GetError failed job" alice:alice cm "$(job 2)" GetError
expect "through the proxy GetError returns an embedded CIM_Error" 'GetError: 0, Error' "$tmp/wb.$cport"
same_wb "cm GetError completed job" alice:alice cm "$(job 1)" GetError
same_wb "cm GetError as a stranger" bob:bob cm "$(job 2)" GetError
same_wb "ei as admin" admin:admin ei CIM_ConcreteJob
same_wb "wrong password" alice:nope ein CIM_ConcreteJob

# ---- raw exchanges: status, protocol headers and body bytes -----------------
geterror() {
	printf '<?xml version="1.0" encoding="utf-8" ?>\n<CIM CIMVERSION="2.0" DTDVERSION="2.0"><MESSAGE ID="4711" PROTOCOLVERSION="1.0"><SIMPLEREQ><METHODCALL NAME="GetError"><LOCALINSTANCEPATH><LOCALNAMESPACEPATH><NAMESPACE NAME="root"/><NAMESPACE NAME="Microsoft"/><NAMESPACE NAME="Windows"/><NAMESPACE NAME="StorageReplica"/></LOCALNAMESPACEPATH><INSTANCENAME CLASSNAME="SRSIM_ReplicaJob"><KEYBINDING NAME="InstanceID"><KEYVALUE VALUETYPE="string">SRSIM:%s</KEYVALUE></KEYBINDING></INSTANCENAME></LOCALINSTANCEPATH></METHODCALL></SIMPLEREQ></MESSAGE></CIM>\n' "$1"
}
# raw PORT USER BODYFILE OUT: POST /cimom; OUT.h the protocol headers, OUT.b the body
raw() {
	local p=$1 cred=$2 body=$3 out=$4 auth=()
	[ -n "$cred" ] && auth=(-u "$cred")
	curl -s --max-time 30 "${auth[@]}" -D "$out.hdr" -o "$out.b" -X POST \
		-H 'Content-Type: application/xml; charset="utf-8"' -H 'CIMOperation: MethodCall' \
		-H 'CIMMethod: GetError' -H "CIMObject: $NS" --data-binary "@$body" \
		"http://127.0.0.1:$p/cimom"
	# the status line and every header but the connection's own
	grep -Eiv '^(date|connection|keep-alive|content-length|transfer-encoding):' "$out.hdr" |
		tr -d '\r' | sed 's/HTTP\/1\.[01]/HTTP/' >"$out.h"
}
same_raw() { # NAME USER JOB
	geterror "$3" >"$tmp/req.xml"
	raw "$port" "$2" "$tmp/req.xml" "$tmp/direct"
	raw "$cport" "$2" "$tmp/req.xml" "$tmp/proxied"
	if cmp -s "$tmp/direct.h" "$tmp/proxied.h" && cmp -s "$tmp/direct.b" "$tmp/proxied.b" &&
		[ -s "$tmp/direct.h" ]; then
		ok "raw $1: status, headers and body bytes the same ($(head -1 "$tmp/direct.h"))"
	else
		bad "raw $1 differs"
		diff "$tmp/direct.h" "$tmp/proxied.h"
		cmp "$tmp/direct.b" "$tmp/proxied.b"
	fi
}
same_raw "GetError failed job (alice)" alice:alice 2
same_raw "GetError as a stranger (bob)" bob:bob 2
same_raw "GetError without credentials (401)" "" 2
expect "401 passes WWW-Authenticate through" '^WWW-Authenticate: Basic' "$tmp/proxied.h"
same_raw "GetError of an unknown job" alice:alice 99
expect "CIM-XML answers keep CIMOperation: MethodResponse" '^CIMOperation: MethodResponse' "$tmp/proxied.h"

# ---- wsl: direct and through the proxy --------------------------------------
mkdir -p "$tmp/wsl"
URI=http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2
printf '<wsa:EndpointReference>\n<wsa:ReferenceParameters>\n<wsman:ResourceURI>%s/SRSIM_ReplicaJob</wsman:ResourceURI>\n<wsman:SelectorSet>\n<wsman:Selector Name="InstanceID">SRSIM:2</wsman:Selector>\n<wsman:Selector Name="__cimnamespace">%s</wsman:Selector>\n</wsman:SelectorSet>\n</wsa:ReferenceParameters>\n</wsa:EndpointReference>\n' \
	"$URI" "$NS" >"$tmp/wsl/epr2.xml"
. "$(dirname "$0")/../lib/wsl.sh"
# w PORT USER ARGS: output in $tmp/w.PORT without what differs between any
# two requests: the message UUIDs, a running job's ElapsedTime interval.
w() {
	local p=$1
	wsl_run "$@" 2>&1 |
		sed -E 's/[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}/UUID/g;
			s/127\.0\.0\.1:[0-9]+/HOST/g;
			s/<cim:CIM_DateTime>[0-9]{14}\.[0-9]{6}:000</<cim:CIM_DateTime>T</g' >"$tmp/w.$p"
	rm -f "$tmp"/wsl/response-*.xml "$tmp"/wsl/request-*.xml
}
same_w() { # NAME USER ARGS
	local name=$1
	shift
	w "$wport" "$@"
	w "$wsport" "$@"
	if [ -s "$tmp/w.$wport" ] && cmp -s "$tmp/w.$wport" "$tmp/w.$wsport"; then
		ok "wsl $name: the same through the proxy"
	else
		bad "wsl $name differs through the proxy"
		diff "$tmp/w.$wport" "$tmp/w.$wsport" | head -20
	fi
}
same_w identify alice identify
same_w "enum" alice enum CIM_ConcreteJob -ns $NS
same_w "get failed job" alice get CIM_ConcreteJob __cimnamespace=$NS InstanceID=SRSIM:2
same_w "invoke GetError" alice invoke SRSIM_ReplicaJob GetError -inst "$tmp/wsl/epr2.xml"
same_w "invoke GetError as a stranger" bob invoke SRSIM_ReplicaJob GetError -inst "$tmp/wsl/epr2.xml"
tr -d ' \n' <"$tmp/w.$wsport" >"$tmp/flat"
expect "wsl through the proxy: the stranger gets wsman:AccessDenied or rc 6" 'AccessDenied|<p:ReturnValue>6</p:ReturnValue>' "$tmp/flat"

# ---- the sessions end: verdicts, results, recordings -------------------------
stop_proxy "$cpid"
[ "$prc" -eq 0 ] && ok "CIM-XML proxy: exit 0 (no MUST failure)" ||
	{ bad "CIM-XML proxy exit $prc"; cat "$tmp/cim.out"; }
stop_proxy "$wpid"
[ "$prc" -eq 0 ] && ok "WS-Man proxy: exit 0 (no MUST failure)" ||
	{ bad "WS-Man proxy exit $prc"; cat "$tmp/ws.out"; }
expect "CIM-XML session result PASS" "^RESULT http://127.0.0.1:$port session: PASS" "$tmp/cim.out"
expect "CIM-XML: a result for the failed job" "^RESULT http://127.0.0.1:$port job SRSIM:2: " "$tmp/cim.out"
expect "WS-Man: a result for the failed job" "job SRSIM:2: " "$tmp/ws.out"
expect "live summary on stderr" 'srh proxy: [0-9]+ exchanges, [0-9]+ jobs' "$tmp/cim.err"
expect_not "the recording holds no credentials" 'Authorization|YWxpY2U6YWxpY2U' "$tmp/cim.rec"
for s in cim ws; do
	"$srh" check-wire "$tmp/$s.rec" --no-db --user admin:admin --user alice --user bob \
		>"$tmp/$s.cw" 2>"$tmp/$s.cw.err"
	if diff <(grep -E '^(RESULT|  )' "$tmp/$s.out") <(grep -E '^(RESULT|  )' "$tmp/$s.cw") >/dev/null; then
		ok "check-wire $s: the same verdicts as the live proxy"
	else
		bad "check-wire $s verdicts differ"
		diff <(grep -E '^(RESULT|  )' "$tmp/$s.out") <(grep -E '^(RESULT|  )' "$tmp/$s.cw") | head
	fi
done
"$srh" report --db "$tmp/cim.db" --out "$tmp/report.html" >"$tmp/report.log" 2>&1 &&
	ok "srh report reads the proxied session" || { bad "srh report"; cat "$tmp/report.log"; }
"$srh" replay-wire "$tmp/cim.rec" --target "http://127.0.0.1:$port" --user alice:alice \
	--as admin=admin:admin:admin --as bob=bob:bob --no-db >"$tmp/replay.out" 2>&1
rrc=$?
[ "$rrc" -eq 0 ] && ok "replay-wire against srh serve: exit 0" || { bad "replay-wire exit $rrc"; cat "$tmp/replay.out"; }
expect "replay-wire judged the failed job" "job SRSIM:2: (PASS|FAIL)" "$tmp/replay.out"
# srh serve --omit-null-params: a declared deviation, a SHOULD warning only
expect "replay-wire: --omit-null-params is a SHOULD-wire warning" '^  SHOULD-wire null-omitted' "$tmp/replay.out"
expect_not "replay-wire: no MUST failure" '^  MUST' "$tmp/replay.out"
printf 'srh-proxy-recording 1 cimxml http://x\nexchange 1 0 0 200 0\nprincipal a\nmethod POST\npath /\nreason \nreq_head 99\nshort\n' >"$tmp/cut.rec"
"$srh" check-wire "$tmp/cut.rec" --no-db >"$tmp/cut.out" 2>&1
[ $? -eq 2 ] && ok "check-wire of a cut recording: exit 2" || bad "cut recording accepted"
expect "the reason names the file and line" "cut.rec:7: " "$tmp/cut.out"

# ---- upstreams that fail -----------------------------------------------------
geterror 2 >"$tmp/req.xml"
for mode in close stall big malformed garbage; do
	rm -f "$tmp/bad.port"
	/usr/bin/python3 "$badup" $mode "$tmp/bad.port" &
	bpid=$!
	pids+=("$bpid")
	wait_file "$tmp/bad.port" "$bpid" || { bad "$mode upstream did not start"; continue; }
	proxy "bad-$mode" "http://127.0.0.1:$(cat "$tmp/bad.port")" --timeout 2
	want=502
	[ $mode = stall ] && want=504
	for i in 1 2 3; do
		code=$(curl -s --max-time 30 -o /dev/null -w '%{http_code}' -u alice:alice \
			-H 'CIMOperation: MethodCall' --data-binary "@$tmp/req.xml" \
			"http://127.0.0.1:$pport/cimom")
		[ "$code" = $want ] || break
	done
	[ "$code" = $want ] && ok "$mode upstream: the client gets $want (3 times)" ||
		bad "$mode upstream: client got $code, want $want"
	kill -0 "$ppid" 2>/dev/null && ok "$mode upstream: the proxy is still up" || bad "$mode: proxy died"
	stop_proxy "$ppid"
	kill "$bpid" 2>/dev/null
	wait "$bpid" 2>/dev/null
	[ "$prc" -eq 1 ] && ok "$mode upstream: proxy exit 1" || bad "$mode upstream: proxy exit $prc"
	expect "$mode upstream: 3 exchanges, 3 without a usable answer, none lost" \
		'3 exchanges, .*, 3 without a usable answer' "$tmp/bad-$mode.err"
	expect "$mode upstream: the session is an ERROR naming $want" "session: ERROR: 3 exchanges .*: $want " "$tmp/bad-$mode.out"
	[ "$(grep -c '^exchange ' "$tmp/bad-$mode.rec")" -eq 3 ] &&
		ok "$mode upstream: 3 exchanges recorded" || bad "$mode upstream: recording"
done

# ---- known-bad providers, observed through the proxy ------------------------
# The rule an observer must see for each fixture (from each fixture's own
# description). An observer only judges a GetError with the job instance
# when the instance it saw had ended: an Error on a running job
# (bad_error_while_running) could be a job that ended since, so it is not
# claimed here.
want_rule() {
	case $1 in
	ok_passthrough) echo "-" ;;
	bad_no_error_terminated) echo "MUST-4" ;;
	bad_leak_on_denied) echo "MUST-3" ;;
	bad_free_string_error) echo "MUST-5" ;;
	bad_rc_reserved) echo "MUST-1" ;;
	bad_ok_on_failure) echo "MUST-path" ;;
	bad_rsc_accepts_final) echo "MUST-10" ;;
	bad_percent_backwards) echo "MUST-8" ;;
	*) echo "" ;;
	esac
}
for arg in "$@"; do
	name=${arg%%=*} so=${arg#*=}
	rule=$(want_rule "$name")
	[ -n "$rule" ] || continue
	rm -f "$tmp/fport"
	"$srh" serve --listen 127.0.0.1:0 --port-file "$tmp/fport" --provider "$so" --tick 100s \
		--quiet >"$tmp/fserve.log" 2>&1 &
	fpid=$!
	pids+=("$fpid")
	wait_file "$tmp/fport" "$fpid" || { bad "$name: server did not start"; continue; }
	proxy "fix-$name" "http://127.0.0.1:$(cat "$tmp/fport")" --user admin:admin --user alice --user bob
	timeout 120 "$srh" run --target "http://127.0.0.1:$pport/$NS" --user alice:alice \
		--other-user bob:bob --quiet --no-db >"$tmp/fix.out" 2>&1
	stop_proxy "$ppid"
	kill "$fpid" 2>/dev/null
	wait "$fpid" 2>/dev/null
	out="$tmp/fix-$name.out"
	if [ "$rule" = "-" ]; then
		[ "$prc" -eq 0 ] && ! grep -q '^  MUST' "$out" && ok "$name: the proxy finds no MUST failure" ||
			{ bad "$name: proxy exit $prc"; grep '^  ' "$out" | head; }
	else
		[ "$prc" -eq 1 ] && grep -Eq "^  $rule " "$out" && ok "$name: the proxy reports $rule" ||
			{ bad "$name: $rule not reported (exit $prc)"; head -20 "$out"; }
		"$srh" check-wire "$tmp/fix-$name.rec" --no-db --user admin:admin --user alice --user bob >"$tmp/fix.cw" 2>&1
		diff <(grep -E '^(RESULT|  )' "$out") <(grep -E '^(RESULT|  )' "$tmp/fix.cw") >/dev/null &&
			ok "$name: check-wire gives the live verdicts" || bad "$name: check-wire differs"
	fi
done

echo "$fails failure(s)"
[ "$fails" -eq 0 ]
