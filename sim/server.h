/* hs_server: a processor as the device side (devside.h) runs it: a
 * non-preemptive server with a run queue, whose speed may change while it
 * works (competing processes, DVFS and throttling). A job's work is given in ns at
 * full speed (speed 1 = as profiled); it ends when that work is done at the
 * speeds in force meanwhile. When the speed changes mid-job the finish time
 * moves and the generation number bumps, so the finish event scheduled
 * before is recognised as stale and ignored. */
#ifndef HS_SERVER_H
#define HS_SERVER_H

#include <stdint.h>

#include "sim/event_queue.h"
#include "sim/run_queue.h"

typedef struct hs_server {
    hs_runq q;
    int busy;
    int64_t job;
    hs_time started, last; /* start of the job; last time `remaining` was updated */
    double remaining;      /* work left, ns at speed 1 */
    double work;           /* the job's whole work, ns at speed 1 (its length alone) */
    double speed;          /* current speed */
    uint64_t gen;          /* generation of the current finish time */
    double busy_total;     /* wall time spent on finished jobs */
} hs_server;

void hs_server_init(hs_server *s);
void hs_server_free(hs_server *s);
/* Start `job` with `work` ns at now; returns its finish time (gen bumped). */
hs_time hs_server_start(hs_server *s, hs_time now, int64_t job, double work);
/* Change the speed at now; returns the busy job's new finish time (gen
 * bumped), or -1 when idle. */
hs_time hs_server_set_speed(hs_server *s, hs_time now, double speed);
/* The job ends at now: returns its wall time; the server is idle again. */
hs_time hs_server_done(hs_server *s, hs_time now);
/* Wall time busy up to now (finished jobs and the running one). */
double hs_server_busy_until(const hs_server *s, hs_time now);
/* 1 when a finish event of generation `gen` is the current one. */
int hs_server_current(const hs_server *s, uint64_t gen);

#endif
