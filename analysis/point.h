/* hs_point: one simulated run as `hetsim run` and a sweep's points describe
 * it (device, model, policy, scenario, seed, frontend transforms, and what
 * the command line overrides), run in-process.
 * hs_point_open loads the scenario and the device, applies the overrides
 * on top of the scenario (an --fps without --arrival means periodic
 * arrivals; a pipelined plan gets its frames in flight unless the point or
 * the scenario says otherwise) and opens the session: one for the model,
 * or one per model of the scenario's workload (which then replaces `model`).
 * hs_point_simulate runs it (analysis/run_point.h) and fills the
 * hs_run_info records report.h prints. hs_point_csv_row does both for one
 * model and writes the row of `hetsim run -f csv` (report.h).
 * Errors: opening fails with input errors; a failed run is a runtime error
 * (base/error.h). Ownership: the opened point owns the scenario, device,
 * sessions and results, and borrows the hs_point's strings and timeline;
 * free it with hs_point_close(). */
#ifndef HS_POINT_H
#define HS_POINT_H

#include <stdio.h>

#include "analysis/run_point.h"
#include "analysis/session.h"
#include "base/error.h"
#include "sim/report.h"
#include "sim/scenario.h"

typedef struct hs_point {
    const char *device, *model, *policy;
    const char *scenario;     /* path, or NULL for the default closed loop */
    unsigned long long seed;  /* the run's seed, unless no_seed */
    int no_seed;              /* 1: the scenario's seed, or the default */
    int frames;               /* 0: the scenario's or the default */
    double prune;
    int quant_int8;
    /* more of `hetsim run`'s options; 0 (NULL) when not given */
    int no_traces, fixed_clocks, inflight;
    double slo_ms, fps;
    int arrival_given;
    hs_arrival_mode arrival;
    hs_trace_mode trace_mode;
    struct hs_timeline *timeline; /* record what ran when (borrowed) */
} hs_point;

typedef struct hs_point_session {
    const char *policy;       /* borrowed from the hs_point */
    hs_session_opts so;
    hs_scenario *sc;          /* NULL without a scenario */
    hs_device *d;
    int workload;             /* 1: the scenario's models run side by side */
    int n;                    /* models: 1, or the workload's */
    hs_session ss[HS_MAX_WORKLOAD];
    hs_run_config cfg[HS_MAX_WORKLOAD];
    hs_point_result out[HS_MAX_WORKLOAD];
    hs_run_info info[HS_MAX_WORKLOAD]; /* filled by hs_point_simulate */
    int ran;
} hs_point_session;

/* The opened point, or NULL with err. */
hs_point_session *hs_point_open(const hs_point *pt, hs_error *err);
/* 0, or -1 with err. */
int hs_point_simulate(hs_point_session *r, hs_error *err);
void hs_point_close(hs_point_session *r);

/* Open, simulate and write the CSV row (no header) to f; a scenario with a
 * workload is refused (one row per point). 0, or -1 with err. */
int hs_point_csv_row(const hs_point *pt, FILE *f, hs_error *err);

#endif
