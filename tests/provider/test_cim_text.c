/*
 * test_cim_text.c - libsrcim's one UTF-8 decoder, its escapers, the capped
 * copies of a hostile provider's CIM_Error and job, and the client-call
 * names. Expected bytes follow RFC 3629 (UTF-8) and the method names
 * shared/spec/contract.md uses.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "srh/cim.h"

Test(cim_text, utf8_next_accepts_and_rejects)
{
	uint32_t cp = 0;

	cr_expect_eq(cim_utf8_next((const unsigned char *)"A", 1, &cp), 1);
	cr_expect_eq(cp, 0x41u);
	cr_expect_eq(cim_utf8_next((const unsigned char *)"\xC3\xA9", 2, &cp), 2);
	cr_expect_eq(cp, 0xE9u);
	cr_expect_eq(cim_utf8_next((const unsigned char *)"\xF0\x9F\x98\x80", 4, &cp), 4);
	cr_expect_eq(cp, 0x1F600u);
	/* overlong, surrogate, past U+10FFFF, cut short, lone continuation */
	cr_expect_eq(cim_utf8_next((const unsigned char *)"\xC0\x80", 2, NULL), 0);
	cr_expect_eq(cim_utf8_next((const unsigned char *)"\xE0\x80\xAF", 3, NULL), 0);
	cr_expect_eq(cim_utf8_next((const unsigned char *)"\xED\xA0\x80", 3, NULL), 0);
	cr_expect_eq(cim_utf8_next((const unsigned char *)"\xF4\x90\x80\x80", 4, NULL), 0);
	cr_expect_eq(cim_utf8_next((const unsigned char *)"\xE2\x82\xAC", 2, NULL), 0);
	cr_expect_eq(cim_utf8_next((const unsigned char *)"\x80", 1, NULL), 0);
	cr_expect_eq(cim_utf8_next((const unsigned char *)"\xC3", 0, NULL), 0);
}

Test(cim_text, esc_piece)
{
	char piece[8];
	size_t used = 0;

	cr_expect_eq(cim_esc_piece("a", 1, true, piece, &used), 1);
	cr_expect_str_eq(piece, "a");
	cr_expect_eq(cim_esc_piece("\\", 1, false, piece, &used), 2);
	cr_expect_str_eq(piece, "\\\\");
	cr_expect_eq(cim_esc_piece("\x1b[", 2, false, piece, &used), 4);
	cr_expect_str_eq(piece, "\\x1B");
	cr_expect_eq(used, 1);
	cr_expect_eq(cim_esc_piece("\xFF", 1, false, piece, &used), 4);
	cr_expect_str_eq(piece, "\\xFF");
	/* U+0085 (NEL, a C1 control): kept unless esc_c1 */
	cr_expect_eq(cim_esc_piece("\xC2\x85", 2, false, piece, &used), 2);
	cr_expect_eq(used, 2);
	cr_expect_eq(cim_esc_piece("\xC2\x85", 2, true, piece, &used), 4);
	cr_expect_str_eq(piece, "\\xC2");
	cr_expect_eq(used, 1);
	cr_expect_eq(cim_esc_piece("\xC3\xA9", 2, true, piece, &used), 2);
	cr_expect_eq(memcmp(piece, "\xC3\xA9", 3), 0);
}

Test(cim_text, line_escape)
{
	char out[16];

	cim_line_escape(out, sizeof(out), "a\nb\t\x01");
	cr_expect_str_eq(out, "a\\nb\\t\\x01");
	cim_line_escape(out, 5, "abcdefgh");
	cr_expect_str_eq(out, "abcd");
	cim_line_escape(out, 4, "ab\n");
	cr_expect_str_eq(out, "ab");
}

Test(cim_text, error_dup_capped_bounds_hostile_input)
{
	char big[64];
	char *args[] = {big, NULL};
	char *none[1] = {NULL};
	cim_error e = {0};
	cim_error *d;

	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	e.message_id = big;
	e.message_arguments = args;
	e.n_message_arguments = 2;
	e.recommended_actions = none;
	e.n_recommended_actions = 5000; /* insane: never read */
	d = cim_error_dup_capped(&e, 8, 4096);
	cr_assert_not_null(d);
	cr_expect_eq(strlen(d->message_id), 8);
	cr_expect_eq(d->n_message_arguments, 2);
	cr_expect_eq(strlen(d->message_arguments[0]), 8);
	cr_expect_null(d->message_arguments[1]);
	cr_expect_null(d->recommended_actions);
	cr_expect_eq(d->n_recommended_actions, 0);
	cim_error_free(d);

	/* a NULL array with a count is a NULL array; an empty one stays empty */
	e.message_arguments = NULL;
	e.n_message_arguments = 3;
	e.recommended_actions = none;
	e.n_recommended_actions = 0;
	d = cim_error_dup_capped(&e, 8, 4096);
	cr_assert_not_null(d);
	cr_expect_null(d->message_arguments);
	cr_expect_eq(d->n_message_arguments, 0);
	cr_expect_not_null(d->recommended_actions);
	cim_error_free(d);
}

Test(cim_text, job_dup_capped)
{
	char big[40];
	cim_job j = {0}, *d;

	memset(big, 'y', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	j.instance_id = big;
	j.job_state = CIM_JS_EXCEPTION;
	j.n_op_status = 2;
	j.op_status[0] = CIM_OS_ERROR;
	j.op_status[1] = CIM_OS_COMPLETED;
	d = cim_job_dup_capped(&j, 10);
	cr_assert_not_null(d);
	cr_expect_eq(strlen(d->instance_id), 10);
	cr_expect_eq(d->job_state, 10);
	cr_expect_eq(d->op_status[0], 6);
	cr_expect_eq(d->op_status[1], 17);
	cr_expect_null(d->owner);
	cim_job_free(d);
}

Test(cim_text, client_call_names)
{
	cr_expect_null(cim_client_call_name(0));
	cr_expect_str_eq(cim_client_call_name(1), "GetError");
	cr_expect_str_eq(cim_client_call_name(2), "GetErrors");
	cr_expect_str_eq(cim_client_call_name(5), "RequestStateChange");
	cr_expect_null(cim_client_call_name(6));
	cr_expect_null(cim_client_calls[6]);
}
