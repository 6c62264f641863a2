#include "placement.h"

#include <stdio.h>
#include <stdlib.h>

#include "../devices/support.h"

void hs_placement_free(hs_placement *p)
{
    if (!p)
        return;
    free(p->proc);
    free(p->dtype);
    free(p->fallback);
    free(p->why);
    free(p);
}

/* 1 and the dtype when processor `pi` can run op `op`; else 0 and a reason. */
static int can_run(const hs_device *d, const hs_graph *g, int pi, const hs_op *op, hs_dtype *dt,
                   char *why, size_t n)
{
    const hs_processor *p = &d->procs[pi];
    if (hs_exec_dtype(p, g->dtype, dt) < 0) {
        snprintf(why, n, "%s cannot run a %s model", p->name, hs_dtype_name(g->dtype));
        return 0;
    }
    return hs_supports(p, g, op, *dt, why, n);
}

hs_placement *hs_place(const hs_device *d, const hs_graph *g, const hs_plan *plan, hs_error *err)
{
    hs_placement *pl = calloc(1, sizeof *pl);
    if (!pl)
        goto oom;
    int n = g->n_ops;
    pl->n_ops = n;
    pl->proc = calloc((size_t)n, sizeof *pl->proc);
    pl->dtype = calloc((size_t)n, sizeof *pl->dtype);
    pl->fallback = calloc((size_t)n, 1);
    pl->why = calloc((size_t)n, sizeof *pl->why);
    if (!pl->proc || !pl->dtype || !pl->fallback || !pl->why)
        goto oom;
    for (int i = 0; i < n; i++) {
        const hs_op *op = &g->ops[i];
        int want = plan->proc[i];
        if (want < 0 || want >= d->n_procs) {
            hs_error_set(err, "plan of policy %s puts op \"%s\" on processor %d, which %s does not "
                              "have",
                         plan->policy, op->name, want, d->name);
            goto fail;
        }
        if (can_run(d, g, want, op, &pl->dtype[i], pl->why[i], sizeof pl->why[i])) {
            pl->proc[i] = want;
            continue;
        }
        char host_why[96];
        if (!can_run(d, g, d->host, op, &pl->dtype[i], host_why, sizeof host_why)) {
            hs_error_set(err, "device %s: op \"%s\" (%s) can run neither on %s (%s) nor on the "
                              "host %s (%s)",
                         d->name, op->name, op->type, d->procs[want].name, pl->why[i],
                         d->procs[d->host].name, host_why);
            goto fail;
        }
        pl->proc[i] = d->host;
        pl->fallback[i] = 1;
        pl->n_fallback++;
    }
    return pl;
oom:
    hs_error_set(err, "out of memory");
fail:
    hs_placement_free(pl);
    return NULL;
}
