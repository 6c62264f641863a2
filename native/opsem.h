/* hs_native_opinfo: what an op computes, worked out once from its op-table
 * entry (traces/op.h), the attributes its model file gives (Transpose perm,
 * Concat/Softmax/LayerNormalization/Gather axis, epsilon, LeakyRelu alpha,
 * Clip bounds, Pad and Resize modes, a fused activation: hs_op.attr_list)
 * and its shapes, shared
 * by the CPU and OpenCL backends so that both run the same semantics. An
 * attribute the backends cannot honour is an error naming the op and the
 * attribute; where the file gives none, ONNX's default applies (docs/native.md
 * lists the few that shapes still decide). hs_native_opinfo_infer fills one
 * from an op; it owns nothing (weights live in the model, model.c). */
#ifndef HS_NATIVE_OPSEM_H
#define HS_NATIVE_OPSEM_H

#include <stdint.h>

#include "base/error.h"
#include "traces/graph.h"

typedef enum {
    HS_NK_CONV = 0,   /* Conv: im2col + GEMM; depthwise: direct */
    HS_NK_CONVT,      /* ConvTranspose: direct (gather form) */
    HS_NK_GEMM,       /* Gemm / MatMul: batched A[M,K] x B[K,N] (+ bias) */
    HS_NK_UNARY,      /* Relu, LeakyRelu, Clip, Sigmoid, Tanh, Erf, copies */
    HS_NK_BINARY,     /* Add, Sub, Mul, Div with numpy broadcasting */
    HS_NK_POOL,       /* MaxPool, AveragePool, GlobalAveragePool */
    HS_NK_CHANNEL,    /* BatchNormalization: per-channel scale and shift */
    HS_NK_NORM,       /* InstanceNormalization (per plane), LayerNormalization (last axis) */
    HS_NK_SOFTMAX,    /* Softmax along attrs.axis (default the last) */
    HS_NK_CONCAT,     /* Concat along attrs.axis */
    HS_NK_RESIZE,     /* Resize / Upsample: nearest, asymmetric, floor */
    HS_NK_PAD,        /* Pad: constant (zeros), reflect or edge; pads split evenly (extra at the end) */
    HS_NK_TRANSPOSE,  /* Transpose by attrs.perm (default: reversed) */
    HS_NK_GATHER,     /* Gather: rows of a weight table by index (sub 0); index 0 of data along an axis (sub 1) */
    HS_NK_COUNT
} hs_native_kind;

typedef enum { HS_UN_COPY = 0, HS_UN_RELU, HS_UN_LEAKY, HS_UN_CLIP, HS_UN_SIGMOID, HS_UN_TANH, HS_UN_ERF, HS_UN_HARD_SIGMOID, HS_UN_HARD_SWISH } hs_native_unary;
typedef enum { HS_BIN_ADD = 0, HS_BIN_SUB, HS_BIN_MUL, HS_BIN_DIV } hs_native_binary;
typedef enum { HS_POOL_MAX = 0, HS_POOL_AVG } hs_native_pool;
typedef enum { HS_NORM_INSTANCE = 0, HS_NORM_LAYER } hs_native_norm;
typedef enum { HS_PAD_CONSTANT = 0, HS_PAD_REFLECT, HS_PAD_EDGE } hs_native_pad;

#define HS_NATIVE_MAX_CONCAT 16

typedef struct hs_native_opinfo {
    hs_native_kind kind;
    int sub;             /* hs_native_unary / _binary / _pool / _norm / _pad */
    float alpha, beta;   /* LeakyRelu alpha; Clip min/max; norm epsilon (alpha) */
    /* the activation a runtime's lowering fused into the op (attrs.activation,
     * traces/lowering.c), applied to the op's output slice after its kernel:
     * -1 none, else an hs_native_unary (RELU, LEAKY, CLIP, SIGMOID, TANH,
     * HARD_SIGMOID) with its parameters as a unary op has them in alpha/beta */
    int act;
    float act_alpha, act_beta;
    int64_t out_elems;
    /* Conv / ConvTranspose / Pool / Resize / Pad: NCHW */
    int64_t n, c, h, w, oc, oh, ow;
    int kh, kw, sh, sw, ph, pw, dh, dw, group;
    int depthwise;       /* group == c == oc / mult, direct kernel */
    /* Gemm / MatMul: out[b][M][N] = A[b][M][K] x B[b][K][N] */
    int64_t M, K, N, batch;
    int64_t a_bstride, b_bstride; /* elements between batches (0: broadcast) */
    int b_tensor;        /* tensor index of B, or -1: B is the op's weight */
    int has_bias;
    /* weights: w_elems then bias_elems floats, in the model */
    int64_t w_elems, bias_elems;
    /* Binary, Transpose: rank-8 broadcast/permute strides on the output shape */
    int rank;
    int64_t oshape[HS_MAX_RANK];
    int64_t astr[HS_MAX_RANK], bstr[HS_MAX_RANK];
    int b_is_weight;     /* binary: second operand is the op's weight */
    int b_scalar;        /* binary: second operand is the scalar alpha */
    /* Norm / Softmax: rows of `inner` elements, `stride` apart (1 but for a Softmax
     * along an inner axis); InstanceNorm per channel */
    int64_t rows, inner, stride;
    /* Concat: axis and each input's offset/size along it (also the axis of
     * Softmax, LayerNorm and a data Gather) */
    int axis, n_cat;
    int64_t cat_off[HS_NATIVE_MAX_CONCAT + 1];
} hs_native_opinfo;

int hs_native_opinfo_infer(const hs_graph *g, int op, hs_native_opinfo *info, hs_error *err);
/* Does the op's type have a native kernel (both backends run the same set)? */
int hs_native_type_known(const hs_op *op);
const char *hs_native_kind_name(hs_native_kind k);

/* Outer size, axis size and inner size of a tensor around `axis`. */
void hs_native_axis_split(const hs_tensor *t, int axis, int64_t *outer, int64_t *size, int64_t *inner);

#endif
