/* The one list of policies. Add a line here for a new policy. */
#include <string.h>

#include "policy.h"

extern const hs_policy hs_policy_cpu, hs_policy_gpu, hs_policy_dsp, hs_policy_npu,
    hs_policy_heft, hs_policy_pipeline, hs_policy_mulayer, hs_policy_codl;

const hs_policy *const hs_policy_registry[] = {
    &hs_policy_cpu,
    &hs_policy_gpu,
    &hs_policy_dsp,
    &hs_policy_npu,
    &hs_policy_heft,
    &hs_policy_mulayer,
    &hs_policy_codl,
    &hs_policy_pipeline,
    NULL,
};

const hs_policy *hs_policy_find(const char *name)
{
    for (int i = 0; hs_policy_registry[i]; i++)
        if (strcmp(hs_policy_registry[i]->name, name) == 0)
            return hs_policy_registry[i];
    return NULL;
}

hs_plan *hs_policy_plan(const char *name, const hs_device *d, const hs_graph *g,
                        hs_trace *const *traces, hs_error *err)
{
    const hs_policy *pol = hs_policy_find(name);
    if (!pol) {
        hs_error_set(err, "unknown policy \"%s\" (see `hetsim list policies`)", name);
        return NULL;
    }
    hs_plan *plan = hs_plan_new(g->n_ops, pol->name);
    if (!plan) {
        hs_error_set(err, "out of memory");
        return NULL;
    }
    hs_estimator est = {d, g, traces};
    hs_policy_ctx ctx = {d, g, &est};
    if (pol->make_plan(pol, &ctx, plan, err) < 0) {
        hs_plan_free(plan);
        return NULL;
    }
    return plan;
}
