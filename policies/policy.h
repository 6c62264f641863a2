/* hs_policy: a partitioning policy, StarPU-style: a struct of function
 * pointers and texts, all listed in one registry (registry.c) and chosen by
 * name. A policy turns (device, model) into a plan. Adding one = a new file
 * defining a `const hs_policy` + one line in registry.c. */
#ifndef HS_POLICY_H
#define HS_POLICY_H

#include "../devices/profile.h"
#include "../sim/graph.h"
#include "../sim/plan.h"

typedef struct hs_policy hs_policy;
struct hs_policy {
    const char *name;
    const char *summary;     /* one line, for `hetsim list policies --long` */
    const char *description; /* a paragraph: what it does and when it wins */
    const char *paper;       /* the work it follows */
    /* Fill `plan` (already sized for g->n_ops). Return 0, or -1 with `err`. */
    int (*make_plan)(const hs_policy *self, const hs_device *d, const hs_graph *g, hs_plan *plan,
                     hs_error *err);
    const void *params; /* policy-specific constants */
};

extern const hs_policy *const hs_policy_registry[]; /* NULL-terminated */
const hs_policy *hs_policy_find(const char *name);

#endif
