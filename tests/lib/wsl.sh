# Sourced by shell tests that drive Debian's wsl (a WS-Management client).
# Needs $wsl (the program) and $tmp (a scratch directory).
# wsl_run PORT USER ARGS...: wsl as USER (password = the name) against
#   http://127.0.0.1:PORT, its output on stdout and stderr. wsl keeps files
#   in the current directory and reads ~/.wsl-config: both in $tmp/wsl.
# w USER ARGS...: wsl_run on $wport, its output in $tmp/out, its exit
#   status in $wrc.
wsl_run() {
	local p=$1 user=$2
	shift 2
	mkdir -p "$tmp/wsl"
	(cd "$tmp/wsl" && HOME="$tmp/wsl" WSENDPOINT="127.0.0.1:$p" WSUSER=$user WSPASS=$user \
		WSNOSSL=true OUTPREFIX="$tmp/wsl" NO_PROXY='*' timeout 60 "$wsl" "$@")
}
w() {
	local user=$1
	shift
	wsl_run "$wport" "$user" "$@" >"$tmp/out" 2>&1
	wrc=$?
}
