/*
 * srh_prov.c - the provider under test: the built-in reference provider
 * or a .so, opened on a per-run job store so a restart finds its jobs.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "srh_run_int.h"
#include "srprov_ref.h"

static const char *const store_suffixes[] = {"", "-wal", "-shm", "-journal", NULL};

int srh_prov_load(srh_prov *p, const char *path, char *err, size_t errlen)
{
	if (path)
		return prov_load(path, &p->lib, err, errlen) == 0
			   ? (p->ops = prov_lib_ops(p->lib), 0)
			   : -1;
	return prov_from_entry(srh_provider_entry, &p->ops, err, errlen);
}

static void store_remove(const srh_prov *p)
{
	char f[PATH_MAX + 16];

	if (!p->store[0])
		return;
	for (size_t i = 0; store_suffixes[i]; i++) {
		snprintf(f, sizeof(f), "%s%s", p->store, store_suffixes[i]);
		/* Absent files are the normal case (no WAL, no journal). */
		if (unlink(f) != 0 && errno != ENOENT)
			fprintf(stderr, "srh: cannot remove %s: %s\n", f, strerror(errno));
	}
}

static int store_prepare(srh_prov *p, const char *workdir, char *err, size_t errlen)
{
	int n;

	if (workdir) {
		n = snprintf(p->dir, sizeof(p->dir), "%s", workdir);
	} else {
		n = snprintf(p->dir, sizeof(p->dir), "%s/srh-run-XXXXXX", srh_tmpdir());
		if (n > 0 && (size_t)n < sizeof(p->dir) && !mkdtemp(p->dir)) {
			snprintf(err, errlen, "cannot make a directory for the job store: %s",
				 strerror(errno));
			p->dir[0] = '\0';
			return -1;
		}
		p->own_dir = true;
	}
	if (n < 0 || (size_t)n >= sizeof(p->dir) ||
	    snprintf(p->store, sizeof(p->store), "%s/jobs.db", p->dir) >= (int)sizeof(p->store)) {
		snprintf(err, errlen, "job store path too long");
		return -1;
	}
	store_remove(p); /* a leftover of an earlier run in this directory */
	return 0;
}

int srh_prov_open(srh_prov *p, char *err, size_t errlen)
{
	char perr[SRH_ERRMSG] = "";

	p->ctx = p->ops->open(&p->cfg, perr, sizeof(perr));
	if (!p->ctx) {
		/* A hostile provider may leave perr unterminated. */
		perr[sizeof(perr) - 1] = '\0';
		snprintf(err, errlen, "provider %s would not open: %s", p->ops->name,
			 perr[0] ? perr : "(no reason given)");
		return -1;
	}
	return 0;
}

int srh_prov_start(srh_prov *p, bool persist, const char *workdir, const char *profile,
		   const char *options, const prov_host *host, char *err, size_t errlen)
{
	/* A run that never restarts the provider needs no file: an in-memory
	 * store (store_path NULL) spares a directory, a file and fsyncs. */
	if (persist && store_prepare(p, workdir, err, errlen) != 0)
		return -1;
	if (options &&
	    snprintf(p->options, sizeof(p->options), "%s", options) >= (int)sizeof(p->options)) {
		snprintf(err, errlen, "provider options too long");
		return -1;
	}
	p->cfg.abi_version = PROV_ABI_VERSION;
	p->cfg.store_path = persist ? p->store : NULL;
	p->cfg.profile_path = profile;
	p->cfg.options = options ? p->options : NULL;
	p->cfg.host = host;
	return srh_prov_open(p, err, errlen);
}

void srh_prov_close(srh_prov *p)
{
	if (p->ctx)
		p->ops->close(p->ctx);
	p->ctx = NULL;
}

void srh_prov_end(srh_prov *p)
{
	srh_prov_close(p);
	store_remove(p);
	if (p->own_dir && p->dir[0] && rmdir(p->dir) != 0)
		fprintf(stderr, "srh: cannot remove %s: %s\n", p->dir, strerror(errno));
	prov_unload(p->lib);
	p->lib = NULL;
	p->ops = NULL;
}
