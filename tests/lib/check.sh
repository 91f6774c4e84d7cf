# Sourced by shell tests (sh or bash): one way to judge output and count
# what failed, so that every test prints its checks alike.
#   fails                     the count; end with [ "$fails" -eq 0 ]
#   ok WHAT / bad WHAT        "ok   WHAT" / "FAIL WHAT" (bad counts it)
#   fail WHAT                 bad
#   expect WHAT ERE FILE      the extended regex must match in FILE
#   expect_not WHAT ERE FILE  it must not (either way FILE's head is shown)
#   has FILE TEXT WHAT        grep's basic regex TEXT must match in FILE
#   expect_rc RC WHAT -- ARGS...
#                             $SRH ARGS must exit RC; its stdout and stderr
#                             stay in $T/out and $T/err
fails=0
ok() { echo "ok   $*"; }
bad() {
	echo "FAIL $*"
	fails=$((fails + 1))
}
fail() { bad "$@"; }
show() { sed 's/^/     /' "$@" | head -30; }
expect() { if grep -Eq -- "$2" "$3"; then ok "$1"; else bad "$1: /$2/ not in $3:"; show "$3"; fi; }
expect_not() { if grep -Eq -- "$2" "$3"; then bad "$1: /$2/ found in $3:"; show "$3"; else ok "$1"; fi; }
has() { grep -q -- "$2" "$1" || bad "$3: \"$2\" not in $(basename "$1")"; }
expect_rc() {
	want=$1
	what=$2
	shift 3
	"$SRH" "$@" >"$T/out" 2>"$T/err"
	got=$?
	if [ "$got" -ne "$want" ]; then
		bad "$what: srh $*: exit $got, expected $want"
		show "$T/out" "$T/err"
	fi
}
