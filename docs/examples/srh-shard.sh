#!/bin/sh
# srh-shard.sh - the steps of a CI matrix that spreads the fault sweep over
# N machines (docs/SCALE.md); the example CI files call it, and
# tests/reports/test_cli.sh (case ci) runs the same lines, so neither can
# drift from the other.
#
#   srh-shard.sh shard K N OUTDIR   sweep shard K of N into OUTDIR/sweep-K.db,
#                                   then srh explore with seed K into
#                                   OUTDIR/explore-K.db (its shrunk failures
#                                   in OUTDIR/found-K/)
#   srh-shard.sh merge OUTDIR       join OUTDIR/sweep-*.db into OUTDIR/merged.db,
#                                   draw OUTDIR/html and OUTDIR/junit.xml; the
#                                   same for OUTDIR/explore-*.db into
#                                   OUTDIR/explore.db, OUTDIR/explore-html and
#                                   OUTDIR/explore-junit.xml
#
# SRH is the srh binary (default: srh on PATH); SRH_SWEEP_ARGS adds sweep
# options (say --max-n 2 for a quick one); SRH_EXPLORE_ARGS replaces
# explore's budget (default --time 60s -j 2). Each shard explores its own
# seed (K), so the shards' runs differ and together are N times one
# machine's. A shard whose runs failed exits 0
# and leaves its status beside its database, so that every shard's results
# reach the merge; the merge exits 1 when any shard's runs failed, 2 when
# srh could not run.
set -u
srh=${SRH:-srh}

case ${1-} in
shard)
	[ $# -eq 4 ] || { echo "usage: $0 shard K N OUTDIR" >&2; exit 2; }
	k=$2 n=$3 out=$4
	mkdir -p "$out" || exit 2
	# shellcheck disable=SC2086 # SRH_SWEEP_ARGS is a list of options
	"$srh" sweep --shard "$k/$n" --db "$out/sweep-$k.db" ${SRH_SWEEP_ARGS-} \
		> "$out/sweep-$k.log" 2>&1
	st=$?
	tail -n 3 "$out/sweep-$k.log"
	# shellcheck disable=SC2086 # SRH_EXPLORE_ARGS is a list of options
	"$srh" explore --seed "$k" ${SRH_EXPLORE_ARGS:---time 60s -j 2} \
		--db "$out/explore-$k.db" --out "$out/found-$k" > "$out/explore-$k.log" 2>&1
	xst=$?
	tail -n 1 "$out/explore-$k.log"
	[ "$xst" -gt "$st" ] && st=$xst
	echo "$st" > "$out/status-$k"
	[ "$st" -le 1 ] || exit 2
	;;
merge)
	[ $# -eq 2 ] || { echo "usage: $0 merge OUTDIR" >&2; exit 2; }
	out=$2
	set -- "$out"/sweep-*.db
	[ -f "$1" ] || { echo "$0: no shard databases in $out" >&2; exit 2; }
	"$srh" merge "$out/merged.db" "$@" || exit 2
	"$srh" report --db "$out/merged.db" --out "$out/html" --junit "$out/junit.xml" || exit 2
	set -- "$out"/explore-*.db
	[ -f "$1" ] || { echo "$0: no explore databases in $out" >&2; exit 2; }
	# Shards that found the same failure wrote the same shrunk scenario
	# name, which srh merge refuses: their status says it; read found-*/.
	if "$srh" merge "$out/explore.db" "$@"; then
		"$srh" report --db "$out/explore.db" --out "$out/explore-html" \
			--junit "$out/explore-junit.xml" || exit 2
	else
		echo "$0: explore shards not merged (the same failure in several?): see $out/found-*/" >&2
	fi
	if grep -qv '^0$' "$out"/status-*; then
		echo "$0: some shard's runs failed (see $out/html/index.html)" >&2
		exit 1
	fi
	;;
*)
	echo "usage: $0 shard K N OUTDIR | merge OUTDIR" >&2
	exit 2
	;;
esac
