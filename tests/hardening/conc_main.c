/*
 * conc_main.c - the concurrency run (conc.c) without Criterion, for the
 * ThreadSanitizer build: Criterion cannot start under TSan
 * (Snaipe/Criterion#274). Both configurations of test_concurrency.c: the
 * in-memory store with the Error cache, and a store file without it.
 * Exit 0 when both pass; a data race fails the run through TSAN_OPTIONS
 * (halt_on_error=1, set by the test).
 */
#include <stdio.h>

#include "conc.h"
#include "hz.h"

int main(void)
{
	char *path = hz_tmp_path("conc");
	int bad = 0;

	if (!path) {
		fprintf(stderr, "conc_main: no temporary file\n");
		return 1;
	}
	bad |= conc_run(NULL, "cache=1", 0) != 0;
	bad |= conc_run(path, "cache=0", 0) != 0;
	hz_rm(path);
	return bad;
}
