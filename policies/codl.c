/* codl: CoDL's hybrid-dimension co-execution (Jia et al., MobiSys 2022).
 * Every op both the host CPU and the GPU can run may be split on the output
 * channels or on the height, at a ratio in steps of 0.1 (0 and 1 meaning
 * the whole op on one processor). Ops are visited in topological order; each
 * takes the (dimension, ratio) that minimises its predicted latency, which
 * includes the data-sharing cost CoDL models (transform + map + sync: the
 * transfers of input parts to the processor that lacks them). An op that
 * keeps its producer's split stays in the producer's operator chain, so the
 * partitions stay local and only halos move. The per-op prediction counts
 * the profile's co-execution terms (coexec_costs.h: meeting, conversion,
 * split dispatch, interference); a whole plan predicted slower than the
 * best single processor is replaced by that processor's plan. */
#include <math.h>
#include <stdlib.h>

#include "sim/predict.h"
#include "policies/coexec.h"

#define STEPS 10

typedef struct choice {
    hs_split_dim dim;
    int step; /* GPU share = step / STEPS */
} choice;

static int spatial_or_channel_local(const hs_op *op, hs_split_dim dim)
{
    if (dim == HS_SPLIT_HEIGHT) /* rows stay local for any op on NCHW maps */
        return op->n_out == 1 && op->n_in >= 1;
    return !hs_coexec_splittable(op) || op->attrs.group > 1; /* per-channel work */
}

/* Predicted time for processor q to get the share `need` of an op's input it
 * lacks from producer op `prod` (-1: the graph input, on the host): what the
 * producer's parts elsewhere hold of it crosses over (transfer, conversion
 * and, between ops, the meeting); the parts move in parallel. */
static double lacks(const hs_policy_ctx *c, const hs_plan *plan, int prod, int q, double need,
                    double in_bytes)
{
    if (prod < 0)
        return (double)hs_device_transfer_ns(c->d, c->d->host, q, need * in_bytes);
    const hs_plan_op *o = &plan->ops[prod];
    double w = 0;
    for (int k = 0; k < o->n_parts; k++)
        if (o->proc[k] != q)
            w = fmax(w, hs_coexec_handoff_ns(c->d, o->proc[k], q, need * o->frac[k] * in_bytes));
    return w;
}

static int codl_plan(const hs_policy *self, const hs_policy_ctx *c, hs_plan *plan,
                     hs_error *err)
{
    int cpu, gpu;
    if (hs_coexec_pair(self, c->d, &cpu, &gpu, err) < 0)
        return -1;
    const hs_graph *g = c->g;
    choice *chosen = calloc((size_t)g->n_ops, sizeof *chosen);
    int *chain = malloc((size_t)g->n_ops * sizeof *chain);
    if (!chosen || !chain) {
        free(chosen);
        free(chain);
        hs_error_set(err, "codl: out of memory");
        return -1;
    }
    int next_chain = 0;
    for (int k = 0; k < g->n_ops; k++) {
        int i = g->topo[k];
        const hs_op *op = &g->ops[i];
        /* producer of the first input, when it is an op: the chain candidate */
        int prod = op->n_in ? g->tensors[op->in[0]].producer : -1;
        double in_bytes = op->n_in ? (double)g->tensors[op->in[0]].elems * 4 : 0;
        double best = INFINITY;
        choice bc = {HS_SPLIT_NONE, STEPS};
        for (int dim = HS_SPLIT_OUT_C; dim <= HS_SPLIT_HEIGHT; dim++)
            for (int s = 0; s <= STEPS; s++) {
                double r = (double)s / STEPS;
                double tc = r < 1 ? hs_est_op_ns(c->est, i, cpu, 1 - r, (hs_split_dim)dim) : 0;
                double tg = r > 0 ? hs_est_op_ns(c->est, i, gpu, r, (hs_split_dim)dim) : 0;
                if (tc < 0 || tg < 0)
                    continue;
                /* CoDL's Eq. 2 with the profile's terms: both parts
                 * (interference, the GPU part's own dispatch) ... */
                double t = hs_coexec_parts_ns(c->d, cpu, gpu, tc, tg);
                /* ... and data sharing: unless the split continues the
                 * producer's chain, each processor first receives what it
                 * lacks (transfer, conversion, meeting) */
                int keeps = prod >= 0 && (int)chosen[prod].dim == dim && chosen[prod].step == s &&
                            spatial_or_channel_local(op, (hs_split_dim)dim);
                if (!keeps) {
                    double need_c = dim == HS_SPLIT_OUT_C ? 1.0 : 1 - r;
                    double need_g = dim == HS_SPLIT_OUT_C ? 1.0 : r;
                    double wc = s < STEPS ? lacks(c, plan, prod, cpu, need_c, in_bytes) : 0;
                    double wg = s > 0 ? lacks(c, plan, prod, gpu, need_g, in_bytes) : 0;
                    t += fmax(wc, wg);
                }
                if (t < best - 1e-9) {
                    best = t;
                    bc = (choice){(hs_split_dim)dim, s};
                }
            }
        if (isinf(best)) { /* only one of them can run it: GPU if it can, else CPU */
            int p = hs_est_op_ns(c->est, i, gpu, 1.0, HS_SPLIT_NONE) >= 0 ? gpu : cpu;
            hs_plan_set(plan, i, p);
            chosen[i] = (choice){HS_SPLIT_NONE, p == gpu ? STEPS : 0};
            chain[i] = -1;
            continue;
        }
        chosen[i] = bc;
        if (bc.step == 0 || bc.step == STEPS) {
            hs_plan_set(plan, i, bc.step == STEPS ? gpu : cpu);
            chosen[i].dim = HS_SPLIT_NONE;
            chain[i] = -1;
            continue;
        }
        int keeps = prod >= 0 && chosen[prod].dim == bc.dim && chosen[prod].step == bc.step &&
                    spatial_or_channel_local(op, bc.dim);
        chain[i] = keeps && chain[prod] >= 0 ? chain[prod] : next_chain++;
        const int procs[2] = {cpu, gpu};
        const double fr[2] = {1.0 - (double)bc.step / STEPS, (double)bc.step / STEPS};
        hs_plan_split(plan, i, bc.dim, 2, procs, fr, chain[i]);
    }
    free(chosen);
    free(chain);
    /* a runtime that coordinates the two processors decides per op; with no
     * split at all the plan is a plain single-processor graph */
    for (int i = 0; i < g->n_ops; i++)
        plan->runtime_decisions |= plan->ops[i].n_parts > 1;
    if (hs_plan_predict(c->est, plan, HS_PREDICT_STATIC, &plan->predicted_ns, err) < 0)
        return -1;
    return hs_coexec_guard(c, plan, err);
}

const hs_policy hs_policy_codl = {
    .name = "codl",
    .summary = "hybrid-dimension CPU+GPU split per op, operator chains, data-sharing-aware",
    .description =
        "For every operator the host CPU and the GPU both support, chooses a split dimension "
        "(output channels or height) and a GPU share in steps of 0.1 by minimising its "
        "predicted latency, which counts the data-sharing cost of co-execution (transform, "
        "map and synchronisation: moving input parts to the processor that lacks them). "
        "Consecutive operators that keep the same split form an operator chain whose "
        "partitions stay local, so only halo rows cross processors; where sharing costs more "
        "than the split saves, the operator runs whole on one processor; a plan predicted "
        "slower than the best single processor is replaced by that processor's plan.",
    .paper = "Jia, Li, Wang, Lee, Cao, Zhou: CoDL: Efficient CPU-GPU Co-execution for Deep "
             "Learning Inference on Mobile Devices, MobiSys 2022",
    .make_plan = codl_plan,
};
