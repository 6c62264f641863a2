#include "analysis/stats.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/text_file.h"

void hs_summarize(const double *x, int n, hs_summary *s)
{
    double *v = malloc((size_t)n * sizeof *v);
    memset(s, 0, sizeof *s);
    s->n = n;
    if (!v || n < 1) {
        free(v);
        return;
    }
    memcpy(v, x, (size_t)n * sizeof *v);
    gsl_sort(v, 1, (size_t)n);
    s->mean = gsl_stats_mean(v, 1, (size_t)n);
    s->min = v[0];
    s->max = v[n - 1];
    s->p50 = gsl_stats_quantile_from_sorted_data(v, 1, (size_t)n, 0.5);
    if (n > 1) {
        s->sd = gsl_stats_sd_m(v, 1, (size_t)n, s->mean);
        s->ci95 = gsl_cdf_tdist_Pinv(0.975, n - 1) * s->sd / sqrt((double)n);
    }
    free(v);
}

void hs_compare(const hs_summary *a, const hs_summary *b, double *speedup, double *ci95,
                double *p_value)
{
    *speedup = b->mean != 0 ? a->mean / b->mean : NAN;
    double va = a->n > 0 ? a->sd * a->sd / a->n : 0, vb = b->n > 0 ? b->sd * b->sd / b->n : 0;
    /* delta method: relative variances of the two means add up */
    double rel = (a->mean ? va / (a->mean * a->mean) : 0) + (b->mean ? vb / (b->mean * b->mean) : 0);
    double se = fabs(*speedup) * sqrt(rel);
    double df = (va + vb) * (va + vb) /
                ((a->n > 1 ? va * va / (a->n - 1) : 0) + (b->n > 1 ? vb * vb / (b->n - 1) : 0));
    if (!(va + vb > 0) || !(df > 0)) { /* no spread: the difference is exact */
        *ci95 = 0;
        *p_value = a->mean == b->mean ? 1.0 : 0.0;
        return;
    }
    *ci95 = gsl_cdf_tdist_Pinv(0.975, df) * se;
    double t = (a->mean - b->mean) / sqrt(va + vb);
    *p_value = 2 * gsl_cdf_tdist_Q(fabs(t), df);
}

/* ---- CSV: our own output, so fields have no quotes; split on commas ---- */

typedef struct table {
    char *buf;
    int n_cols, n_rows;
    char **head;  /* n_cols */
    char ***cell; /* n_rows x n_cols */
} table;

static void table_free(table *t)
{
    for (int r = 0; r < t->n_rows; r++)
        free(t->cell[r]);
    free(t->cell);
    free(t->head);
    free(t->buf);
}

/* Cut `line` at its commas; up to max fields into out; returns the count. */
static int split(char *line, char **out, int max)
{
    int n = 0;
    for (char *p = line;; p++) {
        if (n < max)
            out[n] = p;
        n++;
        p = strchr(p, ',');
        if (!p)
            break;
        *p = '\0';
    }
    return n;
}

static int table_read(const char *path, table *t, hs_error *err)
{
    memset(t, 0, sizeof *t);
    size_t len;
    if (hs_read_text_file(path, (size_t)1 << 31, &t->buf, &len, err) < 0)
        return -1;
    char *line = t->buf, *next;
    int lineno = 0;
    for (; line && *line; line = next) {
        next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        lineno++;
        if (!*line)
            continue;
        if (!t->head) {
            int n = 1;
            for (const char *q = line; *q; q++)
                n += *q == ',';
            t->head = malloc((size_t)n * sizeof *t->head);
            if (!t->head)
                goto oom;
            t->n_cols = split(line, t->head, n);
            continue;
        }
        char **row = malloc((size_t)t->n_cols * sizeof *row);
        char ***nc = realloc(t->cell, (size_t)(t->n_rows + 1) * sizeof *nc);
        if (!row || !nc) {
            free(row);
            if (nc)
                t->cell = nc;
            goto oom;
        }
        t->cell = nc;
        int got = split(line, row, t->n_cols);
        if (got != t->n_cols) {
            free(row);
            hs_error_set(err, "%s:%d: expected %d columns like the header, got %d", path, lineno,
                         t->n_cols, got);
            return -1;
        }
        t->cell[t->n_rows++] = row;
    }
    if (!t->head) {
        hs_error_set(err, "%s: expected a CSV with a header line, got an empty file", path);
        return -1;
    }
    return 0;
oom:
    hs_error_set(err, "%s: out of memory", path);
    return -1;
}

static int column(const table *t, const char *name, const char *path, hs_error *err)
{
    for (int c = 0; c < t->n_cols; c++)
        if (strcmp(t->head[c], name) == 0)
            return c;
    hs_error_set(err, "%s: expected a column \"%s\" in the header", path, name);
    return -1;
}

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

void hs_metric_describe(const char *col, const char **what, const char **unit)
{
    static const char *const FRAC = "fraction 0..1";
    static const struct {
        const char *col, *what, *unit;
    } known[] = {
        {"lat_mean_ms", "mean frame latency", "ms"},
        {"lat_std_ms", "standard deviation of frame latency", "ms"},
        {"lat_p50_ms", "median frame latency", "ms"},
        {"lat_p90_ms", "90th percentile of frame latency", "ms"},
        {"lat_p99_ms", "99th percentile of frame latency", "ms"},
        {"lat_max_ms", "longest frame latency", "ms"},
        {"throughput_fps", "throughput", "frames/s"},
        {"fps", "arrival rate (0: closed loop)", "frames/s"},
        {"util_cpu", "utilization of the busiest CPU", "fraction of time busy 0..1"},
        {"util_gpu", "utilization of the busiest GPU", "fraction of time busy 0..1"},
        {"util_dsp", "utilization of the busiest DSP", "fraction of time busy 0..1"},
        {"util_npu", "utilization of the busiest NPU", "fraction of time busy 0..1"},
        {"fallback_ops", "ops falling back to the host CPU", "ops"},
        {"n_ops", "ops in the model", "ops"},
        {"unsupported_ratio", "share of ops an accelerator cannot run", FRAC},
        {"serial_ratio", "share of ops not run in parallel", FRAC},
        {"transfer_share", "transfer time over busy time", FRAC},
        {"transfers_per_frame", "transfers per frame", "transfers"},
        {"sched_share", "scheduling decisions over busy time", FRAC},
        {"slo_ms", "latency objective", "ms"},
        {"slo_rate", "share of frames within the objective", FRAC},
        {"app_drop_rate", "share of the apps' frames that missed their deadline", FRAC},
        {"reused_share", "share of work reused from earlier frames", FRAC},
        {"work_share", "share of the model's work computed", FRAC},
        {"quality", "output quality proxy", FRAC},
        {"predicted_ms", "the policy's predicted frame latency", "ms"},
        {"estimate_gap", "(simulated - predicted) / predicted latency", "fraction"},
        {"estimate_error", "mean error of the policy's estimate of each execution", FRAC},
        {"prune", "pruned share of channels", FRAC},
        {"accuracy", "accuracy proxy", FRAC},
        {"frames", "frames completed", "frames"},
        {"src_trace", "tasks timed from traces", "tasks"},
        {"src_fitted", "tasks timed by the fitted model", "tasks"},
        {"src_roofline", "tasks timed by the roofline", "tasks"},
    };
    for (size_t k = 0; k < sizeof known / sizeof known[0]; k++)
        if (strcmp(col, known[k].col) == 0) {
            *what = known[k].what;
            *unit = known[k].unit;
            return;
        }
    *what = col;
    if (ends_with(col, "_ms"))
        *unit = "ms";
    else if (ends_with(col, "_us"))
        *unit = "us";
    else if (ends_with(col, "_fps"))
        *unit = "frames/s";
    else if (ends_with(col, "_rate") || ends_with(col, "_share") || ends_with(col, "_ratio"))
        *unit = FRAC;
    else
        *unit = "";
}

typedef struct group {
    int first_row; /* a row of the group, for its key values */
    int n, cap;
    double *x;
} group;

int hs_stats_run(const char *csv, const char *by, const char *metric, const char *baseline,
                 int as_csv, FILE *out, hs_error *err)
{
    table t;
    int rc = -1, nkeys = 0, keys[16], mcol, pcol = -1;
    group *g = NULL;
    int ng = 0;
    if (table_read(csv, &t, err) < 0)
        goto done;
    char bycopy[512];
    snprintf(bycopy, sizeof bycopy, "%s", by);
    for (char *k = strtok(bycopy, ","); k; k = strtok(NULL, ",")) {
        if (nkeys == 16 || (keys[nkeys] = column(&t, k, csv, err)) < 0) {
            if (nkeys == 16)
                hs_error_set(err, "--by: expected at most 16 columns");
            goto done;
        }
        nkeys++;
    }
    if ((mcol = column(&t, metric, csv, err)) < 0 ||
        (baseline && (pcol = column(&t, "policy", csv, err)) < 0))
        goto done;
    g = calloc((size_t)(t.n_rows ? t.n_rows : 1), sizeof *g);
    if (!g) {
        hs_error_set(err, "out of memory");
        goto done;
    }
    for (int r = 0; r < t.n_rows; r++) {
        char *end;
        double v = strtod(t.cell[r][mcol], &end);
        if (end == t.cell[r][mcol] || *end || !isfinite(v)) {
            hs_error_set(err, "%s:%d: column %s: expected a number, got \"%s\"", csv, r + 2,
                         metric, t.cell[r][mcol]);
            goto done;
        }
        int k;
        for (k = 0; k < ng; k++) {
            int same = 1;
            for (int j = 0; j < nkeys && same; j++)
                same = strcmp(t.cell[g[k].first_row][keys[j]], t.cell[r][keys[j]]) == 0;
            if (same)
                break;
        }
        if (k == ng)
            g[ng++].first_row = r;
        if (g[k].n == g[k].cap) {
            int nc = g[k].cap ? g[k].cap * 2 : 8;
            double *nx = realloc(g[k].x, (size_t)nc * sizeof *nx);
            if (!nx) {
                hs_error_set(err, "out of memory");
                goto done;
            }
            g[k].x = nx;
            g[k].cap = nc;
        }
        g[k].x[g[k].n++] = v;
    }
    /* header: the metric and its unit */
    const char *what, *unit;
    hs_metric_describe(metric, &what, &unit);
    if (!as_csv)
        fprintf(out, "%s: %s (%s), over the rows of each group\n", metric, what,
                *unit ? unit : "unit unknown");
    for (int j = 0; j < nkeys; j++)
        fprintf(out, as_csv ? "%s," : "%-16s ", t.head[keys[j]]);
    if (as_csv)
        fputs("metric,unit,", out);
    fprintf(out, as_csv ? "n,mean,ci95,sd,min,p50,max" : "%4s %12s %10s %10s %10s %10s %10s", "n",
            "mean", "+-95%", "sd", "min", "p50", "max");
    if (baseline)
        fprintf(out, as_csv ? ",speedup_vs_%s,speedup_ci95,p_value" : "  speedup vs %s (95%%), p",
                baseline);
    fputc('\n', out);
    for (int k = 0; k < ng; k++) {
        hs_summary s;
        hs_summarize(g[k].x, g[k].n, &s);
        for (int j = 0; j < nkeys; j++) {
            const char *cell = t.cell[g[k].first_row][keys[j]];
            fprintf(out, as_csv ? "%s," : "%-16s ", *cell || as_csv ? cell : "-");
        }
        if (as_csv)
            fprintf(out, "%s,%s,", metric, unit);
        fprintf(out, as_csv ? "%d,%.6g,%.6g,%.6g,%.6g,%.6g,%.6g" : "%4d %12.4g %10.3g %10.3g %10.4g %10.4g %10.4g",
                s.n, s.mean, s.ci95, s.sd, s.min, s.p50, s.max);
        if (baseline) {
            /* the group with the same keys except the policy, run by the baseline */
            int b = -1;
            for (int o = 0; o < ng && b < 0; o++) {
                int match = strcmp(t.cell[g[o].first_row][pcol], baseline) == 0;
                for (int j = 0; j < nkeys && match; j++)
                    if (keys[j] != pcol)
                        match = strcmp(t.cell[g[o].first_row][keys[j]],
                                       t.cell[g[k].first_row][keys[j]]) == 0;
                if (match)
                    b = o;
            }
            if (b >= 0) {
                hs_summary sb;
                hs_summarize(g[b].x, g[b].n, &sb);
                double sp, ci, p;
                hs_compare(&sb, &s, &sp, &ci, &p);
                fprintf(out, as_csv ? ",%.6g,%.6g,%.3g" : "  %.3fx +- %.3f, p %.3g", sp, ci, p);
            } else {
                fprintf(out, as_csv ? ",,," : "  (no %s run to compare)", baseline);
            }
        }
        fputc('\n', out);
    }
    rc = ferror(out) ? -1 : 0;
done:
    for (int k = 0; k < ng; k++)
        free(g[k].x);
    free(g);
    table_free(&t);
    return rc;
}
