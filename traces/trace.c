/* Loader for "hetsim-trace" JSON files. */
#include "base/text_file.h"
#include "traces/trace.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/json_read.h"

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
    free(t->device);
    free(t->model);
    free(t->processor);
    free(t->recorded);
    free(t->generator);
    free(t);
}

const hs_trace_op *hs_trace_find(const hs_trace *t, const char *name, double fraction)
{
    for (int i = 0; i < t->n_ops; i++)
        if (fabs(t->ops[i].fraction - fraction) < 1e-9 && strcmp(t->ops[i].name, name) == 0)
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

const hs_trace_op *hs_trace_near(const hs_trace *t, const char *name, double fraction,
                                 double *scale)
{
    const hs_trace_op *below = NULL, *above = NULL, *nearest = NULL;
    int split = 0;
    for (int i = 0; i < t->n_ops; i++) {
        const hs_trace_op *o = &t->ops[i];
        if (strcmp(o->name, name) != 0)
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
        want = row_mean(above) * fraction / above->fraction;
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
        if (hs_jnumber(c, e, path, "flops", 1, 0, 0, 1e18, &op->flops) < 0 ||
            hs_jint(c, e, path, "in_elems", 1, 0, 0, (long long)1 << 50, &op->in_elems) < 0 ||
            hs_jint(c, e, path, "out_elems", 1, 0, 0, (long long)1 << 50, &op->out_elems) < 0 ||
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
    if (!t->device || !t->model || !t->processor || !t->recorded || !t->generator || !t->ops) {
        hs_error_set(err, "out of memory");
        goto fail;
    }
    int i = 0;
    for (const cJSON *e = ops->child; e; e = e->next, i++) {
        t->n_ops = i + 1;
        if (read_op(&c, e, i, &t->ops[i]) < 0)
            goto fail;
        if (hs_trace_find(t, t->ops[i].name, t->ops[i].fraction) != &t->ops[i]) {
            hs_error_set(err, "%s: at $.ops[%d]: op \"%s\" at fraction %g appears twice", file, i,
                         t->ops[i].name, t->ops[i].fraction);
            goto fail;
        }
    }
    return t;
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
