/*
 * srh_load.c - the scenarios a command works on: every file under the
 * paths given, all parsed before anything runs (one bad file stops the
 * command with the parser's "file:line: message").
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "srh_cli.h"
#include "srh_run.h"

static int add(srh_suite *s, scn_scenario *sc)
{
	scn_scenario **n = realloc(s->sc, (s->n + 1) * sizeof(*n));

	if (!n)
		return -1;
	s->sc = n;
	s->sc[s->n++] = sc;
	return 0;
}

static int unique_names(const char *cmd, const srh_suite *s)
{
	int bad = 0;

	for (size_t i = 0; i < s->n; i++)
		for (size_t k = 0; k < i; k++)
			if (strcmp(s->sc[i]->name, s->sc[k]->name) == 0) {
				fprintf(stderr,
					"srh %s: %s: scenario name \"%s\" is already used by %s\n",
					cmd, s->sc[i]->file, s->sc[i]->name, s->sc[k]->file);
				bad = 1;
				break;
			}
	return bad ? -1 : 0;
}

/* Parse the files of one path; every error is printed. */
static int load_path(const char *cmd, const char *path, const char *filter, srh_suite *out,
		     int *bad)
{
	char err[SCN_ERRLEN];
	char **files = NULL;
	size_t nf = 0;

	if (scn_list_dir(path, &files, &nf, err, sizeof(err)) != 0) {
		fprintf(stderr, "srh %s: %s\n", cmd, err);
		return -1;
	}
	for (size_t i = 0; i < nf; i++) {
		scn_scenario *sc = NULL;
		if (srh_parse_scenario(files[i], &sc, err, sizeof(err)) != 0) {
			fprintf(stderr, "%s\n", err);
			*bad = 1;
			continue;
		}
		if (!scn_name_matches(sc->name, filter)) {
			scn_free(sc);
			continue;
		}
		if (add(out, sc) != 0) {
			scn_free(sc);
			scn_list_free(files, nf);
			fprintf(stderr, "srh %s: out of memory\n", cmd);
			return -1;
		}
	}
	scn_list_free(files, nf);
	return 0;
}

int srh_suite_load(const char *cmd, const char *const *paths, size_t n_paths, const char *filter,
		   srh_suite *out)
{
	static const char *const dflt[] = {SRH_SUITE_DIR};
	int bad = 0;

	out->sc = NULL;
	out->n = 0;
	if (n_paths == 0) {
		paths = dflt;
		n_paths = 1;
	}
	for (size_t i = 0; i < n_paths; i++)
		if (load_path(cmd, paths[i], filter, out, &bad) != 0)
			bad = 1;
	if (!bad && unique_names(cmd, out) != 0)
		bad = 1;
	if (!bad && out->n == 0) {
		fprintf(stderr, "srh %s: no scenario%s%s%s found\n", cmd,
			filter ? " matches \"" : "", filter ? filter : "", filter ? "\"" : "");
		bad = 1;
	}
	if (bad) {
		srh_suite_free(out);
		return -1;
	}
	return 0;
}

void srh_suite_free(srh_suite *s)
{
	for (size_t i = 0; i < s->n; i++)
		scn_free(s->sc[i]);
	free(s->sc);
	s->sc = NULL;
	s->n = 0;
}
