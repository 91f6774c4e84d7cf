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

#define WIRE_MAGIC "SRHR"
#define WIRE_VERSION 2u /* 2: a call's rc description */
#define WIRE_NULL 0xFFFFFFFFu
#define WIRE_STR_MAX (1u << 20)

/* ---- writer ------------------------------------------------------------ */

typedef struct wbuf {
	unsigned char *p;
	size_t n, cap;
	int err;
} wbuf;

static void put(wbuf *b, const void *src, size_t len)
{
	if (b->err)
		return;
	while (b->n + len > b->cap) {
		size_t nc = b->cap ? b->cap * 2 : 4096;
		unsigned char *np = realloc(b->p, nc);
		if (!np) {
			b->err = 1;
			return;
		}
		b->p = np;
		b->cap = nc;
	}
	memcpy(b->p + b->n, src, len);
	b->n += len;
}

static void put_uint(wbuf *b, uint64_t v, unsigned bytes)
{
	unsigned char t[8];

	for (unsigned i = 0; i < bytes; i++)
		t[i] = (unsigned char)(v >> (8 * i));
	put(b, t, bytes);
}

#define put_u8(b, v) put_uint(b, (uint64_t)(v), 1)
#define put_u16(b, v) put_uint(b, (uint64_t)(v), 2)
#define put_u32(b, v) put_uint(b, (uint64_t)(v), 4)
#define put_u64(b, v) put_uint(b, (uint64_t)(v), 8)

static void put_str(wbuf *b, const char *s)
{
	size_t n = s ? strnlen(s, WIRE_STR_MAX) : 0;

	if (!s) {
		put_u32(b, WIRE_NULL);
		return;
	}
	put_u32(b, n);
	put(b, s, n);
}

static void put_strs(wbuf *b, char *const *s, size_t n)
{
	put_u32(b, n);
	for (size_t i = 0; i < n; i++)
		put_str(b, s[i]);
}

static void put_error(wbuf *b, const cim_error *e)
{
	put_u16(b, e->error_type);
	put_str(b, e->other_error_type);
	put_str(b, e->owning_entity);
	put_str(b, e->message_id);
	put_str(b, e->message);
	put_strs(b, e->message_arguments, e->n_message_arguments);
	put_u16(b, e->perceived_severity);
	put_u16(b, e->probable_cause);
	put_str(b, e->probable_cause_description);
	put_strs(b, e->recommended_actions, e->n_recommended_actions);
	put_str(b, e->error_source);
	put_u16(b, e->error_source_format);
	put_str(b, e->other_error_source_format);
	put_u32(b, e->cim_status_code);
	put_str(b, e->cim_status_code_description);
}

static void put_failures(wbuf *b, const srh_failure *f, size_t n)
{
	put_u32(b, n);
	for (size_t i = 0; i < n; i++) {
		put_str(b, f[i].rule);
		put_u8(b, f[i].level);
		put_u8(b, f[i].from_expect);
		put_str(b, f[i].property);
		put_str(b, f[i].expected);
		put_str(b, f[i].observed);
		put_u64(b, f[i].time_ns);
		put_u32(b, (uint32_t)f[i].line);
	}
}

static void put_call(wbuf *b, const srh_call_rec *c)
{
	put_u64(b, c->time_ns);
	put_u8(b, c->call);
	put_u8(b, c->admin);
	put_u16(b, c->requested_state);
	put_str(b, c->principal);
	put_str(b, c->instance_id);
	put_u32(b, c->rc);
	put_str(b, c->rc_desc);
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

static void put_result(wbuf *b, const srh_result *r)
{
	put_str(b, r->name);
	put_str(b, r->file);
	put_str(b, r->job_kind);
	put_str(b, r->provider);
	put_u64(b, r->seed);
	put_u8(b, r->verdict);
	put_u32(b, (uint32_t)r->signal);
	put_str(b, r->reason);
	put_u64(b, (uint64_t)(r->wall_s * 1e6));
	put_u64(b, r->end_ns);
	put_u16(b, r->final_state);
	put_str(b, r->end_class);
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
		put_str(b, r->timeline[i].text);
	}
	put_u32(b, r->n_hits);
	for (size_t i = 0; i < r->n_hits; i++) {
		put_str(b, r->hits[i].point);
		put_u64(b, r->hits[i].hits);
	}
	put_str(b, r->output);
	put_u8(b, r->truncated);
}

int srh_wire_encode(const srh_result *r, unsigned char **out, size_t *len)
{
	wbuf body = {0}, all = {0};

	*out = NULL;
	*len = 0;
	put_result(&body, r);
	put(&all, WIRE_MAGIC, 4);
	put_u32(&all, WIRE_VERSION);
	put_u64(&all, body.n);
	if (body.n)
		put(&all, body.p, body.n);
	free(body.p);
	if (body.err || all.err) {
		free(all.p);
		return -1;
	}
	*out = all.p;
	*len = all.n;
	return 0;
}

/* ---- reader ------------------------------------------------------------ */

typedef struct rbuf {
	const unsigned char *p;
	size_t n, off;
	const char *err; /* first problem, NULL = none */
} rbuf;

static void bad(rbuf *b, const char *why)
{
	if (!b->err)
		b->err = why;
}

static uint64_t get_uint(rbuf *b, unsigned bytes)
{
	uint64_t v = 0;

	if (b->err || b->n - b->off < bytes) {
		bad(b, "truncated");
		return 0;
	}
	for (unsigned i = 0; i < bytes; i++)
		v |= (uint64_t)b->p[b->off + i] << (8 * i);
	b->off += bytes;
	return v;
}

#define get_u8(b) ((uint8_t)get_uint(b, 1))
#define get_u16(b) ((uint16_t)get_uint(b, 2))
#define get_u32(b) ((uint32_t)get_uint(b, 4))
#define get_u64(b) get_uint(b, 8)

static char *get_str(rbuf *b)
{
	uint32_t n = get_u32(b);
	char *s;

	if (b->err || n == WIRE_NULL)
		return NULL;
	if (n > WIRE_STR_MAX || b->n - b->off < n) {
		bad(b, "string length out of bounds");
		return NULL;
	}
	if (memchr(b->p + b->off, '\0', n)) {
		bad(b, "NUL inside a string");
		return NULL;
	}
	s = malloc((size_t)n + 1);
	if (!s) {
		bad(b, "out of memory");
		return NULL;
	}
	memcpy(s, b->p + b->off, n);
	s[n] = '\0';
	b->off += n;
	return s;
}

/* A count, checked against a cap and against the bytes left (each element
 * takes at least min_el bytes), before anything is allocated for it. */
static size_t get_count(rbuf *b, size_t cap, size_t min_el)
{
	uint32_t n = get_u32(b);

	if (b->err)
		return 0;
	if (n > cap || (size_t)n * min_el > b->n - b->off) {
		bad(b, "count out of bounds");
		return 0;
	}
	return n;
}

static char **get_strs(rbuf *b, size_t *n)
{
	char **v;

	*n = get_count(b, SRH_CHECK_MAX_ARRAY, 4);
	if (!*n)
		return NULL;
	v = calloc(*n, sizeof(*v));
	if (!v) {
		bad(b, "out of memory");
		*n = 0;
		return NULL;
	}
	for (size_t i = 0; i < *n; i++)
		v[i] = get_str(b);
	return v;
}

static cim_error *get_error(rbuf *b)
{
	cim_error *e = calloc(1, sizeof(*e));

	if (!e) {
		bad(b, "out of memory");
		return NULL;
	}
	e->error_type = get_u16(b);
	e->other_error_type = get_str(b);
	e->owning_entity = get_str(b);
	e->message_id = get_str(b);
	e->message = get_str(b);
	e->message_arguments = get_strs(b, &e->n_message_arguments);
	e->perceived_severity = get_u16(b);
	e->probable_cause = get_u16(b);
	e->probable_cause_description = get_str(b);
	e->recommended_actions = get_strs(b, &e->n_recommended_actions);
	e->error_source = get_str(b);
	e->error_source_format = get_u16(b);
	e->other_error_source_format = get_str(b);
	e->cim_status_code = get_u32(b);
	e->cim_status_code_description = get_str(b);
	return e;
}

static srh_failure *get_failures(rbuf *b, size_t *n, size_t *cap)
{
	srh_failure *f;

	*n = *cap = get_count(b, SRH_MAX_FAILURES, 30);
	if (!*n)
		return NULL;
	f = calloc(*n, sizeof(*f));
	if (!f) {
		bad(b, "out of memory");
		*n = *cap = 0;
		return NULL;
	}
	for (size_t i = 0; i < *n; i++) {
		f[i].rule = get_str(b);
		f[i].level = get_u8(b);
		f[i].from_expect = get_u8(b);
		f[i].property = get_str(b);
		f[i].expected = get_str(b);
		f[i].observed = get_str(b);
		f[i].time_ns = get_u64(b);
		f[i].line = (int)get_u32(b);
		if (f[i].level > 1 || f[i].from_expect > 1 || !f[i].rule || !f[i].expected ||
		    !f[i].observed || f[i].line < 0)
			bad(b, "bad failure record");
	}
	return f;
}

static void get_call(rbuf *b, srh_call_rec *c)
{
	c->time_ns = get_u64(b);
	c->call = get_u8(b);
	c->admin = get_u8(b);
	c->requested_state = get_u16(b);
	c->principal = get_str(b);
	c->instance_id = get_str(b);
	c->rc = get_u32(b);
	c->rc_desc = get_str(b);
	/* Only a vendor code has one, never empty, no longer than
	 * srh_rc_desc_get makes it. */
	if (c->rc_desc &&
	    (!srh_rc_is_vendor(c->rc) || !c->rc_desc[0] || strlen(c->rc_desc) > SRH_CHECK_MAX_STR))
		bad(b, "bad rc description");
	c->n_errors = get_count(b, SRH_MAX_ERRORS, 40);
	if (c->n_errors) {
		c->errors = calloc(c->n_errors, sizeof(*c->errors));
		if (!c->errors) {
			bad(b, "out of memory");
			c->n_errors = 0;
		}
		for (size_t i = 0; i < c->n_errors; i++)
			c->errors[i] = get_error(b);
	}
	c->has_job = get_u8(b);
	c->job_state = get_u16(b);
	c->n_op_status = get_u8(b);
	if (c->n_op_status > CIM_OPSTATUS_MAX) {
		bad(b, "OperationalStatus count out of bounds");
		c->n_op_status = 0;
	}
	for (size_t i = 0; i < c->n_op_status; i++)
		c->op_status[i] = get_u16(b);
	c->percent = get_u16(b);
	c->line = (int)get_u32(b);
	if (c->call > 5 || c->admin > 1 || c->has_job > 1 || c->line < 0)
		bad(b, "bad call record");
}

static void get_calls(rbuf *b, srh_result *r)
{
	r->n_calls = r->cap_calls = get_count(b, SRH_MAX_CALLS, 42);
	if (!r->n_calls)
		return;
	r->calls = calloc(r->n_calls, sizeof(*r->calls));
	if (!r->calls) {
		bad(b, "out of memory");
		r->n_calls = r->cap_calls = 0;
		return;
	}
	for (size_t i = 0; i < r->n_calls && !b->err; i++)
		get_call(b, &r->calls[i]);
}

static void get_timeline(rbuf *b, srh_result *r)
{
	r->n_timeline = r->cap_timeline = get_count(b, SRH_MAX_TIMELINE, 17);
	if (!r->n_timeline)
		return;
	r->timeline = calloc(r->n_timeline, sizeof(*r->timeline));
	if (!r->timeline) {
		bad(b, "out of memory");
		r->n_timeline = r->cap_timeline = 0;
		return;
	}
	for (size_t i = 0; i < r->n_timeline && !b->err; i++) {
		srh_tl_event *e = &r->timeline[i];
		e->time_ns = get_u64(b);
		e->kind = get_u8(b);
		e->job_state = get_u16(b);
		e->percent = get_u16(b);
		e->text = get_str(b);
		if (e->kind >= SRH_TL_COUNT || !e->text)
			bad(b, "bad timeline event");
	}
}

static void get_hits(rbuf *b, srh_result *r)
{
	r->n_hits = r->cap_hits = get_count(b, 256, 12);
	if (!r->n_hits)
		return;
	r->hits = calloc(r->n_hits, sizeof(*r->hits));
	if (!r->hits) {
		bad(b, "out of memory");
		r->n_hits = r->cap_hits = 0;
		return;
	}
	for (size_t i = 0; i < r->n_hits; i++) {
		r->hits[i].point = get_str(b);
		r->hits[i].hits = get_u64(b);
		if (!r->hits[i].point)
			bad(b, "bad hit record");
	}
}

static void get_result(rbuf *b, srh_result *r)
{
	uint8_t v;

	r->name = get_str(b);
	r->file = get_str(b);
	r->job_kind = get_str(b);
	r->provider = get_str(b);
	r->seed = get_u64(b);
	v = get_u8(b);
	if (v >= SRH_VERDICT_COUNT)
		bad(b, "bad verdict");
	r->verdict = (srh_verdict)v;
	r->signal = (int)get_u32(b);
	r->reason = get_str(b);
	r->wall_s = (double)get_u64(b) / 1e6;
	r->end_ns = get_u64(b);
	r->final_state = get_u16(b);
	r->end_class = get_str(b);
	r->must = get_failures(b, &r->n_must, &r->cap_must);
	r->should = get_failures(b, &r->n_should, &r->cap_should);
	get_calls(b, r);
	get_timeline(b, r);
	get_hits(b, r);
	r->output = get_str(b);
	r->truncated = get_u8(b) != 0;
	if (r->signal < 0 || r->signal > 255)
		bad(b, "bad signal number");
}

int srh_wire_decode(const unsigned char *buf, size_t len, srh_result *r, char *err, size_t errlen)
{
	rbuf b = {buf, len, 0, NULL};
	uint64_t body;

	srh_result_init(r);
	if (len < 16 || memcmp(buf, WIRE_MAGIC, 4) != 0) {
		bad(&b, "no result header");
	} else {
		b.off = 4;
		if (get_u32(&b) != WIRE_VERSION)
			bad(&b, "unknown result version");
		body = get_u64(&b);
		if (!b.err && body != len - 16)
			bad(&b, "result length does not match");
	}
	if (!b.err)
		get_result(&b, r);
	if (!b.err && b.off != b.n)
		bad(&b, "trailing bytes after the result");
	if (b.err) {
		if (err && errlen)
			snprintf(err, errlen, "malformed result from the child: %s", b.err);
		srh_result_free(r);
		return -1;
	}
	return 0;
}
