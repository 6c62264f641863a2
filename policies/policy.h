/* hs_policy: a partitioning policy, StarPU-style: a struct of function
 * pointers and texts, all listed in one registry (registry.c) and chosen by
 * name. A policy turns (device, model) into a plan. Adding one = a new file
 * defining a `const hs_policy` + one line in registry.c. */
#ifndef HS_POLICY_H
#define HS_POLICY_H

#include "devices/profile.h"
#include "sim/estimator.h"
#include "traces/graph.h"
#include "sim/plan.h"

/* What a policy sees: the device, the model, and offline latency estimates. */
typedef struct hs_policy_ctx {
    const hs_device *d;
    const hs_graph *g;
    const hs_estimator *est;
    const char *variant; /* after ':' in "band:rr"; the policy's default when NULL */
} hs_policy_ctx;

typedef struct hs_policy hs_policy;
struct hs_policy {
    const char *name;
    const char *summary;     /* one line, for `hetsim list policies --long` */
    const char *description; /* a paragraph: what it does and when it wins */
    const char *paper;       /* the work it follows */
    /* Fill `plan` (already sized for the model, every op on processor 0).
     * Return 0, or -1 with `err`. */
    int (*make_plan)(const hs_policy *self, const hs_policy_ctx *ctx, hs_plan *plan,
                     hs_error *err);
    const void *params;   /* policy-specific constants */
    const char *variants; /* accepted variants, comma-separated ("sel,rr"), or NULL */
};

extern const hs_policy *const hs_policy_registry[]; /* NULL-terminated */
const hs_policy *hs_policy_find(const char *name);
/* 0 when `name` ("policy" or "policy:variant") names a policy and one of
 * its variants, or -1 with err (an input error). */
int hs_policy_check_name(const char *name, hs_error *err);
/* Look up `name` ("policy" or "policy:variant") and let it plan `g` on `d`
 * (traces may be NULL). Returns a plan the caller frees, or NULL with `err`
 * (unknown policy or variant included). */
hs_plan *hs_policy_plan(const char *name, const hs_device *d, const hs_graph *g,
                        hs_trace *const *traces, hs_error *err);

#endif
