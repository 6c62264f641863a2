/* hetsim estimate -d DEVICE -P PROCESSOR --ops FILE.csv [-o OUT.csv] [--dtype DT]
 *
 * Contract: reads an operator table (CSV with a header naming at least
 * name,type,in_c,in_h,in_w,out_c,out_h,out_w,kernel_h,kernel_w,stride_h,
 * stride_w,group,flops; ONNX op types, batch 1; other columns are carried
 * through) and writes it back with two more columns: predicted_us, the
 * latency of the op on that processor from the device profile (fitted op
 * model, else roofline: sim/latency.h), and source ("fitted" or
 * "roofline"). Empty kernel, stride and group mean 1; an empty flops is
 * derived from the shapes as for model graphs (docs/formats.md). Each row is
 * built into a one-op graph (Gemm/MatMul as [1, in_h*in_w, in_c] ->
 * [1, out_h*out_w, out_c], everything else NCHW) so that bytes, weights and
 * FLOPs are counted exactly as in a run. Bad input (a missing column, a
 * non-numeric or out-of-range field, an unknown processor) is reported with
 * the file, line and column and exits 2; the output file is written
 * atomically (base/atomic_file.h), "-" or no -o meaning stdout. */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/atomic_file.h"
#include "sim/catalog.h"
#include "cli/cli.h"
#include "sim/latency.h"
#include "base/text_file.h"

#define CMD "estimate"
#define MAX_COLS 64

enum { C_NAME, C_TYPE, C_IN_C, C_IN_H, C_IN_W, C_OUT_C, C_OUT_H, C_OUT_W, C_KH, C_KW, C_SH, C_SW,
       C_GROUP, C_FLOPS, C_COUNT };
static const char *const col_names[C_COUNT] = {
    "name", "type", "in_c", "in_h", "in_w", "out_c", "out_h", "out_w", "kernel_h", "kernel_w",
    "stride_h", "stride_w", "group", "flops"};

static void usage(FILE *f)
{
    fputs("usage: hetsim estimate -d DEVICE -P PROCESSOR --ops FILE.csv [-o OUT.csv]\n"
          "                       [--dtype fp32|fp16|int8]\n"
          "\n"
          "Predict the latency of each operator of a table on one processor of a device\n"
          "profile: the fitted per-op model where the profile has one for the op's class,\n"
          "else the roofline. Input columns (a header line, any order, more allowed):\n"
          "  name,type,in_c,in_h,in_w,out_c,out_h,out_w,kernel_h,kernel_w,stride_h,stride_w,\n"
          "  group,flops\n"
          "(ONNX op types, batch 1; empty kernel/stride/group = 1, empty flops = derived).\n"
          "Output: the input columns + predicted_us + source (fitted or roofline).\n"
          "\n"
          "  -d, --device NAME|FILE    device profile\n"
          "  -P, --processor NAME      processor name (or kind: cpu, gpu, dsp, npu)\n"
          "      --ops FILE.csv        operator table\n"
          "      --dtype DT            dtype to run in (default: the processor's preferred)\n"
          "  -o, --output FILE         output CSV (default stdout), written atomically\n",
          f);
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

static int estimate_table(const char *file, const hs_processor *p, hs_dtype dt, FILE *out,
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
            fputs("predicted_us,source\n", out);
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
            if (errno || *end || !isfinite(flops) || flops < 0) {
                hs_error_set(err, "%s:%d: column flops: expected a number >= 0 or nothing, got "
                                  "\"%s\"",
                             file, lineno, fs);
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
        for (int i = 0; i < n; i++) {
            put_field(out, fields[i]);
            fputc(',', out);
        }
        fprintf(out, "%.3f,%s\n", lat.model_ns / 1e3, hs_lat_source_names[lat.src]);
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

int hs_cmd_estimate(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"device", required_argument, 0, 'd'}, {"processor", required_argument, 0, 'P'},
        {"ops", required_argument, 0, 'i'},    {"output", required_argument, 0, 'o'},
        {"dtype", required_argument, 0, 't'},  {"help", no_argument, 0, 'h'},
        {0, 0, 0, 0}};
    const char *device = NULL, *proc = NULL, *ops = NULL, *output = "-";
    int want = -1, c;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":d:P:o:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'd': device = optarg; break;
        case 'P': proc = optarg; break;
        case 'i': ops = optarg; break;
        case 'o': output = optarg; break;
        case 't':
            if ((want = hs_cli_enum(CMD, "--dtype", optarg, hs_dtype_names)) < 0)
                return HS_EXIT_INPUT;
            break;
        case 'h': usage(stdout); return HS_EXIT_OK;
        case ':':
            fprintf(stderr, "hetsim " CMD ": option %s needs a value\n", argv[optind - 1]);
            return HS_EXIT_INPUT;
        default:
            fprintf(stderr, "hetsim " CMD ": unknown option \"%s\" (see --help)\n",
                    argv[optind - 1]);
            return HS_EXIT_INPUT;
        }
    }
    if (!device || !proc || !ops || optind < argc) {
        fprintf(stderr, "hetsim " CMD ": expected -d DEVICE -P PROCESSOR --ops FILE.csv (see "
                        "--help)\n");
        return HS_EXIT_INPUT;
    }
    hs_error err;
    hs_device *d = hs_open_device(device, &err);
    if (!d) {
        hs_cli_error(CMD, err.msg);
        return HS_EXIT_INPUT;
    }
    int rc = HS_EXIT_INPUT, pi = hs_device_find_proc(d, proc);
    if (pi < 0) {
        int k = -1;
        for (int i = 0; hs_proc_kind_names[i]; i++)
            if (strcmp(proc, hs_proc_kind_names[i]) == 0)
                k = i;
        pi = k >= 0 ? hs_device_find_kind(d, (hs_proc_kind)k) : -1;
    }
    if (pi < 0) {
        fprintf(stderr, "hetsim " CMD ": device %s has no processor \"%s\" (processors:", d->name,
                proc);
        for (int i = 0; i < d->n_procs; i++)
            fprintf(stderr, "%s %s", i ? "," : "", d->procs[i].name);
        fprintf(stderr, ")\n");
        goto done;
    }
    const hs_processor *p = &d->procs[pi];
    hs_dtype dt = p->dtypes[0];
    if (want >= 0) {
        if (!(p->peak_gflops[want] > 0)) {
            fprintf(stderr, "hetsim " CMD ": processor %s of %s does not run %s\n", p->name,
                    d->name, hs_dtype_names[want]);
            goto done;
        }
        dt = (hs_dtype)want;
    }
    /* the whole table first (nothing half-written, not even on stdout), then the file */
    char *buf = NULL;
    size_t blen = 0;
    FILE *mem = open_memstream(&buf, &blen);
    if (!mem) {
        hs_cli_error(CMD, "out of memory");
        rc = HS_EXIT_RUNTIME;
        goto done;
    }
    int ok = estimate_table(ops, p, dt, mem, &err);
    fclose(mem);
    if (ok < 0) {
        free(buf);
        hs_cli_error(CMD, err.msg);
        goto done;
    }
    hs_afile af;
    if (hs_afile_open(&af, output, &err) < 0) {
        free(buf);
        hs_cli_error(CMD, err.msg);
        rc = HS_EXIT_RUNTIME;
        goto done;
    }
    fwrite(buf, 1, blen, af.f);
    free(buf);
    if (hs_afile_commit(&af, &err) < 0) {
        hs_cli_error(CMD, err.msg);
        rc = HS_EXIT_RUNTIME;
        goto done;
    }
    rc = HS_EXIT_OK;
done:
    hs_device_free(d);
    return rc;
}
