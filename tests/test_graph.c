/* Model graph: edges, topological order, cycles, dangling edges, costs. */
#include <stdio.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "base/strmap.h"
#include "traces/graph.h"
#include "tests/test_util.h"

static const int64_t S4[HS_MAX_RANK] = {1, 4, 8, 8};

static hs_graph *diamond(void)
{
    /* x -> a -> {b, c} -> d (Add) ; declared out of order on purpose */
    hs_error err;
    hs_graph *g = hs_graph_new("diamond");
    hs_graph_add_input(g, "x", 4, S4, &err);
    const int rank[1] = {4};
    const int64_t shp[1][HS_MAX_RANK] = {{1, 4, 8, 8}};
    const char *in_d[] = {"tb", "tc"}, *out_d[] = {"td"};
    const char *in_a[] = {"x"}, *out_a[] = {"ta"};
    const char *in_b[] = {"ta"}, *out_b[] = {"tb"};
    const char *in_c[] = {"ta"}, *out_c[] = {"tc"};
    hs_graph_add_op(g, "d", "Add", 2, in_d, 1, out_d, rank, shp, NULL, &err);
    hs_graph_add_op(g, "b", "Relu", 1, in_b, 1, out_b, rank, shp, NULL, &err);
    hs_graph_add_op(g, "a", "Relu", 1, in_a, 1, out_a, rank, shp, NULL, &err);
    hs_graph_add_op(g, "c", "Sigmoid", 1, in_c, 1, out_c, rank, shp, NULL, &err);
    return g;
}

static int pos(const hs_graph *g, const char *name)
{
    for (int i = 0; i < g->n_ops; i++)
        if (strcmp(g->ops[g->topo[i]].name, name) == 0)
            return i;
    return -1;
}

static void test_topological_order(void)
{
    hs_error err;
    hs_graph *g = diamond();
    CU_ASSERT_EQUAL_FATAL(hs_graph_finalize(g, &err), 0);
    CU_ASSERT(pos(g, "a") < pos(g, "b"));
    CU_ASSERT(pos(g, "a") < pos(g, "c"));
    CU_ASSERT(pos(g, "b") < pos(g, "d"));
    CU_ASSERT(pos(g, "c") < pos(g, "d"));
    /* default output: the tensor nobody reads */
    CU_ASSERT_EQUAL(g->n_outputs, 1);
    CU_ASSERT_STRING_EQUAL(g->tensors[g->outputs[0]].name, "td");
    /* ta is read by b and c */
    int ta = hs_graph_find_tensor(g, "ta");
    CU_ASSERT_EQUAL(g->tensors[ta].n_consumers, 2);
    hs_graph_free(g);
}

static void test_cycle_detected(void)
{
    hs_error err;
    hs_graph *g = hs_graph_new("cyc");
    hs_graph_add_input(g, "x", 4, S4, &err);
    const int rank[1] = {4};
    const int64_t shp[1][HS_MAX_RANK] = {{1, 4, 8, 8}};
    const char *in_p[] = {"x", "tq"}, *out_p[] = {"tp"};
    const char *in_q[] = {"tp"}, *out_q[] = {"tq"};
    hs_graph_add_op(g, "p", "Add", 2, in_p, 1, out_p, rank, shp, NULL, &err);
    hs_graph_add_op(g, "q", "Relu", 1, in_q, 1, out_q, rank, shp, NULL, &err);
    CU_ASSERT_EQUAL(hs_graph_finalize(g, &err), -1);
    HS_ASSERT_MSG(err, "cycle", "\"p\"");
    hs_graph_free(g);
}

static void test_self_loop_and_dangling(void)
{
    hs_error err;
    hs_graph *g = hs_graph_new("self");
    hs_graph_add_input(g, "x", 4, S4, &err);
    const int rank[1] = {4};
    const int64_t shp[1][HS_MAX_RANK] = {{1, 4, 8, 8}};
    const char *in_s[] = {"ts"}, *out_s[] = {"ts"};
    hs_graph_add_op(g, "s", "Relu", 1, in_s, 1, out_s, rank, shp, NULL, &err);
    CU_ASSERT_EQUAL(hs_graph_finalize(g, &err), -1);
    HS_ASSERT_MSG(err, "\"s\"", "cycle");
    hs_graph_free(g);

    g = hs_graph_new("dangling");
    hs_graph_add_input(g, "x", 4, S4, &err);
    const char *in_r[] = {"nowhere"}, *out_r[] = {"tr"};
    hs_graph_add_op(g, "r", "Relu", 1, in_r, 1, out_r, rank, shp, NULL, &err);
    CU_ASSERT_EQUAL(hs_graph_finalize(g, &err), -1);
    HS_ASSERT_MSG(err, "\"r\"", "\"nowhere\"", "dangling");
    hs_graph_free(g);
}

static void test_duplicates_rejected(void)
{
    hs_error err;
    hs_graph *g = hs_graph_new("dup");
    hs_graph_add_input(g, "x", 4, S4, &err);
    const int rank[1] = {4};
    const int64_t shp[1][HS_MAX_RANK] = {{1, 4, 8, 8}};
    const char *in[] = {"x"}, *out1[] = {"t1"}, *out2[] = {"t1"}, *out3[] = {"t3"};
    CU_ASSERT(hs_graph_add_op(g, "a", "Relu", 1, in, 1, out1, rank, shp, NULL, &err) >= 0);
    CU_ASSERT_EQUAL(hs_graph_add_op(g, "b", "Relu", 1, in, 1, out2, rank, shp, NULL, &err), -1);
    HS_ASSERT_MSG(err, "\"t1\"", "twice");
    CU_ASSERT_EQUAL(hs_graph_add_op(g, "a", "Relu", 1, in, 1, out3, rank, shp, NULL, &err), -1);
    HS_ASSERT_MSG(err, "op \"a\"", "twice");
    CU_ASSERT_EQUAL(hs_graph_add_input(g, "x", 4, S4, &err), -1);
    hs_graph_free(g);
}

static void test_costs_derived_by_hand(void)
{
    /* Conv 4 -> 8 channels, 3x3, on 8x8: 2 * (8*8*8 outputs) * (4*3*3) = 36864
     * FLOPs; weights 8*4*3*3 + 8 bias = 296. Relu: one per element = 512.
     * GlobalAveragePool: one add per input element = 512, no weights. */
    hs_error err;
    hs_graph *g = hs_graph_load_file(hs_test_fixture("three_op.json"), &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(g);
    const hs_op *conv = &g->ops[hs_graph_find_op(g, "conv")];
    const hs_op *relu = &g->ops[hs_graph_find_op(g, "relu")];
    CU_ASSERT_DOUBLE_EQUAL(conv->flops, 36864, 1e-9);
    CU_ASSERT_EQUAL(conv->weight_elems, 296);
    CU_ASSERT_EQUAL(conv->in_elems, 256);
    CU_ASSERT_EQUAL(conv->out_elems, 512);
    CU_ASSERT_DOUBLE_EQUAL(relu->flops, 512, 1e-9);
    const hs_op *gap = &g->ops[hs_graph_find_op(g, "gap")];
    CU_ASSERT_DOUBLE_EQUAL(gap->flops, 512, 1e-9);
    CU_ASSERT_EQUAL(gap->weight_elems, 0);
    CU_ASSERT_DOUBLE_EQUAL(g->total_flops, 36864 + 512 + 512, 1e-9);
    hs_graph_free(g);
}

static void test_given_flops_win(void)
{
    hs_error err;
    const char *p = hs_test_tmpfile(
        "given.json",
        "{\"format\":\"hetsim-model\",\"version\":1,\"name\":\"g\",\"inputs\":[{\"name\":\"x\","
        "\"shape\":[1,4]}],\"ops\":[{\"name\":\"m\",\"type\":\"MatMul\",\"inputs\":[\"x\"],"
        "\"outputs\":[{\"name\":\"y\",\"shape\":[1,2]}],\"flops\":1234,\"weight_elems\":7}]}");
    hs_graph *g = hs_graph_load_file(p, &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(g);
    CU_ASSERT_DOUBLE_EQUAL(g->ops[0].flops, 1234, 1e-9);
    CU_ASSERT_EQUAL(g->ops[0].weight_elems, 7);
    hs_graph_free(g);
}

/* hs_strmap: absent -1, overwrite keeps one entry, 10,000 keys through
 * several growths all found; keys are borrowed (compared by content). */
static void test_strmap(void)
{
    hs_strmap m;
    hs_strmap_init(&m);
    CU_ASSERT_EQUAL(hs_strmap_get(&m, "a"), -1);
    CU_ASSERT_EQUAL(hs_strmap_put(&m, "a", 1), 0);
    CU_ASSERT_EQUAL(hs_strmap_put(&m, "a", 7), 0);
    CU_ASSERT_EQUAL(m.n, 1);
    char probe[] = "a";
    CU_ASSERT_EQUAL(hs_strmap_get(&m, probe), 7);
    static char keys[10000][8];
    for (int i = 0; i < 10000; i++) {
        snprintf(keys[i], sizeof keys[i], "k%d", i);
        CU_ASSERT_EQUAL_FATAL(hs_strmap_put(&m, keys[i], i), 0);
    }
    int bad = 0;
    for (int i = 0; i < 10000; i++) {
        char k[8];
        snprintf(k, sizeof k, "k%d", i);
        bad += hs_strmap_get(&m, k) != i;
    }
    CU_ASSERT_EQUAL(bad, 0);
    CU_ASSERT_EQUAL(m.n, 10001);
    CU_ASSERT(m.cap >= 2 * m.n); /* at most half full */
    CU_ASSERT_EQUAL(hs_strmap_get(&m, "k10000"), -1);
    hs_strmap_free(&m);
    CU_ASSERT_EQUAL(hs_strmap_get(&m, "a"), -1);
}

/* Names are found by the graph's index: ops and tensors of a 3,000-op
 * chain, each at its own index; unknown names -1. */
static void test_find_by_index(void)
{
    hs_error err;
    hs_graph *g = hs_graph_new("chain");
    int64_t S2[HS_MAX_RANK] = {1, 4};
    CU_ASSERT_FATAL(hs_graph_add_input(g, "x", 2, S2, &err) >= 0);
    int rank[1] = {2};
    int64_t shp[1][HS_MAX_RANK] = {{1, 4}};
    char prev[16] = "x";
    for (int i = 0; i < 3000; i++) {
        char name[16], out[16];
        snprintf(name, sizeof name, "op%d", i);
        snprintf(out, sizeof out, "t%d", i);
        const char *in[1] = {prev};
        const char *outs[1] = {out};
        CU_ASSERT_EQUAL_FATAL(hs_graph_add_op(g, name, "Relu", 1, in, 1, outs, rank, shp, NULL,
                                              &err), i);
        snprintf(prev, sizeof prev, "%s", out);
    }
    CU_ASSERT_EQUAL_FATAL(hs_graph_finalize(g, &err), 0);
    CU_ASSERT_EQUAL(hs_graph_find_op(g, "op0"), 0);
    CU_ASSERT_EQUAL(hs_graph_find_op(g, "op2999"), 2999);
    CU_ASSERT_EQUAL(hs_graph_find_tensor(g, "x"), 0);
    CU_ASSERT_EQUAL(hs_graph_find_tensor(g, "t2999"), 3000);
    CU_ASSERT_EQUAL(hs_graph_find_op(g, "op3000"), -1);
    CU_ASSERT_EQUAL(hs_graph_find_tensor(g, "t3000"), -1);
    CU_ASSERT_EQUAL(g->n_outputs, 1);
    CU_ASSERT_EQUAL(g->outputs[0], 3000);
    /* an output that is the graph input is refused (issue 16) */
    CU_ASSERT_EQUAL(hs_graph_add_output(g, "x", &err), -1);
    HS_ASSERT_MSG(err, "graph output \"x\" is a graph input", "an op produces");
    hs_graph_free(g);
}

/* hs_graph_load_file reads the ops of a file one at a time (streamed); the
 * graph must be the one the whole tree gives (hs_graph_from_json), also
 * when the scanner leaves a file to cJSON (an escaped key). */
static void same_graph(const hs_graph *a, const hs_graph *b)
{
    CU_ASSERT_EQUAL_FATAL(a->n_ops, b->n_ops);
    CU_ASSERT_EQUAL(a->n_tensors, b->n_tensors);
    CU_ASSERT_EQUAL(a->n_outputs, b->n_outputs);
    CU_ASSERT_DOUBLE_EQUAL(a->total_flops, b->total_flops, 0);
    for (int i = 0; i < a->n_ops; i++) {
        CU_ASSERT_STRING_EQUAL(a->ops[i].name, b->ops[i].name);
        CU_ASSERT_EQUAL(a->ops[i].weight_elems, b->ops[i].weight_elems);
        CU_ASSERT_EQUAL(a->ops[i].in_elems, b->ops[i].in_elems);
        CU_ASSERT_EQUAL(a->topo[i], b->topo[i]);
    }
}

static void test_streamed_load(void)
{
    const char *text =
        "{\"format\":\"hetsim-model\",\"version\":1,\"name\":\"s\",\"ops\": [\n"
        " {\"name\":\"a\",\"type\":\"Relu\",\"inputs\":[\"x\"],\"outputs\":[{\"name\":\"t\","
        "\"shape\":[1,4]}],\"attrs\":{\"note\":\"] } [ \\\" {\"}},\n"
        " {\"name\":\"b\",\"type\":\"Add\",\"inputs\":[\"t\",\"x\"],\"outputs\":[{\"name\":\"y\","
        "\"shape\":[1,4]}], \"flops\": 7}\n ],\n"
        "\"inputs\":[{\"name\":\"x\",\"shape\":[1,4]}], \"outputs\": [\"y\"]}\n";
    hs_error err;
    const char *p = hs_test_tmpfile("streamed.json", text);
    hs_graph *a = hs_graph_load_file(p, &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(a);
    cJSON *root = cJSON_Parse(text);
    CU_ASSERT_PTR_NOT_NULL_FATAL(root);
    hs_graph *b = hs_graph_from_json(root, p, &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(b);
    same_graph(a, b);
    CU_ASSERT_DOUBLE_EQUAL(a->ops[1].flops, 7, 0);
    hs_graph_free(a);
    /* "o\u0070s" is "ops": left to cJSON, same graph */
    char esc[2048];
    snprintf(esc, sizeof esc, "%s", text);
    char *k = strstr(esc, "\"ops\"");
    memmove(k + 9, k + 4, strlen(k + 4) + 1);
    memcpy(k, "\"o\\u0070s", 9);
    p = hs_test_tmpfile("escaped.json", esc);
    a = hs_graph_load_file(p, &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(a);
    same_graph(a, b);
    hs_graph_free(a);
    hs_graph_free(b);
    cJSON_Delete(root);
    /* an error inside an op: the message of the ordinary reader */
    p = hs_test_tmpfile("bad_op.json",
                        "{\"format\":\"hetsim-model\",\"version\":1,\"name\":\"s\",\"inputs\":[{"
                        "\"name\":\"x\",\"shape\":[1,4]}],\"ops\":[{\"name\":\"a\",\"type\":"
                        "\"Relu\",\"inputs\":[\"x\"],\"outputs\":[{\"name\":\"t\",\"shape\":[1,"
                        "-4]}]}]}");
    CU_ASSERT_PTR_NULL(hs_graph_load_file(p, &err));
    HS_ASSERT_MSG(err, "bad_op.json: at $.ops[0].outputs[0].shape[1]");
}

int hs_suite_graph(void)
{
    CU_pSuite s = CU_add_suite("graph", NULL, NULL);
    if (!s || !CU_add_test(s, "topological order of a diamond", test_topological_order) ||
        !CU_add_test(s, "cycle detected", test_cycle_detected) ||
        !CU_add_test(s, "self loop and dangling edge", test_self_loop_and_dangling) ||
        !CU_add_test(s, "duplicate names rejected", test_duplicates_rejected) ||
        !CU_add_test(s, "FLOPs and weights by hand", test_costs_derived_by_hand) ||
        !CU_add_test(s, "given FLOPs and weights win", test_given_flops_win) ||
        !CU_add_test(s, "hs_strmap put, get, grow", test_strmap) ||
        !CU_add_test(s, "names found by index", test_find_by_index) ||
        !CU_add_test(s, "ops read one at a time: the same graph", test_streamed_load))
        return -1;
    return 0;
}
