/*
 * srh_proxy.h - what srh proxy, srh check-wire and srh replay-wire share
 * (srh_cmd_proxy.c): the --user role option and the end of a session.
 */
#ifndef SRH_PROXY_CLI_H
#define SRH_PROXY_CLI_H

#include "prx.h"
#include "srh_cli.h"
#include "srh_db.h"

/* --user NAME[:admin] (repeated, at most PRX_MAX_ROLES). 1 consumed, 0
 * not it, -1 error (printed). */
int srh_proxy_role_option(srh_args *a, prx_role *roles, size_t *n);
/* Print the verdicts on stdout and store the session's results (run of
 * kind "proxy" named cmd). Returns the exit status: 0 no MUST failure
 * and every exchange answered, 1 otherwise or when storing failed. */
int srh_proxy_finish(const char *cmd, prx_session *s, const srh_db_opts *db, const char *upstream,
		     int argc, char **argv);

#endif
