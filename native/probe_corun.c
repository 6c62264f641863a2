/* Co-run interference on the backends' own kernels (probe_corun.h). */
#include "native/probe_corun.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "native/native.h"
#include "native/probe_rates.h"
#include "native/timing.h"

double hs_probe_corun_load(const hs_contention *c, const double *us, int n, double ratio)
{
    if (ratio <= 1)
        return 0;
    double lo = 0, hi = 64;
    for (int it = 0; it < 60; it++) {
        double mid = 0.5 * (lo + hi), slow = 0, alone = 0;
        for (int i = 0; i < n; i++)
            if (us[i] > 0) {
                alone += us[i];
                slow += us[i] * hs_contention_slowdown_op(c, 1, mid, 1, us[i]);
            }
        if (alone <= 0)
            return 0;
        if (slow / alone < ratio)
            lo = mid;
        else
            hi = mid;
    }
    return 0.5 * (lo + hi);
}

/* One side: a backend bound to the calibration graph. */
typedef struct side {
    hs_native_backend *b;
    hs_native_model *m;
    double *us; /* a round's times */
} side;

/* The other side, looping rounds in a thread until stopped. */
typedef struct looper {
    side *s;
    const hs_graph *g;
    atomic_int stop;
    int failed;
    hs_error err;
} looper;

static void *loop_main(void *arg)
{
    looper *l = arg;
    while (!atomic_load(&l->stop))
        if (hs_probe_rates_round(l->s->b, l->g, l->s->us, &l->err) < 0) {
            l->failed = 1;
            break;
        }
    return NULL;
}

/* Blocks of `per_block` rounds of `a`, alone and with `o` looping, in turn;
 * *ratio, *spread as the header says, alone[i] each layer's mean time alone. */
static int measure_side(side *a, side *o, const hs_graph *g, int reps, double *ratio,
                        double *spread, double *alone, hs_error *err)
{
    int n = hs_probe_rates_n_ops(g);
    if (hs_probe_rates_round(a->b, g, a->us, err) < 0) /* warm-up, and a block's length */
        return -1;
    double round_us = 0;
    for (int i = 0; i < n; i++)
        round_us += a->us[i];
    int per_block = hs_probe_rates_per_block(round_us);
    double block_ratio[64], sum_with = 0, sum_alone = 0;
    if (reps > 64)
        reps = 64;
    memset(alone, 0, (size_t)n * sizeof *alone);
    for (int r = 0; r < reps; r++) {
        double t[2] = {0, 0};
        for (int with = 0; with < 2; with++) {
            looper l = {.s = o, .g = g, .err = {.msg = ""}};
            atomic_init(&l.stop, 0);
            pthread_t th;
            if (with) {
                if (pthread_create(&th, NULL, loop_main, &l) != 0) {
                    hs_error_set(err, "probe: cannot start a thread");
                    return -1;
                }
                usleep(2000);
            }
            int bad = 0;
            for (int k = 0; k < per_block && !bad; k++) {
                bad = hs_probe_rates_round(a->b, g, a->us, err) < 0;
                for (int i = 0; i < n && !bad; i++) {
                    t[with] += a->us[i];
                    if (!with)
                        alone[i] += a->us[i] / (reps * per_block);
                }
            }
            if (with) {
                atomic_store(&l.stop, 1);
                pthread_join(th, NULL);
                if (l.failed && !bad) {
                    *err = l.err;
                    bad = 1;
                }
            }
            if (bad)
                return -1;
        }
        block_ratio[r] = t[1] / t[0];
        sum_with += t[1];
        sum_alone += t[0];
    }
    *ratio = sum_with / sum_alone;
    hs_native_median_rel(block_ratio, reps, spread);
    return 0;
}

int hs_probe_corun_measure(int threads, int cl_platform, int cl_device, int reps,
                           const hs_probe_contention *cpu_cont,
                           const hs_probe_contention *cl_cont, hs_probe_corun *out,
                           hs_error *err)
{
    memset(out, 0, sizeof *out);
    if (reps < 3) {
        hs_error_set(err, "probe: co-run: expected at least 3 repetitions, got %d", reps);
        return -1;
    }
    hs_graph *g = hs_probe_rates_graph(err);
    if (!g)
        return -1;
    int n = hs_probe_rates_n_ops(g), rc = -1;
    hs_native_cpu_opts co = {0, threads};
    hs_native_cl_opts clo = {cl_platform, cl_device, 0};
    side cpu = {0}, cl = {0};
    double *a_cpu = calloc((size_t)n, sizeof *a_cpu), *a_cl = calloc((size_t)n, sizeof *a_cl);
    cpu.us = calloc((size_t)n, sizeof *cpu.us);
    cl.us = calloc((size_t)n, sizeof *cl.us);
    if (!a_cpu || !a_cl || !cpu.us || !cl.us) {
        hs_error_set(err, "out of memory");
        goto done;
    }
    if (!(cpu.b = hs_native_cpu_new(&co, err)) || !(cl.b = hs_native_opencl_new(&clo, err)) ||
        !(cpu.m = hs_probe_rates_bind(cpu.b, g, err)) ||
        !(cl.m = hs_probe_rates_bind(cl.b, g, err)))
        goto done;
    if (hs_probe_rates_round(cl.b, g, cl.us, err) < 0 || /* first launches compile (PoCL) */
        measure_side(&cpu, &cl, g, 2 * reps, &out->cpu_ratio, &out->cpu_spread, a_cpu, err) <
            0 ||
        measure_side(&cl, &cpu, g, 2 * reps, &out->cl_ratio, &out->cl_spread, a_cl, err) < 0)
        goto done;
    hs_contention c;
    if (cpu_cont && cpu_cont->n_durs > 0) {
        hs_probe_contention_model(cpu_cont, &c);
        out->cpu_load = hs_probe_corun_load(&c, a_cpu, n, out->cpu_ratio);
    }
    if (cl_cont && cl_cont->n_durs > 0) {
        hs_probe_contention_model(cl_cont, &c);
        out->cl_load = hs_probe_corun_load(&c, a_cl, n, out->cl_ratio);
    }
    out->has = 1;
    rc = 0;
done:
    if (cpu.b)
        hs_native_backend_free(cpu.b);
    if (cl.b)
        hs_native_backend_free(cl.b);
    hs_native_model_free(cpu.m);
    hs_native_model_free(cl.m);
    free(cpu.us);
    free(cl.us);
    free(a_cpu);
    free(a_cl);
    hs_graph_free(g);
    return rc;
}
