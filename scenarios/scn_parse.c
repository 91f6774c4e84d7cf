/*
 * scn_parse.c - from YAML text to a scn_scenario: load the document with
 * libyaml (keeping node marks for file:line), walk the top-level keys in
 * file order, then fill what depends on several sections.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scn_int.h"

/* A scenario file is small; a bigger one is a mistake, not a scenario. */
#define SCN_MAX_FILE (4u << 20)

static const char *const root_keys[] = {
    "name", "description", "contract", "note",	 "tags",    "seed",  "topology",
    "job",  "jobs",	   "provider", "faults", "actions", "final", NULL,
};

static int parse_tags(scn_p *p, yaml_node_t *n, scn_scenario *s)
{
	size_t cnt;

	if (scn_want(p, n, YAML_SEQUENCE_NODE, "tags"))
		return -1;
	cnt = scn_seq_size(n);
	if (cnt == 0)
		return 0;
	s->tags = calloc(cnt, sizeof(*s->tags));
	if (!s->tags)
		return scn_fail(p, scn_line(n), "out of memory");
	for (size_t i = 0; i < cnt; i++, s->n_tags++)
		if (scn_get_str(p, scn_seq_item(p, n, i), "tag", &s->tags[i]))
			return -1;
	return 0;
}

static int parse_key(scn_p *p, const char *key, yaml_node_t *v, int kline, scn_scenario *s)
{
	if (strcmp(key, "name") == 0)
		return scn_get_str(p, v, "name", &s->name);
	if (strcmp(key, "description") == 0)
		return scn_get_str_or_null(p, v, "description", &s->description);
	if (strcmp(key, "contract") == 0)
		return scn_get_str_or_null(p, v, "contract", &s->contract);
	if (strcmp(key, "note") == 0)
		return scn_get_str_or_null(p, v, "note", &s->note);
	if (strcmp(key, "tags") == 0)
		return parse_tags(p, v, s);
	if (strcmp(key, "seed") == 0)
		return scn_get_uint(p, v, "seed", 0, UINT64_MAX, &s->seed);
	if (strcmp(key, "topology") == 0)
		return scn_parse_topology(p, v, kline, &s->topology);
	if (strcmp(key, "job") == 0)
		return scn_parse_job(p, v, kline, &s->job);
	if (strcmp(key, "jobs") == 0)
		return scn_parse_jobs(p, v, kline, s);
	if (strcmp(key, "provider") == 0)
		return scn_parse_provider(p, v, s);
	if (strcmp(key, "faults") == 0)
		return scn_parse_faults(p, v, s);
	if (strcmp(key, "actions") == 0)
		return scn_parse_actions(p, v, s);
	s->final_line = kline;
	return scn_parse_final(p, v, s);
}

/* Calls without "as:" are made by the owner of the job they address. An
 * unknown job id is left for scn_validate to report. */
static int default_principals(scn_p *p, scn_scenario *s)
{
	for (size_t i = 0; i < s->n_actions; i++) {
		scn_action *a = &s->actions[i];
		long k = scn_job_find(s, a->job);

		if (a->kind != SCN_ACT_CALL || a->principal)
			continue;
		a->principal = strdup(scn_job_at(s, k < 0 ? 0 : (size_t)k)->owner);
		if (!a->principal)
			return scn_fail(p, a->line, "out of memory");
	}
	return 0;
}

static int parse_root(scn_p *p, yaml_node_t *root, scn_scenario *s)
{
	yaml_node_pair_t *pr;
	yaml_node_t *v;
	int kl = 0;

	if (scn_map_check(p, root, "a scenario", root_keys) ||
	    scn_map_need(p, root, "name", scn_line(root), "the scenario", &v))
		return -1;
	if (!scn_map_get(p, root, "jobs", NULL) &&
	    scn_map_need(p, root, "job", scn_line(root), "the scenario", &v))
		return -1;
	if (scn_map_get(p, root, "job", NULL) && (v = scn_map_get(p, root, "jobs", &kl)))
		return scn_fail(p, kl, "both job and jobs: a scenario has one or the other");
	s->seed = 1;
	scn_topology_defaults(&s->topology);
	for (pr = root->data.mapping.pairs.start; pr < root->data.mapping.pairs.top; pr++) {
		yaml_node_t *k = scn_node(p, pr->key);

		if (parse_key(p, scn_text(k), scn_node(p, pr->value), scn_line(k), s))
			return -1;
	}
	if (!scn_map_get(p, root, "topology", NULL) && scn_parse_topology(p, NULL, 0, &s->topology))
		return -1;
	return default_principals(p, s) || scn_resolve_actions(p, s) ? -1 : 0;
}

/* The model's own rules, told at the line each value came from. */
static int validate(scn_p *p, const scn_scenario *s)
{
	return scn_validate(s, p->names, p->err, p->errlen);
}

/* Line (1-based) of byte offset off in text, for reader errors. */
static int offset_line(const char *text, size_t len, size_t off)
{
	int line = 1;

	for (size_t i = 0; i < off && i < len; i++)
		if (text[i] == '\n')
			line++;
	return line;
}

static int syntax_error(scn_p *p, const yaml_parser_t *y, const char *text, size_t len)
{
	const char *problem = y->problem ? y->problem : "unknown problem";

	switch (y->error) {
	case YAML_MEMORY_ERROR:
		return scn_fail(p, 1, "out of memory while reading YAML");
	case YAML_READER_ERROR:
		return scn_fail(p, offset_line(text, len, y->problem_offset),
				"not readable as YAML text: %s", problem);
	default:
		break;
	}
	if (y->context)
		return scn_fail(p, (int)y->problem_mark.line + 1,
				"YAML syntax error: %s (%s at line %d)", problem, y->context,
				(int)y->context_mark.line + 1);
	return scn_fail(p, (int)y->problem_mark.line + 1, "YAML syntax error: %s", problem);
}

/* Loads the one document of the stream into doc (to be deleted by the
 * caller on success). A second document is an error. */
static int load(scn_p *p, yaml_parser_t *y, yaml_document_t *doc, const char *text, size_t len)
{
	yaml_document_t extra;
	yaml_node_t *root;
	int line;

	if (!yaml_parser_load(y, doc))
		return syntax_error(p, y, text, len);
	p->doc = doc;
	if (!yaml_document_get_root_node(doc)) {
		yaml_document_delete(doc);
		return scn_fail(p, 1,
				"empty file: a scenario is a mapping with at least "
				"\"name\" and \"job\"");
	}
	if (!yaml_parser_load(y, &extra)) {
		yaml_document_delete(doc);
		return syntax_error(p, y, text, len);
	}
	root = yaml_document_get_root_node(&extra);
	line = root ? scn_line(root) : 0;
	yaml_document_delete(&extra);
	if (root) {
		yaml_document_delete(doc);
		return scn_fail(p, line, "a second YAML document; a file holds one scenario");
	}
	return 0;
}

int scn_parse_string(const char *file, const char *text, size_t len, const scn_names *names,
		     scn_scenario **out, char *err, size_t errlen)
{
	scn_p p = {NULL, NULL, file ? file : "<string>", names, err, errlen, NULL, 0};
	yaml_parser_t y;
	yaml_document_t doc;
	scn_scenario *s = NULL;
	int rc = -1;

	*out = NULL;
	if (err && errlen)
		err[0] = '\0';
	if (!yaml_parser_initialize(&y))
		return scn_fail(&p, 1, "out of memory");
	yaml_parser_set_input_string(&y, (const unsigned char *)text, len);
	if (load(&p, &y, &doc, text, len))
		goto out;
	s = calloc(1, sizeof(*s));
	if (!s || !(s->file = strdup(p.file))) {
		scn_fail(&p, 1, "out of memory");
		goto out_doc;
	}
	if (!(s->src = p.src = calloc(1, sizeof(*p.src)))) {
		scn_fail(&p, 1, "out of memory");
		goto out_doc;
	}
	if (parse_root(&p, yaml_document_get_root_node(&doc), s) || validate(&p, s))
		goto out_doc;
	*out = s;
	s = NULL;
	rc = 0;
out_doc:
	yaml_document_delete(&doc);
out:
	scn_free(s);
	for (size_t i = 0; i < p.n_pending; i++)
		free(p.pending[i].id);
	free(p.pending);
	yaml_parser_delete(&y);
	return rc;
}

/* Reads the whole file into a malloc'ed buffer. */
static int read_file(const char *path, char **buf, size_t *len, char *err, size_t errlen)
{
	FILE *f = fopen(path, "rb");
	size_t n = 0, cap = 0;
	char *b = NULL, *nb;
	int rc = -1;

	if (!f) {
		(void)snprintf(err, errlen, "%s: cannot open: %s", path, strerror(errno));
		return -1;
	}
	for (;;) {
		size_t got;

		if (n == cap) {
			cap = cap ? cap * 2 : 8192;
			if (cap > SCN_MAX_FILE) {
				(void)snprintf(err, errlen,
					       "%s: larger than %u bytes; not a scenario", path,
					       SCN_MAX_FILE);
				goto out;
			}
			if (!(nb = realloc(b, cap))) {
				(void)snprintf(err, errlen, "%s: out of memory", path);
				goto out;
			}
			b = nb;
		}
		got = fread(b + n, 1, cap - n, f);
		n += got;
		if (got == 0)
			break;
	}
	if (ferror(f)) {
		(void)snprintf(err, errlen, "%s: read error", path);
		goto out;
	}
	*buf = b;
	*len = n;
	b = NULL;
	rc = 0;
out:
	free(b);
	if (fclose(f) != 0 && rc == 0) {
		(void)snprintf(err, errlen, "%s: cannot close: %s", path, strerror(errno));
		free(*buf);
		*buf = NULL;
		rc = -1;
	}
	return rc;
}

int scn_parse_file(const char *path, const scn_names *names, scn_scenario **out, char *err,
		   size_t errlen)
{
	char *text = NULL;
	size_t len = 0;
	char dummy[1];
	int rc;

	*out = NULL;
	if (!err || errlen == 0) {
		err = dummy;
		errlen = sizeof(dummy);
	}
	if (read_file(path, &text, &len, err, errlen))
		return -1;
	rc = scn_parse_string(path, text, len, names, out, err, errlen);
	free(text);
	/* Only a file's scenario has a directory its store fixture is in. */
	if (rc == 0 && scn_check_files(*out, err, errlen) != 0) {
		scn_free(*out);
		*out = NULL;
		rc = -1;
	}
	return rc;
}
