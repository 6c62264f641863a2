/* A policy's plan executed natively on this host: the session (model,
 * traces, the policy's plan, the placement with operator-support fallback;
 * the same code path as hetsim plan/run) for a host profile, then
 * hs_native_execute with the backends the placement uses, and the
 * per-frame latency summary. Used by hetsim native run and hetsim validate.
 * The result owns the session and the execution; free with
 * hs_native_measure_free(). */
#ifndef HS_NATIVE_RUN_H
#define HS_NATIVE_RUN_H

#include <stdio.h>

#include "native/executor.h"
#include "analysis/session.h"

typedef struct hs_native_measure_opts {
    int frames, warmup, hogs, threads, cl_platform, cl_device, progress;
} hs_native_measure_opts;

typedef struct hs_native_measure {
    hs_session ss;
    int have_ss;
    hs_exec_result ex;
    double mean_ms, p50_ms, p90_ms, cv; /* per frame; cv = std / mean */
    char device_desc[256];
} hs_native_measure;

/* 0; or an exit status (HS_EXIT_INPUT: unknown model/policy or a plan
 * native mode cannot run; HS_EXIT_RUNTIME: the backends failed) with err. */
int hs_native_measure_policy(const hs_device *d, const char *model, const char *policy,
                             const hs_native_measure_opts *o, hs_native_measure *out,
                             hs_error *err);
void hs_native_measure_print(FILE *f, const hs_native_measure *m, const hs_device *d);
void hs_native_measure_free(hs_native_measure *m);
/* mean, p50 and p90 (GSL quantiles, as hetsim run reports them) of v[0..n). */
void hs_latency_summary(const double *v, int n, double *mean, double *p50, double *p90,
                        double *cv);

#endif
