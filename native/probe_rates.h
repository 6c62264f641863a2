/* hs_probe_rates: what a native backend's own kernels reach on this host,
 * per op class of the latency model (traces/op.h hs_op_class), so that an
 * op without a recorded sample is predicted from measured rates, not from a
 * scalar multiply-add loop. A calibration graph of typical CNN layers
 * (1x1, 3x3 and grouped 3x3 convolutions, depthwise convolutions, fully connected
 * layers, pools, elementwise ops, activations, concatenation; each at
 * several sizes, batch 1) runs op by op on the backend (its OpenBLAS
 * sgemm, oneDNN convolution, depthwise kernel, elementwise loops; on
 * OpenCL, CLBlast and its own kernels): each op's time is the mean of
 * `reps` calls (a frame pays for the stalled calls too) (enqueue to finish) after a warm-up round; the ops run in
 * turn, one call each per round, as a model's frame runs its layers (an op
 * does not find its own data in the caches). Per class a
 * fit through the class's points gives the op model of devices/profile.h,
 * us = overhead + us_per_mflop * MFLOP + us_per_mb * MB, coefficients >= 0
 * (weighted least squares on relative errors; of the subsets of the three
 * terms the one with the smallest mean error), with its fit error; every
 * point is kept for the profile's "measurements".
 * With max_hogs > 0 the same layers then run in rounds alone and with
 * 1..max_hogs busy-loop threads (native/hogs.h), in turn, and
 * `contention` gets the backend's slowdown per op length from its own
 * kernels (probe_contention.h: the ratios per length class, and the per-op
 * fit in `contention_fit`).
 * Errors: a backend failing to bind or run an op (runtime). */
#ifndef HS_PROBE_RATES_H
#define HS_PROBE_RATES_H

#include "base/error.h"
#include "devices/profile.h"
#include "native/native.h"
#include "native/probe_contention.h"

#define HS_RATES_MAX_POINTS 64

typedef struct hs_rate_point {
    char what[48]; /* e.g. "conv3x3 64->64 @56" */
    int cls;       /* hs_op_class */
    double mflop, mb, us; /* us: the mean of the calls */
    double median_us;
    double spread; /* (p90 - p10) / median of the calls */
    int fitted;    /* 1: in its class's fit; 0: measured and kept only */
} hs_rate_point;

typedef struct hs_probe_rates {
    int n_points;
    hs_rate_point pts[HS_RATES_MAX_POINTS];
    hs_op_model cls[HS_OPC_COUNT]; /* present = 1 where the class has points */
    double best_gflops;            /* the fastest compute point */
    double median_gflops;          /* the median rate of the compute points */
    char backend[192];             /* the backend's device, as it names it */
    /* with hogs (n_durs = 0: not measured, max_hogs 0): the layers' ratios
     * per length class, which the profile gets (..._from_rounds), and the
     * per-op fit of the same rounds (hs_probe_contention_fit), which says
     * how much of it is a cost per op */
    hs_probe_contention contention, contention_fit;
} hs_probe_rates;

/* Run the calibration graph on `b` (not yet bound to a model: it binds it).
 * reps >= 3; max_hogs 0..HS_PROBE_DUR_MAX_HOGS. 0, or -1 with err. */
int hs_probe_rates_measure(hs_native_backend *b, int reps, int max_hogs, hs_probe_rates *out,
                           hs_error *err);

/* The calibration graph (the caller frees it), NULL with err. Its first
 * hs_probe_rates_n_ops ops are the layers; ops of no op class take no time
 * in a round. */
hs_graph *hs_probe_rates_graph(hs_error *err);
int hs_probe_rates_n_ops(const hs_graph *g);
/* A model of g bound to b with its inputs on the device (the caller frees
 * it, after b's last use of it), NULL with err. */
hs_native_model *hs_probe_rates_bind(hs_native_backend *b, const hs_graph *g, hs_error *err);
/* One round: each layer once, in order, enqueue to finish; us[i] its time
 * (0 for an op of no class). 0, or -1 with err. */
int hs_probe_rates_round(hs_native_backend *b, const hs_graph *g, double *us, hs_error *err);
/* Rounds per block of a measurement that alternates conditions (hogs,
 * a co-running backend): enough for 200 ms alone, so that a condition holds
 * as long as it does in a run (a hog just started has not its fair share
 * yet); 1..64. round_us: one round's time alone. */
int hs_probe_rates_per_block(double round_us);

/* Fit r->cls from r->pts (the fitted ones): what measure does after timing. */
void hs_probe_rates_fit(hs_probe_rates *r);

/* Open the backend of a host processor (cpu: threads; opencl: platform,
 * device) and measure it; the backend is freed before returning. */
int hs_probe_rates_cpu(int threads, int reps, int max_hogs, hs_probe_rates *out, hs_error *err);
int hs_probe_rates_opencl(int platform, int device, int reps, int max_hogs, hs_probe_rates *out,
                          hs_error *err);

/* The "op_models" array of a device profile (docs/formats.md) for these
 * rates, or NULL (out of memory). The caller owns it (cJSON_Delete). */
struct cJSON;
struct cJSON *hs_probe_rates_op_models(const hs_probe_rates *r);
/* The points as a JSON array for "measurements", or NULL. */
struct cJSON *hs_probe_rates_points(const hs_probe_rates *r);

#endif
