/* Runtime scheduling (Band, adaptive policies): the model is cut into units
 * (subgraphs of whole ops, in topological order), and a scheduler decides,
 * while frames run, which processor executes each unit when it becomes
 * ready: the decision may look at the processors' backlogs and at what
 * earlier executions took (runtime profiling), not only at offline
 * profiles. A unit's inputs move to the chosen processor after the decision
 * (latency + bytes / bandwidth from wherever their producers ran); its ops
 * then run back to back there. Every decision costs the host CPU the
 * device's decision overhead.
 *
 * Ownership: hs_units and the scheduler state belong to the plan that
 * carries them (plan.h), and are freed with it. */
#ifndef HS_RUNTIME_H
#define HS_RUNTIME_H

#include <stdint.h>

#include "devices/profile.h"
#include "sim/event_queue.h"
#include "traces/graph.h"

typedef struct hs_unit {
    int n_ops, *ops;       /* in topological order */
    uint64_t cand;         /* processors that can run all its ops (bit per index) */
    int n_pred, *pred;     /* units whose outputs it reads */
    double *pred_bytes;    /* bytes read from each of them */
    double in_bytes;       /* bytes of graph inputs it reads (held by the host) */
    double out_bytes;      /* bytes of graph outputs it writes (sent to the host) */
    int n_succ, *succ;
} hs_unit;

typedef struct hs_units {
    int n;
    hs_unit *u;
    int *unit_of_op;
} hs_units;

/* Units from a partition of the ops: unit_of_op[i] in [0, n_units), every
 * unit's ops consecutive in topological order of the unit DAG (no cycles
 * between units). Computes edges and bytes (producer's default dtype) and
 * the candidate processors (all that support every op of the unit; the host
 * always counts). NULL with err on a cyclic partition or out of memory. */
hs_units *hs_units_build(const hs_device *d, const hs_graph *g, const int *unit_of_op,
                         int n_units, hs_error *err);
void hs_units_free(hs_units *u);

/* What a scheduler sees when it decides. */
typedef struct hs_rt_view {
    hs_time now;
    int stream;             /* which model of the workload the frame belongs to */
    int frame;              /* frame index within its stream */
    hs_time frame_arrival;
    double slo_ns;          /* the stream's latency objective, 0 when none */
    const hs_time *free_at; /* per processor: when its accepted work should be done,
                               by the scheduler's own estimates */
    const int *ran_on;      /* per unit (global index) of this frame: processor, -1 if not yet */
} hs_rt_view;

typedef struct hs_scheduler {
    void *state;
    /* Processor for `unit` now (must be in its candidates); sets *expect_ns
     * to the execution time the scheduler expects there. */
    int (*choose)(void *state, const hs_rt_view *v, int unit, double *expect_ns);
    /* `unit` took `ns` on `proc` (runtime profiling); may be NULL. */
    void (*observe)(void *state, int unit, int proc, double ns, hs_time now);
    /* Run-queue priority of `unit` (smaller first), once placed on `proc`;
     * NULL: the frame's arrival time (oldest frame first). */
    int64_t (*priority)(void *state, const hs_rt_view *v, int unit, int proc);
    void (*free_state)(void *state);
} hs_scheduler;

/* Concatenate the units of several models into one index space: model k's
 * units start at offsets[k] (filled in); edges are remapped. Takes ownership
 * of nothing: the parts stay the caller's. NULL when out of memory. */
hs_units *hs_units_concat(hs_units *const *parts, int n, int *offsets);

#endif
