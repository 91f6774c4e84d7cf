#!/bin/sh
# arch_check.sh [ROOT] - hold the sources to the rooms of docs/ARCHITECTURE.md.
#
# The layer table in ROOT/docs/ARCHITECTURE.md (rows "| N | `room/` | ...")
# is the one place the order is written. Every .c/.h file under ROOT but
# outside tests/, fuzz/, bench/ and build*/ belongs to the room named by its
# first folder. Each `#include "X"` is resolved to a file of the tree (next
# to the includer first, else the one file whose path ends in /X) and fails
# when it goes to another room of the same or a higher layer, or to another
# room's private header (*_int.h, *_internal.h). Same-layer
# rooms (the protocols) never include each other, so every cycle between
# rooms has an include that fails here. The rooms' CMakeLists.txt are held
# to the same order: an include directory under a higher room's folder, or
# a link to a library that a higher room defines, fails too.
#
# Prints one line per offence ("file:line: ... -> room (layer N) ...") and
# exits 1 when there is any, 2 when the table cannot be read, else 0.
# -v prints the room graph (which room includes which) as well.
set -eu
verbose=0
[ "${1:-}" = -v ] && { verbose=1; shift; }
root=${1:-$(cd "$(dirname "$0")/../.." && pwd)}
cd "$root"
table=docs/ARCHITECTURE.md
[ -r "$table" ] || { echo "arch: $root/$table: cannot read the layer table" >&2; exit 2; }

find . \( -name .git -o -name 'build*' -o -path ./tests -o -path ./fuzz -o -path ./bench \) -prune \
	-o -type f \( -name '*.c' -o -name '*.h' -o -name CMakeLists.txt \) -print |
	sed 's|^\./||' | LC_ALL=C sort |
	awk -v table="$table" -v verbose="$verbose" '
function room_of(p) { return index(p, "/") ? substr(p, 1, index(p, "/") - 1) : "." }
function dirname(p) { return p ~ /\// ? substr(p, 1, match(p, /\/[^\/]*$/) - 1) : "" }
function norm(p,    n, i, a, out, k, s) {
	n = split(p, a, "/"); k = 0
	for (i = 1; i <= n; i++) {
		if (a[i] == "" || a[i] == ".") continue
		if (a[i] == "..") { if (k > 0) k--; continue }
		s[++k] = a[i]
	}
	out = ""
	for (i = 1; i <= k; i++) out = out (i > 1 ? "/" : "") s[i]
	return out
}
function bad(msg) { print msg; nbad++ }
BEGIN {
	while ((getline line < table) > 0) {
		if (line !~ /^\| *[0-9]+ *\| *`[a-z]+\/`/) continue
		split(line, f, "|")
		n = f[2]; gsub(/ /, "", n)
		r = f[3]; gsub(/[ `\/]/, "", r)
		if (r in layer) { print table ": room " r " listed twice"; tablebad = 1; exit }
		layer[r] = n + 0; nrooms++
	}
	if (!nrooms) { print table ": no layer table (rows \"| N | `room/` | ...\")"; tablebad = 1; exit }
}
{ files[++nf] = $0; known[$0] = 1
  b = $0; sub(/.*\//, "", b); if (b != "CMakeLists.txt") bybase[b] = bybase[b] SUBSEP $0 }
END {
	if (tablebad) exit 2
	# Which room defines which CMake target.
	for (i = 1; i <= nf; i++) {
		p = files[i]; if (p !~ /CMakeLists\.txt$/) continue
		r = room_of(p); if (!(r in layer)) continue
		while ((getline line < p) > 0)
			if (match(line, /add_(library|executable)\( *[A-Za-z0-9_.-]+/)) {
				t = substr(line, RSTART, RLENGTH); sub(/.*\( */, "", t); owner[t] = r
			}
		close(p)
	}
	for (i = 1; i <= nf; i++) {
		p = files[i]; r = room_of(p)
		if (!(r in layer)) {
			if (p !~ /CMakeLists\.txt$/)
				bad(p ":1: in no room (add its folder to the layer table in " table ")")
			continue
		}
		if (p ~ /CMakeLists\.txt$/) { cmake(p, r); continue }
		ln = 0
		while ((getline line < p) > 0) {
			ln++
			if (line !~ /^[ \t]*#[ \t]*include[ \t]*"/) continue
			x = line; sub(/^[^"]*"/, "", x); sub(/".*/, "", x)
			t = resolve(p, x)
			if (t == "") { bad(p ":" ln ": -> ? \"" x "\" is not a file of the tree"); continue }
			if (t ~ /^AMBIGUOUS /) { bad(p ":" ln ": -> ? \"" x "\" could be" substr(t, 10)); continue }
			tr = room_of(t)
			if (!(tr in layer)) { bad(p ":" ln ": -> " t " (outside the rooms) from room " r); continue }
			if (tr == r) continue
			edge[r " -> " tr] = 1
			if (t ~ /_int(ernal)?\.h$/)
				bad(p ":" ln ": -> " tr ": \"" x "\" is private to " tr \
				    " (a *_int.h or *_internal.h header); include its face")
			if (layer[tr] >= layer[r])
				bad(p ":" ln ": -> " tr " (layer " layer[tr] "): \"" x "\" from " r \
				    " (layer " layer[r] "); a room includes only lower layers")
		}
		close(p)
	}
	if (verbose) for (e in edge) print "edge " e
	exit nbad ? 1 : 0
}
# Next to the includer, else the one file of the tree ending in /x.
function resolve(from, x,    d, c, n, a, i, k, hit, same) {
	d = dirname(from); c = norm((d == "" ? "" : d "/") x)
	if (c in known) return c
	if (x ~ /^\.\.?\//) return ""
	b = x; sub(/.*\//, "", b)
	n = split(bybase[b], a, SUBSEP); k = 0; hit = ""; same = ""
	for (i = 2; i <= n; i++)
		if (a[i] == x || substr(a[i], length(a[i]) - length(x)) == "/" x) {
			k++; hit = hit " " a[i]
			if (room_of(a[i]) == room_of(from)) same = a[i]
		}
	if (same != "") return same
	if (k == 1) return substr(hit, 2)
	if (k > 1) return "AMBIGUOUS" hit
	return ""
}
# A room CMakeLists.txt: no include directory in a higher room, no link to
# a higher room'"'"'s library.
function cmake(p, r,    ln, line, d, rest, t, words, n, j, inlink) {
	ln = 0; inlink = 0
	while ((getline line < p) > 0) {
		ln++
		rest = line
		while (match(rest, /(PROJECT|CMAKE)_SOURCE_DIR\}\/[a-z]+/)) {
			d = substr(rest, RSTART, RLENGTH); sub(/.*\//, "", d)
			rest = substr(rest, RSTART + RLENGTH)
			if (d != r && (d in layer) && layer[d] >= layer[r])
				bad(p ":" ln ": -> " d " (layer " layer[d] "): a path into " d "/ from " r \
				    " (layer " layer[r] ")")
		}
		if (line ~ /target_link_libraries\(/) { inlink = 1; sub(/.*target_link_libraries\(/, "", line) }
		if (!inlink) continue
		if (index(line, ")")) { inlink = 0; line = substr(line, 1, index(line, ")") - 1) }
		sub(/#.*/, "", line)
		n = split(line, words, /[ \t]+/)
		for (j = 1; j <= n; j++) {
			t = words[j]
			if (!(t in owner) || owner[t] == r) continue
			if (layer[owner[t]] >= layer[r])
				bad(p ":" ln ": -> " owner[t] " (layer " layer[owner[t]] "): links " t \
				    " from " r " (layer " layer[r] ")")
		}
	}
	close(p)
}
'
