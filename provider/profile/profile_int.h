/*
 * profile_int.h - internals of srprofile shared by its files: the parse
 * context and the steps of a load.
 */
#ifndef SRH_PROFILE_INT_H
#define SRH_PROFILE_INT_H

#include <stdbool.h>
#include <stddef.h>

#include <yaml.h>

#include "srh/prov_profile.h"

typedef struct pf_ctx {
	const char *path;
	yaml_document_t *doc;
	char *err;
	size_t errlen;
} pf_ctx;

/* Write "path:line: message" (line of n, or 1) into the error buffer.
 * Always returns -1, so a caller can `return pf_err(...)`. */
int pf_err(pf_ctx *c, const yaml_node_t *n, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
yaml_node_t *pf_node(pf_ctx *c, int i);
/* The text of a scalar node, NULL for a mapping or sequence. */
const char *pf_scalar(const yaml_node_t *n);

/* A string property (tmpl: check its placeholders) into *out, which must
 * still be NULL. Returns 0, or -1 with the error written. */
int pf_str_value(pf_ctx *c, const yaml_node_t *n, const char *key, bool tmpl, char **out);

/* The Classes mapping into pf->cls (prov_profile_parse.c). Returns 0, or
 * -1 with the error written; what was parsed stays in pf for the caller to
 * free. */
int pf_parse_classes(pf_ctx *c, yaml_node_t *n, prov_profile *pf);

/* Build pf->tmpl from pf->cls (prov_profile_expect.c). Returns 0, or -1
 * when memory runs out (pf->tmpl then holds what was built). */
int pf_build_templates(prov_profile *pf);
void pf_free_templates(prov_profile *pf);

#endif /* SRH_PROFILE_INT_H */
