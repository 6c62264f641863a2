#include "policies/coexec.h"

#include <math.h>
#include <string.h>

#include "sim/predict.h"

int hs_coexec_pair(const hs_policy *self, const hs_device *d, int *cpu, int *gpu, hs_error *err)
{
    *cpu = d->host;
    *gpu = hs_device_find_kind(d, HS_PROC_GPU);
    if (*gpu < 0) {
        hs_error_set(err, "policy %s: device %s has no gpu processor to co-execute with", self->name,
                     d->name);
        return -1;
    }
    return 0;
}

int hs_coexec_splittable(const hs_op *op)
{
    /* a linear layer; a MatMul only when its other operand is a weight */
    return hs_op_type_has(op->type_id, HS_OPF_LINEAR) &&
           (op->type_id != HS_OP_MATMUL || op->n_in == 1);
}

double hs_coexec_handoff_ns(const hs_device *d, int from, int to, double bytes)
{
    if (from == to)
        return 0;
    return (double)(hs_device_transfer_ns(d, from, to, bytes) + hs_coexec_meeting_ns(d, from, to));
}

double hs_coexec_parts_ns(const hs_device *d, int cpu, int gpu, double tc, double tg)
{
    if (tc <= 0 || tg <= 0)
        return fmax(tc, tg);
    return fmax(tc * hs_coexec_interference(d, cpu),
                (double)hs_coexec_dispatch_ns(d, gpu) + tg * hs_coexec_interference(d, gpu));
}

int hs_coexec_guard(const hs_policy_ctx *c, hs_plan *plan, hs_error *err)
{
    double single;
    int p;
    if (hs_plan_best_single(c->est, &single, &p, err) < 0)
        return -1;
    plan->single_ns = single;
    plan->single_proc = p;
    if (!(plan->predicted_ns > single))
        return 0;
    plan->own_ns = plan->predicted_ns;
    for (int i = 0; i < plan->n_ops; i++)
        hs_plan_set(plan, i, p);
    plan->predicted_ns = single;
    plan->runtime_decisions = 0; /* one processor: a plain graph, nothing decided per op */
    plan->fell_back = 1;
    return 0;
}
