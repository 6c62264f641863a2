/* Profiles of optimised runtimes matched to model graphs without a map
 * (traces/import_match.h), the ONNX Runtime importer's layout nodes and
 * framework time, and op aliases (traces/graph.h). The graph is the ONNX
 * fixture conv_relu_gemm (tests/fixtures/onnx/conv_relu_gemm.json, made by
 * `hetsim import onnx`: ops conv, relu, Reshape, fc with aliases "/conv/Conv"
 * and "c", "/relu/Relu" and "r", "/Reshape" and "f", "/fc/Gemm", "y" and
 * "logits"); the profile ort_fused.json is written by hand in the shape of
 * ONNX Runtime's with its optimisations on: ReorderInput, the fused
 * Conv+Relu NCHWc kernel named after the Relu's output ("r_nchwc"),
 * ReorderOutput, Reshape and Gemm under their node names, two runs. Every
 * expected number is worked out in the comments. */
#include <CUnit/CUnit.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/test_util.h"
#include "traces/graph.h"
#include "traces/import_match.h"
#include "traces/importers.h"

static hs_import_opts opts(void)
{
    hs_import_opts o = {0};
    o.device = "d";
    o.processor = "cpu";
    o.model = "conv_relu_gemm";
    o.dtype = HS_DT_FP32;
    return o;
}

static const hs_trace_op *row(const hs_trace *t, const char *name)
{
    for (int i = 0; i < t->n_ops; i++)
        if (strcmp(t->ops[i].name, name) == 0)
            return &t->ops[i];
    return NULL;
}

static void expect(const hs_trace *t, const char *name, int n, const double *v)
{
    const hs_trace_op *r = row(t, name);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    CU_ASSERT_EQUAL_FATAL(r->n, n);
    for (int i = 0; i < n; i++)
        CU_ASSERT_DOUBLE_EQUAL(r->samples_us[i], v[i], 1e-9);
}

static hs_graph *fixture_graph(void)
{
    hs_error err;
    hs_graph *g = hs_graph_load_file(hs_test_fixture("onnx/conv_relu_gemm.json"), &err);
    CU_ASSERT_PTR_NOT_NULL(g);
    return g;
}

/* The ONNX importer's aliases, loaded; lookup by alias. */
static void test_aliases_loaded(void)
{
    hs_graph *g = fixture_graph();
    if (!g)
        return;
    int conv = hs_graph_find_op(g, "conv"), fc = hs_graph_find_op(g, "fc");
    CU_ASSERT_EQUAL_FATAL(g->ops[conv].n_aliases, 2);
    CU_ASSERT_STRING_EQUAL(g->ops[conv].aliases[0], "/conv/Conv");
    CU_ASSERT_STRING_EQUAL(g->ops[conv].aliases[1], "c");
    CU_ASSERT_EQUAL(hs_graph_find_alias(g, "/conv/Conv"), conv);
    CU_ASSERT_EQUAL(hs_graph_find_alias(g, "conv"), conv);
    CU_ASSERT_EQUAL(hs_graph_find_alias(g, "logits"), fc);
    CU_ASSERT_EQUAL(hs_graph_find_alias(g, "/fc/Gemm"), fc);
    CU_ASSERT_EQUAL(hs_graph_find_alias(g, "r_nchwc"), -1);
    CU_ASSERT_EQUAL(hs_graph_find_op(g, "/conv/Conv"), -1); /* names stay names */
    hs_graph_free(g);
}

/* Fusion at import (the lowering's absorb): the survivor takes the absorbed
 * op's name and aliases, once each. */
static void test_move_aliases(void)
{
    hs_graph *g = fixture_graph();
    if (!g)
        return;
    hs_error err;
    hs_op *conv = &g->ops[hs_graph_find_op(g, "conv")];
    hs_op *relu = &g->ops[hs_graph_find_op(g, "relu")];
    CU_ASSERT_EQUAL(hs_op_add_alias(relu, "c", &err), 0); /* conv has it already */
    CU_ASSERT_EQUAL(hs_op_add_alias(relu, "relu", &err), 0); /* its own name: not added */
    CU_ASSERT_EQUAL(relu->n_aliases, 3);
    CU_ASSERT_EQUAL(hs_op_take_aliases(conv, relu, &err), 0);
    /* conv: /conv/Conv, c, + relu, /relu/Relu, r ("c" not twice) */
    CU_ASSERT_EQUAL_FATAL(conv->n_aliases, 5);
    CU_ASSERT_STRING_EQUAL(conv->aliases[2], "relu");
    CU_ASSERT_STRING_EQUAL(conv->aliases[3], "/relu/Relu");
    CU_ASSERT_STRING_EQUAL(conv->aliases[4], "r");
    CU_ASSERT_EQUAL(relu->n_aliases, 3); /* copies: the absorbed op keeps its own */
    CU_ASSERT_EQUAL(hs_graph_find_alias(g, "/relu/Relu"), hs_graph_find_op(g, "conv"));
    hs_graph_free(g);
}

/* ort_fused.json imported alone: layout nodes added to the node they serve,
 * framework time carried by the node after each gap.
 * Run 1 (model_run ts 1000, dur 200): ReorderInput 1010+5, r_nchwc 1020+100,
 * ReorderOutput 1125+5, /Reshape 1135+2, /fc/Gemm 1140+40.
 *   gaps: RI 10, r 5, RO 5, Reshape 5, Gemm 3, tail 1200-1180 = 20
 *   r_nchwc = 100 + 5 (RI) + 5 (RO) + 10 + 5 + 5 = 130; Reshape 2+5 = 7;
 *   Gemm 40+3+20 = 63; sum 200 = model_run.
 * Run 2 (2000, 180): RI 2002+4, r 2010+90, RO 2101+4, Reshape 2106+2, Gemm 2110+36
 *   gaps: RI 2, r 4, RO 1, Reshape 1, Gemm 2, tail 2180-2146 = 34
 *   r_nchwc = 90+4+4 + 2+4+1 = 105; Reshape 2+1 = 3; Gemm 36+2+34 = 72; sum 180. */
static void test_ort_layout_and_overhead(void)
{
    hs_error err;
    hs_import_opts o = opts();
    char note[1024];
    hs_trace *t = hs_import_onnxruntime(hs_test_fixture("importers/ort_fused.json"), &o, note,
                                        sizeof note, &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    CU_ASSERT_EQUAL(t->n_ops, 3);
    expect(t, "r_nchwc", 2, (double[]){130, 105});
    expect(t, "/Reshape", 2, (double[]){7, 3});
    expect(t, "/fc/Gemm", 2, (double[]){63, 72});
    CU_ASSERT_PTR_NULL(row(t, "ReorderInput"));
    CU_ASSERT_PTR_NULL(row(t, "ReorderOutput"));
    /* framework time: run 1 200 - 147 = 53, run 2 180 - 136 = 44; median 48.5 -> "48" or "49" */
    CU_ASSERT(hs_test_msg_has(note, "4 layout node events", "over 2 timed runs",
                              "carried by the node after each gap", NULL));
    hs_trace_free(t);

    /* --no-overhead: kernels alone (layout nodes still added) */
    o.no_overhead = 1;
    t = hs_import_onnxruntime(hs_test_fixture("importers/ort_fused.json"), &o, note, sizeof note,
                              &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    expect(t, "r_nchwc", 2, (double[]){110, 98});
    expect(t, "/Reshape", 2, (double[]){2, 2});
    expect(t, "/fc/Gemm", 2, (double[]){40, 36});
    CU_ASSERT(hs_test_msg_has(note, "left out (--no-overhead)", NULL));
    hs_trace_free(t);
}

/* Matched to the graph: every op has samples; the fused kernel's go to conv
 * (walking back from relu, whose output "r" names the kernel), relu gets
 * zeros, Reshape and fc match by node name. */
static void test_match_fused(void)
{
    hs_error err;
    hs_import_opts o = opts();
    hs_graph *g = fixture_graph();
    hs_trace *t = hs_import_onnxruntime(hs_test_fixture("importers/ort_fused.json"), &o, NULL, 0,
                                        &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    CU_ASSERT_PTR_NOT_NULL_FATAL(g);
    hs_match_summary s;
    CU_ASSERT_EQUAL_FATAL(hs_import_match_graph(t, g, &s, &err), 0);
    CU_ASSERT_EQUAL(s.rows, 3);
    CU_ASSERT_EQUAL(s.by_alias, 2);
    CU_ASSERT_EQUAL(s.by_suffix, 1);
    CU_ASSERT_EQUAL(s.fused_back, 1);
    CU_ASSERT_EQUAL(s.fused_forward, 0);
    CU_ASSERT_EQUAL(s.unmatched, 0);
    CU_ASSERT_EQUAL(t->n_ops, 4);
    expect(t, "conv", 2, (double[]){130, 105});
    expect(t, "relu", 2, (double[]){0, 0});
    expect(t, "Reshape", 2, (double[]){7, 3});
    expect(t, "fc", 2, (double[]){63, 72});
    CU_ASSERT_EQUAL(hs_import_check_graph(t, g, &o, 10), 0);
    char line[512];
    hs_match_summary_text(&s, line, sizeof line);
    CU_ASSERT(hs_test_msg_has(line, "3 profile rows", "2 by alias", "1 by alias + layout suffix",
                              "1 ops covered walking back", "0 unmatched", NULL));
    hs_trace_free(t);
    hs_graph_free(g);
}

#define K(node, op, dur) "{\"cat\":\"Node\",\"name\":\"" node "_kernel_time\",\"dur\":" dur \
                         ",\"args\":{\"op_name\":\"" op "\"}}"
#define RUN "{\"cat\":\"Session\",\"name\":\"model_run\",\"dur\":1,\"args\":{}}"

/* ORT's basic level: FusedConv keeps the Conv's node name and absorbs the
 * Relu, which no row names: the Relu is absorbed forward (zeros). A TFLite
 * style "a;b" name covers both ops. Two rows naming one op are added. */
static void test_match_forward_parts_merge(void)
{
    hs_error err;
    hs_import_opts o = opts();
    hs_graph *g = fixture_graph();
    CU_ASSERT_PTR_NOT_NULL_FATAL(g);
    const char *p = hs_test_tmpfile("basic.json", "[" K("/conv/Conv", "FusedConv", "30") ","
                                    K("/Reshape", "Reshape", "1") "," K("/fc/Gemm", "Gemm", "9")
                                    "," RUN "]");
    hs_trace *t = hs_import_onnxruntime(p, &o, NULL, 0, &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    hs_match_summary s;
    CU_ASSERT_EQUAL_FATAL(hs_import_match_graph(t, g, &s, &err), 0);
    CU_ASSERT_EQUAL(s.by_alias, 3);
    CU_ASSERT_EQUAL(s.fused_back, 0);
    CU_ASSERT_EQUAL(s.fused_forward, 1);
    expect(t, "conv", 1, (double[]){30});
    expect(t, "relu", 1, (double[]){0});
    hs_trace_free(t);

    /* ";r;;c" (TFLite joins the tensors of a fused op; empty parts skipped): conv (the Conv type) takes the
     * samples, relu is covered; "logits" and "/fc/Gemm" both name fc: 9 + 2 = 11 */
    p = hs_test_tmpfile("parts.json", "[" K(";r;;c", "Conv", "25") "," K("/fc/Gemm", "Gemm", "9")
                        "," K("logits", "Gemm", "2") "," K("unknown_node", "Add", "4") "," RUN
                        "]");
    t = hs_import_onnxruntime(p, &o, NULL, 0, &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    CU_ASSERT_EQUAL_FATAL(hs_import_match_graph(t, g, &s, &err), 0);
    CU_ASSERT_EQUAL(s.by_parts, 1);
    CU_ASSERT_EQUAL(s.merged, 1);
    CU_ASSERT_EQUAL(s.unmatched, 1);
    expect(t, "conv", 1, (double[]){25});
    expect(t, "relu", 1, (double[]){0});
    expect(t, "fc", 1, (double[]){11});
    expect(t, "unknown_node", 1, (double[]){4}); /* kept: check_graph reports it */
    hs_trace_free(t);

    /* ORT without optimisations runs the Identity of a weight that `import onnx` folds
     * away: its time goes to the op of the next matched row (fc: 3 + 9 = 12) */
    p = hs_test_tmpfile("identity.json", "[" K("/conv/Conv", "Conv", "20") "," K("/relu/Relu",
                        "Relu", "2") "," K("/fc/Identity", "Identity", "3") "," K("/fc/Gemm",
                        "Gemm", "9") "," RUN "]");
    t = hs_import_onnxruntime(p, &o, NULL, 0, &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    CU_ASSERT_EQUAL_FATAL(hs_import_match_graph(t, g, &s, &err), 0);
    CU_ASSERT_EQUAL(s.folded, 1);
    CU_ASSERT_EQUAL(s.unmatched, 0);
    CU_ASSERT_EQUAL(s.fused_forward, 0); /* relu has a row of its own */
    CU_ASSERT_EQUAL(t->n_ops, 3);
    expect(t, "conv", 1, (double[]){20});
    expect(t, "relu", 1, (double[]){2});
    expect(t, "fc", 1, (double[]){12});
    hs_trace_free(t);

    /* two rows of one op with different sample counts: refused, trace unchanged */
    p = hs_test_tmpfile("uneven.json", "[" K("/fc/Gemm", "Gemm", "9") "," RUN ","
                        K("/fc/Gemm", "Gemm", "8") "," K("logits", "Gemm", "2") "," RUN "]");
    t = hs_import_onnxruntime(p, &o, NULL, 0, &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    CU_ASSERT_EQUAL(hs_import_match_graph(t, g, &s, &err), -1);
    HS_ASSERT_MSG(err, "\"/fc/Gemm\"", "\"logits\"", "op \"fc\"", "2 and 1 samples");
    CU_ASSERT_EQUAL(t->n_ops, 2);
    CU_ASSERT_STRING_EQUAL(t->ops[0].name, "/fc/Gemm");
    hs_trace_free(t);
    hs_graph_free(g);
}

/* Bad "aliases" in a model file: named errors. */
static void test_bad_aliases(void)
{
    static const struct {
        const char *aliases, *want;
    } cases[] = {{"\"a\"", "$.ops[0].aliases: expected an array of names"},
                 {"[1]", "$.ops[0].aliases[0]: expected a name"},
                 {"[\"a\", \"\"]", "$.ops[0].aliases[1]: expected a name"}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char text[1024];
        snprintf(text, sizeof text,
                 "{\"format\": \"hetsim-model\", \"version\": 1, \"name\": \"m\", \"inputs\": "
                 "[{\"name\": \"x\", \"shape\": [1, 4]}], \"outputs\": [\"y\"], \"ops\": [{\"name\": "
                 "\"r\", \"type\": \"Relu\", \"inputs\": [\"x\"], \"outputs\": [{\"name\": \"y\", "
                 "\"shape\": [1, 4]}], \"aliases\": %s}]}",
                 cases[i].aliases);
        const char *p = hs_test_tmpfile("bad_aliases.json", text);
        hs_error err;
        hs_graph *g = hs_graph_load_file(p, &err);
        CU_ASSERT_PTR_NULL(g);
        hs_graph_free(g);
        HS_ASSERT_MSG(err, "bad_aliases.json", cases[i].want);
    }
}

int hs_suite_import_match(void)
{
    CU_pSuite s = CU_add_suite("import_match", NULL, NULL);
    if (!s)
        return -1;
    if (!CU_add_test(s, "op aliases loaded and found", test_aliases_loaded) ||
        !CU_add_test(s, "aliases copied to a fusion's survivor", test_move_aliases) ||
        !CU_add_test(s, "ORT layout nodes and framework time", test_ort_layout_and_overhead) ||
        !CU_add_test(s, "ORT NCHWc fused kernel matched, fusion back", test_match_fused) ||
        !CU_add_test(s, "fusion forward, a;b parts, rows merged", test_match_forward_parts_merge) ||
        !CU_add_test(s, "bad aliases in a model file", test_bad_aliases))
        return -1;
    return 0;
}
