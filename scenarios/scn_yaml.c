/*
 * scn_yaml.c - error messages and YAML document node access for the
 * scenario parser.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "scn_int.h"

int scn_line(const yaml_node_t *n)
{
	return n ? (int)n->start_mark.line + 1 : 1;
}

/* Writes "file:line: message" into p->err. Always returns -1 so callers
 * can `return scn_fail(...)`. */
int scn_fail(scn_p *p, int line, const char *fmt, ...)
{
	char msg[SCN_ERRLEN];
	va_list ap;
	int n;

	if (!p->err || p->errlen == 0)
		return -1;
	n = snprintf(p->err, p->errlen, "%s:%d: ", p->file, line);
	if (n < 0 || (size_t)n >= p->errlen)
		return -1;
	va_start(ap, fmt);
	(void)vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	/* A value quoted from the file must not break the message's single
	 * line (found by fuzz/fuzz_scn.c). */
	cim_line_escape(p->err + n, p->errlen - (size_t)n, msg);
	return -1;
}

/* Appends s to buf (used bytes *pos); marks truncation with "...". */
static void append(char *buf, size_t len, size_t *pos, const char *s)
{
	size_t sl = strlen(s);

	if (*pos >= len)
		return;
	if (*pos + sl + 4 >= len) {
		if (len - *pos > 4) {
			memcpy(buf + *pos, "...", 4);
			*pos = len;
		}
		return;
	}
	memcpy(buf + *pos, s, sl + 1);
	*pos += sl;
}

void scn_join(const char *const *names, char *buf, size_t len)
{
	size_t pos = 0;

	if (len == 0)
		return;
	buf[0] = '\0';
	for (size_t i = 0; names && names[i]; i++) {
		if (i)
			append(buf, len, &pos, ", ");
		append(buf, len, &pos, names[i]);
	}
	if (pos == 0)
		append(buf, len, &pos, "(none)");
}

void scn_join_vmap(const cim_valuemap *m, bool vendor, char *buf, size_t len)
{
	size_t pos = 0;
	char item[160];

	if (len == 0)
		return;
	buf[0] = '\0';
	for (size_t i = 0; i < m->n_entries; i++) {
		(void)snprintf(item, sizeof(item), "%s%s (%u)", i ? ", " : "", m->entries[i].name,
			       (unsigned)m->entries[i].value);
		append(buf, len, &pos, item);
	}
	if (vendor && m->vendor_lo <= m->vendor_hi) {
		(void)snprintf(item, sizeof(item), ", or a vendor value %u..%u",
			       (unsigned)m->vendor_lo, (unsigned)m->vendor_hi);
		append(buf, len, &pos, item);
	}
}

yaml_node_t *scn_node(scn_p *p, int id)
{
	return yaml_document_get_node(p->doc, id);
}

const char *scn_text(const yaml_node_t *n)
{
	if (!n || n->type != YAML_SCALAR_NODE)
		return "";
	return (const char *)n->data.scalar.value;
}

/* Only a plain scalar can be null: "null" in quotes is a string. */
bool scn_is_null(const yaml_node_t *n)
{
	static const char *const nulls[] = {"", "~", "null", "Null", "NULL", NULL};

	if (!n || n->type != YAML_SCALAR_NODE || n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
		return false;
	for (size_t i = 0; nulls[i]; i++)
		if (strcmp(scn_text(n), nulls[i]) == 0)
			return true;
	return false;
}

const char *scn_kind_name(const yaml_node_t *n)
{
	if (!n)
		return "nothing";
	switch (n->type) {
	case YAML_MAPPING_NODE:
		return "a mapping";
	case YAML_SEQUENCE_NODE:
		return "a list";
	case YAML_SCALAR_NODE:
		return scn_is_null(n) ? "null" : "a scalar";
	default:
		return "nothing";
	}
}

size_t scn_map_size(const yaml_node_t *n)
{
	return (size_t)(n->data.mapping.pairs.top - n->data.mapping.pairs.start);
}

size_t scn_seq_size(const yaml_node_t *n)
{
	return (size_t)(n->data.sequence.items.top - n->data.sequence.items.start);
}

yaml_node_t *scn_seq_item(scn_p *p, const yaml_node_t *n, size_t i)
{
	return scn_node(p, n->data.sequence.items.start[i]);
}

static bool in_list(const char *s, const char *const *list)
{
	for (size_t i = 0; list[i]; i++)
		if (strcmp(s, list[i]) == 0)
			return true;
	return false;
}

int scn_map_check(scn_p *p, yaml_node_t *n, const char *what, const char *const *allowed)
{
	char buf[SCN_ALLOWED_LEN];
	yaml_node_pair_t *pr, *q;

	if (n->type != YAML_MAPPING_NODE) {
		scn_join(allowed, buf, sizeof(buf));
		return scn_fail(p, scn_line(n), "%s must be a mapping (keys: %s), not %s", what,
				buf, scn_kind_name(n));
	}
	for (pr = n->data.mapping.pairs.start; pr < n->data.mapping.pairs.top; pr++) {
		yaml_node_t *k = scn_node(p, pr->key);

		if (!k || k->type != YAML_SCALAR_NODE)
			return scn_fail(p, scn_line(k), "a key in %s must be a plain name, not %s",
					what, scn_kind_name(k));
		if (!in_list(scn_text(k), allowed)) {
			scn_join(allowed, buf, sizeof(buf));
			return scn_fail(p, scn_line(k), "unknown key \"%s\" in %s; allowed: %s",
					scn_text(k), what, buf);
		}
		for (q = n->data.mapping.pairs.start; q < pr; q++)
			if (strcmp(scn_text(scn_node(p, q->key)), scn_text(k)) == 0)
				return scn_fail(p, scn_line(k),
						"duplicate key \"%s\" in %s (first at line %d)",
						scn_text(k), what, scn_line(scn_node(p, q->key)));
	}
	return 0;
}

yaml_node_t *scn_map_get(scn_p *p, yaml_node_t *n, const char *key, int *kline)
{
	yaml_node_pair_t *pr;

	for (pr = n->data.mapping.pairs.start; pr < n->data.mapping.pairs.top; pr++) {
		yaml_node_t *k = scn_node(p, pr->key);

		if (k && k->type == YAML_SCALAR_NODE && strcmp(scn_text(k), key) == 0) {
			if (kline)
				*kline = scn_line(k);
			return scn_node(p, pr->value);
		}
	}
	return NULL;
}

int scn_map_need(scn_p *p, yaml_node_t *n, const char *key, int line, const char *what,
		 yaml_node_t **out)
{
	*out = scn_map_get(p, n, key, NULL);
	if (!*out)
		return scn_fail(p, line, "missing required key \"%s\" in %s", key, what);
	return 0;
}

int scn_one_of(scn_p *p, yaml_node_t *n, const char *what, const char *role,
	       const char *const *keys, int line, bool optional, int *which)
{
	char buf[SCN_ALLOWED_LEN];
	int first = -1, fline = 0, kline;

	scn_join(keys, buf, sizeof(buf));
	for (int i = 0; keys[i]; i++) {
		if (!scn_map_get(p, n, keys[i], &kline))
			continue;
		if (first < 0) {
			first = i;
			fline = kline;
			continue;
		}
		/* Told at the later of the two, naming both in file order. */
		if (kline < fline)
			return scn_fail(p, fline,
					"%s has two %ss, \"%s\" (line %d) and \"%s\"; "
					"give %s one of: %s",
					what, role, keys[i], kline, keys[first],
					optional ? "at most" : "exactly", buf);
		return scn_fail(p, kline,
				"%s has two %ss, \"%s\" (line %d) and \"%s\"; "
				"give %s one of: %s",
				what, role, keys[first], fline, keys[i],
				optional ? "at most" : "exactly", buf);
	}
	if (first < 0 && !optional)
		return scn_fail(p, line, "%s has no %s; give exactly one of: %s", what, role, buf);
	*which = first;
	return 0;
}
