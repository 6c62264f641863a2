#include "sim/devside.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/clock.h"
#include "sim/clients.h"
#include "sim/timeline.h"

static int is_app(int64_t job)
{
    return ((uint32_t)job & HS_JOB_CLIENT) != 0;
}

static void try_start(hs_devside *ds, int p)
{
    hs_server *ps = &ds->procs[p];
    if (ps->busy || hs_runq_len(&ps->q) == 0)
        return;
    int64_t j = hs_runq_pop(&ps->q);
    int64_t work;
    if (is_app(j))
        work = hs_clock_ns(ds->cfg->clients[hs_client_of(j)].work_ns[hs_client_stage(j)]);
    else
        work = ds->eng.work(ds->eng.ctx, p, j);
    if (!is_app(j) && ds->eng.split_part && ds->eng.split_part(ds->eng.ctx, j))
        hs_dynamics_split(&ds->dyn, ds->loop, p, 1); /* sets p's speed before it starts */
    hs_time end = hs_server_start(ps, ds->loop->now, j, (double)work);
    if (end >= HS_CLOCK_END_NS) {
        char name[48];
        const char *cat = "app";
        if (is_app(j))
            snprintf(name, sizeof name, "%s", ds->cfg->clients[hs_client_of(j)].name);
        else
            ds->eng.label(ds->eng.ctx, j, name, sizeof name, &cat);
        hs_loop_over(ds->loop,
                     "%s '%s' on processor %s: %.6g ns of work starting at %.6g ns at speed "
                     "%.3g would end past the end of the simulated clock (%.6g ns, about %.0f "
                     "years)",
                     cat, name, ds->d->procs[p].name, (double)work, (double)ds->loop->now,
                     ps->speed, (double)HS_CLOCK_END_NS, HS_CLOCK_END_YEARS);
        return;
    }
    hs_loop_at(ds->loop, end, HS_DEV_EV_FINISH, p, j, ps->gen);
    hs_dynamics_busy_changed(&ds->dyn, ds->loop, p);
}

void hs_devside_submit(hs_devside *ds, int p, int64_t job, int64_t prio)
{
    if (hs_runq_push(&ds->procs[p].q, prio, job) < 0) {
        hs_loop_abort(ds->loop);
        return;
    }
    try_start(ds, p);
}

void hs_devside_span(const hs_devside *ds, const char *track, hs_time t0, hs_time t1, int frame,
                     const char *name, const char *cat)
{
    hs_timeline *tl = ds->cfg->timeline;
    if (tl)
        hs_timeline_span(tl, hs_timeline_track(tl, track), t0, t1, frame, name, cat);
}

void hs_devside_span_frame(const hs_devside *ds, int frame, const char *stream, int local,
                           hs_time arrival)
{
    if (!ds->cfg->timeline)
        return;
    char name[48];
    snprintf(name, sizeof name, "%s%sframe %d", stream ? stream : "", stream ? " " : "", local);
    hs_devside_span(ds, "frames", arrival, ds->loop->now, frame, name, "frame");
}

long hs_devside_span_transfer(const hs_devside *ds, int from, int to, hs_time t0, hs_time t1,
                              int frame, const char *what)
{
    hs_timeline *tl = ds->cfg->timeline;
    if (!tl)
        return -1;
    char track[48];
    snprintf(track, sizeof track, "transfer %s -> %s", ds->d->procs[from].name,
             ds->d->procs[to].name);
    return hs_timeline_span_keyed(tl, hs_timeline_track(tl, track), t0, t1, frame, what,
                                  "transfer", -1);
}

void hs_devside_link(const hs_devside *ds, long span, int64_t from_job, int64_t to_job)
{
    if (ds->cfg->timeline)
        hs_timeline_link(ds->cfg->timeline, span, from_job, to_job);
}

/* Stage st of release k of client c begins: on a CPU the OS runs the app's
 * thread at once beside the inference; elsewhere it queues (ahead of
 * inference work, without preempting a kernel). */
static void client_stage(hs_devside *ds, int c, int st, long k)
{
    const hs_client *cl = &ds->cfg->clients[c];
    int p = cl->proc[st];
    hs_time now = ds->loop->now;
    if (ds->d->procs[p].kind == HS_PROC_CPU) {
        /* foreground app threads run boosted (Android's uclamp / touch boost):
         * at the top clock, sharing a core if the inference runs */
        double t = hs_client_cpu_time(cl, st, ds->procs[p].busy);
        ds->res->client_busy_ns[p] += t;
        hs_dynamics_thread(&ds->dyn, ds->loop, p, +1);
        hs_time end = hs_clock_add(now, hs_clock_ns(t));
        hs_loop_at(ds->loop, end, HS_DEV_EV_APP_CPU, p,
                   hs_client_job(c, st, k), 0);
        if (ds->cfg->timeline) {
            char track[48];
            snprintf(track, sizeof track, "%s (thread)", cl->name);
            hs_devside_span(ds, track, now, end, -1, cl->name, "app");
        }
    } else {
        hs_submission sub = ds->eng.one_job_at_a_time ? HS_SUBMIT_KERNEL
                                                       : ds->d->procs[p].submission;
        hs_devside_submit(ds, p, hs_client_job(c, st, k), hs_client_priority(cl, k, sub));
    }
}

/* A stage ended: the app's next stage, or its release is done. */
static void client_stage_done(hs_devside *ds, int64_t j)
{
    int c = hs_client_of(j), st = hs_client_stage(j);
    if (st + 1 < ds->cfg->clients[c].n_stages) {
        client_stage(ds, c, st + 1, hs_client_release(j));
    } else {
        ds->finished[c]++;
        hs_client_done(ds->cfg, ds->res, j, ds->loop->now);
    }
}

/* Release k of client a: its first stage begins, the next release planned. */
static void on_client(hs_loop *loop, const hs_event *ev, void *ctx)
{
    hs_devside *ds = ctx;
    const hs_client *cl = &ds->cfg->clients[ev->a];
    long k = (long)ev->b;
    if (++ds->released[ev->a] - ds->finished[ev->a] > HS_CLIENT_BACKLOG_MAX &&
        (double)(loop->now - ds->engine_progress) > HS_CLIENT_BACKLOG_MAX * cl->period_ns) {
        /* the most loaded processor of the app's stages, for the message */
        int worst = 0;
        double work[64] = {0};
        for (int st = 0; st < cl->n_stages; st++)
            if (cl->proc[st] >= 0 && cl->proc[st] < 64 &&
                (work[cl->proc[st]] += cl->work_ns[st]) > work[cl->proc[worst]])
                worst = st;
        int p = cl->proc[worst];
        hs_loop_over(loop,
                     "overloaded: app '%s' has %ld releases unfinished at %.6g ms (%.6g ms of work "
                     "on %s every %.6g ms, beside the inference, competitors and clock changes "
                     "there): its queue grows without bound and the run cannot end, so it stopped",
                     cl->name, ds->released[ev->a] - ds->finished[ev->a], (double)loop->now / 1e6,
                     work[p] / 1e6, ds->d->procs[p].name, cl->period_ns / 1e6);
        return;
    }
    client_stage(ds, ev->a, 0, k);
    hs_loop_at(loop, hs_client_release_time(cl, k + 1), HS_DEV_EV_CLIENT, ev->a, k + 1, 0);
}

static void on_app_cpu(hs_loop *loop, const hs_event *ev, void *ctx)
{
    hs_devside *ds = ctx;
    hs_dynamics_thread(&ds->dyn, loop, ev->a, -1);
    client_stage_done(ds, ev->b);
}

/* The span of the job that just ended on p. */
static void span_job(hs_devside *ds, int p, int64_t job, hs_time started)
{
    char name[48];
    const char *cat = "app";
    int frame = -1;
    if (is_app(job))
        snprintf(name, sizeof name, "%s", ds->cfg->clients[hs_client_of(job)].name);
    else
        frame = ds->eng.label(ds->eng.ctx, job, name, sizeof name, &cat);
    hs_timeline *tl = ds->cfg->timeline;
    hs_timeline_span_keyed(tl, hs_timeline_track(tl, ds->d->procs[p].name), started,
                           ds->loop->now, frame, name, cat, job);
}

static void on_finish(hs_loop *loop, const hs_event *ev, void *ctx)
{
    hs_devside *ds = ctx;
    int p = ev->a;
    hs_server *ps = &ds->procs[p];
    if (!hs_server_current(ps, ev->gen))
        return; /* the speed changed meanwhile: a later event finishes this job */
    hs_time wall = hs_server_done(ps, loop->now);
    hs_dynamics_busy_changed(&ds->dyn, loop, p);
    hs_dynamics_split(&ds->dyn, loop, p, 0);
    if (ds->cfg->timeline)
        span_job(ds, p, ev->b, ps->started);
    if (is_app(ev->b)) {
        ds->res->client_busy_ns[p] += (double)wall;
        client_stage_done(ds, ev->b);
    } else {
        ds->res->busy_ns[p] += (double)wall;
        ds->engine_progress = loop->now;
        ds->eng.done(ds->eng.ctx, p, ev->b, wall);
    }
    try_start(ds, p);
}

static void on_load(hs_loop *loop, const hs_event *ev, void *ctx)
{
    hs_dynamics_on_load(&((hs_devside *)ctx)->dyn, loop, ev);
}

static void on_bg(hs_loop *loop, const hs_event *ev, void *ctx)
{
    hs_dynamics_on_bg(&((hs_devside *)ctx)->dyn, loop, ev);
}

static void on_gov(hs_loop *loop, const hs_event *ev, void *ctx)
{
    hs_dynamics_on_gov(&((hs_devside *)ctx)->dyn, loop, ev);
}

int hs_devside_start(hs_devside *ds, const hs_device *d, const hs_run_config *cfg, hs_loop *loop,
                     hs_run_result *res, const hs_devside_engine *eng)
{
    memset(ds, 0, sizeof *ds);
    ds->d = d;
    ds->cfg = cfg;
    ds->loop = loop;
    ds->res = res;
    ds->eng = *eng;
    ds->procs = calloc((size_t)d->n_procs, sizeof *ds->procs);
    if (!ds->procs)
        return -1;
    for (int p = 0; p < d->n_procs; p++)
        hs_server_init(&ds->procs[p]);
    hs_loop_on(loop, HS_DEV_EV_FINISH, on_finish, ds);
    hs_loop_on(loop, HS_DEV_EV_LOAD, on_load, ds);
    hs_loop_on(loop, HS_DEV_EV_BG, on_bg, ds);
    hs_loop_on(loop, HS_DEV_EV_GOV, on_gov, ds);
    hs_loop_on(loop, HS_DEV_EV_CLIENT, on_client, ds);
    hs_loop_on(loop, HS_DEV_EV_APP_CPU, on_app_cpu, ds);
    if (hs_dynamics_start(&ds->dyn, loop, d, cfg, ds->procs, HS_DEV_EV_LOAD, HS_DEV_EV_BG,
                          HS_DEV_EV_FINISH, HS_DEV_EV_GOV) < 0)
        return -1;
    for (int c = 0; c < cfg->n_clients; c++)
        hs_loop_at(loop, hs_client_release_time(&cfg->clients[c], 0), HS_DEV_EV_CLIENT, c, 0, 0);
    return 0;
}

void hs_devside_close(hs_devside *ds, hs_time t_end)
{
    const hs_run_config *cfg = ds->cfg;
    hs_run_result *r = ds->res;
    hs_clients_close(cfg, r, t_end);
    for (int k = 0; cfg->timeline && k < cfg->n_competitors; k++) {
        const hs_competitor *c = &cfg->competitors[k];
        char track[48], name[48];
        snprintf(track, sizeof track, "competitors on %s", ds->d->procs[c->proc].name);
        snprintf(name, sizeof name, "%g x %.0f%% busy", c->count, 100 * c->duty);
        if (c->start < t_end)
            hs_devside_span(ds, track, c->start, c->stop >= 0 && c->stop < t_end ? c->stop : t_end,
                            -1, name, "competitor");
    }
    for (int p = 0; p < ds->d->n_procs; p++)
        r->mean_ghz[p] = hs_dynamics_mean_ghz(&ds->dyn, p, t_end);
    r->peak_temp_c = ds->dyn.peak_temp_c;
    r->events = ds->loop->dispatched;
}

void hs_devside_free(hs_devside *ds)
{
    if (ds->procs)
        for (int p = 0; p < ds->d->n_procs; p++)
            hs_server_free(&ds->procs[p]);
    free(ds->procs);
    ds->procs = NULL;
    hs_dynamics_free(&ds->dyn);
}
