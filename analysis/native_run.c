/* Natively measured plans (native_run.h). */
#include "analysis/native_run.h"

#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

void hs_latency_summary(const double *v, int n, double *mean, double *p50, double *p90,
                        double *cv)
{
    double *s = malloc((size_t)(n > 0 ? n : 1) * sizeof *s);
    if (!s || n < 1) {
        free(s);
        *mean = *p50 = *p90 = *cv = 0;
        return;
    }
    memcpy(s, v, (size_t)n * sizeof *s);
    gsl_sort(s, 1, (size_t)n);
    *mean = gsl_stats_mean(s, 1, (size_t)n);
    *p50 = gsl_stats_quantile_from_sorted_data(s, 1, (size_t)n, 0.5);
    *p90 = gsl_stats_quantile_from_sorted_data(s, 1, (size_t)n, 0.9);
    *cv = n > 1 && *mean > 0 ? gsl_stats_sd(s, 1, (size_t)n) / *mean : 0;
    free(s);
}

void hs_native_measure_free(hs_native_measure *m)
{
    hs_point_result_free(&m->run);
    if (m->have_ss)
        hs_session_close(&m->ss);
    m->have_ss = 0;
}

int hs_native_measure_policy(const hs_device *d, const char *model, const char *policy,
                             const hs_native_measure_opts *o, hs_native_measure *out,
                             hs_error *err)
{
    memset(out, 0, sizeof *out);
    hs_session_opts so = {{0, 0}, 0};
    if (hs_session_open(&out->ss, d, model, policy, &so, err) < 0)
        return -1;
    out->have_ss = 1;
    hs_run_request rq = {.engine = HS_ENGINE_NATIVE, .native = o};
    if (hs_run_point(&out->ss, &rq, &out->run, err) < 0) {
        hs_native_measure_free(out);
        return -1;
    }
    const hs_exec_result *ex = &out->run.ex;
    hs_latency_summary(ex->frame_us, ex->n_frames, &out->mean_ms, &out->p50_ms, &out->p90_ms,
                       &out->cv);
    out->mean_ms /= 1e3;
    out->p50_ms /= 1e3;
    out->p90_ms /= 1e3;
    return 0;
}

typedef struct op_row {
    int op;
    double us;
} op_row;

static int by_us_desc(const void *a, const void *b)
{
    double x = ((const op_row *)a)->us, y = ((const op_row *)b)->us;
    return x < y ? 1 : x > y ? -1 : 0;
}

void hs_native_measure_print(FILE *f, const hs_native_measure *m, const hs_device *d)
{
    const hs_graph *g = m->ss.g;
    const hs_exec_result *ex = &m->run.ex;
    fprintf(f, "native run: %s on %s, policy %s, %d frames\n", g->name, d->name,
            m->ss.plan->policy, ex->n_frames);
    fprintf(f, "backends: %s\n", m->run.backends);
    fprintf(f, "latency (ms): mean %.3f  p50 %.3f  p90 %.3f  (cv %.1f%%)\n", m->mean_ms, m->p50_ms,
            m->p90_ms, 100 * m->cv);
    fprintf(f, "transfers per frame: %.1f taking %.3f ms; fallbacks %d\n", ex->transfers,
            ex->transfer_us / 1e3, m->ss.pl->n_fallback);
    /* ops by measured time (parts summed per op) */
    op_row *rows = calloc((size_t)g->n_ops, sizeof *rows);
    if (!rows)
        return;
    for (int i = 0; i < g->n_ops; i++)
        rows[i].op = i;
    double busy = 0;
    for (int t = 0; t < ex->n_tasks; t++) {
        rows[ex->task_op[t]].us += ex->task_us[t];
        busy += ex->task_us[t];
    }
    fprintf(f, "op time per frame: %.3f ms, parts summed (the rest of the frame: hand-offs, "
               "waits, parts running at once)\n",
            busy / 1e3);
    qsort(rows, (size_t)g->n_ops, sizeof *rows, by_us_desc);
    fprintf(f, "%-32s %-18s %-14s %10s\n", "op (top 15 by time)", "type", "where", "mean us");
    for (int k = 0; k < g->n_ops && k < 15; k++) {
        int i = rows[k].op;
        const hs_plan_op *at = &m->ss.pl->ops[i].at;
        char where[64];
        if (at->n_parts > 1)
            snprintf(where, sizeof where, "%s %.2f+%s", d->procs[at->proc[0]].name, at->frac[0],
                     d->procs[at->proc[1]].name);
        else
            snprintf(where, sizeof where, "%s", d->procs[at->proc[0]].name);
        fprintf(f, "%-32.32s %-18.18s %-14.14s %10.1f\n", g->ops[i].name, g->ops[i].type, where,
                rows[k].us);
    }
    free(rows);
}
