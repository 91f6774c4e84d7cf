/*
 * libsrprov_ref.so loaded the way the harness loads any provider
 * (srprov_host's prov_load), driven through a failure path, and its fault
 * points armed from the host process.
 */
#include <criterion/criterion.h>
#include <fiu-control.h>
#include <fiu.h>
#include <dlfcn.h>
#include <string.h>

#include "fake_host.h"
#include "srh/prov_faults.h"
#include "srh/prov_load.h"

static const prov_principal alice = {"alice", 0};

Test(dlopen, the_shared_provider_serves_a_failure_path)
{
	prov_lib *lib = NULL;
	char err[512] = "";
	fh_host h;
	fh_prov p;
	cim_error *e = NULL;
	char iid[64];

	cr_assert_eq(fiu_init(0), 0);
	cr_assert_eq(prov_load(SRPROV_REF_SO, &lib, err, sizeof err), 0, "%s", err);
	const prov_ops *ops = prov_lib_ops(lib);
	cr_expect_str_eq(ops->name, "srsim-reference");
	fh_host_init(&h);
	cr_assert_eq(fh_open(&p, &h, ops, NULL, NULL, NULL, err, sizeof err), 0, "%s", err);
	cr_expect_eq(ops->capabilities(p.ctx),
		     PROV_CAP_GET_ERROR | PROV_CAP_GET_ERRORS | PROV_CAP_REQUEST_STATE_CHANGE);

	prov_fault f = fh_fault_of("disk_failure");
	cr_assert_eq(fh_running(&p, "1", "alice"), 0);
	cr_assert_eq(fh_fault(&p, "1", &f), 0);
	cr_assert_eq(fh_end(&p, "1", CIM_JS_EXCEPTION, &f, NULL), 0);
	fh_iid(&p, "1", iid, sizeof iid);

	/* A fault point inside the .so, armed from here. */
	cr_assert_eq(fiu_enable(PROV_FP_STORE_READ, 1, NULL, 0), 0);
	cr_expect_eq(ops->get_error(p.ctx, &alice, iid, &e), 4);
	cr_expect_null(e);
	fiu_disable(PROV_FP_STORE_READ);

	cr_assert_eq(ops->get_error(p.ctx, &alice, iid, &e), 0);
	cr_assert_not_null(e);
	cr_expect_str_eq(e->message_id, "SR1002");
	cr_expect_eq(e->error_type, 5);		/* Hardware Error */
	cr_expect_eq(e->perceived_severity, 7); /* Fatal/NonRecoverable */
	cr_expect_eq(e->probable_cause, 86);	/* Disk Failure */
	cr_expect_eq(e->cim_status_code, 1);	/* CIM_ERR_FAILED */
	ops->free_error(p.ctx, e);
	fh_close(&p);
	prov_unload(lib);
}

Test(dlopen, only_the_entry_symbol_is_exported)
{
	prov_lib *lib = NULL;
	char err[512] = "";

	cr_assert_eq(prov_load(SRPROV_REF_SO, &lib, err, sizeof err), 0, "%s", err);
	void *h = dlopen(SRPROV_REF_SO, RTLD_NOW | RTLD_NOLOAD);
	cr_assert_not_null(h);
	cr_expect_not_null(dlsym(h, "srh_provider_entry"));
	cr_expect_null(dlsym(h, "ref_open"));
	cr_expect_null(dlsym(h, "cim_error_dup"), "libsrcim stays inside");
	dlclose(h);
	prov_unload(lib);
}
