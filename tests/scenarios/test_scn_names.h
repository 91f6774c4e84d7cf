/*
 * test_scn_names.h - the small name lists the scenario tests hand to the
 * parser in place of sim's and provider's tables.
 */
#ifndef TEST_SCN_NAMES_H
#define TEST_SCN_NAMES_H

#include "scn.h"

static const char *const t_kinds[] = {
    "initial_sync", "resync", "test_topology", "create_partnership", "switch_direction",
    "remove_group", NULL,
};
static const char *const t_sim_points[] = {
    "sim/disk/read",
    "sim/disk/write",
    "sim/disk/gone",
    "sim/log/append",
    "sim/net/partition",
    "sim/net/reset",
    NULL,
};
static const char *const t_prov_points[] = {
    "prov/engine/slow",
    "prov/store/read",
    "prov/error/alloc",
    NULL,
};
static const char *const t_phases[] = {
    "connect", "authenticate", "scan", "copy", "log_replay", "finalize", NULL,
};
static const scn_names t_names = {t_kinds, t_sim_points, t_prov_points, t_phases};

#endif
