/*
 * wsman_decode.c - instances read back from a WS-Management response
 * (client side): a job element as a cim_job, an embedded CIM_Error as a
 * cim_error, a datetime property as virtual nanoseconds.
 *
 * Properties are matched by local name, whatever prefix or namespace a
 * server gives them (DSP0230 puts them in the class's namespace, which
 * differs between the DMTF and WMI forms of a class URI). A datetime may
 * come as DSP0230's cim:CIM_DateTime (DMTF text, as srh and OMI write it)
 * or as cim:Datetime / cim:Interval (xs:dateTime / xs:duration, as WinRM
 * writes it). An unknown or malformed property is skipped or left NULL/0.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "srh_util.h"
#include "wsman_int.h"

#define NS_PER_S 1000000000ull
/* Array values kept per property (the checker cuts larger ones anyway). */
#define MAX_VALUES 4096

bool wsman_xml_nil(const xmlNode *n)
{
	xmlChar *v = xmlGetNsProp(n, (const xmlChar *)"nil", (const xmlChar *)WSMAN_NS_XSI);
	bool nil = v && (strcmp((const char *)v, "true") == 0 || strcmp((const char *)v, "1") == 0);

	xmlFree(v);
	return nil;
}

static bool is(const xmlNode *n, const char *name)
{
	return proto_xml_is(n, NULL, name);
}

/* xs:dateTime "YYYY-MM-DDThh:mm:ss[.f{1,6}](Z|+hh:mm|-hh:mm)". */
static int xs_datetime(const char *t, uint64_t *ns)
{
	char dmtf[CIM_DATETIME_LEN + 1], frac[7] = "000000";
	int y, mo, d, h, mi, s, oh = 0, om = 0, n = 0;
	const char *p;
	int64_t off;

	if (sscanf(t, "%4d-%2d-%2dT%2d:%2d:%2d%n", &y, &mo, &d, &h, &mi, &s, &n) != 6 || n != 19)
		return -1;
	p = t + 19;
	if (*p == '.') {
		size_t k = 0;

		for (p++; *p >= '0' && *p <= '9'; p++)
			if (k < 6)
				frac[k++] = *p;
	}
	if (*p == '+' || *p == '-') {
		if (sscanf(p + 1, "%2d:%2d", &oh, &om) != 2 || strlen(p) != 6)
			return -1;
	} else if (strcmp(p, "Z") != 0 && *p) {
		return -1;
	}
	if (snprintf(dmtf, sizeof dmtf, "%04d%02d%02d%02d%02d%02d.%s+000", y, mo, d, h, mi, s,
		     frac) != CIM_DATETIME_LEN ||
	    cim_parse_datetime(dmtf, ns) != 0)
		return -1;
	/* Local time at +hh:mm is that much ahead of UTC. */
	off = (int64_t)(oh * 60 + om) * 60 * (int64_t)NS_PER_S * (*p == '-' ? -1 : 1);
	if ((off > 0 && *ns < (uint64_t)off) || (off < 0 && *ns > UINT64_MAX / 2))
		return -1;
	*ns = off > 0 ? *ns - (uint64_t)off : *ns + (uint64_t)(-off);
	return 0;
}

/* xs:duration "P[nD][T[nH][nM][n[.f]S]]" (no years or months). */
static int xs_duration(const char *t, uint64_t *ns)
{
	const char *p = t;
	uint64_t total = 0;
	bool in_time = false;

	if (*p++ != 'P')
		return -1;
	while (*p) {
		uint64_t v = 0, frac_ns = 0, unit;
		const char *start = p;

		if (*p == 'T' && !in_time) {
			in_time = true;
			p++;
			continue;
		}
		for (; *p >= '0' && *p <= '9'; p++) {
			if (v > UINT64_MAX / 10)
				return -1;
			v = v * 10 + (uint64_t)(*p - '0');
		}
		if (*p == '.') {
			uint64_t scale = NS_PER_S / 10;

			for (p++; *p >= '0' && *p <= '9'; p++, scale /= 10)
				frac_ns += (uint64_t)(*p - '0') * scale;
		}
		if (p == start)
			return -1;
		unit = *p == 'D' && !in_time  ? 86400
		       : *p == 'H' && in_time ? 3600
		       : *p == 'M' && in_time ? 60
		       : *p == 'S' && in_time ? 1
					      : 0;
		if (!unit || v > UINT64_MAX / NS_PER_S / unit)
			return -1;
		if (total > UINT64_MAX - v * unit * NS_PER_S - frac_ns)
			return -1;
		total += v * unit * NS_PER_S + frac_ns;
		p++;
	}
	*ns = total;
	return 0;
}

/* A datetime property: nil -> CIM_TIME_NULL; unreadable -> CIM_TIME_NULL. */
static uint64_t time_of(const xmlNode *prop, bool interval)
{
	xmlNode *c = proto_xml_child(prop, NULL, NULL);
	char *t = c ? proto_xml_trimmed(c) : NULL;
	uint64_t ns = CIM_TIME_NULL;
	int rc = -1;

	if (!t || wsman_xml_nil(prop))
		goto out;
	if (is(c, "CIM_DateTime"))
		rc = interval ? cim_parse_interval(t, &ns) : cim_parse_datetime(t, &ns);
	else if (is(c, "Datetime"))
		rc = xs_datetime(t, &ns);
	else if (is(c, "Interval"))
		rc = xs_duration(t, &ns);
	if (rc != 0)
		ns = CIM_TIME_NULL;
out:
	free(t);
	return ns;
}

/* A string property: NULL when nil (or out of memory). */
static char *str_of(const xmlNode *prop)
{
	return wsman_xml_nil(prop) ? NULL : proto_xml_trimmed(prop);
}

static uint64_t num_of(const xmlNode *prop, uint64_t max)
{
	char *t = str_of(prop);
	uint64_t v = 0;

	if (srh_parse_u64(t, 0, max, &v) != 0)
		v = 0;
	free(t);
	return v;
}

/* Append the value of prop to the string array (*v, *n); a nil value
 * leaves the array NULL. Returns -1 when memory ran out. */
static int str_push(char ***v, size_t *n, const xmlNode *prop)
{
	char **nv;

	if (wsman_xml_nil(prop) || *n >= MAX_VALUES)
		return 0;
	if (!(nv = realloc(*v, (*n + 1) * sizeof *nv)))
		return -1;
	*v = nv;
	if (!(nv[*n] = proto_xml_trimmed(prop)))
		return -1;
	(*n)++;
	return 0;
}

/* The string property name into *dst when p is it, the last of repeated
 * ones winning (the earlier value freed: a peer may repeat a property).
 * Returns 1 when p is another property, 0 when taken, -1 out of memory. */
static int str_prop(const xmlNode *p, const char *name, char **dst)
{
	if (strcmp((const char *)p->name, name) != 0)
		return 1;
	free(*dst);
	*dst = str_of(p);
	return *dst || wsman_xml_nil(p) ? 0 : -1;
}

static int job_prop(cim_job *j, const xmlNode *p)
{
	const char *n = (const char *)p->name;
	int r;

	if ((r = str_prop(p, "InstanceID", &j->instance_id)) <= 0 ||
	    (r = str_prop(p, "Name", &j->name)) <= 0 ||
	    (r = str_prop(p, "Owner", &j->owner)) <= 0 ||
	    (r = str_prop(p, "ErrorDescription", &j->error_description)) <= 0)
		return r;
	if (strcmp(n, "JobState") == 0)
		j->job_state = (uint16_t)num_of(p, UINT16_MAX);
	else if (strcmp(n, "PercentComplete") == 0)
		j->percent_complete = (uint16_t)num_of(p, UINT16_MAX);
	else if (strcmp(n, "ErrorCode") == 0)
		j->error_code = (uint16_t)num_of(p, UINT16_MAX);
	else if (strcmp(n, "OperationalStatus") == 0 && !wsman_xml_nil(p) &&
		 j->n_op_status < CIM_OPSTATUS_MAX)
		j->op_status[j->n_op_status++] = (uint16_t)num_of(p, UINT16_MAX);
	else if (strcmp(n, "TimeSubmitted") == 0)
		j->time_submitted = time_of(p, false);
	else if (strcmp(n, "StartTime") == 0)
		j->start_time = time_of(p, false);
	else if (strcmp(n, "ElapsedTime") == 0)
		j->elapsed_time = time_of(p, true);
	else if (strcmp(n, "TimeOfLastStateChange") == 0)
		j->time_of_last_state_change = time_of(p, false);
	else if (strcmp(n, "TimeBeforeRemoval") == 0)
		j->time_before_removal = time_of(p, true);
	else if (strcmp(n, "DeleteOnCompletion") == 0) {
		char *t = str_of(p);

		j->delete_on_completion = t && (strcmp(t, "true") == 0 || strcmp(t, "1") == 0);
		free(t);
	}
	return 0;
}

cim_job *wsman_decode_job(const xmlNode *inst)
{
	cim_job *j = calloc(1, sizeof *j);

	if (!j)
		return NULL;
	j->time_submitted = j->start_time = j->elapsed_time = CIM_TIME_NULL;
	j->time_of_last_state_change = j->time_before_removal = CIM_TIME_NULL;
	if (!(j->class_name = strdup((const char *)inst->name)))
		goto fail;
	for (xmlNode *p = proto_xml_child(inst, NULL, NULL); p; p = proto_xml_next(p, NULL, NULL))
		if (job_prop(j, p) != 0)
			goto fail;
	return j;
fail:
	cim_job_free(j);
	return NULL;
}

static int error_prop(cim_error *e, const xmlNode *p)
{
	const char *n = (const char *)p->name;
	int r;

	if ((r = str_prop(p, "OtherErrorType", &e->other_error_type)) <= 0 ||
	    (r = str_prop(p, "OwningEntity", &e->owning_entity)) <= 0 ||
	    (r = str_prop(p, "MessageID", &e->message_id)) <= 0 ||
	    (r = str_prop(p, "Message", &e->message)) <= 0 ||
	    (r = str_prop(p, "ProbableCauseDescription", &e->probable_cause_description)) <= 0 ||
	    (r = str_prop(p, "ErrorSource", &e->error_source)) <= 0 ||
	    (r = str_prop(p, "OtherErrorSourceFormat", &e->other_error_source_format)) <= 0 ||
	    (r = str_prop(p, "CIMStatusCodeDescription", &e->cim_status_code_description)) <= 0)
		return r;
	if (strcmp(n, "MessageArguments") == 0)
		return str_push(&e->message_arguments, &e->n_message_arguments, p);
	if (strcmp(n, "RecommendedActions") == 0)
		return str_push(&e->recommended_actions, &e->n_recommended_actions, p);
	if (strcmp(n, "ErrorType") == 0)
		e->error_type = (uint16_t)num_of(p, UINT16_MAX);
	else if (strcmp(n, "PerceivedSeverity") == 0)
		e->perceived_severity = (uint16_t)num_of(p, UINT16_MAX);
	else if (strcmp(n, "ProbableCause") == 0)
		e->probable_cause = (uint16_t)num_of(p, UINT16_MAX);
	else if (strcmp(n, "ErrorSourceFormat") == 0)
		e->error_source_format = (uint16_t)num_of(p, UINT16_MAX);
	else if (strcmp(n, "CIMStatusCode") == 0)
		e->cim_status_code = (uint32_t)num_of(p, UINT32_MAX);
	return 0;
}

cim_error *wsman_decode_error(const xmlNode *inst)
{
	cim_error *e = calloc(1, sizeof *e);

	if (!e)
		return NULL;
	for (xmlNode *p = proto_xml_child(inst, NULL, NULL); p; p = proto_xml_next(p, NULL, NULL))
		if (error_prop(e, p) != 0) {
			cim_error_free(e);
			return NULL;
		}
	return e;
}
