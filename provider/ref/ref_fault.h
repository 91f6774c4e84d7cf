/*
 * ref_fault.h - the reference provider's fault points (prov_faults.h)
 * asked of libfiu only when someone may have armed one.
 *
 * libfiu 1.1 has no cheap "is anything enabled?": once fiu_init() ran,
 * each fiu_fail() takes a read lock and looks the name up in its table
 * (some 700 instructions), armed or not, and a run passes dozens of
 * points. A host that arms no provider point for an instance says so
 * (PROV_CFG_NO_FAULTS, prov_abi.h); while every open instance of the
 * process said so, the checks are skipped. Before any instance is open
 * (unit tests calling the store directly) they are asked, as they are
 * while one instance without the flag is open.
 */
#ifndef SRPROV_REF_FAULT_H
#define SRPROV_REF_FAULT_H

#include <stdbool.h>

#include <fiu.h>

#include "srh/prov_abi.h"

/* An instance opened with cfg: counts it as one that may see faults or
 * not, and returns which (true: the host arms none), for
 * ref_faults_leave. Cannot fail. */
bool ref_faults_enter(const prov_config *cfg);
/* The instance entered with quiet closes. Cannot fail. */
void ref_faults_leave(bool quiet);
/* Is any provider fault point worth asking libfiu about now? */
bool ref_faults_live(void);

#ifdef FIU_ENABLE
#define ref_fiu_do_on(name, action)                                                                \
	do {                                                                                       \
		if (ref_faults_live() && fiu_fail(name)) {                                         \
			action;                                                                    \
		}                                                                                  \
	} while (0)
#else
#define ref_fiu_do_on(name, action)                                                                \
	do {                                                                                       \
	} while (0)
#endif
#define ref_fiu_return_on(name, retval) ref_fiu_do_on(name, return retval)

#endif /* SRPROV_REF_FAULT_H */
