/* Predicted latencies of an operator table (estimate.h). */
#include "analysis/estimate.h"
#include "traces/op.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/text_file.h"
#include "sim/latency.h"

#define MAX_COLS 64

enum { C_NAME, C_TYPE, C_IN_C, C_IN_H, C_IN_W, C_OUT_C, C_OUT_H, C_OUT_W, C_KH, C_KW, C_SH, C_SW,
       C_GROUP, C_FLOPS, C_COUNT };
static const char *const col_names[C_COUNT] = {
    "name", "type", "in_c", "in_h", "in_w", "out_c", "out_h", "out_w", "kernel_h", "kernel_w",
    "stride_h", "stride_w", "group", "flops"};

int hs_estimate_processor(const hs_device *d, const char *name, int want, int *proc,
                          hs_dtype *dt, hs_error *err)
{
    int pi = hs_device_find_proc(d, name);
    if (pi < 0) {
        int k = -1;
        for (int i = 0; hs_proc_kind_names[i]; i++)
            if (strcmp(name, hs_proc_kind_names[i]) == 0)
                k = i;
        pi = k >= 0 ? hs_device_find_kind(d, (hs_proc_kind)k) : -1;
    }
    if (pi < 0) {
        char names[512];
        hs_device_proc_names(d, names, sizeof names);
        hs_error_set(err, "device %s has no processor \"%s\" (processors:%s)", d->name, name,
                     names);
        return -1;
    }
    const hs_processor *p = &d->procs[pi];
    *dt = p->dtypes[0];
    if (want >= 0) {
        if (!(p->peak_gflops[want] > 0)) {
            hs_error_set(err, "processor %s of %s does not run %s", p->name, d->name,
                         hs_dtype_names[want]);
            return -1;
        }
        *dt = (hs_dtype)want;
    }
    *proc = pi;
    return 0;
}

/* Split one CSV line in place into fields (RFC 4180 quotes). Returns the
 * number of fields, or -1 for an unterminated quote or too many fields. */
static int split_csv(char *line, char **fields, int max)
{
    int n = 0;
    char *p = line;
    for (;;) {
        if (n >= max)
            return -1;
        if (*p == '"') {
            char *out = ++p;
            fields[n++] = out;
            for (;;) {
                if (!*p)
                    return -1;
                if (*p == '"') {
                    if (p[1] == '"') {
                        *out++ = '"';
                        p += 2;
                        continue;
                    }
                    p++;
                    break;
                }
                *out++ = *p++;
            }
            *out = '\0';
            if (*p == ',') {
                p++;
                continue;
            }
            if (*p)
                return -1; /* text after a closing quote */
            return n;
        }
        fields[n++] = p;
        char *c = strchr(p, ',');
        if (!c)
            return n;
        *c = '\0';
        p = c + 1;
    }
}

static void put_field(FILE *f, const char *s)
{
    if (!strpbrk(s, ",\"\n\r")) {
        fputs(s, f);
        return;
    }
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

/* A whole-field integer in [min, max]; empty yields def when def >= 0. */
static int field_int(const char *file, int line, const char *col, const char *s, long long min,
                     long long max, long long def, long long *out, hs_error *err)
{
    if (!*s && def >= 0) {
        *out = def;
        return 0;
    }
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (!*s || errno || *end || v < min || v > max) {
        hs_error_set(err, "%s:%d: column %s: expected an integer in [%lld, %lld], got \"%s\"",
                     file, line, col, min, max, s);
        return -1;
    }
    *out = v;
    return 0;
}

/* Build the one-op graph of a row; NULL with err on a shape the graph rejects. */
static hs_graph *row_graph(const char *file, int line, const char *name, const char *type,
                           const long long *v, double flops, int flops_given, hs_error *err)
{
    hs_graph *g = hs_graph_new("estimate");
    if (!g) {
        hs_error_set(err, "out of memory");
        return NULL;
    }
    hs_op_type t = hs_op_type_of(type);
    int gemm = t == HS_OP_GEMM || t == HS_OP_MATMUL;
    int64_t in_shape[HS_MAX_RANK] = {0}, out_shape[1][HS_MAX_RANK] = {{0}};
    int rank;
    if (gemm) {
        rank = 3;
        int64_t a[3] = {1, v[C_IN_H] * v[C_IN_W], v[C_IN_C]};
        int64_t b[3] = {1, v[C_OUT_H] * v[C_OUT_W], v[C_OUT_C]};
        memcpy(in_shape, a, sizeof a);
        memcpy(out_shape[0], b, sizeof b);
    } else {
        rank = 4;
        int64_t a[4] = {1, v[C_IN_C], v[C_IN_H], v[C_IN_W]};
        int64_t b[4] = {1, v[C_OUT_C], v[C_OUT_H], v[C_OUT_W]};
        memcpy(in_shape, a, sizeof a);
        memcpy(out_shape[0], b, sizeof b);
    }
    hs_op_attrs at = hs_op_attrs_default();
    at.kernel_h = (int)v[C_KH];
    at.kernel_w = (int)v[C_KW];
    at.stride_h = (int)v[C_SH];
    at.stride_w = (int)v[C_SW];
    at.group = (int)v[C_GROUP];
    const char *in[1] = {"x"}, *outn[1] = {"y"};
    int out_rank[1] = {rank};
    int idx;
    if (hs_graph_add_input(g, "x", rank, in_shape, err) < 0 ||
        (idx = hs_graph_add_op(g, name[0] ? name : "op", type, 1, in, 1, outn, out_rank,
                               (const int64_t(*)[HS_MAX_RANK])out_shape, &at, err)) < 0)
        goto fail;
    if (flops_given) {
        g->ops[idx].flops = flops;
        g->ops[idx].flops_given = 1;
    }
    if (hs_graph_finalize(g, err) < 0)
        goto fail;
    return g;
fail:
    hs_error_prefix(err, "%s:%d", file, line);
    hs_graph_free(g);
    return NULL;
}

int hs_estimate_table(const char *file, const hs_processor *p, hs_dtype dt, FILE *out,
                      hs_error *err)
{
    char *text;
    size_t len;
    if (hs_read_text_file(file, 64u << 20, &text, &len, err) < 0)
        return -1;
    int rc = -1, lineno = 0, col_of[C_COUNT], ncols = 0;
    char *fields[MAX_COLS];
    char *save = NULL;
    for (int i = 0; i < C_COUNT; i++)
        col_of[i] = -1;
    for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        lineno++;
        size_t l = strlen(line);
        if (l && line[l - 1] == '\r')
            line[l - 1] = '\0';
        if (!line[0] && lineno > 1)
            continue;
        int n = split_csv(line, fields, MAX_COLS);
        if (n < 0) {
            hs_error_set(err, "%s:%d: expected a CSV row of at most %d fields with balanced "
                              "quotes",
                         file, lineno, MAX_COLS);
            goto done;
        }
        if (lineno == 1) { /* header */
            ncols = n;
            for (int i = 0; i < n; i++)
                for (int c = 0; c < C_COUNT; c++)
                    if (strcmp(fields[i], col_names[c]) == 0) {
                        if (col_of[c] >= 0) {
                            hs_error_set(err, "%s:1: column %s appears twice", file,
                                         col_names[c]);
                            goto done;
                        }
                        col_of[c] = i;
                    }
            for (int c = 0; c < C_COUNT; c++)
                if (col_of[c] < 0) {
                    hs_error_set(err, "%s:1: missing column \"%s\" (expected a header with "
                                      "name,type,in_c,in_h,in_w,out_c,out_h,out_w,kernel_h,"
                                      "kernel_w,stride_h,stride_w,group,flops)",
                                 file, col_names[c]);
                    goto done;
                }
            for (int i = 0; i < n; i++) {
                put_field(out, fields[i]);
                fputc(',', out);
            }
            fputs("kernel_us,predicted_us,source\n", out);
            continue;
        }
        if (n != ncols) {
            hs_error_set(err, "%s:%d: expected %d fields as in the header, got %d", file, lineno,
                         ncols, n);
            goto done;
        }
        const char *type = fields[col_of[C_TYPE]];
        if (!type[0]) {
            hs_error_set(err, "%s:%d: column type: expected an ONNX op type, got \"\"", file,
                         lineno);
            goto done;
        }
        long long v[C_COUNT] = {0};
        for (int c = C_IN_C; c <= C_GROUP; c++) {
            int shape = c <= C_OUT_W;
            if (field_int(file, lineno, col_names[c], fields[col_of[c]], 1, INT_MAX,
                          shape ? -1 : 1, &v[c], err) < 0)
                goto done;
        }
        const char *fs = fields[col_of[C_FLOPS]];
        double flops = 0;
        int flops_given = 0;
        if (fs[0]) {
            char *end;
            errno = 0;
            flops = strtod(fs, &end);
            if (errno || *end || !isfinite(flops) || flops < 0 || flops > HS_FLOPS_MAX) {
                hs_error_set(err, "%s:%d: column flops: expected a number from 0 to %g or "
                                  "nothing, got \"%s\"",
                             file, lineno, HS_FLOPS_MAX, fs);
                goto done;
            }
            flops_given = 1;
        }
        hs_graph *g = row_graph(file, lineno, fields[col_of[C_NAME]], type, v, flops,
                                flops_given, err);
        if (!g)
            goto done;
        hs_op_latency lat;
        hs_op_latency_init(&lat, p, &g->ops[0], dt, NULL);
        if (hs_op_latency_check(&lat, &g->ops[0], NULL, p, dt, err) < 0) {
            hs_error_prefix(err, "%s:%d", file, lineno);
            hs_graph_free(g);
            goto done;
        }
        for (int i = 0; i < n; i++) {
            put_field(out, fields[i]);
            fputc(',', out);
        }
        /* kernel time, and the dispatched latency (kernel + launch + per-op overhead) */
        double kernel_ns = lat.src == HS_SRC_FITTED
                               ? hs_kernel_ns(p, &g->ops[0], dt)
                               : fmax(0.0, lat.model_ns - p->launch_us * 1e3);
        fprintf(out, "%.3f,%.3f,%s\n", kernel_ns / 1e3, lat.model_ns / 1e3,
                hs_lat_source_names[lat.src]);
        hs_graph_free(g);
    }
    if (lineno == 0) {
        hs_error_set(err, "%s:1: expected a header line, got an empty file", file);
        goto done;
    }
    rc = 0;
done:
    free(text);
    return rc;
}
