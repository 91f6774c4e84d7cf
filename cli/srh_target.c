/* srh-target: `srh run --target` as its own program (srh_cmd_target.c). */
#include "srh_cli.h"

int main(int argc, char **argv)
{
	/* The subcommand's own argv[0], as srh passes it (and stores it). */
	argv[0] = (char *)"run";
	return srh_cmd_target(argc, argv);
}
