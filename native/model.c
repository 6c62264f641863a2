/* hs_native_model: host buffers per tensor and random weights per op. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/rng.h"
#include "native/native_internal.h"

enum { STREAM_WEIGHTS = 0x6e610000, STREAM_INPUTS = 0x6e690000 };

static void fill(hs_rng *r, float *p, int64_t n, double lo, double hi)
{
    for (int64_t i = 0; i < n; i++)
        p[i] = (float)(lo + (hi - lo) * hs_rng_uniform(r));
}

/* Weights drawn so that activations keep their magnitude through deep
 * stacks (uniform, variance 1/fan_in), biases small, normalisation scales
 * near 1. */
static void init_weights(hs_native_opinfo *f, float *w, hs_rng *r)
{
    int64_t fan_in = 1;
    switch (f->kind) {
    case HS_NK_CONV: fan_in = (f->c / f->group) * f->kh * f->kw; break;
    case HS_NK_CONVT: fan_in = (f->c / f->group) * f->kh * f->kw; break;
    case HS_NK_GEMM: fan_in = f->K; break;
    default: break;
    }
    switch (f->kind) {
    case HS_NK_CONV:
    case HS_NK_CONVT:
    case HS_NK_GEMM: {
        double s = sqrt(3.0 / (double)(fan_in > 0 ? fan_in : 1));
        fill(r, w, f->w_elems, -s, s);
        fill(r, w + f->w_elems, f->bias_elems, -0.05, 0.05);
        break;
    }
    case HS_NK_CHANNEL:
    case HS_NK_NORM: /* scale (or gamma) then shift (or beta) */
        fill(r, w, f->w_elems / 2, 0.5, 1.5);
        fill(r, w + f->w_elems / 2, f->w_elems / 2, -0.1, 0.1);
        break;
    default:
        fill(r, w, f->w_elems, -0.5, 0.5);
        break;
    }
}

hs_native_model *hs_native_model_new(const hs_graph *g, uint64_t seed, hs_error *err)
{
    hs_native_model *m = calloc(1, sizeof *m);
    if (!m) {
        hs_error_set(err, "native model '%s': out of memory", g->name);
        return NULL;
    }
    m->g = g;
    m->seed = seed;
    m->host = calloc((size_t)g->n_tensors, sizeof *m->host);
    m->weights = calloc((size_t)g->n_ops, sizeof *m->weights);
    m->info = calloc((size_t)g->n_ops, sizeof *m->info);
    if (!m->host || !m->weights || !m->info)
        goto oom;
    for (int i = 0; i < g->n_ops; i++) {
        if (hs_native_opinfo_infer(g, i, &m->info[i], err)) {
            hs_error_prefix(err, "model '%s'", g->name);
            hs_native_model_free(m);
            return NULL;
        }
        hs_native_opinfo *f = &m->info[i];
        hs_rng *r = hs_rng_new(seed, STREAM_WEIGHTS + (uint64_t)i);
        if (!r)
            goto oom;
        if (f->b_scalar)
            f->alpha = (float)(0.5 + hs_rng_uniform(r)); /* a constant in [0.5, 1.5) */
        int64_t n = f->w_elems + f->bias_elems;
        if (n > 0) {
            m->weights[i] = malloc((size_t)n * sizeof(float));
            if (!m->weights[i]) {
                hs_rng_free(r);
                goto oom;
            }
            init_weights(f, m->weights[i], r);
        }
        hs_rng_free(r);
    }
    for (int t = 0; t < g->n_tensors; t++) {
        const hs_tensor *tt = &g->tensors[t];
        m->host[t] = calloc((size_t)(tt->elems > 0 ? tt->elems : 1), sizeof(float));
        if (!m->host[t])
            goto oom;
        if (tt->producer >= 0)
            continue;
        /* a graph input: uniform in [-1, 1), or valid row indices for a Gather */
        int64_t rows = 0;
        for (int k = 0; k < tt->n_consumers; k++) {
            const hs_native_opinfo *f = &m->info[tt->consumers[k]];
            if (f->kind == HS_NK_GATHER && (rows == 0 || f->rows < rows))
                rows = f->rows;
        }
        hs_rng *r = hs_rng_new(seed, STREAM_INPUTS + (uint64_t)t);
        if (!r)
            goto oom;
        for (int64_t e = 0; e < tt->elems; e++)
            m->host[t][e] = rows > 0 ? (float)hs_rng_below(r, (unsigned long)rows)
                                     : (float)(2.0 * hs_rng_uniform(r) - 1.0);
        hs_rng_free(r);
    }
    return m;
oom:
    hs_error_set(err, "native model '%s': out of memory for buffers and weights", g->name);
    hs_native_model_free(m);
    return NULL;
}

void hs_native_model_free(hs_native_model *m)
{
    if (!m)
        return;
    if (m->host)
        for (int t = 0; t < m->g->n_tensors; t++)
            free(m->host[t]);
    if (m->weights)
        for (int i = 0; i < m->g->n_ops; i++)
            free(m->weights[i]);
    free(m->host);
    free(m->weights);
    free(m->info);
    free(m);
}

const hs_graph *hs_native_model_graph(const hs_native_model *m) { return m->g; }
uint64_t hs_native_model_seed(const hs_native_model *m) { return m->seed; }

float *hs_native_host(hs_native_model *m, int tensor)
{
    if (!m || tensor < 0 || tensor >= m->g->n_tensors)
        return NULL;
    return m->host[tensor];
}

void hs_native_slice(const hs_tensor *t, hs_split_dim dim, double lo, double hi, int *axis, int64_t *a,
                     int64_t *b)
{
    int ax = 0;
    if (dim == HS_SPLIT_OUT_C)
        ax = t->rank == 4 ? 1 : t->rank - 1;
    else if (dim == HS_SPLIT_HEIGHT)
        ax = t->rank == 4 ? 2 : (t->rank >= 2 ? t->rank - 2 : 0);
    if (ax < 0)
        ax = 0;
    int64_t size = t->rank > 0 ? t->shape[ax] : 1;
    if (dim == HS_SPLIT_NONE)
        lo = 0, hi = 1;
    if (lo < 0)
        lo = 0;
    if (hi > 1)
        hi = 1;
    *axis = ax;
    *a = (int64_t)llround(lo * (double)size);
    *b = (int64_t)llround(hi * (double)size);
    if (*b < *a)
        *b = *a;
}
