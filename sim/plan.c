#include "sim/plan.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

const char *const hs_split_dim_names[] = {"none", "out_c", "height", NULL};

hs_plan *hs_plan_new(int n_ops, const char *policy)
{
    hs_plan *p = calloc(1, sizeof *p);
    if (!p)
        return NULL;
    p->n_ops = n_ops;
    p->single_proc = -1;
    p->ops = calloc((size_t)(n_ops > 0 ? n_ops : 1), sizeof *p->ops);
    p->policy = malloc(strlen(policy) + 1);
    if (!p->ops || !p->policy) {
        hs_plan_free(p);
        return NULL;
    }
    strcpy(p->policy, policy);
    for (int i = 0; i < n_ops; i++)
        hs_plan_set(p, i, 0);
    return p;
}

void hs_plan_free(hs_plan *p)
{
    if (!p)
        return;
    hs_units_free(p->units);
    if (p->sched.free_state)
        p->sched.free_state(p->sched.state);
    free(p->ops);
    free(p->policy);
    free(p);
}

void hs_plan_set(hs_plan *plan, int op, int proc)
{
    hs_plan_op *o = &plan->ops[op];
    memset(o, 0, sizeof *o);
    o->n_parts = 1;
    o->proc[0] = proc;
    o->frac[0] = 1.0;
    o->dim = HS_SPLIT_NONE;
    o->chain = -1;
    for (int k = 0; k < HS_MAX_PARTS; k++)
        o->dtype[k] = -1;
}

int hs_plan_split(hs_plan *plan, int op, hs_split_dim dim, int n, const int *procs,
                  const double *fracs, int chain)
{
    if (op < 0 || op >= plan->n_ops || n < 1 || n > HS_MAX_PARTS || dim == HS_SPLIT_NONE)
        return -1;
    double sum = 0;
    for (int i = 0; i < n; i++) {
        if (!(fracs[i] >= 0) || fracs[i] > 1)
            return -1;
        sum += fracs[i];
    }
    if (fabs(sum - 1.0) > 1e-9)
        return -1;
    hs_plan_op o = {.n_parts = 0, .dim = dim, .chain = chain, .dtype = {-1, -1, -1, -1}};
    for (int i = 0; i < n; i++) {
        if (fracs[i] <= 0)
            continue;
        int k;
        for (k = 0; k < o.n_parts && o.proc[k] != procs[i]; k++)
            ;
        if (k == o.n_parts) {
            o.proc[k] = procs[i];
            o.frac[k] = 0;
            o.n_parts++;
        }
        o.frac[k] += fracs[i];
    }
    if (o.n_parts == 1) { /* ratio 0 or 1: exactly the single-processor plan */
        hs_plan_set(plan, op, o.proc[0]);
        return 0;
    }
    plan->ops[op] = o;
    return 0;
}
