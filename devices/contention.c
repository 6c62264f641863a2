#include "devices/contention.h"

#include <math.h>
#include <stddef.h>

const char *const hs_contention_model_names[] = {"none", "cpu", "shared", "measured", NULL};

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
    case HS_CONT_MEASURED: {
        int m = c->n_points;
        if (m < 2)
            return m == 1 && c->points[0] > 1.0 ? c->points[0] : 1.0;
        int k = (int)floor(load);
        if (k > m - 2)
            k = m - 2; /* extrapolate from the last two points */
        double s = c->points[k] + (load - k) * (c->points[k + 1] - c->points[k]);
        return s > 1.0 ? s : 1.0;
    }
    default:
        return 1.0;
    }
}
