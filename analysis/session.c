#include "analysis/session.h"

#include <string.h>

#include "policies/policy.h"
#include "sim/catalog.h"

void hs_session_close(hs_session *s)
{
    hs_placement_free(s->pl);
    hs_plan_free(s->plan);
    if (s->d)
        hs_traces_free(s->traces, s->d->n_procs);
    hs_graph_free(s->g);
    memset(s, 0, sizeof *s);
}

int hs_session_open(hs_session *s, const hs_device *d, const char *model, const char *policy,
                    const hs_session_opts *o, hs_error *err)
{
    memset(s, 0, sizeof *s);
    s->d = d;
    if (!(s->g = hs_open_model(model, err)) ||
        hs_frontend_apply(s->g, &o->fe, &s->accuracy, err) < 0 ||
        (!o->no_traces &&
         hs_open_traces_warn(d, s->g, &s->traces, s->trace_warn, sizeof s->trace_warn, err) < 0) ||
        !(s->plan = hs_policy_plan(policy, d, s->g, s->traces, err)) ||
        !(s->pl = hs_place(d, s->g, s->plan, err))) {
        hs_session_close(s);
        return -1;
    }
    return 0;
}

int hs_session_observed(hs_session *s, const int *proc, hs_error *err)
{
    for (int i = 0; i < s->g->n_ops; i++)
        hs_plan_set(s->plan, i, proc[i]);
    hs_placement_free(s->pl);
    s->pl = hs_place(s->d, s->g, s->plan, err);
    return s->pl ? 0 : -1;
}
