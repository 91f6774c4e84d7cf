/*
 * xpl_keys.c - what a run got wrong, as keys: the rule of each failure once,
 * or the verdict of a run that did not finish. Two runs with the same key
 * found the same bug (as far as the oracle can tell), so one shrunk
 * scenario per key is kept.
 */
#include <stdio.h>
#include <string.h>

#include "xpl.h"

/* The runner's "a moment never came" is about the generated scenario (a
 * percent the job never reached), not the provider. */
static bool ignored(const char *rule)
{
	return rule && strcmp(rule, "scenario-when") == 0;
}

static bool seen_before(const srh_failure *f, size_t i, const srh_failure *all)
{
	for (size_t k = 0; k < i; k++)
		if (all[k].rule && f->rule && strcmp(all[k].rule, f->rule) == 0)
			return true;
	return false;
}

static size_t list_keys(const srh_failure *f, size_t n, xpl_key_fn fn, void *ctx)
{
	char detail[512];
	size_t c = 0;

	for (size_t i = 0; i < n; i++) {
		if (!f[i].rule || ignored(f[i].rule) || seen_before(&f[i], i, f))
			continue;
		snprintf(detail, sizeof(detail), "expected %s, observed %s",
			 f[i].expected ? f[i].expected : "-", f[i].observed ? f[i].observed : "-");
		if (fn)
			fn(ctx, f[i].rule, detail);
		c++;
	}
	return c;
}

size_t xpl_keys(const srh_result *r, xpl_key_fn fn, void *ctx)
{
	char key[64], sig[32], detail[512], *cut;

	switch (r->verdict) {
	case SRH_CRASH:
		snprintf(key, sizeof(key), "CRASH %s",
			 srh_signal_name(r->signal, sig, sizeof(sig)));
		break;
	case SRH_HANG:
		snprintf(key, sizeof(key), "HANG");
		break;
	case SRH_ERROR:
		snprintf(key, sizeof(key), "ERROR");
		break;
	default:
		return list_keys(r->must, r->n_must, fn, ctx) +
		       list_keys(r->should, r->n_should, fn, ctx);
	}
	/* The pool's note on a rerun ("... the 9 earlier runs in its worker")
	 * depends on which worker the run landed on: left out, so the same
	 * seed prints the same detail whatever -j. */
	snprintf(detail, sizeof(detail), "%s", r->reason ? r->reason : "");
	if ((cut = strstr(detail, " (rerun alone")))
		*cut = '\0';
	if (fn)
		fn(ctx, key, detail);
	return 1;
}
