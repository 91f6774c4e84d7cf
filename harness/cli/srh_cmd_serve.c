/*
 * srh_cmd_serve.c - `srh serve` and `srh run --target`: the CIM-XML layer
 * (cimxml/) as srh subcommands.
 */
#include <string.h>

#include "cimxml.h"
#include "srh_cli.h"

int srh_cmd_serve(int argc, char **argv)
{
	return cimxml_serve_main(argc, argv);
}

bool srh_run_is_target(int argc, char **argv)
{
	for (int i = 1; i < argc; i++)
		if (strcmp(argv[i], "--target") == 0 || strncmp(argv[i], "--target=", 9) == 0)
			return true;
	return false;
}

int srh_cmd_target(int argc, char **argv)
{
	return cimxml_target_main(argc, argv);
}
