/*
 * sim_faults.h - the simulator's fault points, defined once.
 *
 * Each point is a libfiu name "sim/<area>/<what>" checked with fiu_fail() at
 * the one place in the engine where that failure would really happen. The
 * table below is the only list: sim_fault.c builds its name table from it,
 * docs/FAULTS.md describes it, and a runner lists it with
 * sim_fault_point_count()/sim_fault_point_at() (sim.h).
 *
 * X(ID, "name", FC, errno, transient, "description")
 *   ID         C suffix: SIM_FP_<ID>
 *   FC         fault class it produces: the suffix of a PROV_FC_<FC> of
 *              PROV_FAULT_CLASS_MAP (srh/prov_abi.h), or NONE for a point
 *              that only adds time (latency, a busy engine)
 *   errno      errno value reported in prov_fault.err_no (0: none)
 *   transient  1: the engine retries / waits (success path while the retry
 *              budget or the heartbeat deadline holds); 0: ends the job
 *
 * Where each point is checked:
 *   sim/engine/oom        at the start of every job phase that runs
 *   sim/engine/invariant  at the end of every step (model checks)
 *   sim/partner/crash     every network step
 *   sim/net/partition     every network step; fires -> the link is down for
 *                         the armed duration (0 = never heals)
 *   sim/net/latency       when a network step is scheduled; adds the armed
 *                         duration to the step
 *   sim/net/reset         every network step
 *   sim/partner/auth      the authenticate phase
 *   sim/disk/gone         every step reading a source data volume
 *   sim/disk/read         every step reading a source data volume
 *   sim/disk/write        every step writing a data volume
 *   sim/log/append        every copy chunk (the write set goes to the log)
 *                         and the format_log phase
 *   sim/engine/busy       every host->query of a job that has not ended;
 *                         fires -> queries answer slowly for the armed
 *                         duration (GetError's Timeout path)
 */
#ifndef SIM_FAULTS_H
#define SIM_FAULTS_H

#include <errno.h>

#define SIM_FAULT_POINT_MAP(X)                                                                     \
	X(DISK_READ, "sim/disk/read", IO_ERROR, EIO, 1,                                            \
	  "source data volume read fails with EIO; retried")                                       \
	X(DISK_WRITE, "sim/disk/write", IO_ERROR, EIO, 1,                                          \
	  "data volume write fails with EIO; retried")                                             \
	X(DISK_GONE, "sim/disk/gone", DISK_FAILURE, ENODEV, 0,                                     \
	  "source data disk disappears (persistent device failure)")                               \
	X(LOG_APPEND, "sim/log/append", LOG_FULL, ENOSPC, 0, "log volume append fails: log full")  \
	X(NET_PARTITION, "sim/net/partition", PARTITION, EHOSTUNREACH, 1,                          \
	  "link partitioned for the armed duration; at connect: retried, "                         \
	  "then partition; later: stall until heal or heartbeat deadline")                         \
	X(NET_RESET, "sim/net/reset", CONN_RESET, ECONNRESET, 1,                                   \
	  "connection reset mid-transfer; the step is resent")                                     \
	X(NET_LATENCY, "sim/net/latency", NONE, 0, 1,                                              \
	  "adds the armed duration to one network step (no fault event)")                          \
	X(PARTNER_CRASH, "sim/partner/crash", PARTNER_CRASH, EHOSTDOWN, 0, "partner node crashes") \
	X(PARTNER_AUTH, "sim/partner/auth", AUTH_REFUSED, EACCES, 0,                               \
	  "partner refuses authentication")                                                        \
	X(ENGINE_OOM, "sim/engine/oom", ENGINE_OOM, ENOMEM, 0,                                     \
	  "engine cannot allocate the phase's buffers")                                            \
	X(ENGINE_INVARIANT, "sim/engine/invariant", ENGINE_BUG, ENOTRECOVERABLE, 0,                \
	  "an engine invariant check fails")                                                       \
	X(ENGINE_BUSY, "sim/engine/busy", NONE, EBUSY, 1,                                          \
	  "engine answers host queries slowly for the armed duration")

#define SIM_FP_ENUM_(id, name, fc, err, tr, what) SIM_FP_##id,
typedef enum sim_fp { SIM_FAULT_POINT_MAP(SIM_FP_ENUM_) SIM_FP_COUNT } sim_fp;
#undef SIM_FP_ENUM_

#endif /* SIM_FAULTS_H */
