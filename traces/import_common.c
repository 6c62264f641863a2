/* Pieces shared by the trace importers: text and CSV reading, the trace
 * builder, unit conversion, TFLite -> ONNX op types, the rename map, the
 * model-graph check and the `hetsim import` pipeline. See importers.h. */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/json_read.h"
#include "config.h"
#include "traces/import_match.h"
#include "traces/importers.h"

#include "base/text_file.h"
#include "traces/trace_write.h"

void hs_import_warn(const hs_import_opts *o, const char *fmt, ...)
{
    if (!o || !o->warn)
        return;
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    o->warn(o->warn_ctx, msg);
}

int hs_import_read_text(const char *path, char **out, size_t *len_out, hs_error *err)
{
    char *buf;
    size_t len;
    if (hs_read_text_file(path, (size_t)1 << 30, &buf, &len, err) < 0)
        return -1;
    if (len == 0) {
        free(buf);
        hs_error_set(err, "%s: expected a profile, got an empty file", path);
        return -1;
    }
    *out = buf;
    if (len_out)
        *len_out = len;
    return 0;
}

/* ---- trace builder ---- */

hs_trace *hs_import_trace_new(const hs_import_opts *o, const char *tool, hs_error *err)
{
    hs_trace *t = calloc(1, sizeof *t);
    char rec[64], gen[128];
    snprintf(rec, sizeof rec, "imported-%s", tool);
    snprintf(gen, sizeof gen, "hetsim import %s %s", tool, PACKAGE_VERSION);
    if (t) {
        t->device = hs_strdup(o->device);
        t->model = hs_strdup(o->model);
        t->processor = hs_strdup(o->processor);
        t->recorded = hs_strdup(rec);
        t->generator = hs_strdup(gen);
        t->dtype = o->dtype;
        /* what the tool's per-op times hold (docs/traces.md): ONNX Runtime's
         * <node>_kernel_time excludes the fences around it, TensorRT's layer
         * profile times the layers' GPU work, qed's GPU rows leave out launch and
         * synchronisation (its notes: per-op sums 80-90 % of end-to-end); TFLite's
         * op profiling times each node's Invoke, interpreter overhead included */
        t->kernel_only = !strcmp(tool, "onnxruntime") || !strcmp(tool, "tensorrt") ||
                         !strcmp(tool, "qed");
    }
    if (!t || !t->device || !t->model || !t->processor || !t->recorded || !t->generator) {
        hs_trace_free(t);
        hs_error_set(err, "out of memory");
        return NULL;
    }
    return t;
}

int hs_import_find_op(const hs_trace *t, const char *name)
{
    return hs_strmap_get(&t->import_ix, name);
}

int hs_import_unique_name(hs_trace *t, const char *name, char *out, size_t n)
{
    snprintf(out, n, "%s", name);
    int first = hs_import_find_op(t, out);
    if (first < 0)
        return 0;
    /* "#2" .. "#(k-1)" were taken by the earlier repeats and names are never
     * removed while a table is read: start at the remembered k */
    int k = hs_strmap_get(&t->import_next, t->ops[first].name);
    if (k < 2)
        k = 2;
    do
        snprintf(out, n, "%s#%d", name, k++);
    while (hs_import_find_op(t, out) >= 0);
    /* the key is the first op's own name, which lives as long as the op;
     * out of memory only loses the shortcut */
    (void)hs_strmap_put(&t->import_next, t->ops[first].name, k);
    return strcmp(out, name) != 0;
}

/* Capacity of the arrays below is the next power of two >= count: grow when
 * the count is 0 or a power of two. */
static int needs_growth(int n)
{
    return n == 0 || (n & (n - 1)) == 0;
}

int hs_import_add_sample(hs_trace *t, const char *name, const char *type, double us,
                         hs_error *err)
{
    int i = hs_import_find_op(t, name);
    if (i < 0) {
        if (needs_growth(t->n_ops)) {
            size_t cap = t->n_ops ? (size_t)t->n_ops * 2 : 1;
            hs_trace_op *no = realloc(t->ops, cap * sizeof *no);
            if (!no)
                goto oom;
            t->ops = no;
        }
        hs_trace_op *op = &t->ops[t->n_ops];
        memset(op, 0, sizeof *op);
        op->fraction = 1.0;
        op->name = hs_strdup(name);
        op->type = hs_strdup(type ? type : "");
        t->n_ops++; /* counted now so that hs_trace_free releases it */
        if (!op->name || !op->type || hs_strmap_put(&t->import_ix, op->name, t->n_ops - 1) < 0)
            goto oom;
        i = t->n_ops - 1;
    }
    hs_trace_op *op = &t->ops[i];
    if (needs_growth(op->n)) {
        size_t cap = op->n ? (size_t)op->n * 2 : 1;
        double *ns = realloc(op->samples_us, cap * sizeof *ns);
        if (!ns)
            goto oom;
        op->samples_us = ns;
    }
    op->samples_us[op->n++] = us;
    return 0;
oom:
    hs_error_set(err, "out of memory");
    return -1;
}

double hs_import_ms_to_us(double ms)
{
    char tmp[64];
    snprintf(tmp, sizeof tmp, "%.15g", ms * 1000.0);
    return strtod(tmp, NULL);
}

int hs_import_parse_number(const char *s, double *out)
{
    while (*s == ' ' || *s == '\t')
        s++;
    if (!((*s >= '0' && *s <= '9') || *s == '-' || *s == '+' || *s == '.'))
        return -1;
    if (strpbrk(s, "xXnNiI")) /* hex floats, nan, inf */
        return -1;
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (end == s || errno == ERANGE || !isfinite(v))
        return -1;
    while (*end == ' ' || *end == '\t' || *end == '\r' || *end == '\n')
        end++;
    if (*end)
        return -1;
    *out = v;
    return 0;
}

int hs_import_json_duration(const char *file, const cJSON *obj, const char *path,
                            const char *key, const char *unit, double max, double *out,
                            hs_error *err)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (cJSON_IsNumber(v) && isfinite(v->valuedouble) && v->valuedouble >= 0 &&
        v->valuedouble <= max) {
        *out = v->valuedouble;
        return 0;
    }
    char got[128];
    hs_jdescribe(v, got, sizeof got);
    hs_error_set(err, "%s: at %s.%s: expected a duration in %s (a number >= 0 and <= %g), got %s",
                 file, path, key, unit, max, got);
    return -1;
}

const char *hs_tflite_type_to_onnx(const char *tfl)
{
    static const char *const table[][2] = {
        {"CONV_2D", "Conv"},
        {"DEPTHWISE_CONV_2D", "Conv"},
        {"CONV_2D_GROUP", "Conv"}, /* qed's name for grouped CONV_2D */
        {"TRANSPOSE_CONV", "ConvTranspose"},
        {"FULLY_CONNECTED", "Gemm"},
        {"BATCH_MATMUL", "MatMul"},
        {"MAX_POOL_2D", "MaxPool"},
        {"AVERAGE_POOL_2D", "AveragePool"},
        {"MEAN", "ReduceMean"},
        {"SUM", "ReduceSum"},
        {"REDUCE_MAX", "ReduceMax"},
        {"CONCATENATION", "Concat"},
        {"ADD", "Add"},
        {"SUB", "Sub"},
        {"MUL", "Mul"},
        {"DIV", "Div"},
        {"RELU", "Relu"},
        {"RELU6", "Clip"},
        {"LEAKY_RELU", "LeakyRelu"},
        {"PRELU", "PRelu"},
        {"LOGISTIC", "Sigmoid"},
        {"TANH", "Tanh"},
        {"HARD_SWISH", "HardSwish"},
        {"GELU", "Gelu"},
        {"SOFTMAX", "Softmax"},
        {"EXP", "Exp"},
        {"SQRT", "Sqrt"},
        {"POW", "Pow"},
        {"RESHAPE", "Reshape"},
        {"SQUEEZE", "Squeeze"},
        {"EXPAND_DIMS", "Unsqueeze"},
        {"TRANSPOSE", "Transpose"},
        {"PAD", "Pad"},
        {"PADV2", "Pad"},
        {"SPLIT", "Split"},
        {"SPLIT_V", "Split"},
        {"STRIDED_SLICE", "Slice"},
        {"SLICE", "Slice"},
        {"GATHER", "Gather"},
        {"RESIZE_BILINEAR", "Resize"},
        {"RESIZE_NEAREST_NEIGHBOR", "Resize"},
        {"L2_NORMALIZATION", "LpNormalization"},
        {"QUANTIZE", "QuantizeLinear"},
        {"DEQUANTIZE", "DequantizeLinear"},
    };
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
        if (strcmp(tfl, table[i][0]) == 0)
            return table[i][1];
    return NULL;
}

/* ---- CSV ---- */

int hs_csv_open(hs_csv *c, const char *path, hs_error *err)
{
    memset(c, 0, sizeof *c);
    c->file = path;
    c->next_line = 1;
    return hs_import_read_text(path, &c->buf, &c->len, err);
}

void hs_csv_close(hs_csv *c)
{
    free(c->buf);
    free(c->fields);
    memset(c, 0, sizeof *c);
}

static int csv_push(hs_csv *c, char *field, hs_error *err)
{
    if (c->n_fields == c->cap_fields) {
        int cap = c->cap_fields ? c->cap_fields * 2 : 16;
        char **nf = realloc(c->fields, (size_t)cap * sizeof *nf);
        if (!nf) {
            hs_error_set(err, "out of memory");
            return -1;
        }
        c->fields = nf;
        c->cap_fields = cap;
    }
    c->fields[c->n_fields++] = field;
    return 0;
}

int hs_csv_next(hs_csv *c, hs_error *err)
{
    char *b = c->buf;
    /* skip blank lines */
    for (;;) {
        if (c->pos >= c->len)
            return 0;
        size_t p = c->pos;
        while (p < c->len && (b[p] == ' ' || b[p] == '\t' || b[p] == '\r'))
            p++;
        if (p < c->len && b[p] != '\n')
            break;
        c->pos = p < c->len ? p + 1 : p;
        c->next_line++;
    }
    c->line = c->next_line;
    c->n_fields = 0;
    size_t r = c->pos;
    for (;;) {
        char *field = b + r;
        char delim; /* ',', '\n' or '\0' (end of file) */
        if (b[r] == '"') {
            size_t w = r;
            r++;
            for (;;) {
                if (r >= c->len) {
                    hs_error_set(err, "%s:%d: expected a closing '\"' for the quoted field, got "
                                      "the end of the file (truncated file?)",
                                 c->file, c->line);
                    return -1;
                }
                if (b[r] == '"') {
                    if (r + 1 < c->len && b[r + 1] == '"') {
                        b[w++] = '"';
                        r += 2;
                        continue;
                    }
                    r++;
                    break;
                }
                if (b[r] == '\n')
                    c->next_line++;
                b[w++] = b[r++];
            }
            if (r < c->len && b[r] == '\r' && (r + 1 >= c->len || b[r + 1] == '\n'))
                r++;
            if (r < c->len && b[r] != ',' && b[r] != '\n') {
                hs_error_set(err, "%s:%d: expected ',' or the end of the line after a quoted "
                                  "field, got '%c'",
                             c->file, c->line, b[r]);
                return -1;
            }
            delim = r < c->len ? b[r] : '\0';
            b[w] = '\0';
        } else {
            while (r < c->len && b[r] != ',' && b[r] != '\n')
                r++;
            delim = r < c->len ? b[r] : '\0';
            size_t e = r;
            if (e > (size_t)(field - b) && b[e - 1] == '\r')
                e--;
            b[e] = '\0';
        }
        if (csv_push(c, field, err) < 0)
            return -1;
        if (delim == ',') {
            r++;
            continue;
        }
        if (delim == '\n') {
            c->next_line++;
            r++;
        }
        c->pos = r;
        return 1;
    }
}

/* ---- rename map ---- */

void hs_name_map_free(hs_name_map *m)
{
    if (!m)
        return;
    for (int i = 0; i < m->n; i++) {
        free(m->from[i]);
        free(m->to[i]);
    }
    free(m->from);
    free(m->to);
    free(m->line);
    free(m->used);
    free(m->file);
    free(m);
}

static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        s[--n] = '\0';
    return s;
}

hs_name_map *hs_name_map_load(const char *path, hs_error *err)
{
    hs_csv c;
    if (hs_csv_open(&c, path, err) < 0)
        return NULL;
    hs_name_map *m = calloc(1, sizeof *m);
    int cap = 0, rc, records = 0;
    if (!m || !(m->file = hs_strdup(path)))
        goto oom;
    while ((rc = hs_csv_next(&c, err)) == 1) {
        char *from = trim(c.fields[0]);
        if (from[0] == '#')
            continue;
        records++;
        if (c.n_fields != 2) {
            hs_error_set(err, "%s:%d: expected 2 columns (tool name, model op name), got %d",
                         path, c.line, c.n_fields);
            goto fail;
        }
        char *to = trim(c.fields[1]);
        if (records == 1 && strcmp(from, "tool_name") == 0 && strcmp(to, "model_op") == 0)
            continue; /* header */
        if (!from[0]) {
            hs_error_set(err, "%s:%d: expected a tool name in column 1, got an empty field",
                         path, c.line);
            goto fail;
        }
        for (int i = 0; i < m->n; i++)
            if (strcmp(m->from[i], from) == 0) {
                hs_error_set(err, "%s:%d: tool name \"%s\" is already mapped on line %d", path,
                             c.line, from, m->line[i]);
                goto fail;
            }
        if (m->n == cap) {
            cap = cap ? cap * 2 : 32;
            char **nf = realloc(m->from, (size_t)cap * sizeof *nf);
            if (nf)
                m->from = nf;
            char **nt = realloc(m->to, (size_t)cap * sizeof *nt);
            if (nt)
                m->to = nt;
            int *nl = realloc(m->line, (size_t)cap * sizeof *nl);
            if (nl)
                m->line = nl;
            int *nu = realloc(m->used, (size_t)cap * sizeof *nu);
            if (nu)
                m->used = nu;
            if (!nf || !nt || !nl || !nu)
                goto oom;
        }
        m->from[m->n] = hs_strdup(from);
        m->to[m->n] = hs_strdup(to);
        m->line[m->n] = c.line;
        m->used[m->n] = 0;
        m->n++;
        if (!m->from[m->n - 1] || !m->to[m->n - 1])
            goto oom;
    }
    if (rc < 0)
        goto fail;
    if (m->n == 0) {
        hs_error_set(err, "%s: expected at least one line \"tool name,model op name\", got none",
                     path);
        goto fail;
    }
    hs_csv_close(&c);
    return m;
oom:
    hs_error_set(err, "out of memory");
fail:
    hs_csv_close(&c);
    hs_name_map_free(m);
    return NULL;
}

static void free_op(hs_trace_op *op)
{
    free(op->name);
    free(op->type);
    free(op->dim);
    free(op->samples_us);
}

int hs_name_map_apply(const hs_name_map *m, hs_trace *t, const hs_import_opts *o, hs_error *err)
{
    for (int i = 0; i < m->n; i++)
        m->used[i] = 0;
    int n = t->n_ops, rc = -1;
    size_t cnt = (size_t)(n ? n : 1);
    int *entry = malloc(cnt * sizeof *entry);   /* map entry of op i, or -1 */
    int *leader = malloc(cnt * sizeof *leader); /* first op with the same new name, or -1 = dropped */
    char **newname = calloc(cnt, sizeof *newname);
    hs_strmap from_ix = {0}, leader_ix = {0}; /* tool name -> first entry; new name -> leader */
    if (!entry || !leader || !newname)
        goto oom;
    for (int k = 0; k < m->n; k++)
        if (hs_strmap_get(&from_ix, m->from[k]) < 0 && hs_strmap_put(&from_ix, m->from[k], k) < 0)
            goto oom;
    /* pass 1: decide everything, changing nothing */
    for (int i = 0; i < n; i++) {
        entry[i] = hs_strmap_get(&from_ix, t->ops[i].name);
        const char *target = entry[i] >= 0 ? m->to[entry[i]] : t->ops[i].name;
        if (entry[i] >= 0)
            m->used[entry[i]] = 1;
        if (!target[0]) {
            leader[i] = -1;
            continue;
        }
        if (!(newname[i] = hs_strdup(target)))
            goto oom;
        leader[i] = hs_strmap_get(&leader_ix, newname[i]);
        if (leader[i] < 0) {
            leader[i] = i;
            if (hs_strmap_put(&leader_ix, newname[i], i) < 0)
                goto oom;
        }
        int j = leader[i];
        if (j != i && t->ops[j].n != t->ops[i].n) {
            hs_error_set(err, "%s: tool names \"%s\" and \"%s\" both map to op \"%s\" but have "
                              "%d and %d samples; ops merged into one must have the same "
                              "number of samples",
                         m->file, t->ops[j].name, t->ops[i].name, newname[i], t->ops[j].n,
                         t->ops[i].n);
            goto done;
        }
    }
    /* pass 2: rename, merge (samples added), drop; nothing can fail */
    int kept = 0;
    int *slot = entry; /* reused: new index of each leader */
    for (int i = 0; i < n; i++) {
        hs_trace_op op = t->ops[i];
        if (leader[i] == i) {
            free(op.name);
            op.name = newname[i];
            newname[i] = NULL;
            slot[i] = kept;
            t->ops[kept++] = op;
        } else {
            if (leader[i] >= 0) {
                hs_trace_op *into = &t->ops[slot[leader[i]]];
                for (int k = 0; k < op.n; k++)
                    into->samples_us[k] += op.samples_us[k];
            }
            free_op(&op);
        }
    }
    t->n_ops = kept;
    /* names changed and ops moved: index them again (the old keys are freed) */
    hs_strmap_free(&t->import_ix);
    hs_strmap_free(&t->import_next);
    for (int i = 0; i < kept; i++)
        if (t->ops[i].fraction == 1.0 && hs_strmap_put(&t->import_ix, t->ops[i].name, i) < 0)
            goto oom;
    int unused = 0;
    for (int k = 0; k < m->n; k++)
        if (!m->used[k] && ++unused <= 20)
            hs_import_warn(o, "%s:%d: tool name \"%s\" is not in the profile", m->file,
                           m->line[k], m->from[k]);
    if (unused > 20)
        hs_import_warn(o, "%s: %d more map entries match no op of the profile", m->file,
                       unused - 20);
    rc = 0;
    goto done;
oom:
    hs_error_set(err, "out of memory");
done:
    hs_strmap_free(&from_ix);
    hs_strmap_free(&leader_ix);
    if (newname)
        for (int i = 0; i < n; i++)
            free(newname[i]);
    free(newname);
    free(leader);
    free(entry);
    return rc;
}

/* ---- model graph check ---- */

int hs_import_check_graph(hs_trace *t, const hs_graph *g, const hs_import_opts *o, int max_warn)
{
    int unmatched = 0;
    char *seen = calloc((size_t)(g->n_ops ? g->n_ops : 1), 1);
    for (int i = 0; i < t->n_ops; i++) {
        hs_trace_op *op = &t->ops[i];
        int k = hs_graph_find_op(g, op->name);
        if (k >= 0) {
            if (seen)
                seen[k] = 1;
            char *ty = hs_strdup(g->ops[k].type);
            if (ty) {
                free(op->type);
                op->type = ty;
            }
            if (!op->has_shape) { /* what the recorded op cost, from the model graph */
                op->has_shape = 1;
                op->flops = g->ops[k].flops;
                op->in_elems = g->ops[k].in_elems;
                op->out_elems = g->ops[k].out_elems;
                op->weight_elems = g->ops[k].weight_elems;
            }
            continue;
        }
        if (++unmatched <= max_warn)
            hs_import_warn(o, "op \"%s\" is not an op of model graph \"%s\"; the simulator "
                              "will not use its samples (rename it with --map)",
                           op->name, g->name);
    }
    if (unmatched > max_warn)
        hs_import_warn(o, "%d more ops are not ops of model graph \"%s\"", unmatched - max_warn,
                       g->name);
    if (seen) {
        int missing = 0, costly = 0;
        for (int k = 0; k < g->n_ops; k++)
            if (!hs_op_is_view(&g->ops[k])) {
                costly++;
                missing += !seen[k];
            }
        if (missing)
            hs_import_warn(o, "%d of the %d ops of model graph \"%s\" (views not counted) have "
                              "no samples in the trace; the simulator estimates them",
                           missing, costly, g->name);
        free(seen);
    }
    return unmatched;
}

/* ---- the pipeline of `hetsim import` ---- */

int hs_import_run(hs_trace_importer fn, const char *path, const hs_import_opts *o,
                  const char *map_path, const hs_graph *g, const char *out_path, hs_error *err)
{
    char note[1536] = "";
    hs_name_map *m = NULL;
    int rc = -1;
    hs_trace *t = fn(path, o, note, sizeof note, err);
    if (!t)
        return -1;
    if (map_path) {
        if (!(m = hs_name_map_load(map_path, err)) || hs_name_map_apply(m, t, o, err) < 0)
            goto done;
        if (t->n_ops == 0) {
            hs_error_set(err, "%s: every op of %s is dropped by the map; nothing to write",
                         map_path, path);
            goto done;
        }
    }
    if (g) {
        hs_match_summary ms;
        if (hs_import_match_graph(t, g, &ms, err) < 0) {
            hs_error_prefix(err, "%s", path);
            goto done;
        }
        char line[512];
        hs_match_summary_text(&ms, line, sizeof line);
        if (o->info)
            o->info(o->info_ctx, line);
        size_t used = strlen(note);
        snprintf(note + used, sizeof note - used, "%smatched to model graph \"%s\": %s",
                 used ? "; " : "", g->name, line);
        hs_import_check_graph(t, g, o, 20);
    }
    if (hs_trace_validate(t, err) < 0) {
        hs_error_prefix(err, "%s", path);
        goto done;
    }
    const char *base = strrchr(path, '/');
    hs_trace_extra extra = {base ? base + 1 : path, note};
    if (hs_trace_write_file(t, &extra, out_path, err) < 0) {
        hs_error_mark(err, HS_ERR_RUNTIME); /* the output could not be written */
        goto done;
    }
    rc = 0;
done:
    hs_name_map_free(m);
    hs_trace_free(t);
    return rc;
}
