#!/bin/sh
# explore.sh SRH REF.so BAD1.so BAD2.so OWNER.so
#
# srh explore as a user meets it: usage errors exit 2; a short exploration of
# the reference provider finds nothing (no false alarm); the same seed gives
# the same stdout, whatever -j; on two known-bad providers it finds their bug
# and shrinks it to a scenario of a few actions that `srh run` fails with the
# same rule; OWNER.so (an Error keyed by owner) is found by the multi-job
# scenarios, shrunk to two jobs; the differential mode reports differences against the
# reference .so, and none between the reference and itself; the run lands in
# the results database and `srh report` draws it.
set -u
SRH=$1
REF=$2
BAD1=$3
BAD2=$4
OWNER=$5
T=$(mktemp -d) || exit 2
trap 'rm -rf "$T"' EXIT
. "$(dirname "$0")/../lib/check.sh" # fail, expect_rc (runs $SRH, output in $T), has

# ---- usage ---------------------------------------------------------------
expect_rc 0 "help" -- explore --help
has "$T/out" "--differential" "help"
expect_rc 2 "runs and time" -- explore --runs 5 --time 1s --no-db
expect_rc 2 "bad runs" -- explore --runs x --no-db
expect_rc 2 "unknown flag" -- explore --frobnicate
expect_rc 2 "missing provider" -- explore --provider "$T/none.so" --runs 1 --no-db
"$SRH" --help | grep -q "explore" || fail "srh --help does not list explore"

# ---- the reference: no false alarm ------------------------------------------
expect_rc 0 "reference" -- explore --runs 400 -j 2 --no-db --out "$T/ref" --seed 5
has "$T/out" "400 runs, 0 failed" "reference"
has "$T/out" "GetError rc (7 of 0..6 seen)" "reference summary"
[ -z "$(ls "$T/ref")" ] || fail "reference: files written under --out"

# ---- same seed, same bytes (and -j does not matter) --------------------------
"$SRH" explore --runs 150 -j 2 --no-db --out "$T/d1" --seed 9 --provider "$BAD1" \
	>"$T/det1" 2>/dev/null
"$SRH" explore --runs 150 -j 1 --no-db --out "$T/d2" --seed 9 --provider "$BAD1" \
	>"$T/det2" 2>/dev/null
sed "s#$T/d2#$T/d1#g" "$T/det2" >"$T/det2n"
cmp -s "$T/det1" "$T/det2n" || fail "same seed: stdout differs between runs"
for f in "$T/d1"/*.yaml; do
	[ -f "$f" ] || continue
	cmp -s "$f" "$T/d2/$(basename "$f")" || fail "same seed: $(basename "$f") differs"
done

# ---- known-bad providers: found, shrunk, reproduced by srh run ---------------
for bad in "$BAD1" "$BAD2"; do
	n=$(basename "$bad" .so)
	expect_rc 1 "$n" -- explore --provider "$bad" --runs 400 -j 2 --no-db --out "$T/$n"
	has "$T/out" "^FOUND" "$n"
	grep "^FOUND" "$T/out" | sed 's/^FOUND \(.*\) (run [0-9]*)$/\1/' >"$T/keys"
	for f in "$T/$n"/*.yaml; do
		[ -f "$f" ] || { fail "$n: no scenario written"; continue; }
		acts=$(grep -c "^  - " "$f")
		[ "$acts" -le 6 ] || fail "$n: $(basename "$f") has $acts list entries"
		"$SRH" run "$f" --provider "$bad" --no-db -v >"$T/rerun" 2>&1
		[ $? -eq 1 ] || fail "$n: srh run $(basename "$f") does not fail"
		# the rule it was shrunk for is among the rerun's failures
		rule=$(grep -B3 -F "$(basename "$f")" "$T/out" | grep "^FOUND" | tail -1 |
			sed 's/^FOUND \(.*\) (run [0-9]*)$/\1/')
		case "$rule" in
		CRASH* | HANG*) has "$T/rerun" "${rule%% *}" "$n rerun" ;;
		*) has "$T/rerun" "$rule" "$n rerun" ;;
		esac
	done
done

# ---- several jobs: one job's Error reaching another -------------------------------
expect_rc 1 "owner" -- explore --provider "$OWNER" --runs 400 -j 2 --no-db --out "$T/own"
has "$T/out" "^FOUND MUST-6 error-own" "owner"
f="$T/own/explore.bad_error_by_owner.must-6-error-own.yaml"
if [ -f "$f" ]; then
	has "$f" "^jobs:" "owner: shrunk scenario"
	"$SRH" run "$f" --provider "$OWNER" --no-db >"$T/rerun" 2>&1
	[ $? -eq 1 ] || fail "owner: srh run $(basename "$f") does not fail"
	has "$T/rerun" "MUST-6 error-own" "owner rerun"
	"$SRH" run "$f" --no-db >"$T/rerun" 2>&1 || fail "owner: the reference fails $(basename "$f")"
else
	fail "owner: no $(basename "$f")"
fi

# ---- differential ---------------------------------------------------------------
expect_rc 1 "differential" -- explore --provider "$BAD1" --differential "$REF" --runs 300 \
	-j 2 --no-db --out "$T/diff"
has "$T/out" "^FOUND DIFF " "differential"
expect_rc 0 "differential, reference against itself" -- explore --provider "$REF" \
	--differential "$REF" --runs 200 -j 2 --no-db --out "$T/same"

# ---- the results database --------------------------------------------------------
expect_rc 1 "database" -- explore --provider "$BAD2" --runs 100 -j 2 --db "$T/r.db" \
	--out "$T/db" --junit "$T/j.xml"
has "$T/j.xml" "explore.summary" "junit"
expect_rc 0 "report" -- report --db "$T/r.db" --out "$T/html"
[ -s "$T/html/index.html" ] || fail "report: no index.html"

[ "$fails" -eq 0 ] && echo "explore.sh: all passed"
exit $((fails > 0))
