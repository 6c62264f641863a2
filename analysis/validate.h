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

#include "analysis/native_run.h"
#include "analysis/paired.h"
#include "analysis/run_point.h"

typedef struct hs_validation {
    hs_native_measure meas;
    hs_point_result sim; /* the same session simulated (run_point.h) */
    double sim_mean_ms, sim_p50_ms, sim_p90_ms;
    double err_mean_pct, err_p50_pct, err_p90_pct;
    int coexec;       /* the plan uses more than one processor */
    double target_pct;/* 5 for single-processor plans without hogs, else 10 */
    int trace_ops, roofline_ops; /* latency sources the simulation used */
    /* repeated as pairs (validate_all.h, hs_validate_paired): the latency
     * figures and errors above are then means over the repetitions (meas.run
     * and sim hold the last one); a single run has paired.n = 1 */
    hs_paired paired;
} hs_validation;

typedef struct hs_validate_opts {
    hs_native_measure_opts native;
    int sim_frames; /* frames simulated (default 200) */
    uint64_t seed;
} hs_validate_opts;

/* 0, or -1 with err (input: the model, the policy or a plan native mode
 * cannot run; runtime: the backends or the simulation failed). */
int hs_validate_one(const hs_device *d, const char *model, const char *policy,
                    const hs_validate_opts *o, hs_validation *out, hs_error *err);
void hs_validation_print(FILE *f, const hs_validation *v, const hs_device *d);
/* The paired statistics' line(s), nothing for a single run. */
void hs_validation_print_paired(FILE *f, const hs_validation *v);
void hs_validation_free(hs_validation *v);

/* CSV header and one row (model, policy, hogs, frames, coexec, target_pct,
 * sim_mean_ms, sim_p50_ms, sim_p90_ms, meas_mean_ms, meas_p50_ms, meas_p90_ms,
 * meas_cv, err_mean_pct, err_p50_pct, err_p90_pct, within_target, trace_ops,
 * roofline_ops, load_before, load_after, others_pct, steal_pct: the share of
 * the CPU time other processes and other VMs took while the case ran, -1 when
 * unknown; hs_cpu_others; repeats, err_ci_pct, noise_floor_pct,
 * within_noise: paired.h, -1 when unknown). */
void hs_validation_csv_header(FILE *f);
void hs_validation_csv_row(FILE *f, const hs_validation *v, const char *model,
                           const char *policy, int hogs, double load_before,
                           double load_after, double others, double steal);
/* 1-minute load average of this host (/proc/loadavg), -1 when unknown. */
double hs_loadavg(void);

/* CPU time of the whole machine and of this process (all its threads, hogs
 * included), read from /proc, to tell how much of a measurement window other
 * processes and the hypervisor (steal: other VMs on the same cores) took. */
typedef struct hs_cpu_snap {
    unsigned long long busy, total, steal; /* machine, clock ticks */
    unsigned long long self;               /* this process, clock ticks */
    int ok;
} hs_cpu_snap;
void hs_cpu_snap_take(hs_cpu_snap *s);
/* Between two snapshots: the share of all CPU time that other processes
 * used (*others) and that was stolen (*steal), in [0, 1]; -1 when /proc
 * could not be read. */
void hs_cpu_others(const hs_cpu_snap *a, const hs_cpu_snap *b, double *others, double *steal);

#endif
