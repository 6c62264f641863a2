/* hs_run_point: one run of an open session (session.h), the one place that
 * decides how a plan runs. A simulated run takes the static engine
 * (hs_simulate) for a static plan and the runtime engine
 * (hs_simulate_runtime) for a plan whose units a scheduler places while
 * frames run, then replaces the session's placement by where each op
 * really ran, then computes the metrics; a native run executes the plan
 * with real kernels on this host's backends (runtime plans and plans that
 * reuse results across frames are refused: the executor runs static
 * plans). hs_run_workload is the same for several models side by side (a
 * scenario's workload), each placed at run time.
 * Errors: a request the plan cannot serve is an input error; anything that
 * fails once the run has begun is a runtime error (base/error.h).
 * Ownership: the session stays the caller's (its placement is replaced by
 * a runtime run); the result owns its arrays, free with
 * hs_point_result_free(). */
#ifndef HS_RUN_POINT_H
#define HS_RUN_POINT_H

#include "analysis/session.h"
#include "native/executor.h"
#include "sim/engine.h"
#include "sim/metrics.h"

typedef enum hs_engine_kind {
    HS_ENGINE_SIMULATE = 0, /* the discrete-event simulator */
    HS_ENGINE_NATIVE        /* real kernels on this host (native mode) */
} hs_engine_kind;

/* Native runs: frames measured, unmeasured frames first, CPU hogs
 * meanwhile, CPU backend threads (<= 0: the profile's cores), the OpenCL
 * platform and device (-1: as measured), a frame counter on stderr. */
typedef struct hs_native_measure_opts {
    int frames, warmup, hogs, threads, cl_platform, cl_device, progress;
} hs_native_measure_opts;

typedef struct hs_run_request {
    hs_engine_kind engine;
    const hs_run_config *cfg;                /* HS_ENGINE_SIMULATE */
    int no_metrics;                          /* simulate only (a benchmark's repeats) */
    const hs_native_measure_opts *native;    /* HS_ENGINE_NATIVE */
} hs_run_request;

typedef struct hs_point_result {
    /* simulated */
    hs_run_result res;
    hs_metrics m;
    int have_res, have_m;
    /* native */
    hs_exec_result ex;
    int have_ex;
    char backends[256]; /* "cpu: DEVICE; gpu: DEVICE", per processor used */
} hs_point_result;

/* 0, or -1 with err (out is then empty). */
int hs_run_point(hs_session *ss, const hs_run_request *rq, hs_point_result *out, hs_error *err);

/* n sessions on one device (each opened with a runtime policy, else an
 * input error), cfg[k] the arrivals, frames and SLO of model k (seed, trace
 * mode and what runs beside the inference taken from cfg[0]); out[k] is
 * model k's result with its metrics. 0, or -1 with err (out[] empty). */
int hs_run_workload(hs_session *ss, const hs_run_config *cfg, int n, hs_point_result *out,
                    hs_error *err);

void hs_point_result_free(hs_point_result *r);

#endif
