/*
 * replay_main.c - a main() for a fuzz target built without libFuzzer (gcc,
 * the normal and sanitizer builds): runs every file given, and every
 * regular file directly inside a directory given, through
 * LLVMFuzzerTestOneInput once. This is how the seed corpus and every crash
 * the fuzzer ever found (fuzz/regress/<target>/) stay regression tests.
 *
 * Exit 0 when every input ran (a crash aborts the process); 1 when an
 * input could not be read, or when no input at all was found (an empty
 * replay must not pass silently).
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Read the whole file; NULL on error (reported). *len is its size. */
static uint8_t *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf = NULL;
	long n;

	if (!f) {
		perror(path);
		return NULL;
	}
	if (fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0) {
		perror(path);
		goto out;
	}
	/* +1: malloc(0) may return NULL, and an empty input is a valid one. */
	buf = malloc((size_t)n + 1);
	if (!buf) {
		fprintf(stderr, "%s: out of memory\n", path);
		goto out;
	}
	if (fread(buf, 1, (size_t)n, f) != (size_t)n) {
		fprintf(stderr, "%s: short read\n", path);
		free(buf);
		buf = NULL;
		goto out;
	}
	*len = (size_t)n;
out:
	if (fclose(f) != 0 && buf) {
		perror(path);
		free(buf);
		buf = NULL;
	}
	return buf;
}

static int run_file(const char *path)
{
	size_t len = 0;
	uint8_t *buf = slurp(path, &len);

	if (!buf)
		return -1;
	/* Exactly len bytes, like libFuzzer: a copy without a trailing NUL
	 * lets ASan catch a parser that reads one past the end. */
	uint8_t *exact = malloc(len ? len : 1);
	if (!exact) {
		free(buf);
		return -1;
	}
	memcpy(exact, buf, len);
	free(buf);
	(void)LLVMFuzzerTestOneInput(exact, len);
	free(exact);
	return 0;
}

/* The path of regular file name in dir, or NULL (not one, or no memory:
 * *rc then set). */
static char *entry_path(const char *dir, const char *name, int *rc)
{
	struct stat st;
	size_t len = strlen(dir) + strlen(name) + 2;
	char *p = malloc(len);

	if (!p) {
		fprintf(stderr, "%s: out of memory\n", dir);
		*rc = -1;
		return NULL;
	}
	snprintf(p, len, "%s/%s", dir, name);
	if (name[0] == '.' || stat(p, &st) != 0 || !S_ISREG(st.st_mode)) {
		free(p);
		return NULL;
	}
	return p;
}

/* Regular files directly in dir, in name order (a stable replay). */
static int run_dir(const char *dir, size_t *count)
{
	struct dirent **names = NULL;
	int n = scandir(dir, &names, NULL, alphasort);
	int rc = 0;

	if (n < 0) {
		perror(dir);
		return -1;
	}
	for (int i = 0; i < n; i++) {
		char *p = rc == 0 ? entry_path(dir, names[i]->d_name, &rc) : NULL;
		if (p) {
			if (run_file(p) != 0)
				rc = -1;
			else
				(*count)++;
			free(p);
		}
		free(names[i]);
	}
	free(names);
	return rc;
}

int main(int argc, char **argv)
{
	size_t count = 0;
	int rc = 0;

	for (int i = 1; i < argc; i++) {
		struct stat st;
		if (stat(argv[i], &st) != 0) {
			perror(argv[i]);
			rc = 1;
		} else if (S_ISDIR(st.st_mode)) {
			if (run_dir(argv[i], &count) != 0)
				rc = 1;
		} else if (run_file(argv[i]) != 0) {
			rc = 1;
		} else {
			count++;
		}
	}
	printf("%s: replayed %zu inputs\n", argc > 0 ? argv[0] : "replay", count);
	if (count == 0) {
		fprintf(stderr, "no input replayed\n");
		rc = 1;
	}
	return rc;
}
