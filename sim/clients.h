/* Periodic client apps (hs_client, engine.h) inside an engine: how their
 * jobs are named in run queues, when they are released, what they cost,
 * and how their deadlines are counted. The device side (devside.h) runs the
 * apps for both engines with these helpers. */
#ifndef HS_CLIENTS_H
#define HS_CLIENTS_H

#include <stdint.h>

#include "sim/engine.h"

#define HS_JOB_CLIENT 0x20000000u /* flag in a job's low word */

/* Job of stage `stage` of release `k` of client c. */
static inline int64_t hs_client_job(int c, int stage, long k)
{
    return ((int64_t)k << 32) | (int64_t)(HS_JOB_CLIENT | ((uint32_t)c << 8) | (uint32_t)stage);
}
static inline int hs_client_of(int64_t job) { return (int)(((uint32_t)job >> 8) & 0xff); }
static inline int hs_client_stage(int64_t job) { return (int)((uint32_t)job & 0xff); }
static inline long hs_client_release(int64_t job) { return (long)(job >> 32); }

/* Run-queue priority, earlier releases first. Where the inference submits
 * kernel by kernel, every client job goes before any inference work (the
 * driver switches to the app's context between two kernels); where it
 * submits whole graph segments (HS_SUBMIT_GRAPH), the queued inference
 * kernels drain first and the app gets in only when none is queued. */
int64_t hs_client_priority(const hs_client *c, long k, hs_submission sub);
/* Release time of release k. */
hs_time hs_client_release_time(const hs_client *c, long k);
/* Wall time of a client's stage on a CPU processor, where the OS runs it at
 * once beside the inference: its work, or twice that when the inference
 * keeps every core busy (the app thread shares a core with one of its
 * threads). Foreground apps are boosted (uclamp, touch boost): their work
 * runs at the top clock whatever the governor chose for the cluster. */
double hs_client_cpu_time(const hs_client *c, int stage, int inference_busy);
/* A client's last stage ended at `now`: count it as met or missed. */
void hs_client_done(const hs_run_config *cfg, hs_run_result *r, int64_t job, hs_time now);
/* At the end of a run: how many releases were due by t_end. */
void hs_clients_close(const hs_run_config *cfg, hs_run_result *r, hs_time t_end);

#endif
