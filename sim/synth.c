#include "base/text_file.h"
#include "sim/synth.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/atomic_file.h"
#include "base/rng.h"
#include "devices/support.h"
#include "sim/latency.h"
#include "traces/trace_write.h"

double hs_synth_default_cv(hs_proc_kind kind)
{
    switch (kind) {
    case HS_PROC_CPU: return 0.033;
    case HS_PROC_GPU: return 0.0025;
    default: return 0.01;
    }
}

/* A standard normal draw (Box-Muller on the seeded stream). */
static double gauss(hs_rng *r)
{
    double u1 = hs_rng_uniform(r), u2 = hs_rng_uniform(r);
    if (u1 < 1e-300)
        u1 = 1e-300;
    return sqrt(-2.0 * log(u1)) * cos(2.0 * M_PI * u2);
}

hs_trace *hs_synth_trace(const hs_device *d, const hs_graph *g, int proc, int samples, double cv,
                         uint64_t seed, hs_error *err)
{
    const hs_processor *p = &d->procs[proc];
    hs_dtype dt;
    if (hs_exec_dtype(p, g->dtype, &dt) < 0) {
        hs_error_set(err, "synth: %s of %s cannot run the %s model %s", p->name, d->name,
                     hs_dtype_name(g->dtype), g->name);
        return NULL;
    }
    if (samples < 1 || !(cv >= 0)) {
        hs_error_set(err, "synth: expected samples >= 1 and cv >= 0");
        return NULL;
    }
    hs_trace *t = calloc(1, sizeof *t);
    hs_rng *rng = hs_rng_new(seed, (uint64_t)proc + 1000);
    if (!t || !rng)
        goto oom;
    t->device = hs_strdup(d->name);
    t->model = hs_strdup(g->name);
    t->processor = hs_strdup(p->name);
    t->recorded = hs_strdup("synthesized");
    t->generator = hs_strdup(HS_SYNTH_GENERATOR);
    t->dtype = dt;
    t->ops = calloc((size_t)g->n_ops, sizeof *t->ops);
    if (!t->device || !t->model || !t->processor || !t->recorded || !t->generator || !t->ops)
        goto oom;
    /* log-normal with mean = the estimate and the requested CV */
    double sigma = sqrt(log(1.0 + cv * cv)), shift = -0.5 * sigma * sigma;
    for (int i = 0; i < g->n_ops; i++) {
        const hs_op *op = &g->ops[i];
        if (!hs_supports(p, g, op, dt, NULL, 0))
            continue;
        hs_op_latency l;
        hs_op_latency_init(&l, p, op, dt, NULL);
        hs_trace_op *to = &t->ops[t->n_ops];
        to->name = hs_strdup(op->name);
        to->type = hs_strdup(op->type);
        to->fraction = 1.0;
        to->has_shape = 1; /* the cost the samples stand for */
        to->flops = op->flops;
        to->in_elems = op->in_elems;
        to->out_elems = op->out_elems;
        to->weight_elems = op->weight_elems;
        to->samples_us = malloc((size_t)samples * sizeof *to->samples_us);
        t->n_ops++;
        if (!to->name || !to->type || !to->samples_us)
            goto oom;
        double mean_us = l.model_ns / 1e3;
        for (int k = 0; k < samples; k++) {
            double v = mean_us * exp(shift + sigma * gauss(rng));
            to->samples_us[k] = round(v * 1000.0) / 1000.0; /* ns resolution */
        }
        to->n = samples;
    }
    hs_rng_free(rng);
    return t;
oom:
    hs_error_set(err, "synth: out of memory");
    hs_rng_free(rng);
    hs_trace_free(t);
    return NULL;
}

int hs_synth_write(const hs_device *d, const hs_graph *g, int only, int samples, double cv,
                   uint64_t seed, const char *output, hs_synth_note note, void *ctx,
                   hs_error *err)
{
    for (int p = 0; p < d->n_procs; p++) {
        if (only >= 0 && p != only)
            continue;
        double pcv = cv >= 0 ? cv : hs_synth_default_cv(d->procs[p].kind);
        hs_error serr;
        hs_trace *t = hs_synth_trace(d, g, p, samples, pcv, seed, &serr);
        if (!t) {
            if (only >= 0) {
                *err = serr;
                return -1;
            }
            if (note)
                note(ctx, d->procs[p].name, NULL, NULL, serr.msg);
            continue;
        }
        char path[4200], dir[4200];
        if (only >= 0) {
            snprintf(path, sizeof path, "%s", output);
        } else {
            snprintf(dir, sizeof dir, "%.2000s/%.900s/%.900s", output, d->name, g->name);
            if (hs_mkdirs(dir, err) < 0) {
                hs_trace_free(t);
                return -1;
            }
            snprintf(path, sizeof path, "%.3000s/%.200s.json", dir, d->procs[p].name);
        }
        char what[256];
        snprintf(what, sizeof what, "log-normal noise, cv %g, %d samples, seed %llu", pcv, samples,
                 (unsigned long long)seed);
        hs_trace_extra extra = {"device profile latency model", what};
        int bad = hs_trace_write_file(t, &extra, path, err) < 0;
        if (!bad && note)
            note(ctx, d->procs[p].name, path, t, NULL);
        hs_trace_free(t);
        if (bad) {
            hs_error_mark(err, HS_ERR_RUNTIME);
            return -1;
        }
    }
    return 0;
}
