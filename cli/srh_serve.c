/* srh-serve: `srh serve` as its own program (see srh_cmd_serve: CIM-XML,
 * and WS-Management beside it with --wsman). */
#include "srh_cli.h"

int main(int argc, char **argv)
{
	return srh_cmd_serve(argc, argv);
}
