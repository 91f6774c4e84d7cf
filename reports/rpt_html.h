/*
 * rpt_html.h - the parts of the HTML report (rpt_html*.c, rpt_svg.c).
 */
#ifndef RPT_HTML_H
#define RPT_HTML_H

#include "rpt_int.h"

/* Bytes of one provider string shown in a table cell before "... (N more
 * bytes)": a hostile provider's 64 KiB message must not bury the page. */
#define RPT_HTML_CELL_MAX 2048u

/* ---- rpt_html_page.c ------------------------------------------------------ */

/* <!DOCTYPE html> ... <body>, title escaped (title2 appended when given). */
void rpt_html_head(FILE *f, const char *title, const char *title2);
/* The inline script (or none) and </body></html>. */
void rpt_html_foot(FILE *f, const char *script);
/* <tr><th>k</th><td>v</td></tr> when v is not NULL. */
void rpt_html_kv(FILE *f, const char *k, const char *v);
/* A verdict badge. */
void rpt_html_verdict(FILE *f, srh_verdict v);
/* <td> with s escaped, at most max bytes (0 = all). */
void rpt_html_td(FILE *f, const char *s, size_t max);

/* ---- rpt_html_scn.c --------------------------------------------------------- */

/* The page of one scenario into f. */
void rpt_html_scenario(FILE *f, const rpt_run *run, const rpt_item *it);

/* ---- rpt_svg.c ---------------------------------------------------------------- */

/* The scenario's timeline on the virtual time axis: JobState bands,
 * PercentComplete, armed and fired faults, client requests, each GetError
 * with its rc and whether an Error came back, failures as red marks (the
 * first one bold). */
void rpt_svg_timeline(FILE *f, const srh_result *r);
/* Passed and total per run across the database, the current run marked. */
void rpt_svg_trend(FILE *f, const rpt_trend_point *p, size_t n, int64_t current);

#endif
