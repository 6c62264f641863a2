/* Writer for "hetsim-trace" v1 JSON; see trace_write.h for the contract. */
#include "traces/trace_write.h"

#include "base/strbuf.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/atomic_file.h"
#include "base/strmap.h"

/* The loader's limits (traces/trace.c). */
#define HS_TRACE_MAX_US 1e9
#define HS_TRACE_MIN_FRACTION 1e-6

static void sb_field(hs_sbuf *b, const char *key, const char *value)
{
    hs_sb_puts(b, "  ");
    hs_sb_json_string(b, key);
    hs_sb_puts(b, ": ");
    hs_sb_json_string(b, value);
    hs_sb_puts(b, ",\n");
}

static int recorded_known(const char *r)
{
    for (int i = 0; hs_trace_origins[i]; i++)
        if (strcmp(r, hs_trace_origins[i]) == 0)
            return 1;
    return 0;
}

int hs_trace_validate(const hs_trace *t, hs_error *err)
{
    const struct {
        const char *key, *value;
    } req[] = {{"device", t->device}, {"model", t->model}, {"processor", t->processor}};
    for (size_t i = 0; i < sizeof req / sizeof req[0]; i++)
        if (!req[i].value || !req[i].value[0]) {
            hs_error_set(err, "trace: expected a non-empty %s name", req[i].key);
            return -1;
        }
    if (!t->recorded || !recorded_known(t->recorded)) {
        hs_error_set(err, "trace: \"recorded\" is \"%s\"; expected one of native, synthesized, "
                          "imported-tflite, imported-onnxruntime, imported-tensorrt, imported-qed",
                     t->recorded ? t->recorded : "(null)");
        return -1;
    }
    if ((int)t->dtype < 0 || t->dtype >= HS_DT_COUNT) {
        hs_error_set(err, "trace: dtype %d is not fp32, fp16 or int8", (int)t->dtype);
        return -1;
    }
    if (t->n_ops < 0 || (t->n_ops > 0 && !t->ops)) {
        hs_error_set(err, "trace: inconsistent op count %d", t->n_ops);
        return -1;
    }
    /* duplicates through an index: name -> first op, same[i] -> the next op
     * of op i's name (a scan of every earlier op was quadratic in the ops) */
    hs_strmap ix = {0};
    int *same = malloc((size_t)(t->n_ops > 0 ? t->n_ops : 1) * sizeof *same);
    int rc = -1;
    if (!same) {
        hs_error_set(err, "out of memory");
        return -1;
    }
    for (int i = 0; i < t->n_ops; i++) {
        const hs_trace_op *op = &t->ops[i];
        if (!op->name || !op->name[0]) {
            hs_error_set(err, "trace: op %d: expected a non-empty name", i);
            goto done;
        }
        if (!(op->fraction >= HS_TRACE_MIN_FRACTION && op->fraction <= 1.0)) {
            hs_error_set(err, "trace: op \"%s\": fraction %g is outside [%g, 1]", op->name,
                         op->fraction, HS_TRACE_MIN_FRACTION);
            goto done;
        }
        if (op->n < 1 || !op->samples_us) {
            hs_error_set(err, "trace: op \"%s\": expected at least one sample", op->name);
            goto done;
        }
        if (op->has_shape && (!isfinite(op->flops) || op->flops < 0 || op->in_elems < 0 ||
                              op->out_elems < 0 || op->weight_elems < 0)) {
            hs_error_set(err, "trace: op \"%s\": expected a non-negative recorded cost (flops, "
                              "in_elems, out_elems, weight_elems)",
                         op->name);
            goto done;
        }
        for (int k = 0; k < op->n; k++) {
            double v = op->samples_us[k];
            if (!isfinite(v) || v < 0 || v > HS_TRACE_MAX_US) {
                hs_error_set(err, "trace: op \"%s\": sample %d is %g us; expected a number in "
                                  "[0, %g]",
                             op->name, k, v, HS_TRACE_MAX_US);
                goto done;
            }
        }
        int j = hs_strmap_get(&ix, op->name), last = -1;
        for (; j >= 0; last = j, j = same[j])
            if (hs_trace_same_row(&t->ops[j], op)) {
                hs_error_set(err, "trace: op \"%s\" at fraction %g%s%s appears twice (ops %d and "
                                  "%d)",
                             op->name, op->fraction, op->dim ? " along " : "",
                             op->dim ? op->dim : "", j, i);
                goto done;
            }
        same[i] = -1;
        if (last >= 0) {
            same[last] = i;
        } else if (hs_strmap_put(&ix, op->name, i) < 0) {
            hs_error_set(err, "out of memory");
            goto done;
        }
    }
    rc = 0;
done:
    hs_strmap_free(&ix);
    free(same);
    return rc;
}

char *hs_trace_to_json(const hs_trace *t, const hs_trace_extra *extra, hs_error *err)
{
    if (hs_trace_validate(t, err) < 0)
        return NULL;
    hs_sbuf b = {0};
    hs_sb_puts(&b, "{\n");
    sb_field(&b, "format", "hetsim-trace");
    hs_sb_puts(&b, "  \"version\": 1,\n");
    sb_field(&b, "device", t->device);
    sb_field(&b, "model", t->model);
    sb_field(&b, "processor", t->processor);
    sb_field(&b, "dtype", hs_dtype_name(t->dtype));
    sb_field(&b, "recorded", t->recorded);
    if (t->kernel_only)
        sb_field(&b, "time", "kernel");
    if (t->generator && t->generator[0])
        sb_field(&b, "generator", t->generator);
    if (extra && extra->source && extra->source[0])
        sb_field(&b, "source", extra->source);
    if (extra && extra->note && extra->note[0])
        sb_field(&b, "note", extra->note);
    hs_sb_puts(&b, "  \"ops\": [");
    for (int i = 0; i < t->n_ops; i++) {
        const hs_trace_op *op = &t->ops[i];
        hs_sb_puts(&b, i ? ",\n    {\"name\": " : "\n    {\"name\": ");
        hs_sb_json_string(&b, op->name);
        if (op->type && op->type[0]) {
            hs_sb_puts(&b, ", \"type\": ");
            hs_sb_json_string(&b, op->type);
        }
        if (op->fraction != 1.0) {
            hs_sb_puts(&b, ", \"fraction\": ");
            hs_sb_json_number(&b, op->fraction);
        }
        if (op->dim && op->dim[0]) {
            hs_sb_puts(&b, ", \"dim\": ");
            hs_sb_json_string(&b, op->dim);
        }
        if (op->has_shape) {
            char tmp[160];
            hs_sb_puts(&b, ", \"flops\": ");
            hs_sb_json_number(&b, op->flops);
            snprintf(tmp, sizeof tmp, ", \"in_elems\": %lld, \"out_elems\": %lld, \"weight_elems\": %lld",
                     op->in_elems, op->out_elems, op->weight_elems);
            hs_sb_puts(&b, tmp);
        }
        hs_sb_puts(&b, ", \"samples_us\": [");
        for (int k = 0; k < op->n; k++) {
            if (k)
                hs_sb_puts(&b, ", ");
            hs_sb_json_number(&b, op->samples_us[k]);
        }
        hs_sb_puts(&b, "]}");
    }
    hs_sb_puts(&b, t->n_ops ? "\n  ]\n}\n" : "]\n}\n");
    if (b.oom) {
        free(b.s);
        hs_error_set(err, "out of memory writing a trace");
        return NULL;
    }
    return b.s;
}

int hs_trace_write_file(const hs_trace *t, const hs_trace_extra *extra, const char *path,
                        hs_error *err)
{
    char *text = hs_trace_to_json(t, extra, err);
    if (!text)
        return -1;
    hs_afile out;
    if (hs_afile_open(&out, path, err) < 0) {
        free(text);
        return -1;
    }
    fputs(text, out.f);
    free(text);
    return hs_afile_commit(&out, err);
}
