/* hs_probe_coexec: what a split op costs beyond its parts on this host, for
 * the profile's "coexec" block (docs/native.md, docs/profiles.md):
 *  sync_us: one meeting of a split as the native executor has it: the
 *    OpenCL driver thread waits for its part (enqueue, clFinish), hands the
 *    consumer to the CPU driver thread asleep on its condition variable, which
 *    wakes and runs an empty fork-join op on pool workers that polled 50 us
 *    and went to sleep; minus what a recorded sample already holds (the
 *    empty kernel's enqueue-to-finish, an empty op with polling workers);
 *  split_dispatch_us: a fixed OpenCL kernel enqueued as two halves (global
 *    offset) against as one, the extra per additional partial kernel;
 *  convert_ns_per_byte: the CPU backend's NCHW -> NHWC conversion (tiled
 *    transpose) of a 64 x 56 x 56 fp32 tensor, per byte converted;
 *  interference: the co-run slowdowns the host probe measured (each
 *    workload while the other runs, against alone), copied;
 *  wait: how the executor's threads wait at a meeting ("yield": they sleep).
 * Every figure is the median over repetitions of paired differences. Needs
 * OpenCL (has = 0 without it). */
#ifndef HS_PROBE_COEXEC_H
#define HS_PROBE_COEXEC_H

#include "base/error.h"

typedef struct hs_probe_coexec {
    int has;
    double sync_us, split_dispatch_us, convert_ns_per_byte;
    double interf_cpu, interf_accel;
    int wait_spin;         /* 0: "yield" */
    /* raw medians (us) behind sync_us and split_dispatch_us */
    double meet_us, cl_empty_us, op_hot_us, one_kernel_us, two_kernels_us;
    double sync_spread, dispatch_spread;
} hs_probe_coexec;

/* cl_platform / cl_device: the indices the host probe chose; threads: the CPU
 * backend's; cpu_corun / cl_corun: the host probe's co-run slowdowns. 0, or
 * -1 with err. */
int hs_probe_coexec_measure(int cl_platform, int cl_device, int threads, double cpu_corun,
                            double cl_corun, int reps, int progress, hs_probe_coexec *out,
                            hs_error *err);

#endif
