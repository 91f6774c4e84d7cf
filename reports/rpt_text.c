/*
 * rpt_text.c - names and one-line wordings every writer shares.
 *
 * The names come from their one table each: verdicts and timeline kinds
 * from the result record (srh_result.h), calls from the CIM model
 * (CIM_CLIENT_CALL_MAP).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "rpt_int.h"

const char *rpt_verdict_name(int v)
{
	return v >= 0 ? srh_verdict_name((srh_verdict)v) : "?";
}

int rpt_verdict_parse(const char *name)
{
	for (int i = 0; name && i < SRH_VERDICT_COUNT; i++)
		if (strcmp(name, srh_verdict_name((srh_verdict)i)) == 0)
			return i;
	return -1;
}

const char *rpt_call_name(unsigned call)
{
	const char *n = cim_client_call_name(call);

	/* 0 is the runner's own GetError at the end of a run. */
	if (call == 0)
		return "final GetError";
	return n ? n : "?";
}

const char *rpt_tl_kind_name(unsigned kind)
{
	return srh_tl_kind_name((srh_tl_kind)kind);
}

const char *rpt_job_state_name(unsigned js)
{
	const char *n = js ? cim_vmap_name(&cim_vm_job_state, js) : NULL;

	return n ? n : "?";
}

char *rpt_vtime(uint64_t ns, char *buf, size_t len)
{
	snprintf(buf, len, "%" PRIu64 ".%09" PRIu64 "s", ns / 1000000000u, ns % 1000000000u);
	return buf;
}

bool rpt_passed(const srh_result *r)
{
	return r->verdict == SRH_PASS;
}

char *rpt_summary(const srh_result *r, char *buf, size_t len)
{
	const srh_failure *f = r->n_must ? &r->must[0] : r->n_should ? &r->should[0] : NULL;

	if (r->verdict == SRH_PASS)
		snprintf(buf, len, "passed");
	else if (r->verdict == SRH_FAIL && f)
		snprintf(buf, len, "%s%s%s (%zu MUST, %zu SHOULD)", f->rule ? f->rule : "?",
			 f->property ? ": " : "", f->property ? f->property : "", r->n_must,
			 r->n_should);
	else
		snprintf(buf, len, "%s: %s", rpt_verdict_name(r->verdict),
			 r->reason ? r->reason : "no reason given");
	return buf;
}

char *rpt_repro(char *buf, size_t len, const rpt_run *run, const srh_result *r)
{
	int n;

	/* A live target has no scenario to replay: its run is repeated by
	 * its own command line (passwords were never stored). */
	if (run && run->kind && strcmp(run->kind, "target") == 0 && run->cmdline) {
		snprintf(buf, len, "%s", run->cmdline);
		return buf;
	}
	n = snprintf(buf, len, "srh replay %s --seed %" PRIu64, r->file ? r->file : "?", r->seed);

	if (n >= 0 && (size_t)n < len && run && run->provider)
		n += snprintf(buf + n, len - (size_t)n, " --provider %s", run->provider);
	if (n >= 0 && (size_t)n < len && run && run->profile)
		snprintf(buf + n, len - (size_t)n, " --profile %s", run->profile);
	return buf;
}

/* ---- shards ---------------------------------------------------------------- */

int rpt_shard_parse(const char *text, unsigned *k, unsigned *n)
{
	unsigned long a, b;
	char *end;

	if (!text || *text < '1' || *text > '9')
		return -1;
	a = strtoul(text, &end, 10);
	if (*end != '/' || end[1] < '1' || end[1] > '9')
		return -1;
	b = strtoul(end + 1, &end, 10);
	if (*end || a < 1 || b > 65536 || a > b)
		return -1;
	*k = (unsigned)a;
	*n = (unsigned)b;
	return 0;
}

unsigned rpt_shard_of(const char *name, unsigned n)
{
	uint64_t h = 0xcbf29ce484222325u; /* FNV-1a 64 offset basis */

	if (n <= 1 || !name)
		return 1;
	for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
		h ^= *p;
		h *= 0x100000001b3u;
	}
	return (unsigned)(h % n) + 1;
}

bool rpt_shard_pick(const char *name, unsigned k, unsigned n)
{
	return n <= 1 || rpt_shard_of(name, n) == k;
}

/* ---- writing a file ---------------------------------------------------------- */

int rpt_write_path(rpt_db *db, int64_t run, int (*fn)(rpt_db *, int64_t, FILE *), const char *path)
{
	char *tmp = NULL;
	FILE *f = NULL;
	int rc = -1;

	if (strcmp(path, "-") == 0) {
		if (fn(db, run, stdout) != 0)
			return -1;
		if (fflush(stdout) != 0) {
			rpt_err(db, "writing to stdout failed");
			return -1;
		}
		return 0;
	}
	if (!(tmp = malloc(strlen(path) + 8))) {
		rpt_err(db, "out of memory");
		return -1;
	}
	sprintf(tmp, "%s.tmp", path);
	if (!(f = fopen(tmp, "w"))) {
		rpt_err(db, "cannot write %s: %s", tmp, strerror(errno));
		goto out;
	}
	if (fn(db, run, f) != 0)
		goto out;
	if (ferror(f) || fclose(f) != 0) {
		f = NULL;
		rpt_err(db, "cannot write %s: %s", tmp, strerror(errno));
		goto out;
	}
	f = NULL;
	if (rename(tmp, path) != 0) {
		rpt_err(db, "cannot rename %s to %s: %s", tmp, path, strerror(errno));
		goto out;
	}
	rc = 0;
out:
	if (f)
		(void)fclose(f);
	if (rc != 0)
		(void)remove(tmp);
	free(tmp);
	return rc;
}

/* ---- counting and plain text ----------------------------------------------- */

void rpt_count(const rpt_set *s, rpt_totals *t)
{
	memset(t, 0, sizeof(*t));
	for (size_t i = 0; i < s->n; i++) {
		const srh_result *r = &s->items[i].r;
		t->total++;
		t->wall_s += r->wall_s;
		t->must += r->n_must;
		t->should += r->n_should;
		switch (r->verdict) {
		case SRH_PASS:
			t->passed++;
			break;
		case SRH_FAIL:
			t->failed++;
			t->failed_must += r->n_must > 0;
			break;
		case SRH_CRASH:
			t->crashed++;
			break;
		case SRH_HANG:
			t->hung++;
			break;
		default:
			t->errors++;
			break;
		}
	}
}

static void one_failure(FILE *f, const srh_failure *x, const srh_result *r,
			void (*esc)(FILE *, const char *))
{
	char t[32], line[32];

	fprintf(f, "%s ", x->level ? "SHOULD" : "MUST");
	esc(f, x->rule ? x->rule : "?");
	fprintf(f, " at t=%s", rpt_vtime(x->time_ns, t, sizeof(t)));
	if (x->line > 0) {
		fputs(" (", f);
		esc(f, r->file ? r->file : "?");
		snprintf(line, sizeof(line), ":%d)", x->line);
		fputs(line, f);
	}
	fputs("\n", f);
	if (x->property) {
		fputs("  property: ", f);
		esc(f, x->property);
		fputs("\n", f);
	}
	fputs("  expected: ", f);
	esc(f, x->expected ? x->expected : "");
	fputs("\n  observed: ", f);
	esc(f, x->observed ? x->observed : "");
	fputs("\n", f);
}

void rpt_failures_text(FILE *f, const srh_result *r, void (*esc)(FILE *, const char *))
{
	for (size_t i = 0; i < r->n_must; i++)
		one_failure(f, &r->must[i], r, esc);
	for (size_t i = 0; i < r->n_should; i++)
		one_failure(f, &r->should[i], r, esc);
}

void rpt_vendor_rc_text(FILE *f, const srh_result *r, void (*esc)(FILE *, const char *))
{
	char t[32], line[32];

	for (size_t i = 0; i < r->n_calls; i++) {
		const srh_call_rec *c = &r->calls[i];
		if (!SRH_RC_VENDOR(c->rc))
			continue;
		fprintf(f, "vendor rc %" PRIu32 " ", c->rc);
		if (c->rc_desc) {
			fputs("(", f);
			esc(f, c->rc_desc);
			fputs(")", f);
		} else {
			fputs(SRH_RC_NO_DESC, f);
		}
		fprintf(f, " from %s at t=%s", rpt_call_name(c->call),
			rpt_vtime(c->time_ns, t, sizeof(t)));
		if (c->line > 0) {
			fputs(" (", f);
			esc(f, r->file ? r->file : "?");
			snprintf(line, sizeof(line), ":%d)", c->line);
			fputs(line, f);
		}
		fputs("\n", f);
	}
}
