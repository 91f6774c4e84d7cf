#!/usr/bin/env bash
# explore_found.sh [--build-dir DIR] [--runs N] [--all] [--apply] [--only GLOB]
#
# The regression corpus scenarios/suite/found/ (docs/EXPLORE.md): run
# `srh explore` against every known-bad fixture (built under
# DIR/tests/check/bad_providers), and for each distinct failure it shrinks,
# see whether the rest of the suite already fails that fixture with the same
# rule. A bug the suite misses is printed as NEW; with --apply its shrunk
# scenario joins scenarios/suite/found/ as found.FIXTURE.RULE.yaml (canonical,
# via srh fmt, with a contract: field naming the rule and what it checks, from
# the checker's rule table check/check.h) when the reference provider passes
# it. Fixtures that hang on every call (bad_hang_*) are left out unless
# --all: the suite catches them (HANG) and each of their runs costs the
# watchdog. --only GLOB: only the fixtures whose name matches GLOB (a shell
# pattern).
# Exit: 0 done, 1 a step failed, 2 bad usage.
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=$root/build
runs=300
all=0
apply=0
only='*'
while [ $# -gt 0 ]; do
	case $1 in
	--build-dir) build=$2; shift 2 ;;
	--runs) runs=$2; shift 2 ;;
	--all) all=1; shift ;;
	--apply) apply=1; shift ;;
	--only) only=$2; shift 2 ;;
	*) echo "explore_found.sh: unknown argument $1" >&2; exit 2 ;;
	esac
done
srh=$build/cli/srh
fx=$build/tests/check/bad_providers
suite=$root/scenarios/suite
found=$suite/found
[ -x "$srh" ] && [ -d "$fx" ] || { echo "explore_found.sh: build srh and the fixtures first" >&2; exit 2; }
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
status=0

# The rules a run's output names ("  MUST   RULE at t=..."), and CRASH/HANG/ERROR.
rules_of() {
	sed -n -e 's/^  \(MUST\|SHOULD\) \+\(.*\) at t=.*/\2/p' \
		-e 's/^\(CRASH\|HANG\|ERROR\) .*/\1/p' "$1" | sort -u
}

# What rule RULE checks: its text in check/check.h's table (the C string
# pieces after "RULE", joined), "" when it has none (CRASH, HANG, ...).
rule_text() {
	awk -v r="\"$1\"," '
		f && /^[ \t]*X\(/ { exit }
		f { s = $0; sub(/^[^"]*"/, "", s); sub(/"[^"]*$/, "", s); t = t s }
		index($0, r) { f = 1 }
		END { print t }' "$root/check/check.h"
}

for so in "$fx"/*.so; do
	n=$(basename "$so" .so)
	case $n in ok_*) continue ;; bad_hang_*) [ $all -eq 1 ] || continue ;; esac
	# shellcheck disable=SC2254
	case $n in $only) ;; *) continue ;; esac
	"$srh" run "$suite" --provider "$so" --no-db -j 2 --timeout 3 >"$tmp/suite" 2>&1
	rules_of "$tmp/suite" >"$tmp/rules"
	"$srh" explore --provider "$so" --runs "$runs" -j 2 --timeout 3 --no-db \
		--out "$tmp/$n" >"$tmp/explore" 2>/dev/null
	# FOUND KEY (run I) ... "shrunk ...: PATH"
	awk '/^FOUND /{k=$0; sub(/^FOUND /,"",k); sub(/ \(run [0-9]+\)$/,"",k)}
	     /^  shrunk /{p=$0; sub(/.*: /,"",p); print k "\t" p}' "$tmp/explore" >"$tmp/found"
	while IFS="$(printf '\t')" read -r key path; do
		short=$key
		case $key in CRASH* | HANG* | ERROR*) short=${key%% *} ;; esac
		if grep -qxF -- "$short" "$tmp/rules"; then
			printf '%-28s %-44s the suite catches it\n' "$n" "$key"
			continue
		fi
		printf '%-28s %-44s NEW\n' "$n" "$key"
		[ $apply -eq 1 ] || continue
		slug=$(basename "$path" .yaml)
		slug=${slug#explore.}
		dst=$found/found.$slug.yaml
		mkdir -p "$found" || exit 1
		what=$(rule_text "$short")
		{
			sed -n '1p' "$path" | sed "s/^name: explore\./name: found./"
			printf 'contract: "contract.md, checker rule %s%s%s. srh explore found %s breaking it; no other scenario of the suite did."\n' \
				"$key" "${what:+: }" "$what" "$n"
			sed '1d' "$path"
		} >"$dst" && "$srh" fmt "$dst" >/dev/null || { status=1; continue; }
		if ! "$srh" run "$dst" --no-db >/dev/null 2>&1; then
			echo "  not added: the reference provider fails $dst" >&2
			rm -f "$dst"
			continue
		fi
		"$srh" run "$dst" --provider "$so" --no-db >/dev/null 2>&1
		[ $? -eq 1 ] || { echo "  $dst: srh run does not fail $n" >&2; status=1; }
		echo "  added $dst"
	done <"$tmp/found"
done
exit $status
