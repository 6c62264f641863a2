/* CPU contention by op length (probe_contention.h). */
#include "native/probe_contention.h"
#include "native/timing.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "native/forkjoin.h"
#include "native/hogs.h"

/* Target step lengths (us): below, around and above the scheduler's time
 * slice (CFS: 0.75 ms minimum granularity x (1 + log2 cores), 6 ms latency;
 * EEVDF: a 0.75 ms base slice x the same factor). */
static const double steps_us[] = {50, 250, 1000, 4000, 16000};
#define N_STEPS ((int)(sizeof steps_us / sizeof *steps_us))

int hs_probe_contention_measure(int threads, int max_hogs, int reps, int progress,
                                hs_probe_contention *out, hs_error *err)
{
    memset(out, 0, sizeof *out);
    if (threads < 1 || threads > 64 || max_hogs < 0 || max_hogs > HS_PROBE_DUR_MAX_HOGS ||
        reps < 3) {
        hs_error_set(err, "probe: contention by op length: expected 1..64 threads, 0..%d hogs "
                          "and at least 3 repetitions",
                     HS_PROBE_DUR_MAX_HOGS);
        return -1;
    }
    if (reps > 9)
        reps = 9; /* long steps with hogs take seconds per point */
    hs_forkjoin w;
    hs_forkjoin_init(&w);
    /* iterations per us: one step of ~10 ms alone */
    w.rounds = 1;
    w.step_iters = 1 << 14;
    double t;
    for (;;) {
        if ((t = hs_forkjoin_run(&w, threads)) < 0) {
            hs_error_set(err, "probe: cannot start %d CPU threads", threads);
            return -1;
        }
        if (t >= 10000 || w.step_iters > (1L << 34))
            break;
        w.step_iters *= 2;
    }
    double per_us = (double)w.step_iters / t;
    out->threads = threads;
    out->n_hogs = max_hogs + 1;
    for (int d = 0; d < N_STEPS; d++) {
        w.step_iters = (long)(per_us * steps_us[d]);
        if (w.step_iters < 1)
            w.step_iters = 1;
        double r = 40000 / steps_us[d];
        w.rounds = r < 4 ? 4 : r > 400 ? 400 : (int)r;
        double alone[16], ratio[HS_PROBE_DUR_MAX_HOGS + 1][16];
        hs_forkjoin_run(&w, threads); /* warm-up */
        for (int rep = 0; rep < reps; rep++)
            for (int k = 0; k <= max_hogs; k++) {
                hs_hogs h;
                if (hs_hogs_start(&h, k, err) < 0)
                    return -1;
                double us = hs_forkjoin_run(&w, threads);
                hs_hogs_stop(&h);
                if (us < 0) {
                    hs_error_set(err, "probe: the fork-join workload failed");
                    return -1;
                }
                if (k == 0)
                    alone[rep] = us;
                ratio[k][rep] = us / alone[rep];
            }
        double sp = 0;
        out->op_us[d] = hs_native_median_rel(alone, reps, &sp) / w.rounds;
        out->spread[d] = sp;
        out->slowdown[d][0] = 1.0;
        for (int k = 1; k <= max_hogs; k++) {
            out->slowdown[d][k] = hs_native_median_rel(ratio[k], reps, &sp);
            if (sp > out->spread[d])
                out->spread[d] = sp;
        }
        if (progress) {
            fprintf(stderr, "hetsim native probe: CPU ops of %.0f us:", out->op_us[d]);
            for (int k = 1; k <= max_hogs; k++)
                fprintf(stderr, " %.2fx with %d hog(s)%s", out->slowdown[d][k], k,
                        k < max_hogs ? "," : "");
            fputc('\n', stderr);
        }
        out->n_durs = d + 1;
    }
    /* ascending op_us (measured lengths may cross under noise) */
    for (int i = 1; i < out->n_durs; i++)
        if (out->op_us[i] <= out->op_us[i - 1])
            out->op_us[i] = out->op_us[i - 1] * 1.01;
    return 0;
}

/* ---- from the backends' own kernels ---- */

/* Op i's mean time alone over the rounds of t, or 0 when a round timed it
 * 0 (not a layer): such ops are left out. */
static double alone_mean(const double *t, int n_ops, int rounds, int n_hogs, int i)
{
    double sum = 0;
    for (int r = 0; r < rounds; r++) {
        double v = t[(size_t)r * (size_t)n_hogs * (size_t)n_ops + (size_t)i];
        if (!(v > 0))
            return 0;
        sum += v;
    }
    return sum / rounds;
}

typedef struct timed_op {
    double alone; /* mean time alone */
    int i;
} timed_op;

static int by_alone(const void *a, const void *b)
{
    double x = ((const timed_op *)a)->alone, y = ((const timed_op *)b)->alone;
    return (x > y) - (x < y);
}

int hs_probe_contention_from_rounds(const double *t, int n_ops, int rounds, int n_hogs,
                                    int threads, hs_probe_contention *out)
{
    memset(out, 0, sizeof *out);
    if (n_ops < 1 || rounds < 1 || n_hogs < 2 || n_hogs > HS_PROBE_DUR_MAX_HOGS + 1)
        return -1;
    timed_op *order = malloc((size_t)n_ops * sizeof *order);
    double *ratio = malloc((size_t)rounds * sizeof *ratio);
    int rc = -1, n = 0;
    if (!order || !ratio)
        goto done;
    for (int i = 0; i < n_ops; i++) {
        double a = alone_mean(t, n_ops, rounds, n_hogs, i);
        if (a > 0)
            order[n++] = (timed_op){a, i};
    }
    if (n == 0)
        goto done;
    qsort(order, (size_t)n, sizeof *order, by_alone);
    /* class boundaries: start[d] .. start[d + 1] in order[] */
    double round = 0;
    for (int j = 0; j < n; j++)
        round += order[j].alone;
    int start[HS_PROBE_MAX_DURS + 1], nd = 0;
    start[0] = 0;
    double in_class = order[0].alone;
    for (int j = 1; j < n; j++) {
        if (order[j].alone > 4 * order[start[nd]].alone && j - start[nd] >= 4 &&
            in_class >= round / 8 && nd + 1 < HS_PROBE_MAX_DURS) {
            start[++nd] = j;
            in_class = 0;
        }
        in_class += order[j].alone;
    }
    start[++nd] = n;
    if (nd > 1 && (start[nd] - start[nd - 1] < 4 || in_class < round / 8)) {
        start[nd - 1] = n; /* a small last class joins the one before */
        nd--;
    }
    out->threads = threads;
    out->n_hogs = n_hogs;
    out->n_durs = nd;
    for (int d = 0; d < nd; d++) {
        double logsum = 0;
        for (int j = start[d]; j < start[d + 1]; j++)
            logsum += log(order[j].alone);
        out->op_us[d] = exp(logsum / (start[d + 1] - start[d]));
        out->slowdown[d][0] = 1.0;
        for (int k = 1; k < n_hogs; k++) {
            double sk = 0, s0 = 0;
            for (int r = 0; r < rounds; r++) {
                double rk = 0, r0 = 0;
                for (int j = start[d]; j < start[d + 1]; j++) {
                    const double *row = t + (size_t)r * (size_t)n_hogs * (size_t)n_ops;
                    r0 += row[order[j].i];
                    rk += row[(size_t)k * (size_t)n_ops + (size_t)order[j].i];
                }
                sk += rk;
                s0 += r0;
                ratio[r] = rk / r0;
            }
            out->slowdown[d][k] = sk / s0;
            double sp = 0;
            hs_native_median_rel(ratio, rounds, &sp);
            if (sp > out->spread[d])
                out->spread[d] = sp;
        }
    }
    for (int i = 1; i < out->n_durs; i++) /* equal lengths across classes */
        if (out->op_us[i] <= out->op_us[i - 1])
            out->op_us[i] = out->op_us[i - 1] * 1.01;
    rc = 0;
done:
    free(order);
    free(ratio);
    return rc;
}

int hs_probe_contention_fit(const double *t, int n_ops, int rounds, int n_hogs, int threads,
                            hs_probe_contention *out)
{
    memset(out, 0, sizeof *out);
    if (n_ops < 1 || rounds < 1 || n_hogs < 2 || n_hogs > HS_PROBE_DUR_MAX_HOGS + 1)
        return -1;
    double *a = calloc((size_t)n_ops, sizeof *a), *y = calloc((size_t)n_ops, sizeof *y);
    int rc = -1;
    if (!a || !y)
        goto done;
    double lo = 0, hi = 0;
    int n = 0;
    for (int i = 0; i < n_ops; i++) {
        if (!((a[i] = alone_mean(t, n_ops, rounds, n_hogs, i)) > 0))
            continue;
        lo = n == 0 || a[i] < lo ? a[i] : lo;
        hi = n == 0 || a[i] > hi ? a[i] : hi;
        n++;
    }
    if (n == 0)
        goto done;
    out->fitted = 1;
    out->threads = threads;
    out->n_hogs = n_hogs;
    out->fit_s[0] = 1;
    for (int k = 1; k < n_hogs; k++) {
        double sw = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
        for (int i = 0; i < n_ops; i++) {
            if (a[i] <= 0)
                continue;
            y[i] = 0;
            for (int r = 0; r < rounds; r++)
                y[i] += t[((size_t)r * (size_t)n_hogs + (size_t)k) * (size_t)n_ops + (size_t)i] /
                        rounds;
            double w = 1 / a[i];
            sw += w;
            sx += w * a[i];
            sy += w * y[i];
            sxx += w * a[i] * a[i];
            sxy += w * a[i] * y[i];
        }
        double det = sw * sxx - sx * sx, s = 1, c = 0;
        if (det > 0) {
            s = (sw * sxy - sx * sy) / det;
            c = (sy - s * sx) / sw;
        }
        if (c < 0) { /* no cost per op: through the origin */
            c = 0;
            s = sxx > 0 ? sxy / sxx : 1;
        }
        if (s < 1) { /* hogs cannot speed an op up */
            s = 1;
            c = (sy - sx) / sw > 0 ? (sy - sx) / sw : 0;
        }
        out->fit_s[k] = s;
        out->fit_c_us[k] = c;
        double e = 0;
        for (int i = 0; i < n_ops; i++)
            if (a[i] > 0)
                e += fabs(s * a[i] + c - y[i]) / y[i] / n;
        out->fit_err[k] = e;
    }
    /* the table at lengths about 3x apart across the measured range */
    int nd = hi > lo ? (int)ceil(log(hi / lo) / log(3.0)) + 1 : 1;
    if (nd > HS_PROBE_MAX_DURS)
        nd = HS_PROBE_MAX_DURS;
    out->n_durs = nd;
    for (int d = 0; d < nd; d++) {
        out->op_us[d] = nd > 1 ? lo * pow(hi / lo, (double)d / (nd - 1)) : lo;
        for (int k = 0; k < n_hogs; k++)
            out->slowdown[d][k] = out->fit_s[k] + out->fit_c_us[k] / out->op_us[d];
    }
    rc = 0;
done:
    free(a);
    free(y);
    return rc;
}

void hs_probe_monotone(const double *raw, int n, double *m)
{
    for (int k = 0; k < n; k++)
        m[k] = k == 0 ? 1.0 : raw[k] > m[k - 1] ? raw[k] : m[k - 1];
}

void hs_probe_contention_model(const hs_probe_contention *c, hs_contention *out)
{
    memset(out, 0, sizeof *out);
    out->model = HS_CONT_MEASURED;
    out->n_points = c->n_hogs < HS_CONT_MAX_POINTS ? c->n_hogs : HS_CONT_MAX_POINTS;
    out->n_durs = c->n_durs < HS_CONT_MAX_DURS ? c->n_durs : HS_CONT_MAX_DURS;
    double m[HS_PROBE_DUR_MAX_HOGS + 1];
    for (int d = 0; d < out->n_durs; d++) {
        hs_probe_monotone(c->slowdown[d], c->n_hogs, m);
        out->dur_us[d] = c->op_us[d];
        memcpy(out->dur_points[d], m, (size_t)out->n_points * sizeof *m);
        if (d == 0)
            memcpy(out->points, m, (size_t)out->n_points * sizeof *m);
    }
}
