/*
 * prov_load.c - load and validate a provider's ops table. A vendor .so is
 * untrusted input: everything the harness later calls without checking is
 * checked here once, and every rejection says why in one line.
 */
#include "srh/prov_load.h"

#include <dlfcn.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct prov_lib {
	void *handle;
	const prov_ops *ops;
	char *path;
};

/* Bytes of prov_ops this host reads: up to and including free_jobs. */
#define PROV_OPS_NEEDED (offsetof(prov_ops, free_jobs) + sizeof(((prov_ops *)0)->free_jobs))

#define PROV_OP_(field)                                                                            \
	{                                                                                          \
#field, offsetof(prov_ops, field)                                                  \
	}
static const struct {
	const char *name;
	size_t offset;
} prov_required_ops[] = {
    PROV_OP_(open),
    PROV_OP_(close),
    PROV_OP_(capabilities),
    PROV_OP_(on_event),
    PROV_OP_(instance_id),
    PROV_OP_(get_error),
    PROV_OP_(request_state_change),
    PROV_OP_(get_instance),
    PROV_OP_(enumerate_instances),
    PROV_OP_(free_error),
    PROV_OP_(free_job),
    PROV_OP_(free_jobs),
};
#undef PROV_OP_

static void prov_err(char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void prov_err(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (!err || errlen == 0)
		return;
	va_start(ap, fmt);
	/* Truncation is acceptable: the message is for humans. */
	(void)vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

/* Function pointers in the table are read through their offsets so the
 * list of required ops stays one table, not twelve if statements. */
static const char *prov_missing_op(const prov_ops *ops)
{
	for (size_t i = 0; i < sizeof(prov_required_ops) / sizeof(prov_required_ops[0]); i++) {
		void (*fn)(void);

		memcpy(&fn, (const char *)ops + prov_required_ops[i].offset, sizeof(fn));
		if (!fn)
			return prov_required_ops[i].name;
	}
	return NULL;
}

/* The minor check compares through a variable: with PROV_ABI_OPS_MINOR 0
 * a literal "minor < 0u" would be flagged as always false. */
static const uint32_t prov_host_minor = PROV_ABI_OPS_MINOR;

static int prov_validate(const prov_ops *ops, char *err, size_t errlen)
{
	uint32_t major, minor;
	const char *missing;

	if (!ops) {
		prov_err(err, errlen, "%s() returned NULL: provider cannot serve ABI %u.%u",
			 PROV_ENTRY_SYMBOL, PROV_ABI_MAJOR, PROV_ABI_MINOR);
		return -1;
	}
	major = ops->abi_version >> 16;
	minor = ops->abi_version & 0xFFFFu;
	if (major != PROV_ABI_MAJOR) {
		prov_err(err, errlen, "ABI major %u, harness speaks %u", (unsigned)major,
			 PROV_ABI_MAJOR);
		return -1;
	}
	if (minor < prov_host_minor) {
		prov_err(err, errlen, "ABI %u.%u, harness needs %u.%u or later", (unsigned)major,
			 (unsigned)minor, PROV_ABI_MAJOR, PROV_ABI_OPS_MINOR);
		return -1;
	}
	if (ops->struct_size < PROV_OPS_NEEDED) {
		prov_err(err, errlen, "ops table is %u bytes, harness needs at least %zu",
			 (unsigned)ops->struct_size, (size_t)PROV_OPS_NEEDED);
		return -1;
	}
	if (!ops->name) {
		prov_err(err, errlen, "ops table has no name");
		return -1;
	}
	missing = prov_missing_op(ops);
	if (missing) {
		prov_err(err, errlen, "required op '%s' is NULL", missing);
		return -1;
	}
	return 0;
}

int prov_from_entry(prov_entry_fn entry, const prov_ops **out, char *err, size_t errlen)
{
	const prov_ops *ops;

	*out = NULL;
	if (!entry) {
		prov_err(err, errlen, "no entry function");
		return -1;
	}
	ops = entry(PROV_ABI_VERSION);
	if (prov_validate(ops, err, errlen) != 0)
		return -1;
	*out = ops;
	return 0;
}

/* dlopen searches the library path for a name without '/': a provider
 * given on the command line is a file, so make it one. */
static void *prov_dlopen(const char *path, char *err, size_t errlen)
{
	char *rel = NULL;
	void *h = NULL;
	const char *msg;

	if (!strchr(path, '/')) {
		rel = malloc(strlen(path) + 3);
		if (!rel) {
			prov_err(err, errlen, "%s: out of memory", path);
			goto out;
		}
		strcpy(rel, "./");
		strcat(rel, path);
	}
	h = dlopen(rel ? rel : path, RTLD_NOW | RTLD_LOCAL);
	if (!h) {
		msg = dlerror();
		prov_err(err, errlen, "%s: cannot load: %s", path, msg ? msg : "unknown error");
	}
out:
	free(rel);
	return h;
}

/* The entry symbol, or NULL. POSIX lets a void * from dlsym hold a
 * function address; memcpy avoids the object-to-function cast. */
static prov_entry_fn prov_dlsym_entry(void *h)
{
	prov_entry_fn fn = NULL;
	void *sym;

	(void)dlerror();
	sym = dlsym(h, PROV_ENTRY_SYMBOL);
	if (sym)
		memcpy(&fn, &sym, sizeof(fn));
	return fn;
}

int prov_load(const char *path, prov_lib **out, char *err, size_t errlen)
{
	char why[256];
	prov_lib *lib = NULL;
	prov_entry_fn entry;
	int rc = -1;

	*out = NULL;
	if (!path) {
		prov_err(err, errlen, "(null): no provider path");
		return -1;
	}
	lib = calloc(1, sizeof(*lib));
	if (!lib || !(lib->path = strdup(path))) {
		prov_err(err, errlen, "%s: out of memory", path);
		goto out;
	}
	lib->handle = prov_dlopen(path, err, errlen);
	if (!lib->handle)
		goto out;
	entry = prov_dlsym_entry(lib->handle);
	if (!entry) {
		prov_err(err, errlen, "%s: no symbol %s (not an srh provider?)", path,
			 PROV_ENTRY_SYMBOL);
		goto out;
	}
	if (prov_from_entry(entry, &lib->ops, why, sizeof(why)) != 0) {
		prov_err(err, errlen, "%s: %s", path, why);
		goto out;
	}
	*out = lib;
	lib = NULL;
	rc = 0;
out:
	prov_unload(lib);
	return rc;
}

const prov_ops *prov_lib_ops(const prov_lib *lib)
{
	return lib ? lib->ops : NULL;
}

const char *prov_lib_path(const prov_lib *lib)
{
	return lib ? lib->path : NULL;
}

void prov_unload(prov_lib *lib)
{
	if (!lib)
		return;
	/* dlclose failing leaves the code mapped; nothing more to undo. */
	if (lib->handle)
		(void)dlclose(lib->handle);
	free(lib->path);
	free(lib);
}
