/* hs_coexec_costs: what co-executing one operator on a CPU and an
 * accelerator costs beyond its parts' compute and the data's transfer (the
 * study's "suspensions"), as a device profile's optional "coexec" object
 * gives it (docs/profiles.md):
 *   sync_us             per meeting at a split where a CPU waits for the
 *                       accelerator: completion-event wait + wake-up of the
 *                       waiting thread (CoDL's pre-sync);
 *   signal_us           per meeting where the accelerator waits for a CPU
 *                       (CoDL's post-sync); 0 when absent;
 *   split_dispatch_us   extra flush + submit of each accelerator part of a
 *                       split op (every part is its own dispatch);
 *   convert_ns_per_byte layout / precision conversion at an exchange between
 *                       a CPU and the accelerator whose layouts or dtypes
 *                       differ, per byte exchanged;
 *   interference        slowdown (>= 1) of the CPU part and of the
 *                       accelerator part while both parts of splits run
 *                       (not between processors on the same cores: their
 *                       shares_cores load carries that, sim/dynamics.c);
 *   buffer_slowdown     how much longer the accelerator's kernels take on
 *                       OpenCL buffers than on its usual images/textures, for
 *                       runtimes that use buffers on both processors
 *                       (muLayer-style; plan.h gpu_buffers); 1 when absent;
 *   wait                "spin": the waiting CPU is busy for its sync time
 *                       (a job on that CPU: utilisation, governor, other
 *                       work queues behind it), "yield": it sleeps;
 *   with                the accelerator the costs apply to (default: the
 *                       device's first gpu).
 * Absent: present = 0 and every cost below is 0 (factors 1). */
#ifndef HS_COEXEC_COSTS_H
#define HS_COEXEC_COSTS_H

#include <stdint.h>

typedef enum { HS_WAIT_SPIN = 0, HS_WAIT_YIELD } hs_wait_mode;
extern const char *const hs_wait_mode_names[]; /* "spin", "yield" */

typedef struct hs_coexec_costs {
    int present;
    int accel;      /* processor index the costs apply to with every cpu; -1: none */
    double sync_us, signal_us, split_dispatch_us, convert_ns_per_byte;
    double interf_cpu, interf_accel;
    double buffer_slowdown; /* accelerator kernels on OpenCL buffers instead of images */
    hs_wait_mode wait;
} hs_coexec_costs;

struct hs_device;
/* 1 when processors a and b are a CPU and the co-execution accelerator. */
int hs_coexec_is_pair(const struct hs_device *d, int a, int b);
/* Time of one meeting at a split where processor `to` takes over data from
 * `from` (sync_us when `to` is the CPU, signal_us when it is the
 * accelerator); 0 when they are not the pair or the costs are absent. */
int64_t hs_coexec_meeting_ns(const struct hs_device *d, int from, int to);
/* Conversion of `bytes` exchanged from `from` to `to` when their layouts
 * differ or `dtype_differs`; 0 off the pair. */
double hs_coexec_convert_ns(const struct hs_device *d, int from, int to, double bytes,
                            int dtype_differs);
/* Extra dispatch of one part of a split op on processor p (0 off the accelerator). */
int64_t hs_coexec_dispatch_ns(const struct hs_device *d, int p);
/* Slowdown of processor p while parts of splits run on both processors of
 * the pair (1 when p is not in the pair or the costs are absent). */
double hs_coexec_interference(const struct hs_device *d, int p);

#endif
