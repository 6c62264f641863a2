#include "plan.h"

#include <stdlib.h>
#include <string.h>

hs_plan *hs_plan_new(int n_ops, const char *policy)
{
    hs_plan *p = calloc(1, sizeof *p);
    if (!p)
        return NULL;
    p->n_ops = n_ops;
    p->proc = calloc((size_t)(n_ops ? n_ops : 1), sizeof *p->proc);
    p->policy = malloc(strlen(policy) + 1);
    if (!p->proc || !p->policy) {
        hs_plan_free(p);
        return NULL;
    }
    strcpy(p->policy, policy);
    return p;
}

void hs_plan_free(hs_plan *p)
{
    if (!p)
        return;
    free(p->proc);
    free(p->policy);
    free(p);
}
