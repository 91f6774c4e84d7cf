/*
 * srh_out.h - what srh prints while and after it runs: one line per
 * scenario (verbose) or a counter on a terminal, every failure in full
 * (rule, expected, observed, virtual time, file:line, repro line), and the
 * totals at the end.
 */
#ifndef SRH_OUT_H
#define SRH_OUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "srh_result.h"

typedef struct srh_tally {
	size_t runs, passed, failed_must, failed_should, crashed, hung, errors;
	size_t must_failures, should_failures; /* individual failures */
} srh_tally;

typedef struct srh_out {
	FILE *f;
	bool verbose;
	bool tty; /* f is a terminal: a live counter */
	bool counter_shown;
	size_t total; /* runs expected, for the counter */
	srh_tally t;
	double t0; /* wall clock at the start */
} srh_out;

/* Start printing to f for total runs. */
void srh_out_init(srh_out *o, FILE *f, bool verbose, size_t total);
/* Count r, print its line (and its failures, when it did not pass), with
 * repro as the command that reproduces it (NULL: none). */
void srh_out_result(srh_out *o, const srh_result *r, const char *repro);
/* Print every failure of r in full (indented), then repro. */
void srh_out_failures(FILE *f, const srh_result *r, const char *repro);
/* "what: N runs: ..." totals line. */
void srh_out_totals(srh_out *o, const char *what);
/* 0 when everything passed, else 1 (the exit status). */
int srh_tally_status(const srh_tally *t);
void srh_tally_add(srh_tally *t, const srh_result *r);

#endif
