/*
 * rpt_svg.c - inline SVG: a scenario's timeline on the virtual time axis,
 * and the pass-count trend across runs. Everything a provider said (Error
 * text, InstanceIDs) only ever appears escaped inside <title>.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "rpt_html.h"

#define SVG_W 1000
#define SVG_LEFT 120
#define SVG_RIGHT 64
#define PLOT_W (SVG_W - SVG_LEFT - SVG_RIGHT)

enum {
	Y_STATE = 24,
	H_STATE = 28,
	Y_PCT = 62,
	H_PCT = 60,
	Y_FAULT = 132,
	H_FAULT = 22,
	Y_REQ = 164,
	H_REQ = 22,
	Y_GE = 196,
	H_GE = 30,
	Y_AXIS = 236,
	SVG_H = 262
};

typedef struct tl_point {
	uint64_t t;
	size_t order; /* ties keep their order of record */
	uint16_t state, percent;
} tl_point;

static int point_cmp(const void *a, const void *b)
{
	const tl_point *x = a, *y = b;

	if (x->t != y->t)
		return x->t < y->t ? -1 : 1;
	return x->order < y->order ? -1 : x->order > y->order;
}

static bool is_get_error(unsigned call)
{
	return call <= 2; /* final GetError, GetError, GetErrors */
}

/*
 * The time axis. A job's life is long stretches of nothing and bursts of
 * calls a few milliseconds apart; on a plain linear axis the bursts
 * collapse to one pixel. So x is half proportional to virtual time and
 * half to the rank among the distinct instants at which something
 * happened: monotonic, every instant gets room, long waits still look
 * long. Tick labels give the true virtual time.
 */
typedef struct tmap {
	uint64_t *t; /* distinct instants, ascending, t[0] == 0 */
	size_t n;
	uint64_t tmax;
} tmap;

static int u64_cmp(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* 0, or -1 when out of memory (then a linear axis). */
static int tmap_init(tmap *m, const srh_result *r)
{
	size_t nf = r->n_must + r->n_should, k = 0;
	uint64_t *t = malloc((r->n_timeline + r->n_calls + nf + 2) * sizeof(*t));

	memset(m, 0, sizeof(*m));
	m->tmax = r->end_ns;
	if (!t)
		return -1;
	t[k++] = 0;
	t[k++] = r->end_ns;
	for (size_t i = 0; i < r->n_timeline; i++)
		t[k++] = r->timeline[i].time_ns;
	for (size_t i = 0; i < r->n_calls; i++)
		t[k++] = r->calls[i].time_ns;
	for (size_t i = 0; i < nf; i++)
		t[k++] = i < r->n_must ? r->must[i].time_ns : r->should[i - r->n_must].time_ns;
	qsort(t, k, sizeof(*t), u64_cmp);
	m->n = 1;
	for (size_t i = 1; i < k; i++)
		if (t[i] != t[m->n - 1])
			t[m->n++] = t[i];
	m->t = t;
	m->tmax = t[m->n - 1];
	return 0;
}

static void tmap_free(tmap *m)
{
	free(m->t);
}

static double xof(const tmap *m, uint64_t t)
{
	double lin, rank;
	size_t lo = 0, hi;

	if (m->tmax == 0)
		return SVG_LEFT;
	lin = (double)t / (double)m->tmax;
	if (!m->t || m->n < 2)
		return SVG_LEFT + (double)PLOT_W * lin;
	hi = m->n - 1;
	if (t >= m->t[hi]) {
		rank = 1.0;
	} else {
		while (hi - lo > 1) { /* m->t[lo] <= t < m->t[hi] */
			size_t mid = lo + (hi - lo) / 2;
			if (m->t[mid] <= t)
				lo = mid;
			else
				hi = mid;
		}
		rank = ((double)lo + (double)(t - m->t[lo]) / (double)(m->t[hi] - m->t[lo])) /
		       (double)(m->n - 1);
	}
	return SVG_LEFT + (double)PLOT_W * (0.5 * lin + 0.5 * rank);
}

/* Every known (time, JobState, PercentComplete), in time order. */
static tl_point *state_points(const srh_result *r, size_t *n)
{
	tl_point *p = calloc(r->n_timeline + r->n_calls + 1, sizeof(*p));
	size_t k = 0;

	*n = 0;
	if (!p)
		return NULL;
	for (size_t i = 0; i < r->n_timeline; i++) {
		const srh_tl_event *e = &r->timeline[i];
		if (!e->job_state)
			continue;
		p[k] = (tl_point){e->time_ns, k, e->job_state, e->percent};
		k++;
	}
	for (size_t i = 0; i < r->n_calls; i++) {
		const srh_call_rec *c = &r->calls[i];
		if (!c->has_job || !c->job_state)
			continue;
		p[k] = (tl_point){c->time_ns, k, c->job_state, c->percent};
		k++;
	}
	qsort(p, k, sizeof(*p), point_cmp);
	*n = k;
	return p;
}

static void band(FILE *f, uint64_t from, uint64_t to, uint16_t js, const tmap *m)
{
	double x0 = xof(m, from), x1 = xof(m, to);
	unsigned cls = js >= 2 && js <= 12 ? js : 0;

	fprintf(f,
		"<rect class=\"js%u\" x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\">"
		"<title>JobState %u %s</title></rect>",
		cls, x0, Y_STATE, x1 - x0 > 0.5 ? x1 - x0 : 0.5, H_STATE, js,
		rpt_job_state_name(js));
	if (x1 - x0 > 70)
		fprintf(f, "<text x=\"%.1f\" y=\"%d\">%s</text>", x0 + 3, Y_STATE + 18,
			rpt_job_state_name(js));
	fputc('\n', f);
}

static void states_and_percent(FILE *f, const srh_result *r, const tmap *m)
{
	size_t n, start = 0;
	tl_point *p = state_points(r, &n);

	if (!p)
		return;
	for (size_t i = 1; i <= n; i++)
		if (i == n || p[i].state != p[start].state) {
			band(f, p[start].t, i == n ? m->tmax : p[i].t, p[start].state, m);
			start = i;
		}
	if (n > 0) {
		fputs("<polyline class=\"pct\" points=\"", f);
		for (size_t i = 0; i < n; i++) {
			unsigned pc = p[i].percent > 100 ? 100 : p[i].percent;
			fprintf(f, "%.1f,%.1f ", xof(m, p[i].t),
				Y_PCT + H_PCT - (double)H_PCT * pc / 100.0);
		}
		fputs("\"/>\n", f);
		for (size_t i = 0; i < n; i++)
			if (i == 0 || p[i].percent != p[i - 1].percent)
				fprintf(f,
					"<circle cx=\"%.1f\" cy=\"%.1f\" r=\"2\" fill=\"#1565c0\">"
					"<title>PercentComplete %u</title></circle>",
					xof(m, p[i].t),
					Y_PCT + H_PCT -
					    (double)H_PCT *
						(p[i].percent > 100 ? 100 : p[i].percent) / 100.0,
					p[i].percent);
		fputc('\n', f);
	}
	free(p);
}

static void title(FILE *f, const char *kind, uint64_t t, const char *text)
{
	char ts[32];

	fprintf(f, "<title>%s at %s: ", kind, rpt_vtime(t, ts, sizeof(ts)));
	rpt_xml_put(f, text, 300);
	fputs("</title>", f);
}

static void faults_and_requests(FILE *f, const srh_result *r, const tmap *m)
{
	for (size_t i = 0; i < r->n_timeline; i++) {
		const srh_tl_event *e = &r->timeline[i];
		double x = xof(m, e->time_ns);
		switch (e->kind) {
		case SRH_TL_ARMED:
			fprintf(f, "<polygon class=\"armed\" points=\"%.1f,%d %.1f,%d %.1f,%d\">",
				x, Y_FAULT + 2, x - 6, Y_FAULT + H_FAULT - 2, x + 6,
				Y_FAULT + H_FAULT - 2);
			title(f, "armed", e->time_ns, e->text);
			fputs("</polygon>\n", f);
			break;
		case SRH_TL_FAULT:
		case SRH_TL_FIRED:
			fprintf(f,
				"<rect class=\"fired\" x=\"%.1f\" y=\"%d\" width=\"8\" height=\"8\""
				" transform=\"rotate(45 %.1f %d)\">",
				x - 4, Y_FAULT + 7, x, Y_FAULT + 11);
			title(f, e->kind == SRH_TL_FAULT ? "fault" : "fired", e->time_ns, e->text);
			fputs("</rect>\n", f);
			break;
		case SRH_TL_RESTART:
			fprintf(f,
				"<rect class=\"restart\" x=\"%.1f\" y=\"%d\" width=\"3\" "
				"height=\"%d\">",
				x - 1.5, Y_REQ, H_REQ);
			title(f, "provider restart", e->time_ns, e->text);
			fputs("</rect>\n", f);
			break;
		default:
			break;
		}
	}
}

static void call_title(FILE *f, size_t i, const srh_call_rec *c)
{
	const cim_valuemap *m = c->call == 5 ? &cim_vm_rsc_rc : &cim_vm_geterror_rc;
	const char *rcn = cim_vmap_name(m, c->rc);
	char ts[32];

	fprintf(f, "<title>#%zu %s at %s by ", i + 1, rpt_call_name(c->call),
		rpt_vtime(c->time_ns, ts, sizeof(ts)));
	rpt_xml_put(f, c->principal ? c->principal : "?", 200);
	fprintf(f, ": rc %" PRIu32 " %s", c->rc, rcn ? rcn : "");
	if (is_get_error(c->call)) {
		const cim_error *e = c->errors && c->n_errors ? c->errors[0] : NULL;
		fputs(e ? ", Error present" : ", Error absent", f);
		if (e && e->message_id) {
			fputs(" (MessageID ", f);
			rpt_xml_put(f, e->message_id, 200);
			fputs(")", f);
		}
	}
	fputs("</title>", f);
}

/* Calls at the same instant are drawn side by side, in their order. */
#define SAME_INSTANT_DX 11.0

static void calls(FILE *f, const srh_result *r, const tmap *m)
{
	double last_label = -1e9;
	unsigned same = 0;

	for (size_t i = 0; i < r->n_calls; i++) {
		const srh_call_rec *c = &r->calls[i];
		double x;
		same = i > 0 && c->time_ns == r->calls[i - 1].time_ns ? same + 1 : 0;
		x = xof(m, c->time_ns) + SAME_INSTANT_DX * (same > 5 ? 5 : same);
		if (!is_get_error(c->call)) {
			fprintf(f,
				"<rect class=\"req\" x=\"%.1f\" y=\"%d\" width=\"7\" height=\"7\">",
				x - 3.5, Y_REQ + 7);
			call_title(f, i, c);
			fputs("</rect>\n", f);
			continue;
		}
		bool err = c->errors && c->n_errors && c->errors[0];
		fprintf(f, "<circle class=\"%s\" cx=\"%.1f\" cy=\"%d\" r=\"5\">",
			err	? "ge-err"
			: c->rc ? "ge-bad"
				: "ge-none",
			x, Y_GE + 20);
		call_title(f, i, c);
		fputs("</circle>", f);
		if (x - last_label >= 10) {
			fprintf(f,
				"<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%" PRIu32
				"</text>",
				x, Y_GE + 10, c->rc);
			last_label = x;
		}
		fputc('\n', f);
	}
}

static const srh_failure *nth_failure(const srh_result *r, size_t i)
{
	return i < r->n_must ? &r->must[i] : &r->should[i - r->n_must];
}

/* One red line per instant with failures (its title lists them, the
 * first ten), the line of the first failure bold and labelled. */
static void failure_marks(FILE *f, const srh_result *r, const tmap *m)
{
	size_t n = r->n_must + r->n_should;

	for (size_t i = 0; i < n; i++) {
		const srh_failure *x = nth_failure(r, i);
		double px = xof(m, x->time_ns);
		bool seen = false;
		size_t listed = 0;
		for (size_t k = 0; k < i && !seen; k++)
			seen = nth_failure(r, k)->time_ns == x->time_ns;
		if (seen)
			continue;
		fprintf(f,
			"<line class=\"failmark%s\" x1=\"%.1f\" y1=\"14\" x2=\"%.1f\" y2=\"%d\">"
			"<title>",
			i == 0 ? " first" : "", px, px, Y_AXIS);
		for (size_t k = i; k < n; k++) {
			const srh_failure *y = nth_failure(r, k);
			if (y->time_ns != x->time_ns)
				continue;
			if (listed++ == 10) {
				fputs("...", f);
				break;
			}
			rpt_xml_put(f, y->rule, 200);
			fputs(": expected ", f);
			rpt_xml_put(f, y->expected, 200);
			fputs(", observed ", f);
			rpt_xml_put(f, y->observed, 200);
			fputs("&#10;", f);
		}
		fputs("</title></line>\n", f);
		if (i == 0) {
			fprintf(f, "<text x=\"%.1f\" y=\"11\" fill=\"#c62828\"%s>", px,
				px > SVG_W - 250 ? " text-anchor=\"end\"" : "");
			rpt_xml_put(f, x->rule, 80);
			fputs("</text>\n", f);
		}
	}
}

/* Ticks at 1-2-5 steps of virtual time (about eight), placed through the
 * time map; a label too close to the previous one is left out. */
static void axis(FILE *f, const tmap *m)
{
	static const uint64_t mult[] = {2, 5, 10};
	uint64_t step = 1, base = 1, tmax = m->tmax ? m->tmax : 1;
	double last = -1e9;
	int dec = 0, k = 0;

	while (step * 8 < tmax && step < UINT64_MAX / 20) {
		step = base * mult[k];
		if (++k == 3) {
			k = 0;
			base *= 10;
		}
	}
	for (uint64_t s = step; s % 1000000000u != 0 && dec < 9; s *= 10)
		dec++;
	fprintf(f, "<line class=\"axis\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>\n", SVG_LEFT,
		Y_AXIS, SVG_W - SVG_RIGHT, Y_AXIS);
	for (uint64_t t = 0; t <= tmax; t += step) {
		double x = xof(m, t);
		fprintf(f, "<line class=\"grid\" x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\"/>", x,
			Y_STATE, x, Y_AXIS + 4);
		if (x - last >= 48) {
			fprintf(f, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%.*fs</text>",
				x, Y_AXIS + 16, dec, (double)t / 1e9);
			last = x;
		}
		fputc('\n', f);
		if (tmax - t < step)
			break;
	}
}

static void lanes(FILE *f)
{
	static const struct {
		int y, h;
		const char *name;
	} l[] = {{Y_STATE, H_STATE, "JobState"},
		 {Y_PCT, H_PCT, "PercentComplete"},
		 {Y_FAULT, H_FAULT, "faults"},
		 {Y_REQ, H_REQ, "requests"},
		 {Y_GE, H_GE, "GetError rc"}};

	for (size_t i = 0; i < sizeof(l) / sizeof(l[0]); i++)
		fprintf(f,
			"<rect class=\"lane\" x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\"/>"
			"<text x=\"4\" y=\"%d\">%s</text>\n",
			SVG_LEFT, l[i].y, PLOT_W, l[i].h, l[i].y + l[i].h / 2 + 4, l[i].name);
}

void rpt_svg_timeline(FILE *f, const srh_result *r)
{
	tmap m;

	(void)tmap_init(&m, r); /* without memory: a linear axis */
	fprintf(f,
		"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
		"viewBox=\"0 0 %d %d\" role=\"img\">\n",
		SVG_W, SVG_H, SVG_W, SVG_H);
	lanes(f);
	axis(f, &m);
	states_and_percent(f, r, &m);
	faults_and_requests(f, r, &m);
	calls(f, r, &m);
	failure_marks(f, r, &m);
	fputs("</svg>\n", f);
	tmap_free(&m);
}

void rpt_svg_trend(FILE *f, const rpt_trend_point *p, size_t n, int64_t current)
{
	const int w = 640, h = 170, left = 44, right = 16, top = 12, bottom = 28;
	size_t maxv = 1;

	for (size_t i = 0; i < n; i++)
		maxv = p[i].total > maxv ? p[i].total : maxv;
	fprintf(f,
		"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
		"viewBox=\"0 0 %d %d\" role=\"img\">\n",
		w, h, w, h);
	fprintf(f,
		"<line class=\"axis\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>"
		"<line class=\"axis\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>"
		"<text x=\"4\" y=\"%d\">%zu</text><text x=\"4\" y=\"%d\">0</text>\n",
		left, h - bottom, w - right, h - bottom, left, top, left, h - bottom, top + 8, maxv,
		h - bottom);
	for (int pass = 0; pass < 2; pass++) {
		fprintf(f, "<polyline class=\"%s\" points=\"", pass ? "pass" : "tot");
		for (size_t i = 0; i < n; i++) {
			double x = left + (n > 1 ? (double)(w - left - right) * i / (n - 1) : 0);
			size_t v = pass ? p[i].passed : p[i].total;
			fprintf(f, "%.1f,%.1f ", x,
				h - bottom - (double)(h - top - bottom) * v / maxv);
		}
		fputs("\"/>\n", f);
	}
	for (size_t i = 0; i < n; i++) {
		double x = left + (n > 1 ? (double)(w - left - right) * i / (n - 1) : 0);
		fprintf(f,
			"<circle class=\"%s\" cx=\"%.1f\" cy=\"%.1f\" r=\"%d\"><title>run %" PRId64
			" (",
			p[i].run == current ? "cur" : "pt", x,
			h - bottom - (double)(h - top - bottom) * p[i].passed / maxv,
			p[i].run == current ? 5 : 3, p[i].run);
		rpt_xml_esc(f, p[i].started);
		fprintf(f, "): %zu of %zu passed</title></circle>", p[i].passed, p[i].total);
		if (n <= 20 || p[i].run == current)
			fprintf(f,
				"<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%" PRId64
				"</text>",
				x, h - 10, p[i].run);
		fputc('\n', f);
	}
	fputs("</svg>\n", f);
}
