/*
 * scn_free.c - releasing a parsed (or half-parsed) scenario. Every array is
 * calloc'ed with its count set as it fills, so a scenario left by an error
 * half-way is freed by the same code.
 */
#include <stdlib.h>

#include "scn_int.h"

static void side_free(scn_side *s)
{
	free(s->node);
	free(s->group);
}

void scn_job_free(scn_job *j)
{
	free(j->id);
	free(j->kind);
	free(j->owner);
}

void scn_free(scn_scenario *s)
{
	if (!s)
		return;
	free(s->file);
	free(s->name);
	free(s->description);
	free(s->contract);
	free(s->note);
	scn_src_free(s->src);
	for (size_t i = 0; i < s->n_tags; i++)
		free(s->tags[i]);
	free(s->tags);
	side_free(&s->topology.source);
	side_free(&s->topology.destination);
	scn_job_free(&s->job);
	for (size_t i = 0; i < s->n_more_jobs; i++)
		scn_job_free(&s->more_jobs[i]);
	free(s->more_jobs);
	free(s->final_job);
	free(s->provider_options);
	free(s->provider_refuses);
	free(s->provider_store);
	for (size_t i = 0; i < s->n_store_jobs; i++)
		free(s->store_jobs[i]);
	free(s->store_jobs);
	for (size_t i = 0; i < s->n_prov_faults; i++) {
		free(s->prov_faults[i].point);
		free(s->prov_faults[i].note);
	}
	free(s->prov_faults);
	for (size_t i = 0; i < s->n_faults; i++) {
		free(s->faults[i].point);
		free(s->faults[i].phase);
		free(s->faults[i].note);
		free(s->faults[i].job);
	}
	free(s->faults);
	for (size_t i = 0; i < s->n_actions; i++)
		scn_action_free(&s->actions[i]);
	free(s->actions);
	for (size_t i = 0; i < s->n_final; i++)
		scn_expect_free(&s->final[i]);
	free(s->final);
	free(s);
}
