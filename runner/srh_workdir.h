/*
 * srh_workdir.h - scratch directories of srh's runs and workers.
 *
 * A directory is named <tmpdir>/srh-<kind><pid>-XXXXXX after the process
 * that made it, so a directory outlives its maker only until the next srh
 * starts: the first make of a process removes the directories of our user
 * whose maker no longer exists (srh killed with -9 between making a
 * worker's directory and starting the worker, or a run killed in
 * --no-fork mode). <tmpdir> is srh_tmpdir().
 */
#ifndef SRH_WORKDIR_H
#define SRH_WORKDIR_H

#include <stddef.h>

/* Makes a new empty directory named after this process; kind is "" for a
 * pool worker's directory, "run-" for a stage's own. The first call in a
 * process first removes left-over directories of dead makers (quietly: a
 * directory it cannot remove is left as it is). On error, returns -1 with
 * errno set and dir set to "". */
int srh_workdir_make(char *dir, size_t len, const char *kind);

/* Removes a directory made by srh_workdir_make and the files in it (one
 * level: a worker or stage makes no subdirectory). "" is a no-op. On error
 * names what it could not remove on stderr and goes on. */
void srh_workdir_remove(const char *dir);

/* Removes, in tmpdir, the directories srh_workdir_make names whose maker
 * is not alive (kill(pid, 0) says ESRCH) and that belong to this user;
 * returns how many it removed. Called once per process by
 * srh_workdir_make; public for its test. Never fails: what it cannot read
 * or remove it leaves. */
int srh_workdir_sweep(const char *tmpdir);

#endif
