/* The native CPU backend's kernels against references computed here with
 * plain loops (double sums): every Conv kernel it chooses from (oneDNN on
 * NHWC, OpenBLAS im2col and 1x1, the direct depthwise kernel) and the
 * element ops it has fast paths for, each whole and as split parts (output
 * channels and height, parts that tile the op and a part alone, which must
 * leave the rest of the output untouched), on 1, 2 and 3 workers (shares
 * that do not divide evenly), each also with a fused activation
 * (attrs.activation, as a lowered graph has it). Tolerance as tests/test_native.c: max
 * |difference| <= 1e-4 * max(1, max |reference|). */
#include "config.h"

#include <CUnit/CUnit.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "native/native_internal.h"
#include "tests/test_util.h"

#ifdef HAVE_OPENBLAS
#include "native/cpu_conv.h"

#define TOL 1e-4

#ifdef HAVE_DNNL
#define HAVE_DNNL_BUILD 1
#else
#define HAVE_DNNL_BUILD 0
#endif

/* max |x - ref| / max(1, max |ref|) over n; NaN in x counts as infinite */
static double rel_err(const float *x, const double *ref, int64_t n)
{
    double d = 0, mx = 1;
    for (int64_t i = 0; i < n; i++) {
        double e = fabs((double)x[i] - ref[i]);
        if (!(e <= d))
            d = isnan(e) ? INFINITY : e;
        mx = fabs(ref[i]) > mx ? fabs(ref[i]) : mx;
    }
    return d / mx;
}

/* a graph of one op reading inputs in[] (shapes xs[]) into y (shape ys) */
static hs_graph *graph_of(const char *type, int n_in, const int *xr, const int64_t (*xs)[4], int yr,
                          const int64_t *ys, const hs_op_attrs *at, int64_t weight_elems)
{
    hs_error err = {.msg = ""};
    hs_graph *g = hs_graph_new("cpu");
    static const char *const names[] = {"x0", "x1", "x2"};
    const char *out[] = {"y"};
    int64_t shp[1][HS_MAX_RANK] = {{0}};
    for (int i = 0; i < yr; i++)
        shp[0][i] = ys[i];
    hs_op_attrs a = at ? *at : hs_op_attrs_default();
    int ok = 1;
    for (int k = 0; k < n_in && ok; k++)
        ok = hs_graph_add_input(g, names[k], xr[k], xs[k], &err) >= 0;
    int op = ok ? hs_graph_add_op(g, "op", type, n_in, names, 1, out, &yr, shp, &a, &err) : -1;
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

static hs_native_backend *cpu(int threads)
{
    hs_error err = {.msg = ""};
    hs_native_cpu_opts o = {0, threads};
    hs_native_backend *b = hs_native_cpu_new(&o, &err);
    if (!b)
        printf("\n  %s\n", err.msg);
    return b;
}

/* Run op 0 of m on b whole, in parts that tile it along out_c and height,
 * and as one part alone; compare with ref. 0 when all agree. */
static int check_parts(hs_native_backend *b, hs_native_model *m, const double *ref, const char *what)
{
    const hs_graph *g = hs_native_model_graph(m);
    int y = g->ops[0].out[0];
    const hs_tensor *t = &g->tensors[y];
    float *out = hs_native_host(m, y);
    hs_error err = {.msg = ""};
    struct { hs_split_dim dim; double cut[4]; int n; } modes[] = {
        {HS_SPLIT_NONE, {0, 1}, 2},
        {HS_SPLIT_OUT_C, {0, 0.3, 1}, 3},
        {HS_SPLIT_HEIGHT, {0, 0.45, 1}, 3},
        {HS_SPLIT_OUT_C, {0, 0.2, 0.55, 1}, 4},
        {HS_SPLIT_HEIGHT, {0, 0.34, 0.67, 1}, 4},
    };
    int bad = 0;
    for (size_t k = 0; k < sizeof modes / sizeof *modes; k++) {
        memset(out, 0xff, (size_t)t->elems * sizeof(float)); /* NaN */
        for (int p = 0; p + 1 < modes[k].n; p++)
            if (hs_native_run_op(b, 0, modes[k].dim, modes[k].cut[p], modes[k].cut[p + 1], &err)) {
                printf("\n  %s: %s\n", what, err.msg);
                return 1;
            }
        double r = rel_err(out, ref, t->elems);
        if (!(r < TOL)) {
            printf("\n  %s: split mode %zu: relative error %g\n", what, k, r);
            bad++;
        }
    }
    /* a part alone writes its slice and nothing else */
    for (int d = 0; d < 2; d++) {
        hs_split_dim dim = d ? HS_SPLIT_HEIGHT : HS_SPLIT_OUT_C;
        int axis;
        int64_t a, e, outer, D, inner;
        hs_native_slice(t, dim, 0.25, 0.7, &axis, &a, &e);
        hs_native_axis_split(t, axis, &outer, &D, &inner);
        memset(out, 0xff, (size_t)t->elems * sizeof(float));
        if (hs_native_run_op(b, 0, dim, 0.25, 0.7, &err)) {
            printf("\n  %s: %s\n", what, err.msg);
            return 1;
        }
        int wrong = 0;
        for (int64_t i = 0; i < t->elems; i++) {
            int64_t c = (i / inner) % D;
            int in = c >= a && c < e;
            double diff = fabs((double)out[i] - ref[i]);
            if (in ? !(diff <= TOL * (1 + fabs(ref[i]))) : !isnan(out[i]))
                wrong++;
        }
        if (wrong) {
            printf("\n  %s: part [0.25, 0.7) along %s: %d elements wrong\n", what, d ? "height" : "out_c", wrong);
            bad++;
        }
    }
    return bad;
}

typedef struct conv_case {
    const char *what;
    int n, c, oc, h, w, kh, kw, sh, sw, dh, dw, group;
    int pads[4]; /* top, left, bottom, right */
    hs_cpu_conv_kernel want; /* the kernel the backend picks (oneDNN: when built with it) */
} conv_case;

static int64_t conv_out(int in, int k, int s, int d, int p0, int p1)
{
    return (in + p0 + p1 - (int64_t)d * (k - 1) - 1) / s + 1;
}

/* plain-loop Conv reference: NCHW, OIHW weights, then the bias */
static void conv_ref(const conv_case *k, int64_t oh, int64_t ow, const float *x, const float *w, double *y)
{
    int64_t cpg = k->c / k->group, opg = k->oc / k->group;
    const float *bias = w + (int64_t)k->oc * cpg * k->kh * k->kw;
    for (int64_t n = 0; n < k->n; n++)
        for (int64_t o = 0; o < k->oc; o++)
            for (int64_t oy = 0; oy < oh; oy++)
                for (int64_t ox = 0; ox < ow; ox++) {
                    double acc = bias[o];
                    int64_t g = o / opg;
                    for (int64_t ci = 0; ci < cpg; ci++)
                        for (int ky = 0; ky < k->kh; ky++)
                            for (int kx = 0; kx < k->kw; kx++) {
                                int64_t iy = oy * k->sh - k->pads[0] + (int64_t)ky * k->dh;
                                int64_t ix = ox * k->sw - k->pads[1] + (int64_t)kx * k->dw;
                                if (iy < 0 || iy >= k->h || ix < 0 || ix >= k->w)
                                    continue;
                                acc += (double)x[((n * k->c + g * cpg + ci) * k->h + iy) * k->w + ix] *
                                       w[((o * cpg + ci) * k->kh + ky) * k->kw + kx];
                            }
                    y[((n * k->oc + o) * oh + oy) * ow + ox] = acc;
                }
}

/* The fused activations the lowering writes (attrs.activation and its
 * parameters; NAN: not given), cycled through the cases below */
typedef struct act_case { const char *type; double min, max, alpha, beta; } act_case;
static const act_case acts[] = {
    {"Relu", NAN, NAN, NAN, NAN},      {"Clip", -0.2, 0.3, NAN, NAN},      {"LeakyRelu", NAN, NAN, 0.1, NAN},
    {"Sigmoid", NAN, NAN, NAN, NAN},   {"Tanh", NAN, NAN, NAN, NAN},       {"HardSigmoid", NAN, NAN, 0.3, 0.4},
    {"Clip", 0.1, NAN, NAN, NAN},      {"LeakyRelu", NAN, NAN, NAN, NAN}, /* ONNX's alpha 0.01 */
};
#define N_ACTS (sizeof acts / sizeof *acts)

static void set_act(hs_graph *g, const act_case *a)
{
    hs_attrs *at = &g->ops[0].attr_list;
    CU_ASSERT_EQUAL(hs_attrs_set_string(at, "activation", a->type), 0);
    const char *const names[] = {"activation_min", "activation_max", "activation_alpha", "activation_beta"};
    const double v[] = {a->min, a->max, a->alpha, a->beta};
    for (int i = 0; i < 4; i++)
        if (!isnan(v[i]))
            CU_ASSERT_EQUAL(hs_attrs_set_number(at, names[i], v[i]), 0);
}

/* the activation in double, ONNX's defaults where a parameter is not given */
static double act_ref(const act_case *a, double v)
{
    double al = a->alpha, be = a->beta;
    if (!strcmp(a->type, "Relu"))
        return v > 0 ? v : 0;
    if (!strcmp(a->type, "Clip")) {
        v = !isnan(a->min) && v < a->min ? a->min : v;
        return !isnan(a->max) && v > a->max ? a->max : v;
    }
    if (!strcmp(a->type, "LeakyRelu"))
        return v > 0 ? v : (isnan(al) ? 0.01 : al) * v;
    if (!strcmp(a->type, "Sigmoid"))
        return 1 / (1 + exp(-v));
    if (!strcmp(a->type, "Tanh"))
        return tanh(v);
    v = (isnan(al) ? 0.2 : al) * v + (isnan(be) ? 0.5 : be); /* HardSigmoid */
    return v < 0 ? 0 : v > 1 ? 1 : v;
}

static void test_conv_kernels(void)
{
    const hs_cpu_conv_kernel D = HS_CPU_CONV_DNNL, B = HS_CPU_CONV_BLAS, W = HS_CPU_CONV_DEPTHWISE,
                             P = HS_CPU_CONV_POINTWISE;
    const conv_case cases[] = {
        {"3x3 s1 p1, 40 out channels (16-channel blocks and a rest)", 1, 5, 40, 9, 11, 3, 3, 1, 1, 1, 1, 1,
         {1, 1, 1, 1}, D},
        {"7x7 s2 p3 on RGB (ResNet's first conv)", 1, 3, 16, 20, 20, 7, 7, 2, 2, 1, 1, 1, {3, 3, 3, 3}, D},
        {"3x3 s2 p1 on an odd 15x13 input", 1, 8, 48, 15, 13, 3, 3, 2, 2, 1, 1, 1, {1, 1, 1, 1}, D},
        {"3x3 dilation 2 p2", 1, 4, 8, 10, 10, 3, 3, 1, 1, 2, 2, 1, {2, 2, 2, 2}, D},
        {"1x3 kernel, pads only left and right", 1, 6, 20, 5, 9, 1, 3, 1, 1, 1, 1, 1, {0, 1, 0, 1}, D},
        {"3x3 s2, pads only bottom and right", 1, 4, 32, 8, 8, 3, 3, 2, 2, 1, 1, 1, {0, 0, 1, 1}, D},
        {"batch of 3, 3x3 p1", 3, 6, 36, 7, 6, 3, 3, 1, 1, 1, 1, 1, {1, 1, 1, 1}, D},
        {"3x3, pads 3 above and below 2x2 (rows that read only padding: OpenBLAS computes those parts)", 1,
         2, 4, 2, 2, 3, 3, 1, 1, 1, 1, 1, {3, 1, 3, 1}, D},
        {"1x1 s1 (pointwise: packed weights, whole panels, a partial column tile)", 1, 16, 24, 7, 7, 1, 1, 1, 1, 1,
         1, 1, {0, 0, 0, 0}, P},
        {"1x1 s1, 600 input channels (three blocks), 13 output channels (a partial panel), 400 columns (two "
         "chunks)",
         1, 600, 13, 20, 20, 1, 1, 1, 1, 1, 1, 1, {0, 0, 0, 0}, P},
        {"1x1 s1, batch of 2, 70 output channels of 3x5", 2, 9, 70, 3, 5, 1, 1, 1, 1, 1, 1, 1, {0, 0, 0, 0}, P},
        {"1x1 s1 with padding (im2col)", 1, 8, 12, 6, 6, 1, 1, 1, 1, 1, 1, 1, {1, 1, 1, 1}, B},
        {"1x1 s2 (im2col)", 2, 8, 12, 8, 8, 1, 1, 2, 2, 1, 1, 1, {0, 0, 0, 0}, B},
        {"grouped 3x3, 2 groups", 1, 8, 8, 6, 6, 3, 3, 1, 1, 1, 1, 2, {1, 1, 1, 1}, B},
        {"depthwise 3x3 s1 p1, 17 wide (two vectors and a rest)", 1, 12, 12, 13, 17, 3, 3, 1, 1, 1, 1, 12,
         {1, 1, 1, 1}, W},
        {"depthwise 3x3 s2 p1", 2, 8, 8, 15, 20, 3, 3, 2, 2, 1, 1, 8, {1, 1, 1, 1}, W},
        {"depthwise 5x5 p2, channel multiplier 2", 1, 4, 8, 9, 9, 5, 5, 1, 1, 1, 1, 4, {2, 2, 2, 2}, W},
        {"depthwise 3x3 dilation 2 p2, 7 wide", 1, 6, 6, 7, 7, 3, 3, 1, 1, 2, 2, 6, {2, 2, 2, 2}, W},
        {"depthwise 3x3 s2 p1, 32 channels, 20 wide (2 workers: rows cut on cache lines)", 1, 32, 32, 16, 40, 3,
         3, 2, 2, 1, 1, 32, {1, 1, 1, 1}, W},
        {"depthwise 3x3 p1, 32 channels of 14x14 (rows would cut cache lines: channels)", 1, 32, 32, 14, 14, 3,
         3, 1, 1, 1, 1, 32, {1, 1, 1, 1}, W},
        {"depthwise 3x3 p1 on 70x70 (a ring of three padded rows; smaller planes are padded whole)", 1, 4, 4, 70,
         70, 3, 3, 1, 1, 1, 1, 4, {1, 1, 1, 1}, W},
        {"depthwise 7x7 p3 (more kernel rows than accumulators)", 1, 3, 3, 9, 11, 7, 7, 1, 1, 1, 1, 3,
         {3, 3, 3, 3}, W},
        {"depthwise 17x1 p8 (more rows than the direct kernel takes: im2col)", 1, 2, 2, 20, 5, 17, 1, 1, 1, 1,
         1, 2, {8, 0, 8, 0}, B},
    };
    int threads[] = {1, 2, 3};
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        const conv_case *k = &cases[i];
        int64_t oh = conv_out(k->h, k->kh, k->sh, k->dh, k->pads[0], k->pads[2]);
        int64_t ow = conv_out(k->w, k->kw, k->sw, k->dw, k->pads[1], k->pads[3]);
        int64_t xs[1][4] = {{k->n, k->c, k->h, k->w}}, ys[4] = {k->n, k->oc, oh, ow};
        int xr[1] = {4};
        hs_op_attrs a = hs_op_attrs_default();
        a.kernel_h = k->kh, a.kernel_w = k->kw, a.stride_h = k->sh, a.stride_w = k->sw;
        a.dilation_h = k->dh, a.dilation_w = k->dw, a.group = k->group;
        memcpy(a.pads, k->pads, sizeof a.pads);
        /* pass 1: with a fused activation (attrs.activation), applied by each
         * worker to the block it computed */
        for (int pass = 0; pass < 2; pass++) {
            const act_case *ac = &acts[i % N_ACTS];
            hs_graph *g = graph_of("Conv", 1, xr, xs, 4, ys, &a, 0);
            CU_ASSERT_PTR_NOT_NULL_FATAL(g);
            if (pass)
                set_act(g, ac);
            hs_error err = {.msg = ""};
            hs_native_model *m = hs_native_model_new(g, 3 + i, &err);
            CU_ASSERT_PTR_NOT_NULL_FATAL(m);
            hs_cpu_conv_kernel want = k->want == D && !HAVE_DNNL_BUILD ? B : k->want;
            CU_ASSERT_EQUAL(hs_cpu_conv_kernel_of(&m->info[0], HAVE_DNNL_BUILD), want);
            int64_t n_out = g->tensors[g->ops[0].out[0]].elems;
            double *ref = malloc((size_t)n_out * sizeof *ref);
            CU_ASSERT_PTR_NOT_NULL_FATAL(ref);
            conv_ref(k, oh, ow, hs_native_host(m, g->inputs[0]), m->weights[0], ref);
            for (int64_t j = 0; pass && j < n_out; j++)
                ref[j] = act_ref(ac, ref[j]);
            for (size_t t = 0; t < sizeof threads / sizeof *threads; t++) {
                hs_native_backend *b = cpu(threads[t]);
                CU_ASSERT_PTR_NOT_NULL_FATAL(b);
                CU_ASSERT_EQUAL_FATAL(hs_native_bind(b, m, &err), 0);
                char what[200];
                snprintf(what, sizeof what, "%s (%s, %d workers%s%s)", k->what, hs_cpu_conv_kernel_name(want),
                         threads[t], pass ? ", fused " : "", pass ? ac->type : "");
                CU_ASSERT_EQUAL(check_parts(b, m, ref, what), 0);
                hs_native_backend_free(b);
            }
            free(ref);
            hs_native_model_free(m);
            hs_graph_free(g);
        }
    }
}

/* Every pointwise kernel this CPU runs (the backend uses only the first),
 * called directly on the whole output and on a block of channels x rows
 * (the rest of y must stay NaN), without and with a fused Clip, against
 * plain loops: 13 output channels (partial panels), 45 columns (partial
 * tiles), 300 input channels (two blocks) */
static void test_pointwise_kernels(void)
{
    const conv_case k = {"1x1", 1, 300, 13, 5, 9, 1, 1, 1, 1, 1, 1, 1, {0, 0, 0, 0}, HS_CPU_CONV_POINTWISE};
    int64_t xs[1][4] = {{1, 300, 5, 9}}, ys[4] = {1, 13, 5, 9};
    int xr[1] = {4}, ran = 0;
    hs_op_attrs a = hs_op_attrs_default();
    for (int pass = 0; pass < 2; pass++) {
        hs_graph *g = graph_of("Conv", 1, xr, xs, 4, ys, &a, 0);
        CU_ASSERT_PTR_NOT_NULL_FATAL(g);
        if (pass)
            set_act(g, &acts[1]);
        hs_error err = {.msg = ""};
        hs_native_model *m = hs_native_model_new(g, 91, &err);
        CU_ASSERT_PTR_NOT_NULL_FATAL(m);
        const hs_native_opinfo *f = &m->info[0];
        CU_ASSERT_TRUE(hs_cpu_pointwise_supported(f));
        double ref[13 * 45];
        conv_ref(&k, 5, 9, hs_native_host(m, g->inputs[0]), m->weights[0], ref);
        for (int j = 0; pass && j < 13 * 45; j++)
            ref[j] = act_ref(&acts[1], ref[j]);
        float *y = hs_native_host(m, g->ops[0].out[0]);
        float *scratch = malloc((size_t)hs_cpu_pointwise_scratch_floats(f) * sizeof(float));
        CU_ASSERT_PTR_NOT_NULL_FATAL(scratch);
        const int64_t blocks[2][4] = {{0, 13, 0, 5}, {3, 11, 1, 4}}; /* c0, c1, r0, r1 */
        for (int kk = 0; kk < HS_CPU_PW_KERNELS; kk++) {
            if (!hs_cpu_pointwise_runs((hs_cpu_pw_kernel)kk))
                continue;
            ran++;
            hs_cpu_pointwise_weights *p = hs_cpu_pointwise_pack_for(f, m->weights[0], (hs_cpu_pw_kernel)kk);
            CU_ASSERT_PTR_NOT_NULL_FATAL(p);
            for (int b = 0; b < 2; b++) {
                const int64_t *bl = blocks[b];
                memset(y, 0xff, 13 * 45 * sizeof(float)); /* NaN */
                hs_cpu_pointwise(f, p, hs_native_host(m, g->inputs[0]), y, 0, bl[0], bl[1], bl[2], bl[3], scratch);
                int wrong = 0;
                for (int c = 0; c < 13; c++)
                    for (int j = 0; j < 45; j++) {
                        int in = c >= bl[0] && c < bl[1] && j >= bl[2] * 9 && j < bl[3] * 9;
                        double r = ref[c * 45 + j], v = y[c * 45 + j];
                        if (in ? !(fabs(v - r) <= TOL * (1 + fabs(r))) : !isnan(v))
                            wrong++;
                    }
                if (wrong)
                    printf("\n  pointwise kernel %s, %s, block %d: %d elements wrong\n",
                           hs_cpu_pointwise_kernel_name((hs_cpu_pw_kernel)kk),
                           pass ? "fused Clip" : "no activation", b, wrong);
                CU_ASSERT_EQUAL(wrong, 0);
            }
            hs_cpu_pointwise_free(p);
        }
        free(scratch);
        hs_native_model_free(m);
        hs_graph_free(g);
    }
    CU_ASSERT_TRUE(ran >= 1); /* the baseline runs everywhere */
    CU_ASSERT_TRUE(hs_cpu_pointwise_runs(HS_CPU_PW_BASELINE));
}

/* Gemm [6 x 7] x [7 x 9] + bias and an element op (Add per channel,
 * MaxPool, BatchNormalization) with each fused activation, on 1-3 workers,
 * whole and split, against plain loops */
static void test_fused_act_kernels(void)
{
    int64_t xs[1][4] = {{6, 7}}, ys[2] = {6, 9};
    int xr[1] = {2};
    int bad = 0;
    for (size_t ai = 0; ai < N_ACTS; ai++) {
        hs_graph *g = graph_of("Gemm", 1, xr, xs, 2, ys, NULL, 0);
        CU_ASSERT_PTR_NOT_NULL_FATAL(g);
        set_act(g, &acts[ai]);
        hs_error err = {.msg = ""};
        hs_native_model *m = hs_native_model_new(g, 60 + ai, &err);
        CU_ASSERT_PTR_NOT_NULL_FATAL(m);
        const float *x = hs_native_host(m, g->inputs[0]), *w = m->weights[0];
        double ref[6 * 9];
        for (int r = 0; r < 6; r++)
            for (int j = 0; j < 9; j++) {
                double acc = w[63 + j];
                for (int k = 0; k < 7; k++)
                    acc += (double)x[r * 7 + k] * w[k * 9 + j];
                ref[r * 9 + j] = act_ref(&acts[ai], acc);
            }
        for (int t = 1; t <= 3; t++) {
            hs_native_backend *b = cpu(t);
            CU_ASSERT_PTR_NOT_NULL_FATAL(b);
            CU_ASSERT_EQUAL_FATAL(hs_native_bind(b, m, &err), 0);
            char what[96];
            snprintf(what, sizeof what, "Gemm, fused %s (%d workers)", acts[ai].type, t);
            bad += check_parts(b, m, ref, what);
            hs_native_backend_free(b);
        }
        hs_native_model_free(m);
        hs_graph_free(g);
    }
    CU_ASSERT_EQUAL(bad, 0);
}

/* element ops: whole and split, against plain loops */
typedef struct elem_case {
    const char *what, *type;
    int n_in;
    int xr[2];
    int64_t xs[2][4];
    int yr;
    int64_t ys[4];
    int kh, stride, pad; /* pooling */
    int64_t weight_elems;
} elem_case;

static void elem_ref(const elem_case *k, hs_native_model *m, double *ref)
{
    const hs_graph *g = hs_native_model_graph(m);
    const hs_native_opinfo *f = &m->info[0];
    const float *x = hs_native_host(m, g->inputs[0]), *w = m->weights[0];
    const float *x1 = k->n_in > 1 ? hs_native_host(m, g->inputs[1]) : NULL;
    int64_t C = k->ys[1], H = k->yr == 4 ? k->ys[2] : 1, Wd = k->yr == 4 ? k->ys[3] : 1;
    int64_t n_out = g->tensors[g->ops[0].out[0]].elems;
    for (int64_t i = 0; i < n_out; i++) {
        int64_t xx = i % Wd, yy = (i / Wd) % H, c = (i / (Wd * H)) % C, n = i / (Wd * H * C);
        double v = x[i < g->tensors[g->inputs[0]].elems ? i : 0];
        if (!strcmp(k->type, "Relu"))
            ref[i] = v > 0 ? v : 0;
        else if (!strcmp(k->type, "Clip"))
            ref[i] = v < 0 ? 0 : v > 6 ? 6 : v;
        else if (!strcmp(k->type, "LeakyRelu"))
            ref[i] = v > 0 ? v : (double)f->alpha * v; /* the op's alpha (ONNX default 0.01) */
        else if (!strcmp(k->type, "HardSigmoid")) /* ONNX's alpha 0.2, beta 0.5 */
            ref[i] = 0.2 * v + 0.5 < 0 ? 0 : 0.2 * v + 0.5 > 1 ? 1 : 0.2 * v + 0.5;
        else if (!strcmp(k->type, "Add") && k->n_in == 2) /* x1 is [1,C,1,1] or the same shape */
            ref[i] = v + x1[g->tensors[g->inputs[1]].elems == C ? c : i];
        else if (!strcmp(k->type, "HardSwish")) /* x relu6(x + 3) / 6 */
            ref[i] = v * (v + 3 < 0 ? 0 : v + 3 > 6 ? 6 : v + 3) / 6;
        else if (!strcmp(k->type, "Mul") && k->weight_elems == C) /* one per channel */
            ref[i] = v * w[c];
        else if (!strcmp(k->type, "Mul")) /* a constant of the trailing dims */
            ref[i] = v * w[i % k->weight_elems];
        else if (!strcmp(k->type, "Sub"))
            ref[i] = v - f->alpha;
        else if (!strcmp(k->type, "BatchNormalization"))
            ref[i] = v * w[c] + w[C + c];
        else if (!strcmp(k->type, "Concat")) { /* along channels: x0's, then x1's */
            int64_t c0 = k->xs[0][1];
            ref[i] = c < c0 ? x[((n * c0 + c) * H + yy) * Wd + xx]
                            : x1[((n * (C - c0) + c - c0) * H + yy) * Wd + xx];
        } else { /* MaxPool, AveragePool (padding not counted), GlobalAveragePool */
            int64_t h = k->xs[0][2], wi = k->xs[0][3];
            int kk = k->kh ? k->kh : (int)h, s = k->stride ? k->stride : 1, p = k->pad;
            double acc = !strcmp(k->type, "MaxPool") ? -INFINITY : 0;
            int cnt = 0;
            for (int ky = 0; ky < kk; ky++)
                for (int kx = 0; kx < (k->kh ? kk : (int)wi); kx++) {
                    int64_t iy = yy * s - p + ky, ix = xx * s - p + kx;
                    if (iy < 0 || iy >= h || ix < 0 || ix >= wi)
                        continue;
                    double u = x[((n * C + c) * h + iy) * wi + ix];
                    acc = !strcmp(k->type, "MaxPool") ? (u > acc ? u : acc) : acc + u;
                    cnt++;
                }
            ref[i] = !strcmp(k->type, "MaxPool") ? acc : acc / cnt;
        }
    }
}

static void test_elem_kernels(void)
{
    const elem_case cases[] = {
        {"Relu", "Relu", 1, {4}, {{2, 5, 7, 9}}, 4, {2, 5, 7, 9}, 0, 0, 0, 0},
        {"Clip (ReLU6)", "Clip", 1, {4}, {{1, 6, 5, 13}}, 4, {1, 6, 5, 13}, 0, 0, 0, 0},
        {"LeakyRelu", "LeakyRelu", 1, {4}, {{1, 3, 4, 5}}, 4, {1, 3, 4, 5}, 0, 0, 0, 0},
        {"Add, same shapes", "Add", 2, {4, 4}, {{1, 6, 5, 7}, {1, 6, 5, 7}}, 4, {1, 6, 5, 7}, 0, 0, 0, 0},
        {"Add, per-channel [1,C,1,1]", "Add", 2, {4, 4}, {{2, 6, 5, 7}, {1, 6, 1, 1}}, 4, {2, 6, 5, 7}, 0, 0,
         0, 0},
        {"Mul by a constant over H x W", "Mul", 1, {4}, {{1, 4, 3, 5}}, 4, {1, 4, 3, 5}, 0, 0, 0, 15},
        {"Mul by a constant per channel (a lowered BatchNormalization)", "Mul", 1, {4}, {{2, 6, 5, 7}}, 4,
         {2, 6, 5, 7}, 0, 0, 0, 6},
        {"HardSwish", "HardSwish", 1, {4}, {{1, 6, 5, 13}}, 4, {1, 6, 5, 13}, 0, 0, 0, 0},
        {"Sub a scalar", "Sub", 1, {4}, {{1, 4, 3, 5}}, 4, {1, 4, 3, 5}, 0, 0, 0, 0},
        {"BatchNormalization", "BatchNormalization", 1, {4}, {{2, 5, 4, 6}}, 4, {2, 5, 4, 6}, 0, 0, 0, 0},
        {"MaxPool 3x3 s2 p1", "MaxPool", 1, {4}, {{1, 4, 11, 12}}, 4, {1, 4, 6, 6}, 3, 2, 1, 0},
        {"MaxPool 2x2 s2 on an odd width", "MaxPool", 1, {4}, {{2, 3, 8, 9}}, 4, {2, 3, 4, 4}, 2, 2, 0, 0},
        {"MaxPool 5x5 s1 p2 on 3x3 (no tap-complete output)", "MaxPool", 1, {4}, {{1, 2, 3, 3}}, 4, {1, 2, 3, 3},
         5, 1, 2, 0},
        {"AveragePool 3x3 s1 p1", "AveragePool", 1, {4}, {{1, 3, 6, 7}}, 4, {1, 3, 6, 7}, 3, 1, 1, 0},
        {"GlobalAveragePool", "GlobalAveragePool", 1, {4}, {{2, 7, 5, 6}}, 4, {2, 7, 1, 1}, 0, 0, 0, 0},
        {"HardSigmoid", "HardSigmoid", 1, {4}, {{1, 6, 5, 13}}, 4, {1, 6, 5, 13}, 0, 0, 0, 0},
        {"ReduceMean over H, W, keepdims 0", "ReduceMean", 1, {4}, {{2, 7, 5, 6}}, 2, {2, 7}, 0, 0, 0, 0},
        {"Concat along channels", "Concat", 2, {4, 4}, {{1, 3, 4, 5}, {1, 5, 4, 5}}, 4, {1, 8, 4, 5}, 0, 0, 0,
         0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        const elem_case *k = &cases[i];
        hs_op_attrs a = hs_op_attrs_default();
        if (k->kh) {
            a.kernel_h = a.kernel_w = k->kh, a.stride_h = a.stride_w = k->stride;
            a.pads[0] = a.pads[1] = a.pads[2] = a.pads[3] = k->pad;
        }
        for (int pass = 0; pass < 2; pass++) {
            /* pass 1: with a fused activation, applied by each worker to its share */
            const act_case *ac = &acts[i % N_ACTS];
            hs_graph *g = graph_of(k->type, k->n_in, k->xr, k->xs, k->yr, k->ys, &a, k->weight_elems);
            CU_ASSERT_PTR_NOT_NULL_FATAL(g);
            if (pass)
                set_act(g, ac);
            if (!strcmp(k->type, "ReduceMean"))
                CU_ASSERT_EQUAL_FATAL(hs_attrs_set_ints(&g->ops[0].attr_list, "axes", (int64_t[]){2, 3}, 2), 0);
            hs_error err = {.msg = ""};
            hs_native_model *m = hs_native_model_new(g, 40 + i, &err);
            if (!m)
                printf("\n  %s: %s\n", k->what, err.msg);
            CU_ASSERT_PTR_NOT_NULL_FATAL(m);
            int64_t n_out = g->tensors[g->ops[0].out[0]].elems;
            double *ref = malloc((size_t)n_out * sizeof *ref);
            CU_ASSERT_PTR_NOT_NULL_FATAL(ref);
            elem_ref(k, m, ref);
            for (int64_t j = 0; pass && j < n_out; j++)
                ref[j] = act_ref(ac, ref[j]);
            for (int t = 1; t <= 3; t += 2) {
                hs_native_backend *b = cpu(t);
                CU_ASSERT_PTR_NOT_NULL_FATAL(b);
                CU_ASSERT_EQUAL_FATAL(hs_native_bind(b, m, &err), 0);
                char what[128];
                snprintf(what, sizeof what, "%s (%d workers%s%s)", k->what, t, pass ? ", fused " : "",
                         pass ? ac->type : "");
                CU_ASSERT_EQUAL(check_parts(b, m, ref, what), 0);
                hs_native_backend_free(b);
        }
        free(ref);
        hs_native_model_free(m);
        hs_graph_free(g);
        }
    }
}

/* A oneDNN part is created at its first run and kept: running the same
 * slices again, and more slices than an op keeps, still gives the reference. */
static void test_conv_parts_cached(void)
{
    const conv_case k = {"3x3", 1, 4, 20, 8, 8, 3, 3, 1, 1, 1, 1, 1, {1, 1, 1, 1}, HS_CPU_CONV_DNNL};
    int64_t xs[1][4] = {{1, 4, 8, 8}}, ys[4] = {1, 20, 8, 8};
    int xr[1] = {4};
    hs_op_attrs a = hs_op_attrs_default();
    a.kernel_h = a.kernel_w = 3;
    a.pads[0] = a.pads[1] = a.pads[2] = a.pads[3] = 1;
    hs_graph *g = graph_of("Conv", 1, xr, xs, 4, ys, &a, 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(g);
    hs_error err = {.msg = ""};
    hs_native_model *m = hs_native_model_new(g, 9, &err);
    hs_native_backend *b = cpu(2);
    CU_ASSERT_FATAL(m && b && hs_native_bind(b, m, &err) == 0);
    double ref[20 * 64];
    conv_ref(&k, 8, 8, hs_native_host(m, g->inputs[0]), m->weights[0], ref);
    float *out = hs_native_host(m, g->ops[0].out[0]);
    int bad = 0;
    for (int round = 0; round < 3; round++)
        for (int s = 1; s <= 2 * HS_CPU_DNNL_SLOTS; s++) { /* more slices than the slots */
            double cut = (double)s / (2 * HS_CPU_DNNL_SLOTS + 1);
            memset(out, 0xff, 20 * 64 * sizeof(float));
            hs_split_dim dim = s % 2 ? HS_SPLIT_OUT_C : HS_SPLIT_HEIGHT;
            bad += hs_native_run_op(b, 0, dim, 0, cut, &err) != 0;
            bad += hs_native_run_op(b, 0, dim, cut, 1, &err) != 0;
            bad += !(rel_err(out, ref, 20 * 64) < TOL);
        }
    CU_ASSERT_EQUAL(bad, 0);
    hs_native_backend_free(b);
    hs_native_model_free(m);
    hs_graph_free(g);
}
#endif

int hs_suite_native_cpu(void)
{
    CU_pSuite s = CU_add_suite("native cpu kernels", NULL, NULL);
    if (!s)
        return -1;
#ifdef HAVE_OPENBLAS
    if (!CU_add_test(s, "every Conv kernel vs loops, whole and split, 1-3 workers", test_conv_kernels) ||
        !CU_add_test(s, "element ops vs loops, whole and split", test_elem_kernels) ||
        !CU_add_test(s, "every pointwise kernel this CPU runs, whole and a block, vs loops",
                     test_pointwise_kernels) ||
        !CU_add_test(s, "oneDNN parts cached and replaced", test_conv_parts_cached) ||
        !CU_add_test(s, "Gemm with each fused activation vs loops, whole and split, 1-3 workers",
                     test_fused_act_kernels))
        return -1;
#else
    printf("note: native CPU kernel tests skipped: built without OpenBLAS (libopenblas-dev)\n");
#endif
    return 0;
}
