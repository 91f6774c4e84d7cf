/* srh-serve: `srh serve` as its own program (see cimxml_serve_main). */
#include "cimxml.h"

int main(int argc, char **argv)
{
	return cimxml_serve_main(argc, argv);
}
