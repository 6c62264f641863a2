/* Importer for TFLite benchmark_model op profiling output
 * (benchmark_model --enable_op_profiling=true, text on stdout).
 *
 * Reads the "Run Order" table of the section "Operator-wise Profiling Info
 * for Regular Benchmark Runs:" (the tables of "Profiling Info for Benchmark
 * Initialization" and the "Top by ..." tables are ignored). Columns are
 * found by their header ([node type], [first], [avg ms], [%], [cdf%],
 * [mem KB], [times called], [Name]; TF 1.x's [start] is accepted) and
 * separated by tabs, as benchmark_model prints them. One op per row, named
 * by the [Name] column as printed; sample = [avg ms] x 1000 (us), preceded by
 * [first] x 1000 with o->with_first. Node types are mapped to ONNX op types
 * where known (CONV_2D -> Conv) and kept as printed otherwise (delegate rows
 * such as "Convolution (NHWC, F32) IGEMM").
 * Checks: every row has the header's column count and numbers where numbers
 * belong (durations >= 0), the table is not empty and is closed by a blank
 * line or the next table, and its row count equals "Number of nodes
 * executed: N" when the section prints it. The per-type counts of "Summary
 * by node type" are compared with the rows (a mismatch is a warning). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "traces/importers.h"

#define SECTION "Operator-wise Profiling Info for Regular Benchmark Runs"

enum { C_TYPE, C_START, C_FIRST, C_AVG, C_PCT, C_CDF, C_MEM, C_CALLED, C_NAME, C_COUNT };
static const char *const col_names[C_COUNT] = {"[node type]", "[start]",  "[first]",
                                               "[avg ms]",    "[%]",      "[cdf%]",
                                               "[mem KB]",    "[times called]", "[Name]"};

typedef struct lines {
    char **l;
    int n;
    int last_has_newline;
} lines;

static int split_lines(char *buf, size_t len, lines *ls, hs_error *err)
{
    int cap = 256;
    ls->l = malloc((size_t)cap * sizeof *ls->l);
    ls->n = 0;
    ls->last_has_newline = len > 0 && buf[len - 1] == '\n';
    char *p = buf;
    while (ls->l && *p) {
        if (ls->n == cap) {
            cap *= 2;
            char **nl = realloc(ls->l, (size_t)cap * sizeof *nl);
            if (!nl) {
                free(ls->l);
                ls->l = NULL;
                break;
            }
            ls->l = nl;
        }
        ls->l[ls->n++] = p;
        char *e = strchr(p, '\n');
        char *next = e ? e + 1 : p + strlen(p);
        if (e)
            *e = '\0';
        size_t k = strlen(p);
        if (k && p[k - 1] == '\r')
            p[k - 1] = '\0';
        p = next;
    }
    if (!ls->l) {
        hs_error_set(err, "out of memory");
        return -1;
    }
    return 0;
}

static int blank(const char *s)
{
    return s[strspn(s, " \t")] == '\0';
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

/* Split on tabs in place; a leading tab gives no empty first field. */
static int split_tabs(char *s, char **f, int max)
{
    int n = 0;
    if (*s == '\t')
        s++;
    for (;;) {
        char *t = strchr(s, '\t');
        if (n < max)
            f[n] = s;
        n++;
        if (!t)
            break;
        *t = '\0';
        s = t + 1;
    }
    for (int i = 0; i < n && i < max; i++)
        f[i] = trim(f[i]);
    return n;
}

static void expected_columns(const int *col, int ncol, char *buf, size_t n)
{
    size_t used = 0;
    buf[0] = '\0';
    for (int i = 0; i < ncol && used < n; i++)
        for (int c = 0; c < C_COUNT; c++)
            if (col[c] == i)
                used += (size_t)snprintf(buf + used, n - used, "%s%s", i ? " " : "", col_names[c]);
}

/* A number in column c of a row; for [%] and [cdf%] a trailing '%'. */
static int row_number(const char *file, int line, const char *field, int c, double *out,
                      hs_error *err)
{
    char tmp[64];
    snprintf(tmp, sizeof tmp, "%s", field);
    size_t k = strlen(tmp);
    if ((c == C_PCT || c == C_CDF) && k && tmp[k - 1] == '%')
        tmp[k - 1] = '\0';
    if (strlen(field) >= sizeof tmp || hs_import_parse_number(tmp, out) < 0) {
        hs_error_set(err, "%s:%d: column %s: expected a number%s, got \"%s\"", file, line,
                     col_names[c], (c == C_PCT || c == C_CDF) ? " with '%'" : "", field);
        return -1;
    }
    if (*out < 0 && c != C_START) {
        hs_error_set(err, "%s:%d: column %s: expected a %s >= 0, got \"%s\"", file, line,
                     col_names[c],
                     (c == C_FIRST || c == C_AVG) ? "duration in milliseconds" : "number", field);
        return -1;
    }
    if ((c == C_FIRST || c == C_AVG) && *out * 1000 > 1e9) {
        hs_error_set(err, "%s:%d: column %s: expected a duration below 1e6 ms, got \"%s\"",
                     file, line, col_names[c], field);
        return -1;
    }
    return 0;
}


/* Compare "Summary by node type" counts (lines from..to) with the rows. */
static void check_summary(const char *file, lines *ls, int from, int to, const hs_trace *t,
                          char **row_types, const hs_import_opts *o)
{
    int s = -1;
    for (int i = from; i < to && s < 0; i++)
        if (strstr(ls->l[i], "Summary by node type"))
            s = i;
    if (s < 0 || s + 1 >= to)
        return;
    char *f[16];
    char hdr[1024];
    snprintf(hdr, sizeof hdr, "%s", ls->l[s + 1]);
    int nh = split_tabs(hdr, f, 16), ctype = -1, ccount = -1;
    for (int i = 0; i < nh && i < 16; i++) {
        if (strcmp(f[i], "[Node type]") == 0 || strcmp(f[i], "[node type]") == 0)
            ctype = i;
        if (strcmp(f[i], "[count]") == 0)
            ccount = i;
    }
    if (ctype < 0 || ccount < 0)
        return;
    for (int i = s + 2; i < to && !blank(ls->l[i]) && ls->l[i][0] != '='; i++) {
        char row[1024];
        snprintf(row, sizeof row, "%s", ls->l[i]);
        int nr = split_tabs(row, f, 16);
        double cnt;
        if (nr != nh || hs_import_parse_number(f[ccount], &cnt) < 0)
            return; /* not the table we know; say nothing */
        int have = 0;
        for (int k = 0; k < t->n_ops; k++)
            have += strcmp(row_types[k], f[ctype]) == 0;
        if (have != (int)cnt)
            hs_import_warn(o, "%s:%d: \"Summary by node type\" counts %d %s nodes, the Run "
                              "Order table has %d",
                           file, i + 1, (int)cnt, f[ctype], have);
    }
}

hs_trace *hs_import_tflite(const char *path, const hs_import_opts *o, char *note, size_t note_n,
                           hs_error *err)
{
    char *buf = NULL;
    size_t len;
    lines ls = {0};
    hs_trace *t = NULL;
    char **row_types = NULL;
    int n_rows = 0;
    if (hs_import_read_text(path, &buf, &len, err) < 0)
        return NULL;
    if (split_lines(buf, len, &ls, err) < 0)
        goto fail;
    int sec = -1, n_sec = 0;
    for (int i = 0; i < ls.n; i++)
        if (strstr(ls.l[i], SECTION) && n_sec++ == 0)
            sec = i;
    if (sec < 0) {
        hs_error_set(err, "%s: expected the section \"" SECTION ":\" of benchmark_model "
                          "--enable_op_profiling=true, found none",
                     path);
        goto fail;
    }
    if (n_sec > 1)
        hs_import_warn(o, "%s: %d sections \"" SECTION "\"; reading the first (line %d)", path,
                       n_sec, sec + 1);
    /* the Run Order table: "==== Run Order ====", then the column header */
    int ro = sec + 1;
    while (ro < ls.n && blank(ls.l[ro]))
        ro++;
    if (ro >= ls.n || !strstr(ls.l[ro], "Run Order")) {
        hs_error_set(err, "%s:%d: expected the \"Run Order\" table after \"" SECTION ":\", got "
                          "%s",
                     path, ro + 1, ro < ls.n ? "another line" : "the end of the file");
        goto fail;
    }
    int hl = ro + 1;
    if (hl >= ls.n || !strstr(ls.l[hl], "[node type]")) {
        hs_error_set(err, "%s:%d: expected the column header of the Run Order table "
                          "([node type] [first] [avg ms] ... [Name]), got %s",
                     path, hl + 1, hl < ls.n ? "another line" : "the end of the file");
        goto fail;
    }
    int col[C_COUNT], ncol;
    for (int c = 0; c < C_COUNT; c++)
        col[c] = -1;
    {
        char *f[32];
        ncol = split_tabs(ls.l[hl], f, 32);
        if (ncol > 32) {
            hs_error_set(err, "%s:%d: expected at most 32 columns, got %d", path, hl + 1, ncol);
            goto fail;
        }
        for (int i = 0; i < ncol; i++)
            for (int c = 0; c < C_COUNT; c++)
                if (strcmp(f[i], col_names[c]) == 0)
                    col[c] = i;
        const int need[] = {C_TYPE, C_AVG, C_NAME, C_FIRST};
        for (size_t k = 0; k < sizeof need / sizeof need[0]; k++) {
            if (need[k] == C_FIRST && !o->with_first)
                continue;
            if (col[need[k]] < 0) {
                hs_error_set(err, "%s:%d: expected a tab-separated column %s in the Run Order "
                                  "header, got none",
                             path, hl + 1, col_names[need[k]]);
                goto fail;
            }
        }
    }
    char expect[256];
    expected_columns(col, ncol, expect, sizeof expect);
    if (!(t = hs_import_trace_new(o, "tflite", err)))
        goto fail;
    int r = hl + 1;
    for (; r < ls.n && !blank(ls.l[r]) && ls.l[r][0] != '='; r++) {
        int line = r + 1;
        if (r == ls.n - 1 && !ls.last_has_newline) {
            hs_error_set(err, "%s:%d: expected a complete row ending in a newline, got the end "
                              "of the file (truncated file?)",
                         path, line);
            goto fail;
        }
        char *f[32];
        int nf = split_tabs(ls.l[r], f, 32);
        if (nf != ncol) {
            hs_error_set(err, "%s:%d: expected %d tab-separated columns (%s), got %d%s", path,
                         line, ncol, expect, nf,
                         nf == 1 ? " (were the tabs replaced by spaces?)" : "");
            goto fail;
        }
        double v[C_COUNT] = {0};
        for (int c = 0; c < C_COUNT; c++)
            if (c != C_TYPE && c != C_NAME && col[c] >= 0 &&
                row_number(path, line, f[col[c]], c, &v[c], err) < 0)
                goto fail;
        const char *name = f[col[C_NAME]], *type = f[col[C_TYPE]];
        if (!name[0] || !type[0]) {
            hs_error_set(err, "%s:%d: column %s: expected a non-empty value", path, line,
                         col_names[name[0] ? C_TYPE : C_NAME]);
            goto fail;
        }
        char uname[1024];
        if (hs_import_unique_name(t, name, uname, sizeof uname))
            hs_import_warn(o, "%s:%d: node name \"%s\" appears again; this row is named \"%s\"",
                           path, line, name, uname);
        const char *onnx = hs_tflite_type_to_onnx(type);
        if ((o->with_first && hs_import_add_sample(t, uname, onnx ? onnx : type,
                                                   hs_import_ms_to_us(v[C_FIRST]), err) < 0) ||
            hs_import_add_sample(t, uname, onnx ? onnx : type, hs_import_ms_to_us(v[C_AVG]),
                                 err) < 0)
            goto fail;
        char **nt = realloc(row_types, (size_t)(n_rows + 1) * sizeof *nt);
        if (!nt) {
            hs_error_set(err, "out of memory");
            goto fail;
        }
        row_types = nt;
        row_types[n_rows++] = (char *)type; /* points into buf */
    }
    if (n_rows == 0) {
        hs_error_set(err, "%s:%d: expected at least one operator row in the Run Order table, "
                          "got none (empty profile)",
                     path, r + 1);
        goto fail;
    }
    if (r >= ls.n) {
        hs_error_set(err, "%s:%d: expected a blank line or the next table after the Run Order "
                          "rows, got the end of the file (truncated file?)",
                     path, r);
        goto fail;
    }
    /* the rest of this section: up to the next section header, if any */
    int end = ls.n;
    for (int i = r; i < ls.n; i++)
        if (strstr(ls.l[i], "Profiling Info for")) {
            end = i;
            break;
        }
    long runs = 0;
    for (int i = r; i < end; i++) {
        int nodes;
        if (sscanf(ls.l[i], "Number of nodes executed: %d", &nodes) == 1 && nodes != n_rows) {
            hs_error_set(err, "%s:%d: benchmark_model reports %d nodes executed, the Run Order "
                              "table (line %d) has %d rows (truncated or edited file?)",
                         path, i + 1, nodes, hl + 1, n_rows);
            goto fail;
        }
        const char *cp = strstr(ls.l[i], "Timings (microseconds): count=");
        if (cp)
            runs = strtol(cp + strlen("Timings (microseconds): count="), NULL, 10);
    }
    check_summary(path, &ls, r, end, t, row_types, o);
    if (note) {
        char runs_s[64] = "the regular runs";
        if (runs > 0)
            snprintf(runs_s, sizeof runs_s, "%ld regular runs", runs);
        snprintf(note, note_n, "TFLite benchmark_model op profiling: [avg ms] per node over %s%s",
                 runs_s, o->with_first ? ", preceded by the [first] run as a separate sample"
                                       : "; the [first] column is not used");
    }
    free(row_types);
    free(ls.l);
    free(buf);
    return t;
fail:
    free(row_types);
    hs_trace_free(t);
    free(ls.l);
    free(buf);
    return NULL;
}
