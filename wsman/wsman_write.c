/*
 * wsman_write.c - the pieces of every response envelope: the SOAP 1.2
 * envelope with its addressing headers, a job instance, its endpoint
 * reference, and a CIM_Error as an embedded instance.
 *
 * The instance mapping is DSP0230's as OMI writes it: each property an
 * element in the class's namespace (the class URI), a NULL value an empty
 * element with xsi:nil="true", an array one element per value, a datetime
 * a cim:CIM_DateTime child holding the DMTF text (OMI reads it back the
 * same way), an embedded instance the property element itself carrying
 * the embedded class's namespace and xsi:type CLASS_Type.
 */
#include <ctype.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <sys/random.h>

#include "srh_test_hooks.h"
#include "wsman_int.h"

#define ENV_NS                                                                                     \
	"xmlns:s=\"" WSMAN_NS_SOAP "\" xmlns:wsa=\"" WSMAN_NS_WSA                                  \
	"\" xmlns:wsman=\"" WSMAN_NS_WSMAN "\" xmlns:wsen=\"" WSMAN_NS_WSEN                        \
	"\" xmlns:wsmid=\"" WSMAN_NS_WSMID "\" xmlns:xsi=\"" WSMAN_NS_XSI                          \
	"\" xmlns:cim=\"" WSMAN_NS_CIM "\""

static pthread_once_t seed_once = PTHREAD_ONCE_INIT;
static uint64_t seed;
static uint64_t serial;
static pthread_mutex_t serial_mu = PTHREAD_MUTEX_INITIALIZER;

static void seed_init(void)
{
	/* Unique per process so MessageIDs of two servers never collide;
	 * without getrandom the address of a local still differs per run. */
	if (getrandom(&seed, sizeof seed, 0) != (ssize_t)sizeof seed)
		seed = (uint64_t)(uintptr_t)&seed_once ^ 0x9e3779b97f4a7c15ull;
}

/* A fresh "uuid:..." (RFC 4122 version 4 layout). */
void wsman_new_uuid(char out[64])
{
	uint64_t n;

	(void)pthread_once(&seed_once, seed_init);
	(void)pthread_mutex_lock(&serial_mu);
	n = ++serial;
	(void)pthread_mutex_unlock(&serial_mu);
	snprintf(out, 64,
		 "uuid:%08" PRIx32 "-%04" PRIx32 "-4%03" PRIx32 "-8%03" PRIx32 "-%012" PRIx64,
		 (uint32_t)(seed >> 32), (uint32_t)(seed >> 16) & 0xffff, (uint32_t)seed & 0xfff,
		 (uint32_t)(n >> 48) & 0xfff, (uint64_t)(n & 0xffffffffffffull));
}

void wsman_env_open(wsman_buf *b, const char *action, const char *relates_to)
{
	char id[64];

	wsman_new_uuid(id);
	wsman_buf_str(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<s:Envelope " ENV_NS
			 "><s:Header><wsa:To>" WSMAN_WSA_ANONYMOUS "</wsa:To><wsa:Action>");
	wsman_buf_esc(b, action);
	wsman_buf_printf(b, "</wsa:Action><wsa:MessageID>%s</wsa:MessageID>", id);
	if (relates_to) {
		wsman_buf_str(b, "<wsa:RelatesTo>");
		wsman_buf_esc(b, relates_to);
		wsman_buf_str(b, "</wsa:RelatesTo>");
	}
	wsman_buf_str(b, "</s:Header><s:Body>");
}

void wsman_env_close(wsman_buf *b)
{
	wsman_buf_str(b, "</s:Body></s:Envelope>\n");
}

const char *wsman_class_name(const char *class_name)
{
	size_t n = 0;

	if (!class_name || !(isalpha((unsigned char)class_name[0]) || class_name[0] == '_'))
		return "CIM_ConcreteJob";
	for (; class_name[n]; n++)
		if (n == 128 || !(isalnum((unsigned char)class_name[n]) || class_name[n] == '_'))
			return "CIM_ConcreteJob";
	return class_name;
}

void wsman_class_uri(wsman_buf *b, const char *class_name)
{
	wsman_buf_str(b, WSMAN_CLASS_URI);
	wsman_buf_str(b, wsman_class_name(class_name));
}

/* <px:name (no closing bracket): the property writers append plain
 * strings, not printf, on the hot path of every response. */
static void p_open(wsman_buf *b, const char *px, const char *name)
{
	wsman_buf_str(b, "<");
	wsman_buf_str(b, px);
	wsman_buf_str(b, ":");
	wsman_buf_str(b, name);
}

static void p_close(wsman_buf *b, const char *px, const char *name)
{
	wsman_buf_str(b, "</");
	wsman_buf_str(b, px);
	wsman_buf_str(b, ":");
	wsman_buf_str(b, name);
	wsman_buf_str(b, ">");
}

static void p_nil(wsman_buf *b, const char *px, const char *name)
{
	p_open(b, px, name);
	wsman_buf_str(b, " xsi:nil=\"true\"/>");
}

static void p_str(wsman_buf *b, const char *px, const char *name, const char *v)
{
	if (!v) {
		p_nil(b, px, name);
		return;
	}
	p_open(b, px, name);
	wsman_buf_str(b, ">");
	wsman_buf_esc(b, v);
	p_close(b, px, name);
}

static void p_num(wsman_buf *b, const char *px, const char *name, uint64_t v)
{
	p_open(b, px, name);
	wsman_buf_str(b, ">");
	srh_text_u64(b, v);
	p_close(b, px, name);
}

static void p_strs(wsman_buf *b, const char *px, const char *name, char *const *v, size_t n)
{
	if (!v) {
		p_nil(b, px, name);
		return;
	}
	for (size_t i = 0; i < n; i++)
		p_str(b, px, name, v[i] ? v[i] : "");
}

static void p_time(wsman_buf *b, const char *name, uint64_t ns, bool interval)
{
	char t[CIM_DATETIME_LEN + 1];

	if (ns == CIM_TIME_NULL) {
		p_nil(b, "p", name);
		return;
	}
	wsman_buf_printf(b, "<p:%s><cim:CIM_DateTime>%s</cim:CIM_DateTime></p:%s>", name,
			 interval ? cim_interval(ns, t) : cim_datetime(ns, t), name);
}

void wsman_write_job(wsman_buf *b, const cim_job *j)
{
	const char *cls = wsman_class_name(j->class_name);
	size_t nos = j->n_op_status > CIM_OPSTATUS_MAX ? CIM_OPSTATUS_MAX : j->n_op_status;

	wsman_buf_printf(b, "<p:%s xmlns:p=\"" WSMAN_CLASS_URI "%s\">", cls, cls);
	p_str(b, "p", "InstanceID", j->instance_id);
	p_str(b, "p", "Name", j->name);
	p_num(b, "p", "JobState", j->job_state);
	for (size_t i = 0; i < nos; i++)
		p_num(b, "p", "OperationalStatus", j->op_status[i]);
	p_time(b, "TimeSubmitted", j->time_submitted, false);
	p_time(b, "StartTime", j->start_time, false);
	p_time(b, "ElapsedTime", j->elapsed_time, true);
	p_time(b, "TimeOfLastStateChange", j->time_of_last_state_change, false);
	p_time(b, "TimeBeforeRemoval", j->time_before_removal, true);
	p_num(b, "p", "PercentComplete", j->percent_complete);
	p_str(b, "p", "Owner", j->owner);
	p_num(b, "p", "ErrorCode", j->error_code);
	p_str(b, "p", "ErrorDescription", j->error_description);
	wsman_buf_printf(b, "<p:DeleteOnCompletion>%s</p:DeleteOnCompletion>",
			 j->delete_on_completion ? "true" : "false");
	wsman_buf_printf(b, "</p:%s>", cls);
}

void wsman_write_epr(wsman_buf *b, const cim_job *j, const char *elem)
{
	wsman_buf_printf(b,
			 "<%s><wsa:Address>" WSMAN_WSA_ANONYMOUS "</wsa:Address>"
			 "<wsa:ReferenceParameters><wsman:ResourceURI>",
			 elem);
	wsman_class_uri(b, j->class_name);
	wsman_buf_str(b, "</wsman:ResourceURI><wsman:SelectorSet>"
			 "<wsman:Selector Name=\"__cimnamespace\">" WSMAN_NAMESPACE
			 "</wsman:Selector><wsman:Selector Name=\"InstanceID\">");
	wsman_buf_esc(b, j->instance_id ? j->instance_id : "");
	wsman_buf_printf(b, "</wsman:Selector></wsman:SelectorSet></wsa:ReferenceParameters></%s>",
			 elem);
}

/* Test builds only (srh_test_hooks.h): "empty-nil" writes a NULL Error
 * as an empty element (openwsman's CIM plugin), "no-classname" the
 * instance without its xsi:type. */
static void error_open(wsman_buf *b, const char *px, const char *name)
{
	wsman_buf_printf(b, "<%s:%s xmlns:e=\"" WSMAN_CLASS_URI "CIM_Error\"%s>", px, name,
			 SRH_HOOK("no-classname") ? "" : " xsi:type=\"e:CIM_Error_Type\"");
}

/* Test builds only: "uint16-string" types ErrorType as xs:string,
 * "scalar-array" repeats the scalar Message (an array where the MOF
 * declares a scalar: a one-value array and a scalar look the same on this
 * wire, so the defect is the other way round). */
static void error_hooked(wsman_buf *b, const cim_error *e)
{
	if (SRH_HOOK("uint16-string"))
		wsman_buf_printf(b,
				 "<e:ErrorType xmlns:xs=\"http://www.w3.org/2001/XMLSchema\" "
				 "xsi:type=\"xs:string\">%u</e:ErrorType>",
				 (unsigned)e->error_type);
	else
		p_num(b, "e", "ErrorType", e->error_type);
	if (SRH_HOOK("scalar-array"))
		p_str(b, "e", "Message", e->message ? e->message : "");
}

void wsman_write_error(wsman_buf *b, const char *px, const char *name, const cim_error *e)
{
	if (!e && SRH_HOOK("empty-nil")) {
		wsman_buf_printf(b, "<%s:%s/>", px, name);
		return;
	}
	if (!e) {
		p_nil(b, px, name);
		return;
	}
	error_open(b, px, name);
	error_hooked(b, e);
	p_str(b, "e", "OtherErrorType", e->other_error_type);
	p_str(b, "e", "OwningEntity", e->owning_entity);
	p_str(b, "e", "MessageID", e->message_id);
	p_str(b, "e", "Message", e->message);
	p_strs(b, "e", "MessageArguments", e->message_arguments, e->n_message_arguments);
	p_num(b, "e", "PerceivedSeverity", e->perceived_severity);
	p_num(b, "e", "ProbableCause", e->probable_cause);
	p_str(b, "e", "ProbableCauseDescription", e->probable_cause_description);
	p_strs(b, "e", "RecommendedActions", e->recommended_actions, e->n_recommended_actions);
	p_str(b, "e", "ErrorSource", e->error_source);
	p_num(b, "e", "ErrorSourceFormat", e->error_source_format);
	p_str(b, "e", "OtherErrorSourceFormat", e->other_error_source_format);
	p_num(b, "e", "CIMStatusCode", e->cim_status_code);
	p_str(b, "e", "CIMStatusCodeDescription", e->cim_status_code_description);
	wsman_buf_printf(b, "</%s:%s>", px, name);
}
