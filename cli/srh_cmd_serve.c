/*
 * srh_cmd_serve.c - `srh serve`: the CIM-XML server (cimxml/) as an srh
 * subcommand, and how `srh run` tells a target run (srh_cmd_target.c).
 */
#include <string.h>

#include "cimxml.h"
#include "srh_cli.h"

int srh_cmd_serve(int argc, char **argv)
{
	/* Usage and error lines name the command as a user typed it. */
	argv[0] = (char *)"srh serve";
	return cimxml_serve_main(argc, argv);
}

bool srh_run_is_target(int argc, char **argv)
{
	for (int i = 1; i < argc; i++)
		if (strcmp(argv[i], "--target") == 0 || strncmp(argv[i], "--target=", 9) == 0)
			return true;
	return false;
}
