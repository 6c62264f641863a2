/* hs_metrics: the numbers a run is judged by, computed from a run result
 * (GSL for the order statistics). Definitions (also in docs/metrics.md):
 *  - latency: per frame, completion - arrival; mean, p50, p90, p99, max.
 *  - throughput: frames / (last completion - first arrival).
 *  - utilization of a processor: busy time / (last completion - first arrival).
 *  - fallback ops / unsupported ratio: ops the plan put where they are not
 *    supported, which ran on the host CPU instead, over all ops.
 *  - transfer share: summed transfer time / (summed transfer + op time).
 *  - estimate error: how far the policy's own estimate of each execution
 *    (offline profile for static plans; the scheduler's runtime profile
 *    at decision time for runtime policies) is from what it took.
 *  - SLO satisfaction: frames whose latency is within the SLO / frames.
 *  - app frame drops: releases of a periodic client app (video, UI) not
 *    done by their deadline / releases due during the run.
 *  - scheduling share: host time spent on runtime scheduling decisions /
 *    (decisions + transfers + op time).
 *  - synchronisation share: time in co-execution meetings (waits at splits
 *    and extra dispatches of split parts, coexec_costs.h) / (meetings +
 *    decisions + transfers + op time). */
#ifndef HS_METRICS_H
#define HS_METRICS_H

#include "sim/engine.h"
#include "sim/placement.h"

#define HS_MAX_PROCS 64

typedef struct hs_metrics {
    int frames;
    double lat_mean_ms, lat_std_ms, lat_min_ms, lat_p50_ms, lat_p90_ms, lat_p99_ms, lat_max_ms;
    double throughput_fps;
    double span_ms;
    int n_procs;
    double util[HS_MAX_PROCS];
    int fallback_ops, n_ops;
    double unsupported_ratio;
    /* co-execution plans (some op split across processors): ops that could
     * not run in parallel (a processor lacks support, or the policy cannot
     * split that op type) over all ops; 0 for plans without splits */
    double serial_ratio;
    double transfer_share;
    double sched_share;
    double sync_share;
    double syncs_per_frame;  /* meetings at splits per frame */
    double spin_ms_per_frame; /* CPU time burned waiting (wait "spin") per frame */
    double est_error; /* mean |actual - estimate| / actual of the policy's per-execution estimates */
    double slo_ms, slo_rate; /* share of frames within the SLO (when one is set) */
    double reused_share;     /* frames answered from the previous result */
    double work_share;       /* mean share of op work recomputed */
    double quality;          /* mean freshness of results (1: all computed) */
    int n_clients;
    double client_drop[HS_MAX_CLIENTS]; /* share of an app's frames past their deadline */
    double client_util[HS_MAX_PROCS];   /* per processor: busy share of the apps' work */
    double transfers_per_frame;
    int src_count[HS_SRC_COUNT];
    uint64_t events;
} hs_metrics;

int hs_metrics_compute(const hs_run_result *r, const hs_placement *pl, double slo_ms,
                       int n_clients, hs_metrics *m, hs_error *err);

#endif
