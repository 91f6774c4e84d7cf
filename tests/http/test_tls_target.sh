#!/bin/bash
# `srh serve --tls-cert/--tls-key` and `srh run --target https://...`:
# a throwaway CA and server certificate are made at test time
# (gen_certs.sh, openssl); the target passes with --cacert, is refused
# (exit 2, one line naming the URL) without it, with another CA or against
# a certificate for another name, and passes with --insecure.
#
# usage: test_tls_target.sh SRH
set -u
srh=$1
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib/serve.sh"
serve_tmp tls
. "$(dirname "$0")/../lib/check.sh"

bash "$here/gen_certs.sh" "$tmp" || { echo "FAIL cannot make certificates"; exit 1; }

# start CERT: serve HTTPS with CERT and the server key (tests/lib/serve.sh);
# sets port
start() {
	serve_start "$tmp" "$srh" serve --tls-cert "$1" --tls-key "$tmp/server.key" --tick 100s ||
		{ echo "FAIL server did not start"; exit 1; }
	port=$SERVE_PORT
}
stop() { serve_stop; }
# target HOST ARGS...: srh run --target https://HOST:port/NS; sets rc
target() {
	local host=$1
	shift
	timeout 120 "$srh" run --target "https://$host:$port/root/Microsoft/Windows/StorageReplica" \
		--user alice:alice --other-user bob:bob --quiet --db "$tmp/results.db" "$@" >"$tmp/out" 2>&1
	rc=$?
}
# refused WHAT: exit 2 and one line on stderr naming the https URL
refused() {
	if [ "$rc" = 2 ] && [ "$(wc -l <"$tmp/out")" = 1 ] && grep -q "https://127.0.0.1:$port/cimom: " "$tmp/out"; then
		ok "$1 is refused: $(cat "$tmp/out")"
	else
		bad "$1: exit $rc, want 2 and one line naming the URL"; cat "$tmp/out"
	fi
}

start "$tmp/server.pem"
grep -q "^srh serve: https://127.0.0.1:$port/" "$tmp/serve.log" && ok "the banner says https" ||
	{ bad "banner"; cat "$tmp/serve.log"; }

target 127.0.0.1 --cacert "$tmp/ca.pem"
[ "$rc" = 0 ] && grep -q '^result: PASS' "$tmp/out" && ok "--cacert CA: the target passes over HTTPS" ||
	{ bad "--cacert CA: exit $rc"; cat "$tmp/out"; }
target localhost --cacert "$tmp/ca.pem"
[ "$rc" = 0 ] && ok "--cacert CA, host name localhost: passes" || { bad "localhost: exit $rc"; cat "$tmp/out"; }

target 127.0.0.1
refused "no --cacert (a CA the system does not know)"
target 127.0.0.1 --cacert "$tmp/other.pem"
refused "--cacert of another CA"

target 127.0.0.1 --insecure
[ "$rc" = 0 ] && grep -q '^result: PASS' "$tmp/out" && ok "--insecure: passes without a CA" ||
	{ bad "--insecure: exit $rc"; cat "$tmp/out"; }

# plain HTTP to the HTTPS port is not answered as HTTP
timeout 60 "$srh" run --target "http://127.0.0.1:$port/root/Microsoft/Windows/StorageReplica" \
	--user alice:alice --quiet --db "$tmp/results.db" >"$tmp/out" 2>&1
rc=$?
[ "$rc" = 2 ] && ok "http:// to the HTTPS port: exit 2" || { bad "http to https: exit $rc"; cat "$tmp/out"; }
kill -0 "$SERVE_PID" 2>/dev/null && ok "the server is still running" || bad "the server died"
stop

start "$tmp/wrongname.pem"
target 127.0.0.1 --cacert "$tmp/ca.pem"
refused "a certificate for another host name"
target 127.0.0.1 --cacert "$tmp/ca.pem" --insecure
[ "$rc" = 0 ] && ok "... unless --insecure" || { bad "wrong name --insecure: exit $rc"; cat "$tmp/out"; }
stop

# set-up errors: one line, exit 2
"$srh" serve --listen 127.0.0.1:0 --tls-cert "$tmp/server.pem" >"$tmp/out" 2>&1
rc=$?
[ "$rc" = 2 ] && grep -q 'go together' "$tmp/out" && ok "--tls-cert without --tls-key: exit 2" ||
	{ bad "cert without key: exit $rc"; cat "$tmp/out"; }
"$srh" serve --listen 127.0.0.1:0 --tls-cert "$tmp/nonexistent.pem" --tls-key "$tmp/server.key" >"$tmp/out" 2>&1
rc=$?
[ "$rc" = 2 ] && grep -q 'nonexistent.pem' "$tmp/out" && ok "a missing certificate file: exit 2, named" ||
	{ bad "missing cert: exit $rc"; cat "$tmp/out"; }
"$srh" serve --listen 127.0.0.1:0 --tls-cert "$tmp/server.pem" --tls-key "$tmp/ca.key" >"$tmp/out" 2>&1
rc=$?
[ "$rc" = 2 ] && ok "a key that does not match the certificate: exit 2" ||
	{ bad "mismatched key: exit $rc"; cat "$tmp/out"; }
echo "$fails failure(s)"
[ "$fails" = 0 ]
