#!/usr/bin/env python3
"""Generate scenarios/suite/failure/<kind>/*.yaml: each fault class in each
job kind where the engine reaches it, at an early, a middle and a late
moment of the job.

Dev-time only: the generated files are committed (tests/suite checks that
they match, where python3 is); run this again after changing the tables
below: python3 scenarios/suite/gen/gen_failure.py && srh fmt scenarios/suite/failure
(the generator writes plain YAML; srh fmt makes it canonical, and
tests/suite/gen_in_sync.sh compares the two steps' output with the files).

Where the fault points reach (srh faults; srh replay --trace - of a clean
run per kind; a persistent fault armed in each phase):
  initial_sync   connect authenticate copy finalize       every class
  resync         connect authenticate scan copy finalize  every class
  test_topology  connect authenticate probe_latency probe_throughput
                 probe_io report                          no log_full
  create_partnership connect authenticate validate format_log register
                 commit                                   no io_error, disk_failure
  switch_direction connect authenticate demote promote reverse resume
                 (drain has no work)                      no disk or log points
  remove_group   connect stop delete_log unregister
                 (flush_log has no work)                  no disk, log or auth points
sim/partner/auth is only reached in authenticate, so auth_refused has one
scenario per kind. sim/net/partition fails a job with class partition only
while it connects; later the job stalls and fails with class timeout when
the partner stays silent past the heartbeat deadline (contract.md: "the
partner stayed silent past its deadline").

Every expectation comes from shared/spec/contract.md: the failure path
(JobState Exception, OK absent, GetError 0 with an Error) and the timeout
path (ProbableCause names the timeout) are MUST; the reference profile's
CIM_Error of the fault class and OperationalStatus {Error, Completed} are
SHOULD.
"""
import json
import os
import sys
import textwrap

HERE = os.path.dirname(os.path.abspath(__file__))
# Output folder: the first argument (for a check in a scratch folder),
# else the suite's own.
OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(HERE), "failure")

# contract.md, "The reference profile (SHOULD)":
# class -> (ErrorType, PerceivedSeverity, ProbableCause, CIMStatusCode, what)
PROFILE = {
    "io_error": ("Hardware Error", "Critical", "I/O Device Error", "CIM_ERR_FAILED",
                 "data volume read/write I/O error (EIO)"),
    "disk_failure": ("Hardware Error", "Fatal/NonRecoverable", "Disk Failure",
                     "CIM_ERR_FAILED", "data disk gone (persistent device failure)"),
    "log_full": ("Unavailable Resource Error", "Major", "Storage Capacity Problem",
                 "CIM_ERR_FAILED", "log volume full (ENOSPC)"),
    "partition": ("Communications Error", "Major", "Connection Establishment Error",
                  "CIM_ERR_FAILED", "network partition: partner unreachable"),
    "conn_reset": ("Communications Error", "Major", "Transmission Error", "CIM_ERR_FAILED",
                   "connection reset mid-transfer, retries exhausted"),
    "timeout": ("Quality of Service Error", "Major", "Timeout", "CIM_ERR_FAILED",
                "partner silent past the heartbeat deadline, or job time limit exceeded"),
    "partner_crash": ("Communications Error", "Critical", "Element Unavailable",
                      "CIM_ERR_FAILED", "partner node crash"),
    "auth_refused": ("Security Error", "Major", "Authentication Failure",
                     "CIM_ERR_ACCESS_DENIED", "authentication to the partner refused"),
    "engine_oom": ("Oversubscription Error", "Critical", "Out of Memory", "CIM_ERR_FAILED",
                   "engine out of memory"),
    "engine_bug": ("Software Error", "Fatal/NonRecoverable", "Software Error",
                   "CIM_ERR_FAILED", "engine software fault (an invariant broke)"),
}

POINT = {
    "io_error": None,  # read or write, given per scenario
    "disk_failure": "sim/disk/gone",
    "log_full": "sim/log/append",
    "partition": "sim/net/partition",
    "conn_reset": "sim/net/reset",
    "timeout": None,  # the job's time limit
    "partner_crash": "sim/partner/crash",
    "auth_refused": "sim/partner/auth",
    "engine_oom": "sim/engine/oom",
    "engine_bug": "sim/engine/invariant",
}

# Moments, written as the scenario keys they become.
START = ("at_state", "Starting")


def ph(p):
    return ("at_phase", p)


def pct(n):
    return ("at_percent", n)


def nth(n):
    return ("nth", n)


def limit(t):
    return ("time_limit", t)


# Per kind: optional topology/job lines, then per class a list of
# (label, fault trigger, moment of the GetError before the fault[, point]).
# The trigger is a fault trigger (at_phase / at_percent / nth), or
# ("time_limit", duration) for the timeout class.
KINDS = {
    "initial_sync": {
        "io_error": [("early", nth(1), ph("connect"), "sim/disk/read"),
                     ("mid", pct(50), pct(25), "sim/disk/write"),
                     ("late", pct(90), pct(75), "sim/disk/read")],
        "disk_failure": [("early", ph("copy"), ph("connect")),
                         ("mid", pct(45), pct(25)),
                         ("late", pct(85), pct(75))],
        "log_full": [("early", nth(1), ph("authenticate")),
                     ("mid", pct(50), pct(25)),
                     ("late", pct(90), pct(75))],
        "partition": [("early", ph("connect"), START),
                      ("mid", pct(50), pct(25)),
                      ("late", ph("finalize"), pct(90))],
        "conn_reset": [("early", ph("authenticate"), ph("connect")),
                       ("mid", pct(50), pct(25)),
                       ("late", ph("finalize"), pct(90))],
        "timeout": [("early", limit("3ms"), START),
                    ("mid", limit("4s"), pct(25)),
                    ("late", limit("8600ms"), pct(90))],
        "partner_crash": [("early", ph("connect"), START),
                          ("mid", pct(50), pct(25)),
                          ("late", ph("finalize"), pct(90))],
        "auth_refused": [("early", ph("authenticate"), ph("connect"))],
        "engine_oom": [("early", ph("authenticate"), ph("connect")),
                       ("mid", ph("copy"), ph("authenticate")),
                       ("late", ph("finalize"), pct(90))],
        "engine_bug": [("early", ph("connect"), START),
                       ("mid", pct(50), pct(25)),
                       ("late", ph("finalize"), pct(90))],
    },
    # 10 GiB volumes with 1 GiB dirty: 16 copy chunks, so percents are fine
    # grained; the scan of the bitmap takes no time.
    "resync": {
        "_topology": "topology:\n  source: {data_size: 10GiB}\n",
        "_job": "  dirty_size: 1GiB\n",
        "io_error": [("early", ph("scan"), ph("connect"), "sim/disk/read"),
                     ("mid", pct(50), pct(25), "sim/disk/write"),
                     ("late", pct(90), pct(75), "sim/disk/read")],
        "disk_failure": [("early", ph("scan"), ph("connect")),
                         ("mid", pct(50), pct(25)),
                         ("late", pct(90), pct(75))],
        "log_full": [("early", nth(1), ph("scan")),
                     ("mid", pct(50), pct(25)),
                     ("late", pct(90), pct(75))],
        "partition": [("early", ph("connect"), START),
                      ("mid", pct(50), pct(25)),
                      ("late", ph("finalize"), pct(90))],
        "conn_reset": [("early", ph("authenticate"), ph("connect")),
                       ("mid", pct(50), pct(25)),
                       ("late", ph("finalize"), pct(90))],
        "timeout": [("early", limit("3ms"), START),
                    ("mid", limit("4s"), pct(25)),
                    ("late", limit("8600ms"), pct(90))],
        "partner_crash": [("early", ph("authenticate"), ph("connect")),
                          ("mid", pct(50), pct(25)),
                          ("late", ph("finalize"), pct(90))],
        "auth_refused": [("early", ph("authenticate"), ph("connect"))],
        "engine_oom": [("early", ph("scan"), ph("connect")),
                       ("mid", ph("copy"), ph("scan")),
                       ("late", ph("finalize"), pct(90))],
        "engine_bug": [("early", ph("scan"), ph("connect")),
                       ("mid", pct(50), pct(25)),
                       ("late", ph("finalize"), pct(90))],
    },
    # probe_latency at 0%, probe_throughput 1..70%, probe_io 94..98%
    # (the only phase touching the data volume), report 99..100%.
    "test_topology": {
        "io_error": [("early", nth(1), ph("probe_throughput"), "sim/disk/read"),
                     ("mid", pct(95), pct(94), "sim/disk/write"),
                     ("late", pct(97), pct(95), "sim/disk/read")],
        "disk_failure": [("early", nth(1), ph("probe_throughput")),
                         ("mid", pct(95), pct(94)),
                         ("late", pct(97), pct(95))],
        "partition": [("early", ph("connect"), START),
                      ("mid", ph("probe_latency"), ph("authenticate")),
                      ("late", pct(47), pct(24))],
        "conn_reset": [("early", ph("connect"), START),
                       ("mid", ph("probe_latency"), ph("authenticate")),
                       ("late", pct(70), pct(47))],
        "timeout": [("early", limit("3ms"), START),
                    ("mid", limit("1s"), ph("probe_throughput")),
                    ("late", limit("2250ms"), pct(70))],
        "partner_crash": [("early", ph("connect"), START),
                          ("mid", ph("probe_latency"), ph("authenticate")),
                          ("late", pct(70), pct(47))],
        "auth_refused": [("early", ph("authenticate"), ph("connect"))],
        "engine_oom": [("early", ph("connect"), START),
                       ("mid", ph("probe_throughput"), ph("probe_latency")),
                       ("late", ph("report"), pct(94))],
        "engine_bug": [("early", ph("connect"), START),
                       ("mid", pct(47), pct(24)),
                       ("late", ph("report"), pct(94))],
    },
    # validate at 0%, format_log 0..98% (12 ms .. 4.307 s, the only phase
    # writing the log), register and commit 99..100%.
    "create_partnership": {
        "log_full": [("early", nth(1), ph("validate")),
                     ("mid", pct(50), pct(25)),
                     ("late", pct(90), pct(75))],
        "partition": [("early", ph("connect"), START),
                      ("mid", ph("validate"), ph("authenticate")),
                      ("late", ph("commit"), ph("register"))],
        "conn_reset": [("early", ph("connect"), START),
                       ("mid", ph("validate"), ph("authenticate")),
                       ("late", ph("commit"), ph("register"))],
        "timeout": [("early", limit("3ms"), START),
                    ("mid", limit("2s"), pct(25)),
                    ("late", limit("4310ms"), pct(90))],
        "partner_crash": [("early", ph("connect"), START),
                          ("mid", ph("validate"), ph("authenticate")),
                          ("late", ph("register"), pct(90))],
        "auth_refused": [("early", ph("authenticate"), ph("connect"))],
        "engine_oom": [("early", ph("connect"), START),
                       ("mid", ph("format_log"), ph("validate")),
                       ("late", ph("commit"), ph("register"))],
        "engine_bug": [("early", ph("connect"), START),
                       ("mid", pct(50), pct(25)),
                       ("late", ph("commit"), ph("register"))],
    },
    # connect 0%, authenticate 25%, demote 40%, promote 55%, reverse 70%,
    # resume 85..100%; 3 ms per phase.
    "switch_direction": {
        "partition": [("early", ph("connect"), START),
                      ("mid", ph("promote"), ph("demote")),
                      ("late", ph("resume"), ph("reverse"))],
        "conn_reset": [("early", ph("connect"), START),
                       ("mid", ph("promote"), ph("demote")),
                       ("late", ph("resume"), ph("reverse"))],
        "timeout": [("early", limit("3ms"), START),
                    ("mid", limit("13ms"), ph("demote")),
                    ("late", limit("20ms"), ph("reverse"))],
        "partner_crash": [("early", ph("connect"), START),
                          ("mid", ph("promote"), ph("demote")),
                          ("late", ph("resume"), ph("reverse"))],
        "auth_refused": [("early", ph("authenticate"), ph("connect"))],
        "engine_oom": [("early", ph("connect"), START),
                       ("mid", ph("promote"), ph("demote")),
                       ("late", ph("resume"), ph("reverse"))],
        "engine_bug": [("early", ph("connect"), START),
                       ("mid", ph("promote"), ph("demote")),
                       ("late", ph("resume"), ph("reverse"))],
    },
    # connect 0%, stop 41%, delete_log 66%, unregister 75..100%.
    "remove_group": {
        "partition": [("early", ph("connect"), START),
                      ("mid", ph("stop"), ph("connect")),
                      ("late", ph("unregister"), ph("delete_log"))],
        "conn_reset": [("early", ph("connect"), START),
                       ("mid", ph("stop"), ph("connect")),
                       ("late", ph("unregister"), ph("delete_log"))],
        "timeout": [("early", limit("3ms"), START),
                    ("mid", limit("7ms"), ph("connect")),
                    ("late", limit("12ms"), ph("delete_log"))],
        "partner_crash": [("early", ph("connect"), START),
                          ("mid", ph("stop"), ph("connect")),
                          ("late", ph("unregister"), ph("delete_log"))],
        "engine_oom": [("early", ph("connect"), START),
                       ("mid", ph("delete_log"), ph("stop")),
                       ("late", ph("unregister"), ph("delete_log"))],
        "engine_bug": [("early", ph("connect"), START),
                       ("mid", ph("delete_log"), ph("stop")),
                       ("late", ph("unregister"), ph("delete_log"))],
    },
}


def moment(m):
    key, val = m
    return "%s: %s" % (key, val)


def ended_class(cls, trig):
    """The fault class the job ends with: a partition after the connect
    phase is waited out until the heartbeat deadline, a timeout."""
    if cls == "partition" and trig != ph("connect"):
        return "timeout"
    return cls


def describe(kind, cls, label, trig, point, end_cls):
    if trig[0] == "time_limit":
        return ("the job's time limit of %s runs out (%s): the engine ends it "
                "as a timeout." % (trig[1], label))
    how = {"nth": "from its %sst hit on" % trig[1] if trig[1] == 1 else
           "from hit %s on" % trig[1],
           "at_phase": "in phase %s" % trig[1],
           "at_percent": "once PercentComplete >= %s" % trig[1]}[trig[0]]
    text = "%s fails persistently %s (%s)" % (point, how, label)
    if end_cls != cls:
        text += ("; the link never heals, so the job fails when the partner "
                 "stays silent past the heartbeat deadline (class timeout)")
    elif cls in ("io_error", "conn_reset"):
        text += "; the engine's retries run out"
    return text + "."


def scenario(kind, cls, entry, extra):
    label, trig, before = entry[0], entry[1], entry[2]
    point = entry[3] if len(entry) > 3 else POINT[cls]
    end_cls = ended_class(cls, trig)
    etype, sev, cause, status, what = PROFILE[end_cls]
    name = "%s.%s.%s" % (kind, cls, label)
    out = []
    w = out.append
    w("name: %s" % name)
    w("note: Generated by scenarios/suite/gen/gen_failure.py; edit the generator.")
    w("contract: %s" % json.dumps("contract.md: %s path; reference profile row \"%s\"." % (
        "timeout" if end_cls == "timeout" else "failure", what)))
    w("description: >")
    for line in textwrap.wrap(describe(kind, cls, label, trig, point, end_cls), 76):
        w("  " + line)
    w("tags: [failure, %s, %s, %s]" % (kind, cls, label))
    w("")
    if extra.get("_topology"):
        out.append(extra["_topology"].rstrip("\n"))
        w("")
    w("job:")
    w("  kind: %s" % kind)
    if trig[0] == "time_limit":
        w("  time_limit: %s" % trig[1])
    if extra.get("_job"):
        out.append(extra["_job"].rstrip("\n"))
    w("")
    if trig[0] != "time_limit":
        w("faults:")
        w("  - point: %s" % point)
        w("    %s" % moment(trig))
        w("")
    w("actions:")
    w("  - %s" % moment(before))
    w("    note: \"before the fault: still running\"")
    w("    call: GetError")
    w("    expect: {rc: Success, error: null}")
    w("    should: {OperationalStatus: [OK]}")
    w("")
    w("  - at_end: true")
    w("    call: GetError")
    w("    expect: &failed")
    w("      rc: Success")
    w("      error: present")
    w("      JobState: Exception")
    w("      OperationalStatus.lacks: [OK]")
    w("      Error.MessageID: {present: true}")
    if end_cls == "timeout":
        w("      Error.ProbableCause: %s" % cause)
    w("    should: &profile")
    w("      OperationalStatus: [Error, Completed]")
    w("      Error.ErrorType: %s" % etype)
    w("      Error.PerceivedSeverity: %s" % sev)
    w("      Error.ProbableCause: %s" % cause)
    w("      Error.CIMStatusCode: %s" % status)
    w("      Error.CIMStatusCodeDescription: {present: true}")
    w("      Error.OwningEntity: SRSIM")
    w("      Error.MessageID: {glob: \"SR[0-9][0-9][0-9][0-9]\"}")
    w("      Error.Message: {present: true}")
    w("      Error.MessageArguments: {present: true}")
    w("      Error.RecommendedActions: {present: true}")
    w("      Error.ErrorSourceFormat: CIMObjectPath")
    w("      Error.ErrorSource: {present: true}")
    w("")
    w("  - call: GetError")
    w("    note: the Error is stable")
    w("    expect: *failed")
    w("    should: *profile")
    w("")
    w("  - call: GetErrors")
    w("    note: consistent with GetError (MUST-7)")
    w("    should: {rc: Success, errors: 1}")
    w("")
    w("final:")
    w("  expect: {rc: Success, error: present, JobState: Exception}")
    return name, "\n".join(out) + "\n"


def main():
    n = 0
    for kind, classes in KINDS.items():
        d = os.path.join(OUT, kind)
        os.makedirs(d, exist_ok=True)
        extra = {k: v for k, v in classes.items() if k.startswith("_")}
        for cls, entries in classes.items():
            if cls.startswith("_"):
                continue
            for e in entries:
                name, text = scenario(kind, cls, e, extra)
                with open(os.path.join(d, name + ".yaml"), "w") as f:
                    f.write(text)
                n += 1
    print("wrote %d scenarios under %s" % (n, OUT), file=sys.stderr)


if __name__ == "__main__":
    main()
