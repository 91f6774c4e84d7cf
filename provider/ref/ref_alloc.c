/*
 * ref_alloc.c - the allocation sites of a CIM_Error build, each one a hit
 * of PROV_FP_ERROR_ALLOC, so a test can make any of them fail and watch the
 * caller clean up (GetError -> 2 Unspecified Error, nothing leaked).
 */
#include <stdlib.h>
#include <string.h>

#include "ref_fault.h"

#include "ref.h"
#include "srh/prov_faults.h"

void *ref_ealloc(size_t n)
{
	ref_fiu_return_on(PROV_FP_ERROR_ALLOC, NULL);
	return calloc(1, n ? n : 1);
}

void *ref_erealloc(void *p, size_t n)
{
	ref_fiu_return_on(PROV_FP_ERROR_ALLOC, NULL);
	return realloc(p, n ? n : 1);
}

char *ref_estrdup(const char *s)
{
	if (!s)
		return NULL;
	size_t n = strlen(s) + 1;
	char *d = ref_ealloc(n);
	if (d)
		memcpy(d, s, n);
	return d;
}

/* The client's copy is built with libsrcim's deep copy; the point sits in
 * front of it because the copy is this call's allocation. */
cim_error *ref_error_clone(const cim_error *e)
{
	ref_fiu_return_on(PROV_FP_ERROR_ALLOC, NULL);
	return cim_error_dup(e);
}
