/* hs_devside: the device side of a run, one for both engines (engine.c:
 * static plans; runtime_engine.c: units placed at run time): the processors
 * as non-preemptive servers with run queues (server.h), the periodic client
 * apps (clients.h), competitors, background load, DVFS and thermal
 * (dynamics.h), the device-wide figures of the result, and the timeline
 * spans of processors, app threads and competitors (with helpers for the
 * engines' frame and transfer spans, so both name them alike).
 *
 * The engine owns its jobs (any job without the HS_JOB_CLIENT bit of
 * clients.h: tasks, units, decisions, checks) and plugs in through
 * hs_devside_engine: how much work a job is when it starts, what follows
 * when it ends, how it is named on the timeline, and how it submits work
 * (which decides where an app's job queues among the engine's). It
 * submits jobs with hs_devside_submit().
 *
 * The device side handles the event kinds below HS_DEV_EV_END in the
 * engine's loop; the engine's own kinds start at HS_DEV_EV_END. It writes
 * processors' busy times, clients' deadlines, mean clocks, peak temperature
 * and events into the one result it is given (the engine adds its own
 * figures there). Borrows the device, config, loop and result; owns its
 * servers and dynamics: free with hs_devside_free() (also after a failed
 * start, or on a zeroed hs_devside).
 *
 * An app whose releases come faster than its processor serves them (its
 * work, the inference and competitors there, at the clock DVFS gives)
 * queues without bound, and where it goes ahead of the inference
 * (kernel-by-kernel submission) the inference never ends: when more than
 * HS_CLIENT_BACKLOG_MAX releases of one app are unfinished and the inference
 * has not finished a job for as many of the app's periods, the run stops
 * (hs_loop_over) with a message stating the overload, so every run ends.
 * An app starved behind an inference that still progresses (a whole graph
 * submitted ahead of it) only drops its frames: the run ends with the
 * inference's last frame. */
#ifndef HS_DEVSIDE_H
#define HS_DEVSIDE_H

#include <stddef.h>
#include <stdint.h>

#include "devices/profile.h"
#include "sim/dynamics.h"
#include "sim/engine.h"
#include "sim/loop.h"
#include "sim/server.h"

enum {
    HS_DEV_EV_FINISH = 0, /* a job's finish time on a processor (a, b, gen) = (proc, job, gen) */
    HS_DEV_EV_LOAD,       /* a competitor starts or stops */
    HS_DEV_EV_BG,         /* a background group switches state */
    HS_DEV_EV_GOV,        /* governor tick */
    HS_DEV_EV_CLIENT,     /* release of a client app */
    HS_DEV_EV_APP_CPU,    /* an app's thread finished its CPU stage */
    HS_DEV_EV_END         /* the engine's kinds start here */
};

typedef struct hs_devside_engine {
    void *ctx; /* given back to the callbacks */
    /* Work (ns at full speed) of job `job`, starting now on processor p. */
    int64_t (*work)(void *ctx, int p, int64_t job);
    /* Job `job` ran on p for `wall` ns and ended now (its busy time is
     * counted); p starts its next queued job once this returns. */
    void (*done)(void *ctx, int p, int64_t job, hs_time wall);
    /* Timeline name (into `name`, `size` bytes) and category of a job;
     * returns its frame. Called only when the run records a timeline. */
    int (*label)(void *ctx, int64_t job, char *name, size_t size, const char **cat);
    /* 1: the engine submits one job at a time (runtime scheduling: a unit
     * is one job), so an app's job gets in between any two of its jobs, as
     * with kernel-by-kernel submission, whatever the processor's mode;
     * 0: as the processor's profile submits (hs_client_priority). */
    int one_job_at_a_time;
    /* 1 when `job` is a part of a split op (co-execution interference);
     * NULL: no job is. */
    int (*split_part)(void *ctx, int64_t job);
} hs_devside_engine;

#define HS_CLIENT_BACKLOG_MAX 256 /* unfinished releases of one app: an overloaded queue */

typedef struct hs_devside {
    const hs_device *d;
    const hs_run_config *cfg; /* apps, competitors, background, clocks, timeline */
    hs_loop *loop;
    hs_run_result *res;       /* device-wide figures go here */
    hs_devside_engine eng;
    hs_server *procs;         /* one per processor of d */
    hs_dynamics dyn;
    long released[HS_MAX_CLIENTS], finished[HS_MAX_CLIENTS]; /* per app */
    hs_time engine_progress; /* when an inference job last finished */
} hs_devside;

/* Set up the servers, register the handlers and schedule the first events
 * (dynamics, then the apps' first releases); 0, or -1 when out of memory. */
int hs_devside_start(hs_devside *ds, const hs_device *d, const hs_run_config *cfg, hs_loop *loop,
                     hs_run_result *res, const hs_devside_engine *eng);
/* Queue the engine's job on processor p with run-queue priority `prio`
 * (smaller first) and start it if p is idle; out of memory aborts the loop. */
void hs_devside_submit(hs_devside *ds, int p, int64_t job, int64_t prio);
/* Timeline spans (nothing without a timeline): on a named track; a frame's
 * from its arrival to now on the "frames" track, named "frame N" (`stream`:
 * NULL, or the model's name before it); a transfer's on the track
 * "transfer FROM -> TO", named after what it carries (returns the span's
 * index for hs_devside_link, -1 when none). A job's span on its processor
 * is keyed by the job id. */
void hs_devside_span(const hs_devside *ds, const char *track, hs_time t0, hs_time t1, int frame,
                     const char *name, const char *cat);
void hs_devside_span_frame(const hs_devside *ds, int frame, const char *stream, int local,
                           hs_time arrival);
long hs_devside_span_transfer(const hs_devside *ds, int from, int to, hs_time t0, hs_time t1,
                              int frame, const char *what);
/* Transfer span `span` carries data from the engine's job `from_job` to
 * its job `to_job` (either -1 when none: a graph input, the frame's output):
 * flow arrows on the timeline. */
void hs_devside_link(const hs_devside *ds, long span, int64_t from_job, int64_t to_job);
/* The run ended at t_end: clients' deadlines due, competitors' spans, mean
 * clocks, peak temperature and events, into the result. */
void hs_devside_close(hs_devside *ds, hs_time t_end);
void hs_devside_free(hs_devside *ds);

#endif
