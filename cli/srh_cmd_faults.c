/*
 * srh_cmd_faults.c - `srh faults`: every fault point a scenario or the
 * sweep can arm, from the simulator's and the provider's own tables.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "sim.h"
#include "srh/prov_faults.h"
#include "srh_cli.h"

static const char faults_help[] =
    "usage: srh faults\n"
    "\n"
    "List every fault point: the simulator's (sim/..., with the fault class the\n"
    "engine reports, its errno and whether the engine retries it) and the\n"
    "reference provider's (prov/..., with the GetError return code a client sees\n"
    "when a call reaches it). Scenarios arm them under faults: and\n"
    "provider: faults:.\n";

static const char *errno_name(int e)
{
	static const struct {
		int e;
		const char *n;
	} t[] = {
	    {EIO, "EIO"},
	    {ENOSPC, "ENOSPC"},
	    {ENODEV, "ENODEV"},
	    {EHOSTUNREACH, "EHOSTUNREACH"},
	    {ECONNRESET, "ECONNRESET"},
	    {EHOSTDOWN, "EHOSTDOWN"},
	    {EACCES, "EACCES"},
	    {ENOMEM, "ENOMEM"},
	    {ENOTRECOVERABLE, "ENOTRECOVERABLE"},
	    {EBUSY, "EBUSY"},
	};

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		if (t[i].e == e)
			return t[i].n;
	return e ? "?" : "-";
}

int srh_cmd_faults(int argc, char **argv)
{
	size_t n = 0;
	const prov_fault_point *pf = prov_fault_points(&n);

	if (argc > 1) {
		if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
			fputs(faults_help, stdout);
			return SRH_EXIT_OK;
		}
		return srh_usage("faults", "unexpected argument %s", argv[1]);
	}
	printf("%-22s %-14s %-16s %-9s %s\n", "POINT", "CLASS", "ERRNO", "KIND", "EFFECT");
	for (size_t i = 0; i < sim_fault_point_count(); i++) {
		const sim_fault_point *p = sim_fault_point_at(i);
		printf("%-22s %-14s %-16s %-9s %s\n", p->name, p->class_id, errno_name(p->err_no),
		       p->transient ? "transient" : "fatal", p->description);
	}
	printf("\n%-22s %-18s %s\n", "POINT", "GETERROR RC", "EFFECT");
	for (size_t i = 0; i < n; i++) {
		const char *name = cim_vmap_name(&cim_vm_geterror_rc, pf[i].rc);
		char rc[48];
		snprintf(rc, sizeof(rc), "%" PRIu32 " %s", pf[i].rc, name ? name : "(vendor)");
		printf("%-22s %-18s %s\n", pf[i].name, rc, pf[i].effect);
	}
	return SRH_EXIT_OK;
}
