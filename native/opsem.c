/* Op semantics from the op type, its attributes and its shapes (see opsem.h
 * and docs/native.md). */
#include "native/opsem.h"

#include <float.h>
#include <stdio.h>
#include <string.h>

static const char *const kind_names[HS_NK_COUNT] = {
    "conv", "conv_transpose", "gemm", "unary", "binary", "pool", "channel", "norm",
    "softmax", "concat", "resize", "pad", "transpose", "gather"};

const char *hs_native_kind_name(hs_native_kind k)
{
    return k >= 0 && k < HS_NK_COUNT ? kind_names[k] : "?";
}

void hs_native_axis_split(const hs_tensor *t, int axis, int64_t *outer, int64_t *size, int64_t *inner)
{
    int64_t o = 1, in = 1;
    for (int i = 0; i < axis && i < t->rank; i++)
        o *= t->shape[i];
    for (int i = axis + 1; i < t->rank; i++)
        in *= t->shape[i];
    *outer = o;
    *size = axis < t->rank ? t->shape[axis] : 1;
    *inner = in;
}

static int64_t dim_at(const hs_tensor *t, int i) { return i < t->rank ? t->shape[i] : 1; }

/* Strides of tensor t (right-aligned against an output of rank r with shape
 * os) for numpy broadcasting: 0 along broadcast dims. -1 if incompatible. */
static int broadcast_strides(const int64_t *shape, int rank, const int64_t *os, int r, int64_t *str)
{
    if (rank > r)
        return -1;
    int64_t s = 1;
    for (int i = r - 1; i >= 0; i--) {
        int j = i - (r - rank);
        int64_t d = j >= 0 ? shape[j] : 1;
        if (d == os[i])
            str[i] = d == 1 ? 0 : s;
        else if (d == 1)
            str[i] = 0;
        else
            return -1;
        s *= d;
    }
    return 0;
}

static int need_rank(const hs_op *op, const hs_tensor *t, int rank, hs_error *err)
{
    if (t->rank != rank) {
        hs_error_set(err, "op '%s' (%s): tensor '%s' has rank %d, expected %d", op->name, op->type,
                     t->name, t->rank, rank);
        return -1;
    }
    return 0;
}

static int infer_conv(const hs_op *op, const hs_tensor *x, const hs_tensor *y, hs_native_opinfo *f,
                      int transpose, hs_error *err)
{
    if (need_rank(op, x, 4, err) || need_rank(op, y, 4, err))
        return -1;
    const hs_op_attrs *a = &op->attrs;
    f->n = x->shape[0], f->c = x->shape[1], f->h = x->shape[2], f->w = x->shape[3];
    f->oc = y->shape[1], f->oh = y->shape[2], f->ow = y->shape[3];
    f->kh = a->kernel_h > 0 ? a->kernel_h : 1, f->kw = a->kernel_w > 0 ? a->kernel_w : 1;
    f->sh = a->stride_h > 0 ? a->stride_h : 1, f->sw = a->stride_w > 0 ? a->stride_w : 1;
    f->dh = a->dilation_h > 0 ? a->dilation_h : 1, f->dw = a->dilation_w > 0 ? a->dilation_w : 1;
    f->ph = a->pads[0], f->pw = a->pads[1];
    f->group = a->group > 0 ? a->group : 1;
    if (y->shape[0] != f->n || f->c % f->group || f->oc % f->group) {
        hs_error_set(err, "op '%s' (%s): input [%lld,%lld,..] and output [%lld,%lld,..] do not fit group %d",
                     op->name, op->type, (long long)f->n, (long long)f->c, (long long)y->shape[0],
                     (long long)f->oc, f->group);
        return -1;
    }
    int64_t eh, ew;
    if (!transpose) {
        eh = (f->h + a->pads[0] + a->pads[2] - (int64_t)f->dh * (f->kh - 1) - 1) / f->sh + 1;
        ew = (f->w + a->pads[1] + a->pads[3] - (int64_t)f->dw * (f->kw - 1) - 1) / f->sw + 1;
    } else {
        eh = (f->h - 1) * f->sh - a->pads[0] - a->pads[2] + (int64_t)f->dh * (f->kh - 1) + 1;
        ew = (f->w - 1) * f->sw - a->pads[1] - a->pads[3] + (int64_t)f->dw * (f->kw - 1) + 1;
    }
    /* ConvTranspose may carry output_padding (not in the format): accept up to stride-1 more */
    if (transpose ? (f->oh < eh || f->oh >= eh + f->sh || f->ow < ew || f->ow >= ew + f->sw)
                  : (f->oh != eh || f->ow != ew)) {
        hs_error_set(err, "op '%s' (%s): output %lldx%lld does not follow from input %lldx%lld, kernel %dx%d, "
                     "stride %dx%d, pads %d,%d,%d,%d, dilation %dx%d (expected %lldx%lld)",
                     op->name, op->type, (long long)f->oh, (long long)f->ow, (long long)f->h, (long long)f->w,
                     f->kh, f->kw, f->sh, f->sw, a->pads[0], a->pads[1], a->pads[2], a->pads[3], f->dh, f->dw,
                     (long long)eh, (long long)ew);
        return -1;
    }
    if (!transpose) {
        f->depthwise = f->group > 1 && f->group == f->c;
        f->w_elems = f->oc * (f->c / f->group) * f->kh * f->kw;
    } else {
        f->w_elems = f->c * (f->oc / f->group) * f->kh * f->kw;
    }
    f->bias_elems = f->oc;
    f->has_bias = 1;
    return 0;
}

static int infer_pool(const hs_op *op, const hs_tensor *x, const hs_tensor *y, hs_native_opinfo *f,
                      int global, hs_error *err)
{
    if (need_rank(op, x, 4, err) || need_rank(op, y, 4, err))
        return -1;
    f->n = x->shape[0], f->c = x->shape[1], f->h = x->shape[2], f->w = x->shape[3];
    f->oc = y->shape[1], f->oh = y->shape[2], f->ow = y->shape[3];
    if (f->oc != f->c || y->shape[0] != f->n) {
        hs_error_set(err, "op '%s' (%s): pooling changes batch or channels", op->name, op->type);
        return -1;
    }
    if (global) {
        f->kh = (int)f->h, f->kw = (int)f->w, f->sh = f->sw = 1, f->ph = f->pw = 0;
        if (f->oh != 1 || f->ow != 1) {
            hs_error_set(err, "op '%s' (%s): output must be 1x1", op->name, op->type);
            return -1;
        }
    } else {
        const hs_op_attrs *a = &op->attrs;
        f->kh = a->kernel_h > 0 ? a->kernel_h : 1, f->kw = a->kernel_w > 0 ? a->kernel_w : 1;
        f->sh = a->stride_h > 0 ? a->stride_h : 1, f->sw = a->stride_w > 0 ? a->stride_w : 1;
        f->ph = a->pads[0], f->pw = a->pads[1];
    }
    f->dh = f->dw = 1;
    return 0;
}

/* An integer attribute within [-rank, rank) made non-negative; `def` when the
 * op does not give it. -1 with err set when it is out of range. */
static int axis_attr(const hs_op *op, const char *name, int def, int rank, hs_error *err)
{
    double v = hs_attrs_number(&op->attr_list, name, def);
    if (!(v >= -rank && v < rank)) {
        hs_error_set(err, "op '%s' (%s): attrs.%s = %g: expected an axis in [%d, %d) for rank %d",
                     op->name, op->type, name, v, -rank, rank, rank);
        return -1;
    }
    return (int)(v < 0 ? v + rank : v);
}

/* A string attribute that must be absent or one of `ok` (NULL-terminated);
 * returns its index in `ok` (0 when absent), -1 with err set otherwise. */
static int mode_attr(const hs_op *op, const char *name, const char *const *ok, hs_error *err)
{
    const char *v = hs_attrs_string(&op->attr_list, name, NULL);
    if (!v && hs_attrs_find(&op->attr_list, name)) {
        hs_error_set(err, "op '%s' (%s): attrs.%s: expected a string", op->name, op->type, name);
        return -1;
    }
    if (!v)
        return 0;
    for (int i = 0; ok[i]; i++)
        if (strcmp(v, ok[i]) == 0)
            return i;
    char list[160] = "";
    for (int i = 0; ok[i]; i++)
        snprintf(list + strlen(list), sizeof list - strlen(list), "%s\"%s\"", i ? ", " : "", ok[i]);
    hs_error_set(err, "op '%s' (%s): attrs.%s = \"%s\" has no native kernel (expected %s)", op->name,
                 op->type, name, v, list);
    return -1;
}

static int infer_transpose(const hs_op *op, const hs_tensor *x, const hs_tensor *y, hs_native_opinfo *f,
                           hs_error *err)
{
    if (x->rank != y->rank || x->elems != y->elems) {
        hs_error_set(err, "op '%s' (Transpose): input '%s' and output '%s' differ in rank or size", op->name,
                     x->name, y->name);
        return -1;
    }
    int r = x->rank;
    int64_t perm[HS_MAX_RANK];
    int n = hs_attrs_ints(&op->attr_list, "perm", perm, HS_MAX_RANK);
    if (n < 0 && hs_attrs_find(&op->attr_list, "perm")) {
        hs_error_set(err, "op '%s' (Transpose): attrs.perm: expected an array of integers", op->name);
        return -1;
    }
    if (n < 0) { /* ONNX's default: the dimensions reversed */
        n = r;
        for (int i = 0; i < r; i++)
            perm[i] = r - 1 - i;
    }
    unsigned seen = 0;
    int ok = n == r;
    for (int i = 0; ok && i < r; i++) {
        ok = perm[i] >= 0 && perm[i] < r && !(seen >> perm[i] & 1u);
        if (ok)
            seen |= 1u << perm[i];
    }
    if (!ok) {
        hs_error_set(err, "op '%s' (Transpose): attrs.perm: expected a permutation of 0..%d (%d entries)",
                     op->name, r - 1, r);
        return -1;
    }
    int64_t istr[HS_MAX_RANK];
    int64_t s = 1;
    for (int i = r - 1; i >= 0; i--)
        istr[i] = s, s *= x->shape[i];
    for (int i = 0; i < r; i++) {
        if (y->shape[i] != x->shape[perm[i]]) {
            hs_error_set(err, "op '%s' (Transpose): output '%s' dimension %d is %lld, but perm[%d] = %lld "
                         "takes input '%s' dimension %lld (%lld)%s",
                         op->name, y->name, i, (long long)y->shape[i], i, (long long)perm[i], x->name,
                         (long long)perm[i], (long long)x->shape[perm[i]],
                         hs_attrs_find(&op->attr_list, "perm") ? "" : " (no attrs.perm: ONNX reverses the "
                                                                    "dimensions)");
            return -1;
        }
        f->astr[i] = istr[perm[i]];
    }
    return 0;
}

static int infer_concat(const hs_graph *g, const hs_op *op, const hs_tensor *x, const hs_tensor *y,
                        hs_native_opinfo *f, hs_error *err)
{
    if (op->n_in > HS_NATIVE_MAX_CONCAT) {
        hs_error_set(err, "op '%s' (Concat): %d inputs, at most %d supported", op->name, op->n_in,
                     HS_NATIVE_MAX_CONCAT);
        return -1;
    }
    if (hs_attrs_find(&op->attr_list, "axis")) {
        if ((f->axis = axis_attr(op, "axis", 0, y->rank, err)) < 0)
            return -1;
    } else { /* a file without the axis: the one axis whose size the first input does not fill */
        f->axis = -1;
        for (int i = 0; i < y->rank && f->axis < 0; i++)
            if (dim_at(x, i) != y->shape[i])
                f->axis = i;
        if (f->axis < 0)
            f->axis = y->rank > 1 ? 1 : 0;
    }
    int64_t off = 0;
    for (int k = 0; k < op->n_in; k++) {
        const hs_tensor *in = &g->tensors[op->in[k]];
        int ok = in->rank == y->rank;
        for (int i = 0; ok && i < y->rank; i++)
            if (i != f->axis && in->shape[i] != y->shape[i])
                ok = 0;
        if (!ok) {
            hs_error_set(err, "op '%s' (Concat): input '%s' differs from output '%s' outside axis %d",
                         op->name, in->name, y->name, f->axis);
            return -1;
        }
        f->cat_off[k] = off;
        off += in->shape[f->axis];
    }
    f->cat_off[op->n_in] = off;
    f->n_cat = op->n_in;
    if (off != y->shape[f->axis]) {
        hs_error_set(err, "op '%s' (Concat): inputs sum to %lld along axis %d, output '%s' has %lld",
                     op->name, (long long)off, f->axis, y->name, (long long)y->shape[f->axis]);
        return -1;
    }
    return 0;
}

/* the unary kernels, and the copies (views and Cast) */
static int unary_sub(hs_op_type t)
{
    switch (t) {
    case HS_OP_RELU: return HS_UN_RELU;
    case HS_OP_LEAKY_RELU: return HS_UN_LEAKY;
    case HS_OP_CLIP: return HS_UN_CLIP;
    case HS_OP_SIGMOID: return HS_UN_SIGMOID;
    case HS_OP_TANH: return HS_UN_TANH;
    case HS_OP_ERF: return HS_UN_ERF;
    case HS_OP_HARD_SIGMOID: return HS_UN_HARD_SIGMOID;
    case HS_OP_HARD_SWISH: return HS_UN_HARD_SWISH;
    case HS_OP_RESHAPE: case HS_OP_FLATTEN: case HS_OP_SQUEEZE: case HS_OP_UNSQUEEZE:
    case HS_OP_IDENTITY: case HS_OP_DROPOUT: case HS_OP_CAST:
        return HS_UN_COPY;
    default: return -1;
    }
}

static int binary_sub(hs_op_type t)
{
    switch (t) {
    case HS_OP_ADD: return HS_BIN_ADD;
    case HS_OP_SUB: return HS_BIN_SUB;
    case HS_OP_MUL: return HS_BIN_MUL;
    case HS_OP_DIV: return HS_BIN_DIV;
    default: return -1;
    }
}

int hs_native_type_known(const hs_op *op)
{
    switch (op->type_id) {
    case HS_OP_CONV: case HS_OP_CONV_TRANSPOSE: case HS_OP_GEMM: case HS_OP_MATMUL:
    case HS_OP_MAX_POOL: case HS_OP_AVERAGE_POOL: case HS_OP_GLOBAL_AVERAGE_POOL:
    case HS_OP_GLOBAL_MAX_POOL: case HS_OP_BATCH_NORMALIZATION: case HS_OP_INSTANCE_NORMALIZATION:
    case HS_OP_LAYER_NORMALIZATION: case HS_OP_SOFTMAX: case HS_OP_CONCAT: case HS_OP_RESIZE:
    case HS_OP_UPSAMPLE: case HS_OP_PAD: case HS_OP_TRANSPOSE: case HS_OP_GATHER:
    case HS_OP_REDUCE_MEAN: /* over the spatial axes of a rank-4 tensor: a global average pool */
        return 1;
    default:
        return unary_sub(op->type_id) >= 0 || binary_sub(op->type_id) >= 0;
    }
}

/* The activation a runtime's lowering fused into the op (traces/lowering.c,
 * rule_act): attrs.activation names the ONNX op; activation_min and
 * activation_max (Clip; an absent bound is none), activation_alpha
 * (LeakyRelu, HardSigmoid) and activation_beta (HardSigmoid) its parameters,
 * ONNX's defaults where absent. (HardSwish: no lowering fuses it today; a
 * model file may.) */
static int infer_act(const hs_op *op, hs_native_opinfo *f, hs_error *err)
{
    static const char *const names[] = {"Relu",    "Clip",        "LeakyRelu", "Sigmoid",
                                        "Tanh",    "HardSigmoid", "HardSwish", NULL};
    static const int subs[] = {HS_UN_RELU, HS_UN_CLIP,         HS_UN_LEAKY,     HS_UN_SIGMOID,
                               HS_UN_TANH, HS_UN_HARD_SIGMOID, HS_UN_HARD_SWISH};
    static const char *const params[] = {"activation_min", "activation_max", "activation_alpha",
                                         "activation_beta"};
    const hs_attrs *at = &op->attr_list;
    f->act = -1;
    if (!hs_attrs_find(at, "activation"))
        return 0;
    int k = mode_attr(op, "activation", names, err);
    if (k < 0)
        return -1;
    for (size_t i = 0; i < sizeof params / sizeof *params; i++) {
        const hs_attr *a = hs_attrs_find(at, params[i]);
        if (a && (a->kind == HS_AK_STRING || a->n != 1)) {
            hs_error_set(err, "op '%s' (%s): attrs.%s: expected a number (a parameter of the fused "
                              "activation %s)", op->name, op->type, params[i], names[k]);
            return -1;
        }
    }
    f->act = subs[k];
    switch (f->act) {
    case HS_UN_CLIP:
        f->act_alpha = (float)hs_attrs_number(at, "activation_min", -FLT_MAX);
        f->act_beta = (float)hs_attrs_number(at, "activation_max", FLT_MAX);
        break;
    case HS_UN_LEAKY:
        f->act_alpha = (float)hs_attrs_number(at, "activation_alpha", 0.01); /* ONNX's defaults */
        break;
    case HS_UN_HARD_SIGMOID:
        f->act_alpha = (float)hs_attrs_number(at, "activation_alpha", 0.2);
        f->act_beta = (float)hs_attrs_number(at, "activation_beta", 0.5);
        break;
    default:
        break;
    }
    return 0;
}

static int infer_kind(const hs_graph *g, int opi, hs_native_opinfo *f, hs_error *err);

int hs_native_opinfo_infer(const hs_graph *g, int opi, hs_native_opinfo *f, hs_error *err)
{
    if (infer_kind(g, opi, f, err))
        return -1;
    return infer_act(&g->ops[opi], f, err);
}

static int infer_kind(const hs_graph *g, int opi, hs_native_opinfo *f, hs_error *err)
{
    const hs_op *op = &g->ops[opi];
    memset(f, 0, sizeof *f);
    f->b_tensor = -1;
    f->stride = 1;
    f->act = -1;
    if (op->n_in < 1 || op->n_out < 1) {
        hs_error_set(err, "op '%s' (%s): needs at least one input and one output", op->name, op->type);
        return -1;
    }
    const hs_tensor *x = &g->tensors[op->in[0]], *y = &g->tensors[op->out[0]];
    const char *t = op->type;
    const hs_op_type ty = op->type_id;
    const hs_attrs *at = &op->attr_list;
    f->out_elems = y->elems;
    f->rank = y->rank;
    for (int i = 0; i < y->rank; i++)
        f->oshape[i] = y->shape[i];

    switch (ty) {
    case HS_OP_CONV:
        f->kind = HS_NK_CONV;
        return infer_conv(op, x, y, f, 0, err);
    case HS_OP_CONV_TRANSPOSE:
        f->kind = HS_NK_CONVT;
        return infer_conv(op, x, y, f, 1, err);
    case HS_OP_GEMM:
    case HS_OP_MATMUL:
        f->kind = HS_NK_GEMM;
        if (x->rank < 1 || y->rank < 1) {
            hs_error_set(err, "op '%s' (%s): scalar operands", op->name, op->type);
            return -1;
        }
        f->K = x->shape[x->rank - 1];
        f->N = y->shape[y->rank - 1];
        if (op->n_in >= 2 && ty == HS_OP_MATMUL) {
            const hs_tensor *bt = &g->tensors[op->in[1]];
            f->M = y->rank >= 2 ? y->shape[y->rank - 2] : 1;
            if (bt->rank < 2 || bt->shape[bt->rank - 2] != f->K || bt->shape[bt->rank - 1] != f->N ||
                (x->rank >= 2 && x->shape[x->rank - 2] != f->M)) {
                hs_error_set(err, "op '%s' (MatMul): shapes of '%s' and '%s' do not multiply to '%s'",
                             op->name, x->name, bt->name, y->name);
                return -1;
            }
            f->batch = y->elems / (f->M * f->N);
            f->a_bstride = x->elems == f->batch * f->M * f->K ? f->M * f->K : 0;
            f->b_bstride = bt->elems == f->batch * f->K * f->N ? f->K * f->N : 0;
            if ((!f->a_bstride && x->elems != f->M * f->K) || (!f->b_bstride && bt->elems != f->K * f->N)) {
                hs_error_set(err, "op '%s' (MatMul): batch dimensions of '%s' and '%s' must match or be absent",
                             op->name, x->name, bt->name);
                return -1;
            }
            f->b_tensor = op->in[1];
        } else {
            if (ty == HS_OP_GEMM && hs_attrs_number(at, "transA", 0) != 0) {
                hs_error_set(err, "op '%s' (Gemm): attrs.transA = 1 has no native kernel (the input "
                             "is read as [rows x K])", op->name);
                return -1;
            }
            /* the weight is B[K][N]; rows of the input are independent */
            f->M = x->elems / f->K;
            f->batch = 1;
            if (f->M * f->N != y->elems) {
                hs_error_set(err, "op '%s' (%s): input '%s' (%lld rows of %lld) and output '%s' (%lld elements) "
                             "do not fit a [%lld x %lld] weight",
                             op->name, op->type, x->name, (long long)f->M, (long long)f->K, y->name,
                             (long long)y->elems, (long long)f->K, (long long)f->N);
                return -1;
            }
            f->w_elems = f->K * f->N;
            f->has_bias = ty == HS_OP_GEMM;
            f->bias_elems = f->has_bias ? f->N : 0;
        }
        return 0;
    case HS_OP_MAX_POOL:
    case HS_OP_AVERAGE_POOL:
    case HS_OP_GLOBAL_AVERAGE_POOL:
    case HS_OP_GLOBAL_MAX_POOL:
        f->kind = HS_NK_POOL;
        f->sub = ty == HS_OP_MAX_POOL || ty == HS_OP_GLOBAL_MAX_POOL ? HS_POOL_MAX : HS_POOL_AVG;
        return infer_pool(op, x, y, f, ty == HS_OP_GLOBAL_AVERAGE_POOL || ty == HS_OP_GLOBAL_MAX_POOL, err);
    case HS_OP_REDUCE_MEAN: {
        /* the mean over H and W of NCHW (MnasNet's head): the global average
         * pool's kernel, whatever keepdims makes of the output's shape */
        int64_t ax[8];
        int na = hs_attrs_ints(&op->attr_list, "axes", ax, 8);
        int spatial = x->rank == 4 && na == 2;
        for (int k = 0; k < na && spatial; k++)
            spatial = ax[k] == 2 || ax[k] == 3 || ax[k] == -1 || ax[k] == -2;
        if (!spatial || (na == 2 && (ax[0] % 4 + 4) % 4 == (ax[1] % 4 + 4) % 4) ||
            y->elems != x->shape[0] * x->shape[1]) {
            hs_error_set(err, "op '%s' (ReduceMean): the native backends reduce over the two "
                              "spatial axes of an NCHW tensor (attrs.axes [2, 3]) only",
                         op->name);
            return -1;
        }
        f->kind = HS_NK_POOL;
        f->sub = HS_POOL_AVG;
        f->n = x->shape[0], f->c = x->shape[1], f->h = x->shape[2], f->w = x->shape[3];
        f->oc = f->c, f->oh = f->ow = 1;
        f->kh = (int)f->h, f->kw = (int)f->w, f->sh = f->sw = 1, f->ph = f->pw = 0;
        f->dh = f->dw = 1;
        return 0;
    }
    case HS_OP_BATCH_NORMALIZATION:
        f->kind = HS_NK_CHANNEL;
        if (x->elems != y->elems || x->rank < 2) {
            hs_error_set(err, "op '%s' (%s): output must have the input's shape", op->name, t);
            return -1;
        }
        hs_native_axis_split(y, 1, &f->n, &f->c, &f->inner);
        f->w_elems = 2 * f->c; /* scale, shift (folded mean/var) */
        return 0;
    case HS_OP_INSTANCE_NORMALIZATION:
    case HS_OP_LAYER_NORMALIZATION:
        f->kind = HS_NK_NORM;
        f->sub = ty == HS_OP_INSTANCE_NORMALIZATION ? HS_NORM_INSTANCE : HS_NORM_LAYER;
        f->alpha = (float)hs_attrs_number(at, "epsilon", 1e-5);
        if (x->elems != y->elems || x->rank < 2) {
            hs_error_set(err, "op '%s' (%s): output must have the input's shape", op->name, t);
            return -1;
        }
        if (!(f->alpha >= 0)) {
            hs_error_set(err, "op '%s' (%s): attrs.epsilon = %g: expected a number >= 0", op->name, t,
                         (double)f->alpha);
            return -1;
        }
        if (f->sub == HS_NORM_INSTANCE) {
            f->c = y->shape[1];
            f->inner = y->elems / (y->shape[0] * f->c);
            f->rows = y->shape[0] * f->c;
            f->w_elems = 2 * f->c;
        } else { /* over the dimensions from attrs.axis (ONNX default -1) on */
            int ax = axis_attr(op, "axis", -1, y->rank, err);
            if (ax < 0)
                return -1;
            int64_t outer, size, inner;
            hs_native_axis_split(y, ax, &outer, &size, &inner);
            f->inner = size * inner;
            f->rows = y->elems / f->inner;
            f->w_elems = 2 * f->inner;
            f->axis = ax;
        }
        return 0;
    case HS_OP_SOFTMAX: {
        /* along attrs.axis (ONNX opset 13 and later; default -1): rows of the axis's
         * size, their elements `stride` apart */
        f->kind = HS_NK_SOFTMAX;
        if (x->elems != y->elems) {
            hs_error_set(err, "op '%s' (%s): output must have the input's shape", op->name, t);
            return -1;
        }
        int ax = axis_attr(op, "axis", -1, y->rank > 0 ? y->rank : 1, err);
        if (ax < 0)
            return -1;
        int64_t outer;
        hs_native_axis_split(y, ax, &outer, &f->inner, &f->stride);
        f->rows = y->elems / f->inner;
        f->axis = ax;
        return 0;
    }
    case HS_OP_CONCAT:
        f->kind = HS_NK_CONCAT;
        return infer_concat(g, op, x, y, f, err);
    case HS_OP_RESIZE:
    case HS_OP_UPSAMPLE:
    case HS_OP_PAD: {
        f->kind = ty == HS_OP_PAD ? HS_NK_PAD : HS_NK_RESIZE;
        if (ty == HS_OP_PAD) {
            static const char *const modes[] = {"constant", "reflect", "edge", NULL};
            if ((f->sub = mode_attr(op, "mode", modes, err)) < 0)
                return -1;
        } else {
            static const char *const nearest[] = {"nearest", NULL};
            static const char *const asym[] = {"asymmetric", NULL};
            static const char *const floor_[] = {"floor", NULL};
            if (mode_attr(op, "mode", nearest, err) < 0 ||
                mode_attr(op, "coordinate_transformation_mode", asym, err) < 0 ||
                mode_attr(op, "nearest_mode", floor_, err) < 0)
                return -1;
        }
        if (need_rank(op, x, 4, err) || need_rank(op, y, 4, err))
            return -1;
        f->n = x->shape[0], f->c = x->shape[1], f->h = x->shape[2], f->w = x->shape[3];
        f->oc = y->shape[1], f->oh = y->shape[2], f->ow = y->shape[3];
        if (f->n != y->shape[0] || f->c != f->oc ||
            (f->kind == HS_NK_PAD && (f->oh < f->h || f->ow < f->w))) {
            hs_error_set(err, "op '%s' (%s): only the spatial dimensions of '%s' may change", op->name, t,
                         x->name);
            return -1;
        }
        f->ph = (int)((f->oh - f->h) / 2), f->pw = (int)((f->ow - f->w) / 2);
        if (f->kind == HS_NK_PAD && f->sub == HS_PAD_REFLECT &&
            (f->oh - f->h - f->ph >= f->h || f->ph >= f->h || f->ow - f->w - f->pw >= f->w || f->pw >= f->w)) {
            hs_error_set(err, "op '%s' (Pad): reflect pads of %lldx%lld to %lldx%lld: each pad must be "
                         "smaller than the dimension it reflects",
                         op->name, (long long)f->h, (long long)f->w, (long long)f->oh, (long long)f->ow);
            return -1;
        }
        return 0;
    }
    case HS_OP_TRANSPOSE:
        f->kind = HS_NK_TRANSPOSE;
        return infer_transpose(op, x, y, f, err);
    case HS_OP_GATHER:
        if (op->weight_elems == 0 && op->n_in == 1 && x->rank == y->rank + 1) {
            /* a constant index (taken as 0) into data along attrs.axis (default 0; a file
             * without the attribute: the axis the output drops) */
            f->kind = HS_NK_GATHER;
            f->sub = 1;
            int ax = 0;
            if (hs_attrs_find(at, "axis")) {
                if ((ax = axis_attr(op, "axis", 0, x->rank, err)) < 0)
                    return -1;
            } else {
                while (ax < y->rank && x->shape[ax] == y->shape[ax])
                    ax++;
            }
            for (int i = 0; i < y->rank; i++)
                if (x->shape[i < ax ? i : i + 1] != y->shape[i]) {
                    hs_error_set(err, "op '%s' (Gather): output '%s' is not input '%s' without axis %d",
                                 op->name, y->name, x->name, ax);
                    return -1;
                }
            int64_t outer;
            hs_native_axis_split(x, ax, &outer, &f->rows, &f->inner);
            f->axis = ax;
            return 0;
        }
        f->kind = HS_NK_GATHER;
        f->inner = y->shape[y->rank - 1];
        f->rows = f->inner > 0 ? op->weight_elems / f->inner : 0;
        if (hs_attrs_number(at, "axis", 0) != 0) {
            hs_error_set(err, "op '%s' (Gather): attrs.axis = %g: a table lookup gathers rows (axis 0)",
                         op->name, hs_attrs_number(at, "axis", 0));
            return -1;
        }
        if (op->n_in != 1 || f->rows < 1 || f->rows * f->inner != op->weight_elems ||
            x->elems * f->inner != y->elems) {
            hs_error_set(err, "op '%s' (Gather): expected one index input and a [rows x %lld] weight table "
                         "(weight_elems %lld)", op->name, (long long)f->inner, (long long)op->weight_elems);
            return -1;
        }
        f->w_elems = op->weight_elems;
        return 0;
    default:
        break;
    }
    int sub = unary_sub(ty);
    if (sub >= 0) {
        f->kind = HS_NK_UNARY;
        f->sub = sub;
        if (sub == HS_UN_LEAKY) {
            f->alpha = (float)hs_attrs_number(at, "alpha", 0.01); /* ONNX's default */
        } else if (sub == HS_UN_CLIP) {
            /* bounds from attrs (opset < 11); the importer folds away the bound inputs of
             * later opsets: then ReLU6, as in the zoo */
            f->alpha = (float)hs_attrs_number(at, "min", 0.0);
            f->beta = (float)hs_attrs_number(at, "max", 6.0);
        } else if (sub == HS_UN_HARD_SIGMOID) { /* max(0, min(1, alpha x + beta)) */
            f->alpha = (float)hs_attrs_number(at, "alpha", 0.2); /* ONNX's defaults */
            f->beta = (float)hs_attrs_number(at, "beta", 0.5);
        }
        if (x->elems != y->elems) {
            hs_error_set(err, "op '%s' (%s): input '%s' has %lld elements, output '%s' %lld", op->name, t,
                         x->name, (long long)x->elems, y->name, (long long)y->elems);
            return -1;
        }
        return 0;
    }
    sub = binary_sub(ty);
    if (sub >= 0) {
        f->kind = HS_NK_BINARY;
        f->sub = sub;
        if (broadcast_strides(x->shape, x->rank, y->shape, y->rank, f->astr)) {
            hs_error_set(err, "op '%s' (%s): input '%s' does not broadcast to output '%s'", op->name, t,
                         x->name, y->name);
            return -1;
        }
        if (op->n_in >= 2) {
            const hs_tensor *bt = &g->tensors[op->in[1]];
            if (broadcast_strides(bt->shape, bt->rank, y->shape, y->rank, f->bstr)) {
                hs_error_set(err, "op '%s' (%s): input '%s' does not broadcast to output '%s'", op->name,
                             t, bt->name, y->name);
                return -1;
            }
            f->b_tensor = op->in[1];
        } else if (op->weight_elems > 0) {
            /* a constant operand: the shortest suffix of the output shape holding
             * weight_elems, else one per channel of an NCHW output (a batch norm
             * the lowering wrote as Mul + Add: C weights, shape [C, 1, 1]) */
            int64_t p = 1;
            int k = y->rank;
            while (k > 0 && p < op->weight_elems)
                p *= y->shape[--k];
            if (p != op->weight_elems && y->rank >= 3 && y->shape[1] == op->weight_elems) {
                int64_t cshape[HS_MAX_RANK];
                for (int j = 0; j < y->rank - 1; j++)
                    cshape[j] = j == 0 ? y->shape[1] : 1;
                broadcast_strides(cshape, y->rank - 1, y->shape, y->rank, f->bstr);
                f->b_is_weight = 1;
                f->w_elems = op->weight_elems;
                return 0;
            }
            if (p != op->weight_elems) {
                hs_error_set(err, "op '%s' (%s): %lld constant elements match no trailing dimensions of '%s'",
                             op->name, t, (long long)op->weight_elems, y->name);
                return -1;
            }
            broadcast_strides(y->shape + k, y->rank - k, y->shape, y->rank, f->bstr);
            f->b_is_weight = 1;
            f->w_elems = op->weight_elems;
        } else {
            f->b_scalar = 1; /* alpha, drawn by the model */
        }
        return 0;
    }
    hs_error_set(err, "op '%s': operator type '%s' has no native kernel", op->name, t);
    return -1;
}
