#include "devices/contention.h"

#include <math.h>
#include <stddef.h>

const char *const hs_contention_model_names[] = {"none", "cpu", "shared", "measured", NULL};

/* A measured table (points[k] at a load of k) at `load`. */
static double table_at(const double *points, int m, double load)
{
    if (m < 2)
        return m == 1 && points[0] > 1.0 ? points[0] : 1.0;
    int k = (int)floor(load);
    if (k > m - 2)
        k = m - 2; /* extrapolate from the last two points */
    double s = points[k] + (load - k) * (points[k + 1] - points[k]);
    return s > 1.0 ? s : 1.0;
}

double hs_contention_slowdown(const hs_contention *c, int cores, double n, double duty)
{
    if (n <= 0 || duty <= 0)
        return 1.0;
    double load = n * duty;
    switch (c->model) {
    case HS_CONT_CPU: {
        int t = c->threads > 0 ? c->threads : cores;
        double spill = n - (cores > t ? cores - t : 0); /* competitors left after idle cores */
        double ts = spill > 0 ? 1.0 + duty * ceil(spill / t - 1e-9) : 1.0;
        double mig = c->migration_load > 0
                         ? 1.0 + (c->little_ratio - 1.0) * (1.0 - exp(-load / c->migration_load))
                         : 1.0;
        return ts * mig * (1.0 + c->interference * load);
    }
    case HS_CONT_SHARED:
        return 1.0 + c->share * load;
    case HS_CONT_MEASURED:
        return table_at(c->points, c->n_points, load);
    default:
        return 1.0;
    }
}

double hs_contention_slowdown_op(const hs_contention *c, int cores, double n, double duty,
                                 double op_us)
{
    if (c->model != HS_CONT_MEASURED || c->n_durs < 1 || !(op_us > 0))
        return hs_contention_slowdown(c, cores, n, duty);
    if (n <= 0 || duty <= 0)
        return 1.0;
    double load = n * duty;
    int m = c->n_durs;
    if (m == 1 || op_us <= c->dur_us[0])
        return table_at(c->dur_points[0], c->n_points, load);
    if (op_us >= c->dur_us[m - 1])
        return table_at(c->dur_points[m - 1], c->n_points, load);
    int d = 0;
    while (d < m - 2 && op_us > c->dur_us[d + 1])
        d++;
    double a = table_at(c->dur_points[d], c->n_points, load);
    double b = table_at(c->dur_points[d + 1], c->n_points, load);
    double t = log(op_us / c->dur_us[d]) / log(c->dur_us[d + 1] / c->dur_us[d]);
    return a + t * (b - a);
}
