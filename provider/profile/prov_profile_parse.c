/*
 * prov_profile_parse.c - the Classes of a profile: one CIM_Error recipe per
 * fault class.
 *
 * Strict, because a vendor profile is judged against what it says: an
 * unknown key, a missing field, a class missing or unknown, or a value that
 * is not a defined value of its ValueMap fails the load with
 * "file:line: message" naming what is allowed.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "profile_int.h"

#define PF_LIST_MAX 16 /* ValueMaps up to this size are listed in full */

int pf_err(pf_ctx *c, const yaml_node_t *n, const char *fmt, ...)
{
	char msg[768], safe[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	/* A value quoted from the file must not break the message's single
	 * line (found by fuzz/fuzz_profile.c). */
	cim_line_escape(safe, sizeof safe, msg);
	snprintf(c->err, c->errlen, "%s:%lu: %s", c->path,
		 n ? (unsigned long)n->start_mark.line + 1 : 1ul, safe);
	return -1;
}

yaml_node_t *pf_node(pf_ctx *c, int i)
{
	return yaml_document_get_node(c->doc, i);
}

const char *pf_scalar(const yaml_node_t *n)
{
	return n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value : NULL;
}

/* "0 Unknown, 1 Other, ..." or, for long maps, the range. */
static void allowed_text(const cim_valuemap *m, char *buf, size_t len)
{
	size_t off = 0;

	buf[0] = '\0';
	if (m->n_entries > PF_LIST_MAX) {
		const cim_vmap_entry *lo = &m->entries[0], *hi = &m->entries[m->n_entries - 1];
		snprintf(buf, len, "a defined value %u %s .. %u %s, by number or name",
			 (unsigned)lo->value, lo->name, (unsigned)hi->value, hi->name);
		return;
	}
	for (size_t i = 0; i < m->n_entries && off < len; i++) {
		int w = snprintf(buf + off, len - off, "%s%u %s", i ? ", " : "",
				 (unsigned)m->entries[i].value, m->entries[i].name);
		if (w < 0)
			return;
		off += (size_t)w;
	}
}

static int vmap_value(pf_ctx *c, const yaml_node_t *n, const char *key, const cim_valuemap *m,
		      uint32_t *out)
{
	char allowed[1024];
	const char *s = pf_scalar(n);
	char *end = NULL;

	if (s && cim_vmap_parse(m, s, out) == 0 && cim_vmap_class(m, *out) == CIM_V_DEFINED)
		return 0;
	allowed_text(m, allowed, sizeof allowed);
	if (!s)
		return pf_err(c, n, "%s must be a scalar (allowed: %s)", key, allowed);
	errno = 0;
	unsigned long v = strtoul(s, &end, 10);
	if (s[0] >= '0' && s[0] <= '9' && *end == '\0' && errno == 0) {
		const char *cls = cim_vmap_class(m, (uint32_t)v) == CIM_V_VENDOR ? "a vendor value"
										 : "DMTF Reserved";
		return pf_err(c, n, "%s %s is %s, not a defined value (allowed: %s)", key, s,
			      v > UINT32_MAX ? "out of range" : cls, allowed);
	}
	return pf_err(c, n, "%s '%s' is not a %s name (allowed: %s)", key, s, m->name, allowed);
}

int pf_str_value(pf_ctx *c, const yaml_node_t *n, const char *key, bool tmpl, char **out)
{
	char terr[256];
	const char *s = pf_scalar(n);

	if (!s || s[0] == '\0')
		return pf_err(c, n, "%s must be a non-empty string", key);
	if (*out)
		return pf_err(c, n, "%s given twice", key);
	if (tmpl && prov_profile_tmpl_check(s, terr, sizeof terr) != 0)
		return pf_err(c, n, "%s: %s", key, terr);
	*out = strdup(s);
	if (!*out)
		return pf_err(c, n, "out of memory");
	return 0;
}

static int actions_value(pf_ctx *c, const yaml_node_t *n, prov_profile_class *cp)
{
	if (n->type != YAML_SEQUENCE_NODE)
		return pf_err(c, n, "RecommendedActions must be a list of strings");
	if (cp->actions)
		return pf_err(c, n, "RecommendedActions given twice");
	size_t cnt = (size_t)(n->data.sequence.items.top - n->data.sequence.items.start);
	if (cnt == 0)
		return pf_err(c, n, "RecommendedActions needs at least one entry");
	cp->actions = calloc(cnt, sizeof *cp->actions);
	if (!cp->actions)
		return pf_err(c, n, "out of memory");
	for (size_t i = 0; i < cnt; i++) {
		yaml_node_t *it = pf_node(c, n->data.sequence.items.start[i]);
		if (pf_str_value(c, it, "RecommendedActions entry", true, &cp->actions[i]) != 0)
			return -1;
		cp->n_actions++;
	}
	return 0;
}

enum { K_ET = 1, K_SEV = 2, K_PC = 4, K_SC = 8, K_MID = 16, K_MSG = 32, K_RA = 64 };

static int class_key(pf_ctx *c, const char *k, yaml_node_t *v, prov_profile_class *cp,
		     unsigned *seen)
{
	uint32_t x = 0;
	unsigned bit = 0;
	int rc = 0;

	if (strcmp(k, "ErrorType") == 0) {
		bit = K_ET;
		rc = vmap_value(c, v, k, &cim_vm_error_type, &x);
		cp->error_type = (uint16_t)x;
	} else if (strcmp(k, "PerceivedSeverity") == 0) {
		bit = K_SEV;
		rc = vmap_value(c, v, k, &cim_vm_severity, &x);
		cp->severity = (uint16_t)x;
	} else if (strcmp(k, "ProbableCause") == 0) {
		bit = K_PC;
		rc = vmap_value(c, v, k, &cim_vm_probable_cause, &x);
		cp->probable_cause = (uint16_t)x;
	} else if (strcmp(k, "CIMStatusCode") == 0) {
		bit = K_SC;
		rc = vmap_value(c, v, k, &cim_vm_status_code, &x);
		cp->status_code = x;
	} else if (strcmp(k, "OtherErrorType") == 0) {
		rc = pf_str_value(c, v, k, false, &cp->other_error_type);
	} else if (strcmp(k, "ProbableCauseDescription") == 0) {
		rc = pf_str_value(c, v, k, true, &cp->pcd);
	} else if (strcmp(k, "MessageID") == 0) {
		bit = K_MID;
		rc = pf_str_value(c, v, k, false, &cp->message_id);
	} else if (strcmp(k, "Message") == 0) {
		bit = K_MSG;
		rc = pf_str_value(c, v, k, true, &cp->message);
	} else if (strcmp(k, "RecommendedActions") == 0) {
		bit = K_RA;
		rc = actions_value(c, v, cp);
	} else {
		return pf_err(c, v,
			      "unknown key '%s' (allowed: ErrorType, OtherErrorType, "
			      "PerceivedSeverity, ProbableCause, ProbableCauseDescription, "
			      "CIMStatusCode, MessageID, Message, RecommendedActions)",
			      k);
	}
	if (rc == 0 && (*seen & bit))
		return pf_err(c, v, "%s given twice", k);
	*seen |= bit;
	return rc;
}

static int class_rules(pf_ctx *c, const yaml_node_t *n, const char *id,
		       const prov_profile_class *cp, unsigned seen)
{
	static const struct {
		unsigned bit;
		const char *key;
	} req[] = {{K_ET, "ErrorType"},		{K_SEV, "PerceivedSeverity"},
		   {K_PC, "ProbableCause"},	{K_SC, "CIMStatusCode"},
		   {K_MID, "MessageID"},	{K_MSG, "Message"},
		   {K_RA, "RecommendedActions"}};

	for (size_t i = 0; i < sizeof req / sizeof req[0]; i++) {
		if (!(seen & req[i].bit))
			return pf_err(c, n, "class '%s': missing field %s", id, req[i].key);
	}
	if (cp->error_type == CIM_ET_OTHER && !cp->other_error_type)
		return pf_err(c, n, "class '%s': ErrorType 1 Other needs OtherErrorType", id);
	if (cp->error_type != CIM_ET_OTHER && cp->other_error_type)
		return pf_err(
		    c, n, "class '%s': OtherErrorType is only allowed with ErrorType 1 Other", id);
	if (cp->probable_cause == CIM_PC_OTHER && !cp->pcd)
		return pf_err(
		    c, n, "class '%s': ProbableCause 1 Other needs ProbableCauseDescription", id);
	return 0;
}

static int parse_class(pf_ctx *c, const char *id, yaml_node_t *n, prov_profile_class *cp)
{
	unsigned seen = 0;

	if (n->type != YAML_MAPPING_NODE)
		return pf_err(c, n, "class '%s' must be a mapping of CIM_Error properties", id);
	for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top;
	     p++) {
		yaml_node_t *k = pf_node(c, p->key), *v = pf_node(c, p->value);
		if (!pf_scalar(k))
			return pf_err(c, k, "keys must be scalars");
		if (class_key(c, pf_scalar(k), v, cp, &seen) != 0)
			return -1;
	}
	return class_rules(c, n, id, cp, seen);
}

static int check_unique_ids(pf_ctx *c, const yaml_node_t *n, const prov_profile *pf)
{
	for (int i = 0; i < PROV_FC_COUNT; i++) {
		for (int j = 0; j < i; j++) {
			if (strcmp(pf->cls[i].message_id, pf->cls[j].message_id) == 0)
				return pf_err(c, n,
					      "MessageID %s used by both '%s' and '%s' "
					      "(must be unique per class)",
					      pf->cls[i].message_id, prov_fault_class_id(j),
					      prov_fault_class_id(i));
		}
	}
	return 0;
}

/* "io_error, disk_failure, ..." */
static void fc_allowed(char *buf, size_t len)
{
	size_t off = 0;

	buf[0] = '\0';
	for (int i = 0; i < PROV_FC_COUNT && off < len; i++) {
		int w =
		    snprintf(buf + off, len - off, "%s%s", i ? ", " : "", prov_fault_class_id(i));
		if (w < 0)
			return;
		off += (size_t)w;
	}
}

int pf_parse_classes(pf_ctx *c, yaml_node_t *n, prov_profile *pf)
{
	char allowed[512];
	bool have[PROV_FC_COUNT] = {false};

	if (n->type != YAML_MAPPING_NODE)
		return pf_err(c, n, "Classes must be a mapping of fault class ids");
	for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top;
	     p++) {
		yaml_node_t *k = pf_node(c, p->key);
		const char *id = pf_scalar(k);
		int fc = prov_fault_class_find(id);
		if (fc == PROV_FC_NONE) {
			fc_allowed(allowed, sizeof allowed);
			return pf_err(c, k, "unknown fault class '%s' (allowed: %s)", id ? id : "?",
				      allowed);
		}
		if (have[fc])
			return pf_err(c, k, "fault class '%s' given twice", id);
		have[fc] = true;
		if (parse_class(c, id, pf_node(c, p->value), &pf->cls[fc]) != 0)
			return -1;
	}
	for (int i = 0; i < PROV_FC_COUNT; i++) {
		if (!have[i])
			return pf_err(c, n, "missing fault class '%s' (every class needs an entry)",
				      prov_fault_class_id(i));
	}
	return check_unique_ids(c, n, pf);
}
