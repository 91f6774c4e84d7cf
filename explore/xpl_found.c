/*
 * xpl_found.c - after the loop: each distinct failure key, from the lowest
 * run that showed it, is shrunk (xpl_shrink with "still fails with this
 * key" as the predicate, every candidate run through the pool like any
 * run), written as a canonical scenario file and run once more for the
 * record. Keys are handled in order of (run index, key), so the output is
 * the same for the same seed and provider.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scn_sim.h"
#include "srh_util.h"
#include "xpl_int.h"

typedef struct pred_ctx {
	xpl_loop *l;
	const char *key;
	bool hit;
} pred_ctx;

static void pred_key(void *ctx, const char *key, const char *detail)
{
	pred_ctx *p = ctx;

	(void)detail;
	if (strcmp(key, p->key) == 0)
		p->hit = true;
}

static int pred(void *ctx, const scn_scenario *sc)
{
	pred_ctx *p = ctx;

	p->hit = false;
	if (xpl_run_one(p->l, sc, pred_key, p, NULL) != 0)
		return -1;
	return p->hit ? 1 : 0;
}

static int by_index(const void *a, const void *b)
{
	const xpl_seen *x = a, *y = b;

	if (x->index != y->index)
		return x->index < y->index ? -1 : 1;
	return strcmp(x->key, y->key);
}

/* "bad_error_by_owner" for ".../bad_error_by_owner.so"; "reference". */
static void provider_tag(const char *path, char *out, size_t len)
{
	const char *b = path ? strrchr(path, '/') : NULL;
	char tmp[128];
	char *dot;

	snprintf(tmp, sizeof(tmp), "%s", path ? (b ? b + 1 : path) : "reference");
	if ((dot = strstr(tmp, ".so")))
		*dot = '\0';
	xpl_slug(tmp, out, len);
}

static int rename_to(scn_scenario *sc, const xpl_opts *o, const xpl_seen *s, unsigned tried,
		     size_t n0, char *path, size_t plen)
{
	char tag[96], slug[128], name[256];

	provider_tag(o->provider, tag, sizeof(tag));
	xpl_slug(s->key, slug, sizeof(slug));
	snprintf(name, sizeof(name), "explore.%s.%s", tag, slug);
	snprintf(path, plen, "%s/%s.yaml", o->out_dir, name);
	free(sc->name);
	free(sc->file);
	free(sc->description);
	sc->name = strdup(name);
	sc->file = strdup(path);
	sc->description =
	    srh_asprintf("Found by srh explore --seed %" PRIu64 " (run %" PRIu64
			 "), shrunk from %zu part(s) in %u candidate runs. It fails: %s.",
			 o->seed, s->index, n0, tried, s->key);
	return sc->name && sc->file && sc->description ? 0 : -1;
}

static void print_found(const xpl_opts *o, const xpl_found *f, const xpl_seen *s, unsigned tried)
{
	if (!o->out)
		return;
	fprintf(o->out, "FOUND %s (run %" PRIu64 ")\n", f->key, s->index);
	fprintf(o->out, "  %s\n", f->detail);
	fprintf(o->out, "  shrunk in %u candidate runs to %zu action(s), %zu fault(s): %s\n", tried,
		f->actions, f->faults, f->path);
	if (f->res.verdict == SRH_PASS && strncmp(f->key, "DIFF ", 5) != 0)
		fprintf(o->out, "  note: it passes when run alone (the failure needs the earlier "
				"runs in its worker process)\n");
	if (strncmp(f->key, "DIFF ", 5) == 0) { /* a difference needs both runs side by side */
		fprintf(o->out, "  repro: srh replay %s --trace -%s%s, then with --provider %s\n",
			f->path, o->provider ? " --provider " : "", o->provider ? o->provider : "",
			o->differential);
		return;
	}
	fprintf(o->out, "  repro: srh run %s%s%s%s%s\n", f->path, o->provider ? " --provider " : "",
		o->provider ? o->provider : "", o->profile ? " --profile " : "",
		o->profile ? o->profile : "");
}

static int one_found(xpl_loop *l, xpl_report *rep, const xpl_seen *s)
{
	const xpl_opts *o = l->o;
	scn_scenario *sc = NULL, *small = NULL;
	xpl_found *f;
	pred_ctx p = {l, s->key, false};
	char err[SCN_ERRLEN], path[4096];
	unsigned tried = 0;
	int rc = -1;

	if (scn_parse_string("explore", s->text, strlen(s->text), srh_scn_names(), &sc, err,
			     sizeof(err)) != 0) {
		fprintf(stderr, "srh explore: %s\n", err);
		return -1;
	}
	if (xpl_shrink(sc, pred, &p, o->shrink_budget, &small, &tried) != 0)
		goto out;
	if (rename_to(small, o, s, tried, sc->n_actions + sc->n_faults + sc->n_prov_faults, path,
		      sizeof(path)) != 0)
		goto out;
	if (xpl_write_file(small, path) != 0) {
		fprintf(stderr, "srh explore: cannot write %s: %s\n", path, strerror(errno));
		goto out;
	}
	f = &rep->found[rep->n_found];
	*f = (xpl_found){strdup(s->key),   strdup(s->detail),
			 s->index,	   strdup(path),
			 small->n_actions, small->n_faults + small->n_prov_faults,
			 s->first_s,	   {0}};
	srh_result_init(&f->res);
	rep->n_found++;
	if (!f->key || !f->detail || !f->path)
		goto out;
	/* the record: the shrunk file's own run, as `srh run FILE` gives it */
	if (xpl_run_one(l, small, NULL, NULL, &f->res) != 0)
		srh_result_reason(&f->res, "the shrunk scenario could not be run again");
	print_found(o, f, s, tried);
	rc = 0;
out:
	scn_free(sc);
	scn_free(small);
	return rc;
}

int xpl_found_all(xpl_loop *l, xpl_report *rep)
{
	if (!l->n_seen)
		return 0;
	qsort(l->seen, l->n_seen, sizeof(*l->seen), by_index);
	if (!(rep->found = calloc(l->n_seen, sizeof(*rep->found))))
		return -1;
	for (size_t i = 0; i < l->n_seen; i++) {
		if (l->o->progress)
			fprintf(l->o->progress,
				"explore: shrinking %s (run %" PRIu64 "; first seen after %" PRIu64
				" runs, %.2f s)\n",
				l->seen[i].key, l->seen[i].index, l->seen[i].first_runs,
				l->seen[i].first_s);
		if (one_found(l, rep, &l->seen[i]) != 0)
			return -1;
	}
	return 0;
}
