# tests/serve_load/lib.sh - sourced by the serve_load tests: a temp dir,
# ok/bad counting, srh serve started on a free port and stopped with
# SIGTERM (exit 0 expected), and GetError clients whose every answer is
# checked against contract.md by serve_load (bench/serve).
# Needs: $serve (srh-serve) and $load (serve_load) set by the caller, and
# $sht (slowhttptest) for slow_attack.
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

fails=0
ok() { echo "ok   $*"; }
bad() { echo "FAIL $*"; fails=$((fails + 1)); }
finish() {
	echo "$fails failure(s)"
	[ "$fails" -eq 0 ]
}

# start [ARGS...]: srh serve on 127.0.0.1, any free port, into $port.
start() {
	rm -f "$tmp/port"
	"$serve" --listen 127.0.0.1:0 --port-file "$tmp/port" "$@" >"$tmp/serve.log" 2>"$tmp/serve.err" &
	pid=$!
	for _ in $(seq 200); do
		[ -s "$tmp/port" ] && break
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.05
	done
	if [ ! -s "$tmp/port" ]; then
		echo "FAIL server did not start:"
		cat "$tmp/serve.log" "$tmp/serve.err"
		exit 1
	fi
	port=$(cat "$tmp/port")
}

# stop: SIGTERM is a clean stop, exit 0; the counters line into $tmp/cuts.
stop() {
	local st
	kill -TERM "$pid"
	wait "$pid"
	st=$?
	pid=
	grep '^srh serve: stopped' "$tmp/serve.log" >"$tmp/cuts"
	if [ "$st" -eq 0 ]; then ok "server stops cleanly on SIGTERM"; else
		bad "server exit $st"
		tail -5 "$tmp/serve.err"
	fi
}

# alive WHAT: the server process is still there.
alive() {
	if kill -0 "$pid" 2>/dev/null; then ok "server alive $1"; else bad "server died $1"; fi
}

# geterror NAME CLIENTS CALLS: every answer right (serve_load checks).
geterror() {
	if timeout 120 "$load" geterror "$port" "$2" "$3" >"$tmp/ge" 2>&1; then
		ok "$1: $(cat "$tmp/ge")"
	else
		bad "$1: $(cat "$tmp/ge")"
	fi
}

# normal_loop: a normal client calling GetError (2 clients x 5 calls a
# round) until $tmp/done appears; one line per round in $tmp/normal.
normal_loop() {
	: >"$tmp/normal"
	rm -f "$tmp/done"
	(
		while [ ! -e "$tmp/done" ]; do
			if ! "$load" geterror "$port" 2 5 >>"$tmp/normal" 2>&1; then echo BAD >>"$tmp/normal"; fi
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
# read) against the server while a normal client runs; its CSV must show
# the service available every second. Sets $cut: the deadline the mode
# meets (empty for read: small answers sit in the kernel's buffers).
slow_attack() {
	local mode=$1 conns=$2 secs=$3 src rows down peak flags
	case $mode in
	headers) flags=(-H -i 2) cut=header ;;
	body) flags=(-B -i 2 -s 65536 -x 8 -t POST) cut=body ;;
	read) flags=(-X -i 2 -k 8 -n 2 -w 1 -y 16 -z 2) cut= ;;
	*) echo "bad mode $mode"; exit 2 ;;
	esac
	normal_loop
	timeout $((secs + 60)) "$sht" "${flags[@]}" -c "$conns" -r 200 -l "$secs" -p 5 \
		-u "http://127.0.0.1:$port/cimom" -g -o "$tmp/sht" >"$tmp/sht.out" 2>&1
	src=$?
	normal_end
	[ $src -eq 0 ] && ok "slowhttptest $mode ran" || { bad "slowhttptest exit $src"; tail -20 "$tmp/sht.out"; }
	# Seconds,Closed,Pending,Connected,Service Available (0 = unavailable)
	if [ -s "$tmp/sht.csv" ]; then
		rows=$(tail -n +2 "$tmp/sht.csv" | wc -l)
		down=$(tail -n +2 "$tmp/sht.csv" | awk -F, '$5 == 0' | wc -l)
		peak=$(tail -n +2 "$tmp/sht.csv" | awk -F, '$4 > m { m = $4 } END { print m + 0 }')
		[ "$rows" -ge 2 ] && ok "slowhttptest $mode: $rows seconds, peak $peak connected" ||
			bad "slowhttptest reported $rows seconds"
		[ "$down" -eq 0 ] && ok "service available every second of the test" || {
			bad "service unavailable $down of $rows seconds"
			cat "$tmp/sht.csv"
		}
	else
		bad "no CSV from slowhttptest"
		tail -20 "$tmp/sht.out"
	fi
	rm -f "$tmp/sht.csv" "$tmp/sht.html"
	# its own verdict, without the colours
	sed 's/\x1b\[[0-9;]*m//g' "$tmp/sht.out" | sed -n 's/^Exit status: *\(.*\)/slowhttptest: \1/p'
}

# fds / rss: the server's open descriptors and resident KiB.
fds() { ls "/proc/$pid/fd" 2>/dev/null | wc -l; }
rss() { awk '/^VmRSS:/ { print $2 }' "/proc/$pid/status" 2>/dev/null; }
