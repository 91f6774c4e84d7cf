/*
 * prov_profile_load.c - open a profile file: YAML document, the root
 * mapping (OwningEntity, JobError, Classes), then the expected Errors built
 * from it.
 *
 * The file is YAML (see provider/profiles/reference.yaml):
 *   OwningEntity: SRSIM
 *   Classes:
 *     io_error:
 *       ErrorType: Hardware Error      # a ValueMap name or its number
 *       ...
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "profile_int.h"

#ifndef PROV_PROFILE_DEFAULT_PATH
#error "PROV_PROFILE_DEFAULT_PATH (path of provider/profiles/reference.yaml) must be defined"
#endif

const char *prov_profile_default_path(void)
{
	return PROV_PROFILE_DEFAULT_PATH;
}

static int parse_root(pf_ctx *c, prov_profile *pf)
{
	yaml_node_t *root = yaml_document_get_root_node(c->doc);
	bool classes = false;

	if (!root || root->type != YAML_MAPPING_NODE)
		return pf_err(c, root,
			      "the profile must be a mapping with OwningEntity and Classes");
	for (yaml_node_pair_t *p = root->data.mapping.pairs.start; p < root->data.mapping.pairs.top;
	     p++) {
		yaml_node_t *k = pf_node(c, p->key), *v = pf_node(c, p->value);
		const char *ks = pf_scalar(k);
		if (ks && strcmp(ks, "OwningEntity") == 0) {
			if (pf_str_value(c, v, ks, false, &pf->owning_entity) != 0)
				return -1;
		} else if (ks && strcmp(ks, "Classes") == 0) {
			if (classes)
				return pf_err(c, k, "Classes given twice");
			classes = true;
			if (pf_parse_classes(c, v, pf) != 0)
				return -1;
		} else if (ks && strcmp(ks, "JobError") == 0) {
			/* The one way the job instance may carry its Error. */
			if (!pf_scalar(v) || strcmp(pf_scalar(v), "Message") != 0)
				return pf_err(c, v, "JobError must be Message");
			pf->job_error_message = true;
		} else {
			return pf_err(c, k,
				      "unknown key '%s' (allowed: OwningEntity, JobError, Classes)",
				      ks ? ks : "?");
		}
	}
	if (!pf->owning_entity)
		return pf_err(c, root, "missing field OwningEntity");
	if (!classes)
		return pf_err(c, root, "missing field Classes");
	return 0;
}

static int load_doc(pf_ctx *c, FILE *f, prov_profile *pf)
{
	yaml_parser_t parser;
	yaml_document_t doc;
	int rc = -1;

	if (!yaml_parser_initialize(&parser)) {
		snprintf(c->err, c->errlen, "%s: cannot initialise the YAML parser", c->path);
		return -1;
	}
	yaml_parser_set_input_file(&parser, f);
	if (!yaml_parser_load(&parser, &doc)) {
		snprintf(c->err, c->errlen, "%s:%lu: %s", c->path,
			 (unsigned long)parser.problem_mark.line + 1,
			 parser.problem ? parser.problem : "YAML syntax error");
		goto out;
	}
	c->doc = &doc;
	rc = parse_root(c, pf);
	yaml_document_delete(&doc);
out:
	yaml_parser_delete(&parser);
	return rc;
}

/* Parse the open file f into a new profile with its templates. */
static prov_profile *load_file(pf_ctx *c, FILE *f)
{
	prov_profile *pf = calloc(1, sizeof *pf);

	if (!pf) {
		snprintf(c->err, c->errlen, "%s: out of memory", c->path);
		return NULL;
	}
	if (load_doc(c, f, pf) != 0)
		goto fail;
	if (pf_build_templates(pf) != 0) {
		snprintf(c->err, c->errlen, "%s: out of memory", c->path);
		goto fail;
	}
	return pf;
fail:
	prov_profile_free(pf);
	return NULL;
}

prov_profile *prov_profile_load(const char *path, char *err, size_t errlen)
{
	pf_ctx c = {
	    .path = path ? path : prov_profile_default_path(), .err = err, .errlen = errlen};
	prov_profile *pf = NULL;
	FILE *f = fopen(c.path, "rb");

	if (!f) {
		snprintf(err, errlen, "%s: cannot open profile: %s", c.path, strerror(errno));
		return NULL;
	}
	pf = load_file(&c, f);
	if (fclose(f) != 0 && pf) {
		snprintf(err, errlen, "%s: close failed: %s", c.path, strerror(errno));
		prov_profile_free(pf);
		pf = NULL;
	}
	return pf;
}

void prov_profile_free(prov_profile *pf)
{
	if (!pf)
		return;
	for (int i = 0; i < PROV_FC_COUNT; i++) {
		prov_profile_class *cp = &pf->cls[i];
		free(cp->other_error_type);
		free(cp->pcd);
		free(cp->message_id);
		free(cp->message);
		for (size_t j = 0; j < cp->n_actions; j++)
			free(cp->actions[j]);
		free(cp->actions);
	}
	pf_free_templates(pf);
	free(pf->owning_entity);
	free(pf);
}
