/* hs_run_result (engine.h) as both engines fill it: its arrays allocated
 * (all zero), and what is closed at the end of a run: the span of the run
 * (first arrival, last completion) and each task's mean time. A run of
 * several streams (hs_simulate_streams) has one result per stream; the
 * device-wide figures are accumulated in the first one (the device side,
 * devside.h, writes there) and copied into the others. hs_run_result_free()
 * (engine.h) frees the arrays. */
#ifndef HS_RUN_RESULT_H
#define HS_RUN_RESULT_H

#include "sim/engine.h"

/* Zero *r, then its arrays for `frames` frames, `n_procs` processors and
 * `n_tasks` tasks; 0, or -1 when out of memory (free it still). */
int hs_run_result_alloc(hs_run_result *r, int frames, int n_procs, int n_tasks);
/* Every frame is done: t_start and t_end from the frames, and the tasks'
 * summed times (task_mean_ns) divided by their runs (`task_runs`, one per
 * task). */
void hs_run_result_close(hs_run_result *r, const long *task_runs);
/* Copy the device-wide figures of `from` into `to` (same processor count):
 * processors' busy times, ops run, clocks and temperature, transfers,
 * compute and decision time, estimate errors, clients' deadlines, events. */
void hs_run_result_copy_device(hs_run_result *to, const hs_run_result *from);

#endif
