/* hs_native_execute: run a placed plan natively, with real concurrency.
 * The placement is unrolled into the same task graph the simulator runs
 * (sim/taskgraph.h: tasks = ops or parts of split ops on processors, routes
 * = deliveries of data to a processor). One host thread drives each
 * processor's backend (the CPU backend's workers, the OpenCL queue), taking
 * ready tasks from its queue in the order they became ready; per frame every
 * task waits on a dependency counter of the routes it reads. Data crossing
 * backends moves with hs_native_transfer, done by the thread driving the
 * OpenCL backend (device->host right after its kernel, host->device queued
 * as a job): the slice the producing part wrote, or only the halo rows a
 * neighbouring height part reads. A split op's parts run at once on their
 * processors. Frames run one at a time (closed loop); `warmup` frames first
 * are not measured. `hogs` busy-loop threads compete for the CPU meanwhile.
 * Static plans only (no runtime units, no reuse). The caller binds the
 * backends to one model; the result owns its arrays
 * (hs_exec_result_free). */
#ifndef HS_NATIVE_EXECUTOR_H
#define HS_NATIVE_EXECUTOR_H

#include "devices/profile.h"
#include "sim/placement.h"
#include "native/native.h"

typedef struct hs_exec_opts {
    int frames, warmup, hogs;
    int progress; /* frame counter on stderr */
} hs_exec_opts;

typedef struct hs_exec_result {
    int n_frames;
    double *frame_us;      /* per measured frame, arrival (start) to outputs on the host */
    int n_tasks;
    int *task_op, *task_proc;
    double *task_frac;
    double *task_us;       /* mean execution time per task over the measured frames */
    double transfer_us;    /* mean summed transfer time per frame */
    double transfers;      /* mean transfers per frame */
} hs_exec_result;

/* backends[p]: the backend executing processor p of `d` (NULL when the
 * plan puts nothing there). 0, or -1 with err. */
int hs_native_execute(const hs_device *d, const hs_graph *g, const hs_placement *pl,
                      hs_native_backend *const *backends, const hs_exec_opts *o,
                      hs_exec_result *out, hs_error *err);
void hs_exec_result_free(hs_exec_result *r);

#endif
