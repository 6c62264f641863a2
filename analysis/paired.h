/* hs_paired: the statistics of a validation repeated as pairs (a recording,
 * then the native run right after it, so host noise of the moment hits
 * both): per repetition r the error e_r = 100 (sim_r - meas_r) / meas_r;
 * their mean, standard deviation and the half width of the mean's 95 %
 * confidence interval (Student's t with n - 1 degrees of freedom: t * sd /
 * sqrt(n)); and the noise floor, what two recordings of the same host
 * disagree by: the root mean square of 100 (sim_r - sim_{r-1}) / sim_{r-1}
 * over consecutive recordings. A case is within noise when its error's
 * interval reaches the noise floor around zero: |mean| - ci <= floor. With
 * one repetition the interval, the floor and the verdict are unknown (-1). */
#ifndef HS_PAIRED_H
#define HS_PAIRED_H

typedef struct hs_paired {
    int n;
    double err_mean_pct, err_sd_pct, err_ci_pct; /* ci: half width; -1 when n < 2 */
    double noise_floor_pct;                      /* -1 when n < 2 */
    int within_noise;                            /* 1, 0, or -1 when n < 2 */
} hs_paired;

/* sim[i], meas[i] > 0 for i < n (n >= 1); 0, or -1 when n < 1 or a value is
 * not positive. */
int hs_paired_stats(const double *sim, const double *meas, int n, hs_paired *out);

#endif
