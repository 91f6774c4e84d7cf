#!/bin/bash
# Real WS-Management clients against `srh serve --wsman` (demo jobs, owner
# alice): Debian's wsl (identify, enumerate, get, invoke GetError) and
# pywinrm (a raw Invoke of GetError through winrm.protocol.Protocol), then
# the faults a client expects, over curl, then `srh run --target
# wsman+http://...` against the same server (the loopback self-test).
#
# What must come back is the contract's (shared/spec/contract.md path
# table: GetError rc 0 with an Error for the job that failed, rc 0 and no
# Error for the completed and running ones, 6 for another principal; rc 5
# for a reference that names no job) and the valuemaps' (CIM_Error
# CIMStatusCode 1, ErrorSourceFormat 2, MessageID SR<4 digits>); the fault
# names are DSP0226's. The demo jobs: SRSIM:1 completed, SRSIM:2 failed,
# SRSIM:5..7 running.
#
# usage: test_wsman_clients.sh SRH WSL PYTHON3
set -u
srh=$1 wsl=$2 py=$3
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib/serve.sh"
serve_tmp wsman
. "$(dirname "$0")/../lib/check.sh"

serve_start "$tmp" "$srh" serve --wsman --wsman-port 0 --wsman-port-file "$tmp/wport" ||
	{ echo "FAIL server did not start"; exit 1; }
wport=$(cat "$tmp/wport") port=$SERVE_PORT
url="http://127.0.0.1:$wport/wsman"
echo "WS-Management on $url, CIM-XML on $port"
[ "$wport" != "$port" ] && ok "CIM-XML keeps its own port" || bad "one port for both"
expect "the banner names the WS-Management URL" "WS-Management: $url" "$tmp/serve.log"

NS=root/Microsoft/Windows/StorageReplica
URI=http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2
. "$(dirname "$0")/../lib/wsl.sh" # w USER ARGS: output in $tmp/out, status in $wrc
mkdir -p "$tmp/wsl"

# ---- wsl identify / enumerate / get --------------------------------------------
w alice identify check
[ $wrc -eq 0 ] && ok "wsl identify: exit 0" || bad "wsl identify: exit $wrc"
expect "wsl identify: IdentifyResponse with the WS-Man protocol version" \
	'<wsmid:ProtocolVersion>http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd' "$tmp/out"

w alice enum CIM_ConcreteJob
[ $wrc -eq 0 ] && ok "wsl enum: exit 0" || bad "wsl enum: exit $wrc"
cat "$tmp"/wsl/response-*.xml >"$tmp/all" 2>/dev/null
n=$(grep -c '<p:InstanceID>SRSIM:[0-9]</p:InstanceID>' "$tmp/all")
[ "$n" -eq 7 ] && ok "wsl enum (Enumerate + Pull one at a time): the 7 demo jobs" ||
	{ bad "wsl enum: $n jobs"; tail -40 "$tmp/all"; }
rm -f "$tmp"/wsl/response-*.xml "$tmp"/wsl/request-*.xml

w alice enum CIM_ConcreteJob -opti 3 -mode objepr -ns $NS
cat "$tmp"/wsl/response-*.xml >"$tmp/all" 2>/dev/null
[ "$(grep -c '<p:InstanceID>SRSIM:[0-9]</p:InstanceID>' "$tmp/all")" -eq 7 ] &&
	[ "$(grep -c '<wsman:Selector Name="InstanceID">SRSIM:[0-9]</wsman:Selector>' "$tmp/all")" -eq 7 ] &&
	ok "wsl enum -opti 3 -mode objepr: 7 items, each object and EPR" ||
	{ bad "wsl enum optimized objepr"; tail -40 "$tmp/all"; }
expect "optimized: the first 3 items in the EnumerateResponse" '<wsman:Items>' "$tmp"/wsl/response-1.xml
rm -f "$tmp"/wsl/response-*.xml "$tmp"/wsl/request-*.xml

w bob enum CIM_ConcreteJob -opti 10
expect_not "bob enumerates none of alice's jobs" 'SRSIM:[0-9]<' "$tmp/out"

# wsl get's exit status says whether the last selector's name came back
# as a property: InstanceID goes last.
w alice get CIM_ConcreteJob __cimnamespace=$NS InstanceID=SRSIM:2
[ $wrc -eq 0 ] && ok "wsl get (DMTF CIM_ConcreteJob URI): exit 0" || bad "wsl get: exit $wrc"
tr -d ' \n' <"$tmp/out" >"$tmp/flat"
expect "get failed job: JobState 10 (Exception)" '<p:JobState>10</p:JobState>' "$tmp/flat"
expect "get failed job: OperationalStatus 6 and 17" \
	'<p:OperationalStatus>6</p:OperationalStatus><p:OperationalStatus>17</p:OperationalStatus>' "$tmp/flat"
expect "get failed job: Owner alice" '<p:Owner>alice</p:Owner>' "$tmp/flat"
w alice get $URI/SRSIM_ReplicaJob InstanceID=SRSIM:1
expect "wsl get (subclass URI): JobState 7 (Completed)" '<p:JobState>7</p:JobState>' "$tmp/out"

w alice get CIM_ConcreteJob InstanceID=SRSIM:no-such-job
[ $wrc -ne 0 ] && ok "wsl get of an unknown InstanceID fails" || bad "wsl get unknown: exit 0"
expect "unknown InstanceID: wsa:DestinationUnreachable" 'wsa:DestinationUnreachable' "$tmp/out"
w bob get CIM_ConcreteJob InstanceID=SRSIM:2
expect "bob's Get of alice's job: wsman:AccessDenied" 'wsman:AccessDenied' "$tmp/out"
w alice get CIM_ConcreteJob Name=x
expect "a selector other than InstanceID: wsman:InvalidSelectors" 'wsman:InvalidSelectors' "$tmp/out"

# ---- wsl invoke GetError (on the EPR of one job) -------------------------------
epr() {
	printf '<wsa:EndpointReference>\n<wsa:ReferenceParameters>\n<wsman:ResourceURI>%s/SRSIM_ReplicaJob</wsman:ResourceURI>\n<wsman:SelectorSet>\n<wsman:Selector Name="InstanceID">SRSIM:%s</wsman:Selector>\n<wsman:Selector Name="__cimnamespace">%s</wsman:Selector>\n</wsman:SelectorSet>\n</wsa:ReferenceParameters>\n</wsa:EndpointReference>\n' \
		"$URI" "$1" "$NS" >"$tmp/wsl/epr$1.xml"
}
for j in 1 2 5; do epr $j; done
w alice invoke SRSIM_ReplicaJob GetError -inst "$tmp/wsl/epr2.xml"
[ $wrc -eq 0 ] && ok "wsl invoke GetError: exit 0" || bad "wsl invoke: exit $wrc"
tr -d ' \n' <"$tmp/out" >"$tmp/flat"
expect "GetError failed job: ReturnValue 0" '<p:ReturnValue>0</p:ReturnValue>' "$tmp/flat"
expect "GetError failed job: an embedded CIM_Error (DSP0230 xsi:type)" \
	'<p:Errorxmlns:e="http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_Error"xsi:type="e:CIM_Error_Type">' "$tmp/flat"
expect "GetError failed job: CIMStatusCode 1 (CIM_ERR_FAILED)" '<e:CIMStatusCode>1</e:CIMStatusCode>' "$tmp/flat"
expect "GetError failed job: ErrorSourceFormat 2 (CIMObjectPath)" '<e:ErrorSourceFormat>2</e:ErrorSourceFormat>' "$tmp/flat"
expect "GetError failed job: MessageID SR<4 digits>" '<e:MessageID>SR[0-9]{4}</e:MessageID>' "$tmp/flat"
for j in 1 5; do
	w alice invoke SRSIM_ReplicaJob GetError -inst "$tmp/wsl/epr$j.xml"
	tr -d ' \n' <"$tmp/out" >"$tmp/flat"
	expect "GetError job $j: ReturnValue 0" '<p:ReturnValue>0</p:ReturnValue>' "$tmp/flat"
	expect "GetError job $j: Error NULL (xsi:nil)" '<p:Errorxsi:nil="true"/>' "$tmp/flat"
done
w bob invoke SRSIM_ReplicaJob GetError -inst "$tmp/wsl/epr2.xml"
tr -d ' \n' <"$tmp/out" >"$tmp/flat"
expect "bob: GetError on alice's job is 6 (Access Denied)" '<p:ReturnValue>6</p:ReturnValue>' "$tmp/flat"
expect_not "bob: no Error instance" 'CIM_Error_Type' "$tmp/flat"

# ---- pywinrm: raw Invoke GetError ---------------------------------------------
pw() { NO_PROXY='*' timeout 60 "$py" "$here/winrm_invoke.py" "$url" "$@" >"$tmp/out" 2>&1; wrc=$?; }
pw alice alice GetError SRSIM:2
[ $wrc -eq 0 ] && ok "pywinrm: exit 0" || { bad "pywinrm: exit $wrc"; cat "$tmp/out"; }
expect "pywinrm GetError failed job: ReturnValue 0" '^ReturnValue 0$' "$tmp/out"
expect "pywinrm GetError failed job: Error is a CIM_Error" '^Error CIM_Error_Type$' "$tmp/out"
expect "pywinrm GetError failed job: CIMStatusCode 1" '^Error.CIMStatusCode 1$' "$tmp/out"
expect "pywinrm GetError failed job: PerceivedSeverity set" '^Error.PerceivedSeverity [0-9]+$' "$tmp/out"
for j in 1 5; do
	pw alice alice GetError SRSIM:$j
	expect "pywinrm GetError job $j: ReturnValue 0" '^ReturnValue 0$' "$tmp/out"
	expect "pywinrm GetError job $j: Error nil" '^Error nil$' "$tmp/out"
done
pw bob bob GetError SRSIM:2
expect "pywinrm bob: ReturnValue 6" '^ReturnValue 6$' "$tmp/out"
expect "pywinrm bob: Error nil" '^Error nil$' "$tmp/out"
pw alice alice GetError SRSIM:no-such-job
expect "pywinrm unknown InstanceID: ReturnValue 5 (Invalid Parameter)" '^ReturnValue 5$' "$tmp/out"
pw alice alice GetError SRSIM:2 CIM_NoSuchClass
expect "pywinrm unknown class: wsa:DestinationUnreachable" '^fault wsa:DestinationUnreachable$' "$tmp/out"
pw alice alice KillJob SRSIM:2
expect "pywinrm unknown method: wsa:ActionNotSupported" '^fault wsa:ActionNotSupported$' "$tmp/out"
pw alice wrong GetError SRSIM:2
[ $wrc -ne 0 ] && ok "pywinrm with a wrong password is refused" || bad "wrong password accepted"
expect "the wrong password gets HTTP 401" 'credentials rejected' "$tmp/out"

# ---- faults over curl ------------------------------------------------------------
# post USER BODYFILE: HTTP status in $code, response in $tmp/out
post() {
	local auth=()
	[ -n "$1" ] && auth=(-u "$1:$1")
	code=$(NO_PROXY='*' curl -s -o "$tmp/out" -w '%{http_code}' "${auth[@]}" \
		-H 'Content-Type: application/soap+xml;charset=UTF-8' --data-binary @"$2" "$url")
}
env_of() { # ACTION BODY [HEADER...]
	printf '<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" xmlns:wsa="http://schemas.xmlsoap.org/ws/2004/08/addressing" xmlns:wsman="http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd" xmlns:wsen="http://schemas.xmlsoap.org/ws/2004/09/enumeration"><s:Header><wsa:Action>%s</wsa:Action><wsa:MessageID>uuid:1</wsa:MessageID><wsman:ResourceURI>%s/CIM_ConcreteJob</wsman:ResourceURI>%s</s:Header><s:Body>%s</s:Body></s:Envelope>' \
		"$1" "$URI" "${3:-}" "$2"
}
env_of http://schemas.xmlsoap.org/ws/2004/09/enumeration/Pull \
	'<wsen:Pull><wsen:EnumerationContext>uuid:nope</wsen:EnumerationContext></wsen:Pull>' >"$tmp/req"
post "" "$tmp/req"
[ "$code" = 401 ] && ok "no credentials: HTTP 401" || bad "no credentials: HTTP $code"
post alice "$tmp/req"
expect "Pull of an unknown context: wsen:InvalidEnumerationContext" \
	'<s:Value>wsen:InvalidEnumerationContext</s:Value>' "$tmp/out"
expect "the fault relates to the request" '<wsa:RelatesTo>uuid:1</wsa:RelatesTo>' "$tmp/out"
env_of http://example.org/NoSuchAction '' >"$tmp/req"
post alice "$tmp/req"
expect "unknown action: wsa:ActionNotSupported" '<s:Value>wsa:ActionNotSupported</s:Value>' "$tmp/out"
[ "$code" = 400 ] && ok "a Sender fault travels with HTTP 400" || bad "Sender fault: HTTP $code"
printf '<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Header>' >"$tmp/req"
post alice "$tmp/req"
expect "malformed XML: wsa:InvalidMessageInformationHeader" \
	'<s:Value>wsa:InvalidMessageInformationHeader</s:Value>' "$tmp/out"
env_of http://schemas.xmlsoap.org/ws/2004/09/transfer/Get '' | sed 's|http://www.w3.org/2003/05/soap-envelope|http://schemas.xmlsoap.org/soap/envelope/|' >"$tmp/req"
post alice "$tmp/req"
expect "SOAP 1.1 envelope: s:VersionMismatch" '<s:Value>s:VersionMismatch</s:Value>' "$tmp/out"
{ env_of http://schemas.xmlsoap.org/ws/2004/09/transfer/Get '' '<wsman:SelectorSet><wsman:Selector Name="InstanceID">SRSIM:1</wsman:Selector></wsman:SelectorSet>' |
	sed 's|</s:Body>||; s|</s:Envelope>||'
	head -c 600000 /dev/zero | tr '\0' ' '
	printf '</s:Body></s:Envelope>'; } >"$tmp/req"
post alice "$tmp/req"
expect "an envelope over 512 KiB: wsman:EncodingLimit" '<s:Value>wsman:EncodingLimit</s:Value>' "$tmp/out"
printf '<!DOCTYPE x [<!ENTITY a "aaaa">]><s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"/>' >"$tmp/req"
post alice "$tmp/req"
expect "a DTD: refused as not an acceptable message" '<s:Value>wsa:InvalidMessageInformationHeader</s:Value>' "$tmp/out"
env_of http://schemas.xmlsoap.org/ws/2004/09/transfer/Get '' >"$tmp/req"
post alice "$tmp/req"
expect "Get without selectors: wsman:InvalidSelectors" '<s:Value>wsman:InvalidSelectors</s:Value>' "$tmp/out"

# Enumerate as alice, Pull as bob: the context is alice's; Release ends it.
env_of http://schemas.xmlsoap.org/ws/2004/09/enumeration/Enumerate '<wsen:Enumerate/>' >"$tmp/req"
post alice "$tmp/req"
ctx=$(sed -n 's|.*<wsen:EnumerationContext>\([^<]*\)</wsen:EnumerationContext>.*|\1|p' "$tmp/out")
[ -n "$ctx" ] && ok "Enumerate: a context" || bad "Enumerate: no context"
env_of http://schemas.xmlsoap.org/ws/2004/09/enumeration/Pull \
	"<wsen:Pull><wsen:EnumerationContext>$ctx</wsen:EnumerationContext><wsen:MaxElements>2</wsen:MaxElements></wsen:Pull>" >"$tmp/pull"
post bob "$tmp/pull"
expect "another principal's context: wsen:InvalidEnumerationContext" 'wsen:InvalidEnumerationContext' "$tmp/out"
post alice "$tmp/pull"
[ "$(grep -o '<p:InstanceID>' "$tmp/out" | wc -l)" -eq 2 ] && ok "Pull MaxElements 2: two jobs" ||
	{ bad "Pull MaxElements 2"; cat "$tmp/out"; }
env_of http://schemas.xmlsoap.org/ws/2004/09/enumeration/Release \
	"<wsen:Release><wsen:EnumerationContext>$ctx</wsen:EnumerationContext></wsen:Release>" >"$tmp/req"
post alice "$tmp/req"
expect "Release: ReleaseResponse" 'enumeration/ReleaseResponse' "$tmp/out"
post alice "$tmp/pull"
expect "Pull after Release: wsen:InvalidEnumerationContext" 'wsen:InvalidEnumerationContext' "$tmp/out"

# ---- srh run --target over WS-Management: the loopback self-test ------------
# One read of a running job (--watch 1): the server does not tick, so more
# reads would only wait for a PercentComplete that never moves.
timeout 240 "$srh" run --target "wsman+$url" --user alice:alice --other-user bob:bob --no-db \
	--watch 1 --quiet >"$tmp/target" 2>&1
trc=$?
[ $trc -eq 0 ] && ok "srh run --target wsman+$url: exit 0" || bad "srh run --target: exit $trc"
expect "the target run passes every MUST check" '^result: PASS' "$tmp/target"
expect "it covered GetError on a failed job" '^  covered +GetError on a failed job' "$tmp/target"
expect "it covered access denied" '^  covered +access denied' "$tmp/target"
# --auth any: libcurl answers the server's Basic challenge (WinRM would
# also offer NTLM/Negotiate); --auth ntlm alone is refused by a Basic-only
# server: exit 2 with the 401 named.
timeout 240 "$srh" run --target "wsman+$url" --user alice:alice --auth any --no-db \
	--watch 1 --quiet >"$tmp/target" 2>&1
[ $? -eq 0 ] && ok "--auth any against a Basic server: exit 0" || { bad "--auth any"; tail "$tmp/target"; }
timeout 60 "$srh" run --target "wsman+$url" --user alice:alice --auth ntlm --no-db \
	--quiet >"$tmp/target" 2>&1
trc=$?
[ $trc -eq 2 ] && ok "--auth ntlm against a Basic-only server: exit 2" || bad "--auth ntlm: exit $trc"
# (or, with a libcurl built without NTLM, the line that says so)
expect "it names the refusal" 'HTTP 401|cannot authenticate with NTLM' "$tmp/target"

serve_stop
[ "$SERVE_STATUS" -eq 0 ] && ok "server stops cleanly on SIGTERM" ||
	{ bad "server exit $SERVE_STATUS"; cat "$tmp/serve.log"; }
echo "$fails failure(s)"
[ "$fails" -eq 0 ]
