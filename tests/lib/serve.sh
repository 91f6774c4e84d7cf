# Sourced by shell tests that need a running server (srh serve, srh-serve).
# serve_start DIR CMD [ARGS...]: starts CMD ARGS --listen $SERVE_LISTEN (default
# 127.0.0.1:0) --port-file DIR/port in the background, its output in
# DIR/serve.log, waits until the port file is written (srh serve writes it
# once every server of the process listens, --wsman's too) for up to
# $SERVE_WAIT seconds (default 10; valgrind wants more) and sets SERVE_PID
# and SERVE_PORT; returns 1 (the server's log on stderr) if it exited or
# never listened.
# serve_stop: stops it (SIGTERM, then waits); its exit status into
# SERVE_STATUS.
# wait_file FILE PID: waits (up to 15 s) until FILE is written; returns 1
# when PID died first or it never was.
# serve_tmp NAME: tmp, a new directory $TMPDIR/srh-NAME.XXXXXX, removed at
# exit after the server is stopped (the EXIT trap); exit 2 when it cannot
# be made.
serve_tmp() {
	tmp=$(mktemp -d "${TMPDIR:-/tmp}/srh-$1.XXXXXX") || exit 2
	trap 'serve_stop; rm -rf "$tmp"' EXIT
}
serve_start() {
	local dir=$1
	shift
	rm -f "$dir/port"
	"$@" --listen "${SERVE_LISTEN:-127.0.0.1:0}" --port-file "$dir/port" >"$dir/serve.log" 2>&1 &
	SERVE_PID=$!
	for _ in $(seq $((${SERVE_WAIT:-10} * 20))); do
		[ -s "$dir/port" ] && break
		kill -0 "$SERVE_PID" 2>/dev/null || break
		sleep 0.05
	done
	if [ ! -s "$dir/port" ]; then
		cat "$dir/serve.log" >&2
		serve_stop
		return 1
	fi
	SERVE_PORT=$(cat "$dir/port")
}

wait_file() {
	for _ in $(seq 300); do
		[ -s "$1" ] && return 0
		kill -0 "$2" 2>/dev/null || return 1
		sleep 0.05
	done
	return 1
}

serve_stop() {
	SERVE_STATUS=0
	if [ -n "${SERVE_PID:-}" ]; then
		kill "$SERVE_PID" 2>/dev/null
		wait "$SERVE_PID" 2>/dev/null
		SERVE_STATUS=$?
	fi
	SERVE_PID=
}
