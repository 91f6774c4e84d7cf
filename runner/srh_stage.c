/*
 * srh_stage.c - the stage's provider and life cycle: load (built-in or
 * .so), a job store that survives a restart, open with a reason made safe,
 * attach to the simulator with the driver's event hook, restart, free.
 */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "srh_rcdesc.h"
#include "srh_stage_int.h"
#include "srh_util.h"
#include "srh_workdir.h"
#include "srprov_ref.h"
#include "srh/cim_fmt.h"

static const char *const store_suffixes[] = {"", "-wal", "-shm", "-journal", NULL};

void srh_stage_opts_default(srh_stage_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->seed = 1;
}

/* Cut s so it ends on a whole UTF-8 sequence (after snprintf cut it). */
static void cut_utf8(char *s)
{
	size_t n = strlen(s), p = n, need;
	unsigned char b;

	while (p > 0 && n - p < 4 && ((unsigned char)s[p - 1] & 0xC0u) == 0x80u)
		p--;
	if (p == 0)
		return;
	b = (unsigned char)s[p - 1];
	if (b < 0x80)
		return;
	need = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2;
	if (n - (p - 1) < need)
		s[p - 1] = '\0';
}

int srh_stage_new(const srh_stage_opts *o, srh_stage **out, char *err, size_t errlen)
{
	srh_stage *st = malloc(sizeof(*st));
	int rc;

	*out = NULL;
	if (!st) {
		cim_fmt(err, errlen, "out of memory");
		return -1;
	}
	memset(st, 0, offsetof(srh_stage, dir));
	st->dir[0] = st->store[0] = st->options[0] = '\0';
	st->o = *o;
	if (o->provider_path) {
		rc = prov_load(o->provider_path, &st->lib, err, errlen);
		if (rc == 0)
			st->ops = prov_lib_ops(st->lib);
	} else {
		rc = prov_from_entry(srh_provider_entry, &st->ops, err, errlen);
	}
	if (rc != 0) {
		free(st);
		return -1;
	}
	*out = st;
	return 0;
}

const char *srh_stage_provider_name(const srh_stage *st)
{
	return st->ops->name;
}

/* One of the store's files; absent is the normal case (no WAL, no
 * journal), and the store itself is a directory for a directory fixture. */
static void remove_file(const char *f)
{
	if (unlink(f) != 0 && errno != ENOENT && (errno != EISDIR || rmdir(f) != 0))
		fprintf(stderr, "srh: cannot remove %s: %s\n", f, strerror(errno));
}

static void store_remove(const srh_stage *st)
{
	char f[PATH_MAX + 16];

	if (!st->store[0])
		return;
	for (size_t i = 0; store_suffixes[i]; i++) {
		cim_fmt(f, sizeof(f), "%s%s", st->store, store_suffixes[i]);
		remove_file(f);
	}
}

/* The directory the stage made, and the store in it: the store file, then
 * the directory, which is empty unless something was left beside the
 * store (a WAL, -shm or journal file of a provider that did not close
 * cleanly): only then are those removed by name and the directory again.
 * A clean run so spares three unlinks of absent files, each a path lookup
 * (docs/SCALE.md, fifth round). */
static void own_dir_remove(const srh_stage *st)
{
	if (st->store[0])
		remove_file(st->store);
	if (rmdir(st->dir) == 0)
		return;
	if (errno == ENOTEMPTY || errno == EEXIST) {
		store_remove(st);
		if (rmdir(st->dir) == 0)
			return;
	}
	fprintf(stderr, "srh: cannot remove %s: %s\n", st->dir, strerror(errno));
}

static int store_prepare(srh_stage *st, char *err, size_t errlen)
{
	int n;

	if (st->o.workdir) {
		n = cim_fmt(st->dir, sizeof(st->dir), "%s", st->o.workdir);
	} else {
		if (srh_workdir_make(st->dir, sizeof(st->dir), "run-") != 0) {
			cim_fmt(err, errlen, "cannot make a directory for the job store in %s: %s",
				srh_tmpdir(), strerror(errno));
			return -1;
		}
		n = (int)strlen(st->dir);
		st->own_dir = true;
	}
	if (n < 0 || (size_t)n >= sizeof(st->dir) ||
	    cim_fmt(st->store, sizeof(st->store), "%s/jobs.db", st->dir) >=
		(int)sizeof(st->store)) {
		cim_fmt(err, errlen, "job store path too long");
		return -1;
	}
	/* A leftover of an earlier run in a given directory; a directory
	 * made here is new and empty (four unlinks less a run). */
	if (!st->own_dir)
		store_remove(st);
	return 0;
}

/* The provider's open(), its reason made safe: a hostile provider may
 * leave the buffer unterminated, not UTF-8, or fill it to the brim. */
static int open_ctx(srh_stage *st, char *err, size_t errlen)
{
	char why[SRH_STAGE_ERRLEN] = "";
	char *safe;
	int fail = 0;

	st->ctx = st->ops->open(&st->cfg, why, sizeof(why));
	st->refused = !st->ctx;
	if (st->ctx)
		return 0;
	why[sizeof(why) - 1] = '\0';
	safe = why[0] ? srh_text_safe(why, &fail) : NULL;
	cim_fmt(err, errlen, "provider %s would not open: %s", st->ops->name,
		safe ? safe : "(no reason given)");
	cut_utf8(err);
	free(safe);
	return -1;
}

int srh_stage_forward(srh_stage *st, const prov_event *ev)
{
	if (ev && st->o.on_event)
		st->o.on_event(st->o.event_arg, ev);
	if (!st->ctx)
		return -1;
	return st->ops->on_event(st->ctx, ev);
}

/* The simulator hands back the pointer attached: the stage. */
static int stage_on_event(prov_ctx *ctx, const prov_event *ev)
{
	srh_stage *st = (srh_stage *)(void *)ctx;

	if (st->want.events == SCN_HOST_EV_ENGINE)
		return srh_stage_forward(st, ev);
	return srh_stage_events(st, ev);
}

static int attach(srh_stage *st, char *err, size_t errlen)
{
	if (sim_attach_provider(st->s, &st->wrap, (prov_ctx *)(void *)st) != 0) {
		cim_fmt(err, errlen, "the simulator refused the provider's ops table");
		return -1;
	}
	return 0;
}

int srh_stage_open(srh_stage *st, const char *options, char *err, size_t errlen)
{
	const prov_ops *o = st->ops;
	size_t n = o->struct_size < sizeof(prov_ops) ? o->struct_size : sizeof(prov_ops);

	/* A run that never restarts the provider needs no file: an in-memory
	 * store (store_path NULL) spares a directory, a file and fsyncs. */
	if (!st->o.store_path && st->o.persist && store_prepare(st, err, errlen) != 0)
		return -1;
	if (st->o.store_from && st->store[0] &&
	    srh_stage_store_from(st->o.store_from, st->store, err, errlen) != 0)
		return -1;
	st->o.store_from = NULL; /* the caller's buffer: read here, once */
	if (options &&
	    cim_fmt(st->options, sizeof(st->options), "%s", options) >= (int)sizeof(st->options)) {
		cim_fmt(err, errlen, "provider options too long");
		return -1;
	}
	srh_stage_host(st);
	st->cfg.store_path = st->o.store_path ? st->o.store_path : st->store[0] ? st->store : NULL;
	st->cfg.profile_path = st->o.profile_path;
	st->cfg.options = options ? st->options : NULL;
	/* The run's own store file: nothing else opens it while the run
	 * lasts. A caller's store_path (srh serve --store) may be read by an
	 * operator meanwhile. */
	st->cfg.flags = st->cfg.store_path == st->store ? PROV_CFG_STORE_PRIVATE : 0;
	/* Under fiu-run (its preload's environment) libfiu may be driven from
	 * outside the process, where the caller cannot see it arm a point. */
	if (st->o.no_faults && !getenv("FIU_ENABLE") && !getenv("FIU_CTRL_FIFO"))
		st->cfg.flags |= PROV_CFG_NO_FAULTS;
	memset(&st->wrap, 0, sizeof(st->wrap));
	memcpy(&st->wrap, o, n);
	st->wrap.abi_version = PROV_ABI_VERSION;
	st->wrap.struct_size = sizeof(prov_ops);
	st->wrap.on_event = stage_on_event;
	if (open_ctx(st, err, errlen) != 0)
		return -1;
	return attach(st, err, errlen);
}

int srh_stage_restart(srh_stage *st, char *err, size_t errlen)
{
	if (!st->s) {
		cim_fmt(err, errlen, "nothing built to restart");
		return -1;
	}
	sim_detach_provider(st->s);
	if (st->ctx)
		st->ops->close(st->ctx);
	st->ctx = NULL;
	if (open_ctx(st, err, errlen) != 0)
		return -1;
	if (attach(st, err, errlen) != 0) {
		cim_fmt(err, errlen, "sim_attach_provider failed");
		return -1;
	}
	return 0;
}

void srh_stage_free(srh_stage *st)
{
	if (!st)
		return;
	if (st->s)
		sim_detach_provider(st->s);
	if (st->ctx)
		st->ops->close(st->ctx);
	st->ctx = NULL;
	if (st->own_dir && st->dir[0])
		own_dir_remove(st);
	else
		store_remove(st);
	sim_free(st->s);
	prov_unload(st->lib);
	free(st);
}

bool srh_stage_refused(const srh_stage *st)
{
	return st && st->refused;
}

sim *srh_stage_sim(srh_stage *st)
{
	return st->s;
}

uint64_t srh_stage_job_id(const srh_stage *st)
{
	return st->job_id;
}

const char *srh_stage_job_iid(const srh_stage *st)
{
	return st->iid;
}

const char *srh_stage_owner(const srh_stage *st)
{
	return st->owner;
}

prov_principal srh_stage_who(const srh_stage *st, srh_stage_role r)
{
	switch (r) {
	case SRH_STAGE_OWNER:
		return (prov_principal){st->owner, 0};
	case SRH_STAGE_OTHER:
		return (prov_principal){st->other, 0};
	default:
		return (prov_principal){"srh-admin", 1};
	}
}

bool srh_stage_has_get_errors(const srh_stage *st)
{
	return st->ctx && st->ops->get_errors && st->ops->free_errors &&
	       (st->ops->capabilities(st->ctx) & PROV_CAP_GET_ERRORS);
}

int srh_stage_advance(srh_stage *st, uint64_t ns)
{
	if (!st->s) {
		errno = EINVAL;
		return -1;
	}
	return sim_advance(st->s, ns) < 0 ? -1 : 0;
}

int srh_stage_instance_id(srh_stage *st, const char *job_key, char *buf, size_t len)
{
	if (!st->ctx || !job_key || len == 0 ||
	    st->ops->instance_id(st->ctx, job_key, buf, len) != 0)
		return -1;
	buf[len - 1] = '\0';
	return 0;
}
