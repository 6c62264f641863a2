/* Rates of a native backend's own kernels per op class (probe_rates.h). */
#include "native/probe_rates.h"

#include <cjson/cJSON.h>
#include <gsl/gsl_multifit.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/strbuf.h"
#include "sim/latency.h"
#include "native/hogs.h"
#include "native/timing.h"


/* ---- the calibration graph: typical layers of CNNs at 224x224, batch 1 ---- */

typedef struct layer {
    const char *kind; /* conv, dw, gemm, maxpool, gap, add, mul, sigmoid, relu, concat */
    int cin, cout, hw, k, stride;
    int group; /* conv: groups (0, 1: dense) */
    int fit;   /* 1: the point enters its class's fit; 0: measured and kept, not fitted */
} layer;

static const layer layers[] = {
    /* 1x1 convolutions (OpenBLAS sgemm / oneDNN on the CPU, CLBlast on OpenCL) */
    {"conv", 64, 64, 56, 1, 1, 0, 1}, {"conv", 128, 128, 28, 1, 1, 0, 1},
    {"conv", 256, 256, 14, 1, 1, 0, 1},
    {"conv", 512, 512, 7, 1, 1, 0, 1}, {"conv", 24, 144, 56, 1, 1, 0, 1},
    /* ... and small ones (SqueezeNet's squeeze, MobileNetV3 / MnasNet's late
     * expansions): without them the fit's fixed cost is an extrapolation */
    {"conv", 64, 16, 13, 1, 1, 0, 1}, {"conv", 40, 120, 28, 1, 1, 0, 1},
    {"conv", 160, 960, 7, 1, 1, 0, 1},
    /* 3x3 convolutions */
    {"conv", 3, 32, 224, 3, 2, 0, 1}, {"conv", 64, 64, 56, 3, 1, 0, 1},
    {"conv", 128, 128, 28, 3, 1, 0, 1},
    {"conv", 256, 256, 14, 3, 1, 0, 1}, {"conv", 512, 512, 7, 3, 1, 0, 1},
    {"conv", 16, 64, 13, 3, 1, 0, 1}, {"conv", 32, 32, 28, 3, 1, 0, 1},
    {"conv", 48, 48, 14, 3, 1, 0, 1},
    /* grouped 3x3 (8 channels a group: RegNet, ResNeXt): the gconv class,
     * which the backend runs many times slower per FLOP than dense ones */
    {"conv", 48, 48, 56, 3, 1, 6, 1}, {"conv", 104, 104, 28, 3, 1, 13, 1},
    {"conv", 208, 208, 14, 3, 1, 26, 1},
    {"conv", 440, 440, 7, 3, 1, 55, 1},
    /* depthwise 3x3 */
    {"dw", 32, 32, 112, 3, 1, 0, 1}, {"dw", 144, 144, 56, 3, 1, 0, 1},
    {"dw", 384, 384, 28, 3, 1, 0, 1},
    {"dw", 960, 960, 7, 3, 1, 0, 1}, {"dw", 96, 96, 112, 3, 2, 0, 1},
    {"dw", 240, 240, 14, 3, 1, 0, 1}, {"dw", 72, 72, 28, 5, 1, 0, 1}, /* 5x5: MobileNetV3, MnasNet */
    {"dw", 672, 672, 7, 5, 1, 0, 1},
    /* fully connected */
    {"gemm", 512, 1000, 1, 1, 1, 0, 1}, {"gemm", 1280, 1000, 1, 1, 1, 0, 1},
    {"gemm", 2048, 1000, 1, 1, 1, 0, 1},
    {"gemm", 4096, 1000, 1, 1, 1, 0, 1},
    /* pools */
    {"maxpool", 64, 64, 112, 3, 2, 0, 1}, {"gap", 512, 512, 7, 1, 1, 0, 1},
    {"gap", 1280, 1280, 7, 1, 1, 0, 1},
    {"gap", 256, 256, 56, 1, 1, 0, 1},
    /* elementwise */
    {"add", 64, 64, 56, 1, 1, 0, 1}, {"add", 256, 256, 14, 1, 1, 0, 1},
    {"add", 24, 24, 112, 1, 1, 0, 1},
    {"mul", 96, 96, 56, 1, 1, 0, 1}, {"sigmoid", 144, 144, 28, 1, 1, 0, 1},
    /* HardSwish (what the lowering makes of MobileNetV3's HardSigmoid x x): a clamp
     * and two multiplies per element, where Sigmoid pays an exp */
    {"hardswish", 16, 16, 112, 1, 1, 0, 1}, {"hardswish", 240, 240, 14, 1, 1, 0, 1},
    /* activations */
    {"relu", 64, 64, 112, 1, 1, 0, 1}, {"relu", 256, 256, 28, 1, 1, 0, 1},
    {"relu", 512, 512, 7, 1, 1, 0, 1},
    /* data movement */
    {"concat", 64, 128, 56, 1, 1, 0, 1}, {"concat", 256, 512, 14, 1, 1, 0, 1},
    {"concat", 32, 64, 112, 1, 1, 0, 1},
};
#define N_LAYERS (int)(sizeof layers / sizeof layers[0])

static int out_hw(const layer *l)
{
    int pad = l->k / 2;
    return (l->hw + 2 * pad - l->k) / l->stride + 1;
}

static void describe(const layer *l, char *buf, size_t n)
{
    if (strcmp(l->kind, "conv") == 0 && l->group > 1)
        snprintf(buf, n, "conv%dx%d %d->%d g%d @%d/%d", l->k, l->k, l->cin, l->cout, l->group,
                 l->hw, l->stride);
    else if (strcmp(l->kind, "conv") == 0)
        snprintf(buf, n, "conv%dx%d %d->%d @%d/%d", l->k, l->k, l->cin, l->cout, l->hw, l->stride);
    else if (strcmp(l->kind, "dw") == 0)
        snprintf(buf, n, "dwconv%dx%d %d @%d/%d", l->k, l->k, l->cin, l->hw, l->stride);
    else if (strcmp(l->kind, "gemm") == 0)
        snprintf(buf, n, "gemm 1x%d->%d", l->cin, l->cout);
    else
        snprintf(buf, n, "%s %dx%dx%d", l->kind, l->cin, l->hw, l->hw);
}

/* The graph as "hetsim-model" JSON: every layer reads graph inputs of its own. */
static char *graph_json(void)
{
    hs_sbuf b = {0};
    hs_sb_puts(&b, "{\"format\": \"hetsim-model\", \"version\": 1, \"name\": \"probe-rates\", "
                   "\"inputs\": [");
    for (int i = 0; i < N_LAYERS; i++) {
        const layer *l = &layers[i];
        if (strcmp(l->kind, "gemm") == 0)
            hs_sb_printf(&b, "%s{\"name\": \"x%d\", \"shape\": [1, %d]}", i ? ", " : "", i, l->cin);
        else
            hs_sb_printf(&b, "%s{\"name\": \"x%d\", \"shape\": [1, %d, %d, %d]}", i ? ", " : "", i,
                         l->cin, l->hw, l->hw);
        if (!strcmp(l->kind, "add") || !strcmp(l->kind, "mul") || !strcmp(l->kind, "concat"))
            hs_sb_printf(&b, ", {\"name\": \"z%d\", \"shape\": [1, %d, %d, %d]}", i,
                         strcmp(l->kind, "concat") ? l->cin : l->cout - l->cin, l->hw, l->hw);
    }
    hs_sb_puts(&b, "], \"outputs\": [");
    for (int i = 0; i < N_LAYERS; i++)
        hs_sb_printf(&b, "%s\"y%d\"", i ? ", " : "", i);
    hs_sb_puts(&b, "], \"ops\": [");
    for (int i = 0; i < N_LAYERS; i++) {
        const layer *l = &layers[i];
        int o = out_hw(l), p = l->k / 2;
        hs_sb_puts(&b, i ? ",\n" : "\n");
        if (!strcmp(l->kind, "conv") || !strcmp(l->kind, "dw"))
            hs_sb_printf(&b,
                         "{\"name\": \"op%d\", \"type\": \"Conv\", \"inputs\": [\"x%d\"], "
                         "\"outputs\": [{\"name\": \"y%d\", \"shape\": [1, %d, %d, %d]}], "
                         "\"attrs\": {\"kernel_shape\": [%d, %d], \"strides\": [%d, %d], "
                         "\"pads\": [%d, %d, %d, %d], \"group\": %d}}",
                         i, i, i, l->cout, o, o, l->k, l->k, l->stride, l->stride, p, p, p, p,
                         strcmp(l->kind, "dw") ? (l->group > 1 ? l->group : 1) : l->cin);
        else if (!strcmp(l->kind, "gemm"))
            hs_sb_printf(&b,
                         "{\"name\": \"op%d\", \"type\": \"Gemm\", \"inputs\": [\"x%d\"], "
                         "\"outputs\": [{\"name\": \"y%d\", \"shape\": [1, %d]}], "
                         "\"attrs\": {\"transB\": 1}}",
                         i, i, i, l->cout);
        else if (!strcmp(l->kind, "maxpool"))
            hs_sb_printf(&b,
                         "{\"name\": \"op%d\", \"type\": \"MaxPool\", \"inputs\": [\"x%d\"], "
                         "\"outputs\": [{\"name\": \"y%d\", \"shape\": [1, %d, %d, %d]}], "
                         "\"attrs\": {\"kernel_shape\": [3, 3], \"strides\": [2, 2], "
                         "\"pads\": [1, 1, 1, 1]}}",
                         i, i, i, l->cout, o, o);
        else if (!strcmp(l->kind, "gap"))
            hs_sb_printf(&b,
                         "{\"name\": \"op%d\", \"type\": \"GlobalAveragePool\", \"inputs\": "
                         "[\"x%d\"], \"outputs\": [{\"name\": \"y%d\", \"shape\": [1, %d, 1, 1]}]}",
                         i, i, i, l->cout);
        else {
            const char *ty = !strcmp(l->kind, "add")       ? "Add"
                             : !strcmp(l->kind, "mul")     ? "Mul"
                             : !strcmp(l->kind, "sigmoid") ? "Sigmoid"
                             : !strcmp(l->kind, "hardswish") ? "HardSwish"
                             : !strcmp(l->kind, "relu")    ? "Relu"
                                                           : "Concat";
            int two = !strcmp(l->kind, "add") || !strcmp(l->kind, "mul") ||
                      !strcmp(l->kind, "concat");
            hs_sb_printf(&b,
                         "{\"name\": \"op%d\", \"type\": \"%s\", \"inputs\": [\"x%d\"%s", i, ty,
                         i, two ? ", " : "");
            if (two)
                hs_sb_printf(&b, "\"z%d\"", i);
            hs_sb_printf(&b, "], \"outputs\": [{\"name\": \"y%d\", \"shape\": [1, %d, %d, %d]}]%s}",
                         i, l->cout, l->hw, l->hw,
                         !strcmp(l->kind, "concat") ? ", \"attrs\": {\"axis\": 1}" : "");
        }
    }
    hs_sb_puts(&b, "\n]}\n");
    if (b.oom) {
        free(b.s);
        return NULL;
    }
    return b.s;
}

hs_graph *hs_probe_rates_graph(hs_error *err)
{
    char *text = graph_json();
    if (!text) {
        hs_error_set(err, "out of memory");
        return NULL;
    }
    cJSON *root = cJSON_Parse(text);
    free(text);
    if (!root) {
        hs_error_set(err, "probe rates: the calibration graph is not JSON (a bug)");
        return NULL;
    }
    hs_graph *g = hs_graph_from_json(root, "probe-rates (calibration graph)", err);
    cJSON_Delete(root);
    return g;
}

/* ---- fitting ---- */

/* us = c[0] + c[1] MFLOP + c[2] MB over the n points of a class, c >= 0:
 * weighted least squares (weights 1 / us^2: relative errors count) on each
 * subset of the three terms; the subset with every coefficient >= 0 and the
 * smallest mean absolute percentage error wins (an empty subset never does).
 * Returns that error in percent. */
static double fit_class(const double *mflop, const double *mb, const double *y, int n, double c[3])
{
    double best = INFINITY;
    c[0] = c[1] = c[2] = 0;
    for (int mask = 1; mask < 8; mask++) {
        int cols[3], p = 0;
        for (int j = 0; j < 3; j++)
            if (mask & (1 << j))
                cols[p++] = j;
        if (p > n)
            continue;
        gsl_matrix *X = gsl_matrix_alloc((size_t)n, (size_t)p), *cov = gsl_matrix_alloc((size_t)p, (size_t)p);
        gsl_vector *Y = gsl_vector_alloc((size_t)n), *W = gsl_vector_alloc((size_t)n),
                   *C = gsl_vector_alloc((size_t)p);
        gsl_multifit_linear_workspace *ws = gsl_multifit_linear_alloc((size_t)n, (size_t)p);
        if (X && cov && Y && W && C && ws) {
            for (int i = 0; i < n; i++) {
                const double v[3] = {1.0, mflop[i], mb[i]};
                for (int q = 0; q < p; q++)
                    gsl_matrix_set(X, (size_t)i, (size_t)q, v[cols[q]]);
                gsl_vector_set(Y, (size_t)i, y[i]);
                gsl_vector_set(W, (size_t)i, 1.0 / (y[i] * y[i]));
            }
            double chisq;
            if (gsl_multifit_wlinear(X, W, Y, C, cov, &chisq, ws) == 0) {
                double t[3] = {0, 0, 0};
                int ok = 1;
                for (int q = 0; q < p; q++) {
                    t[cols[q]] = gsl_vector_get(C, (size_t)q);
                    ok &= t[cols[q]] >= 0 && isfinite(t[cols[q]]);
                }
                double e = 0;
                for (int i = 0; i < n && ok; i++)
                    e += fabs(t[0] + t[1] * mflop[i] + t[2] * mb[i] - y[i]) / y[i];
                e = 100 * e / n;
                if (ok && e < best - 1e-9) {
                    best = e;
                    memcpy(c, t, sizeof t);
                }
            }
        }
        gsl_multifit_linear_free(ws);
        gsl_vector_free(C);
        gsl_vector_free(W);
        gsl_vector_free(Y);
        gsl_matrix_free(cov);
        gsl_matrix_free(X);
    }
    return isfinite(best) ? best : 100;
}

void hs_probe_rates_fit(hs_probe_rates *r)
{
    double x1[HS_RATES_MAX_POINTS], x2[HS_RATES_MAX_POINTS], y[HS_RATES_MAX_POINTS];
    for (int k = 0; k < HS_OPC_COUNT; k++) {
        int n = 0;
        for (int i = 0; i < r->n_points; i++)
            if (r->pts[i].cls == k && r->pts[i].us > 0 && r->pts[i].fitted) {
                x1[n] = r->pts[i].mflop;
                x2[n] = r->pts[i].mb;
                y[n++] = r->pts[i].us;
            }
        hs_op_model *m = &r->cls[k];
        memset(m, 0, sizeof *m);
        if (n == 0)
            continue;
        double c[3];
        m->mape_train = fit_class(x1, x2, y, n, c);
        m->present = 1;
        m->overhead_us = c[0];
        m->us_per_mflop = c[1];
        m->us_per_mb = c[2];
        m->occupancy_exp = 1;
        m->n_train = n;
        m->mape_test = -1;
    }
}

/* One call of op i, enqueue to finish: its time in us, or -1 with err. */
static double time_op(hs_native_backend *b, int i, hs_error *err)
{
    double t0 = hs_native_now_us();
    if (hs_native_run_op(b, i, HS_SPLIT_NONE, 0, 1, err) < 0 || hs_native_finish(b, err) < 0)
        return -1;
    return hs_native_now_us() - t0;
}

int hs_probe_rates_n_ops(const hs_graph *g)
{
    return g->n_ops < HS_RATES_MAX_POINTS ? g->n_ops : HS_RATES_MAX_POINTS;
}

int hs_probe_rates_round(hs_native_backend *b, const hs_graph *g, double *us, hs_error *err)
{
    int n = hs_probe_rates_n_ops(g);
    for (int i = 0; i < n; i++) {
        us[i] = 0;
        if (hs_op_class_of(&g->ops[i]) >= 0 && (us[i] = time_op(b, i, err)) < 0)
            return -1;
    }
    return 0;
}

int hs_probe_rates_per_block(double round_us)
{
    int per_block = round_us > 0 ? (int)ceil(200e3 / round_us) : 1;
    return per_block > 64 ? 64 : per_block;
}

hs_native_model *hs_probe_rates_bind(hs_native_backend *b, const hs_graph *g, hs_error *err)
{
    hs_native_model *m = hs_native_model_new(g, 7, err);
    if (!m)
        return NULL;
    if (hs_native_bind(b, m, err) < 0)
        goto fail;
    for (int k = 0; k < g->n_inputs; k++)
        if (hs_native_transfer(b, g->inputs[k], HS_TO_DEVICE, HS_SPLIT_NONE, 0, 1, err) < 0)
            goto fail;
    return m;
fail:
    hs_native_model_free(m);
    return NULL;
}

/* The layers in rounds alone and with 1..max_hogs hogs, in turn (a round:
 * each layer once, as a frame), into out->contention and contention_fit;
 * the hogs run for blocks of rounds (hs_probe_rates_per_block). */
static int hog_rounds(hs_native_backend *b, const hs_graph *g, int n_ops, int reps, int max_hogs,
                      double round_us, hs_probe_rates *out, hs_error *err)
{
    int per_block = hs_probe_rates_per_block(round_us);
    /* 2 reps blocks per hog count: where a preemption lands is the noise */
    int blocks = 2 * reps, rounds = blocks * per_block, nk = max_hogs + 1;
    double *t = calloc((size_t)rounds * (size_t)nk * (size_t)n_ops, sizeof *t);
    if (!t) {
        hs_error_set(err, "out of memory");
        return -1;
    }
    for (int blk = 0; blk < blocks; blk++)
        for (int k = 0; k < nk; k++) {
            hs_hogs h;
            if (hs_hogs_start(&h, k, err) < 0)
                goto fail;
            for (int r = blk * per_block; r < (blk + 1) * per_block; r++)
                if (hs_probe_rates_round(b, g, t + ((size_t)r * (size_t)nk + (size_t)k) *
                                                       (size_t)n_ops,
                                         err) < 0) {
                    hs_hogs_stop(&h);
                    goto fail;
                }
            hs_hogs_stop(&h);
        }
    if (hs_probe_contention_from_rounds(t, n_ops, rounds, nk, 0, &out->contention) < 0 ||
        hs_probe_contention_fit(t, n_ops, rounds, nk, 0, &out->contention_fit) < 0) {
        hs_error_set(err, "probe rates: no layer to measure contention with");
        goto fail;
    }
    free(t);
    return 0;
fail:
    free(t);
    return -1;
}

int hs_probe_rates_measure(hs_native_backend *b, int reps, int max_hogs, hs_probe_rates *out,
                           hs_error *err)
{
    memset(out, 0, sizeof *out);
    if (reps < 3 || max_hogs < 0 || max_hogs > HS_PROBE_DUR_MAX_HOGS) {
        hs_error_set(err, "probe rates: expected at least 3 repetitions and 0..%d hogs, got %d "
                          "and %d",
                     HS_PROBE_DUR_MAX_HOGS, reps, max_hogs);
        return -1;
    }
    snprintf(out->backend, sizeof out->backend, "%s backend on %s", hs_native_backend_name(b),
             hs_native_backend_device(b));
    hs_graph *g = hs_probe_rates_graph(err);
    if (!g)
        return -1;
    int rc = -1;
    int n_ops = hs_probe_rates_n_ops(g);
    double *v = malloc((size_t)reps * sizeof *v), *round = malloc((size_t)n_ops * sizeof *round);
    hs_native_model *m = NULL;
    if (!v || !round) {
        hs_error_set(err, "out of memory");
        goto done;
    }
    if (!(m = hs_probe_rates_bind(b, g, err)))
        goto done;
    /* round robin, as a model's frame runs its layers: each op finds the
     * caches holding the other ops' data, not its own */
    double *tv = malloc((size_t)n_ops * (size_t)reps * sizeof *tv);
    if (!tv) {
        hs_error_set(err, "out of memory");
        goto done;
    }
    for (int r = -1; r < reps; r++) {
        if (hs_probe_rates_round(b, g, round, err) < 0) {
            free(tv);
            goto done;
        }
        for (int i = 0; r >= 0 && i < n_ops; i++)
            tv[(size_t)i * (size_t)reps + (size_t)r] = round[i];
    }
    double rates[HS_RATES_MAX_POINTS];
    int n_rates = 0;
    for (int i = 0; i < n_ops; i++) {
        const hs_op *op = &g->ops[i];
        hs_rate_point *pt = &out->pts[out->n_points];
        describe(&layers[i], pt->what, sizeof pt->what);
        pt->cls = hs_op_class_of(op);
        if (pt->cls < 0)
            continue;
        pt->mflop = op->flops / 1e6;
        pt->mb = hs_op_bytes(op, HS_DT_FP32) / 1e6;
        pt->fitted = layers[i].fit;
        memcpy(v, tv + (size_t)i * (size_t)reps, (size_t)reps * sizeof *v);
        double sum = 0;
        for (int r = 0; r < reps; r++)
            sum += v[r];
        double med = hs_native_median_rel(v, reps, &pt->spread);
        /* the mean: a frame's time is the sum of its ops' means, stalls included
         * (a median leaves out the preempted calls a frame does pay for) */
        pt->us = sum / reps;
        pt->median_us = med;
        out->n_points++;
        if ((pt->cls == HS_OPC_CONV1X1 || pt->cls == HS_OPC_CONV || pt->cls == HS_OPC_GEMM) &&
            pt->us > 0 && pt->fitted) {
            double gf = pt->mflop / pt->us * 1e3; /* MFLOP/us = 1e3 GFLOP/s */
            rates[n_rates++] = gf;
            if (gf > out->best_gflops)
                out->best_gflops = gf;
        }
    }
    free(tv);
    if (n_rates > 0) {
        out->median_gflops = hs_native_median(rates, n_rates, NULL);
    }
    hs_probe_rates_fit(out);
    double round_us = 0;
    for (int i = 0; i < out->n_points; i++)
        round_us += out->pts[i].us;
    if (max_hogs > 0 && hog_rounds(b, g, n_ops, reps, max_hogs, round_us, out, err) < 0)
        goto done;
    rc = 0;
done:
    free(v);
    free(round);
    hs_native_model_free(m);
    hs_graph_free(g);
    return rc;
}

int hs_probe_rates_cpu(int threads, int reps, int max_hogs, hs_probe_rates *out, hs_error *err)
{
    hs_native_cpu_opts co = {0, threads};
    hs_native_backend *b = hs_native_cpu_new(&co, err);
    if (!b)
        return -1;
    int rc = hs_probe_rates_measure(b, reps, max_hogs, out, err);
    hs_native_backend_free(b);
    return rc;
}

int hs_probe_rates_opencl(int platform, int device, int reps, int max_hogs, hs_probe_rates *out,
                          hs_error *err)
{
    hs_native_cl_opts co = {platform, device, 0};
    hs_native_backend *b = hs_native_opencl_new(&co, err);
    if (!b)
        return -1;
    int rc = hs_probe_rates_measure(b, reps, max_hogs, out, err);
    hs_native_backend_free(b);
    return rc;
}

/* ---- JSON ---- */

static cJSON *fit_json(int n, double mape)
{
    cJSON *f = cJSON_CreateObject();
    cJSON_AddNumberToObject(f, "n_train", n);
    cJSON_AddNumberToObject(f, "mape_train", round(mape * 100) / 100);
    cJSON_AddNumberToObject(f, "n_test", 0);
    return f;
}

cJSON *hs_probe_rates_op_models(const hs_probe_rates *r)
{
    cJSON *arr = cJSON_CreateArray(), *set = cJSON_CreateObject(), *cls = cJSON_CreateObject();
    if (!arr || !set || !cls) {
        cJSON_Delete(arr);
        cJSON_Delete(set);
        cJSON_Delete(cls);
        return NULL;
    }
    cJSON_AddItemToArray(arr, set);
    cJSON_AddStringToObject(set, "dtype", "fp32");
    char src[512];
    snprintf(src, sizeof src,
             "measured: hetsim native probe ran a calibration graph of %d typical CNN layers "
             "(batch 1) on the %s, one op at a time, mean of the calls; per class "
             "us = overhead + a MFLOP + b MB, weighted least squares (relative errors), "
             "coefficients >= 0",
             r->n_points, r->backend);
    cJSON_AddStringToObject(set, "source", src);
    int n = 0;
    double e = 0;
    for (int k = 0; k < HS_OPC_COUNT; k++)
        if (r->cls[k].present) {
            n += r->cls[k].n_train;
            e += r->cls[k].mape_train * r->cls[k].n_train;
        }
    cJSON_AddItemToObject(set, "fit", fit_json(n, n ? e / n : 0));
    cJSON_AddItemToObject(set, "classes", cls);
    for (int k = 0; k < HS_OPC_COUNT; k++) {
        const hs_op_model *m = &r->cls[k];
        if (!m->present)
            continue;
        cJSON *c = cJSON_CreateObject();
        cJSON_AddNumberToObject(c, "overhead_us", round(m->overhead_us * 1e4) / 1e4);
        cJSON_AddNumberToObject(c, "us_per_mflop", round(m->us_per_mflop * 1e6) / 1e6);
        cJSON_AddNumberToObject(c, "us_per_mb", round(m->us_per_mb * 1e6) / 1e6);
        cJSON_AddItemToObject(c, "fit", fit_json(m->n_train, m->mape_train));
        cJSON_AddItemToObject(cls, hs_op_class_names[k], c);
    }
    return arr;
}

cJSON *hs_probe_rates_points(const hs_probe_rates *r)
{
    cJSON *arr = cJSON_CreateArray();
    for (int i = 0; arr && i < r->n_points; i++) {
        const hs_rate_point *p = &r->pts[i];
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "op", p->what);
        cJSON_AddStringToObject(o, "class", hs_op_class_names[p->cls]);
        cJSON_AddNumberToObject(o, "mflop", round(p->mflop * 1e4) / 1e4);
        cJSON_AddNumberToObject(o, "mb", round(p->mb * 1e4) / 1e4);
        cJSON_AddNumberToObject(o, "us", round(p->us * 1e3) / 1e3);
        cJSON_AddNumberToObject(o, "median_us", round(p->median_us * 1e3) / 1e3);
        cJSON_AddNumberToObject(o, "spread", round(p->spread * 1e3) / 1e3);
        if (!p->fitted)
            cJSON_AddBoolToObject(o, "fitted", 0);
        cJSON_AddItemToArray(arr, o);
    }
    return arr;
}
