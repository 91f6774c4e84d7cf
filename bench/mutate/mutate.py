#!/usr/bin/env python3
"""bench/mutate/mutate.py - mutation score of the suite (and srh explore) on provider/ref.

Makes single-change mutants of provider/ref/*.c, builds each as a provider .so
(only the reference provider: the unchanged objects of the build tree are
reused, the mutated file is compiled into a scratch dir with the build's own
flags, less -Werror) and runs `srh run --provider MUTANT.so` on the built-in
suite, plus `srh explore --provider MUTANT.so --time $EXPLORE_TIME` when the
srh of the build has an explore command. A mutant is killed when either exits
1; exit 2 (did not load) and a mutant that does not compile are not counted.

The mutant list is deterministic: every mutant of every file, sorted by file,
line, column and operator, numbered from 1; --sample K --seed S picks K of them
with a seeded PRNG (then sorted again). Survivors listed in
bench/mutate/equivalent.txt ("file:line: change  -- why") are reported as
equivalent and left out of the score.

Usage: mutate.py [--build DIR] [--src DIR] [--files a.c,b.c] [--sample K]
                 [--seed S] [--only N[,M..]] [--list] [--scratch DIR] [-j N]
       mutate.py --rescore LOG   (the score of an earlier run's output LOG with
                                  the equivalent.txt of now; nothing is built)
Exit: 0 done (whatever the score), 2 bad usage or no build.
"""
import argparse
import os
import random
import re
import shlex
import subprocess
import sys
import tempfile

OPS = [
    # (name, regex, replacement) on code with strings/comments blanked.
    ("eq->ne", re.compile(r"(?<![=!<>])==(?!=)"), "!="),
    ("ne->eq", re.compile(r"!=(?!=)"), "=="),
    ("le->lt", re.compile(r"(?<![<])<=(?!=)"), "<"),
    ("ge->gt", re.compile(r"(?<![>-])>=(?!=)"), ">"),
    ("lt->le", re.compile(r"(?<![<])<(?![<=])"), "<="),
    ("gt->ge", re.compile(r"(?<![>-])>(?![>=])"), ">="),
    ("and->or", re.compile(r"&&"), "||"),
    ("or->and", re.compile(r"\|\|"), "&&"),
]
INT_RE = re.compile(r"(?<![\w.])(\d+)(?![\w.])")
RC_SWAP = {
    "CIM_GE_SUCCESS": "CIM_GE_FAILED",
    "CIM_GE_FAILED": "CIM_GE_UNSPECIFIED_ERROR",
    "CIM_GE_UNSPECIFIED_ERROR": "CIM_GE_FAILED",
    "CIM_GE_INVALID_PARAMETER": "CIM_GE_FAILED",
    "CIM_GE_ACCESS_DENIED": "CIM_GE_INVALID_PARAMETER",
    "CIM_GE_TIMEOUT": "CIM_GE_FAILED",
    "CIM_GE_NOT_SUPPORTED": "CIM_GE_FAILED",
    "REF_OK": "REF_FAIL",
    "REF_FAIL": "REF_OK",
    "REF_NONE": "REF_FAIL",
    "REF_NOMEM": "REF_FAIL",
}
RC_RE = re.compile(r"\b(" + "|".join(sorted(RC_SWAP, key=len, reverse=True)) + r")\b")
# A declaration with an array dimension: "char id[REF_LOCAL_ID_MAX + 1];".
DECL_RE = re.compile(r"\s*(static\s+|const\s+|unsigned\s+|struct\s+)*\w+[\s*]+\w+\s*\[")
RET_RE = re.compile(r"\breturn (-1|0);")
# A statement that sets an output or a field: "*out = x;", "p->f = x;",
# "s.f = x;" (not a declaration, not ==).
SET_RE = re.compile(r"^(\s*)(\*\s*\w+|\w+(?:(?:->|\.)\w+)+(?:\[[^\]]*\])?)\s*(=|\|=|\+=)[^=].*;\s*$")


def blank(src):
    """src with comments, string and char literals and preprocessor lines
    replaced by spaces (same length, newlines kept), so operators are found
    only in code."""
    out = list(src)
    i, n = 0, len(src)
    line_start = True
    while i < n:
        c = src[i]
        if line_start and c == "#":
            while i < n and src[i] != "\n":
                if src[i] == "\\" and i + 1 < n and src[i + 1] == "\n":
                    out[i] = " "
                    i += 2
                    continue
                out[i] = " "
                i += 1
            continue
        if c == "\n":
            line_start = True
            i += 1
            continue
        if not c.isspace():
            line_start = False
        if src.startswith("/*", i):
            j = src.find("*/", i + 2)
            j = n if j < 0 else j + 2
            for k in range(i, j):
                if out[k] != "\n":
                    out[k] = " "
            i = j
        elif src.startswith("//", i):
            while i < n and src[i] != "\n":
                out[i] = " "
                i += 1
        elif c in "\"'":
            j = i + 1
            while j < n and src[j] != c:
                j += 2 if src[j] == "\\" else 1
            for k in range(i + 1, min(j, n)):
                out[k] = " "
            i = j + 1
        else:
            i += 1
    return "".join(out)


def in_function(lines, idx):
    """Rough: a line inside a function body (indented), not a global
    initialiser, so constants in tables and array sizes at file scope are
    left alone."""
    return lines[idx].startswith("\t") or lines[idx].startswith("    ")


def mutants_of(path, rel):
    src = open(path, encoding="utf-8").read()
    code = blank(src)
    lines = src.split("\n")
    clines = code.split("\n")
    found = []
    for li, cl in enumerate(clines):
        if not in_function(lines, li) or not cl.strip():
            continue
        for name, rx, rep in OPS:
            for m in rx.finditer(cl):
                found.append((li, m.start(), name, m.end() - m.start(), rep))
        for m in INT_RE.finditer(cl):
            v = int(m.group(1))
            if re.match(r"return\s*-$", cl[:m.start()].strip()[-8:].strip()):
                continue  # ret-swap covers "return -1;"
            # Skip array dimensions in declarations (they change nothing a
            # client sees, or do not build).
            if DECL_RE.match(cl) and cl.rfind("[", 0, m.start()) > cl.rfind("]", 0, m.start()):
                continue
            found.append((li, m.start(), "int+1", len(m.group(1)), str(v + 1)))
            if v > 0:
                found.append((li, m.start(), "int-1", len(m.group(1)), str(v - 1)))
        for m in RC_RE.finditer(cl):
            found.append((li, m.start(), "rc-swap", len(m.group(1)), RC_SWAP[m.group(1)]))
        for m in RET_RE.finditer(cl):
            rep = "return 0;" if m.group(1) == "-1" else "return -1;"
            found.append((li, m.start(), "ret-swap", m.end() - m.start(), rep))
        m = SET_RE.match(cl)
        if m and not re.match(r"\s*(const\s+|static\s+|unsigned\s+|struct\s+)*\w+[\s*]+\w+\s*=", cl):
            body = cl.strip()
            found.append((li, len(m.group(1)), "del-set", len(body), ";"))
    out = []
    for li, col, name, ln, rep in found:
        old = lines[li][col:col + ln]
        new_line = lines[li][:col] + rep + lines[li][col + ln:]
        out.append({"file": rel, "line": li + 1, "col": col + 1, "op": name,
                    "old": old, "new": rep, "new_line": new_line})
    return out


def all_mutants(src_dir, files):
    ms = []
    for f in sorted(files):
        ms.extend(mutants_of(os.path.join(src_dir, f), "provider/ref/" + f))
    ms.sort(key=lambda m: (m["file"], m["line"], m["col"], m["op"]))
    for i, m in enumerate(ms, 1):
        m["n"] = i
    return ms


def describe(m):
    old = m["old"] if len(m["old"]) <= 40 else m["old"][:37] + "..."
    return "%s:%d:%d: %s '%s' -> '%s'" % (m["file"], m["line"], m["col"], m["op"], old, m["new"])


def read_make_var(path, name):
    for line in open(path):
        if line.startswith(name + " ="):
            return line.split("=", 1)[1].strip()
    return ""


class Builder:
    """Compiles the mutated file with the build's flags and links the .so
    from the build's other objects (build/provider/ref)."""

    def __init__(self, build, scratch):
        self.refdir = os.path.join(build, "provider", "ref")
        obj = os.path.join(self.refdir, "CMakeFiles", "srprov_ref_obj.dir")
        flags = os.path.join(obj, "flags.make")
        link = os.path.join(self.refdir, "CMakeFiles", "srprov_ref.dir", "link.txt")
        if not os.path.exists(flags) or not os.path.exists(link):
            raise SystemExit("mutate: %s has no reference provider build (run scripts/build.sh)"
                             % build)
        self.cflags = (read_make_var(flags, "C_DEFINES") + " " + read_make_var(flags, "C_INCLUDES")
                       + " " + read_make_var(flags, "C_FLAGS")).replace("-Werror", "")
        self.link = shlex.split(open(link).read().strip())
        self.scratch = scratch

    def build(self, m, mutated_src):
        base = os.path.basename(m["file"])
        d = os.path.join(self.scratch, "m%d" % m["n"])
        os.makedirs(d, exist_ok=True)
        # Same name as the original so __FILE__ and includes by "" work from
        # the source dir (-I provider/ref is in the flags).
        csrc = os.path.join(d, base)
        open(csrc, "w").write(mutated_src)
        obj = os.path.join(d, base + ".o")
        cc = self.link[0]
        r = subprocess.run([cc] + shlex.split(self.cflags) + ["-w", "-c", csrc, "-o", obj],
                           cwd=self.refdir, capture_output=True)
        if r.returncode != 0:
            return None
        so = os.path.join(d, "libmutant.so")
        args = []
        skip_out = False
        for a in self.link:
            if skip_out:
                args.append(so)
                skip_out = False
            elif a == "-o":
                args.append(a)
                skip_out = True
            elif a.endswith("/" + base + ".o"):
                args.append(obj)
            else:
                args.append(a)
        r = subprocess.run(args, cwd=self.refdir, capture_output=True)
        return so if r.returncode == 0 else None


def has_explore(srh):
    r = subprocess.run([srh, "explore", "--help"], capture_output=True)
    return r.returncode == 0


def run_one(srh, suite, so, explore, jobs, log):
    cmd = [srh, "run", suite, "--provider", so, "-j", str(jobs), "--no-db", "--timeout", "2"]
    with open(log, "w") as lf:
        try:
            rc = subprocess.run(cmd, stdout=lf, stderr=subprocess.STDOUT, timeout=600).returncode
        except subprocess.TimeoutExpired:
            rc = 1
        if rc == 1 or not explore:
            return rc, "suite"
        t = os.environ.get("EXPLORE_TIME", "60s")
        # Shrunk failures go beside the mutant, not into the tree's reports/.
        out = os.path.join(os.path.dirname(log), "explore")
        cmd = [srh, "explore", "--provider", so, "--time", t, "-j", str(jobs), "--no-db",
               "--out", out]
        try:
            rc2 = subprocess.run(cmd, stdout=lf, stderr=subprocess.STDOUT, timeout=900).returncode
        except subprocess.TimeoutExpired:
            rc2 = 1
        return (rc2, "explore") if rc2 == 1 else (rc, "suite")


def load_equivalent(path):
    eq = {}
    if not os.path.exists(path):
        return eq
    for line in open(path):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        key, _, why = line.partition("--")
        eq[key.strip()] = why.strip()
    return eq


def summary(killed, total, survivors, not_built, eq):
    equiv = [m for m in survivors if describe(m) in eq]
    live = [m for m in survivors if describe(m) not in eq]
    counted = total - len(equiv)
    pct = 100.0 * killed / counted if counted else 0.0
    print("killed %d/%d (%d equivalent left out, %d not built/loaded)" %
          (killed, counted, len(equiv), not_built))
    print("score %.1f%%" % pct)
    for m in live:
        print("survivor %s" % describe(m))
    for m in equiv:
        print("equivalent %s -- %s" % (describe(m), eq[describe(m)]))


LOG_RE = re.compile(r"^\s*\d+ (killed\(\w+\)|SURVIVED|build-failed|not-loaded\(-?\d+\)) "
                    r"(provider/ref/[\w.]+):(\d+):(\d+): (\S+) '(.*)' -> '(.*)'$")


def rescore(log, eq):
    """The summary of an earlier run from its per-mutant lines."""
    killed, total, survivors, not_built = 0, 0, [], 0
    for line in open(log):
        g = LOG_RE.match(line.rstrip("\n"))
        if not g:
            continue
        m = {"file": g.group(2), "line": int(g.group(3)), "col": int(g.group(4)),
             "op": g.group(5), "old": g.group(6), "new": g.group(7)}
        if g.group(1).startswith(("build", "not-")):
            not_built += 1
            continue
        total += 1
        if g.group(1).startswith("killed"):
            killed += 1
        else:
            survivors.append(m)
    summary(killed, total, survivors, not_built, eq)
    return 0


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    root = os.path.dirname(os.path.dirname(here))
    ap = argparse.ArgumentParser(description="mutation score of the suite on provider/ref")
    ap.add_argument("--build", default=os.path.join(root, "build"))
    ap.add_argument("--src", default=os.path.join(root, "provider", "ref"))
    ap.add_argument("--suite", default=os.path.join(root, "scenarios", "suite"))
    ap.add_argument("--files", default="")
    ap.add_argument("--sample", type=int, default=0)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--only", default="")
    ap.add_argument("--list", action="store_true")
    ap.add_argument("--scratch", default="")
    ap.add_argument("--equivalent", default=os.path.join(here, "equivalent.txt"))
    ap.add_argument("-j", type=int, default=2)
    ap.add_argument("--rescore", default="")
    a = ap.parse_args()
    if a.rescore:
        if not os.path.exists(a.rescore):
            print("mutate: no such log %s" % a.rescore, file=sys.stderr)
            return 2
        return rescore(a.rescore, load_equivalent(a.equivalent))

    files = [f for f in os.listdir(a.src) if f.endswith(".c")]
    if a.files:
        want = a.files.split(",")
        bad = [w for w in want if w not in files]
        if bad:
            print("mutate: no such file in %s: %s" % (a.src, ",".join(bad)), file=sys.stderr)
            return 2
        files = want
    ms = all_mutants(a.src, files)
    if a.sample and a.sample < len(ms):
        ms = sorted(random.Random(a.seed).sample(ms, a.sample), key=lambda m: m["n"])
    if a.only:
        try:
            want = {int(x) for x in a.only.split(",")}
        except ValueError:
            print("mutate: --only takes numbers: %s" % a.only, file=sys.stderr)
            return 2
        ms = [m for m in ms if m["n"] in want]
    if a.list:
        for m in ms:
            print("%4d %s" % (m["n"], describe(m)))
        return 0

    srh = os.path.join(a.build, "cli", "srh")
    if not os.access(srh, os.X_OK):
        print("mutate: no %s (run scripts/build.sh)" % srh, file=sys.stderr)
        return 2
    scratch = a.scratch or tempfile.mkdtemp(prefix="srh-mutate-")
    b = Builder(a.build, scratch)
    explore = has_explore(srh)
    eq = load_equivalent(a.equivalent)
    print("mutate: %d mutants, suite%s, scratch %s" % (len(ms), " + explore" if explore else
                                                       " only", scratch), flush=True)
    killed, total, survivors, not_built = 0, 0, [], 0
    for m in ms:
        src = open(os.path.join(a.src, os.path.basename(m["file"])), encoding="utf-8").read()
        lines = src.split("\n")
        lines[m["line"] - 1] = m["new_line"]
        so = b.build(m, "\n".join(lines))
        if not so:
            not_built += 1
            print("%4d build-failed %s" % (m["n"], describe(m)), flush=True)
            continue
        log = os.path.join(scratch, "m%d" % m["n"], "run.log")
        rc, by = run_one(srh, a.suite, so, explore, a.j, log)
        if rc == 2 or rc not in (0, 1):
            not_built += 1
            print("%4d not-loaded(%d) %s" % (m["n"], rc, describe(m)), flush=True)
            continue
        total += 1
        if rc == 1:
            killed += 1
            print("%4d killed(%s) %s" % (m["n"], by, describe(m)), flush=True)
        else:
            survivors.append(m)
            print("%4d SURVIVED %s" % (m["n"], describe(m)), flush=True)
    summary(killed, total, survivors, not_built, eq)
    return 0


if __name__ == "__main__":
    sys.exit(main())
