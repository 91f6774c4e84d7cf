/* srh-target: `srh run --target` as its own program (see cimxml_target_main). */
#include "cimxml.h"

int main(int argc, char **argv)
{
	return cimxml_target_main(argc, argv);
}
