/* The discrete-event simulator. Frames arrive (closed loop, periodic or
 * Poisson); each frame instantiates the task graph (taskgraph.h: ops, or
 * parts of split ops, placed on processors); a task becomes ready when all
 * the data it reads has arrived on its processor; processors are servers
 * with run queues (oldest frame first, then ready order) executing one
 * task at a time, non-preemptively; data crossing
 * processors pays the profile's transfer cost (latency + bytes/bandwidth),
 * once per destination processor; a frame is done when every task has run
 * and its outputs are back on the host. Deterministic for a given seed.
 * The result owns its arrays; free with hs_run_result_free(). */
#ifndef HS_ENGINE_H
#define HS_ENGINE_H

#include <stdint.h>

#include "devices/profile.h"
#include "traces/trace.h"
#include "sim/event_queue.h"
#include "traces/graph.h"
#include "sim/latency.h"
#include "sim/placement.h"

typedef enum { HS_ARRIVAL_CLOSED = 0, HS_ARRIVAL_PERIODIC, HS_ARRIVAL_POISSON } hs_arrival_mode;
extern const char *const hs_arrival_names[];

/* How much each frame's input differs from the previous one: a two-state
 * (static scene / motion) Markov chain; the changed share of a frame is the
 * state's mean times a uniform factor in [0.5, 1.5], capped at 1. Disabled:
 * every frame is entirely new. */
typedef struct hs_input_model {
    int enabled;
    double static_share;  /* long-run share of frames in the static state */
    double persistence;   /* probability the static state continues */
    double static_change; /* mean changed share of a static frame */
    double motion_change; /* mean changed share of a frame with motion */
} hs_input_model;

/* Other processes competing for a processor: `count` of them, each busy a
 * share `duty` of the time, active in [start, stop) (stop < 0: to the end).
 * How much they slow the inference is the processor's contention response
 * in the device profile (devices/contention.h). */
#define HS_MAX_COMPETITORS 16
typedef struct hs_competitor {
    int proc;
    double count, duty;
    hs_time start, stop;
} hs_competitor;

/* Periodic apps that share processors with the inference and must meet a
 * deadline every period: a video player decoding and rendering at 30 fps,
 * the UI thread drawing at every vsync. Each release runs its stages in
 * order (e.g. CPU work then GPU work), ahead of queued inference work but
 * never preempting a running kernel; a release that is not done by its
 * deadline is a dropped frame. */
#define HS_MAX_CLIENTS 8
#define HS_MAX_STAGES 4
typedef struct hs_client {
    char name[48];
    double period_ns, deadline_ns, phase_ns;
    int n_stages;
    int proc[HS_MAX_STAGES];
    double work_ns[HS_MAX_STAGES];
} hs_client;

/* Background load that changes over time (Markov-modulated): a group of
 * competitors on one processor whose number and duty switch between states,
 * each held for an exponentially distributed time (mean `hold_ms`), the next
 * state drawn uniformly among the others. */
#define HS_MAX_BACKGROUND 8
#define HS_MAX_BG_STATES 6
typedef struct hs_background {
    int proc;
    int n_states;
    double count[HS_MAX_BG_STATES], duty[HS_MAX_BG_STATES], hold_ns[HS_MAX_BG_STATES];
} hs_background;

typedef struct hs_run_config {
    int frames;              /* frames to complete */
    hs_arrival_mode arrival;
    int inflight;            /* closed loop: frames in flight at once (>= 1) */
    double slo_ms;           /* latency objective per frame; 0: none */
    hs_input_model input;    /* frame-to-frame change, for reuse policies */
    int n_competitors;
    hs_competitor competitors[HS_MAX_COMPETITORS];
    int n_clients;
    hs_client clients[HS_MAX_CLIENTS];
    int n_background;
    hs_background background[HS_MAX_BACKGROUND];
    int fixed_clocks;        /* 1: every processor at its top clock, no governor or
                                throttling (the "performance" governor) */
    struct hs_timeline *timeline; /* record what ran when (borrowed), or NULL */
    double fps;              /* periodic: frames per second; Poisson: mean rate */
    uint64_t seed;
    hs_trace_mode trace_mode;
} hs_run_config;

hs_run_config hs_run_config_default(void);
/* 0 when `cfg` can run (frames >= 1, inflight >= 1, fps > 0 for open-loop
 * arrivals); else -1 with err (naming `stream` unless NULL). */
int hs_run_config_check(const hs_run_config *cfg, const char *stream, hs_error *err);
/* Time to the next arrival of an open-loop stream (periodic or Poisson). */
struct hs_rng;
hs_time hs_arrival_gap_ns(const hs_run_config *cfg, struct hs_rng *rng);

typedef struct hs_run_result {
    int n_frames, n_procs, n_tasks;
    hs_time *arrival, *done;  /* per frame */
    double *busy_ns;          /* per processor: inference work (and its scheduling) */
    double *client_busy_ns;   /* per processor: the client apps' work */
    long *ops_run;            /* per processor: tasks executed */
    /* per task (an op, or one part of a split op), in op order */
    int *task_op, *task_proc;
    double *task_frac;
    double *task_mean_ns;     /* mean execution time seen */
    hs_lat_source *task_src;  /* where its latency came from */
    hs_time t_start, t_end;   /* first arrival, last completion */
    double transfer_ns;       /* summed duration of all transfers */
    long transfers;
    double compute_ns;        /* summed duration of all op executions */
    double decision_ns;       /* summed host time of runtime scheduling decisions */
    /* co-execution's meetings (coexec_costs.h): summed waits at splits
     * (sync / signal) and extra dispatches of split parts, their number,
     * and the CPU time the waiting side burned spinning (wait "spin") */
    double sync_ns;
    long syncs;
    double spin_ns;
    /* the policy's own per-execution estimate against what happened: sum of
     * |actual - estimate| / actual over executions, and their number */
    double est_err_sum;
    long est_err_n;
    double *mean_ghz;         /* per processor: time-averaged clock */
    double peak_temp_c;       /* hottest the SoC got (0 without a thermal model) */
    int reused_frames;        /* frames answered from the previous result (reuse) */
    double work_share;        /* mean share of op work recomputed per frame (reuse) */
    double quality;           /* mean freshness of results: 1 - change of reused frames */
    /* per client app: releases whose deadline fell within the run, and
     * those finished by their deadline */
    long client_due[HS_MAX_CLIENTS], client_met[HS_MAX_CLIENTS];
    long client_recent[HS_MAX_CLIENTS][8]; /* last met releases (internal) */
    int src_count[HS_SRC_COUNT];
    uint64_t events;
} hs_run_result;

/* `traces` has one entry per processor of `d` (NULL where none is recorded).
 * Errors: an input error (hs_error_set) when the model cannot be simulated:
 * an op, transfer or the run itself passes the end of the simulated clock
 * (base/clock.h), or an app's queue grows without bound (overload,
 * devside.h); a runtime error otherwise (out of memory, a bad config, a
 * stalled run). */
int hs_simulate(const hs_device *d, const hs_graph *g, const hs_placement *pl,
                hs_trace *const *traces, const hs_run_config *cfg, hs_run_result *out,
                hs_error *err);
/* The same on a task graph already built; takes ownership of `tg`. */
struct hs_taskgraph;
int hs_simulate_tasks(const hs_device *d, const hs_graph *g, struct hs_taskgraph *tg,
                      const hs_run_config *cfg, hs_run_result *out, hs_error *err);
/* One model of a multi-model workload: its graph, its units' place in the
 * shared unit index space, its arrivals/frames/SLO, its traces. */
typedef struct hs_stream {
    const char *name;
    const hs_graph *g;
    int unit_offset, n_units;
    hs_run_config cfg;
    hs_trace *const *traces;
} hs_stream;

struct hs_units;
struct hs_scheduler;
/* Several models sharing the device, each unit placed at run time by `sc`;
 * out[k] is stream k's result (device-wide figures repeated in each). */
int hs_simulate_streams(const hs_device *d, const hs_stream *st, int n_streams,
                        const struct hs_units *us, const struct hs_scheduler *sc, uint64_t seed,
                        hs_trace_mode mode, hs_run_result *out, hs_error *err);
/* Runtime-scheduled units (runtime.h): `sc` places each unit when it is ready. */
int hs_simulate_runtime(const hs_device *d, const hs_graph *g, const struct hs_units *us,
                        const struct hs_scheduler *sc, hs_trace *const *traces,
                        const hs_run_config *cfg, hs_run_result *out, hs_error *err);
void hs_run_result_free(hs_run_result *r);

#endif
