/*
 * srh_wire.c - encoding and validating decoding of srh_result.
 */
#include "srh_wire.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "srh_rcdesc.h"
#include "srh_util.h"
#include "srh_wire_int.h"
#include "srh/cim_fmt.h"

#define WIRE_VERSION 2u /* 2: a call's rc description */

/* ---- writer ------------------------------------------------------------ */

static void put_strs(srh_wbuf *b, char *const *s, size_t n)
{
	put_u32(b, n);
	for (size_t i = 0; i < n; i++)
		srh_wput_str(b, s[i]);
}

static void put_error(srh_wbuf *b, const cim_error *e)
{
	put_u16(b, e->error_type);
	srh_wput_str(b, e->other_error_type);
	srh_wput_str(b, e->owning_entity);
	srh_wput_str(b, e->message_id);
	srh_wput_str(b, e->message);
	put_strs(b, e->message_arguments, e->n_message_arguments);
	put_u16(b, e->perceived_severity);
	put_u16(b, e->probable_cause);
	srh_wput_str(b, e->probable_cause_description);
	put_strs(b, e->recommended_actions, e->n_recommended_actions);
	srh_wput_str(b, e->error_source);
	put_u16(b, e->error_source_format);
	srh_wput_str(b, e->other_error_source_format);
	put_u32(b, e->cim_status_code);
	srh_wput_str(b, e->cim_status_code_description);
}

static void put_failures(srh_wbuf *b, const srh_failure *f, size_t n)
{
	put_u32(b, n);
	for (size_t i = 0; i < n; i++) {
		srh_wput_str(b, f[i].rule);
		put_u8(b, f[i].level);
		put_u8(b, f[i].from_expect);
		srh_wput_str(b, f[i].property);
		srh_wput_str(b, f[i].expected);
		srh_wput_str(b, f[i].observed);
		put_u64(b, f[i].time_ns);
		put_u32(b, (uint32_t)f[i].line);
	}
}

static void put_call(srh_wbuf *b, const srh_call_rec *c)
{
	put_u64(b, c->time_ns);
	put_u8(b, c->call);
	put_u8(b, c->admin);
	put_u16(b, c->requested_state);
	srh_wput_str(b, c->principal);
	srh_wput_str(b, c->instance_id);
	put_u32(b, c->rc);
	srh_wput_str(b, c->rc_desc);
	put_u32(b, c->n_errors);
	for (size_t i = 0; i < c->n_errors; i++)
		put_error(b, c->errors[i]);
	put_u8(b, c->has_job);
	put_u16(b, c->job_state);
	put_u8(b, c->n_op_status);
	for (size_t i = 0; i < c->n_op_status; i++)
		put_u16(b, c->op_status[i]);
	put_u16(b, c->percent);
	put_u32(b, (uint32_t)c->line);
}

static void put_result(srh_wbuf *b, const srh_result *r)
{
	srh_wput_str(b, r->name);
	srh_wput_str(b, r->file);
	srh_wput_str(b, r->job_kind);
	srh_wput_str(b, r->provider);
	put_u64(b, r->seed);
	put_u8(b, r->verdict);
	put_u32(b, (uint32_t)r->signal);
	srh_wput_str(b, r->reason);
	put_u64(b, (uint64_t)(r->wall_s * 1e6));
	put_u64(b, r->end_ns);
	put_u16(b, r->final_state);
	srh_wput_str(b, r->end_class);
	put_failures(b, r->must, r->n_must);
	put_failures(b, r->should, r->n_should);
	put_u32(b, r->n_calls);
	for (size_t i = 0; i < r->n_calls; i++)
		put_call(b, &r->calls[i]);
	put_u32(b, r->n_timeline);
	for (size_t i = 0; i < r->n_timeline; i++) {
		put_u64(b, r->timeline[i].time_ns);
		put_u8(b, r->timeline[i].kind);
		put_u16(b, r->timeline[i].job_state);
		put_u16(b, r->timeline[i].percent);
		srh_wput_str(b, r->timeline[i].text);
	}
	put_u32(b, r->n_hits);
	for (size_t i = 0; i < r->n_hits; i++) {
		srh_wput_str(b, r->hits[i].point);
		put_u64(b, r->hits[i].hits);
	}
	srh_wput_str(b, r->output);
	put_u8(b, r->truncated);
}

int srh_wire_encode(const srh_result *r, unsigned char **out, size_t *len)
{
	srh_wbuf body = {0};

	put_result(&body, r);
	return srh_wire_wrap(&body, SRH_WIRE_MAGIC_RESULT, WIRE_VERSION, out, len);
}

/* ---- reader ------------------------------------------------------------ */

static char **get_strs(srh_rbuf *b, size_t *n)
{
	char **v;

	*n = srh_wget_count(b, SRH_CHECK_MAX_ARRAY, 4);
	if (!*n)
		return NULL;
	v = calloc(*n, sizeof(*v));
	if (!v) {
		srh_wbad(b, "out of memory");
		*n = 0;
		return NULL;
	}
	for (size_t i = 0; i < *n; i++)
		v[i] = srh_wget_str(b);
	return v;
}

static cim_error *get_error(srh_rbuf *b)
{
	cim_error *e = calloc(1, sizeof(*e));

	if (!e) {
		srh_wbad(b, "out of memory");
		return NULL;
	}
	e->error_type = get_u16(b);
	e->other_error_type = srh_wget_str(b);
	e->owning_entity = srh_wget_str(b);
	e->message_id = srh_wget_str(b);
	e->message = srh_wget_str(b);
	e->message_arguments = get_strs(b, &e->n_message_arguments);
	e->perceived_severity = get_u16(b);
	e->probable_cause = get_u16(b);
	e->probable_cause_description = srh_wget_str(b);
	e->recommended_actions = get_strs(b, &e->n_recommended_actions);
	e->error_source = srh_wget_str(b);
	e->error_source_format = get_u16(b);
	e->other_error_source_format = srh_wget_str(b);
	e->cim_status_code = get_u32(b);
	e->cim_status_code_description = srh_wget_str(b);
	return e;
}

static srh_failure *get_failures(srh_rbuf *b, size_t *n, size_t *cap)
{
	srh_failure *f;

	*n = *cap = srh_wget_count(b, SRH_MAX_FAILURES, 30);
	if (!*n)
		return NULL;
	f = calloc(*n, sizeof(*f));
	if (!f) {
		srh_wbad(b, "out of memory");
		*n = *cap = 0;
		return NULL;
	}
	for (size_t i = 0; i < *n; i++) {
		f[i].rule = srh_wget_str(b);
		f[i].level = get_u8(b);
		f[i].from_expect = get_u8(b);
		f[i].property = srh_wget_str(b);
		f[i].expected = srh_wget_str(b);
		f[i].observed = srh_wget_str(b);
		f[i].time_ns = get_u64(b);
		f[i].line = (int)get_u32(b);
		if (f[i].level > 1 || f[i].from_expect > 1 || !f[i].rule || !f[i].expected ||
		    !f[i].observed || f[i].line < 0)
			srh_wbad(b, "bad failure record");
	}
	return f;
}

static void get_call(srh_rbuf *b, srh_call_rec *c)
{
	c->time_ns = get_u64(b);
	c->call = get_u8(b);
	c->admin = get_u8(b);
	c->requested_state = get_u16(b);
	c->principal = srh_wget_str(b);
	c->instance_id = srh_wget_str(b);
	c->rc = get_u32(b);
	c->rc_desc = srh_wget_str(b);
	/* Only a vendor code has one, never empty, no longer than
	 * srh_rc_desc_get makes it. */
	if (c->rc_desc &&
	    (!srh_rc_is_vendor(c->rc) || !c->rc_desc[0] || strlen(c->rc_desc) > SRH_CHECK_MAX_STR))
		srh_wbad(b, "bad rc description");
	c->n_errors = srh_wget_count(b, SRH_MAX_ERRORS, 40);
	if (c->n_errors) {
		c->errors = calloc(c->n_errors, sizeof(*c->errors));
		if (!c->errors) {
			srh_wbad(b, "out of memory");
			c->n_errors = 0;
		}
		for (size_t i = 0; i < c->n_errors; i++)
			c->errors[i] = get_error(b);
	}
	c->has_job = get_u8(b);
	c->job_state = get_u16(b);
	c->n_op_status = get_u8(b);
	if (c->n_op_status > CIM_OPSTATUS_MAX) {
		srh_wbad(b, "OperationalStatus count out of bounds");
		c->n_op_status = 0;
	}
	for (size_t i = 0; i < c->n_op_status; i++)
		c->op_status[i] = get_u16(b);
	c->percent = get_u16(b);
	c->line = (int)get_u32(b);
	if (c->call > 5 || c->admin > 1 || c->has_job > 1 || c->line < 0)
		srh_wbad(b, "bad call record");
}

static void get_calls(srh_rbuf *b, srh_result *r)
{
	r->n_calls = r->cap_calls = srh_wget_count(b, SRH_MAX_CALLS, 42);
	if (!r->n_calls)
		return;
	r->calls = calloc(r->n_calls, sizeof(*r->calls));
	if (!r->calls) {
		srh_wbad(b, "out of memory");
		r->n_calls = r->cap_calls = 0;
		return;
	}
	for (size_t i = 0; i < r->n_calls && !b->err; i++)
		get_call(b, &r->calls[i]);
}

static void get_timeline(srh_rbuf *b, srh_result *r)
{
	r->n_timeline = r->cap_timeline = srh_wget_count(b, SRH_MAX_TIMELINE, 17);
	if (!r->n_timeline)
		return;
	r->timeline = calloc(r->n_timeline, sizeof(*r->timeline));
	if (!r->timeline) {
		srh_wbad(b, "out of memory");
		r->n_timeline = r->cap_timeline = 0;
		return;
	}
	for (size_t i = 0; i < r->n_timeline && !b->err; i++) {
		srh_tl_event *e = &r->timeline[i];
		e->time_ns = get_u64(b);
		e->kind = get_u8(b);
		e->job_state = get_u16(b);
		e->percent = get_u16(b);
		e->text = srh_wget_str(b);
		if (e->kind >= SRH_TL_COUNT || !e->text)
			srh_wbad(b, "bad timeline event");
	}
}

static void get_hits(srh_rbuf *b, srh_result *r)
{
	r->n_hits = r->cap_hits = srh_wget_count(b, 256, 12);
	if (!r->n_hits)
		return;
	r->hits = calloc(r->n_hits, sizeof(*r->hits));
	if (!r->hits) {
		srh_wbad(b, "out of memory");
		r->n_hits = r->cap_hits = 0;
		return;
	}
	for (size_t i = 0; i < r->n_hits; i++) {
		r->hits[i].point = srh_wget_str(b);
		r->hits[i].hits = get_u64(b);
		if (!r->hits[i].point)
			srh_wbad(b, "bad hit record");
	}
}

static void get_result(srh_rbuf *b, srh_result *r)
{
	uint8_t v;

	r->name = srh_wget_str(b);
	r->file = srh_wget_str(b);
	r->job_kind = srh_wget_str(b);
	r->provider = srh_wget_str(b);
	r->seed = get_u64(b);
	v = get_u8(b);
	if (v >= SRH_VERDICT_COUNT)
		srh_wbad(b, "bad verdict");
	r->verdict = (srh_verdict)v;
	r->signal = (int)get_u32(b);
	r->reason = srh_wget_str(b);
	r->wall_s = (double)get_u64(b) / 1e6;
	r->end_ns = get_u64(b);
	r->final_state = get_u16(b);
	r->end_class = srh_wget_str(b);
	r->must = get_failures(b, &r->n_must, &r->cap_must);
	r->should = get_failures(b, &r->n_should, &r->cap_should);
	get_calls(b, r);
	get_timeline(b, r);
	get_hits(b, r);
	r->output = srh_wget_str(b);
	r->truncated = get_u8(b) != 0;
	if (r->signal < 0 || r->signal > 255)
		srh_wbad(b, "bad signal number");
}

int srh_wire_decode(const unsigned char *buf, size_t len, srh_result *r, char *err, size_t errlen)
{
	srh_rbuf b;

	srh_result_init(r);
	srh_wire_unwrap(&b, buf, len, SRH_WIRE_MAGIC_RESULT, WIRE_VERSION);
	if (!b.err)
		get_result(&b, r);
	if (!b.err && b.off != b.n)
		srh_wbad(&b, "trailing bytes after the result");
	if (b.err) {
		if (err && errlen)
			cim_fmt(err, errlen, "malformed result from the child: %s", b.err);
		srh_result_free(r);
		return -1;
	}
	return 0;
}
