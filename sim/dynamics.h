/* hs_dynamics: what changes a processor's speed while a run goes on:
 * competing processes starting and stopping, and Markov-modulated
 * background load. It lives inside an engine: it schedules its own events
 * in the engine's loop (the kinds the engine gives it), and when a
 * processor's speed changes it re-times the job running there, scheduling
 * the engine's finish event (kind `ev_finish`, payload (proc, job, gen)).
 * Borrows the device, the config and the engine's servers. */
#ifndef HS_DYNAMICS_H
#define HS_DYNAMICS_H

#include "../devices/profile.h"
#include "engine.h"
#include "loop.h"
#include "rng.h"
#include "server.h"

typedef struct hs_dynamics {
    const hs_device *d;
    const hs_run_config *cfg;
    hs_server *servers;
    int ev_load, ev_bg, ev_finish;
    unsigned char active[HS_MAX_COMPETITORS];
    int bg_state[HS_MAX_BACKGROUND];
    hs_rng *rng;
} hs_dynamics;

/* Schedule the first events; 0, or -1 when out of memory. */
int hs_dynamics_start(hs_dynamics *dy, hs_loop *loop, const hs_device *d,
                      const hs_run_config *cfg, hs_server *servers, int ev_load, int ev_bg,
                      int ev_finish);
void hs_dynamics_free(hs_dynamics *dy);
/* Handlers for the two event kinds. */
void hs_dynamics_on_load(hs_dynamics *dy, hs_loop *loop, const hs_event *ev);
void hs_dynamics_on_bg(hs_dynamics *dy, hs_loop *loop, const hs_event *ev);
/* Speed (1 / slowdown) of processor p now. */
double hs_dynamics_speed(const hs_dynamics *dy, int p);

#endif
