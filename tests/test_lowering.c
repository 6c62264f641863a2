/* Lowering as a runtime does it (traces/lowering.h), one rule per test on
 * tiny hand-written graphs, figures worked out by hand; and the graph writer
 * (traces/graph_write.h): what it writes reads back as the same graph. */
#include <CUnit/CUnit.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/json_read.h"
#include "tests/test_util.h"
#include "traces/graph.h"
#include "traces/graph_write.h"
#include "traces/lowering.h"

#define HDR "{\"format\": \"hetsim-model\", \"version\": 1, \"name\": \"t\", "
#define X4 "\"inputs\": [{\"name\": \"x\", \"shape\": [1, 4, 8, 8]}], "
#define CONV(name, in, out, extra)                                                                 \
    "{\"name\": \"" name "\", \"type\": \"Conv\", \"inputs\": [\"" in "\"], \"outputs\": "       \
    "[{\"name\": \"" out "\", \"shape\": [1, 8, 8, 8]}], \"attrs\": {\"kernel_shape\": [3, 3], " \
    "\"pads\": [1, 1, 1, 1]" extra "}, \"weight_elems\": 288}"
#define UNARY(name, type, in, out, c, attrs)                                                       \
    "{\"name\": \"" name "\", \"type\": \"" type "\", \"inputs\": [\"" in "\"], \"outputs\": "   \
    "[{\"name\": \"" out "\", \"shape\": [1, " #c ", 8, 8]}]" attrs "}"

static hs_graph *parse(const char *text)
{
    cJSON *root;
    hs_error err;
    if (hs_json_parse("t.json", text, &root, &err) < 0) {
        fprintf(stderr, "\n  %s\n", err.msg);
        return NULL;
    }
    hs_graph *g = hs_graph_from_json(root, "t.json", &err);
    cJSON_Delete(root);
    if (!g)
        fprintf(stderr, "\n  %s\n", err.msg);
    return g;
}

static hs_graph *lower(const char *text, hs_runtime rt, hs_lower_stats *st)
{
    hs_graph *g = parse(text);
    CU_ASSERT_PTR_NOT_NULL_FATAL(g);
    hs_error err;
    hs_graph *gl = hs_graph_lower(g, rt, st, &err);
    if (!gl)
        fprintf(stderr, "\n  %s\n", err.msg);
    hs_graph_free(g);
    return gl;
}

static const hs_op *op_named(const hs_graph *g, const char *name)
{
    int i = hs_graph_find_op(g, name);
    return i >= 0 ? &g->ops[i] : NULL;
}

/* Conv (3x3, 4 -> 8 channels, no bias: 8*4*9 = 288 weights) + BN: the BN
 * goes into the conv. FLOPs stay 2 * 8*8*8 (outputs) * 4*9 = 36864; the
 * weights gain the bias the folded shift needs: 288 + 8 = 296. */
static void test_conv_bn_folded(void)
{
    const char *m = HDR X4 "\"outputs\": [\"y\"], \"ops\": [" CONV("conv", "x", "c", "")
        ", " UNARY("bn", "BatchNormalization", "c", "y", 8, ", \"attrs\": {\"epsilon\": 1e-05}")
        "]}";
    hs_lower_stats st;
    for (int rt = HS_RT_TFLITE; rt < HS_RT_COUNT; rt++) {
        hs_graph *g = lower(m, (hs_runtime)rt, &st);
        CU_ASSERT_PTR_NOT_NULL_FATAL(g);
        CU_ASSERT_EQUAL(g->n_ops, 1);
        const hs_op *c = op_named(g, "conv");
        CU_ASSERT_PTR_NOT_NULL_FATAL(c);
        CU_ASSERT_DOUBLE_EQUAL(c->flops, 36864, 1e-9);
        CU_ASSERT_EQUAL(c->weight_elems, 296);
        CU_ASSERT_STRING_EQUAL(g->tensors[c->out[0]].name, "y");
        CU_ASSERT_STRING_EQUAL(g->tensors[g->outputs[0]].name, "y");
        CU_ASSERT_EQUAL(st.n[HS_LR_BN_FOLD], 1);
        CU_ASSERT_EQUAL(st.ops_before, 2);
        CU_ASSERT_EQUAL(st.ops_after, 1);
        hs_graph_free(g);
    }
}

/* BN after a Concat (DenseNet): nothing to fold into. TFLite: MUL + ADD, one
 * FLOP per element each (2 * 8*8*8 = 1024 -> 512 + 512) and C = 8 weights
 * each; ORT and MACE keep the BatchNormalization. */
static void test_bn_after_concat(void)
{
    const char *m =
        HDR X4 "\"outputs\": [\"y\"], \"ops\": ["
        "{\"name\": \"cat\", \"type\": \"Concat\", \"inputs\": [\"x\", \"x\"], \"outputs\": "
        "[{\"name\": \"k\", \"shape\": [1, 8, 8, 8]}], \"attrs\": {\"axis\": 1}}, " UNARY(
            "bn", "BatchNormalization", "k", "y", 8, "") "]}";
    hs_lower_stats st;
    hs_graph *g = lower(m, HS_RT_TFLITE, &st);
    CU_ASSERT_PTR_NOT_NULL_FATAL(g);
    CU_ASSERT_EQUAL(g->n_ops, 3);
    const hs_op *mul = op_named(g, "bn/mul"), *add = op_named(g, "bn/add");
    CU_ASSERT_PTR_NOT_NULL_FATAL(mul);
    CU_ASSERT_PTR_NOT_NULL_FATAL(add);
    CU_ASSERT_STRING_EQUAL(mul->type, "Mul");
    CU_ASSERT_STRING_EQUAL(add->type, "Add");
    CU_ASSERT_DOUBLE_EQUAL(mul->flops, 512, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(add->flops, 512, 1e-9);
    CU_ASSERT_EQUAL(mul->weight_elems, 8);
    CU_ASSERT_EQUAL(add->weight_elems, 8);
    CU_ASSERT_EQUAL(add->in[0], mul->out[0]);
    CU_ASSERT_STRING_EQUAL(g->tensors[add->out[0]].name, "y");
    CU_ASSERT_EQUAL(hs_graph_find_alias(g, "bn"), (int)(add - g->ops)); /* writes bn's output */
    CU_ASSERT_EQUAL(st.n[HS_LR_BN_MULADD], 1);
    CU_ASSERT_EQUAL(st.n[HS_LR_BN_FOLD], 0);
    hs_graph_free(g);
    for (int rt = HS_RT_MACE; rt <= HS_RT_ORT; rt++) {
        g = lower(m, (hs_runtime)rt, &st);
        CU_ASSERT_PTR_NOT_NULL_FATAL(g);
        CU_ASSERT_EQUAL(g->n_ops, 2);
        CU_ASSERT_PTR_NOT_NULL(op_named(g, "bn"));
        hs_graph_free(g);
    }
}

/* x * HardSigmoid(x; 1/6, 1/2) (opset-13 HardSwish) -> one HardSwish (TFLite),
 * 4 FLOPs per element (op table): 4 * 8*8*8 = 2048; the other runtimes keep
 * both ops; another alpha is no HardSwish. */
static void test_hardswish(void)
{
    const char *m = HDR X4 "\"outputs\": [\"y\"], \"ops\": [" CONV("conv", "x", "c", "")
        ", " UNARY("hs", "HardSigmoid", "c", "h", 8,
                   ", \"attrs\": {\"alpha\": 0.16666667163372, \"beta\": 0.5}")
        ", {\"name\": \"mul\", \"type\": \"Mul\", \"inputs\": [\"c\", \"h\"], \"outputs\": "
        "[{\"name\": \"y\", \"shape\": [1, 8, 8, 8]}]}]}";
    hs_lower_stats st;
    hs_graph *g = lower(m, HS_RT_TFLITE, &st);
    CU_ASSERT_PTR_NOT_NULL_FATAL(g);
    CU_ASSERT_EQUAL(g->n_ops, 2);
    const hs_op *h = op_named(g, "mul");
    CU_ASSERT_PTR_NOT_NULL_FATAL(h);
    CU_ASSERT_STRING_EQUAL(h->type, "HardSwish");
    CU_ASSERT_EQUAL(h->n_in, 1);
    CU_ASSERT_STRING_EQUAL(g->tensors[h->in[0]].name, "c");
    CU_ASSERT_DOUBLE_EQUAL(h->flops, 2048, 1e-9);
    CU_ASSERT_EQUAL(st.n[HS_LR_HARDSWISH], 1);
    hs_graph_free(g);
    g = lower(m, HS_RT_ORT, &st);
    CU_ASSERT_EQUAL(g->n_ops, 3); /* the conv output has two readers: nothing fuses */
    CU_ASSERT_STRING_EQUAL(op_named(g, "mul")->type, "Mul");
    CU_ASSERT_EQUAL(op_named(g, "mul")->n_in, 2);
    hs_graph_free(g);
    char *alt = strdup(m);
    char *a = strstr(alt, "0.16666667163372");
    memcpy(a, "0.20000000000000", 16);
    g = lower(alt, HS_RT_TFLITE, &st);
    CU_ASSERT_EQUAL(g->n_ops, 3);
    CU_ASSERT_EQUAL(st.n[HS_LR_HARDSWISH], 0);
    hs_graph_free(g);
    free(alt);
}

/* Conv + Relu: one op, the Relu's output, "activation": "Relu", FLOPs the
 * conv's 36864 (the clamp runs in its epilogue). */
static void test_relu_fused(void)
{
    const char *m = HDR X4 "\"outputs\": [\"y\"], \"ops\": [" CONV("conv", "x", "c", "")
        ", " UNARY("relu", "Relu", "c", "y", 8, ", \"aliases\": [\"/relu/Relu\"]") "]}";
    hs_lower_stats st;
    for (int rt = HS_RT_TFLITE; rt < HS_RT_COUNT; rt++) {
        hs_graph *g = lower(m, (hs_runtime)rt, &st);
        CU_ASSERT_PTR_NOT_NULL_FATAL(g);
        CU_ASSERT_EQUAL(g->n_ops, 1);
        const hs_op *c = &g->ops[0];
        CU_ASSERT_STRING_EQUAL(c->name, "conv");
        CU_ASSERT_STRING_EQUAL(hs_attrs_string(&c->attr_list, "activation", ""), "Relu");
        CU_ASSERT_DOUBLE_EQUAL(c->flops, 36864, 1e-9);
        CU_ASSERT_EQUAL(c->weight_elems, 288);
        CU_ASSERT_STRING_EQUAL(g->tensors[c->out[0]].name, "y");
        CU_ASSERT_EQUAL(st.n[HS_LR_ACT_FUSE], 1);
        /* a runtime profile naming the Relu finds the conv (its aliases) */
        CU_ASSERT_EQUAL(hs_graph_find_alias(g, "relu"), 0);
        CU_ASSERT_EQUAL(hs_graph_find_alias(g, "/relu/Relu"), 0);
        CU_ASSERT_EQUAL(c->n_aliases, 2);
        hs_graph_free(g);
    }
}

/* Not fused: the conv output has a second reader; TFLite: Clip(0, 1) is no
 * RELU/RELU6/RELU_N1_TO_1; Clip(0, 6) is RELU6. Conv + BN + Relu: both go. */
static void test_fusion_conditions(void)
{
    const char *two = HDR X4 "\"outputs\": [\"y\", \"c\"], \"ops\": [" CONV("conv", "x", "c", "")
        ", " UNARY("relu", "Relu", "c", "y", 8, "") "]}";
    hs_lower_stats st;
    hs_graph *g = lower(two, HS_RT_TFLITE, &st);
    CU_ASSERT_EQUAL(g->n_ops, 2);
    CU_ASSERT_EQUAL(st.n[HS_LR_ACT_FUSE], 0);
    hs_graph_free(g);
    const char *clip01 = HDR X4 "\"outputs\": [\"y\"], \"ops\": [" CONV("conv", "x", "c", "")
        ", " UNARY("clip", "Clip", "c", "y", 8, ", \"attrs\": {\"min\": 0, \"max\": 1}") "]}";
    g = lower(clip01, HS_RT_TFLITE, &st);
    CU_ASSERT_EQUAL(g->n_ops, 2);
    hs_graph_free(g);
    const char *clip06 = HDR X4 "\"outputs\": [\"y\"], \"ops\": [" CONV("conv", "x", "c", "")
        ", " UNARY("clip", "Clip", "c", "y", 8, ", \"attrs\": {\"min\": 0, \"max\": 6}") "]}";
    g = lower(clip06, HS_RT_TFLITE, &st);
    CU_ASSERT_EQUAL(g->n_ops, 1);
    CU_ASSERT_DOUBLE_EQUAL(hs_attrs_number(&g->ops[0].attr_list, "activation_max", 0), 6, 0);
    hs_graph_free(g);
    const char *cbr = HDR X4 "\"outputs\": [\"y\"], \"ops\": [" CONV("conv", "x", "c", "")
        ", " UNARY("bn", "BatchNormalization", "c", "b", 8, "")
        ", " UNARY("relu", "Relu", "b", "y", 8, "") "]}";
    g = lower(cbr, HS_RT_TFLITE, &st);
    CU_ASSERT_EQUAL(g->n_ops, 1);
    CU_ASSERT_EQUAL(st.n[HS_LR_BN_FOLD], 1);
    CU_ASSERT_EQUAL(st.n[HS_LR_ACT_FUSE], 1);
    hs_graph_free(g);
    /* ORT fuses HardSigmoid into a Conv: both its parameters go with it */
    const char *chs = HDR X4 "\"outputs\": [\"y\"], \"ops\": [" CONV("conv", "x", "c", "")
        ", " UNARY("hs", "HardSigmoid", "c", "y", 8, ", \"attrs\": {\"alpha\": 0.25, \"beta\": 0.4}") "]}";
    g = lower(chs, HS_RT_ORT, &st);
    CU_ASSERT_EQUAL(g->n_ops, 1);
    CU_ASSERT_STRING_EQUAL(hs_attrs_string(&g->ops[0].attr_list, "activation", ""), "HardSigmoid");
    CU_ASSERT_DOUBLE_EQUAL(hs_attrs_number(&g->ops[0].attr_list, "activation_alpha", 0), 0.25, 0);
    CU_ASSERT_DOUBLE_EQUAL(hs_attrs_number(&g->ops[0].attr_list, "activation_beta", 0), 0.4, 0);
    hs_graph_free(g);
}

/* A zero Pad of 1 on each side of H and W into the conv after it (TFLite:
 * the GPU delegate's merge_padding_with_convolution): pads 1 + 1 = 2. */
static void test_pad_folded(void)
{
    const char *m =
        HDR X4 "\"outputs\": [\"y\"], \"ops\": ["
        "{\"name\": \"pad\", \"type\": \"Pad\", \"inputs\": [\"x\"], \"outputs\": [{\"name\": "
        "\"p\", \"shape\": [1, 4, 10, 10]}], \"attrs\": {\"mode\": \"constant\", \"paddings\": [0, 0, "
        "1, 1, 0, 0, 1, 1]}}, "
        "{\"name\": \"conv\", \"type\": \"Conv\", \"inputs\": [\"p\"], \"outputs\": [{\"name\": "
        "\"y\", \"shape\": [1, 8, 10, 10]}], \"attrs\": {\"kernel_shape\": [3, 3], \"pads\": [1, "
        "1, 1, 1]}}]}";
    hs_lower_stats st;
    hs_graph *g = lower(m, HS_RT_TFLITE, &st);
    CU_ASSERT_PTR_NOT_NULL_FATAL(g);
    CU_ASSERT_EQUAL(g->n_ops, 1);
    CU_ASSERT_EQUAL(g->ops[0].attrs.pads[0], 2);
    CU_ASSERT_EQUAL(g->ops[0].attrs.pads[3], 2);
    CU_ASSERT_STRING_EQUAL(g->tensors[g->ops[0].in[0]].name, "x");
    CU_ASSERT_EQUAL(st.n[HS_LR_PAD_FOLD], 1);
    hs_graph_free(g);
    g = lower(m, HS_RT_ORT, &st); /* not cited for ORT: kept */
    CU_ASSERT_EQUAL(g->n_ops, 2);
    hs_graph_free(g);
}

/* GPU linking (TFLite): the HardSwish of test_hardswish alone reads the
 * conv's output as input 0: marked gpu_linked_into "conv", kept as an op;
 * an Add whose input 0 has another reader is not; ORT marks nothing. */
static void test_gpu_link(void)
{
    const char *m = HDR X4 "\"outputs\": [\"y\"], \"ops\": [" CONV("conv", "x", "c", "")
        ", " UNARY("hs", "HardSigmoid", "c", "h", 8,
                   ", \"attrs\": {\"alpha\": 0.16666667163372, \"beta\": 0.5}")
        ", {\"name\": \"mul\", \"type\": \"Mul\", \"inputs\": [\"c\", \"h\"], \"outputs\": "
        "[{\"name\": \"y\", \"shape\": [1, 8, 8, 8]}]}]}";
    hs_lower_stats st;
    hs_graph *g = lower(m, HS_RT_TFLITE, &st);
    CU_ASSERT_PTR_NOT_NULL_FATAL(g);
    CU_ASSERT_EQUAL(g->n_ops, 2);
    CU_ASSERT_STRING_EQUAL(hs_attrs_string(&op_named(g, "mul")->attr_list, "gpu_linked_into", ""),
                           "conv");
    CU_ASSERT_EQUAL(st.n[HS_LR_GPU_LINK], 1);
    hs_graph_free(g);
    const char *two = HDR X4 "\"outputs\": [\"y\", \"z\"], \"ops\": [" CONV("conv", "x", "c", "")
        ", {\"name\": \"add\", \"type\": \"Add\", \"inputs\": [\"c\", \"c\"], \"outputs\": "
        "[{\"name\": \"y\", \"shape\": [1, 8, 8, 8]}]}"
        ", " UNARY("sig", "Sigmoid", "c", "z", 8, "") "]}";
    g = lower(two, HS_RT_TFLITE, &st);
    CU_ASSERT_PTR_NULL(hs_attrs_find(&op_named(g, "add")->attr_list, "gpu_linked_into"));
    CU_ASSERT_EQUAL(st.n[HS_LR_GPU_LINK], 0);
    hs_graph_free(g);
    g = lower(m, HS_RT_ORT, &st);
    CU_ASSERT_EQUAL(st.n[HS_LR_GPU_LINK], 0);
    hs_graph_free(g);
}

/* --runtime none: the same ops, names, types, costs and edges. */
static void test_none_changes_nothing(void)
{
    const char *m = HDR X4 "\"outputs\": [\"y\"], \"ops\": [" CONV("conv", "x", "c", "")
        ", " UNARY("bn", "BatchNormalization", "c", "b", 8, "")
        ", " UNARY("id", "Identity", "b", "i", 8, "")
        ", " UNARY("relu", "Relu", "i", "y", 8, "") "]}";
    hs_graph *g = parse(m);
    hs_lower_stats st;
    hs_graph *gl = lower(m, HS_RT_NONE, &st);
    CU_ASSERT_PTR_NOT_NULL_FATAL(gl);
    CU_ASSERT_EQUAL(gl->n_ops, g->n_ops);
    for (int i = 0; i < g->n_ops && i < gl->n_ops; i++) {
        CU_ASSERT_STRING_EQUAL(gl->ops[i].name, g->ops[i].name);
        CU_ASSERT_STRING_EQUAL(gl->ops[i].type, g->ops[i].type);
        CU_ASSERT_DOUBLE_EQUAL(gl->ops[i].flops, g->ops[i].flops, 0);
        CU_ASSERT_EQUAL(gl->ops[i].weight_elems, g->ops[i].weight_elems);
        CU_ASSERT_STRING_EQUAL(gl->tensors[gl->ops[i].in[0]].name,
                               g->tensors[g->ops[i].in[0]].name);
    }
    for (int r = 0; r < HS_LR_COUNT; r++)
        CU_ASSERT_EQUAL(st.n[r], 0);
    hs_graph_free(gl);
    /* TFLite: Identity gone, BN folded, Relu fused: one op */
    gl = lower(m, HS_RT_TFLITE, &st);
    CU_ASSERT_EQUAL(gl->n_ops, 1);
    CU_ASSERT_EQUAL(st.n[HS_LR_IDENTITY], 1);
    hs_graph_free(gl);
    hs_graph_free(g);
    hs_error err;
    g = parse(m);
    CU_ASSERT_PTR_NULL(hs_graph_lower(g, HS_RT_COUNT, NULL, &err));
    HS_ASSERT_MSG(err, "unknown runtime", "tflite");
    hs_graph_free(g);
}

/* The writer: text -> graph -> text -> graph keeps ops, names, shapes,
 * attributes, costs. */
static void test_writer_round_trip(void)
{
    const char *m = HDR X4 "\"outputs\": [\"y\"], \"ops\": [" CONV("conv", "x", "c",
                                                                   ", \"group\": 1")
        ", " UNARY("clip", "Clip", "c", "y", 8,
                   ", \"attrs\": {\"min\": -1.5, \"max\": 6, \"mode\": \"x\\\"q\"}, "
                   "\"aliases\": [\"/clip/Clip\", \"y:0\"]") "]}";
    hs_graph *g = parse(m);
    CU_ASSERT_PTR_NOT_NULL_FATAL(g);
    hs_error err;
    char *text = hs_graph_to_json(g, "test", &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(text);
    hs_graph *h = parse(text);
    CU_ASSERT_PTR_NOT_NULL_FATAL(h);
    CU_ASSERT_EQUAL(h->n_ops, g->n_ops);
    for (int i = 0; i < g->n_ops; i++) {
        CU_ASSERT_STRING_EQUAL(h->ops[i].name, g->ops[i].name);
        CU_ASSERT_DOUBLE_EQUAL(h->ops[i].flops, g->ops[i].flops, 0);
        CU_ASSERT_EQUAL(h->ops[i].weight_elems, g->ops[i].weight_elems);
        CU_ASSERT(memcmp(&h->ops[i].attrs, &g->ops[i].attrs, sizeof g->ops[i].attrs) == 0);
        CU_ASSERT_EQUAL(h->ops[i].attr_list.n, g->ops[i].attr_list.n);
        CU_ASSERT_EQUAL_FATAL(h->ops[i].n_aliases, g->ops[i].n_aliases);
        for (int j = 0; j < g->ops[i].n_aliases; j++)
            CU_ASSERT_STRING_EQUAL(h->ops[i].aliases[j], g->ops[i].aliases[j]);
    }
    CU_ASSERT_EQUAL(h->ops[1].n_aliases, 2);
    CU_ASSERT_DOUBLE_EQUAL(hs_attrs_number(&h->ops[1].attr_list, "min", 0), -1.5, 0);
    CU_ASSERT_STRING_EQUAL(hs_attrs_string(&h->ops[1].attr_list, "mode", ""), "x\"q");
    free(text);
    hs_graph_free(h);
    hs_graph_free(g);
}

int hs_suite_lowering(void)
{
    CU_pSuite s = CU_add_suite("lowering", NULL, NULL);
    if (!s)
        return -1;
    if (!CU_add_test(s, "conv + BN folded (FLOPs, bias by hand)", test_conv_bn_folded) ||
        !CU_add_test(s, "BN after Concat -> Mul + Add (tflite)", test_bn_after_concat) ||
        !CU_add_test(s, "HardSigmoid*x -> HardSwish (tflite)", test_hardswish) ||
        !CU_add_test(s, "Relu fused into the conv, its aliases kept", test_relu_fused) ||
        !CU_add_test(s, "fusion conditions (readers, clip bounds)", test_fusion_conditions) ||
        !CU_add_test(s, "Pad folded into the conv", test_pad_folded) ||
        !CU_add_test(s, "GPU linking marked (tflite)", test_gpu_link) ||
        !CU_add_test(s, "runtime none changes nothing", test_none_changes_nothing) ||
        !CU_add_test(s, "graph writer round trip", test_writer_round_trip))
        return -1;
    return 0;
}
