/* Running points for `hetsim reproduce paper` and reading metrics back. */
#include "analysis/reproduce_run.h"

#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/sweep.h"
#include "analysis/sweep_rows.h"
#include "sim/report.h"

int hs_repro_column(const char *column)
{
    char *head = NULL;
    size_t hl = 0;
    FILE *h = open_memstream(&head, &hl);
    if (!h)
        return -1;
    hs_report_csv_header(h);
    fclose(h);
    int idx = 0, found = -1;
    for (char *p = head, *q; p && *p; p = q ? q + 1 : NULL, idx++) {
        q = strpbrk(p, ",\n");
        size_t n = q ? (size_t)(q - p) : strlen(p);
        if (n == strlen(column) && strncmp(p, column, n) == 0) {
            found = idx;
            break;
        }
        if (q && *q == '\n')
            break;
    }
    free(head);
    return found;
}

double hs_repro_field(const char *row, int idx)
{
    const char *f = row;
    for (int i = 0; f && i < idx; i++) {
        f = strchr(f, ',');
        if (f)
            f++;
    }
    if (!f || idx < 0 || *f == ',' || *f == '\0')
        return NAN;
    return strtod(f, NULL);
}

double hs_repro_metric(const hs_point *pt, const char *column, hs_error *err)
{
    char *row = NULL;
    size_t rl = 0;
    FILE *r = open_memstream(&row, &rl);
    double v = NAN;
    if (!r) {
        hs_error_set(err, "out of memory");
        return NAN;
    }
    int rc = hs_point_csv_row(pt, r, err);
    fclose(r);
    if (rc == 0) {
        int idx = hs_repro_column(column);
        v = hs_repro_field(row, idx);
        if (idx < 0 || isnan(v))
            hs_error_set(err, "reproduce: no column %s", column);
    }
    free(row);
    return v;
}

int hs_repro_sweep(const char *dir, const char *name, hs_point *pts, int n, int jobs, int quiet,
                   char ***rows, hs_error *err)
{
    char csv[PATH_MAX];
    snprintf(csv, sizeof csv, "%.3000s/%s.csv", dir, name);
    hs_sweep s = {.name = (char *)name, .n_points = n, .points = pts};
    hs_sweep_opts so = {.out = csv, .jobs = jobs, .quiet = quiet};
    if (!quiet)
        fprintf(stderr, "%s: %d runs\n", name, n);
    if (hs_sweep_run(&s, &so, err) != 0)
        return -1;
    if (!(*rows = hs_rows_new(n))) {
        hs_error_set(err, "out of memory");
        return -1;
    }
    int rc = hs_rows_read(&s, hs_sweep_digest(&s), csv, *rows, 1, err);
    if (rc == 0 && hs_rows_count(*rows, n) != n) {
        hs_error_set(err, "%s: expected %d rows", csv, n);
        rc = -1;
    }
    if (rc < 0) {
        hs_rows_free(*rows, n);
        *rows = NULL;
        return -1;
    }
    return 0;
}
