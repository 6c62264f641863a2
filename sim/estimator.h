/* hs_estimator: the latency a policy expects before running anything
 * ("offline profiling"): per op and processor, the mean of the recorded
 * trace samples when there are some, else the latency model of the profile;
 * per transfer, the profile's link cost (and the co-execution meeting). Policies plan with it; the engine
 * then draws the actual latencies, so the two can disagree (and do, once
 * the phone is busy). Borrows the device, graph and traces it is given. */
#ifndef HS_ESTIMATOR_H
#define HS_ESTIMATOR_H

#include "devices/profile.h"
#include "traces/trace.h"
#include "traces/graph.h"
#include "sim/latency.h"
#include "sim/plan.h"

typedef struct hs_estimator {
    const hs_device *d;
    const hs_graph *g;
    hs_trace *const *traces; /* per processor, may be NULL */
} hs_estimator;

/* Latency source for part `frac` (1 = whole) of op `op` in dtype dt on p:
 * the trace row of that fraction when recorded, else the model estimate of
 * the op scaled to the part (output channels: a share of outputs and
 * weights, all inputs; height: a share of inputs and outputs, all weights). */
void hs_part_latency_init(hs_op_latency *l, const hs_processor *p, const hs_op *op, hs_dtype dt,
                          const hs_trace *trace, double frac, hs_split_dim dim);

/* Expected ns of part `frac` of op i on processor p, or -1 when p cannot
 * run the op (unsupported op type, dtype or attributes). */
double hs_est_op_ns(const hs_estimator *e, int op, int proc, double frac, hs_split_dim dim);
/* The same in dtype `dt` (-1: the processor's default for the model); -1
 * when p lacks that dtype or cannot run the op. */
double hs_est_part_ns(const hs_estimator *e, int op, int proc, int dt, double frac,
                      hs_split_dim dim);
/* Expected ns to move tensor t (as produced in dtype dt) from one processor
 * to another: the transfer and, between a CPU and the co-execution
 * accelerator, their meeting (coexec_costs.h). */
double hs_est_transfer_ns(const hs_estimator *e, int tensor, hs_dtype dt, int from, int to);
/* dtype processor p runs the graph's ops in, or -1. */
int hs_est_dtype(const hs_estimator *e, int proc, hs_dtype *out);

#endif
