#include "dynamics.h"

#include <math.h>
#include <string.h>

double hs_dynamics_speed(const hs_dynamics *dy, int p)
{
    const hs_run_config *cfg = dy->cfg;
    double n = 0, busy = 0;
    for (int k = 0; k < cfg->n_competitors; k++)
        if (dy->active[k] && cfg->competitors[k].proc == p) {
            n += cfg->competitors[k].count;
            busy += cfg->competitors[k].count * cfg->competitors[k].duty;
        }
    for (int b = 0; b < cfg->n_background; b++)
        if (cfg->background[b].proc == p) {
            int st = dy->bg_state[b];
            n += cfg->background[b].count[st];
            busy += cfg->background[b].count[st] * cfg->background[b].duty[st];
        }
    if (n <= 0)
        return 1.0;
    const hs_processor *pr = &dy->d->procs[p];
    return 1.0 / hs_contention_slowdown(&pr->contention, pr->cores, n, busy / n);
}

static void retime(hs_dynamics *dy, hs_loop *loop, int p)
{
    hs_server *s = &dy->servers[p];
    hs_time end = hs_server_set_speed(s, loop->now, hs_dynamics_speed(dy, p));
    if (end >= 0)
        hs_loop_at(loop, end, dy->ev_finish, p, s->job, s->gen);
}

static void plan_switch(hs_dynamics *dy, hs_loop *loop, int b)
{
    const hs_background *bg = &dy->cfg->background[b];
    double hold = hs_rng_exponential(dy->rng, bg->hold_ns[dy->bg_state[b]]);
    hs_loop_at(loop, loop->now + (hs_time)llround(hold), dy->ev_bg, b, 0, 0);
}

int hs_dynamics_start(hs_dynamics *dy, hs_loop *loop, const hs_device *d,
                      const hs_run_config *cfg, hs_server *servers, int ev_load, int ev_bg,
                      int ev_finish)
{
    memset(dy, 0, sizeof *dy);
    dy->d = d;
    dy->cfg = cfg;
    dy->servers = servers;
    dy->ev_load = ev_load;
    dy->ev_bg = ev_bg;
    dy->ev_finish = ev_finish;
    if (!(dy->rng = hs_rng_new(cfg->seed, HS_STREAM_SCENARIO + 100)))
        return -1;
    for (int k = 0; k < cfg->n_competitors; k++) {
        hs_loop_at(loop, cfg->competitors[k].start, ev_load, k, 1, 0);
        if (cfg->competitors[k].stop >= 0)
            hs_loop_at(loop, cfg->competitors[k].stop, ev_load, k, 0, 0);
    }
    for (int b = 0; b < cfg->n_background; b++) {
        if (cfg->background[b].n_states < 2)
            continue;
        plan_switch(dy, loop, b);
    }
    for (int p = 0; p < d->n_procs; p++) /* background state 0 from t = 0 */
        servers[p].speed = hs_dynamics_speed(dy, p);
    return 0;
}

void hs_dynamics_free(hs_dynamics *dy)
{
    hs_rng_free(dy->rng);
    dy->rng = NULL;
}

/* A competitor starts (b = 1) or stops (b = 0). */
void hs_dynamics_on_load(hs_dynamics *dy, hs_loop *loop, const hs_event *ev)
{
    dy->active[ev->a] = (unsigned char)ev->b;
    retime(dy, loop, dy->cfg->competitors[ev->a].proc);
}

/* Background group a switches to another state, drawn uniformly. */
void hs_dynamics_on_bg(hs_dynamics *dy, hs_loop *loop, const hs_event *ev)
{
    const hs_background *bg = &dy->cfg->background[ev->a];
    int next = (int)hs_rng_below(dy->rng, (unsigned long)(bg->n_states - 1));
    if (next >= dy->bg_state[ev->a])
        next++;
    dy->bg_state[ev->a] = next;
    retime(dy, loop, bg->proc);
    plan_switch(dy, loop, ev->a);
}
