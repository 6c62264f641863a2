/* hs_probe_contention: CPU contention as a function of op length. A pinned
 * fork-join workload shaped like the CPU backend's ops (`threads` threads,
 * one per core of the backend's cluster, meeting at a barrier after every
 * step) runs with 0..max_hogs busy-loop threads, in turn, at several step
 * lengths ("op durations"). The worker that shares its core with a hog paces
 * every step, and how much depends on the step against the scheduler's time
 * slice: a short step waits a whole slice behind the hog, a long one is
 * shared with it. slowdown[d][k] is the median over repetitions of the paired
 * ratio run(k hogs) / run(alone) at step length op_us[d]. Needs only the CPU;
 * progress lines on stderr when asked. */
#ifndef HS_PROBE_CONTENTION_H
#define HS_PROBE_CONTENTION_H

#include "base/error.h"
#include "devices/contention.h"

#define HS_PROBE_MAX_DURS 8
#define HS_PROBE_DUR_MAX_HOGS 16

typedef struct hs_probe_contention {
    int n_durs;                 /* 0: not measured */
    int n_hogs;                 /* points per table: 0 .. n_hogs - 1 hogs */
    int threads;
    double op_us[HS_PROBE_MAX_DURS];   /* step length alone, measured, ascending */
    double slowdown[HS_PROBE_MAX_DURS][HS_PROBE_DUR_MAX_HOGS + 1];
    double spread[HS_PROBE_MAX_DURS];  /* largest (p90 - p10) / median of a point */
    /* hs_probe_contention_fit: the per-op model the table is drawn from
     * (fitted = 1): with k hogs an op of a us alone takes s[k] a + c_us[k] */
    int fitted;
    double fit_s[HS_PROBE_DUR_MAX_HOGS + 1], fit_c_us[HS_PROBE_DUR_MAX_HOGS + 1];
    double fit_err[HS_PROBE_DUR_MAX_HOGS + 1]; /* mean |relative residual| of the ops */
} hs_probe_contention;

/* threads: the CPU backend's (<= 64); max_hogs <= HS_PROBE_DUR_MAX_HOGS;
 * reps >= 3. 0, or -1 with err. */
int hs_probe_contention_measure(int threads, int max_hogs, int reps, int progress,
                                hs_probe_contention *out, hs_error *err);

/* The same tables from a backend's own kernels (probe_rates.c runs them):
 * t[(r * n_hogs + k) * n_ops + i] is op i's time in round r with k hogs
 * (k = 0: alone; the rounds alternate, so drifting load hits all k alike).
 * The ops are put in length classes by their mean time alone: sorted, a
 * class ends where an op takes over 4x the class's first one, the class has
 * at least 4 ops and at least 1/8 of a round's time alone (a preemption
 * costs a time slice wherever it lands: a class of a few short ops would
 * see too few of them; a last class short of that joins the one before; at
 * most HS_PROBE_MAX_DURS). Per class, slowdown[d][k] = the class's time with k
 * hogs over its time alone, summed over ops and rounds (what a frame of
 * those ops pays, preempted calls included); op_us[d] = the geometric mean
 * of its ops' times alone; spread[d] = the largest (p90 - p10) / median of
 * the per-round ratios. Ops with t <= 0 alone are left out. 0, or -1 when
 * no op is left or n_hogs / rounds are out of range (rounds >= 1, n_hogs
 * 2..HS_PROBE_DUR_MAX_HOGS + 1). */
int hs_probe_contention_from_rounds(const double *t, int n_ops, int rounds, int n_hogs,
                                    int threads, hs_probe_contention *out);

/* A per-op model of the same rounds, for the simulator: with k hogs an op
 * that takes a us alone takes s_k a + c_k (s_k >= 1: the share of the cores
 * the hogs leave it; c_k >= 0 us: what they cost at each op boundary, where
 * a worker that waited must get its core back, a wake-up or a hand-off
 * delayed by up to a time slice). Fitted per k by weighted least squares on
 * the ops' mean times over the rounds (weights 1 / a: every op counts, a
 * short one's preempted calls do not swamp the fit), s_k >= 1 and c_k >= 0
 * enforced. The table: op_us log-spaced from the shortest op to the longest
 * (about 3x apart, at most HS_PROBE_MAX_DURS), slowdown[d][k] = s_k +
 * c_k / op_us[d]; fit_s, fit_c_us, fit_err as fitted; spread 0. Ops timed 0
 * alone are left out. 0, or -1 as hs_probe_contention_from_rounds. */
int hs_probe_contention_fit(const double *t, int n_ops, int rounds, int n_hogs, int threads,
                            hs_probe_contention *out);

/* A slowdown table with 0..n-1 hogs as a profile gets it (a table's row of
 * hs_probe_contention too): from 1, made non-decreasing (a hog cannot speed
 * an op up; a lower value is noise). */
void hs_probe_monotone(const double *raw, int n, double *m);
/* The tables as the "measured" by-length contention model the simulator
 * reads (devices/contention.h), rows as hs_probe_monotone makes them. */
void hs_probe_contention_model(const hs_probe_contention *c, hs_contention *out);

#endif
