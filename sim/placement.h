/* hs_placement: a plan after the simulator has enforced operator support.
 * Each op (or each part of a split op) runs where the plan put it if that
 * processor supports it (op type, dtype, attribute limits, precision);
 * otherwise it falls back to the device's host CPU, as TFLite delegates and
 * SNPE do, and the fallback is counted with its reason. A split whose parts
 * all end on one processor becomes a whole op. Owns its arrays; free with
 * hs_placement_free(). */
#ifndef HS_PLACEMENT_H
#define HS_PLACEMENT_H

#include "devices/profile.h"
#include "traces/graph.h"
#include "sim/plan.h"

typedef struct hs_placed_op {
    hs_plan_op at;                  /* resolved processors, fractions, split, chain */
    hs_dtype dtype[HS_MAX_PARTS];   /* dtype each part executes in */
    unsigned char fallback;         /* 1 when some part left its planned processor */
    char why[96];                   /* reason of the (first) fallback, "" otherwise */
} hs_placed_op;

typedef struct hs_placement {
    int n_ops;
    hs_placed_op *ops;
    int n_fallback;        /* ops (some part of which is) unsupported where planned */
    int runtime_decisions; /* copied from the plan */
    int gpu_buffers;       /* copied from the plan */
    int reuse_frame, reuse_layer; /* copied from the plan */
    double skip_below;
} hs_placement;

/* Fails only when even the host cannot run an op (a profile error), or the
 * plan names a processor the device lacks. */
hs_placement *hs_place(const hs_device *d, const hs_graph *g, const hs_plan *plan, hs_error *err);
void hs_placement_free(hs_placement *p);
/* Processor of op i when it is not split (part 0 otherwise). */
static inline int hs_placed_proc(const hs_placement *p, int i)
{
    return p->ops[i].at.proc[0];
}

#endif
