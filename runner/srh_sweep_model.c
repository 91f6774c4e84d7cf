/*
 * srh_sweep_model.c - the sweep's cases as parsed models, made once in
 * the parent so that the pool's workers (forked after) inherit them
 * instead of parsing each case's YAML again: the parse was most of a
 * sweep run's own cost. Only the first case of each shape goes through
 * the parser; the YAML of the others differs in its name, fault point and
 * nth only, so their model is a copy with those three values set.
 */
#include <stdlib.h>
#include <string.h>

#include "srh_run.h"
#include "srh_sweep_int.h"

static bool same_shape(const sweep_case *a, const sweep_case *b)
{
	return strcmp(a->kind, b->kind) == 0 && !a->point == !b->point &&
	       a->persistent == b->persistent;
}

/* The base of k's shape among the first i cases, parsed when it is new.
 * Returns NULL when memory runs out or the YAML does not parse. */
static const scn_scenario *base_of(const sweep_case *k, size_t i, const char (*yaml)[SWEEP_YAML],
				   sweep_models *ms, size_t *owner)
{
	char err[SCN_ERRLEN];
	scn_scenario *sc = NULL;

	for (size_t b = 0; b < ms->n_base; b++)
		if (same_shape(&k[owner[b]], &k[i]))
			return ms->base[b];
	if (scn_parse_string(k[i].name, yaml[i], strlen(yaml[i]), srh_scn_names(), &sc, err,
			     sizeof(err)) != 0)
		return NULL;
	owner[ms->n_base] = i;
	ms->base[ms->n_base++] = sc;
	return sc;
}

int srh_sweep_models(const sweep_case *k, size_t n, const char (*yaml)[SWEEP_YAML],
		     sweep_models *out)
{
	size_t *owner = calloc(n + 1, sizeof(*owner));
	int rc = -1;

	memset(out, 0, sizeof(*out));
	out->base = calloc(n + 1, sizeof(*out->base));
	out->m = calloc(n + 1, sizeof(*out->m));
	out->f = calloc(n + 1, sizeof(*out->f));
	if (!owner || !out->base || !out->m || !out->f)
		goto out;
	for (size_t i = 0; i < n; i++) {
		const scn_scenario *b = base_of(k, i, yaml, out, owner);
		if (!b || (k[i].point && b->n_faults != 1))
			goto out;
		out->m[i] = *b;
		out->m[i].name = (char *)k[i].name;
		out->m[i].file = (char *)k[i].name;
		if (k[i].point) {
			out->f[i] = b->faults[0];
			out->f[i].point = (char *)k[i].point;
			out->f[i].nth = k[i].nth;
			out->m[i].faults = &out->f[i];
		}
	}
	rc = 0;
out:
	free(owner);
	if (rc != 0)
		srh_sweep_models_free(out);
	return rc;
}

void srh_sweep_models_free(sweep_models *ms)
{
	for (size_t b = 0; b < ms->n_base; b++)
		scn_free(ms->base[b]);
	free(ms->base);
	free(ms->m);
	free(ms->f);
	memset(ms, 0, sizeof(*ms));
}
