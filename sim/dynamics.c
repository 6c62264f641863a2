#include "sim/dynamics.h"

#include <math.h>
#include <string.h>

#include "base/clock.h"

/* Competitors on processor p: their number and busy threads. */
static void load_on(const hs_dynamics *dy, int p, double *n, double *busy)
{
    const hs_run_config *cfg = dy->cfg;
    for (int k = 0; k < cfg->n_competitors; k++)
        if (dy->active[k] && cfg->competitors[k].proc == p) {
            *n += cfg->competitors[k].count;
            *busy += cfg->competitors[k].count * cfg->competitors[k].duty;
        }
    if (p < 64 && dy->threads[p] > 0) {
        *n += dy->threads[p];
        *busy += dy->threads[p];
    }
    for (int b = 0; b < cfg->n_background; b++)
        if (cfg->background[b].proc == p) {
            int st = dy->bg_state[b];
            *n += cfg->background[b].count[st];
            *busy += cfg->background[b].count[st] * cfg->background[b].duty[st];
        }
}

double hs_dynamics_speed(const hs_dynamics *dy, int p)
{
    double n = 0, busy = 0;
    load_on(dy, p, &n, &busy);
    const hs_processor *pr = &dy->d->procs[p];
    if (pr->shares_load > 0 && pr->shares_with >= 0) {
        /* on the same cores: the other processor's competitors are ours,
         * and so is the other processor itself while it works */
        load_on(dy, pr->shares_with, &n, &busy);
        if (dy->servers[pr->shares_with].busy) {
            n += pr->shares_load;
            busy += pr->shares_load;
        }
    }
    double clock = pr->dvfs.n ? pr->dvfs.ghz[dy->opp[p]] / pr->dvfs.ghz[pr->dvfs.n - 1] : 1.0;
    /* parts of splits on both sides: shared DRAM; processors on the same
     * cores feel each other through shares_cores above, not twice */
    if (p < 64 && dy->split[p])
        for (int q = 0; q < dy->d->n_procs && q < 64; q++)
            if (dy->split[q] && hs_coexec_is_pair(dy->d, p, q) &&
                !(pr->shares_load > 0 && pr->shares_with == q)) {
                clock /= hs_coexec_interference(dy->d, p);
                break;
            }
    if (n <= 0)
        return clock;
    /* measured per op length (native host profiles): the running job's */
    double op_us = dy->servers[p].busy ? dy->servers[p].work / 1e3 : 0;
    return clock / hs_contention_slowdown_op(&pr->contention, pr->cores, n, busy / n, op_us);
}

static void retime_one(hs_dynamics *dy, hs_loop *loop, int p)
{
    hs_server *s = &dy->servers[p];
    hs_time end = hs_server_set_speed(s, loop->now, hs_dynamics_speed(dy, p));
    if (end >= 0)
        hs_loop_at(loop, end, dy->ev_finish, p, s->job, s->gen);
}

/* Re-time the processors on the same cores as p (they feel p's load). */
static void retime_sharers(hs_dynamics *dy, hs_loop *loop, int p)
{
    const hs_device *d = dy->d;
    for (int q = 0; q < d->n_procs; q++)
        if (d->procs[q].shares_load > 0 && d->procs[q].shares_with == p)
            retime_one(dy, loop, q);
}

/* The load on p changed: re-time p and the processors sharing its cores. */
static void retime(hs_dynamics *dy, hs_loop *loop, int p)
{
    retime_one(dy, loop, p);
    retime_sharers(dy, loop, p);
}

static void plan_switch(hs_dynamics *dy, hs_loop *loop, int b)
{
    const hs_background *bg = &dy->cfg->background[b];
    double hold = hs_rng_exponential(dy->rng, bg->hold_ns[dy->bg_state[b]]);
    hs_loop_at(loop, hs_clock_add(loop->now, hs_clock_ns(hold)), dy->ev_bg, b, 0, 0);
}

int hs_dynamics_start(hs_dynamics *dy, hs_loop *loop, const hs_device *d,
                      const hs_run_config *cfg, hs_server *servers, int ev_load, int ev_bg,
                      int ev_finish, int ev_gov)
{
    memset(dy, 0, sizeof *dy);
    dy->d = d;
    dy->cfg = cfg;
    dy->servers = servers;
    dy->ev_load = ev_load;
    dy->ev_bg = ev_bg;
    dy->ev_finish = ev_finish;
    dy->ev_gov = ev_gov;
    dy->temp_c = dy->peak_temp_c = d->thermal.enabled ? d->thermal.ambient_c : 0;
    for (int p = 0; p < d->n_procs && p < 64; p++) {
        dy->cap[p] = d->procs[p].dvfs.n - 1; /* no thermal cap yet; clocks start lowest */
        dy->low_since[p] = -1;
        if (cfg->fixed_clocks && d->procs[p].dvfs.n) /* pinned at the top */
            dy->opp[p] = dy->cap[p];
        else
            dy->governed |= d->procs[p].dvfs.n > 0;
    }
    if (dy->governed)
        hs_loop_at(loop, (hs_time)(HS_GOV_TICK_MS * 1e6), ev_gov, 0, 0, 0);
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

/* Bring the app-thread busy time of p up to now. */
static void thread_account(hs_dynamics *dy, int p, hs_time now)
{
    if (dy->threads[p] > 0)
        dy->thread_time[p] += (double)(now - dy->thread_at[p]);
    dy->thread_at[p] = now;
}

void hs_dynamics_thread(hs_dynamics *dy, hs_loop *loop, int p, int delta)
{
    if (p >= 64)
        return;
    thread_account(dy, p, loop->now);
    dy->threads[p] += delta;
    retime(dy, loop, p);
}

void hs_dynamics_split(hs_dynamics *dy, hs_loop *loop, int p, int on)
{
    if (p >= 64 || !dy->d->coexec.present || dy->split[p] == (on != 0))
        return;
    dy->split[p] = (unsigned char)(on != 0);
    for (int q = 0; q < dy->d->n_procs && q < 64; q++)
        if (q == p || (dy->split[q] && hs_coexec_is_pair(dy->d, p, q)))
            retime_one(dy, loop, q);
}

void hs_dynamics_busy_changed(hs_dynamics *dy, hs_loop *loop, int p)
{
    if (dy->d->procs[p].contention.n_durs > 0 && dy->servers[p].busy)
        retime_one(dy, loop, p); /* its slowdown depends on the job's length */
    retime_sharers(dy, loop, p);
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

double hs_dynamics_mean_ghz(const hs_dynamics *dy, int p, hs_time now)
{
    const hs_processor *pr = &dy->d->procs[p];
    if (!pr->dvfs.n || now <= 0)
        return pr->freq_ghz;
    double tail = (double)(now - dy->gov_last) * pr->dvfs.ghz[dy->opp[p]];
    return (dy->ghz_time[p] + tail) / (double)now;
}

/* One governor tick: clocks follow utilisation, the SoC heats or cools. */
void hs_dynamics_on_gov(hs_dynamics *dy, hs_loop *loop, const hs_event *ev)
{
    (void)ev;
    const hs_device *d = dy->d;
    hs_time now = loop->now;
    double window = (double)(now - dy->gov_last), power_w = 0;
    for (int p = 0; p < d->n_procs && p < 64; p++) {
        const hs_dvfs *dv = &d->procs[p].dvfs;
        if (!dv->n)
            continue;
        dy->ghz_time[p] += window * dv->ghz[dy->opp[p]];
        /* schedutil follows the busiest core: the inference's threads or an
         * app thread, whichever kept a core busier */
        double busy = hs_server_busy_until(&dy->servers[p], now);
        double util = window > 0 ? (busy - dy->busy_mark[p]) / window : 0;
        dy->busy_mark[p] = busy;
        thread_account(dy, p, now);
        double app = window > 0 ? (dy->thread_time[p] - dy->thread_mark[p]) / window : 0;
        dy->thread_mark[p] = dy->thread_time[p];
        if (app > util)
            util = app;
        power_w += dv->power_mw[dy->opp[p]] * 1e-3 * util;
        double want = 1.25 * util * dv->ghz[dy->opp[p]];
        int target = 0;
        while (target < dy->cap[p] && dv->ghz[target] < want)
            target++;
        if (target > dy->cap[p])
            target = dy->cap[p];
        int next = dy->opp[p];
        if (target > next && (double)(now - dy->changed_at[p]) >= dv->up_ms * 1e6) {
            next = target;
        } else if (target < next) {
            if (dy->low_since[p] < 0)
                dy->low_since[p] = now;
            if ((double)(now - dy->low_since[p]) >= dv->down_ms * 1e6)
                next = target;
        } else {
            dy->low_since[p] = -1;
        }
        if (dy->opp[p] > dy->cap[p]) /* throttled below the current point */
            next = dy->cap[p];
        if (next != dy->opp[p]) {
            dy->opp[p] = next;
            dy->changed_at[p] = now;
            dy->low_since[p] = -1;
            retime(dy, loop, p);
        }
    }
    const hs_thermal *th = &d->thermal;
    if (th->enabled) {
        double dt = window / 1e9;
        dy->temp_c += dt * (power_w - (dy->temp_c - th->ambient_c) / th->r_c_per_w) / th->c_j_per_c;
        if (dy->temp_c > dy->peak_temp_c)
            dy->peak_temp_c = dy->temp_c;
        for (int p = 0; p < d->n_procs && p < 64; p++) {
            int top = d->procs[p].dvfs.n - 1;
            if (top < 0)
                continue;
            if (dy->temp_c > th->throttle_c && dy->cap[p] > 0)
                dy->cap[p]--;
            else if (dy->temp_c < th->release_c && dy->cap[p] < top)
                dy->cap[p]++;
        }
    }
    dy->gov_last = now;
    hs_loop_at(loop, now + (hs_time)(HS_GOV_TICK_MS * 1e6), dy->ev_gov, 0, 0, 0);
}
