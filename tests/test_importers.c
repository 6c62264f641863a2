/* Trace writer and importers. Every importer's output is checked against
 * the numbers written in its fixture (tests/fixtures/importers/, small files
 * in each tool's real format) by hand; every malformed variant is rejected
 * with the file, the line or JSON path, and what was expected; imported
 * traces survive write -> load unchanged; a failed import leaves no file. */
#include <CUnit/CUnit.h>
#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "analysis/band_import.h"
#include "sim/catalog.h"
#include "traces/importers.h"
#include "traces/trace_write.h"
#include "tests/test_util.h"

/* ---- helpers ---- */

static char warnings[8192];
static int n_warnings;

static void capture_warn(void *ctx, const char *msg)
{
    (void)ctx;
    n_warnings++;
    size_t used = strlen(warnings);
    snprintf(warnings + used, sizeof warnings - used, "%s\n", msg);
}

static hs_import_opts opts(const char *device, const char *processor, const char *model)
{
    hs_import_opts o = {0};
    o.device = device;
    o.processor = processor;
    o.model = model;
    o.dtype = HS_DT_FP32;
    o.warn = capture_warn;
    warnings[0] = '\0';
    n_warnings = 0;
    return o;
}

static const char *fx(const char *name)
{
    static char paths[8][512];
    static int slot;
    char *p = paths[slot++ % 8];
    snprintf(p, 512, "%s/importers/%s", HS_TEST_FIXTURES, name);
    return p;
}

static int str_eq(const char *a, const char *b)
{
    if (!a || !a[0])
        return !b || !b[0];
    return b && strcmp(a, b) == 0;
}

static int trace_equal(const hs_trace *a, const hs_trace *b)
{
    if (!str_eq(a->device, b->device) || !str_eq(a->model, b->model) ||
        !str_eq(a->processor, b->processor) || !str_eq(a->recorded, b->recorded) ||
        !str_eq(a->generator, b->generator) || a->dtype != b->dtype || a->n_ops != b->n_ops)
        return 0;
    for (int i = 0; i < a->n_ops; i++) {
        const hs_trace_op *x = &a->ops[i], *y = &b->ops[i];
        if (!str_eq(x->name, y->name) || !str_eq(x->type, y->type) ||
            x->fraction != y->fraction || !str_eq(x->dim, y->dim) || x->n != y->n)
            return 0;
        for (int k = 0; k < x->n; k++)
            if (x->samples_us[k] != y->samples_us[k])
                return 0;
    }
    return 1;
}

/* write `t` to a temporary file, load it back, compare */
static void check_round_trip(const hs_trace *t)
{
    hs_error err = {0};
    char path[512];
    snprintf(path, sizeof path, "%s", hs_test_tmpfile("round_trip.json", ""));
    CU_ASSERT_EQUAL_FATAL(hs_trace_write_file(t, NULL, path, &err), 0);
    hs_trace *back = hs_trace_load_file(path, &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(back);
    CU_ASSERT(trace_equal(t, back));
    hs_trace_free(back);
}

static int file_exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

/* ---- writer ---- */

static hs_trace *hand_trace(void)
{
    static const double s0[] = {100, 200.5, 0.1, 1e-7, 123456.789, 0, 1e9};
    static const double s1[] = {55, 52};
    static const double s2[] = {7.25};
    hs_trace *t = calloc(1, sizeof *t);
    t->device = strdup("dev_two");
    t->model = strdup("chain3");
    t->processor = strdup("cpu");
    t->recorded = strdup("native");
    t->generator = strdup("hand \"written\"");
    t->dtype = HS_DT_FP16;
    t->n_ops = 3;
    t->ops = calloc(3, sizeof *t->ops);
    const struct {
        const char *name, *type, *dim;
        double fraction;
        const double *s;
        int n;
    } ops[] = {{"A", "Relu", NULL, 1.0, s0, 7},
               {"A", "Relu", "out_c", 0.5, s1, 2},
               {"odd \"name\"\\\twith\ncontrols/ü", "", NULL, 1.0, s2, 1}};
    for (int i = 0; i < 3; i++) {
        t->ops[i].name = strdup(ops[i].name);
        t->ops[i].type = strdup(ops[i].type);
        t->ops[i].dim = ops[i].dim ? strdup(ops[i].dim) : NULL;
        t->ops[i].fraction = ops[i].fraction;
        t->ops[i].n = ops[i].n;
        t->ops[i].samples_us = malloc((size_t)ops[i].n * sizeof(double));
        memcpy(t->ops[i].samples_us, ops[i].s, (size_t)ops[i].n * sizeof(double));
    }
    return t;
}

static void test_write_round_trip(void)
{
    hs_trace *t = hand_trace();
    check_round_trip(t);
    hs_trace_free(t);
}

static void test_write_exact_text(void)
{
    hs_error err = {0};
    hs_trace *t = hand_trace();
    hs_trace_extra x = {"unit test", "a note"};
    char *s = hs_trace_to_json(t, &x, &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    const char *want =
        "{\n"
        "  \"format\": \"hetsim-trace\",\n"
        "  \"version\": 1,\n"
        "  \"device\": \"dev_two\",\n"
        "  \"model\": \"chain3\",\n"
        "  \"processor\": \"cpu\",\n"
        "  \"dtype\": \"fp16\",\n"
        "  \"recorded\": \"native\",\n"
        "  \"generator\": \"hand \\\"written\\\"\",\n"
        "  \"source\": \"unit test\",\n"
        "  \"note\": \"a note\",\n"
        "  \"ops\": [\n"
        "    {\"name\": \"A\", \"type\": \"Relu\", \"samples_us\": [100, 200.5, 0.1, 1e-07, "
        "123456.789, 0, 1000000000]},\n"
        "    {\"name\": \"A\", \"type\": \"Relu\", \"fraction\": 0.5, \"dim\": \"out_c\", "
        "\"samples_us\": [55, 52]},\n"
        "    {\"name\": \"odd \\\"name\\\"\\\\\\twith\\ncontrols/ü\", \"samples_us\": [7.25]}\n"
        "  ]\n"
        "}\n";
    CU_ASSERT_STRING_EQUAL(s, want);
    /* deterministic: the same text again */
    char *again = hs_trace_to_json(t, &x, &err);
    CU_ASSERT_STRING_EQUAL(s, again);
    free(again);
    free(s);
    hs_trace_free(t);
}

static void test_write_rejects(void)
{
    hs_error err = {0};
    char path[512];
    snprintf(path, sizeof path, "%s", hs_test_tmpfile("rejected.json", ""));
    unlink(path);
    hs_trace *t = hand_trace();

    t->ops[0].samples_us[2] = -1;
    CU_ASSERT_EQUAL(hs_trace_write_file(t, NULL, path, &err), -1);
    HS_ASSERT_MSG(err, "op \"A\"", "sample 2", "[0, 1e+09]");
    t->ops[0].samples_us[2] = NAN;
    CU_ASSERT_EQUAL(hs_trace_write_file(t, NULL, path, &err), -1);
    HS_ASSERT_MSG(err, "sample 2", "nan");
    t->ops[0].samples_us[2] = 2e9;
    CU_ASSERT_EQUAL(hs_trace_write_file(t, NULL, path, &err), -1);
    t->ops[0].samples_us[2] = 1;

    t->ops[1].fraction = 1.0;
    CU_ASSERT_EQUAL(hs_trace_write_file(t, NULL, path, &err), -1);
    HS_ASSERT_MSG(err, "\"A\"", "appears twice");
    t->ops[1].fraction = 0;
    CU_ASSERT_EQUAL(hs_trace_write_file(t, NULL, path, &err), -1);
    HS_ASSERT_MSG(err, "fraction 0");
    t->ops[1].fraction = 0.5;

    int n = t->ops[2].n;
    t->ops[2].n = 0;
    CU_ASSERT_EQUAL(hs_trace_write_file(t, NULL, path, &err), -1);
    HS_ASSERT_MSG(err, "at least one sample");
    t->ops[2].n = n;

    char *rec = t->recorded;
    t->recorded = "measured";
    CU_ASSERT_EQUAL(hs_trace_write_file(t, NULL, path, &err), -1);
    HS_ASSERT_MSG(err, "\"measured\"", "imported-tflite");
    t->recorded = rec;

    char *dev = t->device;
    t->device = "";
    CU_ASSERT_EQUAL(hs_trace_write_file(t, NULL, path, &err), -1);
    HS_ASSERT_MSG(err, "non-empty device");
    t->device = dev;

    CU_ASSERT(!file_exists(path));
    CU_ASSERT_EQUAL(hs_trace_write_file(t, NULL, path, &err), 0);
    CU_ASSERT(file_exists(path));
    hs_trace_free(t);
}

/* ---- TFLite ---- */

static void expect_op(const hs_trace *t, int i, const char *name, const char *type, int n,
                      const double *samples)
{
    CU_ASSERT_FATAL(i < t->n_ops);
    const hs_trace_op *op = &t->ops[i];
    CU_ASSERT_STRING_EQUAL(op->name, name);
    CU_ASSERT(str_eq(op->type, type));
    CU_ASSERT_EQUAL(op->fraction, 1.0);
    CU_ASSERT_PTR_NULL(op->dim);
    CU_ASSERT_EQUAL_FATAL(op->n, n);
    for (int k = 0; k < n; k++)
        CU_ASSERT_EQUAL(op->samples_us[k], samples[k]); /* exact: ms -> us keeps the digits */
}

static void test_tflite(void)
{
    hs_error err = {0};
    hs_import_opts o = opts("xiaomi-mi9", "cpu_big", "mobilenet-v1");
    char note[512];
    hs_trace *t = hs_import_tflite(fx("tflite_mobilenet.txt"), &o, note, sizeof note, &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    CU_ASSERT_STRING_EQUAL(t->device, "xiaomi-mi9");
    CU_ASSERT_STRING_EQUAL(t->processor, "cpu_big");
    CU_ASSERT_STRING_EQUAL(t->model, "mobilenet-v1");
    CU_ASSERT_STRING_EQUAL(t->recorded, "imported-tflite");
    CU_ASSERT(strncmp(t->generator, "hetsim import tflite ", 21) == 0);
    CU_ASSERT_EQUAL(t->dtype, HS_DT_FP32);
    /* the Initialization section's AllocateTensors row is not an op */
    CU_ASSERT_EQUAL_FATAL(t->n_ops, 6);
    expect_op(t, 0, "[MobilenetV1/MobilenetV1/Conv2d_0/Relu6]:0", "Conv", 1, (double[]){398});
    expect_op(t, 1, "[MobilenetV1/MobilenetV1/Conv2d_1_depthwise/Relu6]:1", "Conv", 1,
              (double[]){305});
    expect_op(t, 2, "[MobilenetV1/MobilenetV1/Conv2d_1_pointwise/Relu6]:2", "Conv", 1,
              (double[]){552});
    expect_op(t, 3, "[MobilenetV1/Logits/AvgPool_1a/AvgPool]:3", "AveragePool", 1,
              (double[]){19});
    expect_op(t, 4, "[MobilenetV1/Logits/fc/BiasAdd]:4", "Gemm", 1, (double[]){97});
    expect_op(t, 5, "[MobilenetV1/Predictions/Reshape_1]:5", "Softmax", 1, (double[]){4});
    CU_ASSERT(hs_test_msg_has(note, "50 regular runs", "[first] column is not used", NULL));
    CU_ASSERT_EQUAL(n_warnings, 0);
    check_round_trip(t);
    hs_trace_free(t);

    /* --first: [first] then [avg ms] */
    o.with_first = 1;
    t = hs_import_tflite(fx("tflite_mobilenet.txt"), &o, NULL, 0, &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    expect_op(t, 0, "[MobilenetV1/MobilenetV1/Conv2d_0/Relu6]:0", "Conv", 2,
              (double[]){412, 398});
    expect_op(t, 5, "[MobilenetV1/Predictions/Reshape_1]:5", "Softmax", 2, (double[]){6, 4});
    check_round_trip(t);
    hs_trace_free(t);
}

static void test_tflite_xnnpack(void)
{
    /* delegate rows: node types with spaces and commas, kept as printed */
    hs_error err = {0};
    hs_import_opts o = opts("d", "cpu", "m");
    hs_trace *t = hs_import_tflite(fx("tflite_xnnpack.txt"), &o, NULL, 0, &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    CU_ASSERT_EQUAL_FATAL(t->n_ops, 4);
    expect_op(t, 0, "Delegate/Convolution (NHWC, F32) IGEMM:0", "Convolution (NHWC, F32) IGEMM",
              1, (double[]){204});
    expect_op(t, 1, "Delegate/Convolution (NHWC, F32) DWConv:1",
              "Convolution (NHWC, F32) DWConv", 1, (double[]){111});
    expect_op(t, 3, "Delegate/Convolution (NHWC, F32) GEMM:3", "Convolution (NHWC, F32) GEMM", 1,
              (double[]){158});
    CU_ASSERT_EQUAL(n_warnings, 0); /* the summary's counts agree */
    check_round_trip(t);
    hs_trace_free(t);
}

#define TFL_HDR                                                                                   \
    "Operator-wise Profiling Info for Regular Benchmark Runs:\n"                                  \
    "============================== Run Order ==============================\n"                  \
    "\t[node type]\t[first]\t[avg ms]\t[%]\t[cdf%]\t[mem KB]\t[times called]\t[Name]\n"
#define TFL_ROW(name, avg) "\tCONV_2D\t0.5\t" avg "\t50%\t50%\t0\t1\t" name "\n"

static void test_tflite_inline(void)
{
    hs_error err = {0};
    hs_import_opts o = opts("d", "cpu", "m");
    /* a name printed twice: the second row becomes "name#2", with a warning */
    const char *p = hs_test_tmpfile("dup.txt", TFL_HDR TFL_ROW("conv", "0.25") TFL_ROW("conv", "0.5")
                                                   "\nNumber of nodes executed: 2\n");
    hs_trace *t = hs_import_tflite(p, &o, NULL, 0, &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    CU_ASSERT_EQUAL_FATAL(t->n_ops, 2);
    expect_op(t, 0, "conv", "Conv", 1, (double[]){250});
    expect_op(t, 1, "conv#2", "Conv", 1, (double[]){500});
    CU_ASSERT(hs_test_msg_has(warnings, "dup.txt:5", "\"conv#2\"", NULL));
    hs_trace_free(t);

    /* node count disagrees with the table */
    p = hs_test_tmpfile("count.txt", TFL_HDR TFL_ROW("a", "0.25") "\nNumber of nodes executed: 7\n");
    CU_ASSERT_PTR_NULL(hs_import_tflite(p, &o, NULL, 0, &err));
    HS_ASSERT_MSG(err, "count.txt:6", "reports 7 nodes executed", "has 1 rows");

    /* the summary counts 2 CONV_2D nodes, the table 1: a warning */
    p = hs_test_tmpfile("summary.txt",
                        TFL_HDR TFL_ROW("a", "0.25")
                        "\n============================== Summary by node type "
                        "==============================\n"
                        "\t[Node type]\t[count]\t[avg ms]\t[avg %]\t[cdf %]\t[mem KB]\t[times "
                        "called]\n"
                        "\tCONV_2D\t2\t0.25\t100%\t100%\t0\t1\n\n");
    o = opts("d", "cpu", "m");
    t = hs_import_tflite(p, &o, NULL, 0, &err);
    CU_ASSERT_PTR_NOT_NULL(t);
    CU_ASSERT(hs_test_msg_has(warnings, "summary.txt:8", "counts 2 CONV_2D", "has 1", NULL));
    hs_trace_free(t);

    /* no [avg ms] column in the header */
    p = hs_test_tmpfile("nocol.txt", "Operator-wise Profiling Info for Regular Benchmark Runs:\n"
                                     "=== Run Order ===\n\t[node type]\t[first]\t[Name]\n");
    CU_ASSERT_PTR_NULL(hs_import_tflite(p, &o, NULL, 0, &err));
    HS_ASSERT_MSG(err, "nocol.txt:3", "column [avg ms]");

    /* the section without its table */
    p = hs_test_tmpfile("notable.txt", "Operator-wise Profiling Info for Regular Benchmark Runs:\n");
    CU_ASSERT_PTR_NULL(hs_import_tflite(p, &o, NULL, 0, &err));
    HS_ASSERT_MSG(err, "notable.txt:2", "\"Run Order\" table", "end of the file");

    /* rows up to the end of the file: the rest of the output is missing */
    p = hs_test_tmpfile("cut.txt", TFL_HDR TFL_ROW("a", "0.25"));
    CU_ASSERT_PTR_NULL(hs_import_tflite(p, &o, NULL, 0, &err));
    HS_ASSERT_MSG(err, "cut.txt:4", "truncated");
}

typedef struct bad_file {
    hs_trace_importer fn;
    const char *file;
    const char *needle1, *needle2, *needle3;
} bad_file;

static const bad_file bad_files[] = {
    {hs_import_tflite, "tflite_no_profiling.txt",
     "\"Operator-wise Profiling Info for Regular Benchmark Runs:\"", "found none", NULL},
    {hs_import_tflite, "tflite_truncated.txt", "tflite_truncated.txt:46:", "truncated", NULL},
    {hs_import_tflite, "tflite_wrong_columns.txt", "tflite_wrong_columns.txt:45:",
     "expected 8 tab-separated columns", "got 1"},
    {hs_import_tflite, "tflite_non_numeric.txt", "tflite_non_numeric.txt:46:",
     "column [avg ms]: expected a number", "\"n/a\""},
    {hs_import_tflite, "tflite_negative.txt", "tflite_negative.txt:45:",
     "column [avg ms]: expected a duration in milliseconds >= 0", "\"-0.305\""},
    {hs_import_tflite, "tflite_nan.txt", "tflite_nan.txt:45:", "expected a number", "\"nan\""},
    {hs_import_tflite, "tflite_empty.txt", "tflite_empty.txt:44:", "at least one operator row",
     "empty profile"},
    {hs_import_tflite, "no_such_file.txt", "no_such_file.txt", "cannot open", NULL},

    {hs_import_onnxruntime, "ort_negative_dur.json", "ort_negative_dur.json: at $[6].dur",
     "expected a duration in microseconds", "got -95"},
    {hs_import_onnxruntime, "ort_string_dur.json", "at $[9].dur", "a number >= 0",
     "got \"233\""},
    {hs_import_onnxruntime, "ort_no_args.json", "at $[3].args", "\"op_name\"", "missing"},
    {hs_import_onnxruntime, "ort_empty.json", "ort_empty.json", "_kernel_time",
     "empty profile"},
    {hs_import_onnxruntime, "ort_truncated.json", "ort_truncated.json:17:", "truncated", NULL},
    {hs_import_onnxruntime, "ort_not_array.json", "at $:", "an array of profiling events",
     "got an object"},

    {hs_import_tensorrt, "trt_no_count.json", "trt_no_count.json: at $[0]", "{\"count\": N}",
     NULL},
    {hs_import_tensorrt, "trt_negative.json", "at $[3].averageMs",
     "expected a duration in milliseconds", "got -0.0512624"},
    {hs_import_tensorrt, "trt_missing_average.json", "at $[2].averageMs", "missing", NULL},
    {hs_import_tensorrt, "trt_non_numeric.json", "at $[1].averageMs", "got \"0.101067\"", NULL},
    {hs_import_tensorrt, "trt_empty.json", "trt_empty.json", "at least one layer",
     "empty profile"},
    {hs_import_tensorrt, "trt_truncated.json", "trt_truncated.json:6:", "truncated", NULL},

    {hs_import_qed, "qed_bad_header.csv", "qed_bad_header.csv:1:", "column 2",
     "expected the header \"operation\", got \"op\""},
    {hs_import_qed, "qed_short_row.csv", "qed_short_row.csv:4:", "expected 15 columns",
     "got 13"},
    {hs_import_qed, "qed_extra_column.csv", "qed_extra_column.csv:3:", "expected 15 columns",
     "got 16"},
    {hs_import_qed, "qed_non_numeric.csv", "qed_non_numeric.csv:5:",
     "column \"pixel4|gpu|float\": expected a latency in microseconds", "got \"fast\""},
    {hs_import_qed, "qed_negative.csv", "qed_negative.csv:6:", "latency in microseconds",
     "\"-8.4992\""},
    {hs_import_qed, "qed_nan.csv", "qed_nan.csv:3:", "latency in microseconds", "\"NaN\""},
    {hs_import_qed, "qed_truncated.csv", "qed_truncated.csv:4:", "closing '\"'", "truncated"},
    {hs_import_qed, "qed_header_only.csv", "qed_header_only.csv", "empty profile", NULL},
};

static void test_malformed_files(void)
{
    for (size_t i = 0; i < sizeof bad_files / sizeof bad_files[0]; i++) {
        const bad_file *b = &bad_files[i];
        hs_error err = {0};
        hs_import_opts o = opts("d", "cpu", "tinynet");
        o.source_device = "pixel4";
        hs_trace *t = b->fn(fx(b->file), &o, NULL, 0, &err);
        CU_ASSERT_PTR_NULL(t);
        hs_trace_free(t);
        if (!hs_test_msg_has(err.msg, b->needle1, b->needle2 ? b->needle2 : b->needle1,
                             b->needle3 ? b->needle3 : b->needle1, NULL)) {
            fprintf(stderr, "  (fixture %s)\n", b->file);
            CU_FAIL("message lacks an expected part");
        }
    }
    /* an empty file, for every importer */
    const char *empty = hs_test_tmpfile("empty.txt", "");
    hs_trace_importer fns[] = {hs_import_tflite, hs_import_onnxruntime, hs_import_tensorrt,
                               hs_import_qed};
    for (size_t i = 0; i < 4; i++) {
        hs_error err = {0};
        hs_import_opts o = opts("d", "cpu", "m");
        CU_ASSERT_PTR_NULL(fns[i](empty, &o, NULL, 0, &err));
        HS_ASSERT_MSG(err, "empty.txt", "empty file");
    }
}

/* ---- ONNX Runtime ---- */

static void test_onnxruntime(void)
{
    hs_error err = {0};
    hs_import_opts o = opts("dev_two", "cpu", "m");
    char note[512];
    hs_trace *t = hs_import_onnxruntime(fx("ort_profile.json"), &o, note, sizeof note, &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    CU_ASSERT_STRING_EQUAL(t->recorded, "imported-onnxruntime");
    CU_ASSERT_EQUAL_FATAL(t->n_ops, 3);
    /* two runs: one sample per run per node, dur in us */
    expect_op(t, 0, "conv1", "Conv", 2, (double[]){812, 790});
    expect_op(t, 1, "relu1", "Relu", 2, (double[]){95, 91});
    expect_op(t, 2, "fc", "Gemm", 2, (double[]){233, 240});
    CU_ASSERT(hs_test_msg_has(note, "over 2 runs", "CPUExecutionProvider (3 nodes)", NULL));
    CU_ASSERT_EQUAL(n_warnings, 0);
    check_round_trip(t);
    hs_trace_free(t);

    /* --skip-runs 1: the warm-up run goes */
    o.skip_runs = 1;
    t = hs_import_onnxruntime(fx("ort_profile.json"), &o, note, sizeof note, &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    expect_op(t, 0, "conv1", "Conv", 1, (double[]){790});
    expect_op(t, 2, "fc", "Gemm", 1, (double[]){240});
    CU_ASSERT(hs_test_msg_has(note, "over 2 runs, the first 1 skipped", NULL));
    hs_trace_free(t);
    o.skip_runs = 2;
    CU_ASSERT_PTR_NULL(hs_import_onnxruntime(fx("ort_profile.json"), &o, NULL, 0, &err));
    HS_ASSERT_MSG(err, "ort_profile.json", "node \"conv1\" has 2 samples", "leaves none");
}

#define ORT_K(node, op, dur, prov)                                                                \
    "{\"cat\":\"Node\",\"name\":\"" node "_kernel_time\",\"dur\":" dur                              \
    ",\"args\":{\"op_name\":\"" op "\",\"provider\":\"" prov "\"}}"
#define ORT_RUN "{\"cat\":\"Session\",\"name\":\"model_run\",\"dur\":1,\"args\":{}}"

static void test_onnxruntime_inline(void)
{
    hs_error err = {0};
    hs_import_opts o = opts("d", "gpu", "m");
    /* a node met twice in one run gets the sum; providers mixed -> warning;
     * {"traceEvents": [...]} accepted */
    const char *p = hs_test_tmpfile(
        "twice.json", "{\"traceEvents\":[" ORT_K("a", "Conv", "10", "CUDAExecutionProvider") ","
                      ORT_K("a", "Conv", "5", "CUDAExecutionProvider") "," ORT_K(
                          "b", "Shape", "2", "CPUExecutionProvider") "," ORT_RUN "," ORT_K("a", "Conv", "11", "CUDAExecutionProvider") "," ORT_K("b", "Shape", "3", "CPUExecutionProvider") "," ORT_RUN "]}");
    hs_trace *t = hs_import_onnxruntime(p, &o, NULL, 0, &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    CU_ASSERT_EQUAL_FATAL(t->n_ops, 2);
    expect_op(t, 0, "a", "Conv", 2, (double[]){15, 11});
    expect_op(t, 1, "b", "Shape", 2, (double[]){2, 3});
    CU_ASSERT(hs_test_msg_has(warnings, "2 execution providers", "CUDAExecutionProvider (1 nodes)",
                              "processor \"gpu\"", NULL));
    hs_trace_free(t);

    /* without model_run events every kernel event is a sample */
    p = hs_test_tmpfile("noruns.json", "[" ORT_K("a", "Conv", "10", "X") "," ORT_K("a", "Conv",
                                                                                 "12", "X") "]");
    t = hs_import_onnxruntime(p, &o, NULL, 0, &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    expect_op(t, 0, "a", "Conv", 2, (double[]){10, 12});
    hs_trace_free(t);

    /* an unnamed node; a non-object event */
    p = hs_test_tmpfile("noname.json", "[{\"cat\":\"Node\",\"name\":\"_kernel_time\",\"dur\":1}]");
    CU_ASSERT_PTR_NULL(hs_import_onnxruntime(p, &o, NULL, 0, &err));
    HS_ASSERT_MSG(err, "at $[0].name", "<node name>_kernel_time");
    p = hs_test_tmpfile("notobj.json", "[" ORT_K("a", "Conv", "10", "X") ", 42]");
    CU_ASSERT_PTR_NULL(hs_import_onnxruntime(p, &o, NULL, 0, &err));
    HS_ASSERT_MSG(err, "at $[1]", "an event object", "got 42");
}

/* ---- TensorRT ---- */

static void test_tensorrt(void)
{
    hs_error err = {0};
    hs_import_opts o = opts("jetson-xavier-nx", "gpu", "m");
    o.dtype = HS_DT_FP16;
    char note[512];
    hs_trace *t = hs_import_tensorrt(fx("trt_profile.json"), &o, note, sizeof note, &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    CU_ASSERT_STRING_EQUAL(t->recorded, "imported-tensorrt");
    CU_ASSERT_EQUAL(t->dtype, HS_DT_FP16);
    CU_ASSERT_EQUAL_FATAL(t->n_ops, 3);
    /* averageMs x 1000, digits kept exactly */
    expect_op(t, 0, "Conv_0 + Relu_1", NULL, 1, (double[]){101.067});
    expect_op(t, 1, "Reformatting CopyNode for Input Tensor 0 to Gemm_3", NULL, 1,
              (double[]){12.2749});
    expect_op(t, 2, "Gemm_3", NULL, 1, (double[]){51.2624});
    CU_ASSERT(hs_test_msg_has(note, "count=412", NULL));
    check_round_trip(t);
    hs_trace_free(t);

    /* a repeated layer name becomes name#2 */
    const char *p = hs_test_tmpfile("dup.json", "[{\"count\":3},{\"name\":\"x\",\"averageMs\":1},"
                                                "{\"name\":\"x\",\"averageMs\":2}]");
    o = opts("d", "gpu", "m");
    t = hs_import_tensorrt(p, &o, NULL, 0, &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    expect_op(t, 1, "x#2", NULL, 1, (double[]){2000});
    CU_ASSERT(hs_test_msg_has(warnings, "at $[2]", "\"x#2\"", NULL));
    hs_trace_free(t);

    p = hs_test_tmpfile("zero.json", "[{\"count\":0},{\"name\":\"x\",\"averageMs\":1}]");
    CU_ASSERT_PTR_NULL(hs_import_tensorrt(p, &o, NULL, 0, &err));
    HS_ASSERT_MSG(err, "at $[0].count", "integer in [1,");
    p = hs_test_tmpfile("obj.json", "{\"count\":3}");
    CU_ASSERT_PTR_NULL(hs_import_tensorrt(p, &o, NULL, 0, &err));
    HS_ASSERT_MSG(err, "at $:", "expected an array");
    p = hs_test_tmpfile("pct.json", "[{\"count\":3},{\"name\":\"x\",\"averageMs\":1,"
                                    "\"percentage\":-3}]");
    CU_ASSERT_PTR_NULL(hs_import_tensorrt(p, &o, NULL, 0, &err));
    HS_ASSERT_MSG(err, "at $[1].percentage", "got -3");
    p = hs_test_tmpfile("noname.json", "[{\"count\":3},{\"averageMs\":1}]");
    CU_ASSERT_PTR_NULL(hs_import_tensorrt(p, &o, NULL, 0, &err));
    HS_ASSERT_MSG(err, "at $[1].name", "non-empty string");
}

/* ---- qed ---- */

static void test_qed(void)
{
    hs_error err = {0};
    hs_import_opts o = opts("xiaomi-mi9", "gpu", "tinynet");
    o.source_device = "pixel4";
    char note[512];
    hs_trace *t = hs_import_qed(fx("qed_ops.csv"), &o, note, sizeof note, &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    CU_ASSERT_STRING_EQUAL(t->recorded, "imported-qed");
    CU_ASSERT_EQUAL_FATAL(t->n_ops, 5); /* othernet's rows are not taken */
    expect_op(t, 0, "CONV_2D_0", "Conv", 1, (double[]){61.5808});
    expect_op(t, 1, "DEPTHWISE_CONV_2D_1", "Conv", 1, (double[]){40.1216});
    expect_op(t, 2, "CONV_2D_2", "Conv", 1, (double[]){35.0464});
    expect_op(t, 3, "MEAN_3", "ReduceMean", 1, (double[]){12.6976});
    expect_op(t, 4, "FULLY_CONNECTED_4", "Gemm", 1, (double[]){8.4992});
    CU_ASSERT(hs_test_msg_has(note, "tinynet", "pixel4|gpu|float", NULL));
    check_round_trip(t);
    hs_trace_free(t);

    /* another device column ("DEV|processor" form) and another model */
    o = opts("samsung-s10", "gpu", "other");
    o.source_device = "s10|gpu";
    o.source_model = "othernet";
    t = hs_import_qed(fx("qed_ops.csv"), &o, NULL, 0, &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    CU_ASSERT_STRING_EQUAL(t->model, "other");
    CU_ASSERT_EQUAL_FATAL(t->n_ops, 2);
    expect_op(t, 0, "CONV_2D_0", "Conv", 1, (double[]){41.7});
    expect_op(t, 1, "MAX_POOL_2D_1", "MaxPool", 1, (double[]){6.3});
    hs_trace_free(t);

    /* selection errors */
    o = opts("d", "gpu", "tinynet");
    o.source_device = "pixel5";
    CU_ASSERT_PTR_NULL(hs_import_qed(fx("qed_ops.csv"), &o, NULL, 0, &err));
    HS_ASSERT_MSG(err, "qed_ops.csv:1", "device \"pixel5\"",
                  "pixel4, s10, mi8se, a03s, iphone7, iphonexs");
    o.source_device = NULL;
    CU_ASSERT_PTR_NULL(hs_import_qed(fx("qed_ops.csv"), &o, NULL, 0, &err));
    HS_ASSERT_MSG(err, "expected --source-device", "6 latency columns");
    o.source_device = "a03s";
    o.model = "net";
    CU_ASSERT_PTR_NULL(hs_import_qed(fx("qed_ops.csv"), &o, NULL, 0, &err));
    HS_ASSERT_MSG(err, "rows of model \"net\"", "with that in their name", "tinynet, othernet");
    o.model = "resnet";
    CU_ASSERT_PTR_NULL(hs_import_qed(fx("qed_ops.csv"), &o, NULL, 0, &err));
    HS_ASSERT_MSG(err, "models in the file: tinynet, othernet");
    /* a device column that is not <dev>|<proc>|<tag> */
    const char *p = hs_test_tmpfile("hdr.csv", "model,operation,feature,pixel4-gpu-float\n");
    CU_ASSERT_PTR_NULL(hs_import_qed(p, &o, NULL, 0, &err));
    HS_ASSERT_MSG(err, "hdr.csv:1", "column 4", "\"pixel4-gpu-float\"");
    /* a quoted field followed by garbage */
    p = hs_test_tmpfile("quote.csv", "model,operation,feature,a|gpu|float\n"
                                     "m,CONV_2D,\"{x}\"y,1\n");
    o.model = "m";
    o.source_device = "a";
    CU_ASSERT_PTR_NULL(hs_import_qed(p, &o, NULL, 0, &err));
    HS_ASSERT_MSG(err, "quote.csv:2", "after a quoted field", "'y'");
}

/* ---- rename map and model graph ---- */

static void test_map_and_graph(void)
{
    hs_error err = {0};
    hs_import_opts o = opts("dev_two", "acc", "three_op");
    hs_trace *t = hs_import_tensorrt(fx("trt_profile.json"), &o, NULL, 0, &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    hs_name_map *m = hs_name_map_load(fx("map_trt_three_op.csv"), &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(m);
    CU_ASSERT_EQUAL(m->n, 3); /* comments and the header are not entries */
    CU_ASSERT_EQUAL(hs_name_map_apply(m, t, &o, &err), 0);
    CU_ASSERT_EQUAL_FATAL(t->n_ops, 2); /* the reformatting layer is dropped */
    expect_op(t, 0, "conv", NULL, 1, (double[]){101.067});
    expect_op(t, 1, "gap", NULL, 1, (double[]){51.2624});
    CU_ASSERT_EQUAL(n_warnings, 0);
    hs_name_map_free(m);

    /* the graph gives the types of matched ops; relu has no samples */
    hs_graph *g = hs_graph_load_file(hs_test_fixture("three_op.json"), &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(g);
    CU_ASSERT_EQUAL(hs_import_check_graph(t, g, &o, 20), 0);
    CU_ASSERT_STRING_EQUAL(t->ops[0].type, "Conv");
    CU_ASSERT_STRING_EQUAL(t->ops[1].type, "GlobalAveragePool");
    CU_ASSERT(hs_test_msg_has(warnings, "1 of the 3 ops of model graph \"three_op\"", NULL));
    hs_trace_free(t);

    /* without the map: every TensorRT name is unmatched (warnings capped) */
    o = opts("dev_two", "acc", "three_op");
    t = hs_import_tensorrt(fx("trt_profile.json"), &o, NULL, 0, &err);
    CU_ASSERT_EQUAL(hs_import_check_graph(t, g, &o, 2), 3);
    CU_ASSERT(hs_test_msg_has(warnings, "op \"Conv_0 + Relu_1\" is not an op of model graph",
                              "--map", "1 more ops", NULL));
    hs_trace_free(t);
    hs_graph_free(g);

    /* several tool names -> one op: samples added; unused entries warned */
    o = opts("dev_two", "acc", "three_op");
    t = hs_import_tensorrt(fx("trt_profile.json"), &o, NULL, 0, &err);
    const char *p = hs_test_tmpfile("merge.csv", "Reformatting CopyNode for Input Tensor 0 to "
                                                 "Gemm_3,gap\nGemm_3,gap\nSoftmax_9,relu\n");
    m = hs_name_map_load(p, &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(m);
    CU_ASSERT_EQUAL(hs_name_map_apply(m, t, &o, &err), 0);
    CU_ASSERT_EQUAL_FATAL(t->n_ops, 2);
    CU_ASSERT_STRING_EQUAL(t->ops[0].name, "Conv_0 + Relu_1"); /* not in the map: kept */
    CU_ASSERT_STRING_EQUAL(t->ops[1].name, "gap");
    CU_ASSERT_DOUBLE_EQUAL(t->ops[1].samples_us[0], 12.2749 + 51.2624, 1e-9);
    CU_ASSERT(hs_test_msg_has(warnings, "merge.csv:3", "\"Softmax_9\" is not in the profile",
                              NULL));
    hs_name_map_free(m);
    hs_trace_free(t);

    /* merging ops with different sample counts is refused, trace unchanged */
    o = opts("d", "cpu", "m");
    p = hs_test_tmpfile("uneven.json", "[" ORT_K("a", "Conv", "1", "X") "," ORT_K("a", "Conv", "2", "X") "," ORT_K("b", "Relu", "3", "X") "]");
    t = hs_import_onnxruntime(p, &o, NULL, 0, &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    p = hs_test_tmpfile("uneven.csv", "a,x\nb,x\n");
    m = hs_name_map_load(p, &err);
    CU_ASSERT_EQUAL(hs_name_map_apply(m, t, &o, &err), -1);
    HS_ASSERT_MSG(err, "uneven.csv", "\"a\" and \"b\" both map to op \"x\"", "2 and 1 samples");
    CU_ASSERT_EQUAL(t->n_ops, 2);
    CU_ASSERT_STRING_EQUAL(t->ops[0].name, "a");
    hs_name_map_free(m);
    hs_trace_free(t);

    /* malformed maps */
    CU_ASSERT_PTR_NULL(hs_name_map_load(fx("map_duplicate.csv"), &err));
    HS_ASSERT_MSG(err, "map_duplicate.csv:3", "\"Conv_0 + Relu_1\" is already mapped on line 1");
    CU_ASSERT_PTR_NULL(hs_name_map_load(fx("map_three_columns.csv"), &err));
    HS_ASSERT_MSG(err, "map_three_columns.csv:1", "expected 2 columns", "got 3");
    p = hs_test_tmpfile("comments.csv", "# nothing\n\n");
    CU_ASSERT_PTR_NULL(hs_name_map_load(p, &err));
    HS_ASSERT_MSG(err, "comments.csv", "at least one line");
    p = hs_test_tmpfile("nofrom.csv", ",conv\n");
    CU_ASSERT_PTR_NULL(hs_name_map_load(p, &err));
    HS_ASSERT_MSG(err, "nofrom.csv:1", "tool name in column 1");
}

/* ---- the hetsim import pipeline ---- */

static void test_pipeline(void)
{
    hs_error err = {0};
    char out[512], dir[512];
    snprintf(out, sizeof out, "%s", hs_test_tmpfile("out.json", "previous contents\n"));
    snprintf(dir, sizeof dir, "%s", out);
    *strrchr(dir, '/') = '\0';

    /* malformed input: an input error, the existing file untouched, no temporary left */
    hs_import_opts o = opts("dev_two", "acc", "three_op");
    CU_ASSERT_EQUAL(hs_import_run(hs_import_tensorrt, fx("trt_negative.json"), &o, NULL, NULL,
                                  out, &err),
                    -1);
    CU_ASSERT_EQUAL(err.kind, HS_ERR_INPUT);
    HS_ASSERT_MSG(err, "trt_negative.json", "$[3].averageMs");
    FILE *f = fopen(out, "r");
    char line[64] = "";
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    CU_ASSERT_PTR_NOT_NULL(fgets(line, sizeof line, f));
    fclose(f);
    CU_ASSERT_STRING_EQUAL(line, "previous contents\n");
    unlink(out);
    CU_ASSERT_EQUAL(hs_import_run(hs_import_qed, fx("qed_truncated.csv"), &o, NULL, NULL, out,
                                  &err),
                    -1);
    CU_ASSERT_EQUAL(err.kind, HS_ERR_INPUT);
    CU_ASSERT(!file_exists(out));
    /* a bad map is an input error too */
    CU_ASSERT_EQUAL(hs_import_run(hs_import_tensorrt, fx("trt_profile.json"), &o,
                                  fx("map_duplicate.csv"), NULL, out, &err),
                    -1);
    CU_ASSERT_EQUAL(err.kind, HS_ERR_INPUT);
    CU_ASSERT(!file_exists(out));
    /* a map that drops everything */
    const char *p = hs_test_tmpfile("dropall.csv", "Conv_0 + Relu_1,\nGemm_3,\n"
                                                   "Reformatting CopyNode for Input Tensor 0 to "
                                                   "Gemm_3,\n");
    CU_ASSERT_EQUAL(hs_import_run(hs_import_tensorrt, fx("trt_profile.json"), &o, p, NULL, out,
                                  &err),
                    -1);
    CU_ASSERT_EQUAL(err.kind, HS_ERR_INPUT);
    HS_ASSERT_MSG(err, "dropall.csv", "every op", "nothing to write");
    CU_ASSERT(!file_exists(out));

    /* sound input, an output that cannot be written: a runtime error */
    char nodir[600];
    snprintf(nodir, sizeof nodir, "%s/no-such-dir/acc.json", dir);
    CU_ASSERT_EQUAL(hs_import_run(hs_import_tensorrt, fx("trt_profile.json"), &o, NULL, NULL,
                                  nodir, &err),
                    -1);
    CU_ASSERT_EQUAL(err.kind, HS_ERR_RUNTIME);
    HS_ASSERT_MSG(err, "no-such-dir", "cannot create");

    /* success: the written trace loads and names its source */
    hs_graph *g = hs_graph_load_file(hs_test_fixture("three_op.json"), &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(g);
    /* the simulator finds traces at DATA/traces/DEVICE/MODEL/PROCESSOR.json */
    char tdir[600], tpath[700];
    snprintf(tdir, sizeof tdir, "%s/data", dir);
    mkdir(tdir, 0777);
    snprintf(tdir, sizeof tdir, "%s/data/traces", dir);
    mkdir(tdir, 0777);
    snprintf(tdir, sizeof tdir, "%s/data/traces/dev_two", dir);
    mkdir(tdir, 0777);
    snprintf(tdir, sizeof tdir, "%s/data/traces/dev_two/three_op", dir);
    mkdir(tdir, 0777);
    snprintf(tpath, sizeof tpath, "%s/acc.json", tdir);
    CU_ASSERT_EQUAL_FATAL(hs_import_run(hs_import_tensorrt, fx("trt_profile.json"), &o,
                                        fx("map_trt_three_op.csv"), g, tpath, &err),
                          0);
    hs_trace *t = hs_trace_load_file(tpath, &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    CU_ASSERT_EQUAL(t->n_ops, 2);
    CU_ASSERT_STRING_EQUAL(t->ops[1].name, "gap");
    CU_ASSERT_STRING_EQUAL(t->ops[1].type, "GlobalAveragePool");
    hs_trace_free(t);
    f = fopen(tpath, "r");
    char text[4096] = "";
    size_t got = f ? fread(text, 1, sizeof text - 1, f) : 0;
    text[got] = '\0';
    if (f)
        fclose(f);
    CU_ASSERT(hs_test_msg_has(text, "\"source\": \"trt_profile.json\"", "count=412", NULL));

    /* and the catalogue picks it up for the device's processor "acc" */
    char data[600];
    snprintf(data, sizeof data, "%s/data", dir);
    const char *old = getenv("HETSIM_DATA");
    char *saved = old ? strdup(old) : NULL;
    setenv("HETSIM_DATA", data, 1);
    hs_device *d = hs_device_load_file(hs_test_fixture("dev_two.json"), &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(d);
    hs_trace **traces = NULL;
    CU_ASSERT_EQUAL(hs_open_traces(d, g, &traces, &err), 0);
    int acc = hs_device_find_proc(d, "acc");
    CU_ASSERT_FATAL(traces && acc >= 0);
    CU_ASSERT_PTR_NOT_NULL(traces[acc]);
    if (traces[acc])
        CU_ASSERT_STRING_EQUAL(traces[acc]->recorded, "imported-tensorrt");
    hs_traces_free(traces, d->n_procs);
    hs_device_free(d);
    if (saved) {
        setenv("HETSIM_DATA", saved, 1);
        free(saved);
    } else {
        unsetenv("HETSIM_DATA");
    }
    hs_graph_free(g);
}

/* ---- small pieces ---- */

static void test_helpers(void)
{
    double v;
    CU_ASSERT_EQUAL(hs_import_parse_number(" 0.594 ", &v), 0);
    CU_ASSERT_EQUAL(v, 0.594);
    CU_ASSERT_EQUAL(hs_import_parse_number("1e3", &v), 0);
    CU_ASSERT_EQUAL(v, 1000);
    const char *bad[] = {"", "nan", "-nan", "inf", "0x10", "1.5ms", "1,5", "--1", "1e999"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        CU_ASSERT_EQUAL(hs_import_parse_number(bad[i], &v), -1);
    CU_ASSERT_EQUAL(hs_import_ms_to_us(0.1006), 100.6);
    CU_ASSERT_EQUAL(hs_import_ms_to_us(0.0122749), 12.2749);
    CU_ASSERT_STRING_EQUAL(hs_tflite_type_to_onnx("DEPTHWISE_CONV_2D"), "Conv");
    CU_ASSERT_PTR_NULL(hs_tflite_type_to_onnx("Convolution (NHWC, F32) IGEMM"));

    /* CSV: quotes, doubled quotes, CRLF, embedded newline, blank lines */
    hs_error err = {0};
    hs_csv c;
    const char *p = hs_test_tmpfile("csv.csv", "a,\"b,c\",\"say \"\"hi\"\"\"\r\n\r\n"
                                               "\"multi\nline\",,x\n");
    CU_ASSERT_EQUAL_FATAL(hs_csv_open(&c, p, &err), 0);
    CU_ASSERT_EQUAL(hs_csv_next(&c, &err), 1);
    CU_ASSERT_EQUAL(c.line, 1);
    CU_ASSERT_EQUAL_FATAL(c.n_fields, 3);
    CU_ASSERT_STRING_EQUAL(c.fields[1], "b,c");
    CU_ASSERT_STRING_EQUAL(c.fields[2], "say \"hi\"");
    CU_ASSERT_EQUAL(hs_csv_next(&c, &err), 1);
    CU_ASSERT_EQUAL(c.line, 3);
    CU_ASSERT_EQUAL_FATAL(c.n_fields, 3);
    CU_ASSERT_STRING_EQUAL(c.fields[0], "multi\nline");
    CU_ASSERT_STRING_EQUAL(c.fields[1], "");
    CU_ASSERT_STRING_EQUAL(c.fields[2], "x");
    CU_ASSERT_EQUAL(hs_csv_next(&c, &err), 0);
    hs_csv_close(&c);
}

/* A layer name repeated: "L", "L#2", "L#3", ...; a natural "L#3" in the
 * table is skipped over; the index finds every op (issue 16: repeats were
 * quadratic, 4000 repeats took 36-51 s). */
static void test_unique_names(void)
{
    hs_error err;
    hs_import_opts o = opts("dev_two", "cpu", "chain3");
    hs_trace *t = hs_import_trace_new(&o, "tensorrt", &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    char u[64];
    CU_ASSERT_EQUAL(hs_import_unique_name(t, "L", u, sizeof u), 0);
    CU_ASSERT_STRING_EQUAL(u, "L");
    CU_ASSERT_EQUAL(hs_import_add_sample(t, u, NULL, 1.0, &err), 0);
    CU_ASSERT_EQUAL(hs_import_add_sample(t, "L#3", NULL, 1.0, &err), 0);
    const char *want[] = {"L#2", "L#4", "L#5"};
    for (int k = 0; k < 3; k++) {
        CU_ASSERT_EQUAL(hs_import_unique_name(t, "L", u, sizeof u), 1);
        CU_ASSERT_STRING_EQUAL(u, want[k]);
        CU_ASSERT_EQUAL(hs_import_add_sample(t, u, NULL, 1.0, &err), 0);
    }
    for (int i = 0; i < 4000; i++) {
        CU_ASSERT_EQUAL(hs_import_unique_name(t, "L", u, sizeof u), 1);
        CU_ASSERT_EQUAL_FATAL(hs_import_add_sample(t, u, NULL, 1.0, &err), 0);
    }
    CU_ASSERT_STRING_EQUAL(u, "L#4005");
    CU_ASSERT_EQUAL(t->n_ops, 4005);
    CU_ASSERT_EQUAL(hs_import_find_op(t, "L#3"), 1);
    CU_ASSERT_EQUAL(hs_import_find_op(t, "L#4005"), 4004);
    CU_ASSERT_EQUAL(hs_import_find_op(t, "L#4006"), -1);
    hs_trace_free(t);
}

/* hs_trace_validate finds a repeated (name, fraction) through its index and
 * names the first two ops; the same name at another fraction is fine. */
static void test_validate_duplicates(void)
{
    hs_error err;
    hs_import_opts o = opts("dev_two", "cpu", "chain3");
    hs_trace *t = hs_import_trace_new(&o, "tensorrt", &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    CU_ASSERT_EQUAL(hs_import_add_sample(t, "a", NULL, 1.0, &err), 0);
    CU_ASSERT_EQUAL(hs_import_add_sample(t, "b", NULL, 1.0, &err), 0);
    CU_ASSERT_EQUAL(hs_import_add_sample(t, "c", NULL, 1.0, &err), 0);
    t->ops[1].fraction = 0.5; /* "b" at 0.5 */
    CU_ASSERT_EQUAL(hs_trace_validate(t, &err), 0);
    free(t->ops[2].name);
    t->ops[2].name = strdup("b"); /* "b" at 1 beside "b" at 0.5: fine */
    CU_ASSERT_EQUAL(hs_trace_validate(t, &err), 0);
    t->ops[2].fraction = 0.5; /* now twice at 0.5 */
    CU_ASSERT_EQUAL(hs_trace_validate(t, &err), -1);
    HS_ASSERT_MSG(err, "op \"b\" at fraction 0.5 appears twice (ops 1 and 2)", "");
    hs_trace_free(t);
}

static void test_band_config(void)
{
    /* the scheduler map of docs/policies.md */
    CU_ASSERT_STRING_EQUAL(hs_band_policy("heft"), "band:heft");
    CU_ASSERT_STRING_EQUAL(hs_band_policy("round_robin"), "band:rr");
    CU_ASSERT_STRING_EQUAL(hs_band_policy("shortest_expected_latency"), "band:sel");
    CU_ASSERT_STRING_EQUAL(hs_band_policy("least_slack_time_first"), "band:lst");
    CU_ASSERT_STRING_EQUAL(hs_band_policy("fixed_worker"), "band:fixed");
    CU_ASSERT_PTR_NULL(hs_band_policy("heft_reserved"));
    CU_ASSERT_PTR_NULL(hs_band_policy("fixed_worker_global_queue"));
    CU_ASSERT_PTR_NULL(hs_band_policy("nonsense"));
    /* by hand: period 40 ms -> 25 fps, 1000 ms running -> 25 frames, slo 50000 us ->
     * 50 ms; the second model's period from the top-level 8 ms -> 125 fps, 125 frames */
    const char *cfg = hs_test_tmpfile(
        "band.json", "{\"schedulers\": [\"least_slack_time_first\"], \"period_ms\": 8,"
                     " \"running_time_ms\": 1000, \"models\": ["
                     "{\"graph\": \"/sd/a.tflite\", \"period_ms\": 40, \"slo_us\": 50000},"
                     "{\"graph\": \"b.tflite\"}]}");
    char map[2048];
    snprintf(map, sizeof map, "a=%s/chain3.json,b.tflite=%s/forkjoin.json", HS_TEST_FIXTURES,
             HS_TEST_FIXTURES);
    hs_band_import_opts o = {.models = map, .name = "t"};
    hs_band_import im;
    hs_error err;
    CU_ASSERT_EQUAL_FATAL(hs_band_import_file(cfg, &o, &im, &err), 0);
    CU_ASSERT_STRING_EQUAL(im.policy, "band:lst");
    CU_ASSERT_STRING_EQUAL(im.ignored, "");
    cJSON *doc = cJSON_Parse(im.json);
    CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
    const cJSON *wl = cJSON_GetObjectItem(doc, "workload");
    CU_ASSERT_EQUAL(cJSON_GetArraySize(wl), 2);
    const cJSON *a = cJSON_GetArrayItem(wl, 0), *b = cJSON_GetArrayItem(wl, 1);
    CU_ASSERT(strstr(cJSON_GetObjectItem(a, "model")->valuestring, "chain3.json") != NULL);
    CU_ASSERT_DOUBLE_EQUAL(cJSON_GetObjectItem(cJSON_GetObjectItem(a, "arrival"), "fps")->valuedouble,
                           25, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(cJSON_GetObjectItem(a, "frames")->valuedouble, 25, 0);
    CU_ASSERT_DOUBLE_EQUAL(cJSON_GetObjectItem(a, "slo_ms")->valuedouble, 50, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(cJSON_GetObjectItem(cJSON_GetObjectItem(b, "arrival"), "fps")->valuedouble,
                           125, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(cJSON_GetObjectItem(b, "frames")->valuedouble, 125, 0);
    CU_ASSERT_PTR_NULL(cJSON_GetObjectItem(b, "slo_ms"));
    cJSON_Delete(doc);
    free(im.json);
    /* --frames wins; an unused --models entry is an error */
    o.frames = 7;
    CU_ASSERT_EQUAL_FATAL(hs_band_import_file(cfg, &o, &im, &err), 0);
    CU_ASSERT(strstr(im.json, "\"frames\":\t7") != NULL);
    free(im.json);
    snprintf(map, sizeof map, "a=%s/chain3.json,b=%s/forkjoin.json,c=x", HS_TEST_FIXTURES,
             HS_TEST_FIXTURES);
    CU_ASSERT_EQUAL(hs_band_import_file(cfg, &o, &im, &err), -1);
    HS_ASSERT_MSG(err, "--models: \"c\" names no graph");
    CU_ASSERT_PTR_NULL(im.json);
}

int hs_suite_importers(void)
{
    CU_pSuite s = CU_add_suite("importers", NULL, NULL);
    if (!s)
        return -1;
    if (!CU_add_test(s, "trace writer round trip", test_write_round_trip) ||
        !CU_add_test(s, "Band configuration by hand", test_band_config) ||
        !CU_add_test(s, "trace writer exact, deterministic text", test_write_exact_text) ||
        !CU_add_test(s, "trace writer refuses what the loader rejects", test_write_rejects) ||
        !CU_add_test(s, "TFLite benchmark_model op profiling", test_tflite) ||
        !CU_add_test(s, "TFLite XNNPACK delegate rows", test_tflite_xnnpack) ||
        !CU_add_test(s, "TFLite duplicates, counts, summary, cut tables", test_tflite_inline) ||
        !CU_add_test(s, "malformed fixtures of every importer", test_malformed_files) ||
        !CU_add_test(s, "ONNX Runtime profile", test_onnxruntime) ||
        !CU_add_test(s, "ONNX Runtime runs, providers, bad events", test_onnxruntime_inline) ||
        !CU_add_test(s, "TensorRT exportProfile", test_tensorrt) ||
        !CU_add_test(s, "qed CSV selection", test_qed) ||
        !CU_add_test(s, "rename map and model graph check", test_map_and_graph) ||
        !CU_add_test(s, "import pipeline: atomic output, catalogue lookup", test_pipeline) ||
        !CU_add_test(s, "numbers, units, op types, CSV", test_helpers) ||
        !CU_add_test(s, "repeated layer names made unique", test_unique_names) ||
        !CU_add_test(s, "trace validation finds duplicates", test_validate_duplicates))
        return -1;
    return 0;
}
