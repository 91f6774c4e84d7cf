/*
 * srh_sweep_int.h - what the sweep's loop (srh_sweep.c) and its case
 * models (srh_sweep_model.c) share. Private to runner/.
 */
#ifndef SRH_SWEEP_INT_H
#define SRH_SWEEP_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "scn.h"

#define SWEEP_NAME 160
#define SWEEP_YAML 2048

typedef struct sweep_case {
	const char *kind;
	const char *point; /* NULL: the clean run */
	uint64_t nth;
	bool persistent;
	char name[SWEEP_NAME];
} sweep_case;

/* The parsed model of each case, for the workers to inherit. */
typedef struct sweep_models {
	scn_scenario **base; /* parsed: one per (kind, fault or not, persistent) */
	size_t n_base;
	scn_scenario *m; /* one per case; shallow copies of a base */
	scn_fault *f;	 /* each case's fault, when it has one */
} sweep_models;

/* A model per case k[0..n), whose generated YAML is yaml[i] (named
 * k[i].name): the first case of each shape is parsed, the others are that
 * model with their own name, point and nth, which the YAML differs in
 * only (same lines, so file:line stays true). Returns 0; -1 when memory
 * runs out or a YAML does not parse (then *out is empty and the workers
 * parse the text themselves). */
int srh_sweep_models(const sweep_case *k, size_t n, const char (*yaml)[SWEEP_YAML],
		     sweep_models *out);
void srh_sweep_models_free(sweep_models *ms);

#endif
