/*
 * srh_errcopy.h - copies of what a provider returned, safe against a
 * hostile provider: strings are cut at SRH_CHECK_MAX_STR bytes, arrays at
 * SRH_CHECK_MAX_ARRAY entries, a NULL array with a count is empty. The
 * copy belongs to the runner (cim_error_free), so the provider's own
 * memory can be given back at once with its free op.
 */
#ifndef SRH_ERRCOPY_H
#define SRH_ERRCOPY_H

#include "srh/cim.h"

/* A bounded deep copy of e. NULL for NULL e; on allocation failure
 * returns NULL. */
cim_error *srh_error_copy(const cim_error *e);

#endif
