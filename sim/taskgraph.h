/* hs_taskgraph: a placement unrolled into what the engine executes.
 * A task is one op, or one part of a split op, on one processor, with its
 * latency source. A route is one delivery of data: the bytes a producer (a
 * task, or a graph input held by the host) sends to one processor for the
 * consumer tasks there, or to the frame's output sink. Routes between
 * processors pay the profile's transfer cost; routes within a processor are
 * free. Split ops gather their parts before a consumer that needs the whole
 * tensor; consecutive ops in one operator chain with the same split keep
 * their parts local and exchange only halos (height splits of kernels > 1).
 * Where a route hands an op's data over between a CPU and the co-execution
 * accelerator the two meet (coexec_costs.h): the route also waits the
 * meeting's sync (a split meets at every op; a whole-op plan at fallbacks
 * and at the frame's result), and the accelerator's parts of a split op
 * each pay an extra dispatch before they queue.
 * Built once per run, instantiated per frame by the engine. Owns all its
 * arrays; free with hs_taskgraph_free(). */
#ifndef HS_TASKGRAPH_H
#define HS_TASKGRAPH_H

#include "devices/profile.h"
#include "traces/trace.h"
#include "traces/graph.h"
#include "sim/latency.h"
#include "sim/placement.h"

typedef struct hs_task {
    int op, part;
    int proc;
    hs_dtype dtype;
    double frac;       /* share of the op's output */
    hs_op_latency lat; /* where its execution time comes from */
    double offline_ns; /* what offline profiling expects: trace mean or the model */
    int deps;          /* routes it waits for in each frame */
    int split;         /* 1: a part of a split op (co-execution) */
    double scale;      /* work multiplier: coexec buffer_slowdown for the
                          accelerator's tasks of a plan on OpenCL buffers, else 1 */
    int64_t dispatch_ns; /* extra dispatch of a split part on the accelerator
                            (coexec split_dispatch_us), 0 otherwise */
} hs_task;

typedef struct hs_route {
    int dest;         /* processor receiving the data */
    double bytes;
    int64_t cost_ns;  /* 0 within a processor; link, layout and co-execution
                         conversion (precision too when dtypes differ) */
    int64_t sync_ns;  /* a meeting (coexec sync_us / signal_us): the route
                         hands an op's data over between a CPU and the
                         co-execution accelerator (not a graph input, not a
                         halo inside an operator chain); 0 otherwise */
    int n_cons;
    int *cons;        /* consumer tasks on `dest` */
    int to_sink;      /* also delivers a frame output to the host */
} hs_route;

typedef struct hs_producer {
    int proc;
    int n_routes;
    hs_route *routes;
} hs_producer;

typedef struct hs_taskgraph {
    int n_tasks;
    hs_task *tasks;        /* parts of an op are contiguous */
    int *op_task;          /* per op: its first task; op i has op_task[i+1]-op_task[i] */
    int n_producers;       /* n_tasks tasks, then one per graph input */
    hs_producer *prod;
    int n_sink;            /* sink deliveries per frame */
    int64_t decision_ns;   /* host CPU time before each task is dispatched (0: none) */
    /* reuse across frames: the host's check of how much the input changed,
     * and per task the depth of its op (topological position / ops), since
     * a change spreads over more of a deeper layer's receptive field */
    int reuse_frame, reuse_layer;
    double skip_below;
    int64_t check_ns;
    double *depth;
    int src_count[HS_SRC_COUNT];
} hs_taskgraph;

/* `traces` holds one entry per processor (NULL where none); may be NULL. */
hs_taskgraph *hs_taskgraph_build(const hs_device *d, const hs_graph *g, const hs_placement *pl,
                                 hs_trace *const *traces, hs_error *err);
void hs_taskgraph_free(hs_taskgraph *tg);

#endif
