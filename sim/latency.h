/* Per-op latency: where an op's execution time comes from, in order of
 * precedence (DESIGN.md): (1) a recorded trace of this op on this processor,
 * replayed sample by sample or drawn from its empirical distribution;
 * (2) a roofline estimate from the profile:
 *     max(FLOPs / (peak[dtype] * efficiency), bytes / bandwidth) + launch overhead.
 * The chosen source is kept per op so every run says what it stands on. */
#ifndef HS_LATENCY_H
#define HS_LATENCY_H

#include "../devices/profile.h"
#include "../traces/trace.h"
#include "graph.h"
#include "rng.h"

typedef enum { HS_SRC_TRACE = 0, HS_SRC_ROOFLINE, HS_SRC_COUNT } hs_lat_source;
extern const char *const hs_lat_source_names[];

typedef enum { HS_TRACE_REPLAY = 0, HS_TRACE_SAMPLE } hs_trace_mode;
extern const char *const hs_trace_mode_names[];

/* The latency of one op placed on one processor. */
typedef struct hs_op_latency {
    hs_lat_source src;
    const double *samples_us; /* trace samples (borrowed from the trace), or NULL */
    int n, cursor;
    double scale;    /* each sample times this (a split part interpolated
                        between recorded fractions, estimator.h); 1 otherwise */
    double model_ns; /* the non-trace estimate, always computed */
} hs_op_latency;

/* Bytes an op moves through memory in dtype `dt` (inputs, outputs, weights);
 * 0 for view ops (Reshape, Flatten, ...). */
double hs_op_bytes(const hs_op *op, hs_dtype dt);
/* Roofline estimate in ns; 0 for view ops. */
double hs_roofline_ns(const hs_processor *p, const hs_op *op, hs_dtype dt);

/* Choose the source for op `op` on processor `p`. `trace` may be NULL or a
 * trace of another dtype (then it is not used). */
void hs_op_latency_init(hs_op_latency *l, const hs_processor *p, const hs_op *op, hs_dtype dt,
                        const hs_trace *trace);
/* Mean of the (scaled) samples in ns, or model_ns without a trace. */
double hs_op_latency_mean_ns(const hs_op_latency *l);
/* Draw the next execution time in ns. */
int64_t hs_op_latency_next(hs_op_latency *l, hs_trace_mode mode, hs_rng *rng);

#endif
