/* The native executor (native/): kernels against references worked
 * out by hand or computed here with plain loops, OpenCL against the CPU
 * (whole ops and slices along out_c and height that assemble to the whole),
 * and every error path. Tests needing OpenCL print a note and pass when no
 * OpenCL device is present. Tolerance (docs/native.md): max |difference| <=
 * 1e-4 * max(1, max |reference|) for fp32. */
#include "config.h"

#include <CUnit/CUnit.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "native/native_internal.h"
#include "tests/test_util.h"

#define TOL 1e-4

static hs_native_backend *cpu_backend(int threads)
{
    hs_error err = {0};
    hs_native_cpu_opts o = {0, threads};
    hs_native_backend *b = hs_native_cpu_new(&o, &err);
    if (!b)
        printf("\n  note: %s\n", err.msg);
    return b;
}

static int cl_missing_noted;
static hs_native_backend *cl_backend(void)
{
    hs_error err = {0};
    hs_native_cl_opts o = {-1, -1, 0};
    hs_native_backend *b = hs_native_opencl_new(&o, &err);
    if (!b && !cl_missing_noted++)
        printf("\n  note: OpenCL tests skipped: %s\n", err.msg);
    return b;
}

/* max |x - y| relative to max(1, max |y|) */
static double rel_diff(const float *x, const float *y, int64_t n)
{
    double d = 0, mx = 1;
    for (int64_t i = 0; i < n; i++) {
        double e = fabs((double)x[i] - y[i]);
        if (!(e <= d)) /* NaN counts as a difference */
            d = isnan(e) ? INFINITY : e;
        mx = fabs(y[i]) > mx ? fabs(y[i]) : mx;
    }
    return d / mx;
}

/* a one-op graph: input x of shape xs, op `type` with attrs, output shape ys */
static hs_graph *one_op(const char *type, int xr, const int64_t *xs, int yr, const int64_t *ys,
                        const hs_op_attrs *at, int64_t weight_elems)
{
    hs_error err = {0};
    hs_graph *g = hs_graph_new("one");
    const char *in[] = {"x"}, *out[] = {"y"};
    int64_t shp[1][HS_MAX_RANK] = {{0}};
    for (int i = 0; i < yr; i++)
        shp[0][i] = ys[i];
    hs_op_attrs a = at ? *at : hs_op_attrs_default();
    int ok = hs_graph_add_input(g, "x", xr, xs, &err) >= 0;
    int op = ok ? hs_graph_add_op(g, "op", type, 1, in, 1, out, &yr, shp, &a, &err) : -1;
    if (op >= 0 && weight_elems) {
        g->ops[op].weight_elems = weight_elems;
        g->ops[op].weights_given = 1;
    }
    if (op < 0 || hs_graph_add_output(g, "y", &err) || hs_graph_finalize(g, &err)) {
        printf("\n  graph: %s\n", err.msg);
        hs_graph_free(g);
        return NULL;
    }
    return g;
}

/* 3x3 conv, pad 1, all-ones weights, zero bias on x = 1..16 (4x4):
 * corner (0,0) = 1+2+5+6 = 14, edge (0,1) = 1+2+3+5+6+7 = 24,
 * centre (1,1) = 1+2+3+5+6+7+9+10+11 = 54, corner (3,3) = 11+12+15+16 = 54. */
static void test_conv3x3_by_hand(void)
{
    int64_t s[4] = {1, 1, 4, 4};
    hs_op_attrs a = hs_op_attrs_default();
    a.kernel_h = a.kernel_w = 3;
    a.pads[0] = a.pads[1] = a.pads[2] = a.pads[3] = 1;
    hs_graph *g = one_op("Conv", 4, s, 4, s, &a, 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(g);
    hs_error err = {0};
    hs_native_model *m = hs_native_model_new(g, 7, &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(m);
    CU_ASSERT_EQUAL(m->info[0].w_elems, 9);
    CU_ASSERT_EQUAL(m->info[0].bias_elems, 1);
    for (int i = 0; i < 9; i++)
        m->weights[0][i] = 1.0f;
    m->weights[0][9] = 0.0f;
    float *x = hs_native_host(m, 0);
    for (int i = 0; i < 16; i++)
        x[i] = (float)(i + 1);
    const float want[16] = {14, 24, 30, 22, 33, 54, 63, 45, 57, 90, 99, 69, 46, 72, 78, 54};
    hs_native_backend *bs[2] = {cpu_backend(2), cl_backend()};
    for (int k = 0; k < 2; k++) {
        if (!bs[k])
            continue;
        CU_ASSERT_EQUAL_FATAL(hs_native_bind(bs[k], m, &err), 0);
        int y = g->ops[0].out[0];
        memset(hs_native_host(m, y), 0, 16 * sizeof(float));
        CU_ASSERT_EQUAL(hs_native_transfer(bs[k], 0, HS_TO_DEVICE, HS_SPLIT_NONE, 0, 1, &err), 0);
        CU_ASSERT_EQUAL(hs_native_run_op(bs[k], 0, HS_SPLIT_NONE, 0, 1, &err), 0);
        CU_ASSERT_EQUAL(hs_native_finish(bs[k], &err), 0);
        CU_ASSERT_EQUAL(hs_native_transfer(bs[k], y, HS_TO_HOST, HS_SPLIT_NONE, 0, 1, &err), 0);
        for (int i = 0; i < 16; i++)
            CU_ASSERT_DOUBLE_EQUAL(hs_native_host(m, y)[i], want[i], 1e-4);
        hs_native_backend_free(bs[k]);
    }
    hs_native_model_free(m);
    hs_graph_free(g);
}

/* 1x1 conv to 2 channels, weights (2, -1), biases (0.5, 0): y0 = 2x + 0.5, y1 = -x;
 * run as two halves along out_c (channel 0, then channel 1) */
static void test_conv1x1_by_hand(void)
{
    int64_t s[4] = {1, 1, 4, 4}, ys[4] = {1, 2, 4, 4};
    hs_graph *g = one_op("Conv", 4, s, 4, ys, NULL, 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(g);
    hs_error err = {0};
    hs_native_model *m = hs_native_model_new(g, 7, &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(m);
    float *w = m->weights[0];
    w[0] = 2, w[1] = -1, w[2] = 0.5f, w[3] = 0;
    for (int i = 0; i < 16; i++)
        hs_native_host(m, 0)[i] = (float)(i + 1);
    hs_native_backend *bs[2] = {cpu_backend(1), cl_backend()};
    int y = g->ops[0].out[0];
    for (int k = 0; k < 2; k++) {
        if (!bs[k])
            continue;
        CU_ASSERT_EQUAL_FATAL(hs_native_bind(bs[k], m, &err), 0);
        memset(hs_native_host(m, y), 0, 32 * sizeof(float));
        hs_native_transfer(bs[k], 0, HS_TO_DEVICE, HS_SPLIT_NONE, 0, 1, &err);
        CU_ASSERT_EQUAL(hs_native_run_op(bs[k], 0, HS_SPLIT_OUT_C, 0, 0.5, &err), 0);
        hs_native_finish(bs[k], &err);
        hs_native_transfer(bs[k], y, HS_TO_HOST, HS_SPLIT_OUT_C, 0, 0.5, &err);
        const float *o = hs_native_host(m, y);
        CU_ASSERT_DOUBLE_EQUAL(o[0], 2.5, 1e-6);
        CU_ASSERT_DOUBLE_EQUAL(o[15], 32.5, 1e-6);
        CU_ASSERT_DOUBLE_EQUAL(o[16], 0.0, 1e-6); /* second half not computed yet */
        CU_ASSERT_EQUAL(hs_native_run_op(bs[k], 0, HS_SPLIT_OUT_C, 0.5, 1, &err), 0);
        hs_native_finish(bs[k], &err);
        hs_native_transfer(bs[k], y, HS_TO_HOST, HS_SPLIT_OUT_C, 0.5, 1, &err);
        CU_ASSERT_DOUBLE_EQUAL(o[16], -1.0, 1e-6);
        CU_ASSERT_DOUBLE_EQUAL(o[31], -16.0, 1e-6);
        hs_native_backend_free(bs[k]);
    }
    hs_native_model_free(m);
    hs_graph_free(g);
}

/* run the whole fixture graph on the CPU; returns the model */
static hs_native_model *fixture_on_cpu(hs_graph **gp, hs_native_backend *cpu)
{
    hs_error err = {0};
    hs_graph *g = hs_graph_load_file(hs_test_fixture("native_ops.json"), &err);
    if (!g) {
        printf("\n  %s\n", err.msg);
        return NULL;
    }
    hs_native_model *m = hs_native_model_new(g, 11, &err);
    if (!m || hs_native_bind(cpu, m, &err)) {
        printf("\n  %s\n", err.msg);
        hs_native_model_free(m);
        hs_graph_free(g);
        return NULL;
    }
    for (int k = 0; k < g->n_ops; k++)
        if (hs_native_run_op(cpu, g->topo[k], HS_SPLIT_NONE, 0, 1, &err)) {
            printf("\n  %s\n", err.msg);
            break;
        }
    *gp = g;
    return m;
}

#define OUT(m, g, op) hs_native_host((m), (g)->ops[op].out[0])
#define OUT_N(g, op) ((g)->tensors[(g)->ops[op].out[0]].elems)

/* references computed here with plain loops for a few ops of the fixture */
static void test_cpu_vs_loops(void)
{
    hs_native_backend *cpu = cpu_backend(2);
    CU_ASSERT_PTR_NOT_NULL_FATAL(cpu);
    hs_graph *g = NULL;
    hs_native_model *m = fixture_on_cpu(&g, cpu);
    CU_ASSERT_PTR_NOT_NULL_FATAL(m);
    /* c1: 3x3 conv pad 1, 4 -> 8 channels on 7x7 */
    int c1 = hs_graph_find_op(g, "c1");
    const float *x = hs_native_host(m, hs_graph_find_tensor(g, "x")), *w = m->weights[c1];
    float ref[8 * 49];
    for (int o = 0; o < 8; o++)
        for (int yy = 0; yy < 7; yy++)
            for (int xx = 0; xx < 7; xx++) {
                float acc = w[8 * 36 + o];
                for (int c = 0; c < 4; c++)
                    for (int ky = 0; ky < 3; ky++)
                        for (int kx = 0; kx < 3; kx++) {
                            int iy = yy + ky - 1, ix = xx + kx - 1;
                            if (iy >= 0 && iy < 7 && ix >= 0 && ix < 7)
                                acc += x[c * 49 + iy * 7 + ix] * w[((o * 4 + c) * 3 + ky) * 3 + kx];
                        }
                ref[o * 49 + yy * 7 + xx] = acc;
            }
    CU_ASSERT(rel_diff(OUT(m, g, c1), ref, 8 * 49) < TOL);
    /* gm: Gemm [1,20] x [20,10] + bias, then sm: softmax */
    int gm = hs_graph_find_op(g, "gm"), sm = hs_graph_find_op(g, "sm");
    const float *fl = OUT(m, g, hs_graph_find_op(g, "fl")), *gw = m->weights[gm];
    float gref[10], sref[10], ssum = 0, gmax = -1e30f;
    for (int j = 0; j < 10; j++) {
        gref[j] = gw[200 + j];
        for (int k = 0; k < 20; k++)
            gref[j] += fl[k] * gw[k * 10 + j];
        gmax = gref[j] > gmax ? gref[j] : gmax;
    }
    for (int j = 0; j < 10; j++)
        ssum += (sref[j] = expf(gref[j] - gmax));
    for (int j = 0; j < 10; j++)
        sref[j] /= ssum;
    CU_ASSERT(rel_diff(OUT(m, g, gm), gref, 10) < TOL);
    CU_ASSERT(rel_diff(OUT(m, g, sm), sref, 10) < TOL);
    /* mp: 2x2/2 max pool of ad [1,6,4,4] */
    int mp = hs_graph_find_op(g, "mp");
    const float *ad = OUT(m, g, hs_graph_find_op(g, "ad"));
    float pref[24];
    for (int c = 0; c < 6; c++)
        for (int yy = 0; yy < 2; yy++)
            for (int xx = 0; xx < 2; xx++) {
                const float *p = ad + c * 16 + yy * 8 + xx * 2;
                float a = fmaxf(fmaxf(p[0], p[1]), fmaxf(p[4], p[5]));
                pref[c * 4 + yy * 2 + xx] = a;
            }
    CU_ASSERT(rel_diff(OUT(m, g, mp), pref, 24) < TOL);
    /* tr2: [1,6,2,4] -> [1,2,4,6] is perm (0,2,3,1) */
    int tr2 = hs_graph_find_op(g, "tr2");
    const float *rsh = OUT(m, g, hs_graph_find_op(g, "rsh"));
    float tref[48];
    for (int h = 0; h < 2; h++)
        for (int d = 0; d < 4; d++)
            for (int s = 0; s < 6; s++)
                tref[(h * 4 + d) * 6 + s] = rsh[(s * 2 + h) * 4 + d];
    CU_ASSERT(rel_diff(OUT(m, g, tr2), tref, 48) < TOL);
    CU_ASSERT_EQUAL(m->info[tr2].kind, HS_NK_TRANSPOSE);
    /* cc: Concat along channels (8 + 8 + 4) */
    int cc = hs_graph_find_op(g, "cc");
    CU_ASSERT_EQUAL(m->info[cc].axis, 1);
    CU_ASSERT_EQUAL(OUT(m, g, cc)[16 * 49 + 5], x[5]);
    CU_ASSERT_EQUAL(OUT(m, g, cc)[3], OUT(m, g, c1)[3]);
    /* ga: rows of the table by index */
    int ga = hs_graph_find_op(g, "ga");
    const float *ids = hs_native_host(m, hs_graph_find_tensor(g, "ids"));
    for (int r = 0; r < 6; r++) {
        CU_ASSERT(ids[r] >= 0 && ids[r] < 50 && ids[r] == floorf(ids[r]));
        CU_ASSERT_EQUAL(OUT(m, g, ga)[r * 8 + 3], m->weights[ga][(int)ids[r] * 8 + 3]);
    }
    /* gd: index 0 of ga2 [1,6,8] along the dropped axis 1 */
    int gd = hs_graph_find_op(g, "gd");
    CU_ASSERT_EQUAL(OUT(m, g, gd)[5], OUT(m, g, hs_graph_find_op(g, "ga2"))[5]);
    /* sub: x - scalar, scalar in [0.5, 1.5) */
    int sub = hs_graph_find_op(g, "sub");
    CU_ASSERT(m->info[sub].b_scalar && m->info[sub].alpha >= 0.5f && m->info[sub].alpha < 1.5f);
    CU_ASSERT_DOUBLE_EQUAL(OUT(m, g, sub)[7], OUT(m, g, hs_graph_find_op(g, "mu"))[7] - m->info[sub].alpha,
                           1e-6);
    hs_native_backend_free(cpu);
    hs_native_model_free(m);
    hs_graph_free(g);
}

/* Every op of the fixture on OpenCL equals the CPU, whole and as slices
 * (40 % on OpenCL, 60 % on the CPU) along out_c and height. */
static void test_opencl_vs_cpu(void)
{
    hs_native_backend *cl = cl_backend();
    if (!cl)
        return;
    hs_native_backend *cpu = cpu_backend(2);
    CU_ASSERT_PTR_NOT_NULL_FATAL(cpu);
    hs_graph *g = NULL;
    hs_native_model *m = fixture_on_cpu(&g, cpu);
    CU_ASSERT_PTR_NOT_NULL_FATAL(m);
    hs_error err = {0};
    CU_ASSERT_EQUAL_FATAL(hs_native_bind(cl, m, &err), 0);
    /* keep the CPU's results; give OpenCL every tensor */
    float **keep = calloc((size_t)g->n_tensors, sizeof *keep);
    for (int t = 0; t < g->n_tensors; t++) {
        size_t n = (size_t)g->tensors[t].elems * sizeof(float);
        keep[t] = malloc(n);
        memcpy(keep[t], hs_native_host(m, t), n);
        CU_ASSERT_EQUAL(hs_native_transfer(cl, t, HS_TO_DEVICE, HS_SPLIT_NONE, 0, 1, &err), 0);
    }
    int bad = 0;
    for (int k = 0; k < g->n_ops; k++) {
        int op = g->topo[k], y = g->ops[op].out[0];
        int64_t n = g->tensors[y].elems;
        for (int mode = 0; mode < 3; mode++) {
            memset(hs_native_host(m, y), 0xff, (size_t)n * sizeof(float)); /* NaN */
            if (mode == 0) {
                CU_ASSERT_EQUAL(hs_native_run_op(cl, op, HS_SPLIT_NONE, 0, 1, &err), 0);
                CU_ASSERT_EQUAL(hs_native_transfer(cl, y, HS_TO_HOST, HS_SPLIT_NONE, 0, 1, &err), 0);
            } else {
                hs_split_dim d = mode == 1 ? HS_SPLIT_OUT_C : HS_SPLIT_HEIGHT;
                CU_ASSERT_EQUAL(hs_native_run_op(cl, op, d, 0, 0.4, &err), 0);
                CU_ASSERT_EQUAL(hs_native_run_op(cpu, op, d, 0.4, 1, &err), 0);
                CU_ASSERT_EQUAL(hs_native_finish(cl, &err), 0);
                CU_ASSERT_EQUAL(hs_native_transfer(cl, y, HS_TO_HOST, d, 0, 0.4, &err), 0);
            }
            double r = rel_diff(hs_native_host(m, y), keep[y], n);
            if (!(r < TOL)) {
                printf("\n  op %s (%s) mode %d: relative difference %g\n", g->ops[op].name, g->ops[op].type, mode, r);
                bad++;
            }
        }
        memcpy(hs_native_host(m, y), keep[y], (size_t)n * sizeof(float));
    }
    CU_ASSERT_EQUAL(bad, 0);
    for (int t = 0; t < g->n_tensors; t++)
        free(keep[t]);
    free(keep);
    hs_native_backend_free(cl);
    hs_native_backend_free(cpu);
    hs_native_model_free(m);
    hs_graph_free(g);
}

/* the whole fixture end to end on each backend: equal graph outputs */
static void test_end_to_end(void)
{
    hs_native_backend *cl = cl_backend();
    if (!cl)
        return;
    hs_error err = {0};
    hs_graph *g = hs_graph_load_file(hs_test_fixture("native_ops.json"), &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(g);
    hs_native_model *mc = hs_native_model_new(g, 5, &err), *mg = hs_native_model_new(g, 5, &err);
    hs_native_backend *cpu = cpu_backend(2);
    CU_ASSERT_FATAL(mc && mg && cpu);
    CU_ASSERT_EQUAL(hs_native_bind(cpu, mc, &err), 0);
    CU_ASSERT_EQUAL(hs_native_bind(cl, mg, &err), 0);
    for (int i = 0; i < g->n_inputs; i++)
        CU_ASSERT_EQUAL(hs_native_transfer(cl, g->inputs[i], HS_TO_DEVICE, HS_SPLIT_NONE, 0, 1, &err), 0);
    for (int k = 0; k < g->n_ops; k++) {
        CU_ASSERT_EQUAL(hs_native_run_op(cpu, g->topo[k], HS_SPLIT_NONE, 0, 1, &err), 0);
        CU_ASSERT_EQUAL(hs_native_run_op(cl, g->topo[k], HS_SPLIT_NONE, 0, 1, &err), 0);
    }
    CU_ASSERT_EQUAL(hs_native_finish(cl, &err), 0);
    for (int i = 0; i < g->n_outputs; i++) {
        int t = g->outputs[i];
        CU_ASSERT_EQUAL(hs_native_transfer(cl, t, HS_TO_HOST, HS_SPLIT_NONE, 0, 1, &err), 0);
        CU_ASSERT(rel_diff(hs_native_host(mg, t), hs_native_host(mc, t), g->tensors[t].elems) < TOL);
    }
    /* same seed, same weights and inputs */
    CU_ASSERT_EQUAL(memcmp(mc->weights[0], mg->weights[0], 4 * sizeof(float)), 0);
    hs_native_backend_free(cl);
    hs_native_backend_free(cpu);
    hs_native_model_free(mc);
    hs_native_model_free(mg);
    hs_graph_free(g);
}


/* Run op 0 of model m on backend b, whole (lo = 0, hi = 1) or as the two
 * slices [0, 0.5) and [0.5, 1) along `dim`; returns the output on the host. */
static const float *run_one(hs_native_backend *b, hs_native_model *m, hs_split_dim dim)
{
    hs_error err = {.msg = ""};
    const hs_graph *g = m->g;
    int y = g->ops[0].out[0];
    memset(hs_native_host(m, y), 0, (size_t)g->tensors[y].elems * sizeof(float));
    if (hs_native_bind(b, m, &err))
        return NULL;
    for (int i = 0; i < g->n_inputs; i++)
        hs_native_transfer(b, g->inputs[i], HS_TO_DEVICE, HS_SPLIT_NONE, 0, 1, &err);
    double cut[3] = {0, dim == HS_SPLIT_NONE ? 1 : 0.5, 1};
    for (int k = 0; k < (dim == HS_SPLIT_NONE ? 1 : 2); k++) {
        if (hs_native_run_op(b, 0, dim, cut[k], cut[k + 1], &err) || hs_native_finish(b, &err) ||
            hs_native_transfer(b, y, HS_TO_HOST, dim, cut[k], cut[k + 1], &err)) {
            printf("\n  %s\n", err.msg);
            return NULL;
        }
    }
    return hs_native_host(m, y);
}

/* Check op 0 of model m against `want` on the CPU and, when present,
 * OpenCL, whole and split along `dim` (inputs and weights as m has them). */
static void check_model(hs_native_model *m, const float *want, hs_split_dim dim)
{
    int64_t n = m->g->tensors[m->g->ops[0].out[0]].elems;
    hs_split_dim dims[2] = {HS_SPLIT_NONE, dim};
    for (int k = 0; k < 2; k++)
        for (int d = 0; d < 2; d++) {
            hs_native_backend *b = k == 0 ? cpu_backend(2) : cl_backend();
            if (!b)
                continue;
            const float *y = run_one(b, m, dims[d]);
            CU_ASSERT_PTR_NOT_NULL(y);
            if (y && !(rel_diff(y, want, n) < TOL)) {
                printf("\n  %s, %s: got", m->g->ops[0].type, k == 0 ? "cpu" : "opencl");
                for (int64_t i = 0; i < n; i++)
                    printf(" %g", y[i]);
                CU_FAIL("output differs from the one expected");
            }
            hs_native_backend_free(b);
        }
}

/* Check op 0 of g (attributes set) against `want` on the CPU and, when
 * present, OpenCL, whole and split along `dim`; inputs 1, 2, 3, ... */
static void check_attr_op(hs_graph *g, const float *want, hs_split_dim dim)
{
    hs_error err = {.msg = ""};
    hs_native_model *m = hs_native_model_new(g, 3, &err);
    if (!m)
        printf("\n  %s\n", err.msg);
    CU_ASSERT_PTR_NOT_NULL_FATAL(m);
    for (int i = 0, v = 1; i < g->n_inputs; i++)
        for (int64_t e = 0; e < g->tensors[g->inputs[i]].elems; e++)
            hs_native_host(m, g->inputs[i])[e] = (float)(v++);
    check_model(m, want, dim);
    hs_native_model_free(m);
}

/* Transpose [2,3,3] by perm (0,2,1): shapes alone cannot tell it from the
 * identity (and ONNX's default, the reversed dims, does not fit them). */
static void test_transpose_perm(void)
{
    int64_t s[3] = {2, 3, 3};
    hs_graph *g = one_op("Transpose", 3, s, 3, s, NULL, 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(g);
    hs_error err = {.msg = ""};
    /* without a perm: ONNX reverses the dimensions, which these shapes contradict */
    CU_ASSERT_PTR_NULL(hs_native_model_new(g, 1, &err));
    HS_ASSERT_MSG(err, "op 'op' (Transpose)", "dimension 0 is 2", "no attrs.perm");
    int64_t bad[3] = {0, 1, 1};
    hs_attrs_set_ints(&g->ops[0].attr_list, "perm", bad, 3);
    CU_ASSERT_PTR_NULL(hs_native_model_new(g, 1, &err));
    HS_ASSERT_MSG(err, "Transpose", "attrs.perm", "permutation of 0..2");
    int64_t perm[3] = {0, 2, 1};
    hs_attrs_set_ints(&g->ops[0].attr_list, "perm", perm, 3);
    float want[18]; /* y[b][i][j] = x[b][j][i], x = 1..18 */
    for (int b = 0; b < 2; b++)
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 3; j++)
                want[(b * 3 + i) * 3 + j] = (float)(1 + (b * 3 + j) * 3 + i);
    check_attr_op(g, want, HS_SPLIT_OUT_C);
    hs_graph_free(g);
}

/* Softmax along axis 1 of [2,3,4]: the last axis (all that shapes suggest)
 * gives another result. Split along out_c (axis 2 of a rank-3 tensor) and
 * height (axis 1, the softmax axis itself). */
static void test_softmax_axis(void)
{
    int64_t s[3] = {2, 3, 4};
    hs_graph *g = one_op("Softmax", 3, s, 3, s, NULL, 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(g);
    hs_attrs_set_number(&g->ops[0].attr_list, "axis", 1);
    float want[24];
    for (int a = 0; a < 2; a++)
        for (int k = 0; k < 4; k++) {
            double sum = 0;
            for (int c = 0; c < 3; c++)
                sum += exp((double)(1 + (a * 3 + c) * 4 + k) - (1 + (a * 3 + 2) * 4 + k));
            for (int c = 0; c < 3; c++)
                want[(a * 3 + c) * 4 + k] =
                    (float)(exp((double)(1 + (a * 3 + c) * 4 + k) - (1 + (a * 3 + 2) * 4 + k)) / sum);
        }
    /* along axis 1 each column (a, k) is softmax of (v, v + 4, v + 8): far from
     * the last-axis result (v, v + 1, v + 2, v + 3) */
    CU_ASSERT(want[0] < 0.001f && want[8] > 0.98f); /* last axis: 0.032 and 0.032 */
    check_attr_op(g, want, HS_SPLIT_OUT_C);
    check_attr_op(g, want, HS_SPLIT_HEIGHT);
    hs_attrs_set_number(&g->ops[0].attr_list, "axis", 3);
    hs_error err = {.msg = ""};
    CU_ASSERT_PTR_NULL(hs_native_model_new(g, 1, &err));
    HS_ASSERT_MSG(err, "Softmax", "attrs.axis = 3", "expected an axis in [-3, 3)");
    hs_graph_free(g);
}

/* a two-input op: inputs a (ar, as) and b (br, bs) */
static hs_graph *two_in_op(const char *type, int ar, const int64_t *as, int br, const int64_t *bs,
                           int yr, const int64_t *ys)
{
    hs_error err = {.msg = ""};
    hs_graph *g = hs_graph_new("two");
    const char *in[] = {"a", "b"}, *out[] = {"y"};
    int64_t shp[1][HS_MAX_RANK] = {{0}};
    for (int i = 0; i < yr; i++)
        shp[0][i] = ys[i];
    if (hs_graph_add_input(g, "a", ar, as, &err) < 0 || hs_graph_add_input(g, "b", br, bs, &err) < 0 ||
        hs_graph_add_op(g, "op", type, 2, in, 1, out, &yr, shp, NULL, &err) < 0 ||
        hs_graph_add_output(g, "y", &err) || hs_graph_finalize(g, &err)) {
        printf("\n  graph: %s\n", err.msg);
        hs_graph_free(g);
        return NULL;
    }
    return g;
}

/* Concat [1,2,3] and [1,2,2] along axis -1 -> [1,2,5]; an axis the shapes
 * contradict is refused with the op and the axis named. */
static void test_concat_axis(void)
{
    int64_t as[3] = {1, 2, 3}, bs[3] = {1, 2, 2}, ys[3] = {1, 2, 5};
    hs_graph *g = two_in_op("Concat", 3, as, 3, bs, 3, ys);
    CU_ASSERT_PTR_NOT_NULL_FATAL(g);
    hs_attrs_set_number(&g->ops[0].attr_list, "axis", -1);
    /* a = 1..6, b = 7..10 */
    const float want[10] = {1, 2, 3, 7, 8, 4, 5, 6, 9, 10};
    check_attr_op(g, want, HS_SPLIT_HEIGHT);
    hs_attrs_set_number(&g->ops[0].attr_list, "axis", 1);
    hs_error err = {.msg = ""};
    CU_ASSERT_PTR_NULL(hs_native_model_new(g, 1, &err));
    HS_ASSERT_MSG(err, "op 'op' (Concat)", "input 'a' differs from output 'y' outside axis 1");
    hs_graph_free(g);
}

/* Pad [1,1,3,3] -> [1,1,5,5], one on each side: reflect, edge, constant. */
static void test_pad_modes(void)
{
    int64_t xs[4] = {1, 1, 3, 3}, ys[4] = {1, 1, 5, 5};
    /* x = 1..9; reflect row index -1 -> 1, 3 -> 1 */
    static const int refl[5] = {1, 0, 1, 2, 1}, edge[5] = {0, 0, 1, 2, 2};
    const char *modes[3] = {"reflect", "edge", "constant"};
    for (int md = 0; md < 3; md++) {
        hs_graph *g = one_op("Pad", 4, xs, 4, ys, NULL, 0);
        CU_ASSERT_PTR_NOT_NULL_FATAL(g);
        hs_attrs_set_string(&g->ops[0].attr_list, "mode", modes[md]);
        float want[25];
        for (int i = 0; i < 5; i++)
            for (int j = 0; j < 5; j++) {
                int in = i >= 1 && i <= 3 && j >= 1 && j <= 3;
                want[i * 5 + j] = md == 0   ? (float)(1 + refl[i] * 3 + refl[j])
                                  : md == 1 ? (float)(1 + edge[i] * 3 + edge[j])
                                  : in      ? (float)(1 + (i - 1) * 3 + (j - 1))
                                            : 0.0f;
            }
        check_attr_op(g, want, HS_SPLIT_HEIGHT);
        hs_graph_free(g);
    }
    hs_graph *g = one_op("Pad", 4, xs, 4, ys, NULL, 0);
    hs_attrs_set_string(&g->ops[0].attr_list, "mode", "wrap");
    hs_error err = {.msg = ""};
    CU_ASSERT_PTR_NULL(hs_native_model_new(g, 1, &err));
    HS_ASSERT_MSG(err, "Pad", "attrs.mode = \"wrap\"", "\"reflect\"");
    hs_graph_free(g);
}

/* LeakyRelu's alpha and LayerNormalization's axis and epsilon from attrs. */
static void test_scalar_attrs(void)
{
    int64_t s[3] = {1, 2, 3};
    hs_graph *g = one_op("LeakyRelu", 3, s, 3, s, NULL, 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(g);
    hs_error err = {.msg = ""};
    hs_attrs_set_number(&g->ops[0].attr_list, "alpha", 0.25);
    hs_native_model *m = hs_native_model_new(g, 1, &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(m);
    CU_ASSERT_DOUBLE_EQUAL(m->info[0].alpha, 0.25, 0);
    hs_native_model_free(m);
    hs_graph_free(g);
    g = one_op("LayerNormalization", 3, s, 3, s, NULL, 0);
    hs_attrs_set_number(&g->ops[0].attr_list, "axis", 1);
    hs_attrs_set_number(&g->ops[0].attr_list, "epsilon", 1e-12);
    m = hs_native_model_new(g, 1, &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(m);
    CU_ASSERT_EQUAL(m->info[0].inner, 6); /* over dims 1 and 2 */
    CU_ASSERT_EQUAL(m->info[0].w_elems, 12);
    CU_ASSERT_DOUBLE_EQUAL(m->info[0].alpha, 1e-12, 1e-20);
    hs_native_model_free(m);
    hs_graph_free(g);
}

/* Activations a lowering fused into their producer (attrs.activation,
 * traces/lowering.c) run after the producer's kernel, on the slice it
 * computed; numbers worked out by hand, CPU and OpenCL, whole and split. */
static void test_fused_act_by_hand(void)
{
    hs_error err = {.msg = ""};
    /* 1x1 Conv to 2 channels, weights (1, -0.5), biases (0, 0.25), Relu:
     * x = (1, -2, 3, -4): y0 = x -> (1, 0, 3, 0); y1 = 0.25 - x/2 =
     * (-0.25, 1.25, -1.25, 2.25) -> (0, 1.25, 0, 2.25); split in out_c halves */
    int64_t s[4] = {1, 1, 2, 2}, ys[4] = {1, 2, 2, 2};
    hs_graph *g = one_op("Conv", 4, s, 4, ys, NULL, 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(g);
    hs_attrs_set_string(&g->ops[0].attr_list, "activation", "Relu");
    hs_native_model *m = hs_native_model_new(g, 7, &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(m);
    CU_ASSERT_EQUAL(m->info[0].act, HS_UN_RELU);
    const float cw[4] = {1, -0.5f, 0, 0.25f}, cx[4] = {1, -2, 3, -4};
    memcpy(m->weights[0], cw, sizeof cw);
    memcpy(hs_native_host(m, 0), cx, sizeof cx);
    const float cwant[8] = {1, 0, 3, 0, 0, 1.25f, 0, 2.25f};
    check_model(m, cwant, HS_SPLIT_OUT_C);
    hs_native_model_free(m);
    hs_graph_free(g);

    /* Gemm x (1, 2) by W [[1, -1, 4], [2, -3, 1]] + bias (0.5, 0, 1) =
     * (5.5, -7, 7); Clip 0..6 -> (5.5, 0, 6); Clip with no max (+inf) ->
     * (5.5, 0, 7); split along the columns (2, then 1) */
    int64_t gs[2] = {1, 2}, gys[2] = {1, 3};
    g = one_op("Gemm", 2, gs, 2, gys, NULL, 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(g);
    hs_attrs_set_string(&g->ops[0].attr_list, "activation", "Clip");
    hs_attrs_set_number(&g->ops[0].attr_list, "activation_min", 0);
    hs_attrs_set_number(&g->ops[0].attr_list, "activation_max", 6);
    const float gw[9] = {1, -1, 4, 2, -3, 1, 0.5f, 0, 1}, gx[2] = {1, 2};
    const float gwant[3] = {5.5f, 0, 6}, gwant_inf[3] = {5.5f, 0, 7};
    for (int k = 0; k < 2; k++) {
        if (k == 1) { /* the same without activation_max */
            hs_attrs nw = {0};
            for (int i = 0; i < g->ops[0].attr_list.n; i++) {
                const hs_attr *a = &g->ops[0].attr_list.a[i];
                if (strcmp(a->name, "activation_max") != 0)
                    CU_ASSERT_EQUAL(a->str ? hs_attrs_set_string(&nw, a->name, a->str)
                                           : hs_attrs_set_number(&nw, a->name, a->num[0]), 0);
            }
            hs_attrs_free(&g->ops[0].attr_list);
            g->ops[0].attr_list = nw;
        }
        m = hs_native_model_new(g, 7, &err);
        CU_ASSERT_PTR_NOT_NULL_FATAL(m);
        CU_ASSERT_EQUAL(m->info[0].w_elems + m->info[0].bias_elems, 9);
        CU_ASSERT_EQUAL(m->info[0].act, HS_UN_CLIP);
        memcpy(m->weights[0], gw, sizeof gw);
        memcpy(hs_native_host(m, 0), gx, sizeof gx);
        check_model(m, k ? gwant_inf : gwant, HS_SPLIT_OUT_C);
        hs_native_model_free(m);
    }
    hs_graph_free(g);

    /* Add of a = 1..8 and b = -4.5 everywhere, LeakyRelu alpha 0.1:
     * (-3.5 .. 3.5 step 1) -> (-0.35, -0.25, -0.15, -0.05, 0.5, 1.5, 2.5, 3.5);
     * split along height (rows 0 and 1 of [1,2,2,2]) */
    int64_t as[4] = {1, 2, 2, 2};
    g = two_in_op("Add", 4, as, 4, as, 4, as);
    CU_ASSERT_PTR_NOT_NULL_FATAL(g);
    hs_attrs_set_string(&g->ops[0].attr_list, "activation", "LeakyRelu");
    hs_attrs_set_number(&g->ops[0].attr_list, "activation_alpha", 0.1);
    m = hs_native_model_new(g, 7, &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(m);
    for (int i = 0; i < 8; i++) {
        hs_native_host(m, g->inputs[0])[i] = (float)(i + 1);
        hs_native_host(m, g->inputs[1])[i] = -4.5f;
    }
    const float awant[8] = {-0.35f, -0.25f, -0.15f, -0.05f, 0.5f, 1.5f, 2.5f, 3.5f};
    check_model(m, awant, HS_SPLIT_HEIGHT);
    hs_native_model_free(m);
    hs_graph_free(g);

    /* MaxPool 2x2/2 of [1,1,2,6], HardSigmoid alpha 0.25 beta 0.5: window
     * maxima 1, -2.5, 4 -> 0.75, max(0, -0.125) = 0, min(1, 1.5) = 1 */
    int64_t ps[4] = {1, 1, 2, 6}, pys[4] = {1, 1, 1, 3};
    hs_op_attrs pa = hs_op_attrs_default();
    pa.kernel_h = pa.kernel_w = pa.stride_h = pa.stride_w = 2;
    g = one_op("MaxPool", 4, ps, 4, pys, &pa, 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(g);
    hs_attrs_set_string(&g->ops[0].attr_list, "activation", "HardSigmoid");
    hs_attrs_set_number(&g->ops[0].attr_list, "activation_alpha", 0.25);
    hs_attrs_set_number(&g->ops[0].attr_list, "activation_beta", 0.5);
    m = hs_native_model_new(g, 7, &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(m);
    const float px[12] = {1, -8, -3, -2.5f, 4, 0, -4, -6, -7, -5, 2, 3};
    memcpy(hs_native_host(m, 0), px, sizeof px);
    const float pwant[3] = {0.75f, 0, 1};
    check_model(m, pwant, HS_SPLIT_NONE);
    hs_native_model_free(m);
    hs_graph_free(g);
}

/* Run every op of m's graph on b in order, whole; the output (tensor y)
 * copied into out. 0 on success. */
static int run_graph(hs_native_backend *b, hs_native_model *m, int y, float *out)
{
    hs_error err = {.msg = ""};
    const hs_graph *g = m->g;
    int rc = hs_native_bind(b, m, &err);
    for (int i = 0; rc == 0 && i < g->n_inputs; i++)
        rc = hs_native_transfer(b, g->inputs[i], HS_TO_DEVICE, HS_SPLIT_NONE, 0, 1, &err);
    for (int k = 0; rc == 0 && k < g->n_ops; k++)
        rc = hs_native_run_op(b, g->topo[k], HS_SPLIT_NONE, 0, 1, &err);
    if (rc == 0)
        rc = hs_native_finish(b, &err) || hs_native_transfer(b, y, HS_TO_HOST, HS_SPLIT_NONE, 0, 1, &err);
    if (rc)
        printf("\n  %s\n", err.msg);
    else
        memcpy(out, hs_native_host(m, y), (size_t)g->tensors[y].elems * sizeof(float));
    return rc;
}

/* Conv -> activation (unlowered) and Conv {activation} (lowered), the same
 * weights and input: the same output, on the CPU and OpenCL, for each
 * activation the lowering fuses (3x3 Conv 4 -> 8 channels on 7x7: oneDNN
 * where the CPU build has it; values both sides of every clamp). */
static void test_fused_act_equals_unfused(void)
{
    static const struct { const char *type; double min, max, alpha, beta; } acts[] = {
        {"Relu", NAN, NAN, NAN, NAN},       {"Clip", -0.2, 0.3, NAN, NAN}, {"Clip", 0, NAN, NAN, NAN},
        {"LeakyRelu", NAN, NAN, 0.1, NAN},  {"Sigmoid", NAN, NAN, NAN, NAN}, {"Tanh", NAN, NAN, NAN, NAN},
        {"HardSigmoid", NAN, NAN, 0.3, 0.4}, {"HardSwish", NAN, NAN, NAN, NAN},
    };
    hs_error err = {.msg = ""};
    int64_t xs[4] = {1, 4, 7, 7}, ys[1][HS_MAX_RANK] = {{1, 8, 7, 7}};
    int r4 = 4;
    hs_op_attrs a = hs_op_attrs_default();
    a.kernel_h = a.kernel_w = 3;
    a.pads[0] = a.pads[1] = a.pads[2] = a.pads[3] = 1;
    for (size_t k = 0; k < sizeof acts / sizeof *acts; k++) {
        hs_graph *g2 = hs_graph_new("unfused"), *g1 = hs_graph_new("fused");
        const char *x[] = {"x"}, *t[] = {"t"}, *y[] = {"y"};
        int ok = hs_graph_add_input(g2, "x", 4, xs, &err) >= 0 &&
                 hs_graph_add_op(g2, "c", "Conv", 1, x, 1, t, &r4, ys, &a, &err) >= 0 &&
                 hs_graph_add_op(g2, "act", acts[k].type, 1, t, 1, y, &r4, ys, NULL, &err) >= 0 &&
                 hs_graph_add_input(g1, "x", 4, xs, &err) >= 0 &&
                 hs_graph_add_op(g1, "c", "Conv", 1, x, 1, y, &r4, ys, &a, &err) >= 0;
        CU_ASSERT_FATAL(ok);
        hs_attrs *ua = &g2->ops[1].attr_list, *fa = &g1->ops[0].attr_list;
        hs_attrs_set_string(fa, "activation", acts[k].type);
        const char *const un[] = {"min", "max", "alpha", "beta"};
        const char *const fu[] = {"activation_min", "activation_max", "activation_alpha", "activation_beta"};
        const double v[] = {acts[k].min, acts[k].max, acts[k].alpha, acts[k].beta};
        for (int i = 0; i < 4; i++)
            if (!isnan(v[i])) {
                hs_attrs_set_number(ua, un[i], v[i]);
                hs_attrs_set_number(fa, fu[i], v[i]);
            }
        if (!strcmp(acts[k].type, "Clip") && isnan(acts[k].max)) /* Clip's unary op defaults max to 6 */
            hs_attrs_set_number(ua, "max", 1e30);
        CU_ASSERT_FATAL(hs_graph_add_output(g2, "y", &err) == 0 && hs_graph_finalize(g2, &err) == 0 &&
                        hs_graph_add_output(g1, "y", &err) == 0 && hs_graph_finalize(g1, &err) == 0);
        hs_native_model *m2 = hs_native_model_new(g2, 5, &err), *m1 = hs_native_model_new(g1, 5, &err);
        CU_ASSERT_FATAL(m1 && m2);
        int64_t nw = m1->info[0].w_elems + m1->info[0].bias_elems;
        for (int64_t i = 0; i < nw; i++) /* weights of a size that conv outputs cross every clamp */
            m1->weights[0][i] *= 2.0f;
        memcpy(m2->weights[0], m1->weights[0], (size_t)nw * sizeof(float));
        memcpy(hs_native_host(m2, 0), hs_native_host(m1, 0), 4 * 49 * sizeof(float));
        float o1[8 * 49], o2[8 * 49];
        for (int be = 0; be < 2; be++) {
            hs_native_backend *b1 = be ? cl_backend() : cpu_backend(2);
            hs_native_backend *b2 = be ? cl_backend() : cpu_backend(2);
            if (b1 && b2) {
                CU_ASSERT_EQUAL(run_graph(b2, m2, hs_graph_find_tensor(g2, "y"), o2), 0);
                CU_ASSERT_EQUAL(run_graph(b1, m1, hs_graph_find_tensor(g1, "y"), o1), 0);
                double lo = 1e30, hi = -1e30;
                for (int i = 0; i < 8 * 49; i++) {
                    lo = o2[i] < lo ? o2[i] : lo;
                    hi = o2[i] > hi ? o2[i] : hi;
                }
                if (!(rel_diff(o1, o2, 8 * 49) < TOL))
                    printf("\n  %s on %s: fused and unfused differ by %g\n", acts[k].type, be ? "opencl" : "cpu",
                           rel_diff(o1, o2, 8 * 49));
                CU_ASSERT(rel_diff(o1, o2, 8 * 49) < TOL);
                if (!strcmp(acts[k].type, "Clip") && !isnan(acts[k].max)) /* both clamps bite */
                    CU_ASSERT(lo == (float)acts[k].min && hi == (float)acts[k].max);
            }
            hs_native_backend_free(b1);
            hs_native_backend_free(b2);
        }
        hs_native_model_free(m1);
        hs_native_model_free(m2);
        hs_graph_free(g1);
        hs_graph_free(g2);
    }
}

static void test_slices_and_topology(void)
{
    hs_tensor t = {0};
    t.rank = 4, t.shape[0] = 1, t.shape[1] = 10, t.shape[2] = 7, t.shape[3] = 5;
    int ax;
    int64_t a, b;
    hs_native_slice(&t, HS_SPLIT_OUT_C, 0.25, 0.5, &ax, &a, &b);
    CU_ASSERT(ax == 1 && a == 3 && b == 5); /* round(2.5) = 3, round(5) = 5 */
    hs_native_slice(&t, HS_SPLIT_HEIGHT, 0.5, 1, &ax, &a, &b);
    CU_ASSERT(ax == 2 && a == 4 && b == 7);
    hs_native_slice(&t, HS_SPLIT_NONE, 0.3, 0.6, &ax, &a, &b);
    CU_ASSERT(ax == 0 && a == 0 && b == 1);
    t.rank = 3, t.shape[0] = 1, t.shape[1] = 128, t.shape[2] = 768;
    hs_native_slice(&t, HS_SPLIT_OUT_C, 0, 0.5, &ax, &a, &b);
    CU_ASSERT(ax == 2 && a == 0 && b == 384);
    hs_native_slice(&t, HS_SPLIT_HEIGHT, 0.5, 1, &ax, &a, &b);
    CU_ASSERT(ax == 1 && a == 64 && b == 128);
    hs_native_topology topo;
    hs_error err = {0};
    CU_ASSERT_EQUAL(hs_native_topology_read(&topo, &err), 0);
    int total = 0;
    for (int k = 0; k < topo.n_clusters; k++)
        total += topo.n_cpus[k];
    CU_ASSERT(topo.n_clusters >= 1 && total >= 1);
}

static void test_errors(void)
{
    hs_error err = {0};
    hs_native_cpu_opts bad = {99, 1};
    CU_ASSERT_PTR_NULL(hs_native_cpu_new(&bad, &err));
#ifdef HAVE_OPENBLAS
    HS_ASSERT_MSG(err, "cluster 99 does not exist");
#else
    HS_ASSERT_MSG(err, "libopenblas-dev");
#endif
    hs_native_cl_opts badp = {42, -1, 0};
    CU_ASSERT_PTR_NULL(hs_native_opencl_new(&badp, &err));
    CU_ASSERT(strstr(err.msg, "platform") != NULL || strstr(err.msg, "without") != NULL);
    /* an op type without a kernel, and shapes that contradict the attributes */
    int64_t s[4] = {1, 2, 4, 4}, ys[4] = {1, 2, 3, 3};
    hs_graph *g = one_op("NonMaxSuppression", 4, s, 4, s, NULL, 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(g);
    CU_ASSERT_PTR_NULL(hs_native_model_new(g, 1, &err));
    HS_ASSERT_MSG(err, "NonMaxSuppression", "no native kernel");
    hs_graph_free(g);
    g = one_op("Conv", 4, s, 4, ys, NULL, 0);
    CU_ASSERT_PTR_NULL(hs_native_model_new(g, 1, &err));
    HS_ASSERT_MSG(err, "op", "does not follow from input 4x4", "expected 4x4");
    hs_graph_free(g);
    int64_t gs[2] = {1, 6}, gys[3] = {1, 6, 8};
    g = one_op("Gather", 2, gs, 3, gys, NULL, 401);
    CU_ASSERT_PTR_NULL(hs_native_model_new(g, 1, &err));
    HS_ASSERT_MSG(err, "Gather", "weight table");
    hs_graph_free(g);
    /* a fused activation the backends have no kernel for, a parameter that is no number */
    g = one_op("Relu", 4, s, 4, s, NULL, 0);
    hs_attrs_set_string(&g->ops[0].attr_list, "activation", "Swish");
    CU_ASSERT_PTR_NULL(hs_native_model_new(g, 1, &err));
    HS_ASSERT_MSG(err, "op 'op' (Relu)", "attrs.activation = \"Swish\"", "expected \"Relu\", \"Clip\"",
                  "\"HardSigmoid\"");
    hs_attrs_set_string(&g->ops[0].attr_list, "activation", "Clip");
    hs_attrs_set_string(&g->ops[0].attr_list, "activation_max", "six");
    CU_ASSERT_PTR_NULL(hs_native_model_new(g, 1, &err));
    HS_ASSERT_MSG(err, "op 'op' (Relu)", "attrs.activation_max: expected a number", "Clip");
    hs_attrs_set_number(&g->ops[0].attr_list, "activation", 1);
    CU_ASSERT_PTR_NULL(hs_native_model_new(g, 1, &err));
    HS_ASSERT_MSG(err, "attrs.activation: expected a string");
    hs_graph_free(g);
    /* run before bind, out-of-range op and slice */
    hs_native_backend *cpu = cpu_backend(1);
    if (!cpu)
        return;
    CU_ASSERT_EQUAL(hs_native_run_op(cpu, 0, HS_SPLIT_NONE, 0, 1, &err), -1);
    HS_ASSERT_MSG(err, "no model bound");
    g = one_op("Relu", 4, s, 4, s, NULL, 0);
    hs_native_model *m = hs_native_model_new(g, 1, &err);
    CU_ASSERT_EQUAL(hs_native_bind(cpu, m, &err), 0);
    CU_ASSERT_EQUAL(hs_native_bind(cpu, m, &err), -1);
    HS_ASSERT_MSG(err, "already bound");
    CU_ASSERT_EQUAL(hs_native_run_op(cpu, 5, HS_SPLIT_NONE, 0, 1, &err), -1);
    HS_ASSERT_MSG(err, "op index 5 out of range");
    CU_ASSERT_EQUAL(hs_native_run_op(cpu, 0, HS_SPLIT_HEIGHT, 0.7, 0.2, &err), -1);
    HS_ASSERT_MSG(err, "expected 0 <= lo <= hi <= 1");
    CU_ASSERT_EQUAL(hs_native_transfer(cpu, 9, HS_TO_HOST, HS_SPLIT_NONE, 0, 1, &err), -1);
    HS_ASSERT_MSG(err, "tensor index 9 out of range");
    CU_ASSERT_PTR_NULL(hs_native_host(m, 9));
    CU_ASSERT_STRING_EQUAL(hs_native_backend_name(cpu), "cpu");
    CU_ASSERT(strstr(hs_native_backend_device(cpu), "pthread") != NULL);
    hs_native_backend_free(cpu);
    hs_native_model_free(m);
    hs_graph_free(g);
}

int hs_suite_native(void)
{
    CU_pSuite s = CU_add_suite("native executor", NULL, NULL);
    if (!s)
        return -1;
    if (!CU_add_test(s, "slices and host topology", test_slices_and_topology) ||
        !CU_add_test(s, "errors name the op and what was expected", test_errors) ||
        !CU_add_test(s, "LeakyRelu alpha, LayerNorm axis and epsilon from attrs", test_scalar_attrs))
        return -1;
#ifdef HAVE_OPENBLAS
    if (!CU_add_test(s, "3x3 conv on 4x4 by hand (cpu, opencl)", test_conv3x3_by_hand) ||
        !CU_add_test(s, "1x1 conv by hand in two out_c halves", test_conv1x1_by_hand) ||
        !CU_add_test(s, "cpu kernels vs plain loops", test_cpu_vs_loops) ||
        !CU_add_test(s, "opencl == cpu for every op, whole and split", test_opencl_vs_cpu) ||
        !CU_add_test(s, "fixture model end to end on both backends", test_end_to_end) ||
        !CU_add_test(s, "Transpose by attrs.perm, not by shapes", test_transpose_perm) ||
        !CU_add_test(s, "Softmax along attrs.axis 1", test_softmax_axis) ||
        !CU_add_test(s, "Concat along attrs.axis -1; a contradicting axis", test_concat_axis) ||
        !CU_add_test(s, "Pad reflect, edge and constant by hand", test_pad_modes) ||
        !CU_add_test(s, "fused activations by hand (Conv, Gemm, Add, MaxPool), whole and split",
                     test_fused_act_by_hand) ||
        !CU_add_test(s, "Conv {activation} == Conv -> activation, cpu and opencl", test_fused_act_equals_unfused))
        return -1;
#else
    printf("note: native kernel tests skipped: built without OpenBLAS (libopenblas-dev)\n");
#endif
    return 0;
}
