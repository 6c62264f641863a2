/* Loader for "hetsim-trace" JSON files. */
#include "base/text_file.h"
#include "traces/trace.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/json_read.h"
#include "traces/graph.h"

const char *const hs_trace_origins[] = {"native",           "synthesized",
                                        "imported-tflite",  "imported-onnxruntime",
                                        "imported-tensorrt", "imported-qed", NULL};
const char *const hs_trace_times[] = {"dispatched", "kernel", NULL};

void hs_trace_free(hs_trace *t)
{
    if (!t)
        return;
    for (int i = 0; i < t->n_ops; i++) {
        free(t->ops[i].name);
        free(t->ops[i].type);
        free(t->ops[i].dim);
        free(t->ops[i].samples_us);
    }
    free(t->ops);
    hs_strmap_free(&t->import_ix);
    hs_strmap_free(&t->import_next);
    hs_strmap_free(&t->name_ix);
    free(t->same_next);
    free(t->device);
    free(t->model);
    free(t->processor);
    free(t->recorded);
    free(t->generator);
    free(t);
}

/* The first op named `name` (then follow same_next), or -1; every op's
 * index from 0 when the trace is not indexed (callers check the name). */
static int first_named(const hs_trace *t, const char *name)
{
    return t->same_next ? hs_strmap_get(&t->name_ix, name) : t->n_ops ? 0 : -1;
}

static int next_named(const hs_trace *t, int i)
{
    return t->same_next ? t->same_next[i] : i + 1 < t->n_ops ? i + 1 : -1;
}

int hs_trace_same_row(const hs_trace_op *a, const hs_trace_op *b)
{
    if (fabs(a->fraction - b->fraction) >= 1e-9 || strcmp(a->name, b->name) != 0)
        return 0;
    if (a->fraction >= 1.0)
        return 1; /* the whole op has no dim */
    return (!a->dim && !b->dim) || (a->dim && b->dim && strcmp(a->dim, b->dim) == 0);
}

/* Row o is a candidate for a part along `dim` (NULL: any): the whole op,
 * or a split row of that dim; `strict`: the op has rows of `dim`, so rows
 * of another dim do not stand in for them (older traces have out_c only). */
static int row_fits(const hs_trace_op *o, const char *dim, int strict)
{
    if (o->fraction >= 1.0 || !dim || !strict)
        return 1;
    return o->dim && strcmp(o->dim, dim) == 0;
}

static int has_dim(const hs_trace *t, const char *name, const char *dim)
{
    if (!dim)
        return 0;
    for (int i = first_named(t, name); i >= 0; i = next_named(t, i))
        if (t->ops[i].fraction < 1.0 && t->ops[i].dim && strcmp(t->ops[i].dim, dim) == 0 &&
            strcmp(t->ops[i].name, name) == 0)
            return 1;
    return 0;
}

const hs_trace_op *hs_trace_find(const hs_trace *t, const char *name, double fraction)
{
    return hs_trace_find_dim(t, name, fraction, NULL);
}

const hs_trace_op *hs_trace_find_dim(const hs_trace *t, const char *name, double fraction,
                                     const char *dim)
{
    int strict = has_dim(t, name, dim);
    for (int i = first_named(t, name); i >= 0; i = next_named(t, i))
        if (fabs(t->ops[i].fraction - fraction) < 1e-9 && strcmp(t->ops[i].name, name) == 0 &&
            row_fits(&t->ops[i], dim, strict))
            return &t->ops[i];
    return NULL;
}

static double row_mean(const hs_trace_op *o)
{
    double s = 0;
    for (int i = 0; i < o->n; i++)
        s += o->samples_us[i];
    return s / o->n;
}

/* A part smaller than any recorded one: a part's time has a fixed share
 * (its own launch, an im2col over the whole input when split along out_c),
 * so it is not proportional to its fraction. The fit t = a + b f through
 * the recorded rows (least squares, a, b >= 0) at `fraction`, between
 * proportional to the smallest row and that row's own time. */
static double below_smallest(const hs_trace *t, const char *name, const char *dim, int strict,
                             double fraction, const hs_trace_op *smallest)
{
    double n = 0, sf = 0, st = 0, sff = 0, sft = 0;
    for (int i = first_named(t, name); i >= 0; i = next_named(t, i)) {
        const hs_trace_op *o = &t->ops[i];
        if (strcmp(o->name, name) != 0 || !row_fits(o, dim, strict))
            continue;
        double f = o->fraction, m = row_mean(o);
        n += 1;
        sf += f;
        st += m;
        sff += f * f;
        sft += f * m;
    }
    double a = 0, b = 0, det = n * sff - sf * sf;
    if (det > 1e-12) {
        b = (n * sft - sf * st) / det;
        a = (st - b * sf) / n;
    }
    if (b < 0) { /* no growth with the fraction: all fixed */
        b = 0;
        a = st / n;
    } else if (a < 0) { /* through the origin */
        a = 0;
        b = sff > 0 ? sft / sff : 0;
    }
    double lo = row_mean(smallest) * fraction / smallest->fraction, hi = row_mean(smallest);
    double want = a + b * fraction;
    return want < lo ? lo : want > hi ? hi : want;
}

const hs_trace_op *hs_trace_near(const hs_trace *t, const char *name, double fraction,
                                 double *scale)
{
    return hs_trace_near_dim(t, name, fraction, NULL, scale);
}

const hs_trace_op *hs_trace_near_dim(const hs_trace *t, const char *name, double fraction,
                                     const char *dim, double *scale)
{
    const hs_trace_op *below = NULL, *above = NULL, *nearest = NULL;
    int split = 0, strict = has_dim(t, name, dim);
    for (int i = first_named(t, name); i >= 0; i = next_named(t, i)) {
        const hs_trace_op *o = &t->ops[i];
        if (strcmp(o->name, name) != 0 || !row_fits(o, dim, strict))
            continue;
        split |= o->fraction < 1.0;
        if (o->fraction <= fraction && (!below || o->fraction > below->fraction))
            below = o;
        if (o->fraction >= fraction && (!above || o->fraction < above->fraction))
            above = o;
        if (!nearest || fabs(o->fraction - fraction) < fabs(nearest->fraction - fraction))
            nearest = o;
    }
    if (!split || !nearest)
        return NULL;
    double want;
    if (below && above && above->fraction > below->fraction)
        want = row_mean(below) + (fraction - below->fraction) / (above->fraction - below->fraction) *
                                     (row_mean(above) - row_mean(below));
    else if (above) /* below the smallest recorded fraction */
        want = below_smallest(t, name, dim, strict, fraction, above);
    else /* above the largest (no whole-op row) */
        want = row_mean(below) * fraction / below->fraction;
    double m = row_mean(nearest);
    *scale = m > 0 ? want / m : 1.0;
    return nearest;
}

static int read_op(hs_jctx *c, const cJSON *e, int i, hs_trace_op *op)
{
    static const char *const keys[] = {"name",     "type",      "fraction",     "dim",
                                       "samples_us", "flops", "in_elems", "out_elems",
                                       "weight_elems", NULL};
    static const char *const shape_keys[] = {"flops", "in_elems", "out_elems", "weight_elems"};
    char path[64];
    snprintf(path, sizeof path, "$.ops[%d]", i);
    const char *name, *type, *dim;
    const cJSON *samples;
    if (hs_jobject(c, e, path, keys) < 0 || hs_jstring(c, e, path, "name", 1, NULL, &name) < 0 ||
        hs_jstring(c, e, path, "type", 0, "", &type) < 0 ||
        hs_jnumber(c, e, path, "fraction", 0, 1.0, 1e-6, 1.0, &op->fraction) < 0 ||
        hs_jstring(c, e, path, "dim", 0, NULL, &dim) < 0 ||
        hs_jarray(c, e, path, "samples_us", 1, &samples) < 0)
        return -1;
    if (dim && strcmp(dim, "out_c") != 0 && strcmp(dim, "height") != 0) {
        hs_error_set(c->err, "%s: at %s.dim: expected \"out_c\" or \"height\" (the split "
                             "dimension), got \"%.60s\"",
                     c->file, path, dim);
        return -1;
    }
    /* the recorded cost: all four keys or none */
    int given = 0;
    for (int k = 0; k < 4; k++)
        given += cJSON_GetObjectItemCaseSensitive(e, shape_keys[k]) != NULL;
    if (given != 0 && given != 4) {
        hs_error_set(c->err, "%s: at %s: expected flops, in_elems, out_elems and weight_elems "
                             "together (the op's recorded cost), got %d of the 4",
                     c->file, path, given);
        return -1;
    }
    if (given == 4) {
        if (hs_jnumber(c, e, path, "flops", 1, 0, 0, HS_FLOPS_MAX, &op->flops) < 0 ||
            hs_jint(c, e, path, "in_elems", 1, 0, 0, (long long)1 << 50, &op->in_elems) < 0 ||
            /* every op writes something: a cost of all zeros would be ignored */
            hs_jint(c, e, path, "out_elems", 1, 0, 1, (long long)1 << 50, &op->out_elems) < 0 ||
            hs_jint(c, e, path, "weight_elems", 1, 0, 0, (long long)1 << 50, &op->weight_elems) <
                0)
            return -1;
        op->has_shape = 1;
    }
    op->name = hs_strdup(name);
    op->type = hs_strdup(type);
    op->dim = hs_strdup(dim);
    int n = cJSON_GetArraySize(samples);
    if (n < 1) {
        hs_error_set(c->err, "%s: at %s.samples_us: expected at least one sample, got an empty "
                             "array",
                     c->file, path);
        return -1;
    }
    op->samples_us = malloc((size_t)n * sizeof *op->samples_us);
    if (!op->name || !op->type || !op->samples_us) {
        hs_error_set(c->err, "out of memory");
        return -1;
    }
    int k = 0;
    for (const cJSON *s = samples->child; s; s = s->next, k++) {
        char sp[96];
        snprintf(sp, sizeof sp, "%s.samples_us[%d]", path, k);
        if (hs_jnumber_value(c, s, sp, 0, 1e9, &op->samples_us[k]) < 0)
            return -1;
        op->n = k + 1;
    }
    return 0;
}

hs_trace *hs_trace_from_json(const cJSON *root, const char *file, hs_error *err)
{
    static const char *const keys[] = {"format", "version", "device", "model", "processor",
                                       "dtype", "recorded", "generator", "source", "clock_ghz",
                                       "temperature_c", "note", "ops", "time", NULL};
    hs_jctx c = {file, err};
    if (hs_jheader(&c, root, "hetsim-trace", 1) < 0 || hs_jobject(&c, root, "$", keys) < 0)
        return NULL;
    hs_trace *t = calloc(1, sizeof *t);
    if (!t) {
        hs_error_set(err, "out of memory");
        return NULL;
    }
    const char *dev, *model, *proc, *gen;
    int dt, rec, tm;
    double unused;
    const cJSON *ops;
    if (hs_jstring(&c, root, "$", "device", 1, NULL, &dev) < 0 ||
        hs_jstring(&c, root, "$", "model", 1, NULL, &model) < 0 ||
        hs_jstring(&c, root, "$", "processor", 1, NULL, &proc) < 0 ||
        hs_jenum(&c, root, "$", "dtype", 1, 0, hs_dtype_names, &dt) < 0 ||
        hs_jenum(&c, root, "$", "recorded", 1, 0, hs_trace_origins, &rec) < 0 ||
        hs_jenum(&c, root, "$", "time", 0, 0, hs_trace_times, &tm) < 0 ||
        hs_jstring(&c, root, "$", "generator", 0, "", &gen) < 0 ||
        hs_jnumber(&c, root, "$", "clock_ghz", 0, 0, 0, 100, &unused) < 0 ||
        hs_jnumber(&c, root, "$", "temperature_c", 0, 0, -50, 200, &unused) < 0 ||
        hs_jarray(&c, root, "$", "ops", 1, &ops) < 0)
        goto fail;
    t->device = hs_strdup(dev);
    t->model = hs_strdup(model);
    t->processor = hs_strdup(proc);
    t->recorded = hs_strdup(hs_trace_origins[rec]);
    t->kernel_only = tm == 1;
    t->generator = hs_strdup(gen);
    t->dtype = (hs_dtype)dt;
    int n = cJSON_GetArraySize(ops);
    t->ops = calloc((size_t)(n ? n : 1), sizeof *t->ops);
    int *same_next = t->same_next = malloc((size_t)(n ? n : 1) * sizeof *same_next);
    if (!t->device || !t->model || !t->processor || !t->recorded || !t->generator || !t->ops ||
        !same_next) {
        hs_error_set(err, "out of memory");
        goto fail;
    }
    int i = 0;
    for (const cJSON *e = ops->child; e; e = e->next, i++) {
        t->n_ops = i + 1;
        if (read_op(&c, e, i, &t->ops[i]) < 0)
            goto fail;
        /* index it: the chain of ops of its name, checked for the same fraction */
        same_next[i] = -1;
        int j = hs_strmap_get(&t->name_ix, t->ops[i].name), last = -1;
        for (; j >= 0; last = j, j = same_next[j])
            if (hs_trace_same_row(&t->ops[j], &t->ops[i])) {
                hs_error_set(err, "%s: at $.ops[%d]: op \"%s\" at fraction %g%s%s appears twice "
                                  "(also $.ops[%d])",
                             file, i, t->ops[i].name, t->ops[i].fraction,
                             t->ops[i].dim ? " along " : "", t->ops[i].dim ? t->ops[i].dim : "",
                             j);
                goto fail;
            }
        if (last >= 0) {
            same_next[last] = i;
        } else if (hs_strmap_put(&t->name_ix, t->ops[i].name, i) < 0) {
            hs_error_set(err, "out of memory");
            goto fail;
        }
    }
    return t; /* same_next, set above, is complete now (lookups read it only from here) */
fail:
    hs_trace_free(t);
    return NULL;
}

hs_trace *hs_trace_load_file(const char *path, hs_error *err)
{
    cJSON *root;
    if (hs_json_load_file(path, &root, err) < 0)
        return NULL;
    hs_trace *t = hs_trace_from_json(root, path, err);
    cJSON_Delete(root);
    return t;
}
