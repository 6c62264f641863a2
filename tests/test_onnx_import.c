/* ONNX import (traces/onnx_import.c, hetsim import onnx, the project's one
 * ONNX converter). The fixtures in tests/fixtures/onnx/ are written by
 * make_fixtures.py there, which also stores the importer's output for them
 * as reviewed (the zoo, traces/models/, is built the same way): the importer
 * must keep giving the same file byte for byte and the same graph, with the
 * ONNX attributes kept on the loaded ops. Unknown op types
 * are kept (shape from value_info) with a warning naming them, or refused
 * with the node named when the file gives no shape; a truncated file is
 * rejected with a clear message; a failed import writes no output.
 * Built only with protobuf-c (HAVE_PROTOBUF); otherwise the suite is empty. */
#include <CUnit/CUnit.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "tests/test_util.h"

#ifdef HAVE_PROTOBUF
#include "traces/graph.h"
#include "base/json_read.h"
#include "traces/onnx_import.h"
#include "cli/cli.h" /* hs_cmd_import_onnx, the exit statuses */

#define PY_GENERATOR "scripts/zoo/onnx_to_hetsim.py"

static char *read_all(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *s = malloc((size_t)n + 1);
    if (s && fread(s, 1, (size_t)n, f) != (size_t)n) {
        free(s);
        s = NULL;
    }
    if (s)
        s[n] = '\0';
    fclose(f);
    return s;
}

static hs_graph *graph_of_text(const char *name, const char *text)
{
    cJSON *root;
    hs_error err;
    if (hs_json_parse(name, text, &root, &err) < 0) {
        fprintf(stderr, "\n  %s\n", err.msg);
        return NULL;
    }
    hs_graph *g = hs_graph_from_json(root, name, &err);
    cJSON_Delete(root);
    if (!g)
        fprintf(stderr, "\n  %s\n", err.msg);
    return g;
}

/* Same ops (names, types, edges, shapes, attributes, costs) in the same order. */
static int same_graph(const hs_graph *a, const hs_graph *b)
{
    if (a->n_ops != b->n_ops || a->n_tensors != b->n_tensors || a->n_inputs != b->n_inputs ||
        a->n_outputs != b->n_outputs)
        return 0;
    for (int i = 0; i < a->n_ops; i++) {
        const hs_op *x = &a->ops[i], *y = &b->ops[i];
        if (strcmp(x->name, y->name) || strcmp(x->type, y->type) || x->n_in != y->n_in ||
            x->n_out != y->n_out || x->flops != y->flops || x->weight_elems != y->weight_elems ||
            memcmp(&x->attrs, &y->attrs, sizeof x->attrs))
            return 0;
        for (int j = 0; j < x->n_in; j++)
            if (strcmp(a->tensors[x->in[j]].name, b->tensors[y->in[j]].name))
                return 0;
        for (int j = 0; j < x->n_out; j++) {
            const hs_tensor *s = &a->tensors[x->out[j]], *t = &b->tensors[y->out[j]];
            if (strcmp(s->name, t->name) || s->rank != t->rank ||
                memcmp(s->shape, t->shape, sizeof(int64_t) * (size_t)s->rank))
                return 0;
        }
    }
    for (int i = 0; i < a->n_outputs; i++)
        if (strcmp(a->tensors[a->outputs[i]].name, b->tensors[b->outputs[i]].name))
            return 0;
    return a->total_flops == b->total_flops;
}

/* Import fixture NAME.onnx; compare with the reviewed NAME.json. */
static void check_matches_python(const char *name)
{
    char onnx_name[128], json_name[128];
    snprintf(onnx_name, sizeof onnx_name, "onnx/%s.onnx", name);
    snprintf(json_name, sizeof json_name, "onnx/%s.json", name);
    FILE *warn = tmpfile();
    hs_onnx_opts o = {.generator = PY_GENERATOR, .warn = warn};
    hs_error err;
    char *text = hs_onnx_to_json(hs_test_fixture(onnx_name), &o, &err);
    if (warn)
        fclose(warn);
    CU_ASSERT_PTR_NOT_NULL_FATAL(text);
    char *want = read_all(hs_test_fixture(json_name));
    CU_ASSERT_PTR_NOT_NULL_FATAL(want);
    CU_ASSERT_STRING_EQUAL(text, want);
    hs_graph *a = graph_of_text("c", text), *b = graph_of_text("reviewed", want);
    CU_ASSERT_PTR_NOT_NULL(a);
    CU_ASSERT_PTR_NOT_NULL(b);
    if (a && b)
        CU_ASSERT(same_graph(a, b));
    hs_graph_free(a);
    hs_graph_free(b);
    free(text);
    free(want);
}

static void test_conv_relu_gemm_matches_python(void)
{
    check_matches_python("conv_relu_gemm");
}

static void test_unknown_op_matches_python(void)
{
    check_matches_python("unknown_op");
}

/* The figures worked out by hand: folding, Identity bypass, auto_pad, costs. */
static void test_conv_relu_gemm_graph(void)
{
    hs_onnx_opts o = {0};
    hs_error err;
    hs_graph *g = hs_onnx_import(hs_test_fixture("onnx/conv_relu_gemm.onnx"), &o, &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(g);
    CU_ASSERT_STRING_EQUAL(g->name, "conv_relu_gemm");
    /* Shape/Gather/Unsqueeze/Concat/Constant and the Identities are folded away */
    CU_ASSERT_EQUAL(g->n_ops, 4);
    const char *names[] = {"conv", "relu", "Reshape", "fc"};
    const char *types[] = {"Conv", "Relu", "Reshape", "Gemm"};
    for (int i = 0; i < 4 && i < g->n_ops; i++) {
        CU_ASSERT_STRING_EQUAL(g->ops[i].name, names[i]);
        CU_ASSERT_STRING_EQUAL(g->ops[i].type, types[i]);
        CU_ASSERT_EQUAL(g->ops[i].n_in, 1); /* activations only, never weights */
    }
    const hs_op *conv = &g->ops[0];
    /* SAME_UPPER, stride 2, 8 -> 4: total pad (4-1)*2+3-8 = 1, at the end */
    CU_ASSERT_EQUAL(conv->attrs.pads[0], 0);
    CU_ASSERT_EQUAL(conv->attrs.pads[1], 0);
    CU_ASSERT_EQUAL(conv->attrs.pads[2], 1);
    CU_ASSERT_EQUAL(conv->attrs.pads[3], 1);
    CU_ASSERT_EQUAL(conv->attrs.stride_h, 2);
    CU_ASSERT_EQUAL(g->tensors[conv->out[0]].shape[2], 4);
    CU_ASSERT_DOUBLE_EQUAL(conv->flops, 2.0 * 4 * 4 * 4 * 3 * 3 * 3, 0); /* 3456 */
    CU_ASSERT_EQUAL(conv->weight_elems, 4 * 3 * 3 * 3 + 4);
    const hs_op *fc = &g->ops[3];
    CU_ASSERT_EQUAL(fc->type_id, HS_OP_GEMM);
    /* the ONNX attributes reach the graph: Gemm's transB, the Conv's kernel */
    CU_ASSERT_DOUBLE_EQUAL(hs_attrs_number(&fc->attr_list, "transB", 0), 1, 0);
    int64_t k[4];
    CU_ASSERT_EQUAL(hs_attrs_ints(&conv->attr_list, "kernel_shape", k, 4), 2);
    CU_ASSERT_EQUAL(k[0], 3);
    CU_ASSERT_DOUBLE_EQUAL(fc->flops, 2.0 * 10 * 64, 0);
    CU_ASSERT_EQUAL(fc->weight_elems, 10 * 64 + 10); /* through the Identity */
    const hs_tensor *flat = &g->tensors[g->ops[2].out[0]];
    CU_ASSERT_EQUAL(flat->rank, 2);
    CU_ASSERT_EQUAL(flat->shape[1], 64);
    CU_ASSERT_EQUAL(g->n_outputs, 1);
    CU_ASSERT_STRING_EQUAL(g->tensors[g->outputs[0]].name, "logits");
    CU_ASSERT_EQUAL(g->tensors[g->outputs[0]].producer, 3);
    hs_graph_free(g);
}

static void test_unknown_op_kept(void)
{
    FILE *warn = tmpfile();
    CU_ASSERT_PTR_NOT_NULL_FATAL(warn);
    hs_onnx_opts o = {.warn = warn};
    hs_error err;
    hs_graph *g = hs_onnx_import(hs_test_fixture("onnx/unknown_op.onnx"), &o, &err);
    char msg[1024] = "";
    rewind(warn);
    size_t n = fread(msg, 1, sizeof msg - 1, warn);
    msg[n] = '\0';
    fclose(warn);
    CU_ASSERT_PTR_NOT_NULL_FATAL(g);
    CU_ASSERT(hs_test_msg_has(msg, "unknown_op.onnx", "warning", "MyFancyOp", (char *)NULL));
    CU_ASSERT_EQUAL(g->n_ops, 3);
    int k = hs_graph_find_op(g, "fancy");
    CU_ASSERT_FATAL(k >= 0);
    CU_ASSERT_STRING_EQUAL(g->ops[k].type, "MyFancyOp");
    CU_ASSERT_EQUAL(g->ops[k].type_id, HS_OP_OTHER);
    CU_ASSERT_DOUBLE_EQUAL(hs_attrs_number(&g->ops[k].attr_list, "gain", 0), 2.0, 0);
    const hs_tensor *t = &g->tensors[g->ops[k].out[0]];
    CU_ASSERT_EQUAL(t->rank, 4);
    CU_ASSERT_EQUAL(t->shape[1], 4);
    CU_ASSERT_EQUAL(t->shape[3], 8);
    hs_graph_free(g);
}

static void test_unknown_op_without_shape(void)
{
    FILE *warn = tmpfile();
    hs_onnx_opts o = {.warn = warn};
    hs_error err;
    char *text = hs_onnx_to_json(hs_test_fixture("onnx/unknown_op_noshape.onnx"), &o, &err);
    if (warn)
        fclose(warn);
    CU_ASSERT_PTR_NULL(text);
    free(text);
    HS_ASSERT_MSG(err, "unknown_op_noshape.onnx", "node \"fancy\"", "MyFancyOp", "value_info");
}

static void test_truncated_rejected(void)
{
    hs_onnx_opts o = {0};
    hs_error err;
    char *text = hs_onnx_to_json(hs_test_fixture("onnx/truncated.onnx"), &o, &err);
    CU_ASSERT_PTR_NULL(text);
    free(text);
    HS_ASSERT_MSG(err, "truncated.onnx", "not a valid ONNX model", "truncated or corrupt");
    text = hs_onnx_to_json(hs_test_fixture("onnx/no_such_file.onnx"), &o, &err);
    CU_ASSERT_PTR_NULL(text);
    HS_ASSERT_MSG(err, "no_such_file.onnx", "cannot open");
    /* an empty file and a file that is not protobuf at all */
    text = hs_onnx_to_json(hs_test_tmpfile("empty.onnx", ""), &o, &err);
    CU_ASSERT_PTR_NULL(text);
    HS_ASSERT_MSG(err, "empty.onnx", "empty");
    text = hs_onnx_to_json(hs_test_tmpfile("text.onnx", "{\"format\": \"hetsim-model\"}\n"), &o,
                           &err);
    CU_ASSERT_PTR_NULL(text);
    HS_ASSERT_MSG(err, "text.onnx", "ONNX model");
}

/* hetsim import onnx: exit codes, atomic output, nothing written on failure. */
static void test_command(void)
{
    const char *out = hs_test_tmpfile("onnx_cmd_out.json", "");
    CU_ASSERT_PTR_NOT_NULL_FATAL(out);
    char o_copy[512];
    snprintf(o_copy, sizeof o_copy, "%s", out);
    char bad[512], good[512];
    snprintf(bad, sizeof bad, "%s", hs_test_fixture("onnx/truncated.onnx"));
    snprintf(good, sizeof good, "%s", hs_test_fixture("onnx/conv_relu_gemm.onnx"));
    char *argv_bad[] = {"onnx", bad, "-o", o_copy, NULL};
    CU_ASSERT_EQUAL(hs_cmd_import_onnx(4, argv_bad), HS_EXIT_INPUT);
    char *left = read_all(o_copy);
    CU_ASSERT(left && left[0] == '\0'); /* untouched */
    free(left);
    char *argv_opt[] = {"onnx", good, "--bogus", NULL};
    CU_ASSERT_EQUAL(hs_cmd_import_onnx(3, argv_opt), HS_EXIT_INPUT);
    char *argv_ok[] = {"onnx", good, "-o", o_copy, "--name", "tiny", NULL};
    CU_ASSERT_EQUAL(hs_cmd_import_onnx(6, argv_ok), HS_EXIT_OK);
    hs_error err;
    hs_graph *g = hs_graph_load_file(o_copy, &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(g);
    CU_ASSERT_STRING_EQUAL(g->name, "tiny");
    CU_ASSERT_EQUAL(g->n_ops, 3); /* lowered for tflite by default: the Relu is in the conv */
    hs_graph_free(g);
    char *argv_none[] = {"onnx", good, "-o", o_copy, "--runtime", "none", NULL};
    CU_ASSERT_EQUAL(hs_cmd_import_onnx(6, argv_none), HS_EXIT_OK);
    g = hs_graph_load_file(o_copy, &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(g);
    CU_ASSERT_EQUAL(g->n_ops, 4); /* conv, relu, reshape, fc as in the file */
    hs_graph_free(g);
    char *argv_rt[] = {"onnx", good, "-o", o_copy, "--runtime", "snpe", NULL};
    CU_ASSERT_EQUAL(hs_cmd_import_onnx(6, argv_rt), HS_EXIT_INPUT);
}

int hs_suite_onnx_import(void)
{
    CU_pSuite s = CU_add_suite("onnx_import", NULL, NULL);
    if (!s)
        return -1;
    if (!CU_add_test(s, "conv/relu/gemm equals the reviewed output",
                     test_conv_relu_gemm_matches_python) ||
        !CU_add_test(s, "unknown op graph equals the reviewed output",
                     test_unknown_op_matches_python) ||
        !CU_add_test(s, "conv/relu/gemm: folding, pads, costs by hand",
                     test_conv_relu_gemm_graph) ||
        !CU_add_test(s, "unknown op kept with a warning", test_unknown_op_kept) ||
        !CU_add_test(s, "unknown op without a shape names the node",
                     test_unknown_op_without_shape) ||
        !CU_add_test(s, "truncated or foreign file rejected", test_truncated_rejected) ||
        !CU_add_test(s, "hetsim import onnx command", test_command))
        return -1;
    return 0;
}

#else /* no protobuf-c: nothing to test */

int hs_suite_onnx_import(void)
{
    return 0;
}

#endif
