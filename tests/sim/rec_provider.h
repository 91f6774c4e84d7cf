/*
 * rec_provider.h - a minimal provider for the simulator's tests: it
 * implements only on_event and records every event it gets (a copy of the
 * fields), so tests can check what the engine sent and when.
 */
#ifndef SIM_TEST_REC_PROVIDER_H
#define SIM_TEST_REC_PROVIDER_H

#include <stddef.h>
#include <stdint.h>

#include "srh/prov_abi.h"

typedef struct rec_event {
	uint32_t kind;
	uint64_t t;
	char job[24];
	char job_kind[32];
	char phase[32];
	uint16_t pct;
	uint16_t state;
	char fclass[32];
	int err_no;
	int transient;
	char volume[64];
	char detail[256];
	char by[64];
	uint64_t tbr;
	int doc;
} rec_event;

struct prov_ctx {
	rec_event *ev;
	size_t n, cap;
	int reject; /* 1: on_event returns -1 */
	const prov_host *host;
	int rq_in_event; /* call host->request_state from on_event */
	int rq_rc;	 /* what it returned */
};

const prov_ops *rec_ops(void);
/* Index of the first event of kind at or after from, or -1. */
long rec_find(const prov_ctx *c, uint32_t kind, size_t from);
size_t rec_count(const prov_ctx *c, uint32_t kind);

#endif
