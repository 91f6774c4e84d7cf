/*
 * srh_cmd_fmt.c - `srh fmt [--check] PATH...`: scenario files in canonical
 * form (scenarios/FORMAT.md, "Canonical form"): each is parsed (and
 * validated, with the simulator's and provider's names), written back from
 * the model with scn_write, and replaced when the text differs.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scn_sim.h"
#include "srh_cli.h"

static const char fmt_help[] =
    "usage: srh fmt [--check] PATH...\n"
    "\n"
    "Rewrite scenario files in canonical form (scenarios/FORMAT.md): one key\n"
    "order, defaults left out, one spelling per value, strings quoted only when\n"
    "needed. A directory means every *.yaml / *.yml below it. Comments are not\n"
    "kept: write what a comment said in description:, contract: or note:.\n"
    "\n"
    "  --check   rewrite nothing; list the files that are not canonical\n"
    "\n"
    "Exit: 0 all canonical (or rewritten), 1 --check found files to rewrite,\n"
    "2 bad usage or a file that does not parse (file:line: message).\n";

/* The whole file into *text (malloc'ed, NUL-terminated). 0, or -1 printed. */
static int slurp(const char *path, char **text, size_t *len)
{
	FILE *f = fopen(path, "rb");
	size_t cap = 8192, n = 0;
	char *b = NULL, *nb;
	int rc = -1;

	if (!f) {
		fprintf(stderr, "%s: cannot open: %s\n", path, strerror(errno));
		return -1;
	}
	for (;;) {
		if (!(nb = realloc(b, cap + 1))) {
			fprintf(stderr, "%s: out of memory\n", path);
			goto out;
		}
		b = nb;
		n += fread(b + n, 1, cap - n, f);
		if (n < cap)
			break;
		cap *= 2;
	}
	if (ferror(f)) {
		fprintf(stderr, "%s: read error\n", path);
		goto out;
	}
	b[n] = '\0';
	*text = b;
	*len = n;
	b = NULL;
	rc = 0;
out:
	free(b);
	if (fclose(f) != 0 && rc == 0) {
		fprintf(stderr, "%s: cannot close: %s\n", path, strerror(errno));
		free(*text);
		rc = -1;
	}
	return rc;
}

/* Replaces path with text through a temporary file in the same folder, so
 * a failed write leaves the old file whole. 0, or -1 printed. */
static int replace(const char *path, const char *text, size_t len)
{
	size_t plen = strlen(path) + 8;
	char *tmp = malloc(plen);
	FILE *f;
	int rc = -1;

	if (!tmp) {
		fprintf(stderr, "%s: out of memory\n", path);
		return -1;
	}
	(void)snprintf(tmp, plen, "%s.fmt~", path);
	if (!(f = fopen(tmp, "wb"))) {
		fprintf(stderr, "%s: cannot write: %s\n", tmp, strerror(errno));
		goto out;
	}
	if (fwrite(text, 1, len, f) != len) {
		fprintf(stderr, "%s: cannot write: %s\n", tmp, strerror(errno));
		(void)fclose(f);
		goto out_rm;
	}
	if (fclose(f) != 0) {
		fprintf(stderr, "%s: cannot write: %s\n", tmp, strerror(errno));
		goto out_rm;
	}
	if (rename(tmp, path) != 0) {
		fprintf(stderr, "%s: cannot replace: %s\n", path, strerror(errno));
		goto out_rm;
	}
	rc = 0;
	goto out;
out_rm:
	(void)remove(tmp);
out:
	free(tmp);
	return rc;
}

/* One file: SRH_EXIT_OK (canonical, or rewritten), SRH_EXIT_FAIL (--check:
 * not canonical, listed on stdout) or SRH_EXIT_USAGE (printed). */
static int fmt_file(const char *path, bool check)
{
	char err[SCN_ERRLEN];
	scn_scenario *s = NULL;
	char *text = NULL, *canon = NULL;
	size_t len = 0, clen = 0;
	int rc = SRH_EXIT_USAGE;

	if (slurp(path, &text, &len))
		return SRH_EXIT_USAGE;
	if (scn_parse_string(path, text, len, srh_scn_names(), &s, err, sizeof(err))) {
		fprintf(stderr, "%s\n", err);
		goto out;
	}
	if (scn_write_string(s, &canon, &clen)) {
		fprintf(stderr, "%s: out of memory\n", path);
		goto out;
	}
	rc = SRH_EXIT_OK;
	if (clen == len && memcmp(canon, text, len) == 0)
		goto out;
	if (check) {
		printf("%s\n", path);
		rc = SRH_EXIT_FAIL;
	} else if (replace(path, canon, clen)) {
		rc = SRH_EXIT_USAGE;
	}
out:
	scn_free(s);
	free(text);
	free(canon);
	return rc;
}

int srh_cmd_fmt(int argc, char **argv)
{
	bool check = false;
	int rc = SRH_EXIT_OK, npaths = 0;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			fputs(fmt_help, stdout);
			return SRH_EXIT_OK;
		}
		if (strcmp(argv[i], "--check") == 0)
			check = true;
		else if (argv[i][0] == '-')
			return srh_usage("fmt", "unknown option %s", argv[i]);
		else
			npaths++;
	}
	if (npaths == 0)
		return srh_usage("fmt", "name the scenario files or folders to format");
	for (int i = 1; i < argc; i++) {
		char err[SCN_ERRLEN];
		char **paths;
		size_t n;

		if (argv[i][0] == '-')
			continue;
		if (scn_list_dir(argv[i], &paths, &n, err, sizeof(err))) {
			fprintf(stderr, "%s\n", err);
			rc = SRH_EXIT_USAGE;
			continue;
		}
		for (size_t k = 0; k < n; k++) {
			int r = fmt_file(paths[k], check);

			if (r > rc)
				rc = r;
		}
		scn_list_free(paths, n);
	}
	return rc;
}
