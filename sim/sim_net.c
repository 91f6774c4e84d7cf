/*
 * sim_net.c - link outages (partition / heal) and the partner heartbeat
 * deadline.
 *
 * Heartbeats are not queue events (a 9-day sync would carry 800k of them):
 * while a link is up the partner is heard every heartbeat_interval_ns on a
 * grid from time 0, so the last heartbeat before an outage starting at P is
 * floor(P / interval) * interval, or the heal / connect time if later. The
 * deadline is one queue event per outage and job.
 */
#include <inttypes.h>

#include "sim_internal.h"
#include "srh/cim_fmt.h"

sim_link *sim_job_link(const sim *s, const sim_job *j)
{
	return &s->links[s->pships[j->pship].link];
}

static uint64_t sat_add(uint64_t a, uint64_t b)
{
	return a > UINT64_MAX - b ? UINT64_MAX : a + b;
}

static uint64_t last_contact(const sim *s, const sim_job *j, const sim_link *l)
{
	uint64_t h = s->cfg.heartbeat_interval_ns;
	uint64_t last = l->down_since / h * h;

	if (l->up_since > last)
		last = l->up_since;
	if (j->connected_at != SIM_NONE && j->connected_at > last)
		last = j->connected_at;
	return last;
}

void sim_deadline_arm(sim *s, sim_job *j)
{
	sim_link *l = sim_job_link(s, j);
	uint64_t last, at;

	if (!l->down || !j->connected || j->ended || j->state != CIM_JS_RUNNING)
		return;
	last = last_contact(s, j, l);
	at = sat_add(last, s->cfg.heartbeat_deadline_ns);
	(void)sim_schedule(s, at, SIM_EV_DEADLINE, (uint32_t)(j->id - 1), l->outage, last);
}

void sim_link_down(sim *s, int li, uint64_t duration)
{
	sim_link *l = &s->links[li];
	uint64_t until = duration ? sat_add(s->now, duration) : SIM_NONE;

	if (l->down) {
		/* A second outage while down extends the first. */
		if (until > l->heal_at || until == SIM_NONE)
			l->heal_at = until;
	} else {
		l->down = true;
		l->down_since = s->now;
		l->outage++;
		l->heal_at = until;
	}
	if (until == SIM_NONE)
		sim_tracef(s, 1, "link=%d down until=never", li);
	else
		sim_tracef(s, 1, "link=%d down until=%09" PRIu64 ".%09" PRIu64, li,
			   until / SIM_NS_PER_S, until % SIM_NS_PER_S);
	if (l->heal_at != SIM_NONE && l->heal_at == until)
		(void)sim_schedule(s, until, SIM_EV_LINK_UP, (uint32_t)li, l->outage, 0);
	if (l->down_since != s->now)
		return; /* extended: deadlines already armed */
	for (size_t i = 0; i < s->n_jobs; i++) {
		sim_job *j = s->jobs[i];

		if (s->pships[j->pship].link == li)
			sim_deadline_arm(s, j);
	}
}

void sim_on_link_up(sim *s, int li, uint64_t outage)
{
	sim_link *l = &s->links[li];

	if (!l->down || l->outage != outage || l->heal_at != s->now)
		return; /* superseded by a longer outage */
	l->down = false;
	l->up_since = s->now;
	l->heal_at = SIM_NONE;
	sim_tracef(s, 1, "link=%d up", li);
	for (size_t i = 0; i < s->n_jobs; i++) {
		sim_job *j = s->jobs[i];

		if (s->pships[j->pship].link != li || !j->stalled)
			continue;
		j->stalled = false;
		if (!j->ended && j->state == CIM_JS_RUNNING)
			sim_step_schedule(s, j, 0); /* resend the step */
	}
}

void sim_on_deadline(sim *s, sim_job *j, uint64_t outage)
{
	sim_link *l = sim_job_link(s, j);
	char detail[SIM_DETAIL_MAX];
	uint64_t last = last_contact(s, j, l);
	prov_fault f = {
	    .fault_class = "timeout",
	    .err_no = ETIMEDOUT,
	    .transient = 0,
	    .partner = s->nodes[s->groups[s->pships[j->pship].dst].node].name,
	    .percent = j->percent,
	    .detail = detail,
	};

	if (j->ended || j->state != CIM_JS_RUNNING || !l->down || l->outage != outage)
		return;
	(void)cim_fmt(detail, sizeof detail,
		      "partner heartbeat deadline: partner %s silent since "
		      "%" PRIu64 ".%09" PRIu64 "s, deadline %" PRIu64 ".%09" PRIu64 "s",
		      f.partner, last / SIM_NS_PER_S, last % SIM_NS_PER_S,
		      s->cfg.heartbeat_deadline_ns / SIM_NS_PER_S,
		      s->cfg.heartbeat_deadline_ns % SIM_NS_PER_S);
	sim_job_fail(s, j, &f);
}
