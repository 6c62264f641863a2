#include "sim/workload.h"

#include <stdlib.h>

static hs_rt_view local_view(const hs_workload *w, const hs_rt_view *v, int m)
{
    hs_rt_view lv = *v;
    lv.ran_on = v->ran_on + w->offsets[m]; /* units of one model index their own */
    return lv;
}

static int route_choose(void *state, const hs_rt_view *v, int unit, double *expect)
{
    hs_workload *w = state;
    int m = w->unit_model[unit];
    const hs_scheduler *s = &w->plans[m]->sched;
    hs_rt_view lv = local_view(w, v, m);
    return s->choose(s->state, &lv, unit - w->offsets[m], expect);
}

static void route_observe(void *state, int unit, int proc, double ns, hs_time now)
{
    hs_workload *w = state;
    int m = w->unit_model[unit];
    const hs_scheduler *s = &w->plans[m]->sched;
    if (s->observe)
        s->observe(s->state, unit - w->offsets[m], proc, ns, now);
}

static int64_t route_priority(void *state, const hs_rt_view *v, int unit, int proc)
{
    hs_workload *w = state;
    int m = w->unit_model[unit];
    const hs_scheduler *s = &w->plans[m]->sched;
    if (!s->priority)
        return v->frame_arrival;
    hs_rt_view lv = local_view(w, v, m);
    return s->priority(s->state, &lv, unit - w->offsets[m], proc);
}

void hs_workload_free(hs_workload *w)
{
    if (!w)
        return;
    hs_units_free(w->units);
    free(w->offsets);
    free(w->unit_model);
    free(w);
}

hs_workload *hs_workload_new(hs_plan **plans, int n, hs_error *err)
{
    hs_workload *w = calloc(1, sizeof *w);
    hs_units **parts = malloc((size_t)n * sizeof *parts);
    if (!w || !parts || !(w->offsets = malloc((size_t)n * sizeof *w->offsets)))
        goto oom;
    for (int k = 0; k < n; k++) {
        if (!plans[k]->units) {
            hs_error_set(err, "workload: policy %s places ops before the run; several models "
                              "sharing the device need a runtime policy (band, adaptive)",
                         plans[k]->policy);
            goto fail;
        }
        parts[k] = plans[k]->units;
    }
    w->n = n;
    w->plans = plans;
    if (!(w->units = hs_units_concat(parts, n, w->offsets)) ||
        !(w->unit_model = malloc((size_t)(w->units->n ? w->units->n : 1) * sizeof *w->unit_model)))
        goto oom;
    for (int k = 0; k < n; k++)
        for (int u = 0; u < plans[k]->units->n; u++)
            w->unit_model[w->offsets[k] + u] = k;
    w->sched = (hs_scheduler){.state = w, .choose = route_choose, .observe = route_observe,
                              .priority = route_priority};
    free(parts);
    return w;
oom:
    hs_error_set(err, "workload: out of memory");
fail:
    free(parts);
    hs_workload_free(w);
    return NULL;
}
