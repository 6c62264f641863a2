/* Paired validation statistics (paired.h). */
#include "analysis/paired.h"

#include <gsl/gsl_cdf.h>
#include <math.h>
#include <string.h>

int hs_paired_stats(const double *sim, const double *meas, int n, hs_paired *out)
{
    memset(out, 0, sizeof *out);
    out->err_ci_pct = out->noise_floor_pct = -1;
    out->within_noise = -1;
    if (n < 1)
        return -1;
    for (int i = 0; i < n; i++)
        if (!(sim[i] > 0) || !(meas[i] > 0))
            return -1;
    out->n = n;
    double sum = 0;
    for (int i = 0; i < n; i++)
        sum += 100.0 * (sim[i] - meas[i]) / meas[i];
    out->err_mean_pct = sum / n;
    if (n < 2)
        return 0;
    double ss = 0, fl = 0;
    for (int i = 0; i < n; i++) {
        double e = 100.0 * (sim[i] - meas[i]) / meas[i] - out->err_mean_pct;
        ss += e * e;
    }
    out->err_sd_pct = sqrt(ss / (n - 1));
    out->err_ci_pct = gsl_cdf_tdist_Pinv(0.975, n - 1) * out->err_sd_pct / sqrt((double)n);
    for (int i = 1; i < n; i++) {
        double d = 100.0 * (sim[i] - sim[i - 1]) / sim[i - 1];
        fl += d * d;
    }
    out->noise_floor_pct = sqrt(fl / (n - 1));
    out->within_noise = fabs(out->err_mean_pct) - out->err_ci_pct <= out->noise_floor_pct;
    return 0;
}
