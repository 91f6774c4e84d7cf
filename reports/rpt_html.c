/*
 * rpt_html.c - the HTML report of a run: index.html (the run, totals,
 * failures by MUST/SHOULD rule and by path, coverage, the pass trend of
 * every run in the database, a filterable table of scenarios) and one page
 * per scenario under s/.
 */
#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "rpt_html.h"

/* The table filter. No '<' or '&' (the page is also well-formed XML). */
static const char filter_js[] =
    "(function(){"
    "var q=document.getElementById('q'),v=document.getElementById('fv'),"
    "k=document.getElementById('fk');"
    "function keep(r){"
    "var t=q.value.toLowerCase(),vv=v.value,kk=k.value;"
    "if(t){if(r.getAttribute('data-text').indexOf(t)===-1){return false;}}"
    "if(vv==='!PASS'){if(r.getAttribute('data-verdict')==='PASS'){return false;}}"
    "else if(vv){if(r.getAttribute('data-verdict')!==vv){return false;}}"
    "if(kk){if(r.getAttribute('data-kind')!==kk){return false;}}"
    "return true;}"
    "function apply(){var n=0;"
    "Array.prototype.forEach.call(document.querySelectorAll('#scn tbody tr'),function(r){"
    "var s=keep(r);r.style.display=s?'':'none';if(s){n++;}});"
    "document.getElementById('shown').textContent=n+' shown';}"
    "q.addEventListener('input',apply);v.addEventListener('change',apply);"
    "k.addEventListener('change',apply);apply();})();";

/* ---- files ----------------------------------------------------------------- */

static int make_dir(rpt_db *db, const char *path)
{
	if (mkdir(path, 0777) == 0 || errno == EEXIST)
		return 0;
	rpt_err(db, "cannot create %s: %s", path, strerror(errno));
	return -1;
}

/* mkdir -p */
static int make_dirs(rpt_db *db, const char *path)
{
	char *p = strdup(path);
	int rc = 0;

	if (!p) {
		rpt_err(db, "out of memory");
		return -1;
	}
	for (char *s = p + 1; *s && rc == 0; s++)
		if (*s == '/') {
			*s = '\0';
			rc = make_dir(db, p);
			*s = '/';
		}
	if (rc == 0)
		rc = make_dir(db, p);
	free(p);
	return rc;
}

/* Pages of an older report would otherwise linger next to the new ones. */
static void remove_old_pages(const char *sdir)
{
	DIR *d = opendir(sdir);
	struct dirent *e;
	char path[4096];

	if (!d)
		return;
	while ((e = readdir(d)) != NULL) {
		size_t n = strlen(e->d_name);
		if (n > 5 && strcmp(e->d_name + n - 5, ".html") == 0 &&
		    snprintf(path, sizeof(path), "%s/%s", sdir, e->d_name) < (int)sizeof(path))
			(void)unlink(path);
	}
	(void)closedir(d);
}

static FILE *open_page(rpt_db *db, const char *path)
{
	FILE *f = fopen(path, "w");

	if (!f)
		rpt_err(db, "cannot write %s: %s", path, strerror(errno));
	return f;
}

static int close_page(rpt_db *db, FILE *f, const char *path)
{
	bool bad = ferror(f) != 0;

	if (fclose(f) != 0 || bad) {
		rpt_err(db, "cannot write %s", path);
		return -1;
	}
	return 0;
}

/* ---- index sections ----------------------------------------------------------- */

static void run_facts(FILE *f, const rpt_run *r)
{
	char seed[32], n[64];

	snprintf(seed, sizeof(seed), "%" PRIu64, r->seed);
	snprintf(n, sizeof(n), "%zu of %" PRIu64 " planned", r->n_results, r->planned);
	fputs("<table>\n", f);
	rpt_html_kv(f, "status", r->status);
	rpt_html_kv(f, "started (UTC)", r->started);
	rpt_html_kv(f, "finished (UTC)", r->finished);
	rpt_html_kv(f, "results", n);
	rpt_html_kv(f, "seed", r->has_seed ? seed : "each scenario's own");
	rpt_html_kv(f, "provider", r->provider ? r->provider : "(built-in reference)");
	rpt_html_kv(f, "provider SHA-256", r->provider_hash);
	rpt_html_kv(f, "profile", r->profile);
	rpt_html_kv(f, "version", r->version);
	rpt_html_kv(f, "shard", r->shard);
	rpt_html_kv(f, "command", r->cmdline);
	fputs("</table>\n", f);
}

static void card(FILE *f, const char *label, size_t v, const char *cls)
{
	fprintf(f, "<div class=\"card%s%s\"><b>%zu</b>%s</div>", cls ? " v-" : "", cls ? cls : "",
		v, label);
}

static void totals(FILE *f, const rpt_totals *t)
{
	fputs("<h2>Summary</h2>\n<div class=\"cards\">", f);
	card(f, "scenarios", t->total, NULL);
	card(f, "passed", t->passed, t->passed == t->total ? "PASS" : NULL);
	card(f, "failed a MUST", t->failed_must, t->failed_must ? "FAIL" : NULL);
	card(f, "failed SHOULD only", t->failed - t->failed_must, NULL);
	card(f, "crashed", t->crashed, t->crashed ? "CRASH" : NULL);
	card(f, "hung", t->hung, t->hung ? "HANG" : NULL);
	card(f, "errors", t->errors, t->errors ? "ERROR" : NULL);
	fprintf(f, "</div>\n<p>%zu MUST and %zu SHOULD failures in all.</p>\n", t->must, t->should);
}

typedef struct tally {
	const char *key;
	int level;
	size_t scenarios, failures;
	size_t n[SRH_VERDICT_COUNT];
} tally;

typedef struct tallies {
	tally *v;
	size_t n, cap;
} tallies;

static tally *tally_get(tallies *t, const char *key, int level)
{
	for (size_t i = 0; i < t->n; i++)
		if (t->v[i].level == level && strcmp(t->v[i].key, key) == 0)
			return &t->v[i];
	if (t->n == t->cap) {
		size_t nc = t->cap ? t->cap * 2 : 16;
		tally *nv = realloc(t->v, nc * sizeof(*nv));
		if (!nv)
			return NULL;
		t->v = nv;
		t->cap = nc;
	}
	t->v[t->n] = (tally){key, level, 0, 0, {0}};
	return &t->v[t->n++];
}

static int tally_cmp(const void *a, const void *b)
{
	const tally *x = a, *y = b;

	if (x->level != y->level)
		return x->level - y->level;
	return strcmp(x->key, y->key);
}

/* Failures per rule: how many scenarios broke it, how often. */
static void by_rule(FILE *f, const rpt_set *s)
{
	tallies t = {0};

	for (size_t i = 0; i < s->n; i++) {
		const srh_result *r = &s->items[i].r;
		for (size_t k = 0; k < r->n_must + r->n_should; k++) {
			const srh_failure *x =
			    k < r->n_must ? &r->must[k] : &r->should[k - r->n_must];
			tally *e = tally_get(&t, x->rule ? x->rule : "?", x->level);
			bool seen = false;
			if (!e)
				goto out;
			for (size_t j = 0; j < k && !seen; j++) {
				const srh_failure *y =
				    j < r->n_must ? &r->must[j] : &r->should[j - r->n_must];
				seen = y->level == x->level && y->rule && x->rule &&
				       strcmp(y->rule, x->rule) == 0;
			}
			e->failures++;
			e->scenarios += !seen;
		}
	}
	fputs("<h2>Failures by rule</h2>\n", f);
	if (t.n == 0) {
		fputs("<p>No rule was broken.</p>\n", f);
		goto out;
	}
	qsort(t.v, t.n, sizeof(*t.v), tally_cmp);
	fputs("<table>\n<tr><th>level</th><th>rule</th><th>the rule says</th><th>scenarios</th>"
	      "<th>failures</th></tr>\n",
	      f);
	for (size_t i = 0; i < t.n; i++) {
		const char *lvl = t.v[i].level ? "SHOULD" : "MUST";
		const srh_rule *rule = srh_rule_find(t.v[i].key);
		fprintf(f, "<tr><td>%s</td><td class=\"rule-%s\">", lvl, lvl);
		rpt_xml_put(f, t.v[i].key, 200);
		fputs("</td>", f);
		rpt_html_td(f, rule ? rule->text : "scenario expectation or runner check", 0);
		fprintf(f, "<td class=\"num\">%zu</td><td class=\"num\">%zu</td></tr>\n",
			t.v[i].scenarios, t.v[i].failures);
	}
	fputs("</table>\n", f);
out:
	free(t.v);
}

/* Verdicts per job kind, or per end class (the path the job took). */
static void by_path(FILE *f, const rpt_set *s, bool end_class)
{
	tallies t = {0};

	for (size_t i = 0; i < s->n; i++) {
		const srh_result *r = &s->items[i].r;
		const char *key = end_class ? r->end_class : r->job_kind;
		tally *e = tally_get(&t, key ? key : "(none)", 0);
		if (!e)
			goto out;
		e->scenarios++;
		if ((unsigned)r->verdict < SRH_VERDICT_COUNT)
			e->n[r->verdict]++;
	}
	qsort(t.v, t.n, sizeof(*t.v), tally_cmp);
	fprintf(f, "<table>\n<tr><th>%s</th><th>scenarios</th>",
		end_class ? "end class" : "job kind");
	for (int v = 0; v < SRH_VERDICT_COUNT; v++)
		fprintf(f, "<th>%s</th>", rpt_verdict_name(v));
	fputs("</tr>\n", f);
	for (size_t i = 0; i < t.n; i++) {
		fputs("<tr>", f);
		rpt_html_td(f, t.v[i].key, 200);
		fprintf(f, "<td class=\"num\">%zu</td>", t.v[i].scenarios);
		for (int v = 0; v < SRH_VERDICT_COUNT; v++)
			fprintf(f, "<td class=\"num\">%zu</td>", t.v[i].n[v]);
		fputs("</tr>\n", f);
	}
	fputs("</table>\n", f);
out:
	free(t.v);
}

static void pct_row(FILE *f, const char *what, double v)
{
	fprintf(f, "<tr><th>%s</th>", what);
	if (v < 0)
		fputs("<td>unknown</td></tr>\n", f);
	else
		fprintf(f,
			"<td class=\"num\">%.1f%%</td><td><span class=\"barbg\"><span "
			"class=\"bar\" style=\"width:%.1f%%\"></span></span></td></tr>\n",
			v, v);
}

static void coverage(FILE *f, const rpt_run *r)
{
	fputs("<h2>Provider coverage</h2>\n", f);
	if (!r->has_coverage) {
		fputs("<p>No coverage was recorded for this run (scripts/coverage.sh records "
		      "it).</p>\n",
		      f);
		return;
	}
	fputs("<table>\n", f);
	pct_row(f, "lines", r->cov_lines);
	pct_row(f, "branches", r->cov_branches);
	pct_row(f, "functions", r->cov_functions);
	fputs("</table>\n<p>Line by line: <a href=\"../coverage/index.html\">the lcov report</a> "
	      "(reports/coverage/, when written next to this report).</p>\n",
	      f);
}

static void trend(FILE *f, rpt_db *db, int64_t run)
{
	rpt_trend_point *p = NULL;
	size_t n = 0;

	fputs("<h2>Trend across runs</h2>\n", f);
	if (rpt_trend(db, &p, &n) != 0 || n == 0) {
		fputs("<p>No trend available.</p>\n", f);
		return;
	}
	rpt_svg_trend(f, p, n, run);
	fputs("<p>Grey: scenarios run; green: passed; red dot: this run.</p>\n", f);
	rpt_trend_free(p, n);
}

/* ASCII lower case of s (cut at 1 KiB), escaped for an attribute. */
static void lower_attr(FILE *f, const char *s)
{
	char buf[1024];

	snprintf(buf, sizeof(buf), "%s", s ? s : "");
	for (char *p = buf; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	rpt_xml_put(f, buf, 0);
}

/* data-text: what the text filter searches. */
static void search_text(FILE *f, const srh_result *r)
{
	char sum[512];

	fputs(" data-text=\"", f);
	lower_attr(f, r->name);
	fputc(' ', f);
	lower_attr(f, rpt_summary(r, sum, sizeof(sum)));
	fputc('"', f);
}

static void scenario_row(FILE *f, size_t i, const rpt_item *it)
{
	const srh_result *r = &it->r;
	char sum[512];

	fprintf(f, "<tr data-verdict=\"%s\" data-kind=\"", rpt_verdict_name(r->verdict));
	rpt_xml_put(f, r->job_kind ? r->job_kind : "", 0);
	fputc('"', f);
	search_text(f, r);
	fprintf(f, "><td class=\"num\">%zu</td><td><a href=\"s/%zu.html\">", i + 1, i + 1);
	rpt_xml_put(f, r->name, 300);
	fputs("</a></td>", f);
	rpt_html_td(f, r->job_kind, 100);
	rpt_html_td(f, it->tags, 200);
	fputs("<td>", f);
	rpt_html_verdict(f, r->verdict);
	fprintf(f, "</td><td class=\"num\">%zu</td><td class=\"num\">%zu</td>", r->n_must,
		r->n_should);
	rpt_html_td(f, r->verdict == SRH_PASS ? "" : rpt_summary(r, sum, sizeof(sum)), 300);
	fprintf(f, "<td class=\"num\">%.3f</td><td>%s</td>", r->wall_s,
		r->final_state ? rpt_job_state_name(r->final_state) : "");
	rpt_html_td(f, r->end_class, 100);
	fputs("</tr>\n", f);
}

/* The distinct job kinds, for the filter's choices. */
static void kind_options(FILE *f, const rpt_set *s)
{
	for (size_t i = 0; i < s->n; i++) {
		const char *k = s->items[i].r.job_kind;
		bool seen = !k;
		for (size_t j = 0; j < i && !seen; j++) {
			const char *o = s->items[j].r.job_kind;
			seen = o && strcmp(o, k) == 0;
		}
		if (seen)
			continue;
		fputs("<option value=\"", f);
		rpt_xml_put(f, k, 0);
		fputs("\">", f);
		rpt_xml_put(f, k, 100);
		fputs("</option>", f);
	}
}

static void scenario_table(FILE *f, const rpt_set *s)
{
	fputs("<h2>Scenarios</h2>\n<div class=\"filters\">"
	      "<input id=\"q\" type=\"search\" placeholder=\"name or rule\"/>"
	      "<select id=\"fv\"><option value=\"\">all verdicts</option>"
	      "<option value=\"!PASS\">not passed</option>",
	      f);
	for (int v = 0; v < SRH_VERDICT_COUNT; v++)
		fprintf(f, "<option value=\"%s\">%s</option>", rpt_verdict_name(v),
			rpt_verdict_name(v));
	fputs("</select><select id=\"fk\"><option value=\"\">all job kinds</option>", f);
	kind_options(f, s);
	fputs("</select><span id=\"shown\"></span></div>\n<table id=\"scn\">\n<thead><tr>"
	      "<th>#</th><th>scenario</th><th>job kind</th><th>tags</th><th>verdict</th>"
	      "<th>MUST</th><th>SHOULD</th><th>first failure / reason</th><th>wall s</th>"
	      "<th>end state</th><th>end class</th></tr></thead>\n<tbody>\n",
	      f);
	for (size_t i = 0; i < s->n; i++)
		scenario_row(f, i, &s->items[i]);
	fputs("</tbody></table>\n", f);
}

static void index_page(FILE *f, rpt_db *db, const rpt_set *s)
{
	rpt_totals t;
	char title[96];

	rpt_count(s, &t);
	snprintf(title, sizeof(title), "srh report: %s %" PRId64, s->run.kind ? s->run.kind : "run",
		 s->run.id);
	rpt_html_head(f, title, NULL);
	fputs("<h1>", f);
	rpt_xml_esc(f, title);
	fputs("</h1>\n", f);
	run_facts(f, &s->run);
	totals(f, &t);
	by_rule(f, s);
	fputs("<h2>By path</h2>\n", f);
	by_path(f, s, false);
	by_path(f, s, true);
	coverage(f, &s->run);
	trend(f, db, s->run.id);
	scenario_table(f, s);
	rpt_html_foot(f, filter_js);
}

int rpt_html(rpt_db *db, int64_t run, const char *dir)
{
	rpt_set s;
	char *path = NULL;
	size_t plen = strlen(dir) + 32;
	FILE *f;
	int rc = -1;

	if (rpt_set_load(db, run, RPT_LOAD_ALL, &s) != 0)
		return -1;
	if (!(path = malloc(plen))) {
		rpt_err(db, "out of memory");
		goto out;
	}
	snprintf(path, plen, "%s/s", dir);
	if (make_dirs(db, path) != 0)
		goto out;
	remove_old_pages(path);
	for (size_t i = 0; i < s.n; i++) {
		snprintf(path, plen, "%s/s/%zu.html", dir, i + 1);
		if (!(f = open_page(db, path)))
			goto out;
		rpt_html_scenario(f, &s.run, &s.items[i]);
		if (close_page(db, f, path) != 0)
			goto out;
	}
	snprintf(path, plen, "%s/index.html", dir);
	if (!(f = open_page(db, path)))
		goto out;
	index_page(f, db, &s);
	rc = close_page(db, f, path);
out:
	free(path);
	rpt_set_free(&s);
	return rc;
}
