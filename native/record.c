/* Recording per-op samples on a native backend (record.h). */
#include "native/record.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "config.h"
#include "base/progress.h"
#include "base/text_file.h"

static double now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e6 + ts.tv_nsec * 1e-3;
}

int hs_record_splittable(const hs_graph *g, const hs_op *op)
{
    if (hs_op_is_view(op) || op->n_out < 1)
        return 0;
    const hs_tensor *t = &g->tensors[op->out[0]];
    int64_t c = t->rank == 4 ? t->shape[1] : t->rank >= 1 ? t->shape[t->rank - 1] : 1;
    return c > 1;
}

/* One op (or its part [0, frac)) run and waited for, in us; -1 on error. */
static double run_timed(hs_native_backend *b, int op, double frac, hs_error *err)
{
    double t0 = now_us();
    hs_split_dim dim = frac < 1.0 ? HS_SPLIT_OUT_C : HS_SPLIT_NONE;
    if (hs_native_run_op(b, op, dim, 0.0, frac, err) < 0 || hs_native_finish(b, err) < 0)
        return -1;
    double us = now_us() - t0;
    return round(us * 1e3) / 1e3; /* ns resolution */
}

hs_trace *hs_native_record_trace(hs_native_backend *b, hs_native_model *m, const char *device,
                                 const char *processor, const hs_record_opts *o, hs_error *err)
{
    const hs_graph *g = hs_native_model_graph(m);
    if (o->samples < 1 || o->warmup < 0 || o->n_splits < 0 || o->n_splits > HS_RECORD_MAX_SPLITS) {
        hs_error_set(err, "record: expected at least 1 sample, 0 or more warm-up runs and at most "
                          "%d split fractions",
                     HS_RECORD_MAX_SPLITS);
        return NULL;
    }
    int n_rows = g->n_ops;
    for (int i = 0; i < g->n_ops; i++)
        if (hs_record_splittable(g, &g->ops[i]))
            n_rows += o->n_splits;
    hs_trace *t = calloc(1, sizeof *t);
    if (!t)
        goto oom;
    t->device = hs_strdup(device);
    t->model = hs_strdup(g->name);
    t->processor = hs_strdup(processor);
    t->recorded = hs_strdup("native");
    t->generator = hs_strdup("hetsim native record " PACKAGE_VERSION);
    t->dtype = HS_DT_FP32;
    t->ops = calloc((size_t)n_rows, sizeof *t->ops);
    if (!t->device || !t->model || !t->processor || !t->recorded || !t->generator || !t->ops)
        goto oom;
    /* rows: every op whole, then every splittable op per fraction */
    int r = 0;
    for (int s = -1; s < o->n_splits; s++)
        for (int i = 0; i < g->n_ops; i++) {
            const hs_op *op = &g->ops[i];
            if (s >= 0 && !hs_record_splittable(g, op))
                continue;
            hs_trace_op *row = &t->ops[r++];
            t->n_ops = r;
            row->name = hs_strdup(op->name);
            row->type = hs_strdup(op->type);
            row->fraction = s < 0 ? 1.0 : o->splits[s];
            row->dim = s < 0 ? NULL : hs_strdup("out_c");
            row->samples_us = calloc((size_t)o->samples, sizeof *row->samples_us);
            if (!row->name || !row->type || (s >= 0 && !row->dim) || !row->samples_us)
                goto oom;
        }
    /* graph inputs onto the device once (a no-op on the CPU backend) */
    for (int k = 0; k < g->n_inputs; k++)
        if (hs_native_transfer(b, g->inputs[k], HS_TO_DEVICE, HS_SPLIT_NONE, 0, 1, err) < 0)
            goto fail;
    int total = o->warmup + o->samples;
    for (int s = -1; s < o->n_splits; s++) {
        int row0 = s < 0 ? 0 : g->n_ops;
        if (s > 0) /* rows of the earlier fractions */
            for (int k = 0; k < s; k++)
                for (int i = 0; i < g->n_ops; i++)
                    row0 += hs_record_splittable(g, &g->ops[i]);
        double frac = s < 0 ? 1.0 : o->splits[s];
        char what[160];
        if (s < 0)
            snprintf(what, sizeof what, "hetsim native record: %s %.40s", processor, g->name);
        else
            snprintf(what, sizeof what, "hetsim native record: %s %.40s at fraction %.2f",
                     processor, g->name, frac);
        hs_progress bar;
        hs_progress_init(&bar, stderr, what, !o->progress);
        for (int f = 0; f < total; f++) {
            /* topological order; rows are in op order */
            for (int k = 0; k < g->n_ops; k++) {
                int i = g->topo[k];
                if (s >= 0 && !hs_record_splittable(g, &g->ops[i]))
                    continue;
                /* inputs are whole: the whole-op frames produced them */
                double us = run_timed(b, i, frac, err);
                if (us < 0)
                    goto fail;
                if (f >= o->warmup) {
                    int idx = row0;
                    for (int j = 0; j < i; j++)
                        idx += s < 0 || hs_record_splittable(g, &g->ops[j]);
                    t->ops[idx].samples_us[f - o->warmup] = us;
                }
            }
            hs_progress_update(&bar, f + 1, total, "runs");
        }
        hs_progress_break(&bar);
    }
    for (int i = 0; i < t->n_ops; i++)
        t->ops[i].n = o->samples;
    return t;
oom:
    hs_error_set(err, "out of memory");
fail:
    if (t)
        for (int i = 0; i < t->n_ops; i++)
            t->ops[i].n = o->samples; /* hs_trace_free frees the arrays */
    hs_trace_free(t);
    return NULL;
}
