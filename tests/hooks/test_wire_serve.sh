#!/bin/bash
# srh serve --self-check (both protocols) answers real clients' requests
# for every demo job and operation with no wire finding: CIM-XML by curl
# (EnumerateInstances, EnumerateInstanceNames, GetInstance and GetError of
# each job, RequestStateChange), each answer also validated by xmllint
# against DMTF's DTD (DSP0203 2.4.0), an independent reader; WS-Management
# by Debian's wsl (Identify, Enumerate, Get and Invoke GetError of each
# job); then `srh run --target` over both protocols. The farewell line
# counts 0 findings. The check can fail: with --omit-null-params the
# self-check warns about the declared deviation (SHOULD-wire null-omitted),
# and never fails it.
#
# usage: test_wire_serve.sh SRH WSL XMLLINT CURL DTD
set -u
srh=$1 wsl=$2 xmllint=$3 curl=$4 dtd=$5
tmp=$(mktemp -d "${TMPDIR:-/tmp}/srh-wserve.XXXXXX") || exit 2
pid=
cleanup() {
	if [ -n "$pid" ]; then
		kill "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
	fi
	rm -rf "$tmp"
}
trap cleanup EXIT

. "$(dirname "$0")/../lib/check.sh"

start() {
	rm -f "$tmp/port" "$tmp/wport"
	"$srh" serve --listen 127.0.0.1:0 --port-file "$tmp/port" --wsman --wsman-port 0 \
		--wsman-port-file "$tmp/wport" --self-check "$@" >"$tmp/serve.out" 2>"$tmp/serve.err" &
	pid=$!
	for _ in $(seq 200); do
		[ -s "$tmp/wport" ] && [ -s "$tmp/port" ] && break
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.05
	done
	if [ ! -s "$tmp/wport" ]; then
		echo "FAIL server did not start:"; cat "$tmp/serve.out" "$tmp/serve.err"; exit 1
	fi
	port=$(cat "$tmp/port") wport=$(cat "$tmp/wport")
}
stop() {
	kill "$pid"
	wait "$pid"
	st=$?
	pid=
	[ "$st" -eq 0 ] && ok "server stops cleanly" || bad "server exit $st"
}

NSP='<LOCALNAMESPACEPATH><NAMESPACE NAME="root"/><NAMESPACE NAME="Microsoft"/><NAMESPACE NAME="Windows"/><NAMESPACE NAME="StorageReplica"/></LOCALNAMESPACEPATH>'
iname() { echo "<INSTANCENAME CLASSNAME=\"SRSIM_ReplicaJob\"><KEYBINDING NAME=\"InstanceID\"><KEYVALUE VALUETYPE=\"string\">SRSIM:$1</KEYVALUE></KEYBINDING></INSTANCENAME>"; }
# cx METHOD KIND BODY: POST a CIM-XML request (KIND imethod or method) as
# alice; the answer must be valid against DSP0203 2.4.0 (xmllint).
n=0
cx() {
	local m=$1 kind=$2 inner=$3 req
	if [ "$kind" = imethod ]; then
		req="<IMETHODCALL NAME=\"$m\">$NSP$inner</IMETHODCALL>"
	else
		req="<METHODCALL NAME=\"$m\"><LOCALINSTANCEPATH>$NSP$inner</LOCALINSTANCEPATH>${4:-}</METHODCALL>"
	fi
	n=$((n + 1))
	NO_PROXY='*' timeout 30 "$curl" -s -u alice:alice -o "$tmp/a$n.xml" \
		-H 'Content-Type: application/xml; charset="utf-8"' -H 'CIMOperation: MethodCall' \
		-H "CIMMethod: $m" -H "CIMObject: root/Microsoft/Windows/StorageReplica" \
		--data-binary "<?xml version=\"1.0\" encoding=\"utf-8\"?><CIM CIMVERSION=\"2.0\" DTDVERSION=\"2.0\"><MESSAGE ID=\"$n\" PROTOCOLVERSION=\"1.0\"><SIMPLEREQ>$req</SIMPLEREQ></MESSAGE></CIM>" \
		"http://127.0.0.1:$port/cimom"
	if "$xmllint" --noout --dtdvalid "$dtd" "$tmp/a$n.xml" 2>"$tmp/lint"; then
		ok "CIM-XML $m ${5:-}: valid against DSP0203 2.4.0 (xmllint)"
	else
		bad "CIM-XML $m ${5:-}: xmllint"; head -5 "$tmp/lint"
	fi
}

. "$(dirname "$0")/../lib/wsl.sh" # w USER ARGS: output in $tmp/out, status in $wrc
mkdir -p "$tmp/wsl"
URI=http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2
epr() {
	printf '<wsa:EndpointReference>\n<wsa:ReferenceParameters>\n<wsman:ResourceURI>%s/SRSIM_ReplicaJob</wsman:ResourceURI>\n<wsman:SelectorSet>\n<wsman:Selector Name="InstanceID">SRSIM:%s</wsman:Selector>\n<wsman:Selector Name="__cimnamespace">root/Microsoft/Windows/StorageReplica</wsman:Selector>\n</wsman:SelectorSet>\n</wsa:ReferenceParameters>\n</wsa:EndpointReference>\n' \
		"$URI" "$1" >"$tmp/wsl/epr$1.xml"
}

start
cx EnumerateInstances imethod '<IPARAMVALUE NAME="ClassName"><CLASSNAME NAME="CIM_ConcreteJob"/></IPARAMVALUE>'
cx EnumerateInstanceNames imethod '<IPARAMVALUE NAME="ClassName"><CLASSNAME NAME="CIM_ConcreteJob"/></IPARAMVALUE>'
for j in 1 2 3 4 5 6 7; do
	cx GetInstance imethod "<IPARAMVALUE NAME=\"InstanceName\">$(iname $j)</IPARAMVALUE>" "" "job $j"
	cx GetError method "$(iname $j)" "" "job $j"
done
cx RequestStateChange method "$(iname 6)" '<PARAMVALUE NAME="RequestedState" PARAMTYPE="uint16"><VALUE>4</VALUE></PARAMVALUE>' "job 6"
cx GetError method "$(iname 6)" "" "job 6 terminated"

NS=root/Microsoft/Windows/StorageReplica
w alice identify check
[ $wrc -eq 0 ] && ok "wsl identify" || bad "wsl identify: exit $wrc"
w alice enum CIM_ConcreteJob
[ $wrc -eq 0 ] && ok "wsl enum (Enumerate, Pull)" || bad "wsl enum: exit $wrc"
w alice enum CIM_ConcreteJob -opti 3 -mode objepr -ns $NS
[ $wrc -eq 0 ] && ok "wsl enum optimized, objects and EPRs" || bad "wsl enum -opti: exit $wrc"
for j in 1 2 3 4 5 6 7; do
	w alice get CIM_ConcreteJob __cimnamespace=$NS InstanceID=SRSIM:$j
	[ $wrc -eq 0 ] && ok "wsl get job $j" || bad "wsl get job $j: exit $wrc"
	epr $j
	w alice invoke SRSIM_ReplicaJob GetError -inst "$tmp/wsl/epr$j.xml"
	[ $wrc -eq 0 ] && ok "wsl invoke GetError job $j" || bad "wsl invoke GetError job $j: exit $wrc"
done

stop
clean() {
	expect_not "$1: self-check finds nothing" 'self-check' "$tmp/serve.err"
	expect "$1: farewell says self-check findings 0" 'stopped;.*; self-check findings 0$' "$tmp/serve.out"
}
clean "curl and wsl"

# Answers judged on several server threads at once: 4 clients, each 25
# GetErrors of the failed job (an embedded Error: the DTD and the
# embedded INSTANCE validated concurrently), every answer clean.
start --threads 4
req="<?xml version=\"1.0\" encoding=\"utf-8\"?><CIM CIMVERSION=\"2.0\" DTDVERSION=\"2.0\"><MESSAGE ID=\"1\" PROTOCOLVERSION=\"1.0\"><SIMPLEREQ><METHODCALL NAME=\"GetError\"><LOCALINSTANCEPATH>$NSP$(iname 2)</LOCALINSTANCEPATH></METHODCALL></SIMPLEREQ></MESSAGE></CIM>"
for c in 1 2 3 4; do
	for _ in $(seq 25); do
		NO_PROXY='*' timeout 30 "$curl" -s -u alice:alice -o /dev/null -w '%{http_code}\n' \
			-H 'Content-Type: application/xml; charset="utf-8"' -H 'CIMOperation: MethodCall' \
			-H 'CIMMethod: GetError' --data-binary "$req" "http://127.0.0.1:$port/cimom"
	done >"$tmp/par$c" &
done
wait $(jobs -p | grep -v "^$pid$") 2>/dev/null
[ "$(cat "$tmp"/par? | grep -c '^200$')" -eq 100 ] && ok "100 concurrent GetErrors answered 200" ||
	bad "concurrent GetErrors: $(cat "$tmp"/par? | sort | uniq -c | tr '\n' ' ')"
stop
clean "4 concurrent clients"

# srh run --target, each protocol on a fresh server (the run changes jobs).
# One read of a running job (--watch 1): this server does not tick, so the
# default 30 reads would wait 3 s for a PercentComplete that never moves.
for proto in cimxml wsman; do
	start
	url="http://127.0.0.1:$port/root/Microsoft/Windows/StorageReplica"
	[ $proto = wsman ] && url="wsman+http://127.0.0.1:$wport/wsman"
	timeout 120 "$srh" run --target "$url" --user alice:alice --other-user bob:bob \
		--watch 1 --no-db --quiet >"$tmp/target" 2>&1
	trc=$?
	[ $trc -eq 0 ] && ok "srh run --target $url: exit 0" || { bad "target $url: exit $trc"; head -30 "$tmp/target"; }
	expect_not "srh run --target $proto: no wire rule reported" '^  (FAIL )?(MUST|SHOULD)-wire' "$tmp/target"
	stop
	clean "srh run --target $proto"
done

# The control: the declared deviation is seen, as a warning.
start --omit-null-params
cx GetError method "$(iname 5)" "" "job 5 (--omit-null-params)"
stop
expect "--omit-null-params: a self-check warning" \
	'self-check CIM-XML: warning SHOULD-wire null-omitted at GetError' "$tmp/serve.err"
expect_not "--omit-null-params: never a failure" 'self-check .*: FAIL' "$tmp/serve.err"
expect "farewell counts it" 'self-check findings 1$' "$tmp/serve.out"

echo "$fails failure(s)"
[ "$fails" -eq 0 ]
