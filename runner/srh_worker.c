/*
 * srh_worker.c - the worker's side of the pool: read a request, run it,
 * send the result, and again, until the parent closes the channel or the
 * worker has done its share of runs. A worker knows nothing of the other
 * workers or of the parent's bookkeeping: everything a run needs comes in
 * the request (srh_request.h).
 */
#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "srh_pool_int.h"
#include "srh_util.h"
#include "srh_wire.h"
#include "srh_workdir.h"

int srh_run_request(const srh_request *rq, const srh_run_opts *o, srh_result *res)
{
	char err[SCN_ERRLEN];
	scn_scenario *sc = NULL;
	int rc;

	/* Parsed by the parent already (a worker inherited it). */
	if (rq->model)
		return srh_run_scenario(rq->model, o, res);
	rc = rq->text ? scn_parse_string(rq->file, rq->text, strlen(rq->text), srh_scn_names(), &sc,
					 err, sizeof(err))
		      : srh_parse_scenario(rq->file, &sc, err, sizeof(err));
	if (rc != 0) {
		srh_result_init(res);
		res->verdict = SRH_ERROR;
		res->name = srh_strdup(rq->name, NULL);
		res->file = srh_strdup(rq->file, NULL);
		res->seed = rq->seed;
		srh_result_reason(res, "scenario does not parse: %s", err);
		return -1;
	}
	rc = srh_run_scenario(sc, o, res);
	scn_free(sc);
	return rc;
}

void srh_request_opts(const srh_request *rq, const char *workdir, srh_run_opts *o)
{
	*o = (srh_run_opts){rq->provider, rq->profile, rq->has_seed, rq->seed,
			    NULL,	  0,	       workdir,	     rq->sweep};
}

/* One request from the channel into *buf. Returns 0, 1 at a clean end
 * (the parent closed the channel), -1 on a broken or foreign message. */
static int read_request(int fd, unsigned char **buf, size_t *len)
{
	unsigned char hdr[SRH_WIRE_HEADER];
	size_t total;
	int r = srh_read_all(fd, hdr, sizeof(hdr));

	if (r != 0)
		return r;
	if (srh_wire_frame(hdr, sizeof(hdr), &total) != 0 || !(*buf = malloc(total)))
		return -1;
	memcpy(*buf, hdr, sizeof(hdr));
	*len = total;
	return srh_read_all(fd, *buf + sizeof(hdr), total - sizeof(hdr)) == 0 ? 0 : -1;
}

/* One request: run it and send the result. Returns 0, or the exit status
 * that tells the parent why this worker stops. */
static int serve_one(const srh_worker_cfg *w, int fd, const unsigned char *in, size_t inlen)
{
	char err[256];
	srh_request rq;
	srh_run_opts o;
	srh_result r;
	unsigned char *out = NULL;
	size_t len = 0;
	double t0;
	int rc;

	if (srh_wire_decode_request(in, inlen, &rq, err, sizeof(err)) != 0)
		return SRH_WORKER_BAD_REQUEST;
	srh_request_opts(&rq, w->dir, &o);
	t0 = srh_wall_now();
	w->handler(&rq, &o, &r);
	r.wall_s = srh_wall_now() - t0;
	rc = srh_wire_encode(&r, &out, &len) == 0 && srh_pool_send_all(fd, out, len) == 0
		 ? 0
		 : SRH_WORKER_NO_SEND;
	free(out);
	srh_result_free(&r);
	srh_request_free(&rq);
	return rc;
}

int srh_worker_main(void *arg, int fd)
{
	const srh_worker_cfg *w = arg;
	unsigned char *buf = NULL;
	size_t len = 0;
	int rc = 0;
	bool gone = false; /* the channel closed or broke: no parent to clean up */

	(void)signal(SIGINT, SIG_DFL);
	(void)signal(SIGTERM, SIG_DFL);
	(void)signal(SIGPIPE, SIG_DFL);
	for (unsigned n = 0; rc == 0 && (w->max_runs == 0 || n < w->max_runs); n++) {
		int r = read_request(fd, &buf, &len);
		if (r != 0) {
			rc = r > 0 ? 0 : SRH_WORKER_BAD_REQUEST;
			gone = r > 0;
			break;
		}
		rc = serve_one(w, fd, buf, len);
		free(buf);
		buf = NULL;
	}
	free(buf);
	close(fd);
	gone = gone || rc == SRH_WORKER_NO_SEND;
	if (gone && w->dir)
		srh_workdir_remove(w->dir);
	return rc;
}
