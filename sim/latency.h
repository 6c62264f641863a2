/* Per-op latency: where an op's execution time comes from, in order of
 * precedence (DESIGN.md): (1) a recorded trace of this op on this processor,
 * replayed sample by sample or drawn from its empirical distribution;
 * (2) the per-op-class latency model fitted to recorded data, kept in the
 *     profile ("op_models", one set per dtype: kernel us = overhead + a * MFLOP
 *     * occ + b * MB, see hs_op_model in devices/profile.h; scripts/fit), plus
 *     the set's dispatch (per kernel launch and per-op framework overhead);
 * (3) a roofline estimate from the profile:
 *     max(FLOPs / (peak[dtype] * efficiency), bytes / bandwidth) + launch overhead.
 * The chosen source is kept per op so every run says what it stands on.
 * A trace op is matched by name and by the cost it was recorded at: when the
 * model was transformed since (channel pruning gives an op fewer channels),
 * the samples are scaled by model(op now) / model(op as recorded), the
 * fitted model where the processor has one, else the roofline; they are not
 * replayed as they are. */
#ifndef HS_LATENCY_H
#define HS_LATENCY_H

#include "devices/profile.h"
#include "traces/trace.h"
#include "traces/graph.h"
#include "base/error.h"
#include "base/rng.h"

typedef enum { HS_SRC_TRACE = 0, HS_SRC_FITTED, HS_SRC_ROOFLINE, HS_SRC_COUNT } hs_lat_source;
extern const char *const hs_lat_source_names[];

typedef enum { HS_TRACE_REPLAY = 0, HS_TRACE_SAMPLE } hs_trace_mode;
extern const char *const hs_trace_mode_names[];

/* The latency of one op placed on one processor. */
typedef struct hs_op_latency {
    hs_lat_source src;
    const double *samples_us; /* trace samples (borrowed from the trace), or NULL */
    int n, cursor;
    double scale;    /* factor applied to every trace sample: the op's cost now against
                        the recorded one (1: the op as recorded), times the interpolation
                        of a split part between recorded fractions (estimator.h) */
    double model_ns; /* the non-trace estimate (fitted, else roofline), always computed */
    double add_ns;   /* added to every trace sample: the op's dispatch when the trace
                        holds kernel time only ("time": "kernel"), else 0 */
} hs_op_latency;

/* Bytes an op moves through memory in dtype `dt` (inputs, outputs, weights);
 * 0 for view ops (Reshape, Flatten, ...). */
double hs_op_bytes(const hs_op *op, hs_dtype dt);
/* Roofline estimate in ns; 0 for view ops. */
double hs_roofline_ns(const hs_processor *p, const hs_op *op, hs_dtype dt);

/* The op class of the fitted model (hs_op_class), or -1 for view ops and
 * op types no class covers. A Conv with group > 1 is depthwise when each
 * group has one input channel (from its FLOPs and outputs), otherwise a
 * grouped conv of class conv / conv1x1. */
int hs_op_class_of(const hs_op *op);
/* One class model in microseconds for an op of `mflop` MFLOP moving `mb` MB
 * with `out_elems` output elements (the formula of hs_op_model). */
double hs_op_model_us(const hs_op_model *m, double mflop, double mb, double out_elems);
/* Fitted estimate in ns of `op` on `p` in dtype `dt`, or -1 when `p` has no
 * model for the op's class. The set fitted in `dt` is used when the profile
 * has one; otherwise the first set, with the compute term scaled by the
 * ratio of peaks (bytes are always counted in `dt`). */
double hs_fitted_ns(const hs_processor *p, const hs_op *op, hs_dtype dt);
/* Its two parts: the class model alone (kernel time; -1 as above), and the
 * dispatch of the set (kernel launch + per-op framework overhead) for an op
 * that dispatches (a class other than activation); 0 for the others and
 * where `p` has no op models. hs_fitted_ns = kernel + dispatch. An op marked
 * "gpu_linked_into" (traces/lowering.h) on a set that links elementwise ops
 * costs 0 in both: the producer's kernel runs it. */
double hs_kernel_ns(const hs_processor *p, const hs_op *op, hs_dtype dt);
double hs_dispatch_ns(const hs_processor *p, const hs_op *op, hs_dtype dt);

/* The factor that makes samples of trace op `to` stand for `op` on `p` in
 * dtype `dt`: 1 when `to` carries no recorded cost or the cost equals the
 * op's (FLOPs, elements in, out and of weights); otherwise
 * model(op) / model(the op at the recorded cost) with the fitted model of
 * the op's class when `p` has one, else the roofline. -1 when the recorded
 * op's estimate is 0 (nothing to scale from: do not use the samples). */
double hs_trace_shape_scale(const hs_processor *p, const hs_op *op, const hs_trace_op *to,
                            hs_dtype dt);
/* Use the samples of `to` for `l` (scaled by hs_trace_shape_scale of the
 * whole op `op`); returns 0 when they were taken, -1 when they cannot stand
 * for the op (`l` is left on its model). */
int hs_op_latency_use_trace(hs_op_latency *l, const hs_processor *p, const hs_op *op,
                            hs_dtype dt, const hs_trace_op *to);
/* Mean execution time in ns: the mean of the (scaled) samples for a trace,
 * else the model estimate. */
double hs_op_latency_mean_ns(const hs_op_latency *l);

/* Choose the source for op `op` on processor `p`. `trace` may be NULL or a
 * trace of another dtype (then it is not used). */
void hs_op_latency_init(hs_op_latency *l, const hs_processor *p, const hs_op *op, hs_dtype dt,
                        const hs_trace *trace);
/* The longest execution time a draw can give, in ns: the largest scaled
 * sample for a trace, else the model estimate. */
double hs_op_latency_max_ns(const hs_op_latency *l);
/* 0 when every draw of `l` fits the simulated clock (base/clock.h); else -1
 * with an input error naming the op (`what`, "" or NULL, may say which
 * part), the processor, the source and its numbers (dtype `dt`). */
int hs_op_latency_check(const hs_op_latency *l, const hs_op *op, const char *what,
                        const hs_processor *p, hs_dtype dt, hs_error *err);
/* Draw the next execution time in ns (HS_CLOCK_OVER past the clock's end,
 * which hs_op_latency_check refuses beforehand). */
int64_t hs_op_latency_next(hs_op_latency *l, hs_trace_mode mode, hs_rng *rng);

#endif
