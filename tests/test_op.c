/* The op table (traces/op.h), costs from shapes (traces/op_cost.h) and the
 * attributes a model file gives (traces/attrs.h, kept by the graph loader):
 * every entry filled and found by its name, every op type of the zoo known
 * to the table, unknown types kept as "other", FLOPs and weights of Conv,
 * depthwise Conv, Gemm and ConvTranspose worked out by hand (through
 * hs_op_costs and through a graph), and the loader keeping attributes in
 * file order with their kinds, refusing values of the wrong kind with the
 * file, the JSON path and what was expected. */
#include <CUnit/CUnit.h>
#include <stdio.h>
#include <string.h>

#include "base/json_read.h"
#include "devices/support.h"
#include "sim/latency.h"
#include "tests/test_util.h"
#include "traces/graph.h"
#include "traces/op_cost.h"

#ifndef HS_SRCDIR
#define HS_SRCDIR "."
#endif

static void test_every_entry(void)
{
    CU_ASSERT_STRING_EQUAL(hs_op_type_name(HS_OP_OTHER), "");
    for (int t = HS_OP_OTHER + 1; t < HS_OP_COUNT; t++) {
        const hs_op_info *oi = hs_op_info_of((hs_op_type)t);
        CU_ASSERT_PTR_NOT_NULL_FATAL(oi->name);
        CU_ASSERT(oi->name[0] != '\0');
        CU_ASSERT_EQUAL(hs_op_type_of(oi->name), t); /* names are unique */
        CU_ASSERT_PTR_NOT_NULL(oi->attrs);
        CU_ASSERT(oi->op_class >= -1 && oi->op_class < HS_OPC_COUNT);
        if (oi->flags & HS_OPF_VIEW)
            CU_ASSERT(oi->cost == HS_COST_PER_OUT && oi->flops_per_out == 0);
    }
    CU_ASSERT_EQUAL(hs_op_type_of("Conv"), HS_OP_CONV);
    CU_ASSERT_EQUAL(hs_op_type_of("conv"), HS_OP_OTHER); /* ONNX names are case-sensitive */
    CU_ASSERT_EQUAL(hs_op_type_of("MyFancyOp"), HS_OP_OTHER);
    CU_ASSERT_EQUAL(hs_op_type_of(""), HS_OP_OTHER);
    CU_ASSERT_PTR_EQUAL(hs_op_info_of((hs_op_type)9999), hs_op_info_of(HS_OP_OTHER));
    CU_ASSERT_STRING_EQUAL(hs_op_class_names[HS_OPC_DWCONV], "dwconv");
    CU_ASSERT_PTR_NULL(hs_op_class_names[HS_OPC_COUNT]);
    CU_ASSERT(hs_op_type_has(HS_OP_RESHAPE, HS_OPF_VIEW));
    CU_ASSERT(!hs_op_type_has(HS_OP_TRANSPOSE, HS_OPF_VIEW));
    CU_ASSERT(hs_op_type_has(HS_OP_MATMUL, HS_OPF_LINEAR));
    CU_ASSERT_EQUAL(hs_op_attr_spec_of(HS_OP_TRANSPOSE, "perm")->kind, HS_AK_INTS);
    CU_ASSERT_PTR_NULL(hs_op_attr_spec_of(HS_OP_TRANSPOSE, "axis"));
    /* types the table lacks are told apart by name only */
    CU_ASSERT(hs_op_type_same(HS_OP_OTHER, "A", HS_OP_OTHER, "A"));
    CU_ASSERT(!hs_op_type_same(HS_OP_OTHER, "A", HS_OP_OTHER, "B"));
    CU_ASSERT(hs_op_type_same(HS_OP_CONV, "Conv", HS_OP_CONV, "Conv"));
    CU_ASSERT(!hs_op_type_same(HS_OP_CONV, "Conv", HS_OP_OTHER, "Conv2"));
}

/* Every op type of the zoo has an entry of its own: none is "other". */
static void test_zoo_types_known(void)
{
    static const char *const zoo[] = {"resnet50", "vgg16", "mobilenet-v2", "inception-v3",
                                      "yolov2", "fast-style-transfer", "posenet", "bert-base",
                                      NULL};
    int ops = 0;
    for (int i = 0; zoo[i]; i++) {
        char path[1024];
        snprintf(path, sizeof path, "%s/traces/models/%s.json", HS_SRCDIR, zoo[i]);
        hs_error err;
        hs_graph *g = hs_graph_load_file(path, &err);
        if (!g)
            printf("\n  %s\n", err.msg);
        CU_ASSERT_PTR_NOT_NULL_FATAL(g);
        for (int k = 0; k < g->n_ops; k++, ops++) {
            const hs_op *op = &g->ops[k];
            if (op->type_id == HS_OP_OTHER)
                printf("\n  %s: op %s: type %s not in the op table\n", zoo[i], op->name, op->type);
            CU_ASSERT(op->type_id != HS_OP_OTHER);
            CU_ASSERT_STRING_EQUAL(hs_op_type_name(op->type_id), op->type);
        }
        hs_graph_free(g);
    }
    CU_ASSERT(ops > 1000);
}

/* hs_op_costs by hand. */
static void test_costs_by_hand(void)
{
    /* Conv 3x3, 16 -> 32 channels on 8x8 (pad 1): out 32*8*8 = 2048;
     * FLOPs 2 * 2048 * 16 * 9 = 589824; weights 32*16*9 + 32 = 4640 */
    int64_t x[4] = {1, 16, 8, 8}, y[4] = {1, 32, 8, 8};
    hs_cost_in in = {.type = HS_OP_CONV, .n_act = 1, .in_elems = 1024, .out_elems = 2048,
                     .x = x, .x_rank = 4, .y = y, .y_rank = 4, .kernel = 9, .group = 1};
    hs_cost c = hs_op_costs(&in);
    CU_ASSERT_DOUBLE_EQUAL(c.flops, 589824, 0);
    CU_ASSERT_DOUBLE_EQUAL(c.weights, 4640, 0);
    /* depthwise: 32 -> 32, group 32, 3x3 on 8x8: FLOPs 2 * 2048 * 1 * 9 = 36864;
     * weights 32*1*9 + 32 = 320 */
    int64_t xd[4] = {1, 32, 8, 8};
    in.x = xd, in.in_elems = 2048, in.group = 32;
    c = hs_op_costs(&in);
    CU_ASSERT_DOUBLE_EQUAL(c.flops, 36864, 0);
    CU_ASSERT_DOUBLE_EQUAL(c.weights, 320, 0);
    /* Gemm [1,256] -> [1,1000]: FLOPs 2 * 1000 * 256 = 512000; weights 256*1000 + 1000 */
    int64_t gx[2] = {1, 256}, gy[2] = {1, 1000};
    hs_cost_in gi = {.type = HS_OP_GEMM, .n_act = 1, .in_elems = 256, .out_elems = 1000,
                     .x = gx, .x_rank = 2, .y = gy, .y_rank = 2, .kernel = 1, .group = 1};
    c = hs_op_costs(&gi);
    CU_ASSERT_DOUBLE_EQUAL(c.flops, 512000, 0);
    CU_ASSERT_DOUBLE_EQUAL(c.weights, 257000, 0);
    /* the same with transA and the operand stored [256, 1]: K is its first dimension */
    int64_t gt[2] = {256, 1};
    gi.x = gt, gi.trans_a = 1;
    c = hs_op_costs(&gi);
    CU_ASSERT_DOUBLE_EQUAL(c.flops, 512000, 0);
    /* MatMul of two activations: no weights; K from the first operand */
    int64_t mx[3] = {1, 128, 64}, my[3] = {1, 128, 128};
    hs_cost_in mi = {.type = HS_OP_MATMUL, .n_act = 2, .in_elems = 16384, .out_elems = 16384,
                     .x = mx, .x_rank = 3, .y = my, .y_rank = 3, .kernel = 1, .group = 1};
    c = hs_op_costs(&mi);
    CU_ASSERT_DOUBLE_EQUAL(c.flops, 2.0 * 16384 * 64, 0);
    CU_ASSERT_DOUBLE_EQUAL(c.weights, 0, 0);
    /* ConvTranspose 16 -> 8 channels, 2x2 stride 2, 4x4 -> 8x8: in 16*4*4 = 256;
     * FLOPs 2 * 256 * 8 * 4 = 16384; weights 16*8*4 + 8 = 520; group 2 halves both */
    int64_t tx[4] = {1, 16, 4, 4}, ty[4] = {1, 8, 8, 8};
    hs_cost_in ti = {.type = HS_OP_CONV_TRANSPOSE, .n_act = 1, .in_elems = 256, .out_elems = 512,
                     .x = tx, .x_rank = 4, .y = ty, .y_rank = 4, .kernel = 4, .group = 1};
    c = hs_op_costs(&ti);
    CU_ASSERT_DOUBLE_EQUAL(c.flops, 16384, 0);
    CU_ASSERT_DOUBLE_EQUAL(c.weights, 520, 0);
    ti.group = 2;
    c = hs_op_costs(&ti);
    CU_ASSERT_DOUBLE_EQUAL(c.flops, 8192, 0);
    CU_ASSERT_DOUBLE_EQUAL(c.weights, 264, 0);
    /* an unknown type: one FLOP per output element, no weights */
    hs_cost_in ui = {.type = HS_OP_OTHER, .n_act = 1, .in_elems = 10, .out_elems = 7,
                     .x = gx, .x_rank = 2, .y = gy, .y_rank = 2, .kernel = 1, .group = 1};
    c = hs_op_costs(&ui);
    CU_ASSERT_DOUBLE_EQUAL(c.flops, 7, 0);
    CU_ASSERT_DOUBLE_EQUAL(c.weights, 0, 0);
}

static hs_graph *graph_of(const char *json, hs_error *err)
{
    cJSON *root;
    if (hs_json_parse("model.json", json, &root, err) < 0)
        return NULL;
    hs_graph *g = hs_graph_from_json(root, "model.json", err);
    cJSON_Delete(root);
    return g;
}

#define HEAD                                                                                      \
    "{\"format\": \"hetsim-model\", \"version\": 1, \"name\": \"m\", \"inputs\": [{\"name\": "  \
    "\"x\", \"shape\": [1, 16, 8, 8]}], \"ops\": ["

/* The same figures through a graph that states no costs (the loader's path),
 * and an unknown type that loads as "other". */
static void test_costs_in_graph(void)
{
    hs_error err;
    hs_graph *g = graph_of(
        HEAD "{\"name\": \"c\", \"type\": \"Conv\", \"inputs\": [\"x\"], \"outputs\": [{\"name\": "
             "\"c\", \"shape\": [1, 32, 8, 8]}], \"attrs\": {\"kernel_shape\": [3, 3], \"pads\": "
             "[1, 1, 1, 1]}},"
             "{\"name\": \"dw\", \"type\": \"Conv\", \"inputs\": [\"c\"], \"outputs\": [{\"name\": "
             "\"dw\", \"shape\": [1, 32, 8, 8]}], \"attrs\": {\"kernel_shape\": [3, 3], \"pads\": "
             "[1, 1, 1, 1], \"group\": 32}},"
             "{\"name\": \"f\", \"type\": \"Flatten\", \"inputs\": [\"dw\"], \"outputs\": "
             "[{\"name\": \"f\", \"shape\": [1, 2048]}]},"
             "{\"name\": \"fc\", \"type\": \"Gemm\", \"inputs\": [\"f\"], \"outputs\": [{\"name\": "
             "\"fc\", \"shape\": [1, 1000]}]},"
             "{\"name\": \"u\", \"type\": \"MyFancyOp\", \"inputs\": [\"fc\"], \"outputs\": "
             "[{\"name\": \"u\", \"shape\": [1, 1000]}]}]}",
        &err);
    if (!g)
        printf("\n  %s\n", err.msg);
    CU_ASSERT_PTR_NOT_NULL_FATAL(g);
    const hs_op *c = &g->ops[0], *dw = &g->ops[1], *f = &g->ops[2], *fc = &g->ops[3],
                *u = &g->ops[4];
    CU_ASSERT_EQUAL(c->type_id, HS_OP_CONV);
    CU_ASSERT_DOUBLE_EQUAL(c->flops, 589824, 0);
    CU_ASSERT_EQUAL(c->weight_elems, 4640);
    CU_ASSERT_DOUBLE_EQUAL(dw->flops, 36864, 0);
    CU_ASSERT_EQUAL(dw->weight_elems, 320);
    CU_ASSERT_EQUAL(hs_op_class_of(c), HS_OPC_CONV);
    CU_ASSERT_EQUAL(hs_op_class_of(dw), HS_OPC_DWCONV);
    CU_ASSERT(hs_op_is_view(f));
    CU_ASSERT_EQUAL(hs_op_class_of(f), -1);
    CU_ASSERT_DOUBLE_EQUAL(fc->flops, 2.0 * 1000 * 2048, 0);
    CU_ASSERT_EQUAL(fc->weight_elems, 2048 * 1000 + 1000);
    CU_ASSERT_EQUAL(hs_op_class_of(fc), HS_OPC_GEMM);
    CU_ASSERT_EQUAL(u->type_id, HS_OP_OTHER);
    CU_ASSERT_STRING_EQUAL(u->type, "MyFancyOp");
    CU_ASSERT_DOUBLE_EQUAL(u->flops, 1000, 0);
    CU_ASSERT_EQUAL(hs_op_class_of(u), -1);
    CU_ASSERT(!hs_op_is_view(u));
    hs_graph_free(g);
}

/* A support rule names an unknown type by its name; a known one by its entry. */
static void test_support_by_type(void)
{
    hs_error err;
    hs_graph *g = graph_of(HEAD "{\"name\": \"u\", \"type\": \"MyFancyOp\", \"inputs\": [\"x\"], "
                                "\"outputs\": [{\"name\": \"u\", \"shape\": [1, 16, 8, 8]}]},"
                                "{\"name\": \"r\", \"type\": \"Relu\", \"inputs\": [\"u\"], "
                                "\"outputs\": [{\"name\": \"r\", \"shape\": [1, 16, 8, 8]}]}]}",
                           &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(g);
    hs_support_rule rules[2] = {{.op = "MyFancyOp", .type = HS_OP_OTHER, .supported = 0},
                                {.op = "Relu", .type = HS_OP_RELU, .supported = 0}};
    hs_processor p = {.name = "gpu", .support_default = 1, .n_rules = 1, .rules = rules};
    char why[128];
    CU_ASSERT_EQUAL(hs_supports(&p, g, &g->ops[0], HS_DT_FP32, why, sizeof why), 0);
    CU_ASSERT(hs_test_msg_has(why, "MyFancyOp unsupported", (char *)NULL));
    CU_ASSERT_EQUAL(hs_supports(&p, g, &g->ops[1], HS_DT_FP32, why, sizeof why), 1);
    rules[0].op = "OtherOp";
    CU_ASSERT_EQUAL(hs_supports(&p, g, &g->ops[0], HS_DT_FP32, why, sizeof why), 1);
    p.rules = &rules[1];
    CU_ASSERT_EQUAL(hs_supports(&p, g, &g->ops[1], HS_DT_FP32, why, sizeof why), 0);
    hs_graph_free(g);
}

/* The loader keeps every attribute, in file order, with its kind. */
static void test_loader_keeps_attrs(void)
{
    hs_error err;
    hs_graph *g = graph_of(
        HEAD "{\"name\": \"t\", \"type\": \"Transpose\", \"inputs\": [\"x\"], \"outputs\": "
             "[{\"name\": \"t\", \"shape\": [1, 8, 8, 16]}], \"attrs\": {\"perm\": [0, 2, 3, 1]}},"
             "{\"name\": \"s\", \"type\": \"Softmax\", \"inputs\": [\"t\"], \"outputs\": "
             "[{\"name\": \"s\", \"shape\": [1, 8, 8, 16]}], \"attrs\": {\"axis\": -1}},"
             "{\"name\": \"p\", \"type\": \"Pad\", \"inputs\": [\"s\"], \"outputs\": [{\"name\": "
             "\"p\", \"shape\": [1, 8, 10, 18]}], \"attrs\": {\"mode\": \"reflect\", \"pads\": [0, "
             "0, 1, 1], \"note\": [0.5, 1.5], \"keep\": []}},"
             "{\"name\": \"n\", \"type\": \"LayerNormalization\", \"inputs\": [\"p\"], "
             "\"outputs\": [{\"name\": \"n\", \"shape\": [1, 8, 10, 18]}], \"attrs\": {\"axis\": "
             "-1, \"epsilon\": 1e-12}}]}",
        &err);
    if (!g)
        printf("\n  %s\n", err.msg);
    CU_ASSERT_PTR_NOT_NULL_FATAL(g);
    const hs_attrs *t = &g->ops[0].attr_list, *p = &g->ops[2].attr_list,
                   *n = &g->ops[3].attr_list;
    int64_t perm[8];
    CU_ASSERT_EQUAL(hs_attrs_ints(t, "perm", perm, 8), 4);
    CU_ASSERT(perm[0] == 0 && perm[1] == 2 && perm[2] == 3 && perm[3] == 1);
    CU_ASSERT_EQUAL(t->a[0].kind, HS_AK_INTS);
    CU_ASSERT_DOUBLE_EQUAL(hs_attrs_number(&g->ops[1].attr_list, "axis", 0), -1, 0);
    CU_ASSERT_EQUAL(p->n, 4); /* file order, spatial keys included */
    CU_ASSERT_STRING_EQUAL(p->a[0].name, "mode");
    CU_ASSERT_STRING_EQUAL(p->a[1].name, "pads");
    CU_ASSERT_STRING_EQUAL(p->a[2].name, "note");
    CU_ASSERT_EQUAL(p->a[2].kind, HS_AK_FLOATS);
    CU_ASSERT_EQUAL(p->a[3].n, 0);
    CU_ASSERT_STRING_EQUAL(hs_attrs_string(p, "mode", ""), "reflect");
    CU_ASSERT_EQUAL(hs_attrs_ints(p, "note", perm, 8), -1); /* not integers */
    CU_ASSERT_EQUAL(g->ops[2].attrs.pads[2], 1);            /* and still parsed */
    CU_ASSERT_DOUBLE_EQUAL(hs_attrs_number(n, "epsilon", 0), 1e-12, 0);
    CU_ASSERT_EQUAL(hs_attrs_find(n, "epsilon")->kind, HS_AK_FLOAT);
    CU_ASSERT_PTR_NULL(hs_attrs_find(n, "perm"));
    CU_ASSERT_DOUBLE_EQUAL(hs_attrs_number(n, "perm", 7), 7, 0);
    hs_graph_free(g);
}

/* An attribute of the wrong kind is refused with the file, the path and the kind. */
static void test_loader_rejects_attrs(void)
{
    static const struct {
        const char *type, *attrs, *needle1, *needle2;
    } cases[] = {
        {"Transpose", "{\"perm\": [0, 1.5, 2, 3]}", "$.ops[0].attrs.perm",
         "expected an array of integers (attribute perm of Transpose), got"},
        {"Transpose", "{\"perm\": 3}", "$.ops[0].attrs.perm", "expected an array of integers"},
        {"Concat", "{\"axis\": \"1\"}", "$.ops[0].attrs.axis",
         "expected an integer (attribute axis of Concat)"},
        {"Softmax", "{\"axis\": 0.5}", "$.ops[0].attrs.axis", "expected an integer"},
        {"Transpose", "{\"other\": {\"a\": 1}}", "$.ops[0].attrs.other",
         "expected a number, a string or an array of numbers"},
        {"Transpose", "{\"other\": [1, \"b\"]}", "$.ops[0].attrs.other[1]", "expected a number"},
        {"MyFancyOp", "{\"other\": true}", "$.ops[0].attrs.other", "expected a number, a string"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char json[1024];
        snprintf(json, sizeof json,
                 HEAD "{\"name\": \"t\", \"type\": \"%s\", \"inputs\": [\"x\"], "
                      "\"outputs\": [{\"name\": \"t\", \"shape\": [1, 8, 8, 16]}], \"attrs\": "
                      "%s}]}",
                 cases[i].type, cases[i].attrs);
        hs_error err;
        hs_graph *g = graph_of(json, &err);
        CU_ASSERT_PTR_NULL(g);
        hs_graph_free(g);
        HS_ASSERT_MSG(err, "model.json", cases[i].needle1, cases[i].needle2);
    }
}

int hs_suite_op(void)
{
    CU_pSuite s = CU_add_suite("op table", NULL, NULL);
    if (!s)
        return -1;
    if (!CU_add_test(s, "every entry filled and found by name", test_every_entry) ||
        !CU_add_test(s, "every zoo op type has an entry", test_zoo_types_known) ||
        !CU_add_test(s, "Conv/depthwise/Gemm/ConvTranspose costs by hand", test_costs_by_hand) ||
        !CU_add_test(s, "the same costs through a graph; unknown type", test_costs_in_graph) ||
        !CU_add_test(s, "support rules match by entry, unknown types by name",
                     test_support_by_type) ||
        !CU_add_test(s, "the loader keeps attributes", test_loader_keeps_attrs) ||
        !CU_add_test(s, "attributes of the wrong kind refused", test_loader_rejects_attrs))
        return -1;
    return 0;
}
