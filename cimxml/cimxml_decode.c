/*
 * cimxml_decode.c - INSTANCE elements back into the harness's structs, so
 * a job or an Error read over CIM-XML is judged by the same checker as one
 * read through the ABI. Unknown properties are skipped; a NULL property
 * (no VALUE) stays NULL (strings), CIM_TIME_NULL (datetimes) or 0.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cimxml_int.h"

int cimxml_parse_uint(const char *text, uint64_t max, uint64_t *v)
{
	const char *p = text;
	int base = 10;
	char *end = NULL;
	unsigned long long x;

	if (!p)
		return -1;
	while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
		p++;
	if (p[0] == '+')
		p++;
	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
		base = 16;
		p += 2;
	}
	if (!((*p >= '0' && *p <= '9') || (base == 16 && strchr("abcdefABCDEF", *p) && *p)))
		return -1;
	errno = 0;
	x = strtoull(p, &end, base);
	while (end && (*end == ' ' || *end == '\t' || *end == '\n' || *end == '\r'))
		end++;
	if (errno != 0 || !end || *end != '\0' || x > max)
		return -1;
	*v = x;
	return 0;
}

/* One property of an INSTANCE: its name, and VALUE / VALUE.ARRAY. */
typedef struct dprop {
	char *name;
	xmlNode *value; /* VALUE, or NULL (NULL property) */
	xmlNode *array; /* VALUE.ARRAY, or NULL */
} dprop;

static void dprop_clear(dprop *p)
{
	free(p->name);
	memset(p, 0, sizeof *p);
}

/* Text of p's VALUE into *out (NULL when the property is NULL). */
static int str_of(const dprop *p, char **out)
{
	free(*out);
	*out = NULL;
	if (!p->value)
		return 0;
	*out = proto_xml_text(p->value);
	return *out ? 0 : -1;
}

/* A number; a NULL or malformed value gives 0, a too large one max (so a
 * checker sees a value outside the ValueMap, not a silent wrap). */
static uint64_t num_of(const dprop *p, uint64_t max)
{
	char *t;
	uint64_t v = 0;

	if (!p->value || !(t = proto_xml_text(p->value)))
		return 0;
	if (cimxml_parse_uint(t, UINT64_MAX, &v) != 0)
		v = 0;
	else if (v > max)
		v = max;
	free(t);
	return v;
}

static uint64_t time_of(const dprop *p, bool interval)
{
	char *t;
	uint64_t v = CIM_TIME_NULL;

	if (!p->value || !(t = proto_xml_text(p->value)))
		return CIM_TIME_NULL;
	if ((interval ? cimxml_parse_interval(t, &v) : cimxml_parse_datetime(t, &v)) != 0)
		v = CIM_TIME_NULL;
	free(t);
	return v;
}

/* A string array; *n 0 and *out NULL for a NULL property. */
static int strs_of(const dprop *p, char ***out, size_t *n)
{
	size_t cnt = 0, i = 0;
	char **v;

	*out = NULL;
	*n = 0;
	if (!p->array)
		return 0;
	for (xmlNode *c = proto_xml_child(p->array, NULL, "VALUE"); c;
	     c = proto_xml_next(c, NULL, "VALUE"))
		cnt++;
	v = calloc(cnt + 1, sizeof *v);
	if (!v)
		return -1;
	for (xmlNode *c = proto_xml_child(p->array, NULL, "VALUE"); c;
	     c = proto_xml_next(c, NULL, "VALUE")) {
		if (!(v[i] = proto_xml_text(c))) {
			for (size_t k = 0; k < i; k++)
				free(v[k]);
			free(v);
			return -1;
		}
		i++;
	}
	*out = v;
	*n = cnt;
	return 0;
}

/* The next PROPERTY / PROPERTY.ARRAY after prev (NULL: the first). */
static xmlNode *next_prop(const xmlNode *inst, xmlNode *prev)
{
	xmlNode *c = prev ? proto_xml_next(prev, NULL, NULL) : proto_xml_child(inst, NULL, NULL);

	for (; c; c = proto_xml_next(c, NULL, NULL))
		if (proto_xml_is(c, NULL, "PROPERTY") || proto_xml_is(c, NULL, "PROPERTY.ARRAY"))
			return c;
	return NULL;
}

static int dprop_load(xmlNode *e, dprop *p)
{
	bool oom = false;

	dprop_clear(p);
	p->name = proto_xml_attr(e, "NAME", &oom);
	if (oom)
		return -1;
	p->value = proto_xml_child(e, NULL, "VALUE");
	p->array = proto_xml_child(e, NULL, "VALUE.ARRAY");
	return 0;
}

static int job_prop(cim_job *j, const dprop *p)
{
	const char *n = p->name;

	if (proto_name_eq(n, "InstanceID"))
		return str_of(p, &j->instance_id);
	if (proto_name_eq(n, "Name"))
		return str_of(p, &j->name);
	if (proto_name_eq(n, "Owner"))
		return str_of(p, &j->owner);
	if (proto_name_eq(n, "ErrorDescription"))
		return str_of(p, &j->error_description);
	if (proto_name_eq(n, "JobState"))
		j->job_state = (uint16_t)num_of(p, UINT16_MAX);
	else if (proto_name_eq(n, "PercentComplete"))
		j->percent_complete = (uint16_t)num_of(p, UINT16_MAX);
	else if (proto_name_eq(n, "ErrorCode"))
		j->error_code = (uint16_t)num_of(p, UINT16_MAX);
	else if (proto_name_eq(n, "TimeSubmitted"))
		j->time_submitted = time_of(p, false);
	else if (proto_name_eq(n, "StartTime"))
		j->start_time = time_of(p, false);
	else if (proto_name_eq(n, "ElapsedTime"))
		j->elapsed_time = time_of(p, true);
	else if (proto_name_eq(n, "TimeOfLastStateChange"))
		j->time_of_last_state_change = time_of(p, false);
	else if (proto_name_eq(n, "TimeBeforeRemoval"))
		j->time_before_removal = time_of(p, true);
	else if (proto_name_eq(n, "DeleteOnCompletion") && p->value) {
		char *t = proto_xml_text(p->value);

		if (!t)
			return -1;
		j->delete_on_completion = proto_name_eq(t, "true");
		free(t);
	} else if (proto_name_eq(n, "OperationalStatus") && p->array) {
		dprop one = {0};

		j->n_op_status = 0;
		for (xmlNode *c = proto_xml_child(p->array, NULL, "VALUE");
		     c && j->n_op_status < CIM_OPSTATUS_MAX; c = proto_xml_next(c, NULL, "VALUE")) {
			one.value = c;
			j->op_status[j->n_op_status++] = (uint16_t)num_of(&one, UINT16_MAX);
		}
	}
	return 0;
}

cim_job *cimxml_decode_job(const xmlNode *inst)
{
	cim_job *j = calloc(1, sizeof *j);
	dprop p = {0};
	bool oom = false;

	if (!j)
		return NULL;
	j->time_submitted = j->start_time = j->elapsed_time = CIM_TIME_NULL;
	j->time_of_last_state_change = j->time_before_removal = CIM_TIME_NULL;
	j->class_name = proto_xml_attr(inst, "CLASSNAME", &oom);
	if (oom)
		goto fail;
	for (xmlNode *e = next_prop(inst, NULL); e; e = next_prop(inst, e))
		if (dprop_load(e, &p) != 0 || job_prop(j, &p) != 0)
			goto fail;
	dprop_clear(&p);
	return j;
fail:
	dprop_clear(&p);
	cim_job_free(j);
	return NULL;
}

static int error_str(cim_error *e, const dprop *p, const char *n)
{
	static const struct {
		const char *name;
		size_t off;
	} strs[] = {
	    {"OtherErrorType", offsetof(cim_error, other_error_type)},
	    {"OwningEntity", offsetof(cim_error, owning_entity)},
	    {"MessageID", offsetof(cim_error, message_id)},
	    {"Message", offsetof(cim_error, message)},
	    {"ProbableCauseDescription", offsetof(cim_error, probable_cause_description)},
	    {"ErrorSource", offsetof(cim_error, error_source)},
	    {"OtherErrorSourceFormat", offsetof(cim_error, other_error_source_format)},
	    {"CIMStatusCodeDescription", offsetof(cim_error, cim_status_code_description)},
	};

	for (size_t i = 0; i < sizeof strs / sizeof strs[0]; i++)
		if (proto_name_eq(n, strs[i].name))
			return str_of(p, (char **)((char *)e + strs[i].off)) == 0 ? 1 : -1;
	return 0;
}

static int error_prop(cim_error *e, const dprop *p)
{
	const char *n = p->name;
	int r = error_str(e, p, n);

	if (r != 0)
		return r < 0 ? -1 : 0;
	if (proto_name_eq(n, "MessageArguments")) {
		for (size_t i = 0; i < e->n_message_arguments; i++)
			free(e->message_arguments[i]);
		free(e->message_arguments);
		return strs_of(p, &e->message_arguments, &e->n_message_arguments);
	}
	if (proto_name_eq(n, "RecommendedActions")) {
		for (size_t i = 0; i < e->n_recommended_actions; i++)
			free(e->recommended_actions[i]);
		free(e->recommended_actions);
		return strs_of(p, &e->recommended_actions, &e->n_recommended_actions);
	}
	if (proto_name_eq(n, "ErrorType"))
		e->error_type = (uint16_t)num_of(p, UINT16_MAX);
	else if (proto_name_eq(n, "PerceivedSeverity"))
		e->perceived_severity = (uint16_t)num_of(p, UINT16_MAX);
	else if (proto_name_eq(n, "ProbableCause"))
		e->probable_cause = (uint16_t)num_of(p, UINT16_MAX);
	else if (proto_name_eq(n, "ErrorSourceFormat"))
		e->error_source_format = (uint16_t)num_of(p, UINT16_MAX);
	else if (proto_name_eq(n, "CIMStatusCode"))
		e->cim_status_code = (uint32_t)num_of(p, UINT32_MAX);
	return 0;
}

cim_error *cimxml_decode_error(const xmlNode *inst)
{
	cim_error *e = calloc(1, sizeof *e);
	dprop p = {0};

	if (!e)
		return NULL;
	for (xmlNode *x = next_prop(inst, NULL); x; x = next_prop(inst, x)) {
		if (dprop_load(x, &p) != 0 || error_prop(e, &p) != 0) {
			dprop_clear(&p);
			cim_error_free(e);
			return NULL;
		}
	}
	dprop_clear(&p);
	return e;
}

cim_error *cimxml_decode_error_text(const char *xml, size_t len)
{
	char err[CIMXML_ERRLEN];
	xmlDoc *doc = proto_xml_read(xml, len, CIMXML_MAX_BODY, "cimxml", err, sizeof err);
	xmlNode *root;
	cim_error *e = NULL;

	if (!doc)
		return NULL;
	root = xmlDocGetRootElement(doc);
	if (proto_xml_is(root, NULL, "INSTANCE"))
		e = cimxml_decode_error(root);
	xmlFreeDoc(doc);
	return e;
}

char *cimxml_instancename_iid(const xmlNode *in, size_t *n_keys, bool *oom)
{
	char *iid = NULL;

	*n_keys = 0;
	for (xmlNode *k = proto_xml_child(in, NULL, "KEYBINDING"); k;
	     k = proto_xml_next(k, NULL, "KEYBINDING")) {
		char *name = proto_xml_attr(k, "NAME", oom);
		xmlNode *kv = proto_xml_child(k, NULL, "KEYVALUE");

		(*n_keys)++;
		if (!iid && kv && proto_name_eq(name, "InstanceID") && !(iid = proto_xml_text(kv)))
			*oom = true;
		free(name);
	}
	return iid;
}
