#include "sim/placement.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "devices/support.h"

void hs_placement_free(hs_placement *p)
{
    if (!p)
        return;
    free(p->ops);
    free(p);
}

/* 1 and the dtype when processor `pi` can run op `op` (in `want` when the
 * processor has that dtype, else in its default); else 0 and a reason. */
static int can_run(const hs_device *d, const hs_graph *g, int pi, const hs_op *op, int want,
                   hs_dtype *dt, char *why, size_t n)
{
    const hs_processor *p = &d->procs[pi];
    if (want >= 0 && want < HS_DT_COUNT && p->peak_gflops[want] > 0) {
        *dt = (hs_dtype)want;
    } else if (hs_exec_dtype(p, g->dtype, dt) < 0) {
        snprintf(why, n, "%s cannot run a %s model", p->name, hs_dtype_name(g->dtype));
        return 0;
    }
    return hs_supports(p, g, op, *dt, why, n);
}

hs_placement *hs_place(const hs_device *d, const hs_graph *g, const hs_plan *plan, hs_error *err)
{
    hs_placement *pl = calloc(1, sizeof *pl);
    if (!pl || !(pl->ops = calloc((size_t)(g->n_ops > 0 ? g->n_ops : 1), sizeof *pl->ops))) {
        free(pl);
        hs_error_set(err, "out of memory");
        return NULL;
    }
    pl->n_ops = g->n_ops;
    pl->runtime_decisions = plan->runtime_decisions;
    pl->gpu_buffers = plan->gpu_buffers;
    pl->reuse_frame = plan->reuse.frame_level;
    pl->reuse_layer = plan->reuse.layer_level;
    pl->skip_below = plan->reuse.skip_below;
    for (int i = 0; i < g->n_ops; i++) {
        const hs_op *op = &g->ops[i];
        const hs_plan_op *want = &plan->ops[i];
        hs_placed_op *po = &pl->ops[i];
        po->at.n_parts = 0;
        po->at.dim = want->dim;
        po->at.chain = want->chain;
        for (int k = 0; k < want->n_parts; k++) {
            int p = want->proc[k];
            if (p < 0 || p >= d->n_procs) {
                hs_error_set(err, "plan of policy %s puts op \"%s\" on processor %d, which %s "
                                  "does not have",
                             plan->policy, op->name, p, d->name);
                goto fail;
            }
            hs_dtype dt;
            char why[96];
            if (!can_run(d, g, p, op, want->dtype[k], &dt, why, sizeof why)) {
                char host_why[96];
                if (!can_run(d, g, d->host, op, -1, &dt, host_why, sizeof host_why)) {
                    hs_error_set(err, "device %s: op \"%s\" (%s) can run neither on %s (%s) nor "
                                      "on the host %s (%s)",
                                 d->name, op->name, op->type, d->procs[p].name, why,
                                 d->procs[d->host].name, host_why);
                    goto fail;
                }
                if (!po->fallback)
                    snprintf(po->why, sizeof po->why, "%s", why);
                po->fallback = 1;
                p = d->host;
            }
            /* merge with a part already on the same processor */
            int j;
            for (j = 0; j < po->at.n_parts && po->at.proc[j] != p; j++)
                ;
            if (j == po->at.n_parts) {
                po->at.proc[j] = p;
                po->at.frac[j] = 0;
                po->dtype[j] = dt;
                po->at.n_parts++;
            }
            po->at.frac[j] += want->frac[k];
        }
        if (po->at.n_parts == 1) {
            po->at.frac[0] = 1.0;
            po->at.dim = HS_SPLIT_NONE;
            po->at.chain = -1;
        }
        pl->n_fallback += po->fallback;
    }
    return pl;
fail:
    hs_placement_free(pl);
    return NULL;
}
