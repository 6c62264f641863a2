/* Recording per-op samples on a native backend (record.h). */
#include "native/record.h"
#include "native/timing.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "config.h"
#include "base/progress.h"
#include "base/text_file.h"

int hs_record_splittable(const hs_graph *g, const hs_op *op)
{
    return hs_record_splittable_dim(g, op, HS_SPLIT_OUT_C);
}

int hs_record_splittable_dim(const hs_graph *g, const hs_op *op, hs_split_dim dim)
{
    if (hs_op_is_view(op) || op->n_out < 1)
        return 0;
    const hs_tensor *t = &g->tensors[op->out[0]];
    int64_t n;
    if (dim == HS_SPLIT_OUT_C)
        n = t->rank == 4 ? t->shape[1] : t->rank >= 1 ? t->shape[t->rank - 1] : 1;
    else if (dim == HS_SPLIT_HEIGHT) /* axis 2 of NCHW, else the second-to-last */
        n = t->rank == 4 ? t->shape[2] : t->rank >= 2 ? t->shape[t->rank - 2] : 1;
    else
        return 0;
    return n > 1;
}

/* One op (or its part [0, frac) along dim) run and waited for, in us; -1 on error. */
static double run_timed(hs_native_backend *b, int op, double frac, hs_split_dim dim,
                        hs_error *err)
{
    double t0 = hs_native_now_us();
    if (frac >= 1.0)
        dim = HS_SPLIT_NONE;
    if (hs_native_run_op(b, op, dim, 0.0, frac, err) < 0 || hs_native_finish(b, err) < 0)
        return -1;
    double us = hs_native_now_us() - t0;
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
    /* passes: every op whole, then per fraction the output channels and,
     * unless out_c_only, the height; row[p * n_ops + i]: op i's row in pass p */
    static const hs_split_dim dims[2] = {HS_SPLIT_OUT_C, HS_SPLIT_HEIGHT};
    int n_dims = o->out_c_only ? 1 : 2;
    int n_pass = 1 + o->n_splits * n_dims;
    int *row = malloc((size_t)n_pass * (size_t)(g->n_ops > 0 ? g->n_ops : 1) * sizeof *row);
    hs_trace *t = calloc(1, sizeof *t);
    if (!row || !t)
        goto oom;
    int n_rows = 0;
    for (int p = 0; p < n_pass; p++)
        for (int i = 0; i < g->n_ops; i++)
            row[p * g->n_ops + i] =
                p == 0 || hs_record_splittable_dim(g, &g->ops[i], dims[(p - 1) % n_dims])
                    ? n_rows++
                    : -1;
    t->device = hs_strdup(device);
    t->model = hs_strdup(g->name);
    t->processor = hs_strdup(processor);
    t->recorded = hs_strdup("native");
    t->generator = hs_strdup("hetsim native record " PACKAGE_VERSION);
    t->dtype = HS_DT_FP32;
    t->ops = calloc((size_t)(n_rows > 0 ? n_rows : 1), sizeof *t->ops);
    if (!t->device || !t->model || !t->processor || !t->recorded || !t->generator || !t->ops)
        goto oom;
    for (int p = 0; p < n_pass; p++)
        for (int i = 0; i < g->n_ops; i++) {
            int r = row[p * g->n_ops + i];
            if (r < 0)
                continue;
            const hs_op *op = &g->ops[i];
            hs_trace_op *tr = &t->ops[r];
            t->n_ops = r + 1 > t->n_ops ? r + 1 : t->n_ops;
            tr->name = hs_strdup(op->name);
            tr->type = hs_strdup(op->type);
            tr->fraction = p == 0 ? 1.0 : o->splits[(p - 1) / n_dims];
            tr->dim = p == 0 ? NULL : hs_strdup(hs_split_dim_names[dims[(p - 1) % n_dims]]);
            tr->samples_us = calloc((size_t)o->samples, sizeof *tr->samples_us);
            if (!tr->name || !tr->type || (p > 0 && !tr->dim) || !tr->samples_us)
                goto oom;
        }
    /* graph inputs onto the device once (a no-op on the CPU backend) */
    for (int k = 0; k < g->n_inputs; k++)
        if (hs_native_transfer(b, g->inputs[k], HS_TO_DEVICE, HS_SPLIT_NONE, 0, 1, err) < 0)
            goto fail;
    int total = o->warmup + o->samples;
    for (int p = 0; p < n_pass; p++) {
        double frac = p == 0 ? 1.0 : o->splits[(p - 1) / n_dims];
        hs_split_dim dim = p == 0 ? HS_SPLIT_NONE : dims[(p - 1) % n_dims];
        char what[160];
        if (p == 0)
            snprintf(what, sizeof what, "hetsim native record: %s %.40s", processor, g->name);
        else
            snprintf(what, sizeof what, "hetsim native record: %s %.40s at fraction %.2f (%s)",
                     processor, g->name, frac, hs_split_dim_names[dim]);
        hs_progress bar;
        hs_progress_init(&bar, stderr, what, !o->progress);
        for (int f = 0; f < total; f++) {
            for (int k = 0; k < g->n_ops; k++) { /* topological order */
                int i = g->topo[k], r = row[p * g->n_ops + i];
                if (r < 0)
                    continue;
                /* inputs are whole: the whole-op frames produced them */
                double us = run_timed(b, i, frac, dim, err);
                if (us < 0)
                    goto fail;
                if (f >= o->warmup)
                    t->ops[r].samples_us[f - o->warmup] = us;
            }
            hs_progress_update(&bar, f + 1, total, "runs");
        }
        hs_progress_break(&bar);
    }
    for (int i = 0; i < t->n_ops; i++)
        t->ops[i].n = o->samples;
    free(row);
    return t;
oom:
    hs_error_set(err, "out of memory");
fail:
    free(row);
    if (t)
        for (int i = 0; i < t->n_ops; i++)
            t->ops[i].n = o->samples; /* hs_trace_free frees the arrays */
    hs_trace_free(t);
    return NULL;
}
