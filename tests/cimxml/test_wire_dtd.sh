#!/bin/bash
# srh serve's CIM-XML answers against DMTF's DTD, judged by xmllint (an
# independent validator, not our checker): EnumerateInstanceNames,
# EnumerateInstances, GetInstance and GetError/GetErrors on every demo job,
# each embedded CIM_Error INSTANCE validated on its own too. The DTD is
# shared/spec's copy when the tree has it (and the compiled-in copy must
# equal it), else cimxml/dtd's.
# usage: test_wire_dtd.sh SRH SOURCE_DIR
set -u
srh=$1 src=$2
. "$src/tests/lib/serve.sh"
dtd=$src/cimxml/dtd/DSP0203_2.4.0.dtd
shared=$src/../shared/spec/dtd/DSP0203_2.4.0.dtd
if [ -f "$shared" ]; then
	cmp -s "$shared" "$dtd" || { echo "FAIL cimxml/dtd differs from $shared"; exit 1; }
	dtd=$shared
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/srh-dtd.XXXXXX") || exit 2
trap 'serve_stop; rm -rf "$tmp"' EXIT
serve_start "$tmp" "$srh" serve --quiet || { echo "FAIL server did not start"; exit 1; }
url=http://127.0.0.1:$SERVE_PORT/cimom
ns='<LOCALNAMESPACEPATH><NAMESPACE NAME="root"/><NAMESPACE NAME="Microsoft"/><NAMESPACE NAME="Windows"/><NAMESPACE NAME="StorageReplica"/></LOCALNAMESPACEPATH>'
key() { echo "<INSTANCENAME CLASSNAME=\"SRSIM_ReplicaJob\"><KEYBINDING NAME=\"InstanceID\"><KEYVALUE VALUETYPE=\"string\" TYPE=\"string\">$1</KEYVALUE></KEYBINDING></INSTANCENAME>"; }
post() { # OUT CIMMETHOD CIMOBJECT BODY
	curl -sS -u alice:alice -o "$1" -H 'Content-Type: application/xml; charset=utf-8' \
		-H 'CIMOperation: MethodCall' -H "CIMMethod: $2" -H "CIMObject: $3" \
		--data-binary "<?xml version=\"1.0\" encoding=\"utf-8\"?><CIM CIMVERSION=\"2.0\" DTDVERSION=\"2.0\"><MESSAGE ID=\"1\" PROTOCOLVERSION=\"1.0\"><SIMPLEREQ>$4</SIMPLEREQ></MESSAGE></CIM>" "$url"
}
intrinsic() { # OUT METHOD PARAMS
	post "$1" "$2" root/Microsoft/Windows/StorageReplica "<IMETHODCALL NAME=\"$2\">$ns$3</IMETHODCALL>"
}
extrinsic() { # OUT METHOD IID
	post "$1" "$2" "root/Microsoft/Windows/StorageReplica:SRSIM_ReplicaJob.InstanceID=\"$3\"" \
		"<METHODCALL NAME=\"$2\"><LOCALINSTANCEPATH>$ns$(key "$3")</LOCALINSTANCEPATH></METHODCALL>"
}
cls='<IPARAMVALUE NAME="ClassName"><CLASSNAME NAME="CIM_ConcreteJob"/></IPARAMVALUE>'
intrinsic "$tmp/ein.xml" EnumerateInstanceNames "$cls" || exit 1
intrinsic "$tmp/ei.xml" EnumerateInstances "$cls" || exit 1
intrinsic "$tmp/gi.xml" GetInstance "<IPARAMVALUE NAME=\"InstanceName\">$(key SRSIM:2)</IPARAMVALUE>" || exit 1
for i in 1 2 3 4 5; do
	extrinsic "$tmp/ge$i.xml" GetError "SRSIM:$i" || exit 1
	extrinsic "$tmp/ges$i.xml" GetErrors "SRSIM:$i" || exit 1
done
fails=0 embedded=0
for f in "$tmp"/*.xml; do
	grep -q '<CIM ' "$f" || { echo "FAIL $(basename "$f"): not a CIM-XML answer"; fails=$((fails + 1)); continue; }
	xmllint --noout --dtdvalid "$dtd" "$f" 2>"$tmp/err" ||
		{ echo "FAIL $(basename "$f"): $(head -n 3 "$tmp/err")"; fails=$((fails + 1)); }
	n=$(xmllint --xpath 'count(//PARAMVALUE/VALUE | //PARAMVALUE/VALUE.ARRAY/VALUE)' "$f")
	for k in $(seq "$n"); do
		xmllint --xpath "string((//PARAMVALUE/VALUE | //PARAMVALUE/VALUE.ARRAY/VALUE)[$k])" "$f" >"$tmp/emb"
		embedded=$((embedded + 1))
		xmllint --noout --dtdvalid "$dtd" "$tmp/emb" 2>"$tmp/err" ||
			{ echo "FAIL $(basename "$f") embedded #$k: $(head -n 3 "$tmp/err")"; fails=$((fails + 1)); }
	done
done
# The failed (2), terminated (3) and killed (4) jobs carry an Error each in
# GetError and GetErrors: at least 6 embedded instances were judged.
[ "$embedded" -ge 6 ] || { echo "FAIL only $embedded embedded instances seen"; fails=$((fails + 1)); }
echo "test_wire_dtd: $(ls "$tmp"/*.xml | wc -l) answers, $embedded embedded instances, $fails failures"
[ "$fails" -eq 0 ]
