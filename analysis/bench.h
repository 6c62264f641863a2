/* hs_bench: how fast the simulator runs, measured in one process.
 * (a) the hold model of the bare event queue (event_queue.h): `pending`
 *     events in the heap; each step pops the earliest and pushes one at its
 *     time plus an exponential increment (a seeded draw, as the engine draws
 *     latencies); (b) the full engine (engine.h) running frames of one
 *     model on one device under a scenario, events counted by the loop.
 * Each part repeats until `min_seconds` of wall time have passed; results
 * are events per second of wall time (CLOCK_MONOTONIC). Nothing is owned. */
#ifndef HS_BENCH_H
#define HS_BENCH_H

#include <stdint.h>

#include "base/error.h"

typedef struct hs_bench_rate {
    uint64_t events;
    double seconds;
    int repeats;
} hs_bench_rate;

/* The hold model; 0, or -1 with err (out of memory). */
int hs_bench_hold(int pending, double min_seconds, uint64_t seed, hs_bench_rate *out,
                  hs_error *err);

typedef struct hs_bench_engine_cfg {
    const char *device, *model, *policy;
    const char *scenario; /* path, or NULL for the default closed loop */
    int frames;           /* frames per simulated run */
    uint64_t seed;
} hs_bench_engine_cfg;

/* The engine: the point (scenario, model, traces, plan) is opened once
 * (point.h); each repeat is one hs_run_point() of `frames` frames without
 * the metrics: the static engine for a static plan, the runtime engine for
 * a runtime policy's. 0, or -1 with err (input: the point; runtime: a
 * run). */
int hs_bench_engine(const hs_bench_engine_cfg *c, double min_seconds, hs_bench_rate *out,
                    hs_error *err);

/* Seconds since an arbitrary point (monotonic). */
double hs_bench_now(void);

#endif
