/*
 * srh/prov_load.h - host side of the provider ABI: load a provider .so (or
 * take a statically linked entry function) and check its ops table before
 * the harness calls anything in it. Not part of the vendor SDK.
 *
 * Checks: the entry symbol PROV_ENTRY_SYMBOL exists and returns a table;
 * the table has this host's ABI major and a minor >= PROV_ABI_OPS_MINOR; its
 * struct_size covers every field the host reads; it has a name; and every
 * required op is set: open, close, capabilities, on_event, instance_id,
 * get_error, request_state_change, get_instance, enumerate_instances,
 * free_error, free_job, free_jobs. get_errors / free_errors are optional
 * here: a caller must check them when capabilities() says
 * PROV_CAP_GET_ERRORS. rc_description and version are optional.
 */
#ifndef SRH_PROV_LOAD_H
#define SRH_PROV_LOAD_H

#include <stddef.h>

#include "srh/prov_abi.h"

#ifdef __cplusplus
extern "C" {
#endif

/* A loaded provider library. */
typedef struct prov_lib prov_lib;

/*
 * dlopen (RTLD_NOW | RTLD_LOCAL) the provider at path (a bare file name is
 * taken relative to the working directory, never searched for), call its
 * entry with PROV_ABI_VERSION and validate the table. Returns 0 and sets
 * *out. On error returns -1, leaves *out NULL, unloads the library and
 * writes one line "PATH: reason" into err (errlen bytes; err may be NULL).
 */
int prov_load(const char *path, prov_lib **out, char *err, size_t errlen);

/* The validated ops table of a loaded library (never NULL). */
const prov_ops *prov_lib_ops(const prov_lib *lib);
/* The path the library was loaded from, as given to prov_load. */
const char *prov_lib_path(const prov_lib *lib);

/* dlclose the library and free the handle. NULL is ignored. The caller
 * must have closed every prov_ctx opened through its ops first. */
void prov_unload(prov_lib *lib);

/*
 * The same validation for a statically linked provider: calls entry with
 * PROV_ABI_VERSION. Returns 0 and sets *out. On error returns -1, leaves
 * *out NULL and writes one line (the reason, no path) into err.
 */
int prov_from_entry(prov_entry_fn entry, const prov_ops **out, char *err, size_t errlen);

#ifdef __cplusplus
}
#endif
#endif /* SRH_PROV_LOAD_H */
