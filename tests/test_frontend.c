/* Frontend transforms: channel pruning by hand, quantization, accuracy proxy. */
#include <math.h>

#include "traces/frontend.h"
#include "tests/test_util.h"

static void test_prune_three_op_by_hand(void)
{
    /* prune 0.5 of three_op: the input x keeps 4 channels; conv's output c
     * keeps 4 of 8; relu and the global pool follow (4 channels). conv:
     * 2 * (4*8*8) * (4*3*3) = 18432 FLOPs, weights 4*4*3*3 + 4 = 148; relu
     * 256; gap 256. */
    hs_error err;
    hs_graph *g = hs_graph_load_file(hs_test_fixture("three_op.json"), &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(g);
    hs_frontend fe = {0.5, 0};
    double acc;
    CU_ASSERT_EQUAL_FATAL(hs_frontend_apply(g, &fe, &acc, &err), 0);
    CU_ASSERT(isnan(acc)); /* three_op declares no accuracy */
    const hs_op *conv = &g->ops[hs_graph_find_op(g, "conv")];
    CU_ASSERT_DOUBLE_EQUAL(conv->flops, 18432, 1e-9);
    CU_ASSERT_EQUAL(conv->weight_elems, 148);
    CU_ASSERT_EQUAL(g->tensors[hs_graph_find_tensor(g, "c")].shape[1], 4);
    CU_ASSERT_EQUAL(g->tensors[hs_graph_find_tensor(g, "x")].shape[1], 4);
    CU_ASSERT_EQUAL(g->tensors[hs_graph_find_tensor(g, "y")].shape[1], 4);
    CU_ASSERT_DOUBLE_EQUAL(g->total_flops, 18432 + 256 + 256, 1e-9);
    CU_ASSERT_EQUAL(g->dtype, HS_DT_FP32);
    hs_graph_free(g);
}

static void test_quant_changes_dtype(void)
{
    hs_error err;
    hs_graph *g = hs_graph_load_file(hs_test_fixture("three_op.json"), &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(g);
    hs_frontend fe = {0, 1};
    double acc;
    CU_ASSERT_EQUAL_FATAL(hs_frontend_apply(g, &fe, &acc, &err), 0);
    CU_ASSERT_EQUAL(g->dtype, HS_DT_INT8);
    CU_ASSERT_DOUBLE_EQUAL(g->total_flops, 36864 + 512 + 512, 1e-9);
    hs_graph_free(g);
    g = hs_graph_load_file(hs_test_fixture("three_op.json"), &err);
    fe.prune = 1.0;
    fe.quant_int8 = 0;
    CU_ASSERT_EQUAL(hs_frontend_apply(g, &fe, &acc, &err), -1);
    HS_ASSERT_MSG(err, "ratio in [0, 1)");
    hs_graph_free(g);
}

static void test_accuracy_proxy(void)
{
    /* declared: fp32 76, int8 75, pruned 0.25 -> 74, 0.5 -> 70 */
    hs_accuracy a = {.known = 1, .metric = "top-1 %", .fp32 = 76, .int8 = 75, .n_pruned = 2,
                     .prune_ratio = {0.25, 0.5}, .prune_value = {74, 70}};
    CU_ASSERT_DOUBLE_EQUAL(hs_accuracy_proxy(&a, 0, 0), 76, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(hs_accuracy_proxy(&a, 0.125, 0), 75, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(hs_accuracy_proxy(&a, 0.4, 0), 71.6, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(hs_accuracy_proxy(&a, 0.4, 1), 70.6, 1e-12);
    CU_ASSERT(isnan(hs_accuracy_proxy(&a, 0.6, 0))); /* beyond what is declared */
    a.int8 = -1;
    CU_ASSERT(isnan(hs_accuracy_proxy(&a, 0, 1)));
    a.known = 0;
    CU_ASSERT(isnan(hs_accuracy_proxy(&a, 0, 0)));
}

static void test_accuracy_loaded(void)
{
    hs_error err;
    const char *p = hs_test_tmpfile(
        "acc.json",
        "{\"format\":\"hetsim-model\",\"version\":1,\"name\":\"m\",\"inputs\":[{\"name\":\"x\","
        "\"shape\":[1,4]}],\"ops\":[{\"name\":\"a\",\"type\":\"Relu\",\"inputs\":[\"x\"],"
        "\"outputs\":[{\"name\":\"y\",\"shape\":[1,4]}]}],\"accuracy\":{\"metric\":\"top-1 %\","
        "\"fp32\":71.9,\"int8\":71.1,\"pruned\":[{\"ratio\":0.3,\"value\":70.0}],"
        "\"source\":\"test\"}}");
    hs_graph *g = hs_graph_load_file(p, &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(g);
    CU_ASSERT(g->accuracy.known);
    CU_ASSERT_DOUBLE_EQUAL(g->accuracy.int8, 71.1, 1e-12);
    CU_ASSERT_EQUAL(g->accuracy.n_pruned, 1);
    hs_graph_free(g);
    p = hs_test_tmpfile(
        "acc_bad.json",
        "{\"format\":\"hetsim-model\",\"version\":1,\"name\":\"m\",\"inputs\":[{\"name\":\"x\","
        "\"shape\":[1,4]}],\"ops\":[{\"name\":\"a\",\"type\":\"Relu\",\"inputs\":[\"x\"],"
        "\"outputs\":[{\"name\":\"y\",\"shape\":[1,4]}]}],\"accuracy\":{\"metric\":\"top-1\","
        "\"fp32\":71.9,\"pruned\":[{\"ratio\":0.5,\"value\":70},{\"ratio\":0.3,\"value\":71}]}}");
    CU_ASSERT_PTR_NULL(hs_graph_load_file(p, &err));
    HS_ASSERT_MSG(err, "acc_bad.json", "$.accuracy.pruned[1].ratio");
}

int hs_suite_frontend(void)
{
    CU_pSuite s = CU_add_suite("frontend", NULL, NULL);
    if (!s || !CU_add_test(s, "prune three_op by hand", test_prune_three_op_by_hand) ||
        !CU_add_test(s, "quantization changes the dtype", test_quant_changes_dtype) ||
        !CU_add_test(s, "accuracy proxy interpolates", test_accuracy_proxy) ||
        !CU_add_test(s, "accuracy figures load", test_accuracy_loaded))
        return -1;
    return 0;
}
