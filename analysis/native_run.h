/* A policy's plan executed natively on this host: the session (model,
 * traces, the policy's plan, the placement with operator-support fallback;
 * the same code path as hetsim plan/run) for a host profile, run by
 * hs_run_point with the native engine (run_point.h: the backends the
 * placement uses), and the per-frame latency summary. Used by hetsim
 * native run and hetsim validate. The result owns the session and the
 * execution; free with hs_native_measure_free(). */
#ifndef HS_NATIVE_RUN_H
#define HS_NATIVE_RUN_H

#include <stdio.h>

#include "analysis/run_point.h"
#include "analysis/session.h"

typedef struct hs_native_measure {
    hs_session ss;
    int have_ss;
    hs_point_result run; /* run.ex: the execution; run.backends: where it ran */
    double mean_ms, p50_ms, p90_ms, cv; /* per frame; cv = std / mean */
} hs_native_measure;

/* 0; or -1 with err: an input error for an unknown model or policy or a
 * plan native mode cannot run, a runtime error when the backends failed. */
int hs_native_measure_policy(const hs_device *d, const char *model, const char *policy,
                             const hs_native_measure_opts *o, hs_native_measure *out,
                             hs_error *err);
void hs_native_measure_print(FILE *f, const hs_native_measure *m, const hs_device *d);
void hs_native_measure_free(hs_native_measure *m);
/* mean, p50 and p90 (GSL quantiles, as hetsim run reports them) of v[0..n). */
void hs_latency_summary(const double *v, int n, double *mean, double *p50, double *p90,
                        double *cv);

#endif
