#include "sim/engine.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sim/loop.h"
#include "base/rng.h"
#include "sim/run_queue.h"
#include "sim/server.h"
#include "sim/clients.h"
#include "sim/dynamics.h"
#include "sim/timeline.h"
#include "sim/taskgraph.h"

const char *const hs_arrival_names[] = {"closed", "periodic", "poisson", NULL};

enum { EV_ARRIVAL = 0, EV_FINISH, EV_DELIVER, EV_LOAD, EV_CLIENT, EV_BG, EV_GOV, EV_APP_CPU };

#define ROUTE_BITS 7 /* up to 128 routes per producer (one per processor) */

hs_time hs_arrival_gap_ns(const hs_run_config *cfg, hs_rng *rng)
{
    double gap_s = cfg->arrival == HS_ARRIVAL_PERIODIC ? 1.0 / cfg->fps
                                                       : hs_rng_exponential(rng, 1.0 / cfg->fps);
    return (hs_time)(gap_s * 1e9 + 0.5);
}

hs_run_config hs_run_config_default(void)
{
    hs_run_config c = {.frames = 50, .arrival = HS_ARRIVAL_CLOSED, .inflight = 1, .fps = 30.0,
                       .seed = 1, .trace_mode = HS_TRACE_SAMPLE};
    return c;
}


typedef struct frame_state {
    int *deps; /* routes still missing, per task */
    int tasks_left, sink_left;
    int finished;
    double change; /* share of the input that changed since the last frame */
} frame_state;

typedef struct sim {
    const hs_device *d;
    const hs_graph *g;
    const hs_run_config *cfg;
    hs_run_result *res;
    hs_taskgraph *tg;
    hs_loop loop;
    long *task_runs;
    hs_server *procs;
    hs_dynamics dyn;
    frame_state *frames;
    int next_frame, frames_done;
    hs_rng *rng_arrival, *rng_latency, *rng_input;
    int in_static; /* input model state: static scene (1) or motion (0) */
    int oom;
} sim;

static int64_t job(int frame, int op)
{
    return ((int64_t)frame << 32) | (uint32_t)op;
}

/* Timeline recording (when the run has a timeline): a span on a named track. */
static void record(sim *s, const char *track, hs_time t0, hs_time t1, int frame, const char *name,
                   const char *cat)
{
    hs_timeline *tl = s->cfg->timeline;
    if (tl)
        hs_timeline_span(tl, hs_timeline_track(tl, track), t0, t1, frame, name, cat);
}

/* A job is a task of a frame; with DECISION set, the runtime scheduler's
 * decision (on the host CPU) that dispatches the task; with CHECK, the
 * host's check of how much a frame's input changed (reuse). */
#define DECISION 0x80000000u
#define CHECK 0x40000000u

/* Share of op work a layer-level reuse recomputes for task t of a frame. */
static double recompute_share(const sim *s, int t, double change)
{
    double f = change + (1.0 - change) * s->tg->depth[t];
    return f < 1.0 ? f : 1.0;
}

static void try_start(sim *s, int p)
{
    hs_server *ps = &s->procs[p];
    if (ps->busy || ps->q.len == 0)
        return;
    int64_t j = hs_runq_pop(&ps->q);
    uint32_t low = (uint32_t)j;
    int64_t dur;
    if (low & HS_JOB_CLIENT) {
        const hs_client *c = &s->cfg->clients[hs_client_of(j)];
        dur = (int64_t)llround(c->work_ns[hs_client_stage(j)]);
    } else if (low & DECISION) {
        dur = s->tg->decision_ns;
    } else if (low & CHECK) {
        dur = s->tg->check_ns;
    } else {
        dur = hs_op_latency_next(&s->tg->tasks[low].lat, s->cfg->trace_mode, s->rng_latency);
        if (s->tg->reuse_layer)
            dur = (int64_t)((double)dur * recompute_share(s, (int)low, s->frames[j >> 32].change) +
                            0.5);
    }
    hs_time end = hs_server_start(ps, s->loop.now, j, (double)dur);
    hs_loop_at(&s->loop, end, EV_FINISH, p, j, ps->gen);
    hs_dynamics_busy_changed(&s->dyn, &s->loop, p);
}

static void enqueue_prio(sim *s, int p, int64_t j, int64_t prio)
{
    if (hs_runq_push(&s->procs[p].q, prio, j) < 0) {
        s->oom = 1;
        hs_loop_stop(&s->loop);
        return;
    }
    try_start(s, p);
}

/* Inference work: the oldest frame first. */
static void enqueue(sim *s, int p, int64_t j)
{
    enqueue_prio(s, p, j, j >> 32);
}

/* All inputs of a task are there: dispatch it (after a runtime decision on
 * the host when the plan makes them). */
static void task_ready(sim *s, int frame, int task)
{
    if (s->tg->decision_ns > 0)
        enqueue(s, s->d->host, job(frame, task) | DECISION);
    else
        enqueue(s, s->tg->tasks[task].proc, job(frame, task));
}

static void frame_check_done(sim *s, int frame)
{
    frame_state *f = &s->frames[frame];
    if (f->finished || f->tasks_left > 0 || f->sink_left > 0)
        return;
    f->finished = 1;
    s->res->done[frame] = s->loop.now;
    free(f->deps);
    f->deps = NULL;
    s->frames_done++;
    if (s->cfg->timeline) {
        char name[32];
        snprintf(name, sizeof name, "frame %d", frame);
        record(s, "frames", s->res->arrival[frame], s->loop.now, frame, name, "frame");
    }
    if (s->frames_done == s->cfg->frames) {
        hs_loop_stop(&s->loop);
        return;
    }
    if (s->cfg->arrival == HS_ARRIVAL_CLOSED && s->next_frame < s->cfg->frames)
        hs_loop_at(&s->loop, s->loop.now, EV_ARRIVAL, s->next_frame++, 0, 0);
}

/* Route r of producer pr has delivered its data for a frame. */
static void deliver(sim *s, int frame, int pr, int r)
{
    const hs_route *rt = &s->tg->prod[pr].routes[r];
    frame_state *f = &s->frames[frame];
    for (int i = 0; i < rt->n_cons; i++) {
        int c = rt->cons[i];
        if (--f->deps[c] == 0)
            task_ready(s, frame, c);
    }
    if (rt->to_sink) {
        f->sink_left--;
        frame_check_done(s, frame);
    }
}

/* Producer pr (a task or a graph input) has its data: send it on. */
static void produce(sim *s, int frame, int pr)
{
    const hs_producer *P = &s->tg->prod[pr];
    for (int r = 0; r < P->n_routes; r++) {
        const hs_route *rt = &P->routes[r];
        if (rt->dest == P->proc) {
            deliver(s, frame, pr, r);
        } else {
            s->res->transfer_ns += (double)rt->cost_ns;
            s->res->transfers++;
            hs_loop_at(&s->loop, s->loop.now + rt->cost_ns, EV_DELIVER, frame,
                       ((int64_t)pr << ROUTE_BITS) | r, 0);
            if (s->cfg->timeline) {
                char track[48];
                snprintf(track, sizeof track, "transfer %s -> %s", s->d->procs[P->proc].name,
                         s->d->procs[rt->dest].name);
                const char *what = pr < s->tg->n_tasks ? s->g->ops[s->tg->tasks[pr].op].name
                                                       : "input";
                record(s, track, s->loop.now, s->loop.now + rt->cost_ns, frame, what, "transfer");
            }
        }
    }
}

/* Changed share of the next frame's input (input model of the scenario). */
static double draw_change(sim *s)
{
    const hs_input_model *m = &s->cfg->input;
    if (!m->enabled)
        return 1.0;
    double a = m->persistence, pi = m->static_share;
    double b = pi < 1 ? 1.0 - pi * (1.0 - a) / (1.0 - pi) : 0.0; /* motion persists */
    if (s->in_static < 0)
        s->in_static = hs_rng_uniform(s->rng_input) < pi;
    else
        s->in_static = s->in_static ? hs_rng_uniform(s->rng_input) < a
                                    : !(hs_rng_uniform(s->rng_input) < b);
    double mean = s->in_static ? m->static_change : m->motion_change;
    double c = mean * (0.5 + hs_rng_uniform(s->rng_input));
    return c < 1.0 ? c : 1.0;
}

/* Start a frame's tasks: the roots, and the graph inputs' deliveries. */
static void frame_start(sim *s, int frame)
{
    const hs_taskgraph *tg = s->tg;
    for (int t = 0; t < tg->n_tasks; t++)
        if (tg->tasks[t].deps == 0)
            task_ready(s, frame, t);
    for (int k = tg->n_tasks; k < tg->n_producers; k++)
        produce(s, frame, k);
    frame_check_done(s, frame);
}

static void on_arrival(hs_loop *loop, const hs_event *ev, void *ctx)
{
    sim *s = ctx;
    int frame = ev->a;
    frame_state *f = &s->frames[frame];
    const hs_taskgraph *tg = s->tg;
    s->res->arrival[frame] = loop->now;
    f->deps = malloc((size_t)tg->n_tasks * sizeof *f->deps);
    if (!f->deps) {
        s->oom = 1;
        hs_loop_stop(loop);
        return;
    }
    for (int t = 0; t < tg->n_tasks; t++)
        f->deps[t] = tg->tasks[t].deps;
    f->tasks_left = tg->n_tasks;
    f->sink_left = tg->n_sink;
    f->change = draw_change(s);
    /* open loop: the next arrival is independent of this frame's progress */
    if (s->cfg->arrival != HS_ARRIVAL_CLOSED && s->next_frame < s->cfg->frames)
        hs_loop_at(loop, loop->now + hs_arrival_gap_ns(s->cfg, s->rng_arrival), EV_ARRIVAL,
                   s->next_frame++, 0, 0);
    if (tg->reuse_frame || tg->reuse_layer)
        enqueue(s, s->d->host, job(frame, 0) | CHECK); /* how much changed? */
    else
        frame_start(s, frame);
}

/* Stage st of release k of client c begins: on a CPU the OS runs the app's
 * thread at once beside the inference; elsewhere it queues (ahead of
 * inference work, without preempting a kernel). */
static void client_stage(sim *s, int c, int st, long k)
{
    const hs_client *cl = &s->cfg->clients[c];
    int p = cl->proc[st];
    if (s->d->procs[p].kind == HS_PROC_CPU) {
        /* foreground app threads run boosted (Android's uclamp / touch boost):
         * at the top clock, sharing a core if the inference runs */
        double t = hs_client_cpu_time(cl, st, s->procs[p].busy);
        s->res->client_busy_ns[p] += t;
        hs_dynamics_thread(&s->dyn, &s->loop, p, +1);
        hs_loop_at(&s->loop, s->loop.now + (hs_time)llround(t), EV_APP_CPU, p,
                   hs_client_job(c, st, k), 0);
        if (s->cfg->timeline) {
            char track[48];
            snprintf(track, sizeof track, "%s (thread)", cl->name);
            record(s, track, s->loop.now, s->loop.now + (hs_time)llround(t), -1, cl->name, "app");
        }
    } else {
        enqueue_prio(s, p, hs_client_job(c, st, k),
                     hs_client_priority(cl, k, s->d->procs[p].submission));
    }
}

static void client_stage_done(sim *s, int64_t j)
{
    int c = hs_client_of(j), st = hs_client_stage(j);
    if (st + 1 < s->cfg->clients[c].n_stages)
        client_stage(s, c, st + 1, hs_client_release(j));
    else
        hs_client_done(s->cfg, s->res, j, s->loop.now);
}

/* An app's thread finished its CPU stage. */
static void on_app_cpu(hs_loop *loop, const hs_event *ev, void *ctx)
{
    sim *s = ctx;
    hs_dynamics_thread(&s->dyn, loop, ev->a, -1);
    client_stage_done(s, ev->b);
}

static void on_finish(hs_loop *loop, const hs_event *ev, void *ctx)
{
    sim *s = ctx;
    int p = ev->a;
    uint32_t low = (uint32_t)ev->b;
    int frame = (int)(ev->b >> 32), task = (int)(low & ~DECISION);
    hs_server *ps = &s->procs[p];
    if (!hs_server_current(ps, ev->gen))
        return; /* the speed changed meanwhile: a later event finishes this job */
    hs_time dur = hs_server_done(ps, loop->now);
    hs_dynamics_busy_changed(&s->dyn, loop, p);
    if (s->cfg->timeline) {
        const char *pn = s->d->procs[p].name;
        if (low & HS_JOB_CLIENT)
            record(s, pn, ps->started, loop->now, -1,
                   s->cfg->clients[hs_client_of(ev->b)].name, "app");
        else if (low & CHECK)
            record(s, pn, ps->started, loop->now, frame, "input check (reuse)", "reuse");
        else if (low & DECISION)
            record(s, pn, ps->started, loop->now, frame, "scheduling decision", "decision");
        else
            record(s, pn, ps->started, loop->now, frame, s->g->ops[s->tg->tasks[task].op].name,
                   "op");
    }
    if (low & HS_JOB_CLIENT) { /* an app's stage: its next stage, or its frame is done */
        s->res->client_busy_ns[p] += (double)dur;
        client_stage_done(s, ev->b);
        try_start(s, p);
        return;
    }
    s->res->busy_ns[p] += (double)dur;
    if (low & CHECK) { /* the input check: reuse the last result, or compute */
        frame_state *f = &s->frames[frame];
        if (s->tg->reuse_frame && frame > 0 && f->change < s->tg->skip_below) {
            s->res->reused_frames++;
            s->res->quality += 1.0 - f->change;
            f->tasks_left = f->sink_left = 0;
            frame_check_done(s, frame);
        } else {
            s->res->quality += 1.0;
            double share = 0;
            for (int t = 0; t < s->tg->n_tasks; t++)
                share += s->tg->reuse_layer ? recompute_share(s, t, f->change) : 1.0;
            s->res->work_share += share / s->tg->n_tasks;
            frame_start(s, frame);
        }
        try_start(s, p);
        return;
    }
    if (low & DECISION) { /* decided: the task goes to its processor */
        s->res->decision_ns += (double)dur;
        enqueue(s, s->tg->tasks[task].proc, job(frame, task));
        try_start(s, p);
        return;
    }
    s->res->ops_run[p]++;
    s->res->compute_ns += (double)dur;
    s->res->task_mean_ns[task] += (double)dur;
    if (dur > 0) { /* a static plan's estimate is the offline one */
        s->res->est_err_sum += fabs((double)dur - s->tg->tasks[task].offline_ns) / (double)dur;
        s->res->est_err_n++;
    }
    s->task_runs[task]++;
    s->frames[frame].tasks_left--;
    produce(s, frame, task);
    frame_check_done(s, frame);
    try_start(s, p);
}

/* Release k of client a: its first stage is queued, the next release planned. */
static void on_client(hs_loop *loop, const hs_event *ev, void *ctx)
{
    sim *s = ctx;
    const hs_client *cl = &s->cfg->clients[ev->a];
    long k = (long)ev->b;
    client_stage(s, ev->a, 0, k);
    hs_loop_at(loop, hs_client_release_time(cl, k + 1), EV_CLIENT, ev->a, k + 1, 0);
}

static void on_load(hs_loop *loop, const hs_event *ev, void *ctx)
{
    hs_dynamics_on_load(&((sim *)ctx)->dyn, loop, ev);
}

static void on_bg(hs_loop *loop, const hs_event *ev, void *ctx)
{
    hs_dynamics_on_bg(&((sim *)ctx)->dyn, loop, ev);
}

static void on_gov(hs_loop *loop, const hs_event *ev, void *ctx)
{
    hs_dynamics_on_gov(&((sim *)ctx)->dyn, loop, ev);
}

static void on_deliver(hs_loop *loop, const hs_event *ev, void *ctx)
{
    (void)loop;
    sim *s = ctx;
    deliver(s, ev->a, (int)(ev->b >> ROUTE_BITS), (int)(ev->b & ((1 << ROUTE_BITS) - 1)));
}

void hs_run_result_free(hs_run_result *r)
{
    if (!r)
        return;
    free(r->arrival);
    free(r->done);
    free(r->busy_ns);
    free(r->client_busy_ns);
    free(r->mean_ghz);
    free(r->ops_run);
    free(r->task_mean_ns);
    free(r->task_src);
    free(r->task_op);
    free(r->task_proc);
    free(r->task_frac);
    memset(r, 0, sizeof *r);
}

static void sim_free(sim *s)
{
    if (s->procs)
        for (int p = 0; p < s->d->n_procs; p++)
            hs_server_free(&s->procs[p]);
    free(s->procs);
    if (s->frames)
        for (int f = 0; f < s->cfg->frames; f++)
            free(s->frames[f].deps);
    free(s->frames);
    free(s->task_runs);
    hs_taskgraph_free(s->tg);
    hs_rng_free(s->rng_arrival);
    hs_rng_free(s->rng_latency);
    hs_rng_free(s->rng_input);
    hs_dynamics_free(&s->dyn);
    hs_loop_free(&s->loop);
}

int hs_simulate(const hs_device *d, const hs_graph *g, const hs_placement *pl,
                hs_trace *const *traces, const hs_run_config *cfg, hs_run_result *out,
                hs_error *err)
{
    memset(out, 0, sizeof *out);
    hs_taskgraph *tg = hs_taskgraph_build(d, g, pl, traces, err);
    if (!tg)
        return -1;
    return hs_simulate_tasks(d, g, tg, cfg, out, err);
}

int hs_simulate_tasks(const hs_device *d, const hs_graph *g, hs_taskgraph *tg,
                      const hs_run_config *cfg, hs_run_result *out, hs_error *err)
{
    memset(out, 0, sizeof *out);
    if (cfg->frames < 1 || cfg->inflight < 1 ||
        (cfg->arrival != HS_ARRIVAL_CLOSED && !(cfg->fps > 0))) {
        hs_error_set(err, "run: expected frames >= 1, inflight >= 1 and fps > 0 for open-loop "
                          "arrivals");
        hs_taskgraph_free(tg);
        return -1;
    }
    if (cfg->frames < 1 || cfg->inflight < 1 ||
        (cfg->arrival != HS_ARRIVAL_CLOSED && !(cfg->fps > 0))) {
        hs_error_set(err, "run: expected frames >= 1, inflight >= 1 and fps > 0 for open-loop "
                          "arrivals");
        return -1;
    }
    sim s = {.d = d, .g = g, .cfg = cfg, .res = out, .tg = tg, .in_static = -1};
    hs_loop_init(&s.loop, &s);
    hs_loop_on(&s.loop, EV_ARRIVAL, on_arrival);
    hs_loop_on(&s.loop, EV_FINISH, on_finish);
    hs_loop_on(&s.loop, EV_DELIVER, on_deliver);
    hs_loop_on(&s.loop, EV_LOAD, on_load);
    hs_loop_on(&s.loop, EV_CLIENT, on_client);
    hs_loop_on(&s.loop, EV_BG, on_bg);
    hs_loop_on(&s.loop, EV_GOV, on_gov);
    hs_loop_on(&s.loop, EV_APP_CPU, on_app_cpu);
    int nt = s.tg->n_tasks;
    out->n_frames = cfg->frames;
    out->n_procs = d->n_procs;
    out->n_tasks = nt;
    out->arrival = calloc((size_t)cfg->frames, sizeof *out->arrival);
    out->done = calloc((size_t)cfg->frames, sizeof *out->done);
    out->busy_ns = calloc((size_t)d->n_procs, sizeof *out->busy_ns);
    out->client_busy_ns = calloc((size_t)d->n_procs, sizeof *out->client_busy_ns);
    out->mean_ghz = calloc((size_t)d->n_procs, sizeof *out->mean_ghz);
    out->ops_run = calloc((size_t)d->n_procs, sizeof *out->ops_run);
    out->task_mean_ns = calloc((size_t)nt, sizeof *out->task_mean_ns);
    out->task_src = calloc((size_t)nt, sizeof *out->task_src);
    out->task_op = calloc((size_t)nt, sizeof *out->task_op);
    out->task_proc = calloc((size_t)nt, sizeof *out->task_proc);
    out->task_frac = calloc((size_t)nt, sizeof *out->task_frac);
    s.task_runs = calloc((size_t)nt, sizeof *s.task_runs);
    s.procs = calloc((size_t)d->n_procs, sizeof *s.procs);
    s.frames = calloc((size_t)cfg->frames, sizeof *s.frames);
    s.rng_arrival = hs_rng_new(cfg->seed, HS_STREAM_ARRIVALS);
    s.rng_latency = hs_rng_new(cfg->seed, HS_STREAM_LATENCY);
    s.rng_input = hs_rng_new(cfg->seed, HS_STREAM_SCENARIO);
    if (!s.rng_input)
        goto oom;
    if (!out->arrival || !out->done || !out->busy_ns || !out->client_busy_ns || !out->mean_ghz ||
        !out->ops_run ||
        !out->task_mean_ns ||
        !out->task_src || !out->task_op || !out->task_proc || !out->task_frac || !s.task_runs ||
        !s.procs || !s.frames || !s.rng_arrival || !s.rng_latency)
        goto oom;
    for (int t = 0; t < nt; t++) {
        out->task_src[t] = s.tg->tasks[t].lat.src;
        out->task_op[t] = s.tg->tasks[t].op;
        out->task_proc[t] = s.tg->tasks[t].proc;
        out->task_frac[t] = s.tg->tasks[t].frac;
    }
    memcpy(out->src_count, s.tg->src_count, sizeof out->src_count);
    /* closed loop: `inflight` frames start at once, each completion admits
     * the next; open loop: each arrival schedules the next */
    int first = cfg->arrival == HS_ARRIVAL_CLOSED ? cfg->inflight : 1;
    if (first > cfg->frames)
        first = cfg->frames;
    for (int p = 0; p < d->n_procs; p++)
        hs_server_init(&s.procs[p]);
    if (hs_dynamics_start(&s.dyn, &s.loop, d, cfg, s.procs, EV_LOAD, EV_BG, EV_FINISH, EV_GOV) < 0)
        goto oom;
    for (int c = 0; c < cfg->n_clients; c++)
        hs_loop_at(&s.loop, hs_client_release_time(&cfg->clients[c], 0), EV_CLIENT, c, 0, 0);
    for (s.next_frame = 0; s.next_frame < first; s.next_frame++)
        hs_loop_at(&s.loop, 0, EV_ARRIVAL, s.next_frame, 0, 0);
    if (hs_loop_run(&s.loop) < 0 || s.oom)
        goto oom;
    if (s.frames_done < cfg->frames) {
        hs_error_set(err, "run: simulation stalled after %d of %d frames (a task never became "
                          "ready)",
                     s.frames_done, cfg->frames);
        goto fail;
    }
    out->t_start = out->arrival[0];
    out->t_end = 0;
    for (int f = 0; f < cfg->frames; f++)
        if (out->done[f] > out->t_end)
            out->t_end = out->done[f];
    for (int t = 0; t < nt; t++)
        if (s.task_runs[t])
            out->task_mean_ns[t] /= (double)s.task_runs[t];
    hs_clients_close(cfg, out, out->t_end);
    for (int k = 0; cfg->timeline && k < cfg->n_competitors; k++) {
        const hs_competitor *c = &cfg->competitors[k];
        char track[48], name[48];
        snprintf(track, sizeof track, "competitors on %s", d->procs[c->proc].name);
        snprintf(name, sizeof name, "%g x %.0f%% busy", c->count, 100 * c->duty);
        if (c->start < out->t_end)
            record(&s, track, c->start, c->stop >= 0 && c->stop < out->t_end ? c->stop : out->t_end,
                   -1, name, "competitor");
    }
    for (int p = 0; p < d->n_procs; p++)
        out->mean_ghz[p] = hs_dynamics_mean_ghz(&s.dyn, p, out->t_end);
    out->peak_temp_c = s.dyn.peak_temp_c;
    if (tg->reuse_frame || tg->reuse_layer) {
        out->quality /= cfg->frames;
        out->work_share /= cfg->frames;
    } else {
        out->quality = out->work_share = 1.0;
    }
    out->events = s.loop.dispatched;
    sim_free(&s);
    return 0;
oom:
    hs_error_set(err, "run: out of memory");
fail:
    sim_free(&s);
    hs_run_result_free(out);
    return -1;
}
