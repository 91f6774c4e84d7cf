/*
 * test_scn_strings.c - the parser on text in memory: units, each kind of
 * bad value, and every truncation of the examples (no crash, no leak, a
 * file:line on each error).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>

#include "scn.h"
#include "test_scn_names.h"

#define HEAD "name: t\njob: {kind: initial_sync}\n"

static scn_scenario *ok(const char *text)
{
	char err[SCN_ERRLEN];
	scn_scenario *s = NULL;

	cr_assert_eq(scn_parse_string("t.yaml", text, strlen(text), &t_names, &s, err, sizeof(err)),
		     0, "%s", err);
	return s;
}

/* text fails at line with a message containing frag. */
static void bad(const char *text, int line, const char *frag)
{
	char err[SCN_ERRLEN], prefix[32];
	scn_scenario *s = (scn_scenario *)&s;

	cr_assert_eq(scn_parse_string("t.yaml", text, strlen(text), &t_names, &s, err, sizeof(err)),
		     -1, "parsed: %s", text);
	cr_assert_null(s);
	snprintf(prefix, sizeof(prefix), "t.yaml:%d: ", line);
	cr_expect_eq(strncmp(err, prefix, strlen(prefix)), 0, "want %s, got %s", prefix, err);
	cr_expect_not_null(strstr(err, frag), "\"%s\" lacks \"%s\"", err, frag);
}

Test(scn_units, durations)
{
	uint64_t v;

	cr_expect_eq(scn_parse_duration("500ms", &v), 0);
	cr_expect_eq(v, 500000000ull);
	cr_expect_eq(scn_parse_duration("30s", &v), 0);
	cr_expect_eq(v, 30000000000ull);
	cr_expect_eq(scn_parse_duration("5m", &v), 0);
	cr_expect_eq(v, 300000000000ull);
	cr_expect_eq(scn_parse_duration("2h", &v), 0);
	cr_expect_eq(v, 7200000000000ull);
	cr_expect_eq(scn_parse_duration("1d", &v), 0);
	cr_expect_eq(v, 86400000000000ull);
	cr_expect_eq(scn_parse_duration("7ns", &v), 0);
	cr_expect_eq(v, 7);
	cr_expect_eq(scn_parse_duration("3 us", &v), 0);
	cr_expect_eq(v, 3000);
	cr_expect_eq(scn_parse_duration("0", &v), 0);
	cr_expect_eq(v, 0);
	v = 42;
	cr_expect_eq(scn_parse_duration("5", &v), -1); /* a unit is needed */
	cr_expect_eq(scn_parse_duration("1.5s", &v), -1);
	cr_expect_eq(scn_parse_duration("-1s", &v), -1);
	cr_expect_eq(scn_parse_duration("5 minutes", &v), -1);
	cr_expect_eq(scn_parse_duration("s", &v), -1);
	cr_expect_eq(scn_parse_duration("", &v), -1);
	cr_expect_eq(scn_parse_duration("999999999999d", &v), -1); /* overflow */
	cr_expect_eq(scn_parse_duration("99999999999999999999ns", &v), -1);
	cr_expect_eq(v, 42, "a failed parse changes nothing");
}

Test(scn_units, sizes_and_bandwidths)
{
	uint64_t v;

	cr_expect_eq(scn_parse_size("100GiB", &v), 0);
	cr_expect_eq(v, 100ull << 30);
	cr_expect_eq(scn_parse_size("1TB", &v), 0);
	cr_expect_eq(v, 1000000000000ull);
	cr_expect_eq(scn_parse_size("4 KiB", &v), 0);
	cr_expect_eq(v, 4096);
	cr_expect_eq(scn_parse_size("512B", &v), 0);
	cr_expect_eq(v, 512);
	cr_expect_eq(scn_parse_size("2TiB", &v), 0);
	cr_expect_eq(v, 2ull << 40);
	cr_expect_eq(scn_parse_size("100", &v), -1);
	cr_expect_eq(scn_parse_size("100gib", &v), -1);
	cr_expect_eq(scn_parse_size("99999999TiB", &v), -1);
	cr_expect_eq(scn_parse_bandwidth("1Gbps", &v), 0);
	cr_expect_eq(v, 1000000000ull);
	cr_expect_eq(scn_parse_bandwidth("100Mbps", &v), 0);
	cr_expect_eq(v, 100000000ull);
	cr_expect_eq(scn_parse_bandwidth("1GB", &v), -1);
}

Test(scn_strings, minimal_scenario)
{
	scn_scenario *s = ok(HEAD);

	cr_expect_str_eq(s->file, "t.yaml");
	cr_expect_str_eq(s->name, "t");
	cr_expect_eq(s->n_actions, 0);
	cr_expect_eq(s->n_final, 0);
	cr_expect_eq(s->job.line, 2);
	scn_free(s);
	scn_free(NULL);
}

Test(scn_strings, top_level)
{
	bad("- a\n- b\n", 1, "a scenario must be a mapping (keys: name, description");
	bad("job: {kind: resync}\n", 1, "missing required key \"name\" in the scenario");
	bad("name: t\n", 1, "missing required key \"job\"");
	bad("name: a b\njob: {kind: resync}\n", 1,
	    "name \"a b\" may use only letters, digits, '_', '.' and '-'");
	bad("name: \"\"\njob: {kind: resync}\n", 1, "name must not be empty");
	bad("name: \"a\\0b\"\njob: {kind: resync}\n", 1, "NUL");
	bad("name: [t]\njob: {kind: resync}\n", 1, "name must be a single value, not a list");
	bad(HEAD "tags: x\n", 3, "tags must be a list, not a scalar");
	bad(HEAD "tags: [ok, \"not ok\"]\n", 3, "tag \"not ok\" may use only");
	bad(HEAD "seed: -1\n", 3, "seed must be a whole number 0..18446744073709551615");
	bad(HEAD "seed: 18446744073709551616\n", 3, "seed must be a whole number");
	bad(HEAD "Name: x\n", 3,
	    "unknown key \"Name\" in a scenario; allowed: name, "
	    "description, contract, note, tags, seed, topology, job, jobs, provider, faults, "
	    "actions, "
	    "final");
	bad(HEAD "? [a]\n: b\n", 3, "a key in a scenario must be a plain name, not a list");
	bad("# only a comment\n", 1, "empty file");
	bad("name: t\n\"\\xff\": 1\njob: {kind: resync}\n", 2, "unknown key");
	bad("name: t\njob: {kind: resync}\n...\n--- [1]\n", 4, "a second YAML document");
	bad("name: t\njob: {kind: resync\n", 3, "YAML syntax error");
	bad("name: t\njob: *nope\n", 2, "YAML syntax error");
	bad("name: \xff\n", 1, "not readable as YAML text");
}

Test(scn_strings, topology)
{
	scn_scenario *s = ok(HEAD "topology:\n  destination: {data_size: 2TB, log_size: 1GiB}\n"
				  "  mode: asynchronous\n");

	cr_expect_eq(s->topology.source.data_size, 1ull << 30);
	cr_expect_eq(s->topology.destination.data_size, 2000000000000ull);
	cr_expect_eq(s->topology.destination.log_size, 1ull << 30);
	cr_expect_eq(s->topology.mode, SCN_MODE_ASYNCHRONOUS);
	cr_expect_eq(s->topology.line, 3);
	scn_free(s);
	bad(HEAD "topology: {mode: sync}\n", 3,
	    "mode \"sync\" is not a replication mode; allowed: synchronous, asynchronous");
	bad(HEAD "topology: {source: {data_size: 0GiB}}\n", 3,
	    "data_size: bad size \"0GiB\"; write a whole number above 0 and a unit: B, KB");
	bad(HEAD "topology: {source: {log_size: 8}}\n", 3, "log_size: bad size \"8\"");
	bad(HEAD "topology:\n  link:\n    bandwidth: 1GB/s\n", 5,
	    "bandwidth: bad bandwidth \"1GB/s\"; write a whole number above 0 and a unit: "
	    "bps, Kbps, Mbps, Gbps, Tbps");
	bad(HEAD "topology: {link: {latency: fast}}\n", 3, "latency: bad duration");
	bad(HEAD "topology: {link: {jitter: 1ms}}\n", 3,
	    "unknown key \"jitter\" in link; allowed: bandwidth, latency");
	bad(HEAD "topology: {source: {node: \"SR 1\"}}\n", 3, "node \"SR 1\" may use only");
	bad(HEAD "topology: {source: [a]}\n", 3,
	    "source must be a mapping (keys: node, group, data_size, log_size), not a list");
}

Test(scn_strings, job)
{
	scn_scenario *s = ok("name: t\njob:\n  kind: switch_direction\n  owner: bob\n"
			     "  hold: true\n  delete_on_completion: false\n  time_limit: 0\n");

	cr_expect_str_eq(s->job.kind, "switch_direction");
	cr_expect_str_eq(s->job.owner, "bob");
	cr_expect(s->job.hold);
	cr_expect_not(s->job.delete_on_completion);
	scn_free(s);
	bad("name: t\njob: {kind: initial_synk}\n", 2,
	    "unknown job kind \"initial_synk\"; allowed: initial_sync, resync,");
	bad("name: t\njob: initial_sync\n", 2, "job must be a mapping (keys: kind, owner");
	bad("name: t\njob: {kind: resync, hold: yes}\n", 2,
	    "hold must be true or false, not \"yes\"");
	bad("name: t\njob: {kind: resync, hold: [1]}\n", 2,
	    "hold must be true or false, not a list");
	bad("name: t\njob: {kind: resync, owner: null}\n", 2,
	    "owner must be a single value, not null");
	bad("name: t\njob: {kind: resync, dirty_size: lots}\n", 2, "dirty_size: bad size");
	bad("name: t\njob: {kind: resync, heartbeat_deadline: 1y}\n", 2,
	    "heartbeat_deadline: bad duration");
}

#define JOBS                                                                                       \
	"name: t\njobs:\n  - {id: a, kind: initial_sync}\n"                                        \
	"  - {id: b, kind: resync, owner: bob, at: 2s, group: other}\n"

Test(scn_strings, jobs)
{
	scn_scenario *s = ok(JOBS "faults:\n  - {point: sim/disk/write, at_percent: 5, job: b}\n"
				  "actions:\n  - {job: b, at_end: true, call: GetError}\n"
				  "  - {call: GetError}\n"
				  "final: {job: b}\n");

	cr_expect_eq(scn_job_count(s), 2);
	cr_expect_str_eq(s->job.id, "a");
	cr_expect_str_eq(scn_job_at(s, 1)->owner, "bob");
	cr_expect_eq(scn_job_at(s, 1)->at_ns, 2000000000ull);
	cr_expect(scn_job_at(s, 1)->other_group);
	cr_expect_null(scn_job_at(s, 2));
	cr_expect_eq(scn_job_find(s, "b"), 1);
	cr_expect_eq(scn_job_find(s, NULL), 0);
	cr_expect_eq(scn_job_find(s, "c"), -1);
	cr_expect_str_eq(s->faults[0].job, "b");
	/* A call without "as:" is made by the owner of the job it addresses. */
	cr_expect_str_eq(s->actions[0].principal, "bob");
	cr_expect_str_eq(s->actions[1].principal, "alice");
	cr_expect_str_eq(s->final_job, "b");
	scn_free(s);

	bad(JOBS "actions:\n  - call: GetError\n    job: c\n", 7,
	    "job \"c\" is not the id of a job of jobs:");
	bad(JOBS "faults:\n  - point: sim/disk/write\n    at: 1s\n    job: zz\n", 8,
	    "job \"zz\" is not the id");
	bad(JOBS "final:\n  job: nope\n", 6, "job \"nope\" is not the id");
	bad(HEAD "actions:\n  - call: GetError\n    job: a\n", 5, "job \"a\" is not the id");
	bad("name: t\njobs:\n  - {id: a, kind: initial_sync}\n  - {id: a, kind: resync}\n", 4,
	    "job id \"a\" is given twice");
	bad("name: t\njobs:\n  - {kind: initial_sync}\n", 3,
	    "missing required key \"id\" in a job of jobs");
	bad("name: t\njobs:\n  - {id: a, kind: initial_sync, at: 1s}\n", 3,
	    "the first job starts the run");
	bad("name: t\njobs:\n  - {id: a, kind: initial_sync}\n  - {id: b, kind: resync, group: "
	    "x}\n",
	    4, "group \"x\" is not a group; allowed: same, other");
	bad("name: t\njobs: []\n", 2, "jobs must list at least one job");
	bad(HEAD "jobs:\n  - {id: a, kind: initial_sync}\n", 3, "both job and jobs");
	bad("name: t\njob: {kind: initial_sync, id: a}\n", 2, "unknown key \"id\" in job");
}

Test(scn_strings, faults)
{
	scn_scenario *s =
	    ok(HEAD "faults:\n"
		    "  - {point: sim/disk/gone, at_phase: copy, failinfo: 6}\n"
		    "  - {point: sim/net/reset, nth: 3, count: forever}\n"
		    "  - {point: sim/disk/read, at: 1s, recover: false}\n"
		    "  - {point: sim/log/append, probability: 1, failinfo: ENOSPC}\n");

	cr_assert_eq(s->n_faults, 4);
	cr_expect_eq(s->faults[0].trigger, SCN_TRIG_AT_PHASE);
	cr_expect_str_eq(s->faults[0].phase, "copy");
	cr_expect_eq(s->faults[0].failinfo, 6);
	cr_expect_eq(s->faults[1].nth, 3);
	cr_expect_eq(s->faults[1].count, SCN_COUNT_FOREVER);
	cr_expect_not(s->faults[1].recover);
	cr_expect_eq(s->faults[2].count, SCN_COUNT_FOREVER);
	cr_expect_eq(s->faults[3].failinfo, 28); /* ENOSPC on Linux */
	cr_expect_eq(s->faults[3].line, 7);
	scn_free(s);
	bad(HEAD "faults: {point: sim/disk/read}\n", 3, "faults must be a list, not a mapping");
	bad(HEAD "faults:\n  - at: 1s\n", 4, "missing required key \"point\" in fault");
	bad(HEAD "faults:\n  - point: sim/disk/read\n", 4,
	    "fault has no trigger; give exactly one of: at, at_phase, at_percent, nth, "
	    "probability");
	bad(HEAD "faults:\n  - point: sim/disk/read\n    nth: 0\n", 5,
	    "nth must be a whole number 1..");
	bad(HEAD "faults:\n  - point: sim/disk/read\n    at_percent: 101\n", 5,
	    "at_percent must be a percentage 0..100 (e.g. 50 or 50%), not \"101\"");
	bad(HEAD "faults:\n  - point: sim/disk/read\n    probability: 0\n", 5,
	    "probability must be a number in (0, 1]");
	bad(HEAD "faults:\n  - point: sim/disk/read\n    probability: 0.5x\n", 5,
	    "probability must be a number in (0, 1]");
	bad(HEAD "faults:\n  - point: sim/disk/read\n    at_phase: copying\n", 5,
	    "unknown phase \"copying\"; allowed: connect, authenticate, scan, copy");
	bad(HEAD "faults:\n  - point: sim/disk/read\n    at: 1s\n    failinfo: EFOO\n", 6,
	    "failinfo \"EFOO\" is neither a whole number nor an errno name; allowed: EPERM,");
	bad(HEAD "faults:\n  - point: sim/disk/read\n    at: 1s\n    recover: true\n"
		 "    count: 2\n",
	    7, "fault has two persistence settings, \"recover\" (line 6) and \"count\"");
	bad(HEAD "faults:\n  - point: sim/disk/read\n    at: 1s\n    count: 0\n", 6,
	    "count must be a whole number 1..4294967294 or forever, not \"0\"");
	bad(HEAD "faults:\n  - point: sim/disk/read\n    at: 1s\n    count: {a: 1}\n", 6,
	    "count must be a whole number 1..4294967294 or forever, not a mapping");
	bad(HEAD "faults:\n  - point: sim/disk/read\n    at: 1s\n    duration: long\n", 6,
	    "duration: bad duration");
	bad(HEAD "faults:\n  - point: sim/disk/read\n    at: 1s\n    failinfo: 3000000000\n", 6,
	    "failinfo 3000000000 is out of range (at most 2147483647)");
	bad(HEAD "faults:\n  - point: sim/disk/read\n    at: 1s\n    failinfo: 3s\n", 6,
	    "failinfo \"3s\" is neither a whole number nor an errno name");
	bad(HEAD "faults:\n  - point: prov/store/read\n    at: 1s\n", 4,
	    "unknown simulator fault point \"prov/store/read\"");
}

Test(scn_strings, provider)
{
	scn_scenario *s =
	    ok(HEAD "provider:\n  options: null\n  faults:\n"
		    "    - {point: prov/engine/slow, always: true, failinfo: 3000000000}\n"
		    "    - {point: prov/error/alloc, nth: 2}\n"
		    "    - {point: prov/engine/slow, at_action: b, failinfo: 1500ms}\n"
		    "actions:\n  - {id: a, call: GetError}\n  - {id: b, call: GetError}\n");

	cr_expect_null(s->provider_options);
	cr_assert_eq(s->n_prov_faults, 3);
	cr_expect_eq(s->prov_faults[0].trigger, SCN_PTRIG_ALWAYS);
	cr_expect_eq(s->prov_faults[1].trigger, SCN_PTRIG_NTH);
	cr_expect_eq(s->prov_faults[1].nth, 2);
	cr_expect_eq(s->prov_faults[0].failinfo, 3000000000ull);
	cr_expect_eq(s->prov_faults[2].failinfo, 1500000000ull);
	cr_expect_eq(s->prov_faults[2].trigger, SCN_PTRIG_AT_ACTION);
	cr_expect_eq(s->prov_faults[2].action, 1);
	scn_free(s);
	bad(HEAD "provider:\n  faults:\n    - {point: prov/engine/slow, always: true,"
		 " failinfo: 3 hours}\n",
	    5,
	    "failinfo \"3 hours\" is neither a whole number, "
	    "a duration (e.g. 3s) nor an errno name; allowed: EPERM, ENOENT");
	bad(HEAD "provider:\n  faults:\n    - {point: prov/store/read, always: false}\n", 5,
	    "always must be true");
	bad(HEAD "provider:\n  faults:\n    - {point: prov/store/read}\n", 5,
	    "provider fault has no trigger; give exactly one of: nth, always, at_action");
	bad(HEAD "provider:\n  faults:\n    - {point: prov/store/reed, nth: 1}\n", 5,
	    "unknown provider fault point \"prov/store/reed\"; allowed: prov/engine/slow, "
	    "prov/store/read, prov/error/alloc");
	s = ok(HEAD "provider:\n  options: cache=2\n  refuses: \"for option 'cache'\"\n");
	cr_expect_str_eq(s->provider_refuses, "for option 'cache'");
	scn_free(s);
	bad(HEAD "provider:\n  refuses: \"\"\n", 4, "refuses must not be empty");
}

/* provider.store: a file beside the scenario (or absolute) that must be
 * readable when the scenario is read, not when the run gets to the open. */
Test(scn_strings, provider_store)
{
	scn_scenario *s = ok(HEAD "provider:\n  refuses: x\n  store: /dev/null\n");
	char path[64];

	cr_expect_str_eq(s->provider_store, "/dev/null");
	cr_expect_eq(scn_store_path(s, path, sizeof(path)), 0);
	cr_expect_str_eq(path, "/dev/null");
	free(s->file);
	s->file = strdup("suite/provider/a.yaml");
	free(s->provider_store);
	s->provider_store = strdup("store/x.sql");
	cr_expect_eq(scn_store_path(s, path, sizeof(path)), 0);
	cr_expect_str_eq(path, "suite/provider/store/x.sql");
	cr_expect_eq(scn_store_path(s, path, 10), -1, "a path that does not fit");
	scn_free(s);
	/* Read from disk (scn_parse_file), the file must be there. */
	s = ok(HEAD "provider:\n  refuses: x\n\n  store: no-such-store.db\n");
	char err[SCN_ERRLEN];
	cr_expect_eq(scn_check_files(s, err, sizeof(err)), -1);
	cr_expect_str_eq(err, "t.yaml:6: store \"no-such-store.db\": cannot read "
			      "no-such-store.db: No such file or directory");
	scn_free(s);
	bad(HEAD "provider:\n  store: \"\"\n", 4, "store must not be empty");
	bad(HEAD "provider:\n  option: x\n", 4,
	    "unknown key \"option\" in provider; allowed: options, refuses, store, store_jobs, "
	    "host, faults");
	s = ok(HEAD "provider:\n  store_jobs: [\"SRSIM:a\", \"SRSIM:b\"]\n");
	cr_expect_eq(s->n_store_jobs, 2u);
	cr_expect_str_eq(s->store_jobs[1], "SRSIM:b");
	scn_free(s);
	bad(HEAD "provider:\n  store_jobs: SRSIM:a\n", 4, "store_jobs");
	bad(HEAD "provider:\n  faults:\n    - {point: prov/store/read, at_action: x}\n", 5,
	    "at_action \"x\" names no action; action ids: (none)");
}

/* provider.host: each key read into its field, the defaults left alone,
 * and each bad value refused at its line. */
Test(scn_strings, provider_host)
{
	scn_scenario *s = ok(HEAD "provider:\n  host:\n    abi_major: 2\n    query: error\n"
				  "    request_state: absent\n");
	cr_expect_eq(s->host.abi_major, 2u);
	cr_expect_eq(s->host.query, SCN_HOST_CB_ERROR);
	cr_expect_eq(s->host.request_state, SCN_HOST_CB_ABSENT);
	scn_free(s);
	s = ok(HEAD "provider:\n  host: {request_state: unsupported}\n");
	cr_expect_eq(s->host.abi_major, 0u);
	cr_expect_eq(s->host.query, SCN_HOST_CB_ENGINE);
	cr_expect_eq(s->host.request_state, SCN_HOST_CB_UNSUPPORTED);
	cr_expect_eq(s->host.events, SCN_HOST_EV_ENGINE);
	scn_free(s);
	s = ok(HEAD "provider:\n  host: {events: after_end}\n");
	cr_expect_eq(s->host.events, SCN_HOST_EV_AFTER_END);
	scn_free(s);
	bad(HEAD "provider:\n  host:\n    query: maybe\n", 5,
	    "host.query must be engine, absent, unsupported, error or no_job, not \"maybe\"");
	bad(HEAD "provider:\n  host:\n    abi_major: 0\n", 5, "abi_major");
	bad(HEAD "provider:\n  host:\n    clock: absent\n", 5,
	    "unknown key \"clock\" in host; allowed: abi_major, abi_minor, now, query, "
	    "request_state, events");
	bad(HEAD "provider:\n  host:\n    events: late\n", 5,
	    "host.events must be one of engine, end_no_cause, no_cause, after_end, bad_end, "
	    "over_100, bad_state, unknown_kind, bad_fault, created_twice, bad_create, "
	    "repeat_state, no_errno, not "
	    "\"late\"");
	bad(HEAD "provider:\n  host:\n    now: error\n", 5,
	    "host.now must be engine or absent, not \"error\"");
	s = ok(HEAD "provider:\n  host: {abi_minor: 0, now: absent}\n");
	cr_expect(s->host.has_abi_minor);
	cr_expect_eq(s->host.abi_minor, 0u);
	cr_expect(s->host.no_now);
	scn_free(s);
}

Test(scn_strings, actions)
{
	scn_scenario *s = ok(HEAD "actions:\n"
				  "  - {at: 90s, call: RequestStateChange, RequestedState: 7,"
				  " TimeoutPeriod: 30s}\n"
				  "  - {call: RequestStateChange, RequestedState: kill, as: ops,"
				  " instance_id: null}\n"
				  "  - {at_state: 32768, advance: 1m}\n");

	cr_assert_eq(s->n_actions, 3);
	cr_expect_eq(s->actions[0].when.time_ns, 90000000000ull);
	/* An input may be outside the ValueMap on purpose (Invalid Parameter). */
	cr_expect_eq(s->actions[0].requested_state, 7);
	cr_expect_eq(s->actions[0].timeout_period_ns, 30000000000ull);
	cr_expect_eq(s->actions[1].requested_state, 5); /* Kill, any case */
	cr_expect(s->actions[1].has_instance_id);
	cr_expect_null(s->actions[1].instance_id);
	cr_expect_eq(s->actions[2].when.state, 32768);
	cr_expect_eq(s->actions[2].advance_ns, 60000000000ull);
	scn_free(s);
	bad(HEAD "actions: {call: GetError}\n", 3, "actions must be a list");
	bad(HEAD "actions:\n  - at: 1s\n", 4,
	    "action has no operation; give exactly one of: call, restart, advance");
	bad(HEAD "actions:\n  - {call: GetError, advance: 1s}\n", 4,
	    "action has two operations, \"call\" (line 4) and \"advance\"");
	bad(HEAD "actions:\n  - {call: GetErorr}\n", 4,
	    "call \"GetErorr\" is not a client call; allowed: GetError, GetErrors, "
	    "GetInstance, EnumerateInstances, RequestStateChange");
	bad(HEAD "actions:\n  - {restart: engine}\n", 4,
	    "restart \"engine\" is not something to restart; allowed: provider");
	bad(HEAD "actions:\n  - {at: 1s, at_end: true, call: GetError}\n", 4,
	    "action has two times, \"at\" (line 4) and \"at_end\"; give at most one of: "
	    "at, at_percent, at_phase, at_state, at_end, after_end");
	bad(HEAD "actions:\n  - {at_end: false, call: GetError}\n", 4, "at_end must be true");
	bad(HEAD "actions:\n  - {at_state: Runing, call: GetError}\n", 4,
	    "at_state \"Runing\" is not a JobState; allowed: New (2)");
	bad(HEAD "actions:\n  - {at_state: 13, call: GetError}\n", 4,
	    "at_state 13 is DMTF Reserved in JobState");
	bad(HEAD "actions:\n  - {at_state: 70000, call: GetError}\n", 4,
	    "at_state 70000 is out of range (at most 65535)");
	bad(HEAD "actions:\n  - call: RequestStateChange\n", 4,
	    "missing required key \"RequestedState\" in a RequestStateChange");
	bad(HEAD "actions:\n  - {call: RequestStateChange, RequestedState: Pause}\n", 4,
	    "RequestedState \"Pause\" is not a RequestedState; allowed: Start (2), "
	    "Suspend (3), Terminate (4), Kill (5), Service (6)");
	bad(HEAD "actions:\n  - {call: GetError, RequestedState: Kill}\n", 4,
	    "RequestedState applies only to call: RequestStateChange");
	bad(HEAD "actions:\n  - {call: GetError,\n     TimeoutPeriod: 1s}\n", 5,
	    "TimeoutPeriod applies only to call: RequestStateChange");
	bad(HEAD "actions:\n  - {restart: provider, as: bob}\n", 4,
	    "as applies only to a client call");
	bad(HEAD "actions:\n  - {advance: 1s, admin: true}\n", 4,
	    "admin applies only to a client call");
	bad(HEAD "actions:\n  - {id: a, call: GetError}\n  - {id: a, advance: 1s}\n", 5,
	    "action id \"a\" is already used by the action at line 4");
	bad(HEAD "actions:\n  - {call: GetError, go: now}\n", 4,
	    "unknown key \"go\" in action; allowed: id, at, at_percent");
}

Test(scn_strings, expectations)
{
	scn_scenario *s = ok(HEAD "actions:\n"
				  "  - call: GetError\n"
				  "    expect:\n"
				  "      rc: 40000\n"
				  "      Error.MessageArguments: [vol1, \"50\"]\n"
				  "      Error.ErrorSource: null\n"
				  "      Error.CIMStatusCode: cim_err_access_denied\n"
				  "    should:\n"
				  "      Error.RecommendedActions: []\n"
				  "      ErrorCode: 65535\n"
				  "  - call: RequestStateChange\n"
				  "    RequestedState: Terminate\n"
				  "    expect: {rc: Busy}\n");
	const scn_expect *e = s->actions[0].expects;

	cr_assert_eq(s->actions[0].n_expects, 6);
	cr_expect_eq(e[0].num, 40000); /* vendor-specific: allowed */
	cr_expect_eq(e[0].line, 6);
	cr_assert_eq(e[1].n_strs, 2);
	cr_expect_str_eq(e[1].strs[1], "50");
	cr_expect_eq(e[2].match, SCN_M_NULL);
	cr_expect_eq(e[3].num, 2);
	cr_expect_eq(e[4].level, SCN_SHOULD);
	cr_expect_eq(e[4].match, SCN_M_NULL);
	cr_expect_eq(e[5].num, 65535);
	cr_expect_eq(s->actions[1].expects[0].num, 4099);
	scn_free(s);

#define GE HEAD "actions:\n  - call: GetError\n    expect:\n"
	bad(GE "      rc: 4097\n", 6, "rc 4097 is DMTF Reserved in ");
	bad(GE "      rc: Sucess\n", 6, "rc \"Sucess\" is not a ");
	bad(GE "      error: maybe\n", 6, "error must be null or present, not \"maybe\"");
	bad(GE "      error: [x]\n", 6, "error must be null or present, not a list");
	bad(GE "      errors: 1\n", 6,
	    "unknown key \"errors\" in expect of GetError; allowed: rc, error, JobState");
	bad(GE "      PercentComplete: 101\n", 6, "PercentComplete must be a percentage 0..100");
	bad(GE "      ErrorCode: 65536\n", 6, "ErrorCode must be a whole number 0..65535");
	bad(GE "      OperationalStatus: [OK, Fine]\n", 6,
	    "OperationalStatus \"Fine\" is not an OperationalStatus; allowed: Unknown (0)");
	bad(GE "      OperationalStatus.lacks: []\n", 6, "must be a non-empty list");
	bad(GE "      Error.ErrorType: 11\n", 6,
	    "Error.ErrorType 11 is DMTF Reserved in ErrorType");
	bad(GE "      Error.CIMStatusCode: 0\n", 6, "Error.CIMStatusCode 0 is DMTF Reserved");
	bad(GE "      Error.MessageID: {glob: \"SR*\", present: true}\n", 6,
	    "Error.MessageID has two matchers");
	bad(GE "      Error.MessageID: {regex: x}\n", 6,
	    "unknown key \"regex\" in Error.MessageID; allowed: glob, present");
	bad(GE "      Error.MessageID: {present: false}\n", 6, "present must be true");
	bad(GE "      Error.MessageArguments: {glob: x}\n", 6,
	    "unknown key \"glob\" in Error.MessageArguments; allowed: present");
	bad(GE "      Error.MessageArguments: [a, [b]]\n", 6,
	    "Error.MessageArguments must be a single value, not a list");
	bad(GE "      Error.Message: 5\n      Error.Message: 6\n", 7, "duplicate key");
	bad(GE "      JobState: Running\n    must: {}\n", 7, "unknown key \"must\" in action");
	bad(GE "      - rc\n", 6, "expect of GetError must be a mapping (keys: rc, error,");
	bad(HEAD "actions:\n  - advance: 1s\n    expect: {rc: 0}\n", 5,
	    "unknown key \"rc\" in expect of advance; allowed: JobState,");
	bad(HEAD "final:\n  expect: {errors: 0}\n", 4,
	    "unknown key \"errors\" in expect of final; allowed: rc, error, JobState");
	bad(HEAD "final:\n  expected: {rc: 0}\n", 4,
	    "unknown key \"expected\" in final; allowed: job, expect, should");
#undef GE
}

/* A small err buffer is cut, never overrun; a NULL one is fine. */
Test(scn_strings, error_buffer_sizes)
{
	char err[24];
	scn_scenario *s;

	memset(err, 'x', sizeof(err));
	cr_expect_eq(scn_parse_string("t.yaml", "- 1\n", 4, &t_names, &s, err, 16), -1);
	cr_expect_str_eq(err, "t.yaml:1: a sce");
	cr_expect_eq(err[16], 'x');
	cr_expect_eq(scn_parse_string("t.yaml", "- 1\n", 4, &t_names, &s, NULL, 0), -1);
	cr_expect_null(s);
	cr_expect_eq(scn_parse_file("/nonexistent/x.yaml", &t_names, &s, NULL, 0), -1);
	cr_expect_eq(scn_parse_file("/nonexistent/x.yaml", &t_names, &s, err, sizeof(err)), -1);
	cr_expect_str_eq(err, "/nonexistent/x.yaml: ca");
}

/* Every prefix of every example either parses or fails with file:line. */
Test(scn_strings, truncated_examples)
{
	static const char *const files[] = {
	    "initial_sync_io_error_mid.yaml",
	    "resync_terminate_copy.yaml",
	    "test_topology_transient.yaml",
	    NULL,
	};
	const char *env = getenv("SCN_TEST_STRIDE");
	size_t stride = env ? (size_t)strtoul(env, NULL, 10) : 1;

	if (stride == 0)
		stride = 1;
	for (size_t f = 0; files[f]; f++) {
		char path[512], err[SCN_ERRLEN], *text;
		long len;
		FILE *fp;

		snprintf(path, sizeof(path), "%s/%s", SCN_EXAMPLES_DIR, files[f]);
		fp = fopen(path, "rb");
		cr_assert_not_null(fp);
		cr_assert_eq(fseek(fp, 0, SEEK_END), 0);
		len = ftell(fp);
		cr_assert_gt(len, 0);
		rewind(fp);
		text = malloc((size_t)len);
		cr_assert_not_null(text);
		cr_assert_eq(fread(text, 1, (size_t)len, fp), (size_t)len);
		fclose(fp);
		for (size_t n = 0; n <= (size_t)len; n += stride) {
			scn_scenario *s;
			int rc =
			    scn_parse_string("x.yaml", text, n, &t_names, &s, err, sizeof(err));

			if (rc == 0) {
				scn_free(s);
				continue;
			}
			cr_expect_null(s);
			cr_expect_eq(strncmp(err, "x.yaml:", 7), 0, "%s", err);
			cr_expect(err[7] >= '1' && err[7] <= '9', "%s", err);
		}
		free(text);
	}
}
