/* Loader for "hetsim-model" JSON files (docs/formats.md). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/text_file.h"
#include "traces/graph.h"
#include "base/json_read.h"

#define MAX_IO 64

static int read_shape(hs_jctx *c, const cJSON *obj, const char *path, int *rank,
                      int64_t shape[HS_MAX_RANK])
{
    const cJSON *arr;
    if (hs_jarray(c, obj, path, "shape", 1, &arr) < 0)
        return -1;
    int n = cJSON_GetArraySize(arr);
    if (n > HS_MAX_RANK) {
        hs_error_set(c->err, "%s: at %s.shape: expected at most %d dimensions, got %d", c->file,
                     path, HS_MAX_RANK, n);
        return -1;
    }
    int i = 0;
    for (const cJSON *d = arr->child; d; d = d->next, i++) {
        char p[512];
        snprintf(p, sizeof p, "%s.shape[%d]", path, i);
        double v;
        if (hs_jnumber_value(c, d, p, 1, 2147483648.0, &v) < 0)
            return -1;
        if (v != (double)(int64_t)v) {
            hs_error_set(c->err, "%s: at %s: expected an integer dimension, got %g", c->file, p, v);
            return -1;
        }
        shape[i] = (int64_t)v;
    }
    *rank = n;
    return 0;
}

/* Read a spatial attribute: kernel_shape/strides/dilations as [h, w] (or [n]
 * for 1-D ops, meaning h = n, w = 1, or a single number for both), pads as
 * [top, left, bottom, right] (or [begin, end] for 1-D ops). */
static int read_spatial(hs_jctx *c, const cJSON *attrs, const char *path, const char *key,
                        int is_pads, int *vals, long long min, long long max)
{
    const cJSON *a = cJSON_GetObjectItemCaseSensitive(attrs, key);
    if (!a)
        return 0;
    char p[512];
    snprintf(p, sizeof p, "%s.%s", path, key);
    if (cJSON_IsNumber(a) && !is_pads) {
        long long v;
        if (hs_jint(c, attrs, path, key, 1, 0, min, max, &v) < 0)
            return -1;
        vals[0] = vals[1] = (int)v;
        return 0;
    }
    int n = cJSON_IsArray(a) ? cJSON_GetArraySize(a) : -1;
    int full = is_pads ? 4 : 2, half = is_pads ? 2 : 1;
    if (n != full && n != half) {
        char desc[96];
        if (n >= 0)
            snprintf(desc, sizeof desc, "an array of %d", n);
        else
            hs_jdescribe(a, desc, sizeof desc);
        hs_error_set(c->err, "%s: at %s: expected an array of %d integers (or %d for a 1-D op), "
                             "got %s",
                     c->file, p, full, half, desc);
        return -1;
    }
    int tmp[4] = {0, 0, 0, 0}, i = 0;
    for (const cJSON *e = a->child; e; e = e->next, i++) {
        char pi[600];
        snprintf(pi, sizeof pi, "%s[%d]", p, i);
        double v;
        if (hs_jnumber_value(c, e, pi, (double)min, (double)max, &v) < 0)
            return -1;
        if (v != (double)(long long)v) {
            hs_error_set(c->err, "%s: at %s: expected an integer, got %g", c->file, pi, v);
            return -1;
        }
        tmp[i] = (int)v;
    }
    if (n == full) {
        memcpy(vals, tmp, sizeof(int) * (size_t)full);
    } else if (is_pads) { /* 1-D: [begin, end] along the height */
        vals[0] = tmp[0];
        vals[2] = tmp[1];
        vals[1] = vals[3] = 0;
    } else { /* 1-D: the value along the height, 1 along the width */
        vals[0] = tmp[0];
        vals[1] = 1;
    }
    return 0;
}

static int read_attrs(hs_jctx *c, const cJSON *op, const char *path, hs_op_attrs *at)
{
    *at = hs_op_attrs_default();
    const cJSON *attrs = cJSON_GetObjectItemCaseSensitive(op, "attrs");
    if (!attrs)
        return 0;
    char p[512];
    snprintf(p, sizeof p, "%s.attrs", path);
    if (hs_jobject(c, attrs, p, NULL) < 0)
        return -1;
    int k[2] = {1, 1}, s[2] = {1, 1}, d[2] = {1, 1};
    if (read_spatial(c, attrs, p, "kernel_shape", 0, k, 1, 4096) < 0 ||
        read_spatial(c, attrs, p, "strides", 0, s, 1, 4096) < 0 ||
        read_spatial(c, attrs, p, "dilations", 0, d, 1, 4096) < 0 ||
        read_spatial(c, attrs, p, "pads", 1, at->pads, 0, 4096) < 0)
        return -1;
    at->kernel_h = k[0];
    at->kernel_w = k[1];
    at->stride_h = s[0];
    at->stride_w = s[1];
    at->dilation_h = d[0];
    at->dilation_w = d[1];
    long long grp;
    if (hs_jint(c, attrs, p, "group", 0, 1, 1, 1 << 20, &grp) < 0)
        return -1;
    at->group = (int)grp;
    return 0;
}

static const char *const kind_text[] = {"an integer", "a number", "a string",
                                        "an array of integers", "an array of numbers"};

/* Keep every attribute of an op in `as`, in file order: a number, a string
 * or an array of numbers; an attribute the op table knows for this op type
 * must have the kind it names (e.g. Transpose's perm: integers). */
static int read_attr_list(hs_jctx *c, const cJSON *op, const char *path, hs_op_type type,
                          hs_attrs *as)
{
    const cJSON *attrs = cJSON_GetObjectItemCaseSensitive(op, "attrs");
    if (!attrs)
        return 0;
    for (const cJSON *e = attrs->child; e; e = e->next) {
        char p[600], got[96];
        snprintf(p, sizeof p, "%s.attrs.%s", path, e->string);
        const hs_op_attr_spec *spec = hs_op_attr_spec_of(type, e->string);
        int rc = 0;
        if (cJSON_IsString(e)) {
            rc = hs_attrs_set_string(as, e->string, e->valuestring);
        } else if (cJSON_IsNumber(e) && isfinite(e->valuedouble)) {
            rc = hs_attrs_set_number(as, e->string, e->valuedouble);
        } else if (cJSON_IsArray(e)) {
            int n = cJSON_GetArraySize(e), i = 0;
            double *v = malloc((size_t)(n > 0 ? n : 1) * sizeof *v);
            if (!v) {
                hs_error_set(c->err, "out of memory");
                return -1;
            }
            for (const cJSON *x = e->child; x; x = x->next, i++) {
                if (!cJSON_IsNumber(x) || !isfinite(x->valuedouble)) {
                    hs_jdescribe(x, got, sizeof got);
                    hs_error_set(c->err, "%s: at %s[%d]: expected a number, got %s", c->file, p,
                                 i, got);
                    free(v);
                    return -1;
                }
                v[i] = x->valuedouble;
            }
            rc = hs_attrs_set_numbers(as, e->string, v, n, 1);
            free(v);
        } else {
            hs_jdescribe(e, got, sizeof got);
            hs_error_set(c->err, "%s: at %s: expected a number, a string or an array of numbers, "
                                 "got %s",
                         c->file, p, got);
            return -1;
        }
        if (rc < 0) {
            hs_error_set(c->err, "out of memory");
            return -1;
        }
        const hs_attr *a = hs_attrs_find(as, e->string);
        int ok = !spec || a->kind == spec->kind ||
                 (spec->kind == HS_AK_FLOAT && a->kind == HS_AK_INT) ||
                 (spec->kind == HS_AK_FLOATS && a->kind == HS_AK_INTS);
        if (!ok) {
            hs_jdescribe(e, got, sizeof got);
            hs_error_set(c->err, "%s: at %s: expected %s (attribute %s of %s), got %s", c->file, p,
                         kind_text[spec->kind], e->string, hs_op_type_name(type), got);
            return -1;
        }
    }
    return 0;
}

static int read_op(hs_jctx *c, hs_graph *g, const cJSON *op, int idx)
{
    static const char *const keys[] = {"name", "type", "inputs", "outputs", "attrs", "flops",
                                       "weight_elems", "note", "aliases", NULL};
    char path[128];
    snprintf(path, sizeof path, "$.ops[%d]", idx);
    if (hs_jobject(c, op, path, keys) < 0)
        return -1;
    const char *name, *type;
    if (hs_jstring(c, op, path, "name", 1, NULL, &name) < 0 ||
        hs_jstring(c, op, path, "type", 1, NULL, &type) < 0)
        return -1;
    const cJSON *ins, *outs;
    if (hs_jarray(c, op, path, "inputs", 1, &ins) < 0 ||
        hs_jarray(c, op, path, "outputs", 1, &outs) < 0)
        return -1;
    int n_in = cJSON_GetArraySize(ins), n_out = cJSON_GetArraySize(outs);
    if (n_in > MAX_IO || n_out > MAX_IO || n_out < 1) {
        hs_error_set(c->err, "%s: at %s: expected 0..%d inputs and 1..%d outputs, got %d and %d",
                     c->file, path, MAX_IO, MAX_IO, n_in, n_out);
        return -1;
    }
    const char *in_names[MAX_IO], *out_names[MAX_IO];
    int out_rank[MAX_IO];
    int64_t out_shape[MAX_IO][HS_MAX_RANK];
    int i = 0;
    for (const cJSON *e = ins->child; e; e = e->next, i++) {
        if (!cJSON_IsString(e) || !e->valuestring[0]) {
            char p[160], desc[96];
            snprintf(p, sizeof p, "%s.inputs[%d]", path, i);
            hs_jdescribe(e, desc, sizeof desc);
            hs_error_set(c->err, "%s: at %s: expected a tensor name, got %s", c->file, p, desc);
            return -1;
        }
        in_names[i] = e->valuestring;
    }
    i = 0;
    for (const cJSON *e = outs->child; e; e = e->next, i++) {
        static const char *const okeys[] = {"name", "shape", NULL};
        char p[160];
        snprintf(p, sizeof p, "%s.outputs[%d]", path, i);
        if (hs_jobject(c, e, p, okeys) < 0 || hs_jstring(c, e, p, "name", 1, NULL, &out_names[i]) < 0 ||
            read_shape(c, e, p, &out_rank[i], out_shape[i]) < 0)
            return -1;
    }
    hs_op_attrs at;
    if (read_attrs(c, op, path, &at) < 0)
        return -1;
    hs_error inner;
    int oi = hs_graph_add_op(g, name, type, n_in, in_names, n_out, out_names, out_rank,
                             (const int64_t(*)[HS_MAX_RANK])out_shape, &at, &inner);
    if (oi < 0) {
        hs_error_set(c->err, "%s: at %s: %s", c->file, path, inner.msg);
        return -1;
    }
    hs_op *o = &g->ops[oi];
    if (read_attr_list(c, op, path, o->type_id, &o->attr_list) < 0)
        return -1;
    if (cJSON_GetObjectItemCaseSensitive(op, "flops")) {
        if (hs_jnumber(c, op, path, "flops", 1, 0, 0, HS_FLOPS_MAX, &o->flops) < 0)
            return -1;
        o->flops_given = 1;
    }
    if (cJSON_GetObjectItemCaseSensitive(op, "weight_elems")) {
        long long w;
        if (hs_jint(c, op, path, "weight_elems", 1, 0, 0, 1LL << 40, &w) < 0)
            return -1;
        o->weight_elems = w;
        o->weights_given = 1;
    }
    const cJSON *al = cJSON_GetObjectItemCaseSensitive(op, "aliases");
    if (al) {
        i = 0;
        if (!cJSON_IsArray(al)) {
            char desc[96];
            hs_jdescribe(al, desc, sizeof desc);
            hs_error_set(c->err, "%s: at %s.aliases: expected an array of names (strings), got %s",
                         c->file, path, desc);
            return -1;
        }
        for (const cJSON *e = al->child; e; e = e->next, i++) {
            if (!cJSON_IsString(e) || !e->valuestring[0]) {
                char desc[96];
                hs_jdescribe(e, desc, sizeof desc);
                hs_error_set(c->err, "%s: at %s.aliases[%d]: expected a name (a non-empty "
                                     "string), got %s",
                             c->file, path, i, desc);
                return -1;
            }
            if (hs_op_add_alias(o, e->valuestring, c->err) < 0)
                return -1;
        }
    }
    return 0;
}

/* "accuracy": {"metric": "top-1 %", "fp32": 76.1, "int8": 75.9,
 *              "pruned": [{"ratio": 0.3, "value": 74.2}], "source": "..."} */
static int read_accuracy(hs_jctx *c, const cJSON *root, hs_accuracy *acc)
{
    static const char *const keys[] = {"metric", "fp32", "int8", "pruned", "source", NULL};
    static const char *const pkeys[] = {"ratio", "value", "source", NULL};
    const cJSON *a = cJSON_GetObjectItemCaseSensitive(root, "accuracy");
    acc->known = 0;
    acc->int8 = -1;
    if (!a)
        return 0;
    const char *metric;
    const cJSON *pruned;
    if (hs_jobject(c, a, "$.accuracy", keys) < 0 ||
        hs_jstring(c, a, "$.accuracy", "metric", 1, NULL, &metric) < 0 ||
        hs_jnumber(c, a, "$.accuracy", "fp32", 1, 0, -1e9, 1e9, &acc->fp32) < 0 ||
        hs_jnumber(c, a, "$.accuracy", "int8", 0, -1, -1e9, 1e9, &acc->int8) < 0 ||
        hs_jarray(c, a, "$.accuracy", "pruned", 0, &pruned) < 0)
        return -1;
    snprintf(acc->metric, sizeof acc->metric, "%s", metric);
    int i = 0;
    for (const cJSON *e = pruned ? pruned->child : NULL; e; e = e->next, i++) {
        char p[64];
        snprintf(p, sizeof p, "$.accuracy.pruned[%d]", i);
        if (i >= HS_MAX_PRUNE_POINTS) {
            hs_error_set(c->err, "%s: at %s: expected at most %d points", c->file, p,
                         HS_MAX_PRUNE_POINTS);
            return -1;
        }
        double lo = i ? acc->prune_ratio[i - 1] + 1e-9 : 1e-9;
        if (hs_jobject(c, e, p, pkeys) < 0 ||
            hs_jnumber(c, e, p, "ratio", 1, 0, lo, 0.99, &acc->prune_ratio[i]) < 0 ||
            hs_jnumber(c, e, p, "value", 1, 0, -1e9, 1e9, &acc->prune_value[i]) < 0)
            return -1;
        acc->n_pruned = i + 1;
    }
    acc->known = 1;
    return 0;
}

/* Where the elements of the top-level "ops" array lie in a model's text
 * (hs_graph_load_file reads them one at a time; see there). */
typedef struct op_spans {
    const char *text;
    size_t n, cap;
    size_t *at; /* element k: text[at[2k], at[2k+1]) */
    size_t arr_start, arr_end; /* the array itself, brackets included */
} op_spans;

static int from_json_ops(const cJSON *root, const op_spans *sp, const char *file, hs_graph **out,
                         hs_error *err);

hs_graph *hs_graph_from_json(const cJSON *root, const char *file, hs_error *err)
{
    hs_graph *g = NULL;
    from_json_ops(root, NULL, file, &g, err);
    return g;
}

/* The reader with the ops either in the tree (sp NULL) or in the text at
 * sp's spans, parsed and deleted one by one; 0 or -1 (*out NULL). */
static int from_json_ops(const cJSON *root, const op_spans *sp, const char *file, hs_graph **out,
                         hs_error *err)
{
    static const char *const keys[] = {"format", "version", "name", "description", "source",
                                       "dtype", "inputs", "outputs", "ops", "generator", "accuracy",
                                       NULL};
    hs_jctx c = {file, err};
    if (hs_jheader(&c, root, "hetsim-model", 1) < 0 || hs_jobject(&c, root, "$", keys) < 0)
        return -1;
    const char *name, *desc, *src;
    int dt;
    if (hs_jstring(&c, root, "$", "name", 1, NULL, &name) < 0 ||
        hs_jstring(&c, root, "$", "description", 0, "", &desc) < 0 ||
        hs_jstring(&c, root, "$", "source", 0, "", &src) < 0 ||
        hs_jenum(&c, root, "$", "dtype", 0, HS_DT_FP32, hs_dtype_names, &dt) < 0)
        return -1;
    const cJSON *inputs, *outputs, *ops;
    if (hs_jarray(&c, root, "$", "inputs", 1, &inputs) < 0 ||
        hs_jarray(&c, root, "$", "outputs", 0, &outputs) < 0 ||
        hs_jarray(&c, root, "$", "ops", 1, &ops) < 0)
        return -1;
    hs_graph *g = hs_graph_new(name);
    if (!g) {
        hs_error_set(err, "out of memory");
        return -1;
    }
    g->dtype = (hs_dtype)dt;
    if (read_accuracy(&c, root, &g->accuracy) < 0)
        goto fail;
    g->description = hs_strdup(desc);
    g->source = hs_strdup(src);
    int i = 0;
    for (const cJSON *e = inputs->child; e; e = e->next, i++) {
        static const char *const ikeys[] = {"name", "shape", NULL};
        char p[64];
        snprintf(p, sizeof p, "$.inputs[%d]", i);
        const char *tn;
        int rank;
        int64_t shape[HS_MAX_RANK];
        hs_error inner;
        if (hs_jobject(&c, e, p, ikeys) < 0 || hs_jstring(&c, e, p, "name", 1, NULL, &tn) < 0 ||
            read_shape(&c, e, p, &rank, shape) < 0)
            goto fail;
        if (hs_graph_add_input(g, tn, rank, shape, &inner) < 0) {
            hs_error_set(err, "%s: at %s: %s", file, p, inner.msg);
            goto fail;
        }
    }
    i = 0;
    if (sp) {
        for (size_t k = 0; k < sp->n; k++, i++) {
            const char *at = sp->text + sp->at[2 * k], *end = NULL;
            size_t len = sp->at[2 * k + 1] - sp->at[2 * k];
            cJSON *e = cJSON_ParseWithLengthOpts(at, len, &end, 0);
            int bad = !e || end != at + len || read_op(&c, g, e, i) < 0;
            cJSON_Delete(e);
            if (bad)
                goto fail;
        }
    } else {
        for (const cJSON *e = ops->child; e; e = e->next, i++)
            if (read_op(&c, g, e, i) < 0)
                goto fail;
    }
    if (outputs) {
        i = 0;
        for (const cJSON *e = outputs->child; e; e = e->next, i++) {
            hs_error inner;
            if (!cJSON_IsString(e)) {
                char desc2[96];
                hs_jdescribe(e, desc2, sizeof desc2);
                hs_error_set(err, "%s: at $.outputs[%d]: expected a tensor name, got %s", file, i,
                             desc2);
                goto fail;
            }
            if (hs_graph_add_output(g, e->valuestring, &inner) < 0) {
                hs_error_set(err, "%s: at $.outputs[%d]: %s", file, i, inner.msg);
                goto fail;
            }
        }
    }
    hs_error inner;
    if (hs_graph_finalize(g, &inner) < 0) {
        hs_error_set(err, "%s: at $.ops: %s", file, inner.msg);
        goto fail;
    }
    *out = g;
    return 0;
fail:
    hs_graph_free(g);
    *out = NULL;
    return -1;
}

static size_t skip_ws(const char *s, size_t i, size_t len)
{
    while (i < len && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r'))
        i++;
    return i;
}

/* End of the string that starts at s[i] == '"', or 0. */
static size_t skip_string(const char *s, size_t i, size_t len)
{
    for (i++; i < len; i++) {
        if (s[i] == '\\')
            i++;
        else if (s[i] == '"')
            return i + 1;
    }
    return 0;
}

/* End of the JSON value at s[i] (its brackets balanced; cJSON checks the
 * rest), or 0. Iterative: any depth. */
static size_t skip_value(const char *s, size_t i, size_t len)
{
    if (i >= len)
        return 0;
    if (s[i] == '"')
        return skip_string(s, i, len);
    if (s[i] == '{' || s[i] == '[') {
        long depth = 0;
        for (; i < len; i++) {
            if (s[i] == '"') {
                size_t e = skip_string(s, i, len);
                if (!e)
                    return 0;
                i = e - 1;
            } else if (s[i] == '{' || s[i] == '[') {
                depth++;
            } else if ((s[i] == '}' || s[i] == ']') && --depth == 0) {
                return i + 1;
            }
        }
        return 0;
    }
    size_t st = i;
    while (i < len && s[i] != ',' && s[i] != ']' && s[i] != '}' && s[i] != ' ' && s[i] != '\t' &&
           s[i] != '\n' && s[i] != '\r')
        i++;
    return i > st ? i : 0;
}

static int push_span(op_spans *sp, size_t a, size_t b)
{
    if (sp->n == sp->cap) {
        size_t nc = sp->cap ? 2 * sp->cap : 256;
        size_t *na = realloc(sp->at, 2 * nc * sizeof *na);
        if (!na)
            return -1;
        sp->at = na;
        sp->cap = nc;
    }
    sp->at[2 * sp->n] = a;
    sp->at[2 * sp->n + 1] = b;
    sp->n++;
    return 0;
}

/* Find the top-level "ops" array and its elements; -1 on anything unusual
 * (the caller then reads the file the ordinary way, which reports it). */
static int find_ops(const char *s, size_t len, op_spans *sp)
{
    if (memchr(s, '\0', len))
        return -1;
    size_t i = skip_ws(s, 0, len);
    if (i >= len || s[i] != '{')
        return -1;
    int found = 0;
    i = skip_ws(s, i + 1, len);
    if (i < len && s[i] == '}')
        return -1;
    for (;;) {
        if (i >= len || s[i] != '"')
            return -1;
        size_t ke = skip_string(s, i, len);
        if (!ke || memchr(s + i + 1, '\\', ke - i - 2))
            return -1; /* escapes in a key: leave it to cJSON */
        int is_ops = ke - i - 2 == 3 && memcmp(s + i + 1, "ops", 3) == 0;
        i = skip_ws(s, ke, len);
        if (i >= len || s[i] != ':')
            return -1;
        i = skip_ws(s, i + 1, len);
        if (is_ops) {
            if (found || i >= len || s[i] != '[')
                return -1;
            found = 1;
            sp->arr_start = i;
            i = skip_ws(s, i + 1, len);
            if (i < len && s[i] == ']') {
                i++;
            } else {
                for (;;) {
                    size_t e = skip_value(s, i, len);
                    if (!e || push_span(sp, i, e) < 0)
                        return -1;
                    i = skip_ws(s, e, len);
                    if (i < len && s[i] == ',') {
                        i = skip_ws(s, i + 1, len);
                        continue;
                    }
                    if (i < len && s[i] == ']') {
                        i++;
                        break;
                    }
                    return -1;
                }
            }
            sp->arr_end = i;
        } else {
            size_t e = skip_value(s, i, len);
            if (!e)
                return -1;
            i = e;
        }
        i = skip_ws(s, i, len);
        if (i < len && s[i] == ',') {
            i = skip_ws(s, i + 1, len);
            continue;
        }
        if (i < len && s[i] == '}')
            break;
        return -1;
    }
    return found && skip_ws(s, i + 1, len) == len ? 0 : -1;
}

/* The model with its ops read one at a time from the text: the rest of the
 * document (with "ops": []) is parsed as a tree, each op alone and deleted
 * once read, so memory holds the text, the graph and one op's tree, not the
 * whole tree (a 1M-op model's tree was most of its 2.2 GiB). NULL on any
 * failure: the caller reads the file the ordinary way, which gives the
 * same message as ever. */
static hs_graph *load_streamed(const char *path)
{
    char *text = NULL, *rest = NULL;
    size_t len = 0;
    op_spans sp = {0};
    cJSON *root = NULL;
    hs_graph *g = NULL;
    hs_error quiet;
    if (hs_read_text_file(path, (size_t)256 * 1024 * 1024, &text, &len, &quiet) < 0 ||
        find_ops(text, len, &sp) < 0)
        goto done;
    size_t rl = len - (sp.arr_end - sp.arr_start) + 2;
    if (!(rest = malloc(rl + 1)))
        goto done;
    memcpy(rest, text, sp.arr_start);
    memcpy(rest + sp.arr_start, "[]", 2);
    memcpy(rest + sp.arr_start + 2, text + sp.arr_end, len - sp.arr_end);
    rest[rl] = '\0';
    if (hs_json_parse(path, rest, &root, &quiet) < 0)
        goto done;
    sp.text = text;
    from_json_ops(root, &sp, path, &g, &quiet);
done:
    cJSON_Delete(root);
    free(rest);
    free(sp.at);
    free(text);
    return g;
}

hs_graph *hs_graph_load_file(const char *path, hs_error *err)
{
    hs_graph *g = load_streamed(path);
    if (g)
        return g;
    cJSON *root;
    if (hs_json_load_file(path, &root, err) < 0)
        return NULL;
    g = hs_graph_from_json(root, path, err);
    cJSON_Delete(root);
    return g;
}
