/* hs_dynamics: what changes a processor's speed while a run goes on:
 * competing processes starting and stopping, Markov-modulated background
 * load, the DVFS governor and thermal throttling.
 *
 * Governor (schedutil-like), every HS_GOV_TICK_MS for each processor with
 * operating points: utilisation over the last tick, scaled to the top clock,
 * asks for 1.25 x that share of the top clock; the lowest point that
 * covers it is chosen, moving up once `up_ms` have passed since the last
 * change and down once the lower point has been enough for `down_ms`.
 * Clocks start at the lowest point (an idle phone). Thermal: the SoC's
 * temperature integrates the processors' power (power of the point x
 * utilisation); above throttle_c every DVFS processor loses its top point,
 * one per tick, until the temperature falls below release_c.
 * Speed of a processor = clock / top clock x 1 / contention slowdown, the
 * competitors including a processor on the same cores while it works,
 * x 1 / the co-execution interference while parts of split ops run on a
 * CPU and the accelerator at once. It
 * lives inside the device side (devside.h): it schedules its own events in
 * the run's loop (the kinds it is given), and when a processor's speed
 * changes it re-times the job running there, scheduling the finish event
 * (kind `ev_finish`, payload (proc, job, gen)). Borrows the device, the
 * config and the servers. */
#ifndef HS_DYNAMICS_H
#define HS_DYNAMICS_H

#include "devices/profile.h"
#include "sim/engine.h"
#include "sim/loop.h"
#include "base/rng.h"
#include "sim/server.h"

typedef struct hs_dynamics {
    const hs_device *d;
    const hs_run_config *cfg;
    hs_server *servers;
    int ev_load, ev_bg, ev_finish, ev_gov;
    unsigned char active[HS_MAX_COMPETITORS];
    int bg_state[HS_MAX_BACKGROUND];
    hs_rng *rng;
    /* DVFS and thermal state, per processor */
    int opp[64], cap[64];
    hs_time changed_at[64], low_since[64];
    double busy_mark[64];
    double temp_c, peak_temp_c;
    double ghz_time[64]; /* integral of the clock over time, for the mean */
    hs_time gov_last;
    int governed;        /* 1 when some processor has operating points */
    int threads[64];     /* app threads running now on each CPU processor */
    double thread_time[64]; /* time with at least one app thread running, to `thread_at` */
    double thread_mark[64]; /* its value at the last governor tick */
    hs_time thread_at[64];
    unsigned char split[64]; /* 1 while the processor runs a part of a split op */
} hs_dynamics;

#define HS_GOV_TICK_MS 10.0

/* Schedule the first events; 0, or -1 when out of memory. */
int hs_dynamics_start(hs_dynamics *dy, hs_loop *loop, const hs_device *d,
                      const hs_run_config *cfg, hs_server *servers, int ev_load, int ev_bg,
                      int ev_finish, int ev_gov);
void hs_dynamics_free(hs_dynamics *dy);
/* Handlers for the two event kinds. */
void hs_dynamics_on_load(hs_dynamics *dy, hs_loop *loop, const hs_event *ev);
void hs_dynamics_on_bg(hs_dynamics *dy, hs_loop *loop, const hs_event *ev);
void hs_dynamics_on_gov(hs_dynamics *dy, hs_loop *loop, const hs_event *ev);
/* An app's thread starts / ends on CPU processor p: it time-shares the
 * cluster with the inference (the OS preempts), slowing it like one more
 * competitor while it runs. */
void hs_dynamics_thread(hs_dynamics *dy, hs_loop *loop, int p, int delta);
/* Server p started or finished a job: re-time the processors that share
 * its cores (profile "shares_cores"), which count it as competitors while
 * it works, and p itself when its contention depends on the op's length
 * (measured "by_duration": the new job's length alone picks the table). */
void hs_dynamics_busy_changed(hs_dynamics *dy, hs_loop *loop, int p);
/* Processor p starts (on = 1, before its job starts) or ends (on = 0) a
 * part of a split op: while parts run on both processors of the device's
 * co-execution pair (coexec_costs.h), each runs slower by its interference
 * factor; p and the other processors running parts are re-timed. */
void hs_dynamics_split(hs_dynamics *dy, hs_loop *loop, int p, int on);
/* Mean clock of processor p over [0, now] (its fixed clock without DVFS). */
double hs_dynamics_mean_ghz(const hs_dynamics *dy, int p, hs_time now);
/* Speed (1 / slowdown) of processor p now. */
double hs_dynamics_speed(const hs_dynamics *dy, int p);

#endif
