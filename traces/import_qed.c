/* Importer for the per-operator CSV of the qed mobile-ml-benchmark dataset
 * (Li, Paolieri, Golubchik, EdgeSys'24; github.com/qed-usc/mobile-ml-benchmark,
 * tflite_cnn_ops_gpu.csv). Columns: model, operation, feature, then per
 * device "<dev>|gpu|float" (latency in microseconds) and "<dev>|gpu|kernel"
 * (the TFLite GPU kernel chosen). One row per operator of a model.
 *
 * Selection: rows whose model column equals o->source_model (default
 * o->model), latency column of device o->source_device ("pixel4", or
 * "pixel4|gpu" when a device has several processors; may be NULL when the
 * file has a single latency column). Each selected row is one op named
 * "<operation>_<k>", k = the row's 0-based position among the model's rows
 * (CONV_2D_0, CONV_2D_1, DEPTHWISE_CONV_2D_2, ...), with one sample: the
 * latency in us. Types are mapped to ONNX (CONV_2D -> Conv, MEAN ->
 * ReduceMean, ...).
 * Checks: the header starts with model,operation,feature and names device
 * columns "<dev>|<processor>|<tag>"; each row has the header's column count
 * (quoted "feature" fields may hold commas); selected latencies are numbers
 * >= 0; the model and the device exist (the message lists those that do). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "traces/importers.h"

/* Distinct strings in first-seen order (for "models in the file: ..."). */
typedef struct strset {
    char **v;
    int n, cap;
} strset;

static void set_add(strset *s, const char *x)
{
    for (int i = 0; i < s->n; i++)
        if (strcmp(s->v[i], x) == 0)
            return;
    if (s->n == s->cap) {
        int cap = s->cap ? s->cap * 2 : 16;
        char **nv = realloc(s->v, (size_t)cap * sizeof *nv);
        if (!nv)
            return; /* only used for messages */
        s->v = nv;
        s->cap = cap;
    }
    size_t l = strlen(x) + 1;
    if ((s->v[s->n] = malloc(l))) {
        memcpy(s->v[s->n], x, l);
        s->n++;
    }
}

/* "a, b, c" (at most `max` items, then "and N more"). */
static void set_text(const strset *s, int max, char *buf, size_t n)
{
    size_t used = 0;
    buf[0] = '\0';
    for (int i = 0; i < s->n && i < max && used < n; i++)
        used += (size_t)snprintf(buf + used, n - used, "%s%s", i ? ", " : "", s->v[i]);
    if (s->n > max && used < n)
        snprintf(buf + used, n - used, " and %d more", s->n - max);
    if (s->n == 0)
        snprintf(buf, n, "none");
}

static void set_free(strset *s)
{
    for (int i = 0; i < s->n; i++)
        free(s->v[i]);
    free(s->v);
}

hs_trace *hs_import_qed(const char *path, const hs_import_opts *o, char *note, size_t note_n,
                        hs_error *err)
{
    hs_csv c;
    hs_trace *t = NULL;
    strset devs = {0}, models = {0};
    char **header = NULL;
    int n_header = 0;
    if (hs_csv_open(&c, path, err) < 0)
        return NULL;
    int rc = hs_csv_next(&c, err);
    if (rc < 0)
        goto fail;
    static const char *const fixed[] = {"model", "operation", "feature"};
    if (rc == 0 || c.n_fields < 4) {
        hs_error_set(err, "%s:%d: expected the header model,operation,feature,<dev>|gpu|float,"
                          "<dev>|gpu|kernel,..., got %d columns",
                     path, c.line ? c.line : 1, rc ? c.n_fields : 0);
        goto fail;
    }
    for (int i = 0; i < 3; i++)
        if (strcmp(c.fields[i], fixed[i]) != 0) {
            hs_error_set(err, "%s:%d: column %d: expected the header \"%s\", got \"%s\"", path,
                         c.line, i + 1, fixed[i], c.fields[i]);
            goto fail;
        }
    n_header = c.n_fields;
    header = calloc((size_t)n_header, sizeof *header);
    if (!header)
        goto oom;
    for (int i = 0; i < n_header; i++) {
        size_t l = strlen(c.fields[i]) + 1;
        if (!(header[i] = malloc(l)))
            goto oom;
        memcpy(header[i], c.fields[i], l);
    }
    /* device columns and the one to read */
    int lat = -1, n_match = 0;
    char devices[512], matches[512] = "";
    const char *want = o->source_device;
    for (int i = 3; i < n_header; i++) {
        const char *h = header[i];
        const char *b1 = strchr(h, '|'), *b2 = b1 ? strchr(b1 + 1, '|') : NULL;
        if (!b1 || !b2 || b1 == h || b2 == b1 + 1 || !b2[1] || strchr(b2 + 1, '|')) {
            hs_error_set(err, "%s:%d: column %d: expected a device column \"<dev>|<processor>|"
                              "float\" or \"<dev>|<processor>|kernel\", got \"%s\"",
                         path, c.line, i + 1, h);
            goto fail;
        }
        if (strcmp(b2 + 1, "kernel") == 0)
            continue;
        char dev[256];
        snprintf(dev, sizeof dev, "%.*s", (int)(b1 - h), h);
        set_add(&devs, dev);
        int hit = !want || strcmp(want, dev) == 0 ||
                  (strncmp(want, h, (size_t)(b2 - h)) == 0 && want[b2 - h] == '\0');
        if (hit) {
            lat = i;
            n_match++;
            size_t used = strlen(matches);
            snprintf(matches + used, sizeof matches - used, "%s%s", used ? ", " : "", h);
        }
    }
    set_text(&devs, 50, devices, sizeof devices);
    if (n_match == 0) {
        if (want)
            hs_error_set(err, "%s:%d: expected a latency column of device \"%s\" "
                              "(--source-device), got none; devices in the file: %s",
                         path, c.line, want, devices);
        else
            hs_error_set(err, "%s:%d: expected latency columns \"<dev>|<processor>|float\", got "
                              "none",
                         path, c.line);
        goto fail;
    }
    if (n_match > 1 && !want) {
        hs_error_set(err, "%s:%d: expected --source-device DEV to choose one of %d latency "
                          "columns; devices in the file: %s",
                     path, c.line, n_match, devices);
        goto fail;
    }
    if (n_match > 1) {
        hs_error_set(err, "%s:%d: --source-device %s matches several latency columns (%s); "
                          "name the processor too, e.g. --source-device %.*s",
                     path, c.line, want, matches,
                     (int)(strrchr(header[lat], '|') - header[lat]), header[lat]);
        goto fail;
    }
    const char *model = o->source_model ? o->source_model : o->model;
    if (!(t = hs_import_trace_new(o, "qed", err)))
        goto fail;
    int rows = 0, k = 0;
    while ((rc = hs_csv_next(&c, err)) == 1) {
        rows++;
        if (c.n_fields != n_header) {
            int at_end = c.pos >= c.len;
            hs_error_set(err, "%s:%d: expected %d columns as in the header, got %d%s", path,
                         c.line, n_header, c.n_fields, at_end ? " (truncated file?)" : "");
            goto fail;
        }
        set_add(&models, c.fields[0]);
        if (strcmp(c.fields[0], model) != 0)
            continue;
        const char *op = c.fields[1];
        if (!op[0]) {
            hs_error_set(err, "%s:%d: column \"operation\": expected a TFLite operator name, got "
                              "an empty field",
                         path, c.line);
            goto fail;
        }
        double us;
        if (hs_import_parse_number(c.fields[lat], &us) < 0 || us < 0 || us > 1e9) {
            hs_error_set(err, "%s:%d: column \"%s\": expected a latency in microseconds (a number "
                              "in [0, 1e9]), got \"%s\"",
                         path, c.line, header[lat], c.fields[lat]);
            goto fail;
        }
        char name[512];
        snprintf(name, sizeof name, "%s_%d", op, k++);
        const char *onnx = hs_tflite_type_to_onnx(op);
        if (hs_import_add_sample(t, name, onnx ? onnx : op, us, err) < 0)
            goto fail;
    }
    if (rc < 0)
        goto fail;
    if (rows == 0) {
        hs_error_set(err, "%s: expected operator rows after the header, got none (empty profile)",
                     path);
        goto fail;
    }
    if (t->n_ops == 0) {
        /* models whose name contains the one asked for first: mobilenetv2 ->
         * mobilenetv2_w1, mobilenetv2_wd2, ... */
        strset like = {0};
        for (int i = 0; i < models.n; i++)
            if (strstr(models.v[i], model))
                set_add(&like, models.v[i]);
        char list[512];
        set_text(like.n ? &like : &models, 12, list, sizeof list);
        hs_error_set(err, "%s: expected rows of model \"%s\" (--source-model, default --model), "
                          "got none; %s: %s",
                     path, model,
                     like.n ? "models in the file with that in their name" : "models in the file",
                     list);
        set_free(&like);
        goto fail;
    }
    if (note)
        snprintf(note, note_n, "qed mobile-ml-benchmark: model %s, column %s (TFLite per-op "
                               "latency, us); one sample per op; ops named <operation>_<row>",
                 model, header[lat]);
    for (int i = 0; i < n_header; i++)
        free(header[i]);
    free(header);
    set_free(&devs);
    set_free(&models);
    hs_csv_close(&c);
    return t;
oom:
    hs_error_set(err, "out of memory");
fail:
    if (header)
        for (int i = 0; i < n_header; i++)
            free(header[i]);
    free(header);
    set_free(&devs);
    set_free(&models);
    hs_trace_free(t);
    hs_csv_close(&c);
    return NULL;
}
