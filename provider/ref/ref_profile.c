/*
 * ref_profile.c - the fault profile: which CIM_Error each fault class makes.
 *
 * The file is YAML (see provider/profiles/reference.yaml):
 *   OwningEntity: SRSIM
 *   Classes:
 *     io_error:
 *       ErrorType: Hardware Error      # a ValueMap name or its number
 *       ...
 * Strict, because a vendor profile is judged against what it says: an
 * unknown key, a missing field, a class missing or unknown, or a value that
 * is not a defined value of its ValueMap fails the open with
 * "file:line: message" naming what is allowed.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "ref.h"

#define PF_LIST_MAX 16 /* ValueMaps up to this size are listed in full */

typedef struct pctx {
	const char *path;
	yaml_document_t *doc;
	char *err;
	size_t errlen;
} pctx;

static const char *const fc_ids[] = {
#define FC_ID_(id, str, what) str,
	PROV_FAULT_CLASS_MAP(FC_ID_)
#undef FC_ID_
};

int ref_fault_class_find(const char *id)
{
	if (!id)
		return PROV_FC_NONE;
	for (int i = 0; i < PROV_FC_COUNT; i++) {
		if (strcmp(fc_ids[i], id) == 0)
			return i;
	}
	return PROV_FC_NONE;
}

const char *ref_fault_class_id(int fc)
{
	return (fc >= 0 && fc < PROV_FC_COUNT) ? fc_ids[fc] : NULL;
}

static int perr(pctx *c, const yaml_node_t *n, const char *fmt, ...)
{
	char msg[768];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	snprintf(c->err, c->errlen, "%s:%lu: %s", c->path,
		 n ? (unsigned long)n->start_mark.line + 1 : 1ul, msg);
	return -1;
}

static yaml_node_t *node(pctx *c, int i)
{
	return yaml_document_get_node(c->doc, i);
}

static const char *scalar(const yaml_node_t *n)
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

static int vmap_value(pctx *c, const yaml_node_t *n, const char *key,
		      const cim_valuemap *m, uint32_t *out)
{
	char allowed[1024];
	const char *s = scalar(n);
	char *end = NULL;

	if (s && cim_vmap_parse(m, s, out) == 0 && cim_vmap_class(m, *out) == CIM_V_DEFINED)
		return 0;
	allowed_text(m, allowed, sizeof allowed);
	if (!s)
		return perr(c, n, "%s must be a scalar (allowed: %s)", key, allowed);
	errno = 0;
	unsigned long v = strtoul(s, &end, 10);
	if (s[0] >= '0' && s[0] <= '9' && *end == '\0' && errno == 0) {
		const char *cls = cim_vmap_class(m, (uint32_t)v) == CIM_V_VENDOR
					  ? "a vendor value" : "DMTF Reserved";
		return perr(c, n, "%s %s is %s, not a defined value (allowed: %s)", key, s,
			    v > UINT32_MAX ? "out of range" : cls, allowed);
	}
	return perr(c, n, "%s '%s' is not a %s name (allowed: %s)", key, s, m->name, allowed);
}

static int str_value(pctx *c, const yaml_node_t *n, const char *key, bool tmpl, char **out)
{
	char terr[256];
	const char *s = scalar(n);

	if (!s || s[0] == '\0')
		return perr(c, n, "%s must be a non-empty string", key);
	if (*out)
		return perr(c, n, "%s given twice", key);
	if (tmpl && ref_tmpl_check(s, terr, sizeof terr) != 0)
		return perr(c, n, "%s: %s", key, terr);
	*out = strdup(s);
	if (!*out)
		return perr(c, n, "out of memory");
	return 0;
}

static int actions_value(pctx *c, const yaml_node_t *n, ref_class_prof *cp)
{
	if (n->type != YAML_SEQUENCE_NODE)
		return perr(c, n, "RecommendedActions must be a list of strings");
	if (cp->actions)
		return perr(c, n, "RecommendedActions given twice");
	size_t cnt = (size_t)(n->data.sequence.items.top - n->data.sequence.items.start);
	if (cnt == 0)
		return perr(c, n, "RecommendedActions needs at least one entry");
	cp->actions = calloc(cnt, sizeof *cp->actions);
	if (!cp->actions)
		return perr(c, n, "out of memory");
	for (size_t i = 0; i < cnt; i++) {
		yaml_node_t *it = node(c, n->data.sequence.items.start[i]);
		if (str_value(c, it, "RecommendedActions entry", true, &cp->actions[i]) != 0)
			return -1;
		cp->n_actions++;
	}
	return 0;
}

enum { K_ET = 1, K_SEV = 2, K_PC = 4, K_SC = 8, K_MID = 16, K_MSG = 32, K_RA = 64 };

static int class_key(pctx *c, const char *k, yaml_node_t *v, ref_class_prof *cp,
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
		rc = str_value(c, v, k, false, &cp->other_error_type);
	} else if (strcmp(k, "ProbableCauseDescription") == 0) {
		rc = str_value(c, v, k, true, &cp->pcd);
	} else if (strcmp(k, "MessageID") == 0) {
		bit = K_MID;
		rc = str_value(c, v, k, false, &cp->message_id);
	} else if (strcmp(k, "Message") == 0) {
		bit = K_MSG;
		rc = str_value(c, v, k, true, &cp->message);
	} else if (strcmp(k, "RecommendedActions") == 0) {
		bit = K_RA;
		rc = actions_value(c, v, cp);
	} else {
		return perr(c, v, "unknown key '%s' (allowed: ErrorType, OtherErrorType, "
			    "PerceivedSeverity, ProbableCause, ProbableCauseDescription, "
			    "CIMStatusCode, MessageID, Message, RecommendedActions)", k);
	}
	if (rc == 0 && (*seen & bit))
		return perr(c, v, "%s given twice", k);
	*seen |= bit;
	return rc;
}

static int class_rules(pctx *c, const yaml_node_t *n, const char *id,
		       const ref_class_prof *cp, unsigned seen)
{
	static const struct {
		unsigned bit;
		const char *key;
	} req[] = {{K_ET, "ErrorType"},   {K_SEV, "PerceivedSeverity"},
		   {K_PC, "ProbableCause"}, {K_SC, "CIMStatusCode"},
		   {K_MID, "MessageID"},  {K_MSG, "Message"},
		   {K_RA, "RecommendedActions"}};

	for (size_t i = 0; i < sizeof req / sizeof req[0]; i++) {
		if (!(seen & req[i].bit))
			return perr(c, n, "class '%s': missing field %s", id, req[i].key);
	}
	if (cp->error_type == CIM_ET_OTHER && !cp->other_error_type)
		return perr(c, n, "class '%s': ErrorType 1 Other needs OtherErrorType", id);
	if (cp->error_type != CIM_ET_OTHER && cp->other_error_type)
		return perr(c, n, "class '%s': OtherErrorType is only allowed with ErrorType 1 Other", id);
	if (cp->probable_cause == CIM_PC_OTHER && !cp->pcd)
		return perr(c, n, "class '%s': ProbableCause 1 Other needs ProbableCauseDescription", id);
	return 0;
}

static int parse_class(pctx *c, const char *id, yaml_node_t *n, ref_class_prof *cp)
{
	unsigned seen = 0;

	if (n->type != YAML_MAPPING_NODE)
		return perr(c, n, "class '%s' must be a mapping of CIM_Error properties", id);
	for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++) {
		yaml_node_t *k = node(c, p->key), *v = node(c, p->value);
		if (!scalar(k))
			return perr(c, k, "keys must be scalars");
		if (class_key(c, scalar(k), v, cp, &seen) != 0)
			return -1;
	}
	return class_rules(c, n, id, cp, seen);
}

static int check_unique_ids(pctx *c, const yaml_node_t *n, const ref_profile *pf)
{
	for (int i = 0; i < PROV_FC_COUNT; i++) {
		for (int j = 0; j < i; j++) {
			if (strcmp(pf->cls[i].message_id, pf->cls[j].message_id) == 0)
				return perr(c, n, "MessageID %s used by both '%s' and '%s' "
					    "(must be unique per class)",
					    pf->cls[i].message_id, fc_ids[j], fc_ids[i]);
		}
	}
	return 0;
}

static int parse_classes(pctx *c, yaml_node_t *n, ref_profile *pf)
{
	bool have[PROV_FC_COUNT] = {false};

	if (n->type != YAML_MAPPING_NODE)
		return perr(c, n, "Classes must be a mapping of fault class ids");
	for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++) {
		yaml_node_t *k = node(c, p->key);
		const char *id = scalar(k);
		int fc = ref_fault_class_find(id);
		if (fc == PROV_FC_NONE)
			return perr(c, k, "unknown fault class '%s' (allowed: io_error, disk_failure, "
				    "log_full, partition, conn_reset, timeout, partner_crash, "
				    "auth_refused, engine_oom, engine_bug, client_terminate, client_kill)",
				    id ? id : "?");
		if (have[fc])
			return perr(c, k, "fault class '%s' given twice", id);
		have[fc] = true;
		if (parse_class(c, id, node(c, p->value), &pf->cls[fc]) != 0)
			return -1;
	}
	for (int i = 0; i < PROV_FC_COUNT; i++) {
		if (!have[i])
			return perr(c, n, "missing fault class '%s' (every class needs an entry)",
				    fc_ids[i]);
	}
	return check_unique_ids(c, n, pf);
}

static int parse_root(pctx *c, ref_profile *pf)
{
	yaml_node_t *root = yaml_document_get_root_node(c->doc);
	bool classes = false;

	if (!root || root->type != YAML_MAPPING_NODE)
		return perr(c, root, "the profile must be a mapping with OwningEntity and Classes");
	for (yaml_node_pair_t *p = root->data.mapping.pairs.start; p < root->data.mapping.pairs.top; p++) {
		yaml_node_t *k = node(c, p->key), *v = node(c, p->value);
		const char *ks = scalar(k);
		if (ks && strcmp(ks, "OwningEntity") == 0) {
			if (str_value(c, v, ks, false, &pf->owning_entity) != 0)
				return -1;
		} else if (ks && strcmp(ks, "Classes") == 0) {
			if (classes)
				return perr(c, k, "Classes given twice");
			classes = true;
			if (parse_classes(c, v, pf) != 0)
				return -1;
		} else {
			return perr(c, k, "unknown key '%s' (allowed: OwningEntity, Classes)",
				    ks ? ks : "?");
		}
	}
	if (!pf->owning_entity)
		return perr(c, root, "missing field OwningEntity");
	if (!classes)
		return perr(c, root, "missing field Classes");
	return 0;
}

static int load_doc(pctx *c, FILE *f, ref_profile *pf)
{
	yaml_parser_t parser;
	yaml_document_t doc;
	int rc = -1;

	if (!yaml_parser_initialize(&parser)) {
		snprintf(c->err, c->errlen, "%s: cannot initialise the YAML parser", c->path);
		return -1;
	}
	yaml_parser_set_input_file(&parser, f);
	if (!yaml_parser_load(&parser, &doc)) {
		snprintf(c->err, c->errlen, "%s:%lu: %s", c->path,
			 (unsigned long)parser.problem_mark.line + 1,
			 parser.problem ? parser.problem : "YAML syntax error");
		goto out;
	}
	c->doc = &doc;
	rc = parse_root(c, pf);
	yaml_document_delete(&doc);
out:
	yaml_parser_delete(&parser);
	return rc;
}

ref_profile *ref_profile_load(const char *path, char *err, size_t errlen)
{
	pctx c = {.path = path, .err = err, .errlen = errlen};
	ref_profile *pf = NULL;
	FILE *f = fopen(path, "rb");

	if (!f) {
		snprintf(err, errlen, "%s: cannot open profile: %s", path, strerror(errno));
		return NULL;
	}
	pf = calloc(1, sizeof *pf);
	if (!pf) {
		snprintf(err, errlen, "%s: out of memory", path);
		goto out;
	}
	if (load_doc(&c, f, pf) != 0) {
		ref_profile_free(pf);
		pf = NULL;
	}
out:
	if (fclose(f) != 0 && pf) {
		snprintf(err, errlen, "%s: close failed: %s", path, strerror(errno));
		ref_profile_free(pf);
		pf = NULL;
	}
	return pf;
}

void ref_profile_free(ref_profile *pf)
{
	if (!pf)
		return;
	for (int i = 0; i < PROV_FC_COUNT; i++) {
		ref_class_prof *cp = &pf->cls[i];
		free(cp->other_error_type);
		free(cp->pcd);
		free(cp->message_id);
		free(cp->message);
		for (size_t j = 0; j < cp->n_actions; j++)
			free(cp->actions[j]);
		free(cp->actions);
	}
	free(pf->owning_entity);
	free(pf);
}
