/* Lowering a model graph as a mobile runtime does it (traces/lowering.h).
 * The rule table below cites, per runtime, where the rule comes from
 * (/work/shared/reference/runtime-lowering.md summarises the sources; the
 * project keeps the citations here and in docs/models.md "Lowering"). */
#include "traces/lowering.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/text_file.h"

const char *const hs_runtime_names[] = {"none", "tflite", "mace", "ort", NULL};

static const hs_lower_rule_info rules[HS_LR_COUNT] = {
    [HS_LR_IDENTITY] = {"identity", "Identity / Dropout / all-zero Pad bypassed",
                        {NULL,
                         "TFLite has no IDENTITY builtin: the converter drops tf.Identity when "
                         "legalizing TF to TFL (tensorflow/compiler/mlir/lite/transforms)",
                         "MACE transformer.py REMOVE_IDENTITY_OP",
                         "ONNX Runtime basic level: Identity and Dropout elimination "
                         "(onnxruntime graph-optimizations docs)"}},
    /* an all-zero Pad (PyTorch's export puts one before AveragePool) copies its
     * input: onnx/optimizer eliminate_nop_pad; TFLite GPU merge_padding_with_pooling */
    [HS_LR_PAD_FOLD] = {"pad-fold", "zero constant Pad on H/W folded into the Conv it feeds",
                        {NULL,
                         "TFLite GPU delegate merge_padding_with_convolution "
                         "(delegates/gpu/common/transformations/model_transformations.cc); the "
                         "converter itself keeps PAD (no Pad->Conv pattern found)",
                         NULL, NULL}},
    [HS_LR_BN_FOLD] = {"bn-fold", "BatchNormalization folded into the Conv/ConvTranspose/Gemm "
                                  "it reads (sole reader, no activation fused yet)",
                       {NULL,
                        "TFLite converter: prepare_patterns.td (FusedBatchNorm -> Mul + Add), "
                        "optimize_patterns.td FuseMulOrDivWithConv2dOrDepthwiseConv2d and "
                        "FuseBinaryOpToPrecedingAffine (HasOneUse, TFL_AF_None); "
                        "optimize.cc FuseFullyConnectedAndMul/Add for FULLY_CONNECTED",
                        "MACE transformer.py FOLD_CONV_AND_BN, FOLD_DEPTHWISE_CONV_AND_BN, "
                        "FOLD_DECONV_AND_BN",
                        "ONNX Runtime conv_bn_fusion.cc (Conv whose only consumer is the BN)"}},
    [HS_LR_BN_MULADD] = {"bn-muladd", "any other BatchNormalization becomes Mul + Add",
                         {NULL,
                          "TFLite converter prepare_patterns.td: inference batch norm -> "
                          "x * multiplier + (offset - mean * multiplier); a MUL/ADD not after a "
                          "conv stays (optimize_patterns.td needs a conv producer)",
                          NULL, NULL}},
    [HS_LR_HARDSWISH] = {"hardswish", "Mul(x, HardSigmoid(x; 1/6, 1/2)) becomes HardSwish",
                         {NULL,
                          "TFLite converter optimize_patterns.td MatchHardSwishPattern1-6 "
                          "(x * relu6(x + 3) / 6, the same function as x * HardSigmoid(x; "
                          "1/6, 1/2)); a TF/Keras MobileNetV3 converts to HARD_SWISH. Note: "
                          "onnx2tf's opset-13 HardSigmoid path does not match these patterns "
                          "(runtime-lowering.md section 6)",
                          NULL, NULL}},
    [HS_LR_HARDSIGMOID] = {"hardsigmoid", "any other HardSigmoid(1/6, 1/2) becomes Add (Relu6 "
                                          "fused) + Mul",
                           {NULL,
                            "Keras MobileNetV3 hard_sigmoid = ReLU(6)(x + 3) * (1/6) "
                            "(keras/applications/mobilenet_v3.py), converted to ADD with RELU6 "
                            "fused (optimize_patterns.td FusedBinaryActivationFuncOpPat) + MUL",
                            NULL, NULL}},
    [HS_LR_GPU_LINK] = {"gpu-link", "an elementwise op that alone reads its producer's "
                                    "output (as input 0) is marked gpu_linked_into: the GPU "
                                    "runs it inside the producer's kernel",
                        {NULL,
                         "TFLite GPU delegate gpu_model.cc MergeElementwiseNodes / MergeNodes "
                         "(\"<producer> -> <linked op>\" kernels; the qed per-op GPU rows "
                         "show them as *_linked_* kernels)",
                         NULL, NULL}},
    [HS_LR_ACT_FUSE] = {"act-fuse", "activation fused into the op that produces its input",
                        {NULL,
                         "TFLite converter optimize_patterns.td FuseActFnIntoConvOpPat (CONV_2D, "
                         "DEPTHWISE_CONV_2D), FuseActFnIntoPoolOpPat (MAX/AVERAGE_POOL_2D), "
                         "FusedBinaryActivationFuncOpPat (ADD, SUB, MUL, DIV), optimize.cc "
                         "FuseFullyConnectedAndReluX: RELU, RELU6, RELU_N1_TO_1 only, single use",
                         "MACE transformer.py FOLD_ACTIVATION: any activation but PReLU into "
                         "Conv2D, Deconv2D, DepthwiseConv2d, FullyConnected, BatchNorm",
                         "ONNX Runtime extended level (CPU EP): conv_activation_fusion.cc "
                         "(Relu, Sigmoid, Tanh, LeakyRelu, Clip with constant bounds, "
                         "HardSigmoid) and Gemm + activation"}},
};

const hs_lower_rule_info *hs_lower_rule_info_of(hs_lower_rule r)
{
    return r >= 0 && r < HS_LR_COUNT ? &rules[r] : NULL;
}

/* ------------------------------------------------------------ the plan */

enum { SPLIT_NONE = 0, SPLIT_BN, SPLIT_HSIG };

typedef struct lop {
    int dead;
    int absorbed_by;  /* survivor op index, -1 */
    const char *type; /* type it is emitted as */
    int out0;         /* tensor it writes as its first output */
    int in_ovr;       /* >= 0: its only input (HardSwish) */
    int split;        /* SPLIT_BN: emitted as Mul + Add; SPLIT_HSIG: Add (+Relu6) + Mul */
    int fused;        /* an activation is fused into it */
    hs_op_attrs sp;
    hs_attrs attrs;
    double flops; /* < 0: derived by the graph from its shapes */
    int64_t w;
} lop;

typedef struct plan {
    const hs_graph *g;
    hs_runtime rt;
    lop *o;
    int *ren;  /* tensor -> the tensor readers read instead, -1 */
    int *prod; /* tensor -> the op that writes it now, -1 */
    hs_lower_stats *st;
    int oom; /* an attribute could not be stored */
} plan;

static int rename_of(const plan *p, int t)
{
    for (int guard = 0; t >= 0 && p->ren[t] >= 0 && guard < p->g->n_tensors; guard++)
        t = p->ren[t];
    return t;
}

static int is_graph_output(const plan *p, int t)
{
    for (int i = 0; i < p->g->n_outputs; i++)
        if (rename_of(p, p->g->outputs[i]) == t)
            return 1;
    return 0;
}

/* Readers of tensor t among live ops, plus one if it is a graph output. */
static int uses(const plan *p, int t, int *only)
{
    int n = is_graph_output(p, t);
    for (int j = 0; j < p->g->n_ops; j++) {
        if (p->o[j].dead)
            continue;
        const hs_op *op = &p->g->ops[j];
        int reads = 0;
        if (p->o[j].in_ovr >= 0)
            reads = rename_of(p, p->o[j].in_ovr) == t;
        else
            for (int k = 0; k < op->n_in; k++)
                reads |= rename_of(p, op->in[k]) == t;
        if (reads) {
            n++;
            if (only)
                *only = j;
        }
    }
    return n;
}

/* The one place an op disappears into another: `absorbed` is gone and
 * `survivor` (-1: none, e.g. an Identity on a graph input) covers it. */
static void absorb(plan *p, int survivor, int absorbed, hs_lower_rule why)
{
    p->o[absorbed].dead = 1;
    p->o[absorbed].absorbed_by = survivor;
    p->st->n[why]++;
}

/* A survivor takes over the output of the op it absorbed (which read it). */
static void take_output(plan *p, int survivor, int absorbed)
{
    int t = p->o[absorbed].out0;
    p->o[survivor].out0 = t;
    p->prod[t] = survivor;
}

static int typ(const plan *p, int i, const char *name)
{
    return strcmp(p->o[i].type, name) == 0;
}

static int near(double a, double b)
{
    return fabs(a - b) <= 1e-6 * fmax(1.0, fabs(b));
}

/* ------------------------------------------------------------ the rules */

static void rule_identity(plan *p, int i)
{
    const hs_op *op = &p->g->ops[i];
    int64_t pads[16];
    int np = typ(p, i, "Pad") ? hs_attrs_ints(&p->o[i].attrs, "paddings", pads, 16) : -1;
    int zero_pad = np > 0 && np <= 16 &&
                   !strcmp(hs_attrs_string(&p->o[i].attrs, "mode", "constant"), "constant");
    for (int k = 0; zero_pad && k < np; k++)
        zero_pad = pads[k] == 0;
    if (!(typ(p, i, "Identity") || typ(p, i, "Dropout") || zero_pad) || op->n_in < 1 ||
        op->n_out != 1)
        return;
    if (is_graph_output(p, p->o[i].out0))
        return; /* its name is the model's interface: keep it */
    int src = rename_of(p, op->in[0]);
    p->ren[p->o[i].out0] = src;
    absorb(p, p->prod[src], i, HS_LR_IDENTITY);
}

static void rule_pad(plan *p, int i)
{
    const hs_op *op = &p->g->ops[i];
    if (!typ(p, i, "Pad") || op->n_in < 1 || op->n_out != 1)
        return;
    const hs_attrs *a = &p->o[i].attrs;
    int64_t pads[8];
    if (strcmp(hs_attrs_string(a, "mode", "constant"), "constant") != 0 ||
        hs_attrs_number(a, "value", 0.0) != 0.0 || hs_attrs_ints(a, "paddings", pads, 8) != 8 ||
        pads[0] || pads[1] || pads[4] || pads[5])
        return;
    for (int k = 0; k < 8; k++)
        if (pads[k] < 0)
            return;
    int t = p->o[i].out0, c = -1;
    if (uses(p, t, &c) != 1 || c < 0 || !typ(p, c, "Conv"))
        return;
    const hs_op *cv = &p->g->ops[c];
    if (cv->n_in < 1 || rename_of(p, cv->in[0]) != t || p->g->tensors[t].rank != 4)
        return;
    lop *L = &p->o[c];
    L->sp.pads[0] += (int)pads[2];
    L->sp.pads[1] += (int)pads[3];
    L->sp.pads[2] += (int)pads[6];
    L->sp.pads[3] += (int)pads[7];
    int64_t np[4] = {L->sp.pads[0], L->sp.pads[1], L->sp.pads[2], L->sp.pads[3]};
    p->oom |= hs_attrs_set_ints(&L->attrs, "pads", np, 4) < 0;
    p->ren[t] = rename_of(p, op->in[0]);
    absorb(p, c, i, HS_LR_PAD_FOLD);
}

/* Weights of a Conv/ConvTranspose/Gemm without its bias, and its output
 * channels: a folded BN needs a bias of that many weights. */
static void bias_need(const plan *p, int s, int64_t *no_bias, int64_t *cout)
{
    const hs_op *op = &p->g->ops[s];
    const hs_tensor *x = &p->g->tensors[op->in[0]], *y = &p->g->tensors[op->out[0]];
    *no_bias = -1;
    *cout = 0;
    if (x->rank < 2 || y->rank < 2)
        return;
    int64_t k = (int64_t)op->attrs.kernel_h * op->attrs.kernel_w;
    int64_t g = op->attrs.group > 0 ? op->attrs.group : 1;
    if (typ(p, s, "Gemm")) {
        *cout = y->shape[y->rank - 1];
        *no_bias = x->shape[x->rank - 1] * *cout;
    } else if (typ(p, s, "ConvTranspose")) {
        *cout = y->shape[1];
        *no_bias = x->shape[1] * (*cout / g) * k;
    } else {
        *cout = y->shape[1];
        *no_bias = *cout * (x->shape[1] / g) * k;
    }
}

static int bn_fold_into(const plan *p, int s)
{
    switch (p->rt) {
    case HS_RT_TFLITE:
        return typ(p, s, "Conv") || typ(p, s, "ConvTranspose") || typ(p, s, "Gemm");
    case HS_RT_MACE:
        return typ(p, s, "Conv") || typ(p, s, "ConvTranspose");
    case HS_RT_ORT:
        return typ(p, s, "Conv");
    default:
        return 0;
    }
}

static void rule_bn(plan *p, int i)
{
    const hs_op *op = &p->g->ops[i];
    if (!typ(p, i, "BatchNormalization") || op->n_in < 1 || op->n_out != 1)
        return;
    int t = rename_of(p, op->in[0]), s = p->prod[t];
    if (s >= 0 && !p->o[s].dead && !p->o[s].fused && !p->o[s].split && bn_fold_into(p, s) &&
        p->o[s].out0 == t && uses(p, t, NULL) == 1) {
        int64_t nb, cout;
        bias_need(p, s, &nb, &cout);
        if (p->o[s].w == nb)
            p->o[s].w += cout; /* the folded shift needs a bias */
        take_output(p, s, i);
        absorb(p, s, i, HS_LR_BN_FOLD);
        return;
    }
    if (p->rt == HS_RT_TFLITE) {
        lop *L = &p->o[i];
        L->split = SPLIT_BN;
        L->type = "Add"; /* what its output comes from; the Mul is emitted before it */
        hs_attrs_free(&L->attrs);
        p->st->n[HS_LR_BN_MULADD]++;
    }
}

static void rule_hardswish(plan *p, int i)
{
    const hs_op *op = &p->g->ops[i];
    if (p->rt != HS_RT_TFLITE || !typ(p, i, "Mul") || op->n_in != 2 || p->o[i].in_ovr >= 0)
        return;
    for (int k = 0; k < 2; k++) {
        int hsig_t = rename_of(p, op->in[k]), x = rename_of(p, op->in[1 - k]);
        int h = p->prod[hsig_t];
        if (h < 0 || p->o[h].dead || !typ(p, h, "HardSigmoid") || p->o[h].out0 != hsig_t)
            continue;
        const hs_op *hop = &p->g->ops[h];
        if (hop->n_in < 1 || rename_of(p, hop->in[0]) != x || uses(p, hsig_t, NULL) != 1)
            continue;
        if (!near(hs_attrs_number(&p->o[h].attrs, "alpha", 0.2), 1.0 / 6.0) ||
            !near(hs_attrs_number(&p->o[h].attrs, "beta", 0.5), 0.5))
            continue;
        lop *L = &p->o[i];
        L->type = "HardSwish";
        L->in_ovr = x;
        L->flops = -1; /* HardSwish's own cost rule */
        absorb(p, i, h, HS_LR_HARDSWISH);
        return;
    }
}

/* A HardSigmoid(1/6, 1/2) that is no HardSwish (squeeze-excite gates): as
 * Keras writes hard_sigmoid, relu6(x + 3) * (1/6), i.e. ADD with RELU6 fused
 * + MUL. Runs after the main pass, so that HardSwish sees its HardSigmoid. */
static void rule_hardsigmoid(plan *p, int i)
{
    if (p->rt != HS_RT_TFLITE || p->o[i].dead || !typ(p, i, "HardSigmoid") ||
        !near(hs_attrs_number(&p->o[i].attrs, "alpha", 0.2), 1.0 / 6.0) ||
        !near(hs_attrs_number(&p->o[i].attrs, "beta", 0.5), 0.5))
        return;
    lop *L = &p->o[i];
    L->split = SPLIT_HSIG;
    L->type = "Mul";
    hs_attrs_free(&L->attrs);
    p->st->n[HS_LR_HARDSIGMOID]++;
}

/* Whether runtime rt fuses activation op a into producer s. */
static int act_fusable(const plan *p, int s, int a)
{
    const hs_attrs *aa = &p->o[a].attrs;
    double lo = hs_attrs_number(aa, "min", NAN), hi = hs_attrs_number(aa, "max", NAN);
    int clip = typ(p, a, "Clip");
    switch (p->rt) {
    case HS_RT_TFLITE: {
        int relu = typ(p, a, "Relu") ||
                   (clip && lo == 0 && (isnan(hi) || isinf(hi))); /* RELU */
        int relu6 = clip && lo == 0 && hi == 6;
        int relu1 = clip && lo == -1 && hi == 1;
        if (!(relu || relu6 || relu1))
            return 0;
        return typ(p, s, "Conv") || typ(p, s, "Gemm") || typ(p, s, "MaxPool") ||
               typ(p, s, "AveragePool") || typ(p, s, "Add") || typ(p, s, "Sub") ||
               typ(p, s, "Mul") || typ(p, s, "Div");
    }
    case HS_RT_MACE: {
        int ok = typ(p, a, "Relu") || (clip && lo == 0) || typ(p, a, "Sigmoid") ||
                 typ(p, a, "Tanh") || typ(p, a, "LeakyRelu");
        if (!ok)
            return 0;
        return typ(p, s, "Conv") || typ(p, s, "ConvTranspose") || typ(p, s, "Gemm") ||
               typ(p, s, "BatchNormalization");
    }
    case HS_RT_ORT: {
        int common = typ(p, a, "Relu") || typ(p, a, "Sigmoid") || typ(p, a, "Tanh") ||
                     typ(p, a, "LeakyRelu") || typ(p, a, "HardSigmoid");
        if (typ(p, s, "Conv"))
            return common || (clip && !isnan(lo) && !isnan(hi));
        return typ(p, s, "Gemm") && common;
    }
    default:
        return 0;
    }
}

static void rule_act(plan *p, int i)
{
    const hs_op *op = &p->g->ops[i];
    if (op->n_in < 1 || op->n_out != 1)
        return;
    int t = rename_of(p, op->in[0]), s = p->prod[t];
    if (s < 0 || p->o[s].dead || p->o[s].fused || p->o[s].out0 != t || p->o[s].in_ovr >= 0)
        return;
    if (!act_fusable(p, s, i) || uses(p, t, NULL) != 1)
        return;
    lop *S = &p->o[s];
    p->oom |= hs_attrs_set_string(&S->attrs, "activation", p->o[i].type) < 0;
    double lo = hs_attrs_number(&p->o[i].attrs, "min", NAN);
    double hi = hs_attrs_number(&p->o[i].attrs, "max", NAN);
    if (!isnan(lo))
        p->oom |= hs_attrs_set_number(&S->attrs, "activation_min", lo) < 0;
    if (!isnan(hi) && !isinf(hi))
        p->oom |= hs_attrs_set_number(&S->attrs, "activation_max", hi) < 0;
    double alpha = hs_attrs_number(&p->o[i].attrs, "alpha", NAN);
    if (!isnan(alpha))
        p->oom |= hs_attrs_set_number(&S->attrs, "activation_alpha", alpha) < 0;
    double beta = hs_attrs_number(&p->o[i].attrs, "beta", NAN); /* HardSigmoid */
    if (!isnan(beta))
        p->oom |= hs_attrs_set_number(&S->attrs, "activation_beta", beta) < 0;
    S->fused = 1; /* FLOPs unchanged: the clamp runs in the producer's epilogue, and the
                     fitted conv rates are per conv FLOP with the clamp's time inside */
    take_output(p, s, i);
    absorb(p, s, i, HS_LR_ACT_FUSE);
}

/* ------------------------------------------------------------ emitting */

static char *fresh_name(const hs_graph *g, const hs_graph *gl, const char *base, int tensor)
{
    size_t n = strlen(base) + 24;
    char *nm = malloc(n);
    if (!nm)
        return NULL;
    snprintf(nm, n, "%s", base);
    for (int k = 2;; k++) {
        int taken = tensor ? (hs_graph_find_tensor(g, nm) >= 0 || hs_graph_find_tensor(gl, nm) >= 0)
                           : (hs_graph_find_op(g, nm) >= 0 || hs_graph_find_op(gl, nm) >= 0);
        if (!taken)
            return nm;
        snprintf(nm, n, "%s_%d", base, k);
    }
}

static int copy_attrs(hs_attrs *dst, const hs_attrs *src)
{
    for (int k = 0; k < src->n; k++) {
        const hs_attr *a = &src->a[k];
        int rc;
        if (a->kind == HS_AK_STRING)
            rc = hs_attrs_set_string(dst, a->name, a->str);
        else
            rc = hs_attrs_set_numbers(dst, a->name, a->num, a->n,
                                      a->kind == HS_AK_INTS || a->kind == HS_AK_FLOATS);
        if (rc < 0)
            return -1;
    }
    return 0;
}

static int emit_op(hs_graph *gl, const char *name, const char *type, int n_in,
                   const char *const *in, const hs_tensor *const *outs, int n_out,
                   const hs_op_attrs *sp, const hs_attrs *attrs, double flops, int64_t w,
                   hs_error *err)
{
    const char *onames[HS_MAX_RANK * 4];
    int ranks[HS_MAX_RANK * 4];
    int64_t shapes[HS_MAX_RANK * 4][HS_MAX_RANK];
    if (n_out > HS_MAX_RANK * 4) {
        hs_error_set(err, "op \"%s\": too many outputs to lower", name);
        return -1;
    }
    for (int j = 0; j < n_out; j++) {
        onames[j] = outs[j]->name;
        ranks[j] = outs[j]->rank;
        memcpy(shapes[j], outs[j]->shape, sizeof shapes[j]);
    }
    int k = hs_graph_add_op(gl, name, type, n_in, in, n_out, onames, ranks,
                            (const int64_t(*)[HS_MAX_RANK])shapes, sp, err);
    if (k < 0)
        return -1;
    hs_op *op = &gl->ops[k];
    if (attrs && copy_attrs(&op->attr_list, attrs) < 0) {
        hs_error_set(err, "out of memory");
        return -1;
    }
    if (flops >= 0) {
        op->flops = flops;
        op->flops_given = 1;
    }
    op->weight_elems = w;
    op->weights_given = 1;
    return 0;
}

/* Runtime profiles name ops by their ONNX node and tensor names (aliases,
 * traces/import_match.h): every emitted op keeps its own aliases, a split
 * op's name goes to the op writing its output, and an op that was folded or
 * fused hands its name and aliases to the op that absorbed it (followed to
 * the one that survives). at[i]: emitted index of original op i, -1 dead. */
static int carry_aliases(const plan *p, const int *at, hs_graph *gl, hs_error *err)
{
    const hs_graph *g = p->g;
    for (int i = 0; i < g->n_ops; i++) {
        int r = i, hops = 0;
        while (r >= 0 && at[r] < 0 && hops++ <= g->n_ops)
            r = p->o[r].dead ? p->o[r].absorbed_by : -1;
        if (r < 0 || at[r] < 0)
            continue; /* bypassed with no survivor (Identity): nothing runs it */
        if (hs_op_take_aliases(&gl->ops[at[r]], &g->ops[i], err) < 0)
            return -1;
    }
    return 0;
}

static hs_graph *emit(plan *p, hs_error *err)
{
    const hs_graph *g = p->g;
    int *at = NULL; /* original op -> the emitted op that carries it */
    hs_graph *gl = hs_graph_new(g->name);
    if (!gl)
        goto oom;
    gl->dtype = g->dtype;
    gl->accuracy = g->accuracy;
    if ((g->description && !(gl->description = hs_strdup(g->description))) ||
        (g->source && !(gl->source = hs_strdup(g->source))))
        goto oom;
    for (int i = 0; i < g->n_inputs; i++) {
        const hs_tensor *t = &g->tensors[g->inputs[i]];
        if (hs_graph_add_input(gl, t->name, t->rank, t->shape, err) < 0)
            goto fail;
    }
    at = malloc((size_t)(g->n_ops > 0 ? g->n_ops : 1) * sizeof *at);
    if (!at)
        goto oom;
    for (int i = 0; i < g->n_ops; i++) {
        const lop *L = &p->o[i];
        at[i] = -1;
        if (L->dead)
            continue;
        const hs_op *op = &g->ops[i];
        const char *ins[64];
        int n_in = 0;
        if (L->in_ovr >= 0) {
            ins[n_in++] = g->tensors[rename_of(p, L->in_ovr)].name;
        } else {
            if (op->n_in > 64) {
                hs_error_set(err, "op \"%s\": too many inputs to lower", op->name);
                goto fail;
            }
            for (int k = 0; k < op->n_in; k++)
                ins[n_in++] = g->tensors[rename_of(p, op->in[k])].name;
        }
        const hs_tensor *outs[HS_MAX_RANK * 4];
        int n_out = op->n_out < HS_MAX_RANK * 4 ? op->n_out : HS_MAX_RANK * 4;
        for (int j = 0; j < n_out; j++)
            outs[j] = &g->tensors[j == 0 ? L->out0 : op->out[j]];
        if (L->split) {
            /* BN: x * scale + shift, C weights and one FLOP per element each;
             * HardSigmoid: relu6(x + 3) (two FLOPs per element) * 1/6 (one) */
            const hs_tensor *y = outs[0];
            int bn = L->split == SPLIT_BN;
            int64_t c = bn && y->rank >= 2 ? y->shape[1] : 0;
            const char *t1 = bn ? "Mul" : "Add", *t2 = bn ? "Add" : "Mul";
            char base[512];
            snprintf(base, sizeof base, "%s/%s", op->name, bn ? "mul" : "add");
            char *name1 = fresh_name(g, gl, base, 0), *tname = fresh_name(g, gl, base, 1);
            snprintf(base, sizeof base, "%s/%s", op->name, bn ? "add" : "mul");
            char *name2 = fresh_name(g, gl, base, 0);
            hs_attrs relu6 = {0};
            int oom = !name1 || !tname || !name2;
            if (!bn)
                oom |= hs_attrs_set_string(&relu6, "activation", "Clip") < 0 ||
                       hs_attrs_set_number(&relu6, "activation_min", 0) < 0 ||
                       hs_attrs_set_number(&relu6, "activation_max", 6) < 0;
            int rc = -1;
            if (!oom) {
                hs_tensor mid = *y;
                mid.name = tname;
                const hs_tensor *mo[1] = {&mid};
                const char *in2[1] = {tname};
                rc = emit_op(gl, name1, t1, n_in > 0 ? 1 : 0, ins, mo, 1, NULL,
                             bn ? NULL : &relu6, (double)y->elems * (bn ? 1 : 2), c, err);
                if (rc == 0)
                    rc = emit_op(gl, name2, t2, 1, in2, outs, 1, NULL, bn ? &L->attrs : NULL,
                                 (double)y->elems, c, err);
            }
            hs_attrs_free(&relu6);
            free(name1);
            free(tname);
            free(name2);
            if (oom)
                goto oom;
            if (rc < 0)
                goto fail;
            at[i] = gl->n_ops - 1; /* the op writing the split op's output */
            continue;
        }
        if (emit_op(gl, op->name, L->type, n_in, ins, outs, n_out, &L->sp, &L->attrs, L->flops,
                    L->w, err) < 0)
            goto fail;
        at[i] = gl->n_ops - 1;
    }
    if (carry_aliases(p, at, gl, err) < 0)
        goto fail;
    free(at);
    at = NULL;
    for (int i = 0; i < g->n_outputs; i++)
        if (hs_graph_add_output(gl, g->tensors[rename_of(p, g->outputs[i])].name, err) < 0)
            goto fail;
    if (hs_graph_finalize(gl, err) < 0)
        goto fail;
    return gl;
oom:
    hs_error_set(err, "out of memory");
fail:
    free(at);
    hs_graph_free(gl);
    return NULL;
}

/* TFLite GPU delegate (gpu_model.cc MergeNodes): an elementwise op that is
 * the only reader of its producer's output and reads it as input 0 runs in
 * the producer's kernel ("<producer> -> <op>"). Marked, not removed: other
 * processors (CPU) still run it as an op; a processor whose op-model set
 * links elementwise ops (devices/profile.h) gives it no time of its own. */
static int link_gpu(hs_graph *gl, hs_lower_stats *st)
{
    static const char *const linkable[] = {"Add", "Sub", "Mul", "Div", "HardSwish", "Sigmoid",
                                           "Tanh", "Relu", "Clip", "LeakyRelu", "Max", "Min",
                                           "Abs", "Neg", "Exp", "Sqrt", "Pow", "Elu", NULL};
    for (int i = 0; i < gl->n_ops; i++) {
        hs_op *op = &gl->ops[i];
        int ok = 0;
        for (int k = 0; linkable[k] && !ok; k++)
            ok = strcmp(op->type, linkable[k]) == 0;
        if (!ok || op->n_in < 1)
            continue;
        const hs_tensor *t = &gl->tensors[op->in[0]];
        if (t->producer < 0 || t->n_consumers != 1)
            continue;
        int graph_out = 0;
        for (int k = 0; k < gl->n_outputs; k++)
            graph_out |= gl->outputs[k] == op->in[0];
        const hs_op *prod = &gl->ops[t->producer];
        if (graph_out || hs_op_is_view(prod) || prod->n_out != 1)
            continue;
        if (hs_attrs_set_string(&op->attr_list, "gpu_linked_into", prod->name) < 0)
            return -1;
        st->n[HS_LR_GPU_LINK]++;
    }
    return 0;
}

hs_graph *hs_graph_lower(const hs_graph *g, hs_runtime rt, hs_lower_stats *st, hs_error *err)
{
    hs_lower_stats local;
    if (!st)
        st = &local;
    memset(st, 0, sizeof *st);
    st->ops_before = g->n_ops;
    if (rt < 0 || rt >= HS_RT_COUNT) {
        hs_error_set(err, "unknown runtime %d (expected one of none, tflite, mace, ort)", (int)rt);
        return NULL;
    }
    plan p = {.g = g, .rt = rt, .st = st};
    size_t nt = (size_t)(g->n_tensors ? g->n_tensors : 1);
    p.o = calloc((size_t)(g->n_ops ? g->n_ops : 1), sizeof *p.o);
    p.ren = malloc(nt * sizeof *p.ren);
    p.prod = malloc(nt * sizeof *p.prod);
    hs_graph *gl = NULL;
    if (!p.o || !p.ren || !p.prod) {
        hs_error_set(err, "out of memory");
        goto out;
    }
    for (int t = 0; t < g->n_tensors; t++) {
        p.ren[t] = -1;
        p.prod[t] = g->tensors[t].producer;
    }
    for (int i = 0; i < g->n_ops; i++) {
        lop *L = &p.o[i];
        const hs_op *op = &g->ops[i];
        L->absorbed_by = -1;
        L->in_ovr = -1;
        L->type = op->type;
        L->out0 = op->out[0];
        L->sp = op->attrs;
        L->flops = op->flops;
        L->w = op->weight_elems;
        if (copy_attrs(&L->attrs, &op->attr_list) < 0) {
            hs_error_set(err, "out of memory");
            goto out;
        }
    }
    if (rt != HS_RT_NONE)
        for (int k = 0; k < g->n_ops; k++) {
            int i = g->topo ? g->topo[k] : k;
            if (p.o[i].dead)
                continue;
            if (rules[HS_LR_IDENTITY].source[rt])
                rule_identity(&p, i);
            if (!p.o[i].dead && rules[HS_LR_PAD_FOLD].source[rt])
                rule_pad(&p, i);
            if (!p.o[i].dead)
                rule_bn(&p, i);
            if (!p.o[i].dead && rules[HS_LR_HARDSWISH].source[rt])
                rule_hardswish(&p, i);
            if (!p.o[i].dead)
                rule_act(&p, i);
        }
    if (rt != HS_RT_NONE)
        for (int i = 0; i < g->n_ops; i++)
            rule_hardsigmoid(&p, i);
    if (p.oom) {
        hs_error_set(err, "out of memory");
        goto out;
    }
    gl = emit(&p, err);
    if (gl && rules[HS_LR_GPU_LINK].source[rt] && link_gpu(gl, st) < 0) {
        hs_graph_free(gl);
        gl = NULL;
        hs_error_set(err, "out of memory");
    }
    if (gl)
        st->ops_after = gl->n_ops;
out:
    if (p.o)
        for (int i = 0; i < g->n_ops; i++)
            hs_attrs_free(&p.o[i].attrs);
    free(p.o);
    free(p.ren);
    free(p.prod);
    return gl;
}

void hs_lower_stats_text(const hs_lower_stats *st, char *buf, size_t n)
{
    snprintf(buf, n,
             "%d -> %d ops: %d BatchNormalization folded into the op before, %d "
             "BatchNormalization -> Mul+Add, %d activations fused, %d HardSigmoid*x -> "
             "HardSwish, %d HardSigmoid -> Add(Relu6)+Mul, %d Pad folded, %d "
             "Identity/Dropout/zero Pad removed, %d elementwise ops linked into their "
             "producer on the GPU",
             st->ops_before, st->ops_after, st->n[HS_LR_BN_FOLD], st->n[HS_LR_BN_MULADD],
             st->n[HS_LR_ACT_FUSE], st->n[HS_LR_HARDSWISH], st->n[HS_LR_HARDSIGMOID],
             st->n[HS_LR_PAD_FOLD], st->n[HS_LR_IDENTITY], st->n[HS_LR_GPU_LINK]);
}
