/*
 * test_prov_load.c - the host-side loader: what it accepts, what it rejects
 * and that each rejection names the path and the reason in one line.
 */
#include <criterion/criterion.h>

#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "srh/prov_load.h"

#ifndef FX_DIR
#error "FX_DIR (directory of the fixture providers) must be defined"
#endif

/* ---- prov_from_entry on tables built here --------------------------------- */

static prov_ctx *t_open(const prov_config *c, char *e, size_t n)
{
	(void)c;
	(void)e;
	(void)n;
	return NULL;
}
static void t_close(prov_ctx *c)
{
	(void)c;
}
static uint32_t t_caps(prov_ctx *c)
{
	(void)c;
	return 0;
}
static int t_event(prov_ctx *c, const prov_event *e)
{
	(void)c;
	(void)e;
	return 0;
}
static int t_iid(prov_ctx *c, const char *j, char *b, size_t n)
{
	(void)c;
	(void)j;
	(void)b;
	(void)n;
	return -1;
}
static uint32_t t_ge(prov_ctx *c, const prov_principal *w, const char *i, cim_error **e)
{
	(void)c;
	(void)w;
	(void)i;
	*e = NULL;
	return 5;
}
static uint32_t t_ges(prov_ctx *c, const prov_principal *w, const char *i, cim_error ***e,
		      size_t *n)
{
	(void)c;
	(void)w;
	(void)i;
	*e = NULL;
	*n = 0;
	return 5;
}
static uint32_t t_rsc(prov_ctx *c, const prov_principal *w, const char *i, uint16_t s, uint64_t t)
{
	(void)c;
	(void)w;
	(void)i;
	(void)s;
	(void)t;
	return 1;
}
static uint32_t t_gi(prov_ctx *c, const prov_principal *w, const char *i, cim_job **j)
{
	(void)c;
	(void)w;
	(void)i;
	*j = NULL;
	return 5;
}
static uint32_t t_ei(prov_ctx *c, const prov_principal *w, cim_job ***j, size_t *n)
{
	(void)c;
	(void)w;
	*j = NULL;
	*n = 0;
	return 0;
}
static const char *t_rcd(prov_ctx *c, uint32_t rc)
{
	(void)c;
	(void)rc;
	return NULL;
}
static void t_fe(prov_ctx *c, cim_error *e)
{
	(void)c;
	(void)e;
}
static void t_fes(prov_ctx *c, cim_error **e, size_t n)
{
	(void)c;
	(void)e;
	(void)n;
}
static void t_fj(prov_ctx *c, cim_job *j)
{
	(void)c;
	(void)j;
}
static void t_fjs(prov_ctx *c, cim_job **j, size_t n)
{
	(void)c;
	(void)j;
	(void)n;
}

static const prov_ops good_ops = {
    .abi_version = PROV_ABI_VERSION,
    .struct_size = sizeof(prov_ops),
    .name = "test",
    .version = "1",
    .open = t_open,
    .close = t_close,
    .capabilities = t_caps,
    .on_event = t_event,
    .instance_id = t_iid,
    .get_error = t_ge,
    .get_errors = t_ges,
    .request_state_change = t_rsc,
    .get_instance = t_gi,
    .enumerate_instances = t_ei,
    .rc_description = t_rcd,
    .free_error = t_fe,
    .free_errors = t_fes,
    .free_job = t_fj,
    .free_jobs = t_fjs,
};

static prov_ops cur_ops;
static const prov_ops *cur_ret;
static uint32_t seen_version;

static const prov_ops *entry_cur(uint32_t v)
{
	seen_version = v;
	return cur_ret;
}

/* Run prov_from_entry on a table; returns its rc, err holds the reason. */
static int check(const prov_ops *ops, char *err, size_t errlen)
{
	const prov_ops *out = &good_ops;
	int rc;

	if (ops) {
		cur_ops = *ops;
		cur_ret = &cur_ops;
	} else {
		cur_ret = NULL;
	}
	err[0] = '\0';
	rc = prov_from_entry(entry_cur, &out, err, errlen);
	if (rc == 0)
		cr_expect_eq(out, &cur_ops);
	else
		cr_expect_null(out, "a rejected table is not handed out");
	return rc;
}

Test(from_entry, accepts_a_complete_table)
{
	char err[256];

	cr_expect_eq(check(&good_ops, err, sizeof(err)), 0, "%s", err);
	cr_expect_eq(seen_version, PROV_ABI_VERSION, "the entry is told the host's ABI");
}

Test(from_entry, optional_ops_may_be_null)
{
	prov_ops o = good_ops;
	char err[256];

	o.get_errors = NULL;
	o.free_errors = NULL;
	o.rc_description = NULL;
	o.version = NULL;
	cr_expect_eq(check(&o, err, sizeof(err)), 0, "%s", err);
}

Test(from_entry, newer_minor_and_bigger_struct_accepted)
{
	prov_ops o = good_ops;
	char err[256];

	o.abi_version = (PROV_ABI_MAJOR << 16) | (PROV_ABI_MINOR + 3);
	o.struct_size = sizeof(prov_ops) + 64;
	cr_expect_eq(check(&o, err, sizeof(err)), 0, "%s", err);
}

Test(from_entry, rejects_entry_returning_null)
{
	char err[256];

	cr_expect_eq(check(NULL, err, sizeof(err)), -1);
	cr_expect_not_null(strstr(err, "returned NULL"), "%s", err);
}

Test(from_entry, rejects_other_major)
{
	prov_ops o = good_ops;
	char err[256];

	o.abi_version = 2u << 16;
	cr_expect_eq(check(&o, err, sizeof(err)), -1);
	cr_expect_str_eq(err, "ABI major 2, harness speaks 1");
	o.abi_version = 0;
	cr_expect_eq(check(&o, err, sizeof(err)), -1);
	cr_expect_str_eq(err, "ABI major 0, harness speaks 1");
}

Test(from_entry, rejects_short_table)
{
	prov_ops o = good_ops;
	char err[256], want[256];

	o.struct_size = (uint32_t)offsetof(prov_ops, free_jobs);
	cr_expect_eq(check(&o, err, sizeof(err)), -1);
	snprintf(want, sizeof(want), "ops table is %zu bytes, harness needs at least %zu",
		 offsetof(prov_ops, free_jobs), offsetof(prov_ops, free_jobs) + sizeof(void *));
	cr_expect_str_eq(err, want);
}

Test(from_entry, rejects_missing_name)
{
	prov_ops o = good_ops;
	char err[256];

	o.name = NULL;
	cr_expect_eq(check(&o, err, sizeof(err)), -1);
	cr_expect_str_eq(err, "ops table has no name");
}

Test(from_entry, rejects_each_missing_required_op)
{
#define REQ(f)                                                                                     \
	{                                                                                          \
#f, offsetof(prov_ops, f)                                                          \
	}
	static const struct {
		const char *name;
		size_t off;
	} req[] = {
	    REQ(open),
	    REQ(close),
	    REQ(capabilities),
	    REQ(on_event),
	    REQ(instance_id),
	    REQ(get_error),
	    REQ(request_state_change),
	    REQ(get_instance),
	    REQ(enumerate_instances),
	    REQ(free_error),
	    REQ(free_job),
	    REQ(free_jobs),
	};
#undef REQ
	for (size_t i = 0; i < sizeof(req) / sizeof(req[0]); i++) {
		prov_ops o = good_ops;
		char err[256], want[128];
		void (*null_fn)(void) = NULL;

		memcpy((char *)&o + req[i].off, &null_fn, sizeof(null_fn));
		cr_expect_eq(check(&o, err, sizeof(err)), -1, "NULL %s accepted", req[i].name);
		snprintf(want, sizeof(want), "required op '%s' is NULL", req[i].name);
		cr_expect_str_eq(err, want);
	}
}

Test(from_entry, null_entry_and_tiny_err_buffer)
{
	const prov_ops *out = &good_ops;
	prov_ops o = good_ops;
	char err[8];

	cr_expect_eq(prov_from_entry(NULL, &out, err, sizeof(err)), -1);
	cr_expect_null(out);
	o.name = NULL;
	cr_expect_eq(check(&o, err, sizeof(err)), -1);
	cr_expect_eq(strlen(err), sizeof(err) - 1, "truncated, terminated");
	cur_ops = o;
	cur_ret = &cur_ops;
	cr_expect_eq(prov_from_entry(entry_cur, &out, NULL, 0), -1, "err may be NULL");
}

/* ---- prov_load on real .so files -------------------------------------------- */

static int load(const char *file, prov_lib **lib, char *err, size_t errlen)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/%s", FX_DIR, file);
	err[0] = '\0';
	return prov_load(path, lib, err, errlen);
}

/* "<FX_DIR>/<file>: <reason>" */
static void expect_reason(const char *err, const char *file, const char *reason)
{
	char want[768];

	snprintf(want, sizeof(want), "%s/%s: %s", FX_DIR, file, reason);
	cr_expect_str_eq(err, want);
	cr_expect_null(strchr(err, '\n'), "one line");
}

Test(load, good_fixture_loads)
{
	prov_lib *lib = NULL;
	char err[512];

	cr_assert_eq(load("libfx_prov_good.so", &lib, err, sizeof(err)), 0, "%s", err);
	cr_assert_not_null(lib);
	cr_expect_str_eq(prov_lib_ops(lib)->name, "fixture");
	cr_expect_not_null(strstr(prov_lib_path(lib), "libfx_prov_good.so"));
	prov_unload(lib);
	prov_unload(NULL);
}

Test(load, missing_file)
{
	prov_lib *lib = (prov_lib *)&lib;
	char err[512];

	cr_expect_eq(load("no_such_provider.so", &lib, err, sizeof(err)), -1);
	cr_expect_null(lib);
	cr_expect_eq(strncmp(err, FX_DIR "/no_such_provider.so: cannot load: ",
			     strlen(FX_DIR "/no_such_provider.so: cannot load: ")),
		     0, "%s", err);
}

Test(load, not_a_shared_object)
{
	prov_lib *lib = NULL;
	char err[512];

	/* A source file is a file, but no ELF object. */
	cr_expect_eq(prov_load(FX_SRC, &lib, err, sizeof(err)), -1);
	cr_expect_null(lib);
	cr_expect_not_null(strstr(err, ": cannot load: "), "%s", err);
}

Test(load, no_entry_symbol)
{
	prov_lib *lib = NULL;
	char err[512];

	cr_expect_eq(load("libfx_prov_no_entry.so", &lib, err, sizeof(err)), -1);
	cr_expect_null(lib);
	expect_reason(err, "libfx_prov_no_entry.so",
		      "no symbol srh_provider_entry (not an srh provider?)");
}

Test(load, wrong_major)
{
	prov_lib *lib = NULL;
	char err[512];

	cr_expect_eq(load("libfx_prov_bad_major.so", &lib, err, sizeof(err)), -1);
	cr_expect_null(lib);
	expect_reason(err, "libfx_prov_bad_major.so", "ABI major 2, harness speaks 1");
}

Test(load, null_required_op)
{
	prov_lib *lib = NULL;
	char err[512];

	cr_expect_eq(load("libfx_prov_null_op.so", &lib, err, sizeof(err)), -1);
	cr_expect_null(lib);
	expect_reason(err, "libfx_prov_null_op.so", "required op 'get_error' is NULL");
}

Test(load, entry_returns_null)
{
	prov_lib *lib = NULL;
	char err[512];

	cr_expect_eq(load("libfx_prov_returns_null.so", &lib, err, sizeof(err)), -1);
	cr_expect_not_null(strstr(err, "libfx_prov_returns_null.so: srh_provider_entry() "
				       "returned NULL"),
			   "%s", err);
}

Test(load, short_table_and_no_name)
{
	prov_lib *lib = NULL;
	char err[512];

	cr_expect_eq(load("libfx_prov_small_struct.so", &lib, err, sizeof(err)), -1);
	cr_expect_not_null(strstr(err, "libfx_prov_small_struct.so: ops table is "), "%s", err);
	cr_expect_eq(load("libfx_prov_no_name.so", &lib, err, sizeof(err)), -1);
	expect_reason(err, "libfx_prov_no_name.so", "ops table has no name");
}

Test(load, bare_name_is_relative_to_cwd)
{
	prov_lib *lib = NULL;
	char err[512];

	cr_assert_eq(chdir(FX_DIR), 0);
	cr_expect_eq(prov_load("libfx_prov_good.so", &lib, err, sizeof(err)), 0, "%s", err);
	prov_unload(lib);
	lib = NULL;
	cr_assert_eq(chdir("/"), 0);
	/* Not searched for on the library path: not here, not found. */
	cr_expect_eq(prov_load("libfx_prov_good.so", &lib, err, sizeof(err)), -1);
	cr_expect_null(lib);
}
