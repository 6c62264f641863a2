/* hs_plan: what a policy decides, per op: the processor it should run on.
 * The plan is the policy's wish; hs_placement (placement.h) is what the
 * simulator makes of it once operator support is enforced. The plan owns its
 * arrays; free with hs_plan_free(). */
#ifndef HS_PLAN_H
#define HS_PLAN_H

typedef struct hs_plan {
    char *policy;
    int n_ops;
    int *proc; /* planned processor index per op (graph op order) */
} hs_plan;

hs_plan *hs_plan_new(int n_ops, const char *policy);
void hs_plan_free(hs_plan *p);

#endif
