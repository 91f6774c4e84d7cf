/*
 * drive.h - a tiny fake host that drives a provider .so through the paths
 * of contract.md by feeding engine events straight into ops->on_event
 * (virtual clock, no simulator), makes client calls as the owner, an
 * administrator and a stranger at chosen moments, and feeds every
 * observation to a checker.
 */
#ifndef SRH_TEST_DRIVE_H
#define SRH_TEST_DRIVE_H

#include <stdbool.h>
#include <stdint.h>

#include "check.h"
#include "srh/prov_abi.h"

typedef struct drv {
	uint64_t now;
	const prov_ops *ops;
	prov_ctx *ctx;
	prov_host host;
	prov_config cfg;
	char dir[64];
	char store[96];
	srh_checker *chk;
} drv;

/* Open the provider of ops on a new store in a temp dir, with options. */
void drv_open(drv *d, const prov_ops *ops, const char *options);
/* The same with an in-memory store (nothing to clean up if the process
 * dies in the provider). */
void drv_open_mem(drv *d, const prov_ops *ops);
/* Close the provider, remove the store, free the checker. */
void drv_close(drv *d);
/* Run every path of contract.md (see drive.c). */
void drv_all_paths(drv *d);
/* Print each violation to stderr. */
void drv_dump(const drv *d);

#endif
