#!/bin/bash
# WS-Management over HTTPS: `srh serve --tls-cert/--tls-key --wsman` serves
# /wsman with the same certificate as CIM-XML; `srh run --target
# wsman+https://...` passes with --cacert, is refused (exit 2) without it,
# passes with --insecure; wsl (HTTPS unless WSNOSSL, with a certificate file
# named after the endpoint) identifies the service. A throwaway CA and
# server certificate are made at test time (tests/http/gen_certs.sh).
#
# usage: test_wsman_tls.sh SRH WSL
set -u
srh=$1 wsl=$2
. "$(dirname "$0")/../lib/serve.sh"
serve_tmp wstls
. "$(dirname "$0")/../lib/check.sh"

bash "$(dirname "$0")/../http/gen_certs.sh" "$tmp" || { echo "FAIL cannot make certificates"; exit 1; }
serve_start "$tmp" "$srh" serve --tls-cert "$tmp/server.pem" --tls-key "$tmp/server.key" \
	--tick 100s --wsman --wsman-port 0 --wsman-port-file "$tmp/wport" ||
	{ echo "FAIL server did not start"; exit 1; }
wport=$(cat "$tmp/wport")
url="wsman+https://127.0.0.1:$wport/wsman"
grep -q "WS-Management: https://127.0.0.1:$wport/wsman" "$tmp/serve.log" &&
	ok "the banner names the https URL" || bad "banner: $(cat "$tmp/serve.log")"

target() {
	timeout 240 "$srh" run --target "$url" --user alice:alice --other-user bob:bob --quiet \
		--no-db "$@" >"$tmp/out" 2>&1
	rc=$?
}
target --cacert "$tmp/ca.pem"
[ $rc -eq 0 ] && grep -q '^result: PASS' "$tmp/out" && ok "wsman+https with --cacert: PASS" ||
	{ bad "wsman+https --cacert: exit $rc"; tail -5 "$tmp/out"; }
target --cacert "$tmp/other.pem"
[ $rc -eq 2 ] && grep -q "https://127.0.0.1:$wport/wsman" "$tmp/out" &&
	ok "another CA: refused (exit 2), the URL named" || { bad "another CA: exit $rc"; cat "$tmp/out"; }
target --insecure
[ $rc -eq 0 ] && ok "--insecure: PASS" || bad "--insecure: exit $rc"

# wsl checks the server with ENDPOINT.crt when there is one.
mkdir -p "$tmp/wsl"
cp "$tmp/ca.pem" "$tmp/wsl/127.0.0.1:$wport.crt"
(cd "$tmp/wsl" && HOME="$tmp/wsl" WSENDPOINT="127.0.0.1:$wport" WSUSER=alice WSPASS=alice \
	OUTPREFIX="$tmp/wsl" NO_PROXY='*' timeout 60 "$wsl" identify check) >"$tmp/out" 2>&1
grep -q 'IdentifyResponse' "$tmp/out" && ok "wsl identify over HTTPS (CA checked)" ||
	{ bad "wsl over HTTPS"; cat "$tmp/out"; }

serve_stop
[ "$SERVE_STATUS" -eq 0 ] && ok "server stops cleanly" || bad "server exit $SERVE_STATUS"
echo "$fails failure(s)"
[ "$fails" -eq 0 ]
