/* The one list of policies. Add a line here for a new policy. */
#include <stdio.h>
#include <string.h>

#include "policies/policy.h"

extern const hs_policy hs_policy_cpu, hs_policy_gpu, hs_policy_dsp, hs_policy_npu,
    hs_policy_heft, hs_policy_pipeline, hs_policy_mulayer, hs_policy_codl,
    hs_policy_band, hs_policy_adaptive, hs_policy_reuse;

const hs_policy *const hs_policy_registry[] = {
    &hs_policy_cpu,
    &hs_policy_gpu,
    &hs_policy_dsp,
    &hs_policy_npu,
    &hs_policy_heft,
    &hs_policy_mulayer,
    &hs_policy_codl,
    &hs_policy_pipeline,
    &hs_policy_band,
    &hs_policy_adaptive,
    &hs_policy_reuse,
    NULL,
};

const hs_policy *hs_policy_find(const char *name)
{
    for (int i = 0; hs_policy_registry[i]; i++)
        if (strcmp(hs_policy_registry[i]->name, name) == 0)
            return hs_policy_registry[i];
    return NULL;
}

int hs_policy_check_name(const char *name, hs_error *err)
{
    char base[64];
    const char *colon = strchr(name, ':'), *variant = colon ? colon + 1 : NULL;
    snprintf(base, sizeof base, "%.*s", colon ? (int)(colon - name) : (int)strlen(name), name);
    const hs_policy *pol = hs_policy_find(base);
    if (!pol) {
        hs_error_set(err, "unknown policy \"%s\" (see `hetsim list policies`)", base);
        return -1;
    }
    if (variant) {
        int ok = 0;
        size_t vl = strlen(variant);
        for (const char *v = pol->variants; v && *v && !ok;) {
            size_t n = strcspn(v, ",");
            ok = n == vl && strncmp(v, variant, n) == 0;
            v += n + (v[n] == ',');
        }
        if (!ok) {
            hs_error_set(err, "policy %s: unknown variant \"%s\" (expected one of: %s)", base,
                         variant, pol->variants ? pol->variants : "none");
            return -1;
        }
    }
    return 0;
}

hs_plan *hs_policy_plan(const char *name, const hs_device *d, const hs_graph *g,
                        hs_trace *const *traces, hs_error *err)
{
    if (hs_policy_check_name(name, err) < 0)
        return NULL;
    char base[64];
    const char *colon = strchr(name, ':'), *variant = colon ? colon + 1 : NULL;
    snprintf(base, sizeof base, "%.*s", colon ? (int)(colon - name) : (int)strlen(name), name);
    const hs_policy *pol = hs_policy_find(base);
    hs_plan *plan = hs_plan_new(g->n_ops, name);
    if (!plan) {
        hs_error_set(err, "out of memory");
        return NULL;
    }
    hs_estimator est = {d, g, traces};
    hs_policy_ctx ctx = {d, g, &est, variant};
    if (pol->make_plan(pol, &ctx, plan, err) < 0) {
        hs_plan_free(plan);
        return NULL;
    }
    return plan;
}
