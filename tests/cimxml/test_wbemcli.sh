#!/bin/bash
# Debian's sblim-wbemcli against `srh serve` (demo jobs, owner alice), then
# malformed and oversized requests over raw TCP (bash /dev/tcp), then
# `srh run --target` against the same server.
#
# What wbemcli must print comes from shared/spec/contract.md (path table:
# JobState and OperationalStatus per path; GetError rc and Error presence;
# rc 6 for a stranger with no Error) and cim-valuemaps.md (ValueMaps).
#
# The server runs with --omit-null-params: sblim-wbemcli 1.6.3 dereferences
# NULL on the DSP0201 form of a NULL output parameter (a PARAMVALUE with no
# VALUE) and crashes; the test at the end shows that form on the wire.
#
# usage: test_wbemcli.sh SRH_SERVE SRH_TARGET WBEMCLI
set -u
serve=$1 target=$2 wbemcli=$3
. "$(dirname "$0")/../lib/serve.sh"
serve_tmp wbemcli
. "$(dirname "$0")/../lib/check.sh" # ok, bad, expect, expect_not

# Start a server (extra args; tests/lib/serve.sh), wait for its port file.
start() {
	serve_start "$tmp" "$serve" "$@" || { echo "FAIL server did not start"; exit 1; }
	port=$SERVE_PORT
	NS="127.0.0.1:$port/root/Microsoft/Windows/StorageReplica"
}
# SIGTERM is a clean stop: exit 0 (a sanitizer finding or a crash is not)
stop() {
	serve_stop
	[ "$SERVE_STATUS" -eq 0 ] && ok "server stops cleanly on SIGTERM" ||
		{ bad "server exit $SERVE_STATUS"; cat "$tmp/serve.log"; }
}

# wb USER:PASS OP PATH [ARG]: wbemcli with $opts before the URL and ARG
# (the method of cm) after it; output in $tmp/out, exit status in $wrc.
opts=
wb() {
	local cred=$1 op=$2 path=$3
	shift 3
	# shellcheck disable=SC2086
	timeout 30 "$wbemcli" "$op" $opts "http://$cred@$NS:$path" "$@" >"$tmp/out" 2>&1
	wrc=$?
}
job() { echo "SRSIM_ReplicaJob.InstanceID=\"SRSIM:$1\""; }

start --omit-null-params
echo "server on port $port"

# ---- enumerate ------------------------------------------------------------
wb alice:alice ein CIM_ConcreteJob
[ $wrc -eq 0 ] && [ "$(grep -c 'SRSIM_ReplicaJob.InstanceID="SRSIM:[0-9]"' "$tmp/out")" -eq 7 ] &&
	ok "ein lists the 7 demo jobs" || { bad "ein"; cat "$tmp/out"; }

opts=-nl wb alice:alice ei CIM_ConcreteJob
# one block per job: "path" then "-Prop=value" lines
awk '/InstanceID=/ && !/^-/ { id=$0; sub(/.*SRSIM:/, "", id); sub(/".*/, "", id) }
     /^-JobState=/ { print id, $0 } /^-OperationalStatus=/ { print id, $0 }' "$tmp/out" >"$tmp/states"
expect "completed job: JobState 7 Completed" '^1 -JobState=7$' "$tmp/states"
expect "completed job: OperationalStatus {2 OK, 17 Completed}" '^1 -OperationalStatus=2,17$' "$tmp/states"
expect "failed job: JobState 10 Exception" '^2 -JobState=10$' "$tmp/states"
expect "failed job: OperationalStatus {6 Error, 17 Completed}" '^2 -OperationalStatus=6,17$' "$tmp/states"
expect "terminated job: JobState 8 Terminated" '^3 -JobState=8$' "$tmp/states"
expect "terminated job: no OK in OperationalStatus" '^3 -OperationalStatus=10$' "$tmp/states"
expect "killed job: JobState 9 Killed" '^4 -JobState=9$' "$tmp/states"
expect "killed job: no OK in OperationalStatus" '^4 -OperationalStatus=14$' "$tmp/states"
expect "running job: JobState 4 Running" '^5 -JobState=4$' "$tmp/states"
expect "running job: OperationalStatus {2 OK}" '^5 -OperationalStatus=2$' "$tmp/states"

# ---- get instance ---------------------------------------------------------
wb alice:alice gi "$(job 2)"
expect "gi failed job" 'InstanceID="SRSIM:2".*JobState=10,OperationalStatus=6,17.*Owner="alice"' "$tmp/out"

# ---- GetError on each path -----------------------------------------------
for j in 1 5; do
	wb alice:alice cm "$(job "$j")" GetError
	expect "GetError job $j (not ended in error): rc 0" 'GetError: 0' "$tmp/out"
	expect_not "GetError job $j: Error NULL" ', Error' "$tmp/out"
done
# MessageID non-empty (the one Required property), ValueMap values as the
# reference profile gives them (contract.md), CIMStatusCode 1.
prop() { echo "<PROPERTY NAME=\\\\\"$1\\\\\" TYPE=\\\\\"$2\\\\\"><VALUE>$3</VALUE>"; }
for j in 2 3 4; do
	wb alice:alice cm "$(job "$j")" GetError
	expect "GetError job $j: rc 0 and an embedded CIM_Error" 'GetError: 0, Error \(string\): <INSTANCE CLASSNAME=\\"CIM_Error\\">' "$tmp/out"
	expect "GetError job $j: MessageID SR<4 digits>" "$(prop MessageID string 'SR[0-9]{4}')" "$tmp/out"
	expect "GetError job $j: CIMStatusCode 1 CIM_ERR_FAILED" "$(prop CIMStatusCode uint32 1)" "$tmp/out"
	expect "GetError job $j: ErrorSourceFormat 2 CIMObjectPath" "$(prop ErrorSourceFormat uint16 2)" "$tmp/out"
	cp "$tmp/out" "$tmp/ge$j"
done
expect "failed job: ErrorType 5 Hardware Error" "$(prop ErrorType uint16 5)" "$tmp/ge2"
expect "failed job: ProbableCause 24 I/O Device Error" "$(prop ProbableCause uint16 24)" "$tmp/ge2"
expect "terminated job: OtherErrorType says the client ended it" "$(prop OtherErrorType string 'Terminated by client')" "$tmp/ge3"
expect "killed job: OtherErrorType says the client killed it" "$(prop OtherErrorType string 'Killed by client')" "$tmp/ge4"
wb alice:alice cm "$(job 2)" GetError
cmp -s "$tmp/out" "$tmp/ge2" && ok "failed job: the Error is the same on a second call" ||
	bad "failed job: Error changed between two calls"

# ---- another user ------------------------------------------------------------
wb bob:bob cm "$(job 2)" GetError
expect "bob: GetError on alice's job is 6 Access Denied" 'GetError: 6' "$tmp/out"
expect_not "bob: no Error with 6" ', Error' "$tmp/out"
wb bob:bob gi "$(job 2)"
expect "bob: gi is CIM_ERR_ACCESS_DENIED" 'CIM_ERR_ACCESS_DENIED' "$tmp/out"
wb bob:bob ei CIM_ConcreteJob
[ $wrc -eq 0 ] && [ ! -s "$tmp/out" ] && ok "bob: ei shows no job of alice" || { bad "bob ei"; cat "$tmp/out"; }
wb admin:admin cm "$(job 2)" GetError
expect "admin: GetError on alice's failed job is 0 with the Error" 'GetError: 0, Error' "$tmp/out"
wb bob:wrong ein CIM_ConcreteJob
expect "a wrong password is refused" 'Invalid username/password' "$tmp/out"

# ---- unknown things ------------------------------------------------------------
wb alice:alice cm "$(job 1)" KillJob
expect "unknown method: CIM_ERR_METHOD_NOT_FOUND" 'CIM_ERR_METHOD_NOT_FOUND' "$tmp/out"
wb alice:alice di "$(job 1)"
expect "unknown operation: CIM_ERR_NOT_SUPPORTED" 'CIM_ERR_NOT_SUPPORTED' "$tmp/out"
wb alice:alice ei CIM_NoSuchClass
expect "unknown class: CIM_ERR_INVALID_CLASS" 'CIM_ERR_INVALID_CLASS' "$tmp/out"

# ---- raw HTTP: malformed and oversized --------------------------------------------
# raw NAME: send $tmp/req, read the whole answer (the request says close)
raw() {
	if exec 3<>"/dev/tcp/127.0.0.1/$port"; then
		cat "$tmp/req" >&3 2>/dev/null
		timeout 10 cat <&3 >"$tmp/out" 2>/dev/null
		exec 3<&- 3>&-
	else
		: >"$tmp/out"
	fi
}
auth=$(printf 'alice:alice' | base64)
hdr() { printf 'POST /cimom HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Basic %s\r\nContent-Type: application/xml; charset="utf-8"\r\nCIMOperation: MethodCall\r\nCIMMethod: GetError\r\nConnection: close\r\n%s\r\n' "$auth" "$1"; }

body='<?xml version="1.0"?><CIM CIMVERSION="2.0"><MESSAGE ID="1"><SIMPLEREQ><METHODCALL NAME="GetError"'
{ hdr "Content-Length: ${#body}"$'\r\n'; printf '%s' "$body"; } >"$tmp/req"
raw
expect "malformed XML: HTTP 400" '^HTTP/1.1 400' "$tmp/out"
expect "malformed XML: CIMError request-not-well-formed" '^CIMError: request-not-well-formed' "$tmp/out"
expect "malformed XML: a CIM-XML ERROR body" '<ERROR CODE="1"' "$tmp/out"

body='<?xml version="1.0"?><!DOCTYPE CIM [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;">]><CIM>&b;</CIM>'
{ hdr "Content-Length: ${#body}"$'\r\n'; printf '%s' "$body"; } >"$tmp/req"
raw
expect "entity declarations: HTTP 400" '^HTTP/1.1 400' "$tmp/out"

{ hdr "Content-Length: 2000000"$'\r\n'; printf '<CIM>'; } >"$tmp/req"
raw
expect "oversized (Content-Length): HTTP 413" '^HTTP/1.1 413' "$tmp/out"

# chunked, no Content-Length: the cap is found mid-body and the
# connection is dropped
{ hdr "Transfer-Encoding: chunked"$'\r\n'; printf '10C8E0\r\n'; head -c 1100000 /dev/zero | tr '\0' a;
  printf '\r\n0\r\n\r\n'; } >"$tmp/req"
raw
expect_not "oversized (chunked): no 200" '^HTTP/1.1 200' "$tmp/out"

kill -0 "$SERVE_PID" 2>/dev/null && ok "the server is still running" || bad "the server died"
wb alice:alice ein CIM_ConcreteJob
[ $wrc -eq 0 ] && [ "$(grep -c 'SRSIM:' "$tmp/out")" -eq 7 ] && ok "the server keeps serving" ||
	bad "the server stopped serving"

# ---- target mode against the server ----------------------------------------------
# One read of a running job (--watch 1): the server does not tick, so more
# reads would only wait for a PercentComplete that never moves.
timeout 120 "$target" --target "http://127.0.0.1:$port/root/Microsoft/Windows/StorageReplica" \
	--user alice:alice --other-user bob:bob --watch 1 --db "$tmp/results.db" >"$tmp/target" 2>&1
trc=$?
[ $trc -eq 0 ] && ok "target mode: exit 0" || bad "target mode exit $trc"
expect "target mode: every MUST check passes" '^result: PASS' "$tmp/target"
# The server runs with --omit-null-params: the one finding allowed is that
# declared deviation, a SHOULD (the wire rules), never a MUST.
expect "target mode: no MUST violation" '^violations: [0-9]+ \(0 MUST\)' "$tmp/target"
expect "target mode: the left-out NULL Error is reported" '^  SHOULD-wire null-omitted ' "$tmp/target"
grep -E '^  (MUST|SHOULD)-[^ ]* ' "$tmp/target" | grep -v '^  SHOULD-wire null-omitted ' >"$tmp/other"
expect_not "target mode: nothing but the declared deviation" . "$tmp/other"

for c in 'GetError on a running job' 'GetError on a failed job' 'access denied' \
	'invalid parameter' 'suspend and resume' 'terminate by a client' 'kill by a client' \
	'RequestStateChange that makes no sense'; do
	expect "target mode covered: $c" "^  covered +$c" "$tmp/target"
done
expect "target mode: injected faults are NOT COVERED, not passed" '^  NOT COVERED +injected engine faults' "$tmp/target"
stop

# ---- the DSP0201 NULL Error on the wire (default mode) -------------------------------
start
body="<?xml version=\"1.0\" encoding=\"utf-8\" ?><CIM CIMVERSION=\"2.0\" DTDVERSION=\"2.0\"><MESSAGE ID=\"9\" PROTOCOLVERSION=\"1.0\"><SIMPLEREQ><METHODCALL NAME=\"GetError\"><LOCALINSTANCEPATH><LOCALNAMESPACEPATH><NAMESPACE NAME=\"root\"/><NAMESPACE NAME=\"Microsoft\"/><NAMESPACE NAME=\"Windows\"/><NAMESPACE NAME=\"StorageReplica\"/></LOCALNAMESPACEPATH><INSTANCENAME CLASSNAME=\"SRSIM_ReplicaJob\"><KEYBINDING NAME=\"InstanceID\"><KEYVALUE VALUETYPE=\"string\">SRSIM:5</KEYVALUE></KEYBINDING></INSTANCENAME></LOCALINSTANCEPATH></METHODCALL></SIMPLEREQ></MESSAGE></CIM>"
{ hdr "Content-Length: ${#body}"$'\r\n'; printf '%s' "$body"; } >"$tmp/req"
raw
expect "default mode: running job's NULL Error is an empty PARAMVALUE" '<PARAMVALUE NAME="Error" PARAMTYPE="string" EmbeddedObject="instance"/>' "$tmp/out"
expect "default mode: RETURNVALUE uint32 0" '<RETURNVALUE PARAMTYPE="uint32"><VALUE>0</VALUE></RETURNVALUE>' "$tmp/out"
stop

# ---- a scenario file instead of the demo ----------------------------------------------
# serve_log_full.yaml: owner carol (added as user carol:carol), log full at
# 30%; ten virtual minutes later the job has failed (contract.md: 10
# Exception, Error present; reference profile: ProbableCause 50 Storage
# Capacity Problem, ErrorType 9 Unavailable Resource Error).
start --scenario "$(dirname "$0")/serve_log_full.yaml" --warp 10m --omit-null-params
wb carol:carol cm "$(job 1)" GetError
expect "scenario: failed job's GetError is 0 with an Error" 'GetError: 0, Error \(string\)' "$tmp/out"
expect "scenario: ProbableCause 50 Storage Capacity Problem" "$(prop ProbableCause uint16 50)" "$tmp/out"
expect "scenario: ErrorType 9 Unavailable Resource Error" "$(prop ErrorType uint16 9)" "$tmp/out"
wb alice:alice cm "$(job 1)" GetError
expect "scenario: alice is a stranger to carol's job (6)" 'GetError: 6' "$tmp/out"
timeout 120 "$target" --target "http://127.0.0.1:$port/root/Microsoft/Windows/StorageReplica" \
	--user carol:carol --other-user alice:alice --db "$tmp/results.db" >"$tmp/target" 2>&1
trc=$?
[ $trc -eq 0 ] && ok "scenario: target mode exit 0" || bad "scenario: target mode exit $trc"
expect "scenario: target saw the failed job" '^  covered +GetError on a failed job' "$tmp/target"
expect "scenario: no running job to drive is NOT COVERED" '^  NOT COVERED +terminate by a client: no running job' "$tmp/target"
stop

echo "$fails failure(s)"
[ "$fails" -eq 0 ]
