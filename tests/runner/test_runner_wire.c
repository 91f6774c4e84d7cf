/* srh_wire: a result survives the trip from child to parent intact, and the
 * parent refuses anything malformed instead of trusting it. */
#define _GNU_SOURCE /* memmem */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "srh_wire.h"

static cim_error *some_error(void)
{
	cim_error *e = calloc(1, sizeof(*e));
	static const char *args[] = {"D:", "EIO"};

	cr_assert_not_null(e);
	e->error_type = 5;
	e->perceived_severity = 6;
	e->probable_cause = 24;
	e->cim_status_code = 1;
	e->error_source_format = 2;
	e->message_id = strdup("SR1001");
	e->owning_entity = strdup("SRSIM");
	e->message_arguments = calloc(2, sizeof(char *));
	cr_assert_not_null(e->message_arguments);
	for (int i = 0; i < 2; i++)
		e->message_arguments[i] = strdup(args[i]);
	e->n_message_arguments = 2;
	return e;
}

static void fill(srh_result *r)
{
	srh_call_rec c = {0};

	srh_result_init(r);
	r->name = strdup("wire.test");
	r->file = strdup("x.yaml");
	r->job_kind = strdup("initial_sync");
	r->seed = 42;
	r->verdict = SRH_FAIL;
	r->end_ns = 434761213248ull;
	r->final_state = 10;
	r->end_class = strdup("io_error");
	cr_assert_eq(srh_result_fail(r, "MUST-4 error-iff-ended-in-error", 0, false, "Error",
				     "present", "NULL", 12, 47),
		     0);
	cr_assert_eq(srh_result_fail(r, "expect Error.ProbableCause", 1, true,
				     "Error.ProbableCause", "24 I/O Device Error",
				     "86 Disk Failure", 13, 52),
		     0);
	c.time_ns = 5;
	c.call = 1;
	c.principal = strdup("alice");
	c.instance_id = strdup("SRSIM:1");
	c.rc = 0;
	c.errors = calloc(1, sizeof(*c.errors));
	cr_assert_not_null(c.errors);
	c.errors[0] = some_error();
	c.n_errors = 1;
	c.has_job = 1;
	c.job_state = 10;
	c.op_status[0] = 6;
	c.op_status[1] = 17;
	c.n_op_status = 2;
	c.percent = 50;
	c.line = 47;
	cr_assert_eq(srh_result_call(r, &c), 0);
	/* a vendor code with its description, and one without */
	memset(&c, 0, sizeof(c));
	c.time_ns = 6;
	c.call = 1;
	c.principal = strdup("alice");
	c.rc = 32768;
	c.rc_desc = strdup("SRSIM: job store busy");
	c.line = 48;
	cr_assert_eq(srh_result_call(r, &c), 0);
	memset(&c, 0, sizeof(c));
	c.time_ns = 7;
	c.call = 5;
	c.principal = strdup("bob");
	c.rc = 40000;
	cr_assert_eq(srh_result_call(r, &c), 0);
	cr_assert_eq(srh_result_event(r, 1, SRH_TL_ENDED, 10, 50, "ended %s", "Exception"), 0);
	cr_assert_eq(srh_result_hit(r, "sim/disk/write", 804), 0);
	r->output = strdup("provider said hello\n");
}

Test(wire, roundtrip_keeps_everything)
{
	srh_result a, b;
	unsigned char *buf;
	size_t len;
	char err[256];

	fill(&a);
	cr_assert_eq(srh_wire_encode(&a, &buf, &len), 0);
	cr_assert_eq(srh_wire_decode(buf, len, &b, err, sizeof(err)), 0, "%s", err);
	cr_assert_str_eq(b.name, "wire.test");
	cr_assert_eq(b.seed, 42);
	cr_assert_eq(b.verdict, SRH_FAIL);
	cr_assert_eq(b.n_must, 1);
	cr_assert_eq(b.n_should, 1);
	cr_assert_str_eq(b.must[0].rule, "MUST-4 error-iff-ended-in-error");
	cr_assert_eq(b.should[0].line, 52);
	cr_assert_eq(b.should[0].from_expect, 1);
	cr_assert_eq(b.n_calls, 3);
	cr_assert_null(b.calls[0].rc_desc);
	cr_assert_eq(b.calls[1].rc, 32768);
	cr_assert_str_eq(b.calls[1].rc_desc, "SRSIM: job store busy");
	cr_assert_eq(b.calls[2].rc, 40000);
	cr_assert_null(b.calls[2].rc_desc, "no description stays NULL");
	cr_assert_eq(b.calls[0].n_errors, 1);
	cr_assert(cim_error_equal(a.calls[0].errors[0], b.calls[0].errors[0]));
	cr_assert_eq(b.calls[0].n_op_status, 2);
	cr_assert_eq(b.calls[0].op_status[1], 17);
	cr_assert_str_eq(b.timeline[0].text, "ended Exception");
	cr_assert_eq(b.hits[0].hits, 804);
	cr_assert_str_eq(b.output, "provider said hello\n");
	cr_assert_null(b.reason);
	free(buf);
	srh_result_free(&a);
	srh_result_free(&b);
}

Test(wire, every_truncation_is_refused)
{
	srh_result a, b;
	unsigned char *buf;
	size_t len;
	char err[256];

	fill(&a);
	cr_assert_eq(srh_wire_encode(&a, &buf, &len), 0);
	for (size_t n = 0; n < len; n++) {
		err[0] = '\0';
		cr_assert_eq(srh_wire_decode(buf, n, &b, err, sizeof(err)), -1, "length %zu", n);
		cr_assert(strstr(err, "malformed result"), "%s", err);
		cr_assert_null(b.name);
	}
	free(buf);
	srh_result_free(&a);
}

Test(wire, corrupt_fields_are_refused)
{
	srh_result a, b;
	unsigned char *buf;
	size_t len;
	char err[256];

	fill(&a);
	cr_assert_eq(srh_wire_encode(&a, &buf, &len), 0);
	/* Any single flipped byte either still decodes to a valid result or is
	 * refused: never a crash, never garbage accepted as a verdict. */
	for (size_t i = 0; i < len; i++) {
		unsigned char keep = buf[i];
		buf[i] ^= 0xff;
		if (srh_wire_decode(buf, len, &b, err, sizeof(err)) == 0) {
			cr_assert_lt((unsigned)b.verdict, (unsigned)SRH_VERDICT_COUNT);
			srh_result_free(&b);
		}
		buf[i] = keep;
	}
	buf[0] = 'X';
	cr_assert_eq(srh_wire_decode(buf, len, &b, err, sizeof(err)), -1);
	free(buf);
	srh_result_free(&a);
}

Test(wire, trailing_garbage_is_refused)
{
	srh_result a, b;
	unsigned char *buf, *big;
	size_t len;
	char err[256];

	fill(&a);
	cr_assert_eq(srh_wire_encode(&a, &buf, &len), 0);
	big = malloc(len + 3);
	cr_assert_not_null(big);
	memcpy(big, buf, len);
	memcpy(big + len, "xyz", 3);
	cr_assert_eq(srh_wire_decode(big, len + 3, &b, err, sizeof(err)), -1);
	free(big);
	free(buf);
	srh_result_free(&a);
}

/* Where the description of call 1 starts in a's encoding. */
static size_t desc_offset(const unsigned char *buf, size_t len, const char *desc)
{
	size_t n = strlen(desc);

	for (size_t i = 4; i + n <= len; i++)
		if (memcmp(buf + i, desc, n) == 0)
			return i;
	cr_assert_fail("description not in the encoding");
	return 0;
}

Test(wire, cut_inside_the_rc_description_is_refused)
{
	srh_result a, b;
	unsigned char *buf;
	size_t len, at;
	char err[256];

	fill(&a);
	cr_assert_eq(srh_wire_encode(&a, &buf, &len), 0);
	at = desc_offset(buf, len, "SRSIM: job store busy");
	/* the length says 21 bytes, the buffer (and the header's length,
	 * made to agree) ends after 10 of them */
	size_t cut = at + 10;
	unsigned char *c = malloc(cut);
	cr_assert_not_null(c);
	memcpy(c, buf, cut);
	for (unsigned i = 0; i < 8; i++)
		c[8 + i] = (unsigned char)((uint64_t)(cut - 16) >> (8 * i));
	cr_assert_eq(srh_wire_decode(c, cut, &b, err, sizeof(err)), -1);
	cr_assert(strstr(err, "string length out of bounds"), "%s", err);
	cr_assert_null(b.calls);
	free(c);
	free(buf);
	srh_result_free(&a);
}

static void refused(const srh_result *a, const char *why)
{
	srh_result b;
	unsigned char *buf;
	size_t len;
	char err[256];

	cr_assert_eq(srh_wire_encode(a, &buf, &len), 0);
	cr_assert_eq(srh_wire_decode(buf, len, &b, err, sizeof(err)), -1, "accepted: %s", why);
	cr_assert(strstr(err, "bad rc description"), "%s: %s", why, err);
	free(buf);
}

Test(wire, rc_description_only_for_a_vendor_code)
{
	srh_result a;

	fill(&a);
	/* contract.md: only 32768..65535 is vendor specific */
	a.calls[0].rc_desc = strdup("on rc 0");
	refused(&a, "a description on rc 0");
	free(a.calls[0].rc_desc);
	a.calls[0].rc_desc = NULL;
	a.calls[1].rc = 32767;
	refused(&a, "a description on DMTF reserved 32767");
	a.calls[1].rc = 32768;
	free(a.calls[1].rc_desc);
	a.calls[1].rc_desc = strdup("");
	refused(&a, "an empty description");
	srh_result_free(&a);
}

Test(wire, older_version_is_refused)
{
	srh_result a, b;
	unsigned char *buf;
	size_t len;
	char err[256];

	fill(&a);
	cr_assert_eq(srh_wire_encode(&a, &buf, &len), 0);
	cr_assert_eq(buf[4], 2, "version 2 carries the rc description");
	buf[4] = 1;
	cr_assert_eq(srh_wire_decode(buf, len, &b, err, sizeof(err)), -1);
	cr_assert(strstr(err, "unknown result version"), "%s", err);
	free(buf);
	srh_result_free(&a);
}

/* A request (parent to worker) comes back field for field; cut anywhere,
 * with a NUL planted in its text, or sent where a result is expected, it
 * is refused. */
Test(wire, request_round_trip_and_refusals)
{
	const char *text = "name: a.b\nseed: 9\njob: {kind: resync, owner: alice}\n";
	srh_request a = {"a.b", "dir/a.yaml", "resync", text, 9, true, true, "/x/p.so", NULL, NULL};
	srh_request b;
	srh_result r;
	unsigned char *buf;
	size_t len, total;
	char err[256];

	cr_assert_eq(srh_wire_encode_request(&a, &buf, &len), 0);
	cr_assert_eq(memcmp(buf, "SRHQ", 4), 0);
	cr_assert_eq(srh_wire_frame(buf, len, &total), 0);
	cr_assert_eq(total, len);
	cr_assert_eq(srh_wire_frame(buf, 10, &total), 1, "a header still coming");
	cr_assert_eq(srh_wire_decode_request(buf, len, &b, err, sizeof(err)), 0, "%s", err);
	cr_assert_str_eq(b.name, "a.b");
	cr_assert_str_eq(b.file, "dir/a.yaml");
	cr_assert_str_eq(b.job_kind, "resync");
	cr_assert_str_eq(b.text, text);
	cr_assert_eq(b.seed, 9);
	cr_assert(b.has_seed && b.sweep);
	cr_assert_str_eq(b.provider, "/x/p.so");
	cr_assert_null(b.profile);
	cr_assert_null(b.model);
	srh_request_free(&b);
	for (size_t cut = 0; cut < len; cut++)
		cr_assert_eq(srh_wire_decode_request(buf, cut, &b, err, sizeof(err)), -1,
			     "cut at %zu accepted", cut);
	cr_assert_eq(srh_wire_decode(buf, len, &r, err, sizeof(err)), -1, "a request is no result");
	/* inside the text */
	((unsigned char *)memmem(buf, len, "job: {kind", 10))[0] = '\0';
	cr_assert_eq(srh_wire_decode_request(buf, len, &b, err, sizeof(err)), -1);
	cr_assert(strstr(err, "NUL"), "%s", err);
	free(buf);
	a.name = NULL;
	cr_assert_eq(srh_wire_encode_request(&a, &buf, &len), -1, "a request needs a name");
	cr_assert_null(buf);
}
