/* Statistics over many runs (a sweep's or several `hetsim run -f csv`
 * rows): per configuration, the mean of a metric across seeds with a 95 %
 * confidence interval (Student's t), the spread, and, against a baseline
 * policy, the speedup with its interval (delta method on the ratio of
 * means) and Welch's t-test. GSL does the distributions. */
#ifndef HS_STATS_H
#define HS_STATS_H

#include <stdio.h>

#include "base/error.h"

typedef struct hs_summary {
    int n;
    double mean, sd, ci95; /* half-width of the 95 % interval of the mean */
    double min, p50, max;
} hs_summary;

/* Summary of x[0..n) (n >= 1; sd and ci95 are 0 for n = 1). */
void hs_summarize(const double *x, int n, hs_summary *s);
/* Speedup of `b` over `a` (mean_a / mean_b), the 95 % half-width, and the
 * two-sided p-value of Welch's t-test that the means differ. */
void hs_compare(const hs_summary *a, const hs_summary *b, double *speedup, double *ci95,
                double *p_value);

/* What a results column measures and its unit: the known columns of
 * `hetsim run -f csv` by name, others by their suffix (_ms, _us, _fps,
 * _rate, _share, _ratio); *unit is "" when unknown. Fractions are 0..1
 * (util_* included: the run's table prints them in percent). Neither text
 * holds a comma (the unit goes into CSV cells). */
void hs_metric_describe(const char *col, const char **what, const char **unit);

/* `hetsim stats`: group the rows of a CSV by the `by` columns
 * (comma-separated), summarize `metric`, compare with `baseline` policy when
 * given; print a table (under a line naming the metric and its unit; an
 * empty key cell shown as "-") or CSV (columns metric and unit after the
 * keys). 0, or -1 with err (file, line, column). */
int hs_stats_run(const char *csv, const char *by, const char *metric, const char *baseline,
                 int as_csv, FILE *out, hs_error *err);

#endif
