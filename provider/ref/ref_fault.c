/*
 * ref_fault.c - how many open instances may see a provider fault point
 * (ref_fault.h says why it is counted).
 */
#include <stdatomic.h>

#include "ref_fault.h"

/* Open instances whose host arms no provider point (quiet) and the others
 * (loud). Relaxed: a host arms a point before the call it is meant for,
 * on the thread making that call, after the open that counted. */
static atomic_uint quiet_n, loud_n;

bool ref_faults_enter(const prov_config *cfg)
{
	/* cfg->flags exists from ABI 1.1 on. */
	bool quiet = (cfg->abi_version & 0xFFFFu) >= 1 && (cfg->flags & PROV_CFG_NO_FAULTS);

	(void)atomic_fetch_add_explicit(quiet ? &quiet_n : &loud_n, 1, memory_order_relaxed);
	return quiet;
}

void ref_faults_leave(bool quiet)
{
	(void)atomic_fetch_sub_explicit(quiet ? &quiet_n : &loud_n, 1, memory_order_relaxed);
}

bool ref_faults_live(void)
{
	return atomic_load_explicit(&loud_n, memory_order_relaxed) != 0 ||
	       atomic_load_explicit(&quiet_n, memory_order_relaxed) == 0;
}
