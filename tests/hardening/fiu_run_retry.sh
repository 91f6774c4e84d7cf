#!/bin/sh
# fiu_run_retry.sh FIU_RUN SECONDS CMD [ARGS...]: run CMD under `fiu-run -x`
# (libfiu's POSIX preload), retrying only a run that hung.
#
# Why: the preload wraps malloc with fiu_fail(), which takes a libfiu
# rwlock. Criterion's runner forks each test worker while its nanomsg thread
# may be inside malloc holding that lock; the forked child then waits on it
# forever (seen: the child blocked in fiu_fail <- malloc <- criterion, its
# parent in waitpid). That race is between libfiu and Criterion, not in the
# code under test. A run that fails is a failure at once; only a run cut
# off by the deadline is tried again, at most three times in all.
fiu_run=$1
secs=$2
shift 2
n=1
while :; do
	timeout -k 5 "$secs" "$fiu_run" -x -f '' "$@"
	rc=$?
	[ $rc -ne 124 ] && [ $rc -ne 137 ] && exit $rc
	[ $n -ge 3 ] && { echo "fiu_run_retry: $* hung $n times (${secs}s each)" >&2; exit 1; }
	echo "fiu_run_retry: run $n hung past ${secs}s (libfiu lock held across Criterion's fork); again" >&2
	n=$((n + 1))
done
