/* How a processor's inference slows down when other processes use it: the
 * "contention response" of a device profile, calibrated per processor.
 *
 *  cpu cluster: time-sharing, migration to little cores, and cache/DRAM
 *    interference multiply. With T inference threads on C cores and n
 *    competing processes busy a share d of the time, the competitors first
 *    fill idle cores; each remaining one shares a core with an inference
 *    thread, and barrier-synchronised ops run at the pace of the most
 *    loaded core: TS = 1 + d * ceil(n' / T), n' = max(0, n - (C - T)).
 *    Overloaded big cores make the scheduler move inference threads to the
 *    little cluster, whose cores are `little_ratio` times slower; the
 *    chance grows with load: MIG = 1 + (little_ratio - 1) (1 - exp(-n d /
 *    migration_load)). Competitors evict caches and contend for DRAM:
 *    INT = 1 + interference * n d. Slowdown = TS * MIG * INT.
 *  accelerator (gpu, dsp, npu): work of other clients interleaves with the
 *    inference at kernel (GPU) or call (DSP/NPU) granularity, non-
 *    preemptively: slowdown = 1 + share * n d, `share` being the accelerator
 *    time a competitor takes per unit of inference time.
 *  measured (native host profiles): the slowdown measured with 0, 1, 2, ...
 *    busy competitor threads, points[k] at a load of k; a load L = n d
 *    between two points is interpolated linearly, beyond the last point
 *    extrapolated from the last two (never below 1).
 *  measured by op length (native host profiles with "by_duration"): the
 *    same tables measured with fork-join steps of several lengths op_us[d]
 *    (a pinned op is paced by the worker that shares its core with a hog,
 *    and how long it waits depends on the op against the scheduler's time
 *    slice): each table is read at the load as above, then interpolated
 *    linearly in log(op length) between the two lengths around the op's,
 *    clamped to the shortest and longest measured. */
#ifndef HS_CONTENTION_H
#define HS_CONTENTION_H

typedef enum { HS_CONT_NONE = 0, HS_CONT_CPU, HS_CONT_SHARED, HS_CONT_MEASURED } hs_contention_model;
extern const char *const hs_contention_model_names[]; /* "none", "cpu", "shared", "measured" */

#define HS_CONT_MAX_POINTS 17
#define HS_CONT_MAX_DURS 8

typedef struct hs_contention {
    hs_contention_model model;
    int threads;           /* cpu: inference threads (default: the cluster's cores) */
    double little_ratio;   /* cpu: big core speed / little core speed */
    double migration_load; /* cpu: competitor load at which migration is 63 % likely */
    double interference;   /* cpu: extra slowdown per unit of competitor load */
    double share;          /* shared: accelerator time a competitor takes */
    int n_points;          /* measured: slowdown at a load of 0 .. n_points - 1 */
    double points[HS_CONT_MAX_POINTS];
    int n_durs;            /* measured by op length: 0 = none */
    double dur_us[HS_CONT_MAX_DURS];                       /* ascending */
    double dur_points[HS_CONT_MAX_DURS][HS_CONT_MAX_POINTS]; /* n_points each */
} hs_contention;

/* Slowdown factor (>= 1) of inference on a processor with `cores` cores
 * when `n` competitors are each busy a share `duty` of the time. */
double hs_contention_slowdown(const hs_contention *c, int cores, double n, double duty);
/* The same for an op that takes op_us alone: the by-length tables when the
 * profile has them and op_us > 0, else hs_contention_slowdown. */
double hs_contention_slowdown_op(const hs_contention *c, int cores, double n, double duty,
                                 double op_us);

#endif
