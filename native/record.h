/* hs_native_record: time every op of a model on one native backend and
 * return the samples as a "hetsim-trace" (recorded "native") the simulator
 * replays. Frames run the graph in topological order as a run would (an
 * op's inputs were just produced by its predecessors): `warmup` frames
 * untimed, then `samples` frames timing each op from the call to its end
 * (CPU: the call returns when done; OpenCL: the enqueue then a finish, so
 * the launch overhead is inside each sample, as in hetsim native run). Then,
 * per split fraction f, the same for the part [0, f) of every op's output
 * along the output channels (trace rows with "fraction": f, "dim": "out_c")
 * and along the height (rows with "dim": "height"; not with out_c_only),
 * so the simulator replays each split dimension from its own samples.
 * On the OpenCL backend the graph inputs are uploaded once before timing.
 * The trace returned is the caller's (hs_trace_free). */
#ifndef HS_NATIVE_RECORD_H
#define HS_NATIVE_RECORD_H

#include "traces/trace.h"
#include "native/native.h"

#define HS_RECORD_MAX_SPLITS 8

typedef struct hs_record_opts {
    int samples, warmup;
    int n_splits;
    double splits[HS_RECORD_MAX_SPLITS]; /* fractions in (0, 1) */
    int out_c_only;                      /* 1: no height rows */
    int progress;                        /* progress on stderr */
} hs_record_opts;

/* `device` and `processor` name the trace (the host profile's names). */
hs_trace *hs_native_record_trace(hs_native_backend *b, hs_native_model *m, const char *device,
                                 const char *processor, const hs_record_opts *o, hs_error *err);

/* 1 when an op's output can be split along the output channels (an output
 * whose channel axis has more than one element, and not a view op). */
int hs_record_splittable(const hs_graph *g, const hs_op *op);
/* The same along `dim`: HS_SPLIT_OUT_C as above, HS_SPLIT_HEIGHT an output
 * whose height axis (2 of NCHW, else the second-to-last) has more than one
 * element. */
int hs_record_splittable_dim(const hs_graph *g, const hs_op *op, hs_split_dim dim);

#endif
