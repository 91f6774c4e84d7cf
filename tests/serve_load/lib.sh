# tests/serve_load/lib.sh - sourced by the serve_load tests: a temp dir,
# ok/bad counting, srh serve started on a free port and stopped with
# SIGTERM (exit 0 expected), and GetError clients whose every answer is
# checked against contract.md by serve_load (bench/serve).
# Needs: $serve (srh-serve) and $load (serve_load) set by the caller, and
# $sht (slowhttptest) for slow_attack. Every server is started with
# --wsman: each check runs against both endpoints of the one server.
. "$(dirname "${BASH_SOURCE[0]}")/../lib/serve.sh"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/srh-serve-load.XXXXXX") || exit 2
pid=
bg=()
cleanup() {
	for p in "${bg[@]}"; do kill "$p" 2>/dev/null; done
	if [ -n "$pid" ]; then
		kill -KILL "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
	fi
	rm -rf "$tmp"
}
trap cleanup EXIT

. "$(dirname "${BASH_SOURCE[0]}")/../lib/check.sh"
finish() {
	echo "$fails failure(s)"
	[ "$fails" -eq 0 ]
}

# start [ARGS...]: srh serve --wsman on 127.0.0.1, any free ports
# (tests/lib/serve.sh): the CIM-XML one into $port, the WS-Management one
# into $wsport; both take the limits in ARGS.
start() {
	serve_start "$tmp" "$serve" --wsman --wsman-port 0 --wsman-port-file "$tmp/wsport" "$@" ||
		{ echo "FAIL server did not start"; exit 1; }
	pid=$SERVE_PID port=$SERVE_PORT wsport=$(cat "$tmp/wsport")
}

# stop: SIGTERM is a clean stop, exit 0; the counters line into $tmp/cuts
# (the CIM-XML server's), $tmp/wscuts (the WS-Management one's).
stop() {
	SERVE_PID=$pid
	serve_stop
	pid=
	grep '^srh serve: stopped' "$tmp/serve.log" | sed 's/; WS-Management:.*//' >"$tmp/cuts"
	sed -n 's/^srh serve: stopped.*; WS-Management: /WS-Management: /p' "$tmp/serve.log" >"$tmp/wscuts"
	if [ "$SERVE_STATUS" -eq 0 ]; then ok "server stops cleanly on SIGTERM"; else
		bad "server exit $SERVE_STATUS"
		tail -5 "$tmp/serve.log"
	fi
}

# alive WHAT: the server process is still there.
alive() {
	if kill -0 "$pid" 2>/dev/null; then ok "server alive $1"; else bad "server died $1"; fi
}

# geterror NAME CLIENTS CALLS [--wsman]: every answer right (serve_load
# checks), over CIM-XML or (--wsman) WS-Management.
geterror() {
	local p=$port
	[ "${4:-}" = --wsman ] && p=$wsport
	if timeout 120 "$load" ${4:-} geterror "$p" "$2" "$3" >"$tmp/ge" 2>&1; then
		ok "$1${4:+ (WS-Man)}: $(cat "$tmp/ge")"
	else
		bad "$1${4:+ (WS-Man)}: $(cat "$tmp/ge")"
	fi
}

# normal_loop: normal clients calling GetError (2 clients x 5 calls a
# round, over CIM-XML and over WS-Management) until $tmp/done appears; one
# line per round and protocol in $tmp/normal.
normal_loop() {
	: >"$tmp/normal"
	rm -f "$tmp/done"
	(
		while [ ! -e "$tmp/done" ]; do
			if ! "$load" geterror "$port" 2 5 >>"$tmp/normal" 2>&1; then echo BAD >>"$tmp/normal"; fi
			if ! "$load" --wsman geterror "$wsport" 2 5 >>"$tmp/normal" 2>&1; then echo BAD wsman >>"$tmp/normal"; fi
			sleep 0.5
		done
	) &
	bg+=($!)
}
# normal_end: stop the loop; every round must have been right.
normal_end() {
	local n_ok n_bad
	touch "$tmp/done"
	wait "${bg[@]}" 2>/dev/null
	bg=()
	n_ok=$(grep -c '^geterror: .* wrong 0 failed 0' "$tmp/normal")
	n_bad=$(grep -vc '^geterror: .* wrong 0 failed 0' "$tmp/normal")
	if [ "$n_ok" -ge 1 ] && [ "$n_bad" -eq 0 ]; then ok "normal client: $n_ok rounds of GetError all right"; else
		bad "normal client: $n_ok good rounds, $n_bad bad"
		grep -v 'wrong 0 failed 0' "$tmp/normal" | head -5
	fi
}

# slow_attack MODE CONNS SECS: slowhttptest ($sht) in MODE (headers, body,
# read), CONNS connections against each endpoint (/cimom and /wsman, two
# slowhttptests at once) while normal clients run; each CSV must show the
# service available every second. Sets $cut: the deadline the mode meets
# (empty for read: small answers sit in the kernel's buffers).
slow_attack() {
	local mode=$1 conns=$2 secs=$3 src=0 flags shtp=()
	case $mode in
	headers) flags=(-H -i 2) cut=header ;;
	body) flags=(-B -i 2 -s 65536 -x 8 -t POST) cut=body ;;
	read) flags=(-X -i 2 -k 8 -n 2 -w 1 -y 16 -z 2) cut= ;;
	*) echo "bad mode $mode"; exit 2 ;;
	esac
	normal_loop
	for ep in "$port/cimom" "$wsport/wsman"; do
		timeout $((secs + 60)) "$sht" "${flags[@]}" -c "$conns" -r 200 -l "$secs" -p 5 \
			-u "http://127.0.0.1:$ep" -g -o "$tmp/sht${ep#*/}" >"$tmp/sht${ep#*/}.out" 2>&1 &
		shtp+=($!)
	done
	for p in "${shtp[@]}"; do wait "$p" || src=$?; done
	normal_end
	for ep in cimom wsman; do
		sht_csv "$mode" "$ep" "$src"
	done
}

# sht_csv MODE EP STATUS: what slowhttptest said of endpoint EP.
sht_csv() {
	local mode=$1 ep=$2 src=$3 rows down peak csv=$tmp/sht$2.csv out=$tmp/sht$2.out
	[ "$src" -eq 0 ] && ok "slowhttptest $mode /$ep ran" || { bad "slowhttptest exit $src"; tail -20 "$out"; }
	# Seconds,Closed,Pending,Connected,Service Available (0 = unavailable)
	if [ -s "$csv" ]; then
		rows=$(tail -n +2 "$csv" | wc -l)
		down=$(tail -n +2 "$csv" | awk -F, '$5 == 0' | wc -l)
		peak=$(tail -n +2 "$csv" | awk -F, '$4 > m { m = $4 } END { print m + 0 }')
		[ "$rows" -ge 2 ] && ok "slowhttptest $mode /$ep: $rows seconds, peak $peak connected" ||
			bad "slowhttptest /$ep reported $rows seconds"
		[ "$down" -eq 0 ] && ok "/$ep available every second of the test" || {
			bad "/$ep unavailable $down of $rows seconds"
			cat "$csv"
		}
	else
		bad "no CSV from slowhttptest /$ep"
		tail -20 "$out"
	fi
	rm -f "$csv" "$tmp/sht$ep.html"
	# its own verdict, without the colours
	sed 's/\x1b\[[0-9;]*m//g' "$out" | sed -n "s/^Exit status: *\(.*\)/slowhttptest \/$ep: \1/p"
}

# fds / rss: the server's open descriptors and resident KiB.
fds() { ls "/proc/$pid/fd" 2>/dev/null | wc -l; }
rss() { awk '/^VmRSS:/ { print $2 }' "/proc/$pid/status" 2>/dev/null; }
