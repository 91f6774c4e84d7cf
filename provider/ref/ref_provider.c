/*
 * ref_provider.c - a provider instance: open/close, engine events, the job
 * table, removal after TimeBeforeRemoval, and the lookup every client
 * operation starts with.
 *
 * Thread safety: every op takes the instance's mutex for its whole run, so
 * clients may call from many threads while the engine delivers events. The
 * mutex is recursive because a host callback made under it (query,
 * request_state) may deliver an event to this instance before it returns.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ref_fault.h"

#include "ref.h"
#include "srh/prov_faults.h"

void ref_lock(prov_ctx *p)
{
	/* Only EINVAL/EDEADLK are possible, and neither can happen with an
	 * initialised recursive mutex. */
	(void)pthread_mutex_lock(&p->lock);
}

void ref_unlock(prov_ctx *p)
{
	(void)pthread_mutex_unlock(&p->lock);
}

uint64_t ref_now(prov_ctx *p)
{
	return p->host.now(p->host.ctx);
}

static int init_lock(prov_ctx *p)
{
	pthread_mutexattr_t a;
	int rc = -1;

	if (pthread_mutexattr_init(&a) != 0)
		return -1;
	if (pthread_mutexattr_settype(&a, PTHREAD_MUTEX_RECURSIVE) == 0 &&
	    pthread_mutex_init(&p->lock, &a) == 0)
		rc = 0;
	(void)pthread_mutexattr_destroy(&a); /* cannot fail on an initialised attr */
	return rc;
}

static int check_cfg(const prov_config *cfg, char *err, size_t errlen)
{
	if (!cfg) {
		snprintf(err, errlen, "no configuration given");
		return -1;
	}
	if ((cfg->abi_version >> 16) != PROV_ABI_MAJOR) {
		snprintf(err, errlen, "host ABI major %u, this provider speaks %u",
			 (unsigned)(cfg->abi_version >> 16), (unsigned)PROV_ABI_MAJOR);
		return -1;
	}
	if (!cfg->host || !cfg->host->now) {
		snprintf(err, errlen, "host->now is required (the provider reads no wall clock)");
		return -1;
	}
	return 0;
}

static int load_jobs(prov_ctx *p, const char *path, char *err, size_t errlen)
{
	if (ref_store_load_all(p->store, &p->jobs, &p->n_jobs) != REF_OK) {
		snprintf(err, errlen, "job store '%s': cannot read its jobs",
			 path ? path : ":memory:");
		return -1;
	}
	p->cap_jobs = p->n_jobs;
	for (size_t i = 0; i < p->n_jobs; i++)
		p->jobs[i]->restored = true;
	return 0;
}

prov_ctx *ref_open(const prov_config *cfg, char *err, size_t errlen)
{
	char scratch[8];
	char oerr[384];

	if (!err || errlen == 0) {
		err = scratch;
		errlen = sizeof scratch;
	}
	if (check_cfg(cfg, err, errlen) != 0)
		return NULL;
	/* Counted before the open's own fault points are asked. */
	bool quiet = ref_faults_enter(cfg);
	prov_ctx *p = ref_open_fault() ? NULL : calloc(1, sizeof *p);
	if (!p) {
		snprintf(err, errlen, "out of memory");
		ref_faults_leave(quiet);
		return NULL;
	}
	if (ref_open_fault() || init_lock(p) != 0) {
		snprintf(err, errlen, "cannot create the instance mutex");
		free(p);
		ref_faults_leave(quiet);
		return NULL;
	}
	p->quiet_faults = quiet;
	p->host = *cfg->host;
	if (ref_opts_parse(cfg->options, &p->opts, oerr, sizeof oerr) != 0) {
		snprintf(err, errlen, "options: %s", oerr);
		goto fail;
	}
	/* NULL profile_path: provider/profiles/reference.yaml. Shared with
	 * other instances of this process: parsing it was most of an open. */
	p->profile = prov_profile_acquire(cfg->profile_path, err, errlen);
	if (!p->profile)
		goto fail;
	/* cfg->flags exists from ABI 1.1 on: an older host's struct ends
	 * before it. */
	bool private_file =
	    (cfg->abi_version & 0xFFFFu) >= 1 && (cfg->flags & PROV_CFG_STORE_PRIVATE);
	p->store = ref_store_open(cfg->store_path, private_file, err, errlen);
	if (!p->store || load_jobs(p, cfg->store_path, err, errlen) != 0)
		goto fail;
	/* Jobs whose removal time passed while the provider was closed leave
	 * the store now, not at the next call. */
	ref_sweep(p);
	return p;
fail:
	ref_close(p);
	return NULL;
}

void ref_close(prov_ctx *p)
{
	if (!p)
		return;
	/* The jobs whose writes failed are written now, so a restart sees
	 * every event; a failed flush is tried once more. If that fails too,
	 * those jobs read back after a restart as their last good write left
	 * them, as after a crash; the close goes on. */
	if (p->store && ref_flush(p) != REF_OK)
		(void)ref_flush(p);
	for (size_t i = 0; i < p->n_jobs; i++)
		ref_job_free(p->jobs[i]);
	free(p->jobs);
	ref_store_close(p->store);
	prov_profile_release(p->profile);
	(void)pthread_mutex_destroy(&p->lock); /* unlocked here: cannot fail */
	ref_faults_leave(p->quiet_faults);
	free(p);
}

/* The capability check GetError goes through; the fault point removes
 * GetError the way a provider built without it would. */
uint32_t ref_capabilities(prov_ctx *p)
{
	uint32_t caps = p->opts.caps;
	ref_fiu_do_on(PROV_FP_CAPS_GETERROR, caps &= ~PROV_CAP_GET_ERROR);
	return caps;
}

static size_t find_index(prov_ctx *p, const char *id)
{
	for (size_t i = 0; i < p->n_jobs; i++) {
		if (strcmp(p->jobs[i]->id, id) == 0)
			return i;
	}
	return p->n_jobs;
}

ref_job *ref_find(prov_ctx *p, const char *id)
{
	size_t i = find_index(p, id);
	return i < p->n_jobs ? p->jobs[i] : NULL;
}

static int add_job(prov_ctx *p, ref_job *j)
{
	if (p->n_jobs == p->cap_jobs) {
		size_t cap = p->cap_jobs ? p->cap_jobs * 2 : 16;
		ref_job **nj = realloc(p->jobs, cap * sizeof *nj);
		if (!nj)
			return -1;
		p->jobs = nj;
		p->cap_jobs = cap;
	}
	p->jobs[p->n_jobs++] = j;
	return 0;
}

/* Drops jobs[i] from memory (its store row is the caller's concern). */
static void forget(prov_ctx *p, size_t i)
{
	ref_job_free(p->jobs[i]);
	memmove(&p->jobs[i], &p->jobs[i + 1], (p->n_jobs - i - 1) * sizeof *p->jobs);
	p->n_jobs--;
}

static int on_created(prov_ctx *p, const prov_event *ev)
{
	size_t i = find_index(p, ev->job);

	/* The engine is the authority on its job ids: a job it creates under
	 * an id the store already holds (a row left by an earlier life on an
	 * engine that numbers its jobs anew) replaces that row; kept, the new
	 * job's client would be read the old job's owner and state. The new
	 * job's row overwrites the old one; the delete takes the old Error
	 * with it. If it fails that Error stays behind unread: the new job
	 * has none until it ends, and its end replaces it (and a removal
	 * deletes it). A job created twice in this life is the engine's
	 * mistake: refused. */
	if (i < p->n_jobs) {
		if (!p->jobs[i]->restored)
			return -1;
		if (ref_store_delete(p->store, p->jobs[i]->id) != REF_OK && p->jobs[i]->dirty)
			(void)ref_save(p, p->jobs[i]); /* failed too: FAULTS.md's loss */
		forget(p, i);
	}
	ref_job *j = ref_job_create(ev);
	if (!j || add_job(p, j) != 0) {
		ref_job_free(j);
		return -1;
	}
	/* A failed write keeps the job in memory, dirty: see on_update. */
	j->dirty = true;
	(void)ref_save(p, j);
	return 0;
}

/* The Error is built once, when the job ends, and stored with it: what a
 * client reads later (and after a restart) is this record. If the build
 * runs out of memory the job still ends; GetError builds it then. */
static cim_error *end_error(prov_ctx *p, ref_job *nj)
{
	char iid[REF_IID_MAX];

	if (!ref_job_has_error(nj))
		return NULL;
	ref_make_iid(p, nj->id, iid, sizeof iid);
	cim_error *e = ref_error_build(p->profile, &nj->cause, iid);
	/* A built Error always has its Message (ref_error_build). */
	if (e && !(nj->error_desc = ref_estrdup(e->message))) {
		cim_error_free(e);
		return NULL;
	}
	return e;
}

/* A progress step changes only PercentComplete, in memory: the row is
 * written behind, at the job's next save (a state change or its end, which
 * write the whole row), before the row is read back (ref_resolve with
 * cache=0) and at close (so a restart, a close and an open, sees every
 * step). Nothing a client reads can tell: with cache=1 it reads this
 * memory, with cache=0 the row after the flush. Only a process that dies
 * without closing may lose the last steps' percentage: a state, an end or
 * an Error is written at once (on_update). */
static int on_progress(ref_job *j, const prov_event *ev)
{
	uint16_t was = j->percent;

	if (ref_job_apply(j, ev) != 0)
		return -1;
	if (j->percent != was)
		j->dirty = true;
	return 0;
}

/* A state change, a fault or an end is applied in place (ref_job_apply
 * changes nothing when it refuses) and written at once with the whole row,
 * and the Error too at the end. The engine never sends an event again, so
 * a failed write does not undo it: the job stays right in memory, dirty,
 * and its row (and unsaved Error) is written at the job's next event, at
 * the next read that goes to the store (ref_resolve, ref_geterror.c) or
 * at close. A client reads memory meanwhile, so it cannot tell. */
static int on_update(prov_ctx *p, const prov_event *ev)
{
	ref_job *j = ref_find(p, ev->job);

	if (!j)
		return -1;
	if (ev->kind == PROV_EV_PROGRESS)
		return on_progress(j, ev);
	if (ref_job_apply(j, ev) != 0)
		return -1;
	/* Applied, an end comes once: the job has no Error before it. */
	if (ev->kind == PROV_EV_ENDED)
		j->unsaved = end_error(p, j);
	j->dirty = true;
	(void)ref_save(p, j);
	return 0;
}

int ref_on_event(prov_ctx *p, const prov_event *ev)
{
	if (!p || !ev || !ev->job)
		return -1;
	ref_lock(p);
	int rc = ev->kind == PROV_EV_JOB_CREATED ? on_created(p, ev) : on_update(p, ev);
	/* With TimeBeforeRemoval 0 the job is gone from the instant it ends:
	 * its Error leaves the store at once. */
	if (rc == 0 && ev->kind == PROV_EV_ENDED)
		ref_sweep(p);
	ref_unlock(p);
	return rc;
}

void ref_make_iid(const prov_ctx *p, const char *id, char *buf, size_t len)
{
	snprintf(buf, len, "%s:%s", p->opts.org, id);
}

int ref_instance_id(prov_ctx *p, const char *job, char *buf, size_t len)
{
	int rc = -1;

	if (!p || !job || !buf)
		return -1;
	ref_lock(p);
	if (ref_find(p, job)) {
		int w = snprintf(buf, len, "%s:%s", p->opts.org, job);
		rc = (w > 0 && (size_t)w < len) ? 0 : -1;
	}
	ref_unlock(p);
	return rc;
}

bool ref_parse_iid(const prov_ctx *p, const char *iid, char *local)
{
	size_t org = strlen(p->opts.org);

	if (!iid || strncmp(iid, p->opts.org, org) != 0 || iid[org] != ':')
		return false;
	const char *l = iid + org + 1;
	if (!ref_valid_local_id(l))
		return false;
	memcpy(local, l, strlen(l) + 1);
	return true;
}

ref_rc ref_save(prov_ctx *p, ref_job *j)
{
	ref_rc r = ref_store_save(p->store, j, j->unsaved);

	if (r != REF_OK)
		return r;
	/* Written: read back from the store like any stored Error (and cached
	 * then, with cache=1), so a client reads what a restart would. */
	j->dirty = false;
	cim_error_free(j->unsaved);
	j->unsaved = NULL;
	return REF_OK;
}

ref_rc ref_flush(prov_ctx *p)
{
	ref_rc first = REF_OK;

	for (size_t i = 0; i < p->n_jobs; i++) {
		ref_rc r = p->jobs[i]->dirty ? ref_save(p, p->jobs[i]) : REF_OK;
		if (first == REF_OK)
			first = r;
	}
	return first;
}

/* contract.md, Removal: present for t < E + T, gone for t >= E + T (so
 * with T = 0 from the instant it ends). */
static bool expired(const ref_job *j, uint64_t now)
{
	return j->doc && ref_job_ended(j) && j->ended != CIM_TIME_NULL && now >= j->ended &&
	       now - j->ended >= j->tbr;
}

/* An expired job leaves memory even when its rows cannot be deleted: the
 * contract wants it gone, and the engine never sends anything that would
 * bring it back. The row left behind is read by no call (the store is read
 * by id only for jobs in memory, and a new job under its id overwrites it,
 * on_created) and the next open's sweep deletes it, if it says the job
 * ended: a dirty job's row may still say it runs (its end's write failed),
 * which a restart would serve back as a running job, so that job's row is
 * written before it is forgotten (explore, seed 7: found/). */
void ref_sweep(prov_ctx *p)
{
	uint64_t now = ref_now(p);

	for (size_t i = 0; i < p->n_jobs;) {
		if (!expired(p->jobs[i], now)) {
			i++;
			continue;
		}
		if (ref_store_delete(p->store, p->jobs[i]->id) != REF_OK && p->jobs[i]->dirty)
			(void)ref_save(p, p->jobs[i]); /* failed too: FAULTS.md's loss */
		forget(p, i);
	}
}

bool ref_may_read(const ref_job *j, const prov_principal *who)
{
	if (!who)
		return false;
	return who->admin || (who->name && strcmp(who->name, j->owner) == 0);
}

uint32_t ref_rc_code(ref_rc r)
{
	switch (r) {
	case REF_NONE:
		return CIM_GE_INVALID_PARAMETER;
	case REF_BUSY:
		return PROV_RC_STORE_BUSY;
	case REF_NOMEM:
		return CIM_GE_UNSPECIFIED_ERROR;
	default:
		return CIM_GE_FAILED;
	}
}

uint32_t ref_resolve(prov_ctx *p, const prov_principal *who, const char *iid, ref_job **j,
		     bool *owned)
{
	char local[REF_LOCAL_ID_MAX + 1];

	*j = NULL;
	*owned = false;
	if (!ref_parse_iid(p, iid, local))
		return CIM_GE_INVALID_PARAMETER;
	ref_sweep(p);
	ref_job *found = ref_find(p, local);
	if (!found)
		return CIM_GE_INVALID_PARAMETER;
	if (!p->opts.cache) {
		/* The row read back must hold what was written behind. If this
		 * job's write fails again, its store row is older than memory:
		 * the client gets a copy of memory, never the stale row. */
		ref_rc r = REF_NOMEM;
		(void)ref_flush(p);
		if (!found->dirty)
			r = ref_store_load_job(p->store, local, &found);
		else if ((found = ref_job_clone(found)))
			r = REF_OK;
		if (r != REF_OK)
			return ref_rc_code(r);
		*owned = true;
	}
	if (!ref_may_read(found, who)) {
		if (*owned)
			ref_job_free(found);
		*owned = false;
		return CIM_GE_ACCESS_DENIED;
	}
	*j = found;
	return CIM_GE_SUCCESS;
}
