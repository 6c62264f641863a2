/* hs_probe_corun: how much the CPU backend and the OpenCL backend slow each
 * other down when their kernels run at once (the co-run interference of a
 * split op), measured on their own kernels: the calibration graph of
 * probe_rates.h runs round after round on one backend, alone and while a
 * thread loops the same graph on the other backend, in blocks of at least
 * 200 ms, in turn (drifting load hits both). Per side:
 *  ratio: its time with the other running over its time alone, summed over
 *    layers and rounds (what a frame of such layers pays);
 *  load: the same effect as a number of busy-loop threads, on that
 *    backend's contention table by op length (`cont`, from the kernels):
 *    the L at which sum_i a_i s(L, a_i) / sum_i a_i = ratio, a_i each
 *    layer's time alone (0 where ratio <= 1).
 * On a host whose OpenCL device is its CPU (PoCL) the load goes into
 * shares_cores; on a GPU the ratios are the coexec interference. Progress
 * lines none; errors: a backend that fails to open or run (runtime). */
#ifndef HS_PROBE_CORUN_H
#define HS_PROBE_CORUN_H

#include "base/error.h"
#include "native/probe_contention.h"

typedef struct hs_probe_corun {
    int has;                    /* 0: not measured */
    double cpu_ratio, cl_ratio; /* slowdown of each side while the other runs */
    double cpu_load, cl_load;   /* as many hogs */
    double cpu_spread, cl_spread; /* (p90 - p10) / median of a block's ratio */
} hs_probe_corun;

/* threads: the CPU backend's; cl_platform / cl_device: the OpenCL device;
 * cpu_cont / cl_cont: the kernels' contention by op length (n_durs 0: the
 * loads stay 0). reps >= 3: 2 reps blocks per side. 0, or -1 with err. */
int hs_probe_corun_measure(int threads, int cl_platform, int cl_device, int reps,
                           const hs_probe_contention *cpu_cont,
                           const hs_probe_contention *cl_cont, hs_probe_corun *out,
                           hs_error *err);

/* The load L at which a frame of ops of these times alone (us[0..n), 0s
 * left out) is `ratio` times slower on contention model c; 0 when ratio <=
 * 1, at most 64. */
double hs_probe_corun_load(const hs_contention *c, const double *us, int n, double ratio);

#endif
