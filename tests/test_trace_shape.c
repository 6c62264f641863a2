/* Trace ops matched by name and by the cost they were recorded at: samples
 * recorded for an op are scaled by model(op now) / model(op as recorded) when
 * a frontend transform (channel pruning) changed the op, never replayed as
 * they are (hand-worked on tests/fixtures/profiles/fitted.json); traces carry
 * the recorded cost through a write/read round trip and the loader rejects
 * partial costs; the shipped synthesized traces agree with the profiles'
 * latency models, and a pruned ResNet-50 on the Xiaomi Mi 9 GPU reads the
 * fitted model's figures through its trace. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "devices/profile.h"
#include "devices/support.h"
#include "sim/estimator.h"
#include "traces/graph.h"
#include "sim/latency.h"
#include "traces/trace.h"
#include "traces/trace_write.h"
#include "tests/test_util.h"

#ifndef HS_SRCDIR
#define HS_SRCDIR "."
#endif

static hs_device *fixture_device(void)
{
    hs_error err;
    hs_device *d = hs_device_load_file(hs_test_fixture("profiles/fitted.json"), &err);
    if (!d)
        fprintf(stderr, "\n%s\n", err.msg);
    return d;
}

/* x (1x16x16x16) -> conv1 1x1 16->32 -> conv2 1x1 32->32 -> y */
static hs_graph *two_convs(void)
{
    hs_error err;
    hs_graph *g = hs_graph_new("two");
    int64_t in[4] = {1, 16, 16, 16};
    int64_t out[1][HS_MAX_RANK] = {{1, 32, 16, 16}};
    int rank[1] = {4};
    const char *x[1] = {"x"}, *h[1] = {"h"}, *y[1] = {"y"};
    hs_op_attrs a = hs_op_attrs_default();
    a.kernel_h = a.kernel_w = 1;
    if (hs_graph_add_input(g, "x", 4, in, &err) < 0 ||
        hs_graph_add_op(g, "conv1", "Conv", 1, x, 1, h, rank,
                        (const int64_t(*)[HS_MAX_RANK])out, &a, &err) < 0 ||
        hs_graph_add_op(g, "conv2", "Conv", 1, h, 1, y, rank,
                        (const int64_t(*)[HS_MAX_RANK])out, &a, &err) < 0 ||
        hs_graph_add_output(g, "y", &err) < 0 || hs_graph_finalize(g, &err) < 0) {
        fprintf(stderr, "\n%s\n", err.msg);
        hs_graph_free(g);
        return NULL;
    }
    return g;
}

/* A trace op recorded for `op` with the given samples. */
static void record(hs_trace_op *to, const hs_op *op, int n, const double *samples,
                   double fraction)
{
    to->name = strdup(op->name);
    to->type = strdup(op->type);
    to->fraction = fraction;
    to->n = n;
    to->samples_us = malloc((size_t)n * sizeof *to->samples_us);
    memcpy(to->samples_us, samples, (size_t)n * sizeof *samples);
    to->has_shape = 1;
    to->flops = op->flops;
    to->in_elems = op->in_elems;
    to->out_elems = op->out_elems;
    to->weight_elems = op->weight_elems;
}

static hs_trace *new_trace(int n_ops)
{
    hs_trace *t = calloc(1, sizeof *t);
    t->device = strdup("fitted");
    t->model = strdup("two");
    t->processor = strdup("cpu");
    t->recorded = strdup("native");
    t->generator = strdup("");
    t->dtype = HS_DT_FP32;
    t->ops = calloc((size_t)n_ops, sizeof *t->ops);
    t->n_ops = n_ops;
    return t;
}

static void test_pruned_conv_by_hand(void)
{
    hs_device *d = fixture_device();
    hs_graph *g = two_convs();
    CU_ASSERT_PTR_NOT_NULL_FATAL(d);
    CU_ASSERT_PTR_NOT_NULL_FATAL(g);
    const hs_processor *cpu = &d->procs[0];
    /* recorded (unpruned) conv1: 2*32*256*16 = 262144 FLOPs; 4096 in, 8192 out,
     * 32*16 + 32 = 544 weight elements -> 12832 * 4 B = 0.051328 MB in fp32 */
    hs_op *c1 = &g->ops[hs_graph_find_op(g, "conv1")];
    CU_ASSERT_DOUBLE_EQUAL(c1->flops, 262144, 1e-9);
    CU_ASSERT_EQUAL(c1->in_elems, 4096);
    CU_ASSERT_EQUAL(c1->out_elems, 8192);
    CU_ASSERT_EQUAL(c1->weight_elems, 544);
    hs_trace *t = new_trace(3);
    const double s1[2] = {100, 120}, s2[1] = {80}, half[1] = {60};
    record(&t->ops[0], c1, 2, s1, 1.0);
    record(&t->ops[1], &g->ops[hs_graph_find_op(g, "conv2")], 1, s2, 1.0);
    record(&t->ops[2], c1, 1, half, 0.5);

    /* the op as recorded: samples replayed as they are */
    hs_op_latency l;
    hs_op_latency_init(&l, cpu, c1, HS_DT_FP32, t);
    CU_ASSERT_EQUAL(l.src, HS_SRC_TRACE);
    CU_ASSERT_DOUBLE_EQUAL(l.scale, 1.0, 0);
    CU_ASSERT_EQUAL(hs_op_latency_next(&l, HS_TRACE_REPLAY, NULL), 100000);
    CU_ASSERT_EQUAL(hs_op_latency_next(&l, HS_TRACE_REPLAY, NULL), 120000);
    CU_ASSERT_DOUBLE_EQUAL(hs_op_latency_mean_ns(&l), 110000, 1e-6);

    /* prune half of the inner channels: conv1 16 -> 16 on 16x16:
     * 2*16*256*16 = 131072 FLOPs, 4096 in + 4096 out + 16*16 + 16 = 272 weights */
    hs_error err;
    CU_ASSERT_EQUAL_FATAL(hs_graph_prune_channels(g, 0.5, &err), 0);
    c1 = &g->ops[hs_graph_find_op(g, "conv1")];
    CU_ASSERT_DOUBLE_EQUAL(c1->flops, 131072, 1e-9);
    CU_ASSERT_EQUAL(c1->out_elems, 4096);
    CU_ASSERT_EQUAL(c1->weight_elems, 272);
    /* fitted conv1x1 on the cpu: 10 + 2 * MFLOP + 5 * MB (us)
     *   as recorded: 10 + 2 * 0.262144 + 5 * 0.051328 = 10.780928
     *   now:         10 + 2 * 0.131072 + 5 * 0.033856 = 10.431424
     * scale 10.431424 / 10.780928 = 0.967580751... (the FLOPs ratio, 0.5,
     * would ignore the fixed overhead that dominates so small an op) */
    double scale = 10.431424 / 10.780928;
    CU_ASSERT_DOUBLE_EQUAL(hs_trace_shape_scale(cpu, c1, &t->ops[0], HS_DT_FP32), scale, 1e-12);
    hs_op_latency_init(&l, cpu, c1, HS_DT_FP32, t);
    CU_ASSERT_EQUAL(l.src, HS_SRC_TRACE);
    CU_ASSERT_EQUAL(hs_op_latency_next(&l, HS_TRACE_REPLAY, NULL), 96758); /* 100 us * scale */
    CU_ASSERT_EQUAL(hs_op_latency_next(&l, HS_TRACE_REPLAY, NULL), 116110); /* 120 us * scale */
    CU_ASSERT_DOUBLE_EQUAL(hs_op_latency_mean_ns(&l), 110000 * scale, 1e-6);

    /* conv2 keeps its 32 outputs (it makes the graph output) but reads 16
     * channels: recorded 2*32*256*32 = 524288 FLOPs, 8192 + 8192 + 1056
     * elements (0.06976 MB) -> 10 + 1.048576 + 0.3488 = 11.397376 us; now
     * 262144 FLOPs, 4096 + 8192 + 544 (0.051328 MB) -> 10.780928 us */
    hs_op *c2 = &g->ops[hs_graph_find_op(g, "conv2")];
    hs_op_latency_init(&l, cpu, c2, HS_DT_FP32, t);
    CU_ASSERT_DOUBLE_EQUAL(l.scale, 10.780928 / 11.397376, 1e-12);
    CU_ASSERT_EQUAL(hs_op_latency_next(&l, HS_TRACE_REPLAY, NULL), 75673); /* 80 us * scale */

    /* a split part recorded at fraction 0.5 takes the whole op's ratio */
    hs_part_latency_init(&l, cpu, c1, HS_DT_FP32, t, 0.5, HS_SPLIT_OUT_C);
    CU_ASSERT_EQUAL(l.src, HS_SRC_TRACE);
    CU_ASSERT_EQUAL(hs_op_latency_next(&l, HS_TRACE_REPLAY, NULL), 58055); /* 60 us * scale */

    /* a trace that does not say what its ops cost is replayed by name */
    t->ops[0].has_shape = 0;
    hs_op_latency_init(&l, cpu, c1, HS_DT_FP32, t);
    CU_ASSERT_DOUBLE_EQUAL(l.scale, 1.0, 0);
    CU_ASSERT_EQUAL(hs_op_latency_next(&l, HS_TRACE_REPLAY, NULL), 100000);
    hs_trace_free(t);
    hs_graph_free(g);
    hs_device_free(d);
}

static void test_roofline_and_views(void)
{
    hs_device *d = fixture_device();
    CU_ASSERT_PTR_NOT_NULL_FATAL(d);
    const hs_processor *cpu = &d->procs[0];
    /* MaxPool: the fixture's cpu has no pool model -> roofline: 100 GFLOP/s *
     * 0.5 efficiency, 10 GB/s, 5 us launch.
     *   recorded 1 MFLOP, 400000 in + 100000 out (2 MB fp32):
     *     max(20 us, 200 us) + 5 = 205 us
     *   now 0.7 MFLOP, 280000 + 70000 (1.4 MB): max(14, 140) + 5 = 145 us */
    hs_op op;
    memset(&op, 0, sizeof op);
    op.name = "pool";
    op.type = "MaxPool";
    op.type_id = HS_OP_MAX_POOL;
    op.attrs = hs_op_attrs_default();
    op.flops = 0.7e6;
    op.in_elems = 280000;
    op.out_elems = 70000;
    hs_trace_op to;
    memset(&to, 0, sizeof to);
    double sample = 41;
    to.name = "pool";
    to.fraction = 1;
    to.n = 1;
    to.samples_us = &sample;
    to.has_shape = 1;
    to.flops = 1e6;
    to.in_elems = 400000;
    to.out_elems = 100000;
    CU_ASSERT(hs_fitted_ns(cpu, &op, HS_DT_FP32) < 0);
    CU_ASSERT_DOUBLE_EQUAL(hs_roofline_ns(cpu, &op, HS_DT_FP32), 145000, 1e-6);
    CU_ASSERT_DOUBLE_EQUAL(hs_trace_shape_scale(cpu, &op, &to, HS_DT_FP32), 145.0 / 205.0,
                           1e-12);
    hs_op_latency l;
    hs_op_latency_init(&l, cpu, &op, HS_DT_FP32, NULL);
    CU_ASSERT_EQUAL(l.src, HS_SRC_ROOFLINE);
    CU_ASSERT_EQUAL(hs_op_latency_use_trace(&l, cpu, &op, HS_DT_FP32, &to), 0);
    CU_ASSERT_EQUAL(hs_op_latency_next(&l, HS_TRACE_REPLAY, NULL), 29000); /* 41 * 145/205 */

    /* a view op recorded at another size: nothing to scale from, so its
     * samples do not stand for it and it keeps its model (0 ns) */
    op.type = "Reshape";
    op.type_id = HS_OP_RESHAPE;
    CU_ASSERT_DOUBLE_EQUAL(hs_trace_shape_scale(cpu, &op, &to, HS_DT_FP32), -1, 0);
    hs_op_latency_init(&l, cpu, &op, HS_DT_FP32, NULL);
    CU_ASSERT_EQUAL(hs_op_latency_use_trace(&l, cpu, &op, HS_DT_FP32, &to), -1);
    CU_ASSERT_EQUAL(l.src, HS_SRC_ROOFLINE);
    CU_ASSERT_EQUAL(hs_op_latency_next(&l, HS_TRACE_REPLAY, NULL), 0);
    hs_device_free(d);
}

static void test_format_round_trip(void)
{
    hs_error err;
    hs_graph *g = two_convs();
    CU_ASSERT_PTR_NOT_NULL_FATAL(g);
    hs_trace *t = new_trace(2);
    const double s[2] = {1.5, 2.5};
    record(&t->ops[0], &g->ops[0], 2, s, 1.0);
    record(&t->ops[1], &g->ops[1], 2, s, 1.0);
    t->ops[1].has_shape = 0;
    const char *p = hs_test_tmpfile("shape_trace.json", "");
    CU_ASSERT_EQUAL_FATAL(hs_trace_write_file(t, NULL, p, &err), 0);
    hs_trace *back = hs_trace_load_file(p, &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(back);
    CU_ASSERT_EQUAL(back->ops[0].has_shape, 1);
    CU_ASSERT_DOUBLE_EQUAL(back->ops[0].flops, 262144, 0);
    CU_ASSERT_EQUAL(back->ops[0].in_elems, 4096);
    CU_ASSERT_EQUAL(back->ops[0].out_elems, 8192);
    CU_ASSERT_EQUAL(back->ops[0].weight_elems, 544);
    CU_ASSERT_EQUAL(back->ops[1].has_shape, 0);
    hs_trace_free(back);
    /* a negative cost is not written */
    t->ops[0].out_elems = -1;
    CU_ASSERT_NOT_EQUAL(hs_trace_write_file(t, NULL, p, &err), 0);
    HS_ASSERT_MSG(err, "conv1", "non-negative recorded cost");
    hs_trace_free(t);
    hs_graph_free(g);

    /* the loader wants all four cost keys or none, each a number in range */
    static const struct {
        const char *op, *want;
    } bad[] = {
        {"{\"name\":\"a\",\"flops\":10,\"in_elems\":1,\"out_elems\":1,\"samples_us\":[1]}",
         "expected flops, in_elems, out_elems and weight_elems together"},
        {"{\"name\":\"a\",\"flops\":-1,\"in_elems\":1,\"out_elems\":1,\"weight_elems\":0,"
         "\"samples_us\":[1]}",
         "flops"},
        {"{\"name\":\"a\",\"flops\":1,\"in_elems\":1.5,\"out_elems\":1,\"weight_elems\":0,"
         "\"samples_us\":[1]}",
         "in_elems"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char text[512];
        snprintf(text, sizeof text,
                 "{\"format\":\"hetsim-trace\",\"version\":1,\"device\":\"d\",\"model\":\"m\","
                 "\"processor\":\"cpu\",\"dtype\":\"fp32\",\"recorded\":\"native\",\"ops\":[%s]}",
                 bad[i].op);
        const char *f = hs_test_tmpfile("bad_shape_trace.json", text);
        hs_trace *x = hs_trace_load_file(f, &err);
        CU_ASSERT_PTR_NULL(x);
        hs_trace_free(x);
        HS_ASSERT_MSG(err, "$.ops[0]", bad[i].want);
    }
}

/* ---- shipped data ---- */

static const char *const devices[] = {"xiaomi-mi9",   "xiaomi-mi6",   "xiaomi-mi11-pro",
                                      "xiaomi-13",    "huawei-mate30", "samsung-s10",
                                      "samsung-a03s", "jetson-xavier-nx", NULL};
static const char *const models[] = {"resnet50", "vgg16",   "mobilenet-v2", "inception-v3",
                                     "yolov2",   "posenet", "fast-style-transfer",
                                     "bert-base", NULL};

static hs_graph *shipped_model(const char *name)
{
    char p[1024];
    hs_error err;
    snprintf(p, sizeof p, "%s/traces/models/%s.json", HS_SRCDIR, name);
    hs_graph *g = hs_graph_load_file(p, &err);
    if (!g)
        fprintf(stderr, "\n%s\n", err.msg);
    return g;
}

static hs_trace *shipped_trace(const char *dev, const char *model, const char *proc)
{
    char p[1024];
    hs_error err;
    snprintf(p, sizeof p, "%s/traces/%s/%s/%s.json", HS_SRCDIR, dev, model, proc);
    if (access(p, R_OK) != 0)
        return NULL;
    hs_trace *t = hs_trace_load_file(p, &err);
    if (!t)
        fprintf(stderr, "\n%s\n", err.msg);
    CU_ASSERT_PTR_NOT_NULL(t);
    return t;
}

/* Every synthesized trace is the profile's latency model with noise: each
 * op's recorded cost is the zoo graph's, and its mean is within 5 % of the
 * model (16 samples at cv <= 3.3 %: 6 standard errors); every processor that
 * can run a model has its trace, named after the processor. */
static void test_shipped_traces_follow_models(void)
{
    int checked = 0, stale = 0;
    for (int i = 0; devices[i]; i++) {
        char p[1024];
        hs_error err;
        snprintf(p, sizeof p, "%s/devices/%s.json", HS_SRCDIR, devices[i]);
        hs_device *d = hs_device_load_file(p, &err);
        CU_ASSERT_PTR_NOT_NULL_FATAL(d);
        for (int m = 0; models[m]; m++) {
            hs_graph *g = shipped_model(models[m]);
            CU_ASSERT_PTR_NOT_NULL_FATAL(g);
            for (int k = 0; k < d->n_procs; k++) {
                const hs_processor *pr = &d->procs[k];
                hs_dtype dt;
                hs_trace *t = shipped_trace(d->name, g->name, pr->name);
                if (hs_exec_dtype(pr, g->dtype, &dt) < 0) {
                    CU_ASSERT_PTR_NULL(t);
                    hs_trace_free(t);
                    continue;
                }
                CU_ASSERT_PTR_NOT_NULL(t);
                if (!t || strcmp(t->recorded, "synthesized") != 0) {
                    hs_trace_free(t);
                    continue;
                }
                CU_ASSERT_EQUAL(t->dtype, dt);
                for (int j = 0; j < t->n_ops; j++) {
                    const hs_trace_op *to = &t->ops[j];
                    int o = hs_graph_find_op(g, to->name);
                    CU_ASSERT_FATAL(o >= 0);
                    CU_ASSERT_EQUAL(hs_trace_shape_scale(pr, &g->ops[o], to, dt), 1.0);
                    hs_op_latency l;
                    hs_op_latency_init(&l, pr, &g->ops[o], dt, NULL);
                    double mean = 0;
                    for (int s = 0; s < to->n; s++)
                        mean += to->samples_us[s] / to->n;
                    double want = l.model_ns / 1e3;
                    if (fabs(mean - want) > 0.05 * want + 0.002) {
                        if (++stale <= 5)
                            fprintf(stderr, "\n%s/%s/%s: op %s: trace mean %.3f us, model %.3f us",
                                    d->name, g->name, pr->name, to->name, mean, want);
                    }
                    checked++;
                }
                hs_trace_free(t);
            }
            hs_graph_free(g);
        }
        hs_device_free(d);
    }
    CU_ASSERT(checked > 10000);
    CU_ASSERT_EQUAL(stale, 0);
}

/* ResNet-50 pruned by 30 % on the Mi 9 GPU: every op read through the
 * (unpruned) trace lands within 1 % of the fitted estimate of the pruned op
 * (the trace is that model with 0.25 % noise), and the convolutions no longer
 * cost what the unpruned ones did. */
static void test_pruned_resnet50_mi9_gpu(void)
{
    char p[1024];
    hs_error err;
    snprintf(p, sizeof p, "%s/devices/xiaomi-mi9.json", HS_SRCDIR);
    hs_device *d = hs_device_load_file(p, &err);
    hs_graph *g = shipped_model("resnet50");
    CU_ASSERT_PTR_NOT_NULL_FATAL(d);
    CU_ASSERT_PTR_NOT_NULL_FATAL(g);
    int k = hs_device_find_proc(d, "gpu");
    CU_ASSERT_FATAL(k >= 0);
    hs_trace *t = shipped_trace(d->name, "resnet50", "gpu");
    CU_ASSERT_PTR_NOT_NULL_FATAL(t);
    double unpruned = 0;
    for (int i = 0; i < t->n_ops; i++)
        for (int s = 0; s < t->ops[i].n; s++)
            unpruned += t->ops[i].samples_us[s] / t->ops[i].n;
    CU_ASSERT_EQUAL_FATAL(hs_graph_prune_channels(g, 0.3, &err), 0);
    double traced = 0, fitted = 0;
    int scaled = 0;
    for (int i = 0; i < g->n_ops; i++) {
        const hs_op *op = &g->ops[i];
        if (!hs_supports(&d->procs[k], g, op, t->dtype, NULL, 0))
            continue;
        hs_op_latency l;
        hs_op_latency_init(&l, &d->procs[k], op, t->dtype, t);
        if (l.src != HS_SRC_TRACE)
            continue;
        scaled += l.scale != 1.0;
        double m = hs_op_latency_mean_ns(&l);
        CU_ASSERT(fabs(m - l.model_ns) <= 0.01 * l.model_ns + 1);
        traced += m / 1e3;
        fitted += l.model_ns / 1e3;
    }
    CU_ASSERT(scaled > 50);
    CU_ASSERT(fabs(traced - fitted) < 0.005 * fitted);
    CU_ASSERT(traced < 0.8 * unpruned); /* pruning shows in the trace-based latency */
    hs_trace_free(t);
    hs_graph_free(g);
    hs_device_free(d);
}

int hs_suite_trace_shape(void)
{
    CU_pSuite s = CU_add_suite("trace shape", NULL, NULL);
    if (!s || !CU_add_test(s, "pruned conv scaled by the fitted model", test_pruned_conv_by_hand) ||
        !CU_add_test(s, "roofline scaling and view ops", test_roofline_and_views) ||
        !CU_add_test(s, "recorded cost in the trace format", test_format_round_trip) ||
        !CU_add_test(s, "shipped traces follow the profiles' models",
                     test_shipped_traces_follow_models) ||
        !CU_add_test(s, "pruned ResNet-50 on the Mi 9 GPU", test_pruned_resnet50_mi9_gpu))
        return -1;
    return 0;
}
