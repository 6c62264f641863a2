#include "native/timing.h"

#include <math.h>
#include <stdlib.h>
#include <time.h>

double hs_native_now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e6 + ts.tv_nsec * 1e-3;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

double hs_native_median(double *v, int n, double *spread)
{
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    double m = n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
    if (spread) {
        int lo = (int)floor(0.1 * (n - 1)), hi = (int)ceil(0.9 * (n - 1));
        *spread = v[hi] - v[lo];
    }
    return m;
}

double hs_native_median_rel(double *v, int n, double *spread)
{
    double m = hs_native_median(v, n, spread);
    if (spread)
        *spread = m > 0 ? *spread / m : 0;
    return m;
}
