/* hs_trace: recorded per-operator latency samples of one model on one
 * processor of one device ("hetsim-trace" JSON, docs/formats.md). A sample
 * row may describe a split op (the op run on `fraction` of its output along
 * `dim`). `recorded` says where the numbers come from: measured natively,
 * imported from a tool, or synthesized from the fitted model. An op may also
 * say what it cost when it was recorded (FLOPs and elements read, written and
 * held as weights, of the whole op): the simulator then notices when a model
 * was transformed (channel pruning) and scales the samples instead of
 * replaying them for a smaller op (hs_trace_shape_scale, sim/latency.h). The
 * trace owns its strings and arrays; free with hs_trace_free(). */
#ifndef HS_TRACE_H
#define HS_TRACE_H

#include "base/dtype.h"
#include "base/error.h"
#include "base/strmap.h"

extern const char *const hs_trace_origins[]; /* valid values of "recorded" */
extern const char *const hs_trace_times[];   /* valid values of "time": dispatched, kernel */

typedef struct hs_trace_op {
    char *name, *type;
    double fraction; /* 1.0 = the whole op */
    char *dim;       /* split dimension ("out_c", "height") or NULL */
    int n;
    double *samples_us;
    /* cost of the whole op when recorded; has_shape = 0: not known */
    int has_shape;
    double flops;
    long long in_elems, out_elems, weight_elems;
} hs_trace_op;

typedef struct hs_trace {
    char *device, *model, *processor, *recorded, *generator;
    int kernel_only; /* "time": "kernel": samples are kernel time only, the op's dispatch
                        (launch, framework overhead) not in them; 0: "dispatched", the
                        time an op takes in the runtime (the default) */
    hs_dtype dtype;
    int n_ops;
    hs_trace_op *ops;
    /* importers' indexes (traces/importers.h keeps them; empty elsewhere):
     * whole-op name -> index, and a repeated name -> the next "#k" to try */
    hs_strmap import_ix, import_next;
    /* the loader's index (hs_trace_from_json): name -> first op of that name,
     * same_next[i] the next op of op i's name or -1; NULL: not indexed (a
     * trace built in memory), then lookups scan the ops */
    hs_strmap name_ix;
    int *same_next;
} hs_trace;

hs_trace *hs_trace_load_file(const char *path, hs_error *err);
struct cJSON;
hs_trace *hs_trace_from_json(const struct cJSON *root, const char *file, hs_error *err);
void hs_trace_free(hs_trace *t);
/* Samples of op `name` at split fraction `fraction` (1.0 = whole), or NULL. */
const hs_trace_op *hs_trace_find(const hs_trace *t, const char *name, double fraction);
/* For a fraction without its own row, when op `name` has split rows (some
 * fraction < 1): the recorded row nearest to `fraction`, and in *scale the
 * factor that turns its mean into the mean interpolated linearly between
 * the two recorded fractions around `fraction` (the whole op counting as
 * fraction 1; below the smallest fraction, the least-squares line a + b f
 * (a, b >= 0: a part has a fixed share) through the recorded rows, held
 * between proportional to the smallest row and that row's own time).
 * NULL when the op has no split rows. */
const hs_trace_op *hs_trace_near(const hs_trace *t, const char *name, double fraction,
                                 double *scale);
/* 1 when two rows describe the same thing: the same op at the same fraction
 * and, for a split, along the same dim (rows differing only in dim are the
 * out_c and height samples of one fraction). */
int hs_trace_same_row(const hs_trace_op *a, const hs_trace_op *b);
/* The same for a part along `dim` ("out_c", "height"; NULL: any): when the
 * op has split rows of that dim only those (and the whole op) are used;
 * otherwise (traces recorded along one dim only) any split row stands in. */
const hs_trace_op *hs_trace_find_dim(const hs_trace *t, const char *name, double fraction,
                                     const char *dim);
const hs_trace_op *hs_trace_near_dim(const hs_trace *t, const char *name, double fraction,
                                     const char *dim, double *scale);

#endif
