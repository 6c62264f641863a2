/* hs_op_costs: the FLOPs and parameters of one op from its shapes, by the
 * rules of the op table (traces/op.h), counted in double (large shapes
 * times a large kernel overflow int64). The one place costs are derived:
 * the graph (traces/graph.c, ops that do not state them) and the ONNX
 * importer (traces/onnx_import.c, every op) both call it. FLOPs count 2 per
 * multiply-add. Pure function: borrows the shapes, owns nothing. */
#ifndef HS_OP_COST_H
#define HS_OP_COST_H

#include <stdint.h>

#include "traces/op.h"

typedef struct hs_cost_in {
    hs_op_type type;
    int n_act;                  /* activation inputs (weights not counted) */
    double in_elems, out_elems; /* summed over the activation inputs / the outputs */
    const int64_t *x;           /* shape of the first activation input; NULL: none */
    int x_rank;
    const int64_t *y; /* shape of the first output */
    int y_rank;
    const int64_t *a; /* Gemm/MatMul: shape of the first operand (it may be a weight,
                         MatMul(W, x)); NULL: x */
    int a_rank;
    double kernel; /* product of the kernel dimensions (1 for ops without a kernel) */
    int64_t group; /* Conv/ConvTranspose groups (< 1 counts as 1) */
    int trans_a;   /* Gemm transA: K is the first dimension of a 2-D first operand */
} hs_cost_in;

typedef struct hs_cost {
    double flops;
    double weights; /* parameters, for ops that do not state them */
} hs_cost;

hs_cost hs_op_costs(const hs_cost_in *in);

#endif
