/*
 * srh_pool_run.c - a fixed list of units through the streaming pool: what
 * `srh run` and the sweep use.
 */
#include <stdbool.h>
#include <stdlib.h>

#include "srh_pool_int.h"

int srh_pool_run(const srh_request *units, size_t n, const srh_pool_opts *po, srh_result *results,
		 srh_done_fn done, void *ctx)
{
	srh_pool *p = NULL;
	bool *got = calloc(n + 1, sizeof(*got));
	int rc = -1;

	for (size_t i = 0; i < n; i++)
		srh_result_init(&results[i]);
	if (!got || srh_pool_open(po, &p) != 0)
		goto out;
	rc = 0;
	for (size_t i = 0; i < n; i++)
		if (srh_pool_submit(p, &units[i], NULL) != 0) {
			/* ids are submission numbers: none may be skipped */
			srh_unit_error(&results[i], &units[i], SRH_ERROR, "cannot queue the unit");
			got[i] = true;
			rc = -1;
			goto interrupted;
		}
	for (;;) {
		srh_result r;
		uint64_t id;
		srh_pool_rc c = srh_pool_collect(p, -1, &r, &id);
		if (c == SRH_POOL_IDLE)
			break;
		if (c != SRH_POOL_OK) {
			rc = -1;
			break;
		}
		results[id] = r;
		got[id] = true;
		if (done)
			done(ctx, (size_t)id, &results[id]);
	}
	if (srh_pool_failed(p))
		rc = -1;
interrupted:
	for (size_t i = 0; i < n; i++)
		if (!got[i])
			srh_unit_error(&results[i], &units[i], SRH_ERROR, "interrupted");
out:
	srh_pool_close(p);
	free(got);
	return rc;
}
