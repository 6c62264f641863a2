/* hs_plan: what a policy decides, per op: the processor(s) it should run
 * on. An op is either whole on one processor or split into parts along the
 * output channels or the height, each part a fraction of the output on its
 * own processor (intra-operator parallelism, as in muLayer and CoDL).
 * Consecutive ops sharing a chain id and the same split keep their
 * partitions local (CoDL's operator chains): only halos cross processors.
 * The plan is the policy's wish; hs_placement (placement.h) is what the
 * simulator makes of it once operator support is enforced. The plan owns
 * its arrays; free with hs_plan_free(). */
#ifndef HS_PLAN_H
#define HS_PLAN_H

#include "sim/runtime.h"

#define HS_MAX_PARTS 4

typedef enum { HS_SPLIT_NONE = 0, HS_SPLIT_OUT_C, HS_SPLIT_HEIGHT } hs_split_dim;
extern const char *const hs_split_dim_names[]; /* "none", "out_c", "height" */

typedef struct hs_plan_op {
    int n_parts;                /* 1: the whole op on proc[0] */
    int proc[HS_MAX_PARTS];     /* processor index of each part */
    double frac[HS_MAX_PARTS];  /* share of the output of each part; sums to 1 */
    hs_split_dim dim;           /* HS_SPLIT_NONE when n_parts == 1 */
    int chain;                  /* operator chain id, -1 for none */
    int dtype[HS_MAX_PARTS];    /* hs_dtype a part should run in (a policy's
                                   processor-friendly precision), -1: the
                                   processor's default for the model */
} hs_plan_op;

typedef struct hs_plan {
    char *policy;
    int n_ops;
    hs_plan_op *ops; /* graph op order */
    int inflight;    /* frames the plan wants in flight in a closed loop
                        (pipelines need one per stage); 0: no preference */
    /* 1 when a runtime scheduler decides per op at run time (muLayer, CoDL,
     * Band...): every dispatch then costs the host CPU the device's
     * scheduling overhead. 0 for a graph compiled once (TFLite delegates). */
    int runtime_decisions;
    /* 1 when the runtime runs the accelerator's kernels on OpenCL buffers
     * rather than images/textures (muLayer-style runtimes: one memory
     * object type on both processors); they then take the profile's
     * coexec buffer_slowdown longer. 0: the processor's usual kernels. */
    int gpu_buffers;
    /* The policy's own prediction of one frame's latency (ns), from its
     * offline estimates; 0 when the policy makes none. Compared with the
     * simulated latency to show how far offline profiling is off. */
    double predicted_ns;
    /* The best single-processor plan by the same prediction, where the
     * policy compared against it (co-execution policies and HEFT never pick
     * a plan they predict slower): its latency (ns) and processor, and 1 in
     * `fell_back` when the policy's own plan lost and was replaced by it.
     * single_proc = -1: not compared. */
    double single_ns;
    int single_proc;
    int fell_back;
    double own_ns; /* with fell_back: what the policy predicted for its own plan */
    /* Runtime policies (Band, adaptive): the units and the scheduler that
     * places them while frames run; NULL for static plans. The ops[] above
     * then hold the offline (initial) choice, shown by `hetsim plan`, with
     * each op's unit id in `chain`. Owned by the plan. */
    hs_units *units;
    hs_scheduler sched;
    /* Data reuse across frames (the reuse policy): skip a frame whose input
     * changed less than `skip_below` (frame level); recompute only the
     * changed share of each op (layer level). Either costs a check of the
     * input on the host first. */
    struct {
        int frame_level, layer_level;
        double skip_below;
    } reuse;
} hs_plan;

hs_plan *hs_plan_new(int n_ops, const char *policy);
void hs_plan_free(hs_plan *p);
/* Put op i whole on processor p. */
void hs_plan_set(hs_plan *plan, int op, int proc);
/* Split op i along dim over n processors with the given fractions (>= 0,
 * summing to 1 within 1e-9). Parts with fraction 0 are dropped and parts on
 * the same processor merged, so a split with ratio 0 or 1 is exactly the
 * single-processor placement. Returns 0, or -1 on bad arguments. */
int hs_plan_split(hs_plan *plan, int op, hs_split_dim dim, int n, const int *procs,
                  const double *fracs, int chain);

#endif
