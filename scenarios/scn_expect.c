/*
 * scn_expect.c - expectation blocks: "expect:" (MUST) and "should:"
 * (SHOULD), in actions and in "final:".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scn_int.h"

#define U16 65535u
static const scn_pdef pdefs[SCN_P_COUNT] = {
    [SCN_P_RC] = {SCN_T_RC, NULL, UINT32_MAX, SCN_W_RC},
    [SCN_P_ERROR] = {SCN_T_ERROR, NULL, 0, SCN_W_ERR},
    [SCN_P_ERRORS] = {SCN_T_COUNT, NULL, UINT32_MAX, SCN_W_ERRS},
    [SCN_P_JOB_STATE] = {SCN_T_VMAP, &cim_vm_job_state, U16, SCN_W_JOB},
    [SCN_P_OP_STATUS] = {SCN_T_OPSTAT, &cim_vm_op_status, U16, SCN_W_JOB},
    [SCN_P_OP_STATUS_HAS] = {SCN_T_OPSTAT, &cim_vm_op_status, U16, SCN_W_JOB},
    [SCN_P_OP_STATUS_LACKS] = {SCN_T_OPSTAT, &cim_vm_op_status, U16, SCN_W_JOB},
    [SCN_P_PERCENT] = {SCN_T_PERCENT, NULL, 100, SCN_W_JOB},
    [SCN_P_ERROR_CODE] = {SCN_T_U16, NULL, U16, SCN_W_JOB},
    [SCN_P_E_ERROR_TYPE] = {SCN_T_VMAP, &cim_vm_error_type, U16, SCN_W_ERR},
    [SCN_P_E_OTHER_ERROR_TYPE] = {SCN_T_STR, NULL, 0, SCN_W_ERR},
    [SCN_P_E_OWNING_ENTITY] = {SCN_T_STR, NULL, 0, SCN_W_ERR},
    [SCN_P_E_MESSAGE_ID] = {SCN_T_STR, NULL, 0, SCN_W_ERR},
    [SCN_P_E_MESSAGE] = {SCN_T_STR, NULL, 0, SCN_W_ERR},
    [SCN_P_E_MESSAGE_ARGUMENTS] = {SCN_T_STRS, NULL, 0, SCN_W_ERR},
    [SCN_P_E_PERCEIVED_SEVERITY] = {SCN_T_VMAP, &cim_vm_severity, U16, SCN_W_ERR},
    [SCN_P_E_PROBABLE_CAUSE] = {SCN_T_VMAP, &cim_vm_probable_cause, U16, SCN_W_ERR},
    [SCN_P_E_PROBABLE_CAUSE_DESCRIPTION] = {SCN_T_STR, NULL, 0, SCN_W_ERR},
    [SCN_P_E_RECOMMENDED_ACTIONS] = {SCN_T_STRS, NULL, 0, SCN_W_ERR},
    [SCN_P_E_ERROR_SOURCE] = {SCN_T_STR, NULL, 0, SCN_W_ERR},
    [SCN_P_E_ERROR_SOURCE_FORMAT] = {SCN_T_VMAP, &cim_vm_error_source_format, U16, SCN_W_ERR},
    [SCN_P_E_OTHER_ERROR_SOURCE_FORMAT] = {SCN_T_STR, NULL, 0, SCN_W_ERR},
    [SCN_P_E_CIM_STATUS_CODE] = {SCN_T_VMAP, &cim_vm_status_code, UINT32_MAX, SCN_W_ERR},
    [SCN_P_E_CIM_STATUS_CODE_DESCRIPTION] = {SCN_T_STR, NULL, 0, SCN_W_ERR},
};

#define SCN_PROP_KEY_(id, key) key,
static const char *const prop_keys[] = {SCN_PROP_MAP(SCN_PROP_KEY_) NULL};
#undef SCN_PROP_KEY_

const char *scn_prop_key(scn_prop p)
{
	return (unsigned)p < SCN_P_COUNT ? prop_keys[p] : "?";
}

const scn_pdef *scn_pdef_of(scn_prop p)
{
	return &pdefs[p];
}

const char *scn_level_name(scn_level l)
{
	return l == SCN_SHOULD ? "SHOULD" : "MUST";
}

static int find_prop(const char *key)
{
	for (int i = 0; i < SCN_P_COUNT; i++)
		if (strcmp(prop_keys[i], key) == 0)
			return i;
	return -1;
}

static int parse_opstat(scn_p *p, const yaml_node_t *v, const char *key, scn_expect *e)
{
	size_t cnt;
	uint32_t u;

	if (v->type != YAML_SEQUENCE_NODE || scn_seq_size(v) == 0)
		return scn_fail(p, scn_line(v),
				"%s must be a non-empty list (e.g. [OK, Completed]), not %s", key,
				scn_kind_name(v));
	cnt = scn_seq_size(v);
	e->nums = calloc(cnt, sizeof(*e->nums));
	if (!e->nums)
		return scn_fail(p, scn_line(v), "out of memory");
	for (size_t i = 0; i < cnt; i++) {
		if (scn_get_vmap(p, scn_seq_item(p, v, i), key, &cim_vm_op_status, SCN_VM_VENDOR,
				 U16, &u) ||
		    scn_src_note(p, &e->nums[i], scn_line(scn_seq_item(p, v, i))))
			return -1;
		e->nums[e->n_nums++] = (uint16_t)u;
	}
	return 0;
}

/* {glob: P} or {present: true}; glob only for a single string. */
static int parse_matcher(scn_p *p, yaml_node_t *v, const char *key, bool glob, scn_expect *e)
{
	static const char *const both[] = {"glob", "present", NULL};
	static const char *const only_present[] = {"present", NULL};
	const char *const *keys = glob ? both : only_present;
	yaml_node_t *m;
	bool yes;
	int which;

	if (scn_map_check(p, v, key, keys) ||
	    scn_one_of(p, v, key, "matcher", keys, scn_line(v), false, &which))
		return -1;
	m = scn_map_get(p, v, keys[which], NULL);
	if (strcmp(keys[which], "glob") == 0) {
		e->match = SCN_M_GLOB;
		return scn_get_str(p, m, "glob", &e->str);
	}
	if (scn_get_bool(p, m, "present", &yes))
		return -1;
	if (!yes)
		return scn_fail(p, scn_line(m),
				"present must be true (write null for an absent value)");
	e->match = SCN_M_PRESENT;
	return 0;
}

static int parse_strs(scn_p *p, yaml_node_t *v, const char *key, scn_expect *e)
{
	size_t cnt;

	if (scn_is_null(v)) {
		e->match = SCN_M_NULL;
		return 0;
	}
	if (v->type == YAML_MAPPING_NODE)
		return parse_matcher(p, v, key, false, e);
	if (scn_want(p, v, YAML_SEQUENCE_NODE, key))
		return -1;
	cnt = scn_seq_size(v);
	if (cnt == 0) {
		e->match = SCN_M_NULL;
		return 0;
	}
	e->strs = calloc(cnt, sizeof(*e->strs));
	if (!e->strs)
		return scn_fail(p, scn_line(v), "out of memory");
	for (size_t i = 0; i < cnt; i++, e->n_strs++)
		if (scn_get_str(p, scn_seq_item(p, v, i), key, &e->strs[i]))
			return -1;
	return 0;
}

static int parse_str(scn_p *p, yaml_node_t *v, const char *key, scn_expect *e)
{
	if (scn_is_null(v)) {
		e->match = SCN_M_NULL;
		return 0;
	}
	if (v->type == YAML_MAPPING_NODE)
		return parse_matcher(p, v, key, true, e);
	return scn_get_str(p, v, key, &e->str);
}

static int parse_error(scn_p *p, yaml_node_t *v, scn_expect *e)
{
	if (scn_is_null(v)) {
		e->match = SCN_M_NULL;
		return 0;
	}
	if (v->type == YAML_SCALAR_NODE && strcmp(scn_text(v), "present") == 0) {
		e->match = SCN_M_PRESENT;
		return 0;
	}
	return scn_fail(p, scn_line(v), "error must be null or present, not %s%s%s",
			v->type == YAML_SCALAR_NODE ? "\"" : "",
			v->type == YAML_SCALAR_NODE ? scn_text(v) : scn_kind_name(v),
			v->type == YAML_SCALAR_NODE ? "\"" : "");
}

static int parse_value(scn_p *p, yaml_node_t *v, const char *key, const scn_ectx *ctx,
		       scn_expect *e)
{
	const scn_pdef *d = &pdefs[e->prop];
	uint64_t u;
	uint16_t pc;

	switch (d->t) {
	case SCN_T_RC:
		return scn_get_vmap(p, v, key, ctx->rc_map, SCN_VM_VENDOR, d->max, &e->num);
	case SCN_T_ERROR:
		return parse_error(p, v, e);
	case SCN_T_VMAP:
		return scn_get_vmap(p, v, key, d->vm, SCN_VM_VENDOR, d->max, &e->num);
	case SCN_T_OPSTAT:
		return parse_opstat(p, v, key, e);
	case SCN_T_PERCENT:
		if (scn_get_percent(p, v, key, &pc))
			return -1;
		e->num = pc;
		return 0;
	case SCN_T_COUNT:
	case SCN_T_U16:
		if (scn_get_uint(p, v, key, 0, d->max, &u))
			return -1;
		e->num = (uint32_t)u;
		return 0;
	case SCN_T_STR:
		return parse_str(p, v, key, e);
	default:
		return parse_strs(p, v, key, e);
	}
}

/* Checks that block is a mapping of keys that apply in ctx. */
static int check_block(scn_p *p, yaml_node_t *block, const char *bname, const scn_ectx *ctx)
{
	const char *allowed[SCN_P_COUNT + 1];
	char what[96];
	size_t k = 0;

	for (int i = 0; i < SCN_P_COUNT; i++)
		if (pdefs[i].where & ctx->where)
			allowed[k++] = prop_keys[i];
	allowed[k] = NULL;
	(void)snprintf(what, sizeof(what), "%s of %s", bname, ctx->what);
	return scn_map_check(p, block, what, allowed);
}

static int parse_block(scn_p *p, yaml_node_t *block, scn_level level, const scn_ectx *ctx,
		       scn_expect *out, size_t *n)
{
	yaml_node_pair_t *pr;

	for (pr = block->data.mapping.pairs.start; pr < block->data.mapping.pairs.top; pr++) {
		yaml_node_t *k = scn_node(p, pr->key);
		scn_expect *e = &out[(*n)++];

		e->prop = (scn_prop)find_prop(scn_text(k));
		e->level = level;
		e->line = scn_line(k);
		if (parse_value(p, scn_node(p, pr->value), scn_text(k), ctx, e))
			return -1;
	}
	return 0;
}

int scn_parse_expects(scn_p *p, yaml_node_t *n, const scn_ectx *ctx, scn_expect **out,
		      size_t *n_out)
{
	yaml_node_t *must = scn_map_get(p, n, "expect", NULL);
	yaml_node_t *should = scn_map_get(p, n, "should", NULL);
	size_t cnt = 0;

	if (must) {
		if (check_block(p, must, "expect", ctx))
			return -1;
		cnt += scn_map_size(must);
	}
	if (should) {
		if (check_block(p, should, "should", ctx))
			return -1;
		cnt += scn_map_size(should);
	}
	if (cnt == 0)
		return 0;
	*out = calloc(cnt, sizeof(**out));
	if (!*out)
		return scn_fail(p, scn_line(n), "out of memory");
	if (must && parse_block(p, must, SCN_MUST, ctx, *out, n_out))
		return -1;
	if (should && parse_block(p, should, SCN_SHOULD, ctx, *out, n_out))
		return -1;
	return 0;
}

const scn_ectx scn_final_ectx = {"final", SCN_W_RC | SCN_W_ERR | SCN_W_JOB, &cim_vm_geterror_rc};

int scn_parse_final(scn_p *p, yaml_node_t *n, scn_scenario *s)
{
	static const char *const keys[] = {"job", "expect", "should", NULL};
	yaml_node_t *v;

	if (scn_map_check(p, n, "final", keys))
		return -1;
	if ((v = scn_map_get(p, n, "job", NULL)) && (scn_get_str(p, v, "job", &s->final_job) ||
						     scn_src_note(p, &s->final_job, scn_line(v))))
		return -1;
	return scn_parse_expects(p, n, &scn_final_ectx, &s->final, &s->n_final);
}

void scn_expect_free(scn_expect *e)
{
	free(e->str);
	for (size_t i = 0; i < e->n_strs; i++)
		free(e->strs[i]);
	free(e->strs);
	free(e->nums);
}
