/* Costs from shapes by the rules of the op table (contract in op_cost.h). */
#include "traces/op_cost.h"

#include <stddef.h>

/* dimension i of a shape, 1 past its rank */
static int64_t dim(const int64_t *s, int rank, int i)
{
    return s && i < rank ? s[i] : 1;
}

static int64_t last(const int64_t *s, int rank)
{
    return s && rank > 0 ? s[rank - 1] : 1;
}

hs_cost hs_op_costs(const hs_cost_in *in)
{
    const hs_op_info *oi = hs_op_info_of(in->type);
    hs_cost c = {0, 0};
    double out = in->out_elems, inn = in->in_elems;
    int64_t grp = in->group > 0 ? in->group : 1;
    int has_x = in->x != NULL;
    switch (oi->cost) {
    case HS_COST_CONV:
        c.flops = has_x ? 2.0 * out * (double)(dim(in->x, in->x_rank, 1) / grp) * in->kernel : out;
        break;
    case HS_COST_CONV_T:
        c.flops = has_x ? 2.0 * inn * (double)(dim(in->y, in->y_rank, 1) / grp) * in->kernel : out;
        break;
    case HS_COST_GEMM: {
        if (!has_x) {
            c.flops = out;
            break;
        }
        const int64_t *a = in->a ? in->a : in->x;
        int ar = in->a ? in->a_rank : in->x_rank;
        int64_t k = last(a, ar);
        if (in->type == HS_OP_GEMM && in->trans_a && ar == 2)
            k = a[0];
        c.flops = 2.0 * out * (double)k;
        if (in->n_act == 1) { /* one activation input: the other operand is a weight matrix */
            double n = (double)last(in->y, in->y_rank);
            c.weights = (double)k * n + (oi->weights == HS_WEIGHTS_GEMM ? n : 0);
        }
        break;
    }
    case HS_COST_WINDOW:
        c.flops = out * in->kernel;
        break;
    case HS_COST_PER_IN:
        c.flops = inn;
        break;
    case HS_COST_PER_OUT:
        c.flops = oi->flops_per_out * out;
        break;
    }
    switch (oi->weights) {
    case HS_WEIGHTS_CONV:
        if (has_x) {
            int64_t cin = dim(in->x, in->x_rank, 1), cout = dim(in->y, in->y_rank, 1);
            c.weights = (double)cout * (double)(cin / grp) * in->kernel + (double)cout;
        }
        break;
    case HS_WEIGHTS_CONV_T:
        if (has_x) {
            int64_t cin = dim(in->x, in->x_rank, 1), cout = dim(in->y, in->y_rank, 1);
            c.weights = (double)cin * (double)(cout / grp) * in->kernel + (double)cout;
        }
        break;
    case HS_WEIGHTS_BATCHNORM:
        c.weights = 4.0 * (double)dim(in->y, in->y_rank, 1);
        break;
    case HS_WEIGHTS_CHANNEL_2:
        c.weights = 2.0 * (double)dim(in->y, in->y_rank, 1);
        break;
    case HS_WEIGHTS_LAST_AXIS_2:
        c.weights = 2.0 * (double)last(in->y, in->y_rank);
        break;
    case HS_WEIGHTS_NONE:
    case HS_WEIGHTS_MATMUL: /* with the FLOPs above */
    case HS_WEIGHTS_GEMM:
        break;
    }
    return c;
}
