/* hetsim validate: the simulator's prediction for a policy on this host
 * (the host profile and native traces of hetsim native record) against the
 * plan executed natively (native_run.h), with 0..k CPU hogs as competitors
 * (simulated as competitors on the host CPU, busy all the time; the profile's
 * measured contention tables and shared cores turn them into slowdowns).
 * Errors are (simulated - measured) / measured, in percent.
 * hs_validate_all runs every zoo model x applicable policy x hog count and
 * writes one CSV row per case (format below, docs/native.md). */
#ifndef HS_VALIDATE_H
#define HS_VALIDATE_H

#include <stdio.h>

#include "native_run.h"
#include "../sim/engine.h"

typedef struct hs_validation {
    hs_native_measure meas;
    hs_run_result sim;
    int have_sim;
    double sim_mean_ms, sim_p50_ms, sim_p90_ms;
    double err_mean_pct, err_p50_pct, err_p90_pct;
    int coexec;       /* the plan uses more than one processor */
    double target_pct;/* 5 for single-processor plans without hogs, else 10 */
    int trace_ops, roofline_ops; /* latency sources the simulation used */
} hs_validation;

typedef struct hs_validate_opts {
    hs_native_measure_opts native;
    int sim_frames; /* frames simulated (default 200) */
    uint64_t seed;
} hs_validate_opts;

/* 0, or an exit status with err. */
int hs_validate_one(const hs_device *d, const char *model, const char *policy,
                    const hs_validate_opts *o, hs_validation *out, hs_error *err);
void hs_validation_print(FILE *f, const hs_validation *v, const hs_device *d);
void hs_validation_free(hs_validation *v);

/* CSV header and one row (model, policy, hogs, frames, coexec, target_pct,
 * sim_mean_ms, sim_p50_ms, sim_p90_ms, meas_mean_ms, meas_p50_ms, meas_p90_ms,
 * meas_cv, err_mean_pct, err_p50_pct, err_p90_pct, within_target, trace_ops,
 * roofline_ops, load_before, load_after). */
void hs_validation_csv_header(FILE *f);
void hs_validation_csv_row(FILE *f, const hs_validation *v, const char *model,
                           const char *policy, int hogs, double load_before,
                           double load_after);
/* 1-minute load average of this host (/proc/loadavg), -1 when unknown. */
double hs_loadavg(void);

#endif
