/* Timing helpers of the native layer: a monotonic clock in microseconds,
 * and the robust summaries the probe and recorder take of repeated
 * measurements. hs_native_median sorts v[0..n) in place (n >= 1) and
 * returns its median; with `spread`, *spread = p90 - p10 in v's unit
 * (hs_native_median) or over the median (hs_native_median_rel, 0 when the
 * median is not > 0). */
#ifndef HS_NATIVE_TIMING_H
#define HS_NATIVE_TIMING_H

double hs_native_now_us(void);
double hs_native_median(double *v, int n, double *spread);
double hs_native_median_rel(double *v, int n, double *spread);

#endif
