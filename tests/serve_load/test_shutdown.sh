#!/bin/bash
# Clean shutdown: on SIGTERM srh serve --wsman stops accepting on both
# servers, finishes a request in flight on each (CIM-XML and
# WS-Management, their bodies still arriving) and exits 0; a second signal
# exits at once (status 1); a request that does not finish within
# --drain-timeout is cut and the exit is still 0. The GetError answers
# after the signal are checked against contract.md (running job SRSIM:5:
# rc 0).
#
# usage: test_shutdown.sh SRH_SERVE SERVE_LOAD
set -u
serve=$1 load=$2
. "$(dirname "$0")/lib.sh"

auth=$(printf 'alice:alice' | base64)
body='<?xml version="1.0" encoding="utf-8" ?><CIM CIMVERSION="2.0" DTDVERSION="2.0"><MESSAGE ID="9" PROTOCOLVERSION="1.0"><SIMPLEREQ><METHODCALL NAME="GetError"><LOCALINSTANCEPATH><LOCALNAMESPACEPATH><NAMESPACE NAME="root"/><NAMESPACE NAME="Microsoft"/><NAMESPACE NAME="Windows"/><NAMESPACE NAME="StorageReplica"/></LOCALNAMESPACEPATH><INSTANCENAME CLASSNAME="SRSIM_ReplicaJob"><KEYBINDING NAME="InstanceID"><KEYVALUE VALUETYPE="string">SRSIM:5</KEYVALUE></KEYBINDING></INSTANCENAME></LOCALINSTANCEPATH></METHODCALL></SIMPLEREQ></MESSAGE></CIM>'
half=$((${#body} / 2))
uri=http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/SRSIM_ReplicaJob
wsbody='<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" xmlns:wsa="http://schemas.xmlsoap.org/ws/2004/08/addressing" xmlns:wsman="http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd"><s:Header><wsa:To>http://127.0.0.1/wsman</wsa:To><wsman:ResourceURI s:mustUnderstand="true">'$uri'</wsman:ResourceURI><wsa:ReplyTo><wsa:Address s:mustUnderstand="true">http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous</wsa:Address></wsa:ReplyTo><wsa:Action s:mustUnderstand="true">'$uri'/GetError</wsa:Action><wsa:MessageID>uuid:9</wsa:MessageID><wsman:SelectorSet><wsman:Selector Name="__cimnamespace">root/Microsoft/Windows/StorageReplica</wsman:Selector><wsman:Selector Name="InstanceID">SRSIM:5</wsman:Selector></wsman:SelectorSet></s:Header><s:Body><p:GetError_INPUT xmlns:p="'$uri'"/></s:Body></s:Envelope>'
wshalf=$((${#wsbody} / 2))
# begin: open fd 3 and send the headers and the first half of the body
begin() {
	exec 3<>"/dev/tcp/127.0.0.1/$port" || return 1
	printf 'POST /cimom HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Basic %s\r\nContent-Type: application/xml; charset="utf-8"\r\nCIMOperation: MethodCall\r\nCIMMethod: GetError\r\nContent-Length: %d\r\n\r\n%s' \
		"$auth" "${#body}" "${body:0:$half}" >&3
}
# wsbegin: the same on fd 4 to the WS-Management server
wsbegin() {
	exec 4<>"/dev/tcp/127.0.0.1/$wsport" || return 1
	printf 'POST /wsman HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Basic %s\r\nContent-Type: application/soap+xml;charset=UTF-8\r\nContent-Length: %d\r\n\r\n%s' \
		"$auth" "${#wsbody}" "${wsbody:0:$wshalf}" >&4
}

# late WHAT PORT [--wsman]: a new client after SIGTERM is not served.
late() {
	if timeout 5 "$load" ${3:-} geterror "$2" 1 1 >"$tmp/late" 2>&1; then
		bad "a new$1 connection after SIGTERM was served: $(cat "$tmp/late")"
	else
		ok "no new$1 connection served after SIGTERM"
	fi
}
# answer FD REST OUT WHAT REGEX: send the rest of the body on FD; its answer
# (into $tmp/OUT) is a 200 with GetError's return value 0 (REGEX) and
# Connection: close.
answer() {
	printf '%s' "$2" >&"$1"
	timeout 10 cat <&"$1" >"$tmp/$3"
	eval "exec $1<&- $1>&-"
	grep -q '^HTTP/1.1 200' "$tmp/$3" && ok "the$4 request in flight got its answer (200)" || {
		bad "in-flight$4 request: no 200"
		head -5 "$tmp/$3"
	}
	grep -q "$5" "$tmp/$3" && ok "... GetError returns 0 on the running job" || bad "... not 0"
	grep -qi '^Connection: close' "$tmp/$3" && ok "... with Connection: close" || bad "... no Connection: close"
}

# ---- drain: the requests in flight are answered, then exit 0 --------------
start --drain-timeout 20
begin
wsbegin
sleep 0.5
kill -TERM "$pid"
sleep 0.5
alive "while a request is in flight after SIGTERM"
late "" "$port"
late " WS-Man" "$wsport" --wsman
answer 4 "${wsbody:$wshalf}" wsout " WS-Man" '<p:ReturnValue>0</p:ReturnValue>'
answer 3 "${body:$half}" out "" '<RETURNVALUE PARAMTYPE="uint32"><VALUE>0</VALUE></RETURNVALUE>'
wait "$pid"
st=$?
pid=
[ $st -eq 0 ] && ok "exit 0 once drained" || bad "exit $st after the drain"

# signals DRAIN SIG...: a server with --drain-timeout DRAIN and a request
# half-sent gets each signal (0.3 s apart); its exit status into $st.
signals() {
	start --drain-timeout "$1"
	shift
	begin
	wsbegin
	sleep 0.2
	for sig in "$@"; do
		sleep 0.3
		kill -"$sig" "$pid"
	done
	wait "$pid"
	st=$?
	pid=
	exec 3<&- 3>&- 4<&- 4>&-
}

# ---- a second signal: at once, status 1 -----------------------------------
signals 60 TERM INT
[ $st -eq 1 ] && ok "a second signal exits at once, status 1" || bad "second signal: exit $st"
grep -q 'second signal' "$tmp/serve.log" && ok "... and says so" || bad "... no message"

# ---- the drain deadline: the stuck requests (one per server) are cut, exit 0
signals 1 TERM
[ $st -eq 0 ] && ok "drain deadline passed: exit 0" || bad "drain deadline: exit $st"
grep -q '2 request(s) still in flight after 1s: cut' "$tmp/serve.log" && ok "... the cut requests of both servers are counted" ||
	{ bad "... no line about the cut request"; cat "$tmp/serve.log"; }
finish
