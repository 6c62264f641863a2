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
