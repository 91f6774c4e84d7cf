/*
 * scn_action.c - the ordered "actions" list: when each runs, what it does
 * (a client call, a provider restart, letting time pass) and what it must
 * observe.
 */
#include <stdlib.h>
#include <string.h>

#include "scn_int.h"

static const char *const when_keys[] = {"at",	  "at_percent", "at_phase", "at_state",
					"at_end", "after_end",	NULL};
static const char *const what_keys[] = {"call", "restart", "advance", NULL};

const char *scn_call_name(scn_call c)
{
	const char *n = cim_client_call_name((unsigned)c);

	if (c == SCN_CALL_NONE)
		return "none";
	return n ? n : "?";
}

static int parse_when(scn_p *p, yaml_node_t *n, scn_action *a)
{
	yaml_node_t *v;
	uint32_t st;
	bool yes;
	int which;

	if (scn_one_of(p, n, "action", "time", when_keys, a->line, true, &which))
		return -1;
	if (which < 0)
		return 0; /* SCN_WHEN_NEXT */
	v = scn_map_get(p, n, when_keys[which], NULL);
	a->when.kind = (scn_when_kind)(which + SCN_WHEN_AT_TIME);
	switch (a->when.kind) {
	case SCN_WHEN_AT_TIME:
		return scn_get_duration(p, v, "at", &a->when.time_ns);
	case SCN_WHEN_AT_PERCENT:
		return scn_get_percent(p, v, "at_percent", &a->when.percent);
	case SCN_WHEN_AT_PHASE:
		return scn_get_name(p, v, "phase", &a->when.phase);
	case SCN_WHEN_AT_STATE:
		if (scn_get_vmap(p, v, "at_state", &cim_vm_job_state, SCN_VM_VENDOR, 65535u, &st))
			return -1;
		a->when.state = (uint16_t)st;
		return scn_src_note(p, &a->when.state, scn_line(v));
	case SCN_WHEN_AT_END:
		if (scn_get_bool(p, v, "at_end", &yes))
			return -1;
		if (!yes)
			return scn_fail(p, scn_line(v), "at_end must be true");
		return 0;
	default:
		return scn_get_duration(p, v, "after_end", &a->when.time_ns);
	}
}

static int parse_call(scn_p *p, yaml_node_t *v, scn_action *a)
{
	char buf[SCN_ALLOWED_LEN];

	if (scn_want(p, v, YAML_SCALAR_NODE, "call"))
		return -1;
	for (int c = SCN_CALL_GET_ERROR; cim_client_calls[c]; c++) {
		if (strcmp(scn_text(v), cim_client_calls[c]) == 0) {
			a->call = (scn_call)c;
			return 0;
		}
	}
	scn_join(cim_client_calls + 1, buf, sizeof(buf));
	return scn_fail(p, scn_line(v), "call \"%s\" is not a client call; allowed: %s",
			scn_text(v), buf);
}

static int parse_what(scn_p *p, yaml_node_t *n, scn_action *a)
{
	yaml_node_t *v;
	int which;

	if (scn_one_of(p, n, "action", "operation", what_keys, a->line, false, &which))
		return -1;
	v = scn_map_get(p, n, what_keys[which], NULL);
	a->kind = (scn_action_kind)which;
	if (a->kind == SCN_ACT_CALL)
		return parse_call(p, v, a);
	if (a->kind == SCN_ACT_ADVANCE)
		return scn_get_duration(p, v, "advance", &a->advance_ns);
	if (scn_want(p, v, YAML_SCALAR_NODE, "restart"))
		return -1;
	if (strcmp(scn_text(v), "provider") != 0)
		return scn_fail(p, scn_line(v),
				"restart \"%s\" is not something to restart; allowed: provider",
				scn_text(v));
	return 0;
}

/* A key that only some actions take: an error anywhere else. */
static int only_for(scn_p *p, yaml_node_t *n, const char *key, bool ok, const char *who)
{
	int kline;

	if (ok || !scn_map_get(p, n, key, &kline))
		return 0;
	return scn_fail(p, kline, "%s applies only to %s", key, who);
}

static int parse_rsc(scn_p *p, yaml_node_t *n, scn_action *a)
{
	yaml_node_t *v;
	uint32_t rs;

	if (scn_map_need(p, n, "RequestedState", a->line, "a RequestStateChange", &v) ||
	    scn_get_vmap(p, v, "RequestedState", &cim_vm_requested_state, SCN_VM_ANY_NUMBER, 65535u,
			 &rs))
		return -1;
	a->requested_state = (uint16_t)rs;
	if ((v = scn_map_get(p, n, "TimeoutPeriod", NULL)) &&
	    scn_get_duration(p, v, "TimeoutPeriod", &a->timeout_period_ns))
		return -1;
	return 0;
}

static int parse_caller(scn_p *p, yaml_node_t *n, scn_action *a)
{
	yaml_node_t *v;

	if ((v = scn_map_get(p, n, "as", NULL)) && scn_get_str(p, v, "as", &a->principal))
		return -1;
	if ((v = scn_map_get(p, n, "admin", NULL)) && scn_get_bool(p, v, "admin", &a->admin))
		return -1;
	if ((v = scn_map_get(p, n, "instance_id", NULL))) {
		a->has_instance_id = true;
		if (scn_get_str_or_null(p, v, "instance_id", &a->instance_id))
			return -1;
	}
	return 0;
}

void scn_action_ectx(const scn_action *a, scn_ectx *c)
{
	scn_ectx ctx = {"an action", SCN_W_JOB, NULL};

	if (a->kind == SCN_ACT_CALL) {
		ctx.what = scn_call_name(a->call);
		ctx.where |= SCN_W_RC;
		ctx.rc_map =
		    a->call == SCN_CALL_REQUEST_STATE_CHANGE ? &cim_vm_rsc_rc : &cim_vm_geterror_rc;
	}
	if (a->call == SCN_CALL_GET_ERROR || a->call == SCN_CALL_GET_ERRORS)
		ctx.where |= SCN_W_ERR;
	if (a->call == SCN_CALL_GET_ERRORS)
		ctx.where |= SCN_W_ERRS;
	if (a->kind == SCN_ACT_RESTART)
		ctx.what = "restart";
	if (a->kind == SCN_ACT_ADVANCE)
		ctx.what = "advance";
	*c = ctx;
}

static int parse_action_expects(scn_p *p, yaml_node_t *n, scn_action *a)
{
	scn_ectx ctx;

	scn_action_ectx(a, &ctx);
	return scn_parse_expects(p, n, &ctx, &a->expects, &a->n_expects);
}

static int parse_action(scn_p *p, yaml_node_t *n, scn_action *a)
{
	static const char *const keys[] = {
	    "id",	 "at",	  "at_percent",	 "at_phase", "at_state",       "at_end",
	    "after_end", "call",  "restart",	 "advance",  "RequestedState", "TimeoutPeriod",
	    "as",	 "admin", "instance_id", "note",     "expect",	       "should",
	    "job",	 NULL,
	};
	bool rsc, call;
	yaml_node_t *v;

	a->line = scn_line(n);
	if (scn_map_check(p, n, "action", keys))
		return -1;
	if ((v = scn_map_get(p, n, "id", NULL)) && scn_get_str(p, v, "id", &a->id))
		return -1;
	if ((v = scn_map_get(p, n, "note", NULL)) && scn_get_str_or_null(p, v, "note", &a->note))
		return -1;
	if ((v = scn_map_get(p, n, "job", NULL)) &&
	    (scn_get_str(p, v, "job", &a->job) || scn_src_note(p, &a->job, scn_line(v))))
		return -1;
	if (parse_when(p, n, a) || parse_what(p, n, a))
		return -1;
	call = a->kind == SCN_ACT_CALL;
	rsc = a->call == SCN_CALL_REQUEST_STATE_CHANGE;
	if (only_for(p, n, "RequestedState", rsc, "call: RequestStateChange") ||
	    only_for(p, n, "TimeoutPeriod", rsc, "call: RequestStateChange") ||
	    only_for(p, n, "as", call, "a client call") ||
	    only_for(p, n, "admin", call, "a client call") ||
	    only_for(p, n, "instance_id", call, "a client call"))
		return -1;
	if ((rsc && parse_rsc(p, n, a)) || (call && parse_caller(p, n, a)))
		return -1;
	return parse_action_expects(p, n, a);
}

int scn_parse_actions(scn_p *p, yaml_node_t *n, scn_scenario *s)
{
	size_t cnt;

	if (scn_want(p, n, YAML_SEQUENCE_NODE, "actions"))
		return -1;
	cnt = scn_seq_size(n);
	if (cnt == 0)
		return 0;
	s->actions = calloc(cnt, sizeof(*s->actions));
	if (!s->actions)
		return scn_fail(p, scn_line(n), "out of memory");
	s->n_actions = cnt;
	for (size_t i = 0; i < cnt; i++)
		if (parse_action(p, scn_seq_item(p, n, i), &s->actions[i]))
			return -1;
	return 0;
}

void scn_action_free(scn_action *a)
{
	free(a->id);
	free(a->when.phase);
	free(a->principal);
	free(a->instance_id);
	free(a->note);
	free(a->job);
	for (size_t i = 0; i < a->n_expects; i++)
		scn_expect_free(&a->expects[i]);
	free(a->expects);
}
