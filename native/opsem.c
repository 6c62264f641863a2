/* Op semantics inferred from shapes (see opsem.h and docs/native.md). */
#include "native/opsem.h"

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

static int is(const char *a, const char *b) { return strcmp(a, b) == 0; }

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

int hs_native_opinfo_infer(const hs_graph *g, int opi, hs_native_opinfo *f, hs_error *err)
{
    const hs_op *op = &g->ops[opi];
    memset(f, 0, sizeof *f);
    f->b_tensor = -1;
    if (op->n_in < 1 || op->n_out < 1) {
        hs_error_set(err, "op '%s' (%s): needs at least one input and one output", op->name, op->type);
        return -1;
    }
    const hs_tensor *x = &g->tensors[op->in[0]], *y = &g->tensors[op->out[0]];
    const char *t = op->type;
    f->out_elems = y->elems;
    f->rank = y->rank;
    for (int i = 0; i < y->rank; i++)
        f->oshape[i] = y->shape[i];

    if (is(t, "Conv")) {
        f->kind = HS_NK_CONV;
        return infer_conv(op, x, y, f, 0, err);
    }
    if (is(t, "ConvTranspose")) {
        f->kind = HS_NK_CONVT;
        return infer_conv(op, x, y, f, 1, err);
    }
    if (is(t, "Gemm") || is(t, "MatMul")) {
        f->kind = HS_NK_GEMM;
        if (x->rank < 1 || y->rank < 1) {
            hs_error_set(err, "op '%s' (%s): scalar operands", op->name, op->type);
            return -1;
        }
        f->K = x->shape[x->rank - 1];
        f->N = y->shape[y->rank - 1];
        if (op->n_in >= 2 && is(t, "MatMul")) {
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
            f->has_bias = is(t, "Gemm");
            f->bias_elems = f->has_bias ? f->N : 0;
        }
        return 0;
    }
    static const struct { const char *type; int sub; } unary[] = {
        {"Relu", HS_UN_RELU}, {"LeakyRelu", HS_UN_LEAKY}, {"Clip", HS_UN_CLIP},
        {"Sigmoid", HS_UN_SIGMOID}, {"Tanh", HS_UN_TANH}, {"Erf", HS_UN_ERF},
        {"Reshape", HS_UN_COPY}, {"Flatten", HS_UN_COPY}, {"Squeeze", HS_UN_COPY},
        {"Unsqueeze", HS_UN_COPY}, {"Identity", HS_UN_COPY}, {"Dropout", HS_UN_COPY},
        {"Cast", HS_UN_COPY}, {NULL, 0}};
    for (int i = 0; unary[i].type; i++)
        if (is(t, unary[i].type)) {
            f->kind = HS_NK_UNARY;
            f->sub = unary[i].sub;
            f->alpha = f->sub == HS_UN_LEAKY ? 0.1f : 0.0f;
            f->beta = 6.0f; /* Clip: ReLU6, as in the zoo */
            if (x->elems != y->elems) {
                hs_error_set(err, "op '%s' (%s): input '%s' has %lld elements, output '%s' %lld", op->name, t,
                             x->name, (long long)x->elems, y->name, (long long)y->elems);
                return -1;
            }
            return 0;
        }
    static const struct { const char *type; int sub; } binary[] = {
        {"Add", HS_BIN_ADD}, {"Sub", HS_BIN_SUB}, {"Mul", HS_BIN_MUL}, {"Div", HS_BIN_DIV}, {NULL, 0}};
    for (int i = 0; binary[i].type; i++)
        if (is(t, binary[i].type)) {
            f->kind = HS_NK_BINARY;
            f->sub = binary[i].sub;
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
                /* a constant operand: the shortest suffix of the output shape holding weight_elems */
                int64_t p = 1;
                int k = y->rank;
                while (k > 0 && p < op->weight_elems)
                    p *= y->shape[--k];
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
    if (is(t, "MaxPool") || is(t, "AveragePool") || is(t, "GlobalAveragePool") || is(t, "GlobalMaxPool")) {
        f->kind = HS_NK_POOL;
        f->sub = strstr(t, "Max") ? HS_POOL_MAX : HS_POOL_AVG;
        return infer_pool(op, x, y, f, strncmp(t, "Global", 6) == 0, err);
    }
    if (is(t, "BatchNormalization")) {
        f->kind = HS_NK_CHANNEL;
        if (x->elems != y->elems || x->rank < 2) {
            hs_error_set(err, "op '%s' (%s): output must have the input's shape", op->name, t);
            return -1;
        }
        hs_native_axis_split(y, 1, &f->n, &f->c, &f->inner);
        f->w_elems = 2 * f->c; /* scale, shift (folded mean/var) */
        return 0;
    }
    if (is(t, "InstanceNormalization") || is(t, "LayerNormalization")) {
        f->kind = HS_NK_NORM;
        f->sub = t[0] == 'I' ? HS_NORM_INSTANCE : HS_NORM_LAYER;
        f->alpha = 1e-5f;
        if (x->elems != y->elems || x->rank < 2) {
            hs_error_set(err, "op '%s' (%s): output must have the input's shape", op->name, t);
            return -1;
        }
        if (f->sub == HS_NORM_INSTANCE) {
            f->c = y->shape[1];
            f->inner = y->elems / (y->shape[0] * f->c);
            f->rows = y->shape[0] * f->c;
            f->w_elems = 2 * f->c;
        } else {
            f->inner = y->shape[y->rank - 1];
            f->rows = y->elems / f->inner;
            f->w_elems = 2 * f->inner;
        }
        return 0;
    }
    if (is(t, "Softmax")) {
        f->kind = HS_NK_SOFTMAX;
        f->inner = y->shape[y->rank - 1];
        f->rows = y->elems / f->inner;
        if (x->elems != y->elems) {
            hs_error_set(err, "op '%s' (%s): output must have the input's shape", op->name, t);
            return -1;
        }
        return 0;
    }
    if (is(t, "Concat")) {
        f->kind = HS_NK_CONCAT;
        if (op->n_in > HS_NATIVE_MAX_CONCAT) {
            hs_error_set(err, "op '%s' (Concat): %d inputs, at most %d supported", op->name, op->n_in,
                         HS_NATIVE_MAX_CONCAT);
            return -1;
        }
        f->axis = -1;
        for (int i = 0; i < y->rank && f->axis < 0; i++)
            if (dim_at(x, i) != y->shape[i])
                f->axis = i;
        if (f->axis < 0)
            f->axis = y->rank > 1 ? 1 : 0;
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
    if (is(t, "Resize") || is(t, "Upsample") || is(t, "Pad")) {
        f->kind = t[0] == 'P' ? HS_NK_PAD : HS_NK_RESIZE;
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
        return 0;
    }
    if (is(t, "Transpose")) {
        f->kind = HS_NK_TRANSPOSE;
        if (x->rank != y->rank || x->elems != y->elems) {
            hs_error_set(err, "op '%s' (Transpose): input '%s' and output '%s' differ in rank or size", op->name,
                         x->name, y->name);
            return -1;
        }
        int64_t istr[HS_MAX_RANK];
        int64_t s = 1;
        for (int i = x->rank - 1; i >= 0; i--)
            istr[i] = s, s *= x->shape[i];
        int used[HS_MAX_RANK] = {0};
        for (int i = 0; i < y->rank; i++) {
            int j = 0;
            while (j < x->rank && (used[j] || x->shape[j] != y->shape[i]))
                j++;
            if (j == x->rank) {
                hs_error_set(err, "op '%s' (Transpose): output '%s' is no permutation of input '%s'", op->name,
                             y->name, x->name);
                return -1;
            }
            used[j] = 1;
            f->astr[i] = istr[j];
        }
        return 0;
    }
    if (is(t, "Gather") && op->weight_elems == 0 && op->n_in == 1 && x->rank == y->rank + 1) {
        /* a constant index (0) into data: the axis is the one the output drops */
        f->kind = HS_NK_GATHER;
        f->sub = 1;
        int ax = 0;
        while (ax < y->rank && x->shape[ax] == y->shape[ax])
            ax++;
        for (int i = ax; i < y->rank; i++)
            if (x->shape[i + 1] != y->shape[i]) {
                hs_error_set(err, "op '%s' (Gather): output '%s' is not input '%s' without one axis", op->name,
                             y->name, x->name);
                return -1;
            }
        int64_t outer;
        hs_native_axis_split(x, ax, &outer, &f->rows, &f->inner);
        f->axis = ax;
        return 0;
    }
    if (is(t, "Gather")) {
        f->kind = HS_NK_GATHER;
        f->inner = y->shape[y->rank - 1];
        f->rows = f->inner > 0 ? op->weight_elems / f->inner : 0;
        if (op->n_in != 1 || f->rows < 1 || f->rows * f->inner != op->weight_elems ||
            x->elems * f->inner != y->elems) {
            hs_error_set(err, "op '%s' (Gather): expected one index input and a [rows x %lld] weight table "
                         "(weight_elems %lld)", op->name, (long long)f->inner, (long long)op->weight_elems);
            return -1;
        }
        f->w_elems = op->weight_elems;
        return 0;
    }
    hs_error_set(err, "op '%s': operator type '%s' has no native kernel", op->name, t);
    return -1;
}
