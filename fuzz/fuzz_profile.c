/*
 * fuzz_profile.c - libFuzzer target: the fault-profile parser
 * (srh/prov_profile.h, library srprofile).
 *
 * prov_profile_load() reads a path, so each input goes into one memfd and
 * is loaded through /proc/self/fd/N: the parser runs exactly as on a file,
 * with no temporary files left behind. A failure must be one line naming
 * the file; a loaded profile must give an expected Error for every fault
 * class.
 */
#define _GNU_SOURCE /* memfd_create */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "srh/prov_profile.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int memfd = -1;
static char path[64];

static void setup(void)
{
	memfd = memfd_create("fuzz_profile", 0);
	if (memfd < 0) {
		perror("memfd_create");
		abort();
	}
	snprintf(path, sizeof path, "/proc/self/fd/%d", memfd);
}

static void put(const uint8_t *data, size_t size)
{
	if (ftruncate(memfd, 0) != 0)
		abort();
	size_t off = 0;
	while (off < size) {
		ssize_t w = pwrite(memfd, data + off, size - off, (off_t)off);
		if (w <= 0)
			abort();
		off += (size_t)w;
	}
}

/* A control character (newline, escape, ...) in a message. */
static bool has_control(const char *msg)
{
	for (const unsigned char *c = (const unsigned char *)msg; *c; c++) {
		if (*c < 0x20 || *c == 0x7f)
			return true;
	}
	return false;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char err[1024];

	if (memfd < 0)
		setup();
	put(data, size);
	err[0] = '\0';
	prov_profile *pf = prov_profile_load(path, err, sizeof err);
	if (!pf) {
		/* The promise: one line "file:line: message", whatever the
		 * input quoted (a report prints one message per line). */
		if (strncmp(err, path, strlen(path)) != 0 || has_control(err))
			abort();
		return 0;
	}
	for (int fc = 0; fc < PROV_FC_COUNT; fc++) {
		const cim_error *t = prov_profile_template(pf, fc);
		if (!t || !t->message_id)
			abort();
	}
	prov_profile_free(pf);
	return 0;
}
