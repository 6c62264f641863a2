/* Shared machinery of the runtime policies (band, adaptive): units cut by
 * operator support, offline and runtime (EMA) latency profiles per unit and
 * processor, and the shortest-expected-finish choice. */
#ifndef HS_RT_SCHED_H
#define HS_RT_SCHED_H

#include "policies/policy.h"

typedef struct hs_rt_state {
    const hs_device *d;
    const hs_units *us;     /* borrowed from the plan */
    int np;
    double *offline;        /* [unit * np + p]: offline estimate (ns), -1 if not a candidate */
    double *ema;            /* [unit * np + p]: runtime profile, starts at `offline` */
    double alpha;           /* EMA weight of a new observation */
    int *fixed;             /* per unit: the offline best processor */
    int *rr_next;           /* per unit: round-robin cursor */
    double *rest;           /* per unit: offline critical path after it (ns) */
    int mode;               /* policy-specific */
    double cap[64];         /* utilization cap per processor (adaptive) */
    double busy[64], span[64]; /* busy time and elapsed time, both decayed over
                                  `window_ns`: busy / span is the recent utilization */
    hs_time util_at[64];
    double window_ns;
    long replans;           /* decisions that left the offline choice (adaptive) */
} hs_rt_state;

/* Cut the model into units: runs of ops (topological order) supported by the
 * same processors, adjacent runs merged while they share an accelerator,
 * and units shorter than `min_size` ops kept on the host CPU. Attaches
 * plan->units, sets plan->ops to the offline choice (unit id in `chain`) and
 * returns the state (plan->sched's), or NULL with err. */
hs_rt_state *hs_rt_setup(const hs_policy_ctx *c, hs_plan *plan, int min_size, hs_error *err);
void hs_rt_free(void *state);
/* Bytes-weighted transfer time for `unit`'s inputs to reach p now. */
double hs_rt_transfer_in(const hs_rt_state *s, const hs_rt_view *v, int unit, int p);
/* Candidate of `unit` with the earliest expected finish by the EMA profile,
 * among processors allowed by `allowed` (bit mask); -1 when none. */
int hs_rt_earliest(const hs_rt_state *s, const hs_rt_view *v, int unit, uint64_t allowed,
                   double *expect_ns);
/* Least-slack priority: the latest time `unit` may start on `proc` and
 * still let its frame meet the SLO (deadline - expected time left); the
 * frame's arrival when the stream has no SLO. */
int64_t hs_rt_least_slack(void *state, const hs_rt_view *v, int unit, int proc);
/* EMA update (the observe callback). */
void hs_rt_observe(void *state, int unit, int proc, double ns, hs_time now);
/* Recent utilization of processor p at time now (0 before any work). */
double hs_rt_utilization(const hs_rt_state *s, int p, hs_time now);

#endif
