/*
 * scn_validate.c - the rules of a scenario model (FORMAT.md) that do not
 * depend on how it was written: names in the tables of other rooms, ids,
 * ranges, ValueMap classes, references between sections. The parser runs
 * them on every model it builds (and reports at the line each value came
 * from, scn_scenario.src); a model built in code is checked the same way
 * and its errors name the field's path instead.
 */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "scn_int.h"

typedef struct vctx {
	const scn_scenario *s;
	const scn_names *names;
	char *err;
	size_t errlen;
} vctx;

/* "file:line: message" when the model was parsed (line of the field at,
 * else fallback), else "[file: ]path: message". Returns -1. */
static int __attribute__((format(printf, 5, 6)))
vfail(vctx *v, const void *at, int fallback, const char *path, const char *fmt, ...)
{
	char msg[SCN_ERRLEN], where[512];
	va_list ap;
	int n;

	if (!v->err || v->errlen == 0)
		return -1;
	if (v->s->src) {
		int line = scn_src_line(v->s->src, at);

		(void)snprintf(where, sizeof(where), "%s:%d", v->s->file ? v->s->file : "<string>",
			       line	  ? line
			       : fallback ? fallback
					  : 1);
	} else if (v->s->file) {
		(void)snprintf(where, sizeof(where), "%s: %s", v->s->file, path);
	} else {
		(void)snprintf(where, sizeof(where), "%s", path);
	}
	n = snprintf(v->err, v->errlen, "%s: ", where);
	if (n < 0 || (size_t)n >= v->errlen)
		return -1;
	va_start(ap, fmt);
	(void)vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	cim_line_escape(v->err + n, v->errlen - (size_t)n, msg);
	return -1;
}

/* Valid UTF-8 (no overlong forms, surrogates or values past U+10FFFF):
 * what a YAML file can carry, so what the writer can write back. */
static bool utf8_ok(const char *str)
{
	const unsigned char *s = (const unsigned char *)str;

	while (*s) {
		uint32_t c;
		int more;

		if (*s < 0x80) {
			s++;
			continue;
		}
		if ((*s & 0xe0) == 0xc0)
			c = *s & 0x1f, more = 1;
		else if ((*s & 0xf0) == 0xe0)
			c = *s & 0x0f, more = 2;
		else if ((*s & 0xf8) == 0xf0)
			c = *s & 0x07, more = 3;
		else
			return false;
		s++;
		for (int i = 0; i < more; i++, s++) {
			if ((*s & 0xc0) != 0x80)
				return false;
			c = (c << 6) | (*s & 0x3f);
		}
		if ((more == 1 && c < 0x80) || (more == 2 && c < 0x800) ||
		    (more == 3 && c < 0x10000) || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
			return false;
	}
	return true;
}

/* A free text: NULL (when optional) or non-empty valid UTF-8. */
static int text(vctx *v, char *const *at, int line, const char *path, const char *key,
		bool optional)
{
	if (!*at) {
		if (optional)
			return 0;
		return vfail(v, at, line, path, "%s is missing", key);
	}
	if (!(*at)[0])
		return vfail(v, at, line, path, "%s must not be empty", key);
	if (!utf8_ok(*at))
		return vfail(v, at, line, path, "%s is not valid UTF-8", key);
	return 0;
}

/* provider.store's path is resolved beside the scenario: it must fit. */
static int store(vctx *v)
{
	char *const *at = &v->s->provider_store;
	char path[PATH_MAX];

	if (!*at)
		return 0;
	if (text(v, at, 1, "provider.store", "store", true))
		return -1;
	if (scn_store_path(v->s, path, sizeof(path)) != 0)
		return vfail(v, at, 1, "provider.store", "store \"%s\": path too long", *at);
	return 0;
}

int scn_check_files(const scn_scenario *s, char *err, size_t errlen)
{
	vctx v = {s, NULL, err, errlen};
	char *const *at = &s->provider_store;
	char path[PATH_MAX];

	if (!*at)
		return 0;
	if (scn_store_path(s, path, sizeof(path)) != 0)
		return vfail(&v, at, 1, "provider.store", "store \"%s\": path too long", *at);
	if (access(path, R_OK) != 0)
		return vfail(&v, at, 1, "provider.store", "store \"%s\": cannot read %s: %s", *at,
			     path, strerror(errno));
	return 0;
}

static int id(vctx *v, char *const *at, int line, const char *path, const char *key)
{
	if (text(v, at, line, path, key, false))
		return -1;
	if (strspn(*at, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
			"0123456789_.-") != strlen(*at))
		return vfail(v, at, line, path,
			     "%s \"%s\" may use only letters, digits, '_', '.' and '-'", key, *at);
	return 0;
}

/* A name of another room's table (NULL table: any name). */
static int name(vctx *v, char *const *at, int line, const char *path, const char *what,
		const char *const *list)
{
	char buf[SCN_ALLOWED_LEN];

	if (text(v, at, line, path, what, false))
		return -1;
	if (!list)
		return 0;
	for (size_t i = 0; list[i]; i++)
		if (strcmp(*at, list[i]) == 0)
			return 0;
	scn_join(list, buf, sizeof(buf));
	return vfail(v, at, line, path, "unknown %s \"%s\"; allowed: %s", what, *at, buf);
}

/* A ValueMap number: defined, or vendor when vendor is allowed. */
static int vmap(vctx *v, const void *at, int line, const char *path, const char *key,
		const cim_valuemap *m, bool vendor, uint32_t num)
{
	char buf[SCN_ALLOWED_LEN];
	cim_vclass c = cim_vmap_class(m, num);

	if (c == CIM_V_DEFINED || (c == CIM_V_VENDOR && vendor))
		return 0;
	scn_join_vmap(m, vendor, buf, sizeof(buf));
	if (c == CIM_V_VENDOR)
		return vfail(v, at, line, path,
			     "%s %u is a vendor value of %s, not allowed here; allowed: %s", key,
			     (unsigned)num, m->name, buf);
	return vfail(v, at, line, path, "%s %u is DMTF Reserved in %s (never valid); allowed: %s",
		     key, (unsigned)num, m->name, buf);
}

#define PATH(buf, ...) (void)snprintf(buf, sizeof(buf), __VA_ARGS__)

static int topology(vctx *v, const scn_topology *t)
{
	const scn_side *sides[] = {&t->source, &t->destination};
	const char *sn[] = {"source", "destination"};
	char path[96];

	for (int i = 0; i < 2; i++) {
		PATH(path, "topology.%s.node", sn[i]);
		if (id(v, &sides[i]->node, t->line, path, "node"))
			return -1;
		PATH(path, "topology.%s.group", sn[i]);
		if (id(v, &sides[i]->group, t->line, path, "group"))
			return -1;
		PATH(path, "topology.%s.data_size", sn[i]);
		if (!sides[i]->data_size)
			return vfail(v, &sides[i]->data_size, t->line, path,
				     "data_size must be above 0");
		PATH(path, "topology.%s.log_size", sn[i]);
		if (!sides[i]->log_size)
			return vfail(v, &sides[i]->log_size, t->line, path,
				     "log_size must be above 0");
	}
	if (!t->bandwidth_bps)
		return vfail(v, &t->bandwidth_bps, t->line, "topology.link.bandwidth",
			     "bandwidth must be above 0");
	if (t->mode != SCN_MODE_SYNCHRONOUS && t->mode != SCN_MODE_ASYNCHRONOUS)
		return vfail(v, &t->mode, t->line, "topology.mode",
			     "mode %d is not a replication mode; allowed: synchronous, "
			     "asynchronous",
			     (int)t->mode);
	return 0;
}

/* Job i of the scenario: "job." for the one job of "job:", else
 * "jobs[i]." (each with a unique id; the first submitted at 0). */
static int job(vctx *v, size_t i)
{
	const scn_scenario *s = v->s;
	const scn_job *j = scn_job_at(s, i);
	char at[32], path[96];

	if (s->job.id || i > 0)
		PATH(at, "jobs[%zu].", i);
	else
		PATH(at, "job.");
	PATH(path, "%skind", at);
	if (name(v, &j->kind, j->line, path, "job kind", v->names ? v->names->job_kinds : NULL))
		return -1;
	PATH(path, "%sowner", at);
	if (text(v, &j->owner, j->line, path, "owner", false))
		return -1;
	PATH(path, "%sid", at);
	if ((i > 0 || j->id || s->n_more_jobs) && id(v, &j->id, j->line, path, "job id"))
		return -1;
	for (size_t k = 0; k < i; k++)
		if (strcmp(scn_job_at(s, k)->id, j->id) == 0)
			return vfail(v, &j->id, j->line, path, "job id \"%s\" is given twice",
				     j->id);
	PATH(path, "%sat", at);
	if (i == 0 && j->at_ns != 0)
		return vfail(v, &j->at_ns, j->line, path,
			     "the first job starts the run: its at must be 0");
	PATH(path, "%sgroup", at);
	if (i == 0 && j->other_group)
		return vfail(v, &j->other_group, j->line, path,
			     "the first job runs on the topology's group: group must be same");
	return 0;
}

/* A reference to a job by id ("job:" of an action, fault or final): NULL
 * (the first job) or the id of one. */
static int job_ref(vctx *v, char *const *ref, int line, const char *path)
{
	if (!*ref)
		return 0;
	if (text(v, ref, line, path, "job", false))
		return -1;
	if (scn_job_find(v->s, *ref) < 0)
		return vfail(v, ref, line, path,
			     "job \"%s\" is not the id of a job of jobs:", *ref);
	return 0;
}

static int phase(vctx *v, char *const *at, int line, const char *path)
{
	return name(v, at, line, path, "phase", v->names ? v->names->phases : NULL);
}

static int fault(vctx *v, const scn_fault *f, size_t i)
{
	char path[96];

	PATH(path, "faults[%zu].point", i);
	if (name(v, &f->point, f->line, path, "simulator fault point",
		 v->names ? v->names->sim_points : NULL))
		return -1;
	switch (f->trigger) {
	case SCN_TRIG_AT_TIME:
		break;
	case SCN_TRIG_AT_PHASE:
		PATH(path, "faults[%zu].at_phase", i);
		if (phase(v, &f->phase, f->line, path))
			return -1;
		break;
	case SCN_TRIG_AT_PERCENT:
		PATH(path, "faults[%zu].at_percent", i);
		if (f->percent > 100)
			return vfail(v, &f->percent, f->line, path,
				     "at_percent must be a percentage 0..100, not %u",
				     (unsigned)f->percent);
		break;
	case SCN_TRIG_NTH:
		PATH(path, "faults[%zu].nth", i);
		if (f->nth < 1)
			return vfail(v, &f->nth, f->line, path, "nth must be 1 or more");
		break;
	case SCN_TRIG_PROBABILITY:
		PATH(path, "faults[%zu].probability", i);
		if (!(f->probability > 0.0 && f->probability <= 1.0))
			return vfail(v, &f->probability, f->line, path,
				     "probability must be a number in (0, 1], not %g",
				     f->probability);
		break;
	default:
		PATH(path, "faults[%zu]", i);
		return vfail(v, &f->trigger, f->line, path, "fault trigger %d is not a trigger",
			     (int)f->trigger);
	}
	PATH(path, "faults[%zu].failinfo", i);
	if (f->has_failinfo && f->failinfo < 0)
		return vfail(v, &f->failinfo, f->line, path, "failinfo must be 0 or more");
	PATH(path, "faults[%zu].count", i);
	if (f->count == 0)
		return vfail(v, &f->count, f->line, path, "count must be 1 or more (or forever)");
	if (f->recover != (f->count != SCN_COUNT_FOREVER))
		return vfail(v, &f->recover, f->line, path,
			     "recover must be true exactly when count is not forever");
	PATH(path, "faults[%zu].job", i);
	if (job_ref(v, &f->job, f->line, path))
		return -1;
	PATH(path, "faults[%zu].note", i);
	return text(v, &f->note, f->line, path, "note", true);
}

static int pfault(vctx *v, const scn_prov_fault *f, size_t i)
{
	const scn_scenario *s = v->s;
	char path[96];

	PATH(path, "provider.faults[%zu].point", i);
	if (name(v, &f->point, f->line, path, "provider fault point",
		 v->names ? v->names->prov_points : NULL))
		return -1;
	switch (f->trigger) {
	case SCN_PTRIG_NTH:
		PATH(path, "provider.faults[%zu].nth", i);
		if (f->nth < 1)
			return vfail(v, &f->nth, f->line, path, "nth must be 1 or more");
		break;
	case SCN_PTRIG_ALWAYS:
		break;
	case SCN_PTRIG_AT_ACTION:
		PATH(path, "provider.faults[%zu].at_action", i);
		if (f->action >= s->n_actions || !s->actions[f->action].id)
			return vfail(v, &f->action, f->line, path,
				     "at_action %zu is not an action with an id", f->action);
		break;
	default:
		PATH(path, "provider.faults[%zu]", i);
		return vfail(v, &f->trigger, f->line, path,
			     "provider fault trigger %d is not a trigger", (int)f->trigger);
	}
	PATH(path, "provider.faults[%zu].note", i);
	return text(v, &f->note, f->line, path, "note", true);
}

/* The value of one expectation, by the type of its property. */
static int expect_value(vctx *v, const scn_ectx *ctx, const scn_expect *e, const char *path)
{
	const scn_pdef *d = scn_pdef_of(e->prop);
	const char *key = scn_prop_key(e->prop);
	bool eq_only = d->t != SCN_T_ERROR && d->t != SCN_T_STR && d->t != SCN_T_STRS;

	if ((eq_only && e->match != SCN_M_EQ) ||
	    (d->t == SCN_T_ERROR && e->match != SCN_M_NULL && e->match != SCN_M_PRESENT) ||
	    (d->t == SCN_T_STRS && e->match == SCN_M_GLOB) || (unsigned)e->match > SCN_M_GLOB)
		return vfail(v, e, e->line, path, "%s cannot be matched that way (match %d)", key,
			     (int)e->match);
	switch (d->t) {
	case SCN_T_RC:
		return vmap(v, &e->num, e->line, path, key, ctx->rc_map, true, e->num);
	case SCN_T_VMAP:
		if (e->num > d->max)
			return vfail(v, &e->num, e->line, path,
				     "%s %u is out of range (at most %u)", key, (unsigned)e->num,
				     (unsigned)d->max);
		return vmap(v, &e->num, e->line, path, key, d->vm, true, e->num);
	case SCN_T_OPSTAT:
		if (e->n_nums == 0)
			return vfail(v, e, e->line, path,
				     "%s must be a non-empty list (e.g. [OK, Completed])", key);
		for (size_t i = 0; i < e->n_nums; i++)
			if (vmap(v, &e->nums[i], e->line, path, key, d->vm, true, e->nums[i]))
				return -1;
		return 0;
	case SCN_T_PERCENT:
	case SCN_T_U16:
		if (e->num > d->max)
			return vfail(v, &e->num, e->line, path, "%s must be 0..%u, not %u", key,
				     (unsigned)d->max, (unsigned)e->num);
		return 0;
	case SCN_T_STR:
		if (e->match == SCN_M_EQ || e->match == SCN_M_GLOB)
			return text(v, &e->str, e->line, path, key, false);
		return 0;
	case SCN_T_STRS:
		if (e->match != SCN_M_EQ)
			return 0;
		if (e->n_strs == 0)
			return vfail(v, e, e->line, path,
				     "%s: an empty list is written null (match SCN_M_NULL)", key);
		for (size_t i = 0; i < e->n_strs; i++)
			if (text(v, &e->strs[i], e->line, path, key, false))
				return -1;
		return 0;
	default: /* SCN_T_ERROR, SCN_T_COUNT: any value */
		return 0;
	}
}

/* One block list: MUST ones first, then SHOULD; each key once per level
 * and one that applies where the block sits (ctx). at: "actions[2]". */
static int expects(vctx *v, const scn_ectx *ctx, const scn_expect *list, size_t n, const char *at)
{
	for (size_t i = 0; i < n; i++) {
		const scn_expect *e = &list[i];
		const char *block = e->level == SCN_SHOULD ? "should" : "expect";
		char path[160];

		PATH(path, "%s.expects[%zu]", at, i);
		if ((unsigned)e->prop >= SCN_P_COUNT ||
		    (e->level != SCN_MUST && e->level != SCN_SHOULD))
			return vfail(v, e, e->line, path,
				     "not an expectation (property %d, level %d)", (int)e->prop,
				     (int)e->level);
		PATH(path, "%s.%s.%s", at, block, scn_prop_key(e->prop));
		if (i > 0 && list[i - 1].level == SCN_SHOULD && e->level == SCN_MUST)
			return vfail(v, e, e->line, path,
				     "MUST expectations come before the SHOULD ones");
		for (size_t k = 0; k < i; k++)
			if (list[k].prop == e->prop && list[k].level == e->level)
				return vfail(v, e, e->line, path, "%s is given twice in %s",
					     scn_prop_key(e->prop), block);
		if (!(scn_pdef_of(e->prop)->where & ctx->where))
			return vfail(v, e, e->line, path, "key \"%s\" does not apply to %s of %s",
				     scn_prop_key(e->prop), block, ctx->what);
		if (expect_value(v, ctx, e, path))
			return -1;
	}
	return 0;
}

static int when(vctx *v, const scn_action *a, size_t i)
{
	char path[96];

	switch (a->when.kind) {
	case SCN_WHEN_NEXT:
	case SCN_WHEN_AT_TIME:
	case SCN_WHEN_AT_END:
	case SCN_WHEN_AFTER_END:
		return 0;
	case SCN_WHEN_AT_PERCENT:
		PATH(path, "actions[%zu].at_percent", i);
		if (a->when.percent > 100)
			return vfail(v, &a->when.percent, a->line, path,
				     "at_percent must be a percentage 0..100, not %u",
				     (unsigned)a->when.percent);
		return 0;
	case SCN_WHEN_AT_PHASE:
		PATH(path, "actions[%zu].at_phase", i);
		return phase(v, &a->when.phase, a->line, path);
	case SCN_WHEN_AT_STATE:
		PATH(path, "actions[%zu].at_state", i);
		return vmap(v, &a->when.state, a->line, path, "at_state", &cim_vm_job_state, true,
			    a->when.state);
	default:
		PATH(path, "actions[%zu]", i);
		return vfail(v, &a->when, a->line, path, "action time %d is not a time",
			     (int)a->when.kind);
	}
}

static int action(vctx *v, size_t i)
{
	const scn_action *a = &v->s->actions[i];
	scn_ectx ctx;
	char path[96];

	PATH(path, "actions[%zu].id", i);
	if (a->id && id(v, &a->id, a->line, path, "id"))
		return -1;
	for (size_t k = 0; a->id && k < i; k++) {
		const scn_action *b = &v->s->actions[k];

		if (!b->id || strcmp(b->id, a->id) != 0)
			continue;
		if (v->s->src)
			return vfail(v, a, a->line, path,
				     "action id \"%s\" is already used by the action at line %d",
				     a->id, b->line);
		return vfail(v, a, a->line, path,
			     "action id \"%s\" is already used by actions[%zu]", a->id, k);
	}
	if (when(v, a, i))
		return -1;
	PATH(path, "actions[%zu]", i);
	if (a->kind == SCN_ACT_CALL) {
		if (a->call < SCN_CALL_GET_ERROR || a->call > SCN_CALL_REQUEST_STATE_CHANGE)
			return vfail(v, &a->call, a->line, path, "call %d is not a client call",
				     (int)a->call);
		PATH(path, "actions[%zu].as", i);
		if (text(v, &a->principal, a->line, path, "as", false))
			return -1;
		PATH(path, "actions[%zu].instance_id", i);
		if (a->has_instance_id &&
		    text(v, &a->instance_id, a->line, path, "instance_id", true))
			return -1;
	} else if (a->kind != SCN_ACT_RESTART && a->kind != SCN_ACT_ADVANCE) {
		return vfail(v, &a->kind, a->line, path, "action kind %d is not an operation",
			     (int)a->kind);
	}
	PATH(path, "actions[%zu].note", i);
	if (text(v, &a->note, a->line, path, "note", true))
		return -1;
	PATH(path, "actions[%zu].job", i);
	if (job_ref(v, &a->job, a->line, path))
		return -1;
	scn_action_ectx(a, &ctx);
	PATH(path, "actions[%zu]", i);
	return expects(v, &ctx, a->expects, a->n_expects, path);
}

int scn_validate(const scn_scenario *s, const scn_names *names, char *err, size_t errlen)
{
	vctx v = {s, names, err, errlen};
	char path[96];

	if (err && errlen)
		err[0] = '\0';
	if (id(&v, &s->name, 1, "name", "name") ||
	    text(&v, &s->description, 1, "description", "description", true) ||
	    text(&v, &s->contract, 1, "contract", "contract", true) ||
	    text(&v, &s->note, 1, "note", "note", true))
		return -1;
	for (size_t i = 0; i < s->n_tags; i++) {
		PATH(path, "tags[%zu]", i);
		if (id(&v, &s->tags[i], 1, path, "tag"))
			return -1;
	}
	if (topology(&v, &s->topology))
		return -1;
	for (size_t i = 0; i < scn_job_count(s); i++)
		if (job(&v, i))
			return -1;
	if (text(&v, &s->provider_options, 1, "provider.options", "options", true) ||
	    text(&v, &s->provider_refuses, 1, "provider.refuses", "refuses", true) || store(&v) ||
	    job_ref(&v, &s->final_job, s->final_line, "final.job"))
		return -1;
	for (size_t i = 0; i < s->n_prov_faults; i++)
		if (pfault(&v, &s->prov_faults[i], i))
			return -1;
	for (size_t i = 0; i < s->n_faults; i++)
		if (fault(&v, &s->faults[i], i))
			return -1;
	for (size_t i = 0; i < s->n_actions; i++)
		if (action(&v, i))
			return -1;
	return expects(&v, &scn_final_ectx, s->final, s->n_final, "final");
}
