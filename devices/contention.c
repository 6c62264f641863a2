#include "contention.h"

#include <math.h>
#include <stddef.h>

const char *const hs_contention_model_names[] = {"none", "cpu", "shared", NULL};

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
    default:
        return 1.0;
    }
}
