/* The static engine (hs_simulate, hs_simulate_tasks; engine.h): a plan's
 * task graph (taskgraph.h) instantiated per frame, the routes that carry
 * data between tasks, runtime decisions and reuse checks on the host. The
 * processors, client apps and dynamics are the device side's (devside.h);
 * this engine gives it the work of its jobs and follows up when they end. */
#include "sim/engine.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/clock.h"
#include "base/rng.h"
#include "sim/devside.h"
#include "sim/loop.h"
#include "sim/run_result.h"
#include "sim/taskgraph.h"

enum { EV_ARRIVAL = HS_DEV_EV_END, EV_DELIVER, EV_SYNCED, EV_DISPATCHED };

#define ROUTE_BITS 7 /* up to 128 routes per producer (one per processor) */

/* A job is a task of a frame; with DECISION set, the runtime scheduler's
 * decision (on the host CPU) that dispatches the task; with CHECK, the
 * host's check of how much a frame's input changed (reuse). */
#define DECISION 0x80000000u
#define CHECK 0x40000000u
/* with SPIN, a CPU spinning in a meeting (coexec wait "spin") before route
 * (low & ROUTE_MASK) >> ROUTE_BITS, low & ((1 << ROUTE_BITS) - 1) moves
 * (0x20000000 is HS_JOB_CLIENT, clients.h) */
#define SPIN 0x10000000u
#define ROUTE_MASK 0x0fffffffu

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
    hs_devside dev;
    long *task_runs;
    /* frames in flight, a ring: frame f in frames[f & (cap - 1)]; it holds
     * [oldest, arrived), the oldest unfinished frame to the last arrived,
     * and doubles when that window fills, so a run's memory follows the
     * frames in flight, not the frames simulated (issue 16) */
    frame_state *frames;
    int cap, oldest, arrived;
    int next_frame, frames_done;
    hs_rng *rng_arrival, *rng_latency, *rng_input;
    int in_static; /* input model state: static scene (1) or motion (0) */
} sim;

static frame_state *fs(const sim *s, int frame)
{
    return &s->frames[frame & (s->cap - 1)];
}

/* Room for frame `frame` in the ring (0), or -1 when out of memory. */
static int ring_admit(sim *s, int frame)
{
    if (frame - s->oldest < s->cap)
        return 0;
    int cap = 2 * s->cap;
    frame_state *nf = calloc((size_t)cap, sizeof *nf);
    if (!nf)
        return -1;
    for (int f = s->oldest; f < frame; f++)
        nf[f & (cap - 1)] = *fs(s, f);
    free(s->frames);
    s->frames = nf;
    s->cap = cap;
    return 0;
}

static int64_t job(int frame, int op)
{
    return ((int64_t)frame << 32) | (uint32_t)op;
}

/* Share of op work a layer-level reuse recomputes for task t of a frame. */
static double recompute_share(const sim *s, int t, double change)
{
    double f = change + (1.0 - change) * s->tg->depth[t];
    return f < 1.0 ? f : 1.0;
}

/* Inference work: the oldest frame first. */
static void enqueue(sim *s, int p, int64_t j)
{
    hs_devside_submit(&s->dev, p, j, j >> 32);
}

/* Work of a job starting on p (device side: hs_devside_engine.work). */
static int64_t job_work(void *ctx, int p, int64_t j)
{
    sim *s = ctx;
    /* a task runs where the plan put it */
    uint32_t low = (uint32_t)j;
    if (low & DECISION)
        return s->tg->decision_ns;
    if (low & CHECK)
        return s->tg->check_ns;
    if (low & SPIN) { /* a wait: its wall time does not scale with the clock */
        const hs_route *rt = &s->tg->prod[(low & ROUTE_MASK) >> ROUTE_BITS]
                                  .routes[low & ((1u << ROUTE_BITS) - 1)];
        return (int64_t)((double)rt->sync_ns * hs_dynamics_speed(&s->dev.dyn, p) + 0.5);
    }
    int64_t dur = hs_op_latency_next(&s->tg->tasks[low].lat, s->cfg->trace_mode, s->rng_latency);
    if (s->tg->tasks[low].scale != 1.0) /* kernels on OpenCL buffers (coexec buffer_slowdown) */
        dur = (int64_t)((double)dur * s->tg->tasks[low].scale + 0.5);
    if (s->tg->reuse_layer)
        dur = (int64_t)((double)dur * recompute_share(s, (int)low, fs(s, (int)(j >> 32))->change) +
                        0.5);
    return dur;
}

static int job_label(void *ctx, int64_t j, char *name, size_t size, const char **cat)
{
    const sim *s = ctx;
    uint32_t low = (uint32_t)j;
    if (low & CHECK) {
        snprintf(name, size, "input check (reuse)");
        *cat = "reuse";
    } else if (low & SPIN) {
        const hs_producer *P = &s->tg->prod[(low & ROUTE_MASK) >> ROUTE_BITS];
        snprintf(name, size, "%s <- %s (spin)",
                 s->d->procs[P->routes[low & ((1u << ROUTE_BITS) - 1)].dest].name,
                 s->d->procs[P->proc].name);
        *cat = "sync";
    } else if (low & DECISION) {
        snprintf(name, size, "scheduling decision");
        *cat = "decision";
    } else {
        snprintf(name, size, "%s", s->g->ops[s->tg->tasks[low].op].name);
        *cat = "op";
    }
    return (int)(j >> 32);
}

/* A task goes to its processor: an accelerator's part of a split op first
 * pays its own dispatch (flush + submit of a partial kernel). */
static void dispatch(sim *s, int frame, int task)
{
    const hs_task *tk = &s->tg->tasks[task];
    if (tk->dispatch_ns <= 0) {
        enqueue(s, tk->proc, job(frame, task));
        return;
    }
    hs_time now = s->loop.now;
    s->res->sync_ns += (double)tk->dispatch_ns;
    hs_loop_at(&s->loop, now + tk->dispatch_ns, EV_DISPATCHED, frame, task, 0);
    if (s->cfg->timeline) {
        char track[48];
        snprintf(track, sizeof track, "sync %s", s->d->procs[tk->proc].name);
        hs_devside_span(&s->dev, track, now, now + tk->dispatch_ns, frame,
                        s->g->ops[tk->op].name, "split dispatch");
    }
}

/* All inputs of a task are there: dispatch it (after a runtime decision on
 * the host when the plan makes them). */
static void task_ready(sim *s, int frame, int task)
{
    if (s->tg->decision_ns > 0)
        enqueue(s, s->d->host, job(frame, task) | DECISION);
    else
        dispatch(s, frame, task);
}

static void frame_check_done(sim *s, int frame)
{
    frame_state *f = fs(s, frame);
    if (f->finished || f->tasks_left > 0 || f->sink_left > 0)
        return;
    f->finished = 1;
    while (s->oldest < s->arrived && fs(s, s->oldest)->finished)
        s->oldest++;
    s->res->done[frame] = s->loop.now;
    free(f->deps);
    f->deps = NULL;
    s->frames_done++;
    hs_devside_span_frame(&s->dev, frame, NULL, frame, s->res->arrival[frame]);
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
    frame_state *f = fs(s, frame);
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

/* Route r of producer pr starts moving its data (after any meeting). */
static void transfer(sim *s, int frame, int pr, int r)
{
    const hs_producer *P = &s->tg->prod[pr];
    const hs_route *rt = &P->routes[r];
    hs_time now = s->loop.now;
    s->res->transfer_ns += (double)rt->cost_ns;
    s->res->transfers++;
    hs_loop_at(&s->loop, now + rt->cost_ns, EV_DELIVER, frame, ((int64_t)pr << ROUTE_BITS) | r,
               0);
    const char *what = pr < s->tg->n_tasks ? s->g->ops[s->tg->tasks[pr].op].name : "input";
    long span = hs_devside_span_transfer(&s->dev, P->proc, rt->dest, now, now + rt->cost_ns, frame,
                                         what);
    int64_t from = pr < s->tg->n_tasks ? job(frame, pr) : -1;
    if (rt->n_cons == 0)
        hs_devside_link(&s->dev, span, from, -1);
    for (int i = 0; i < rt->n_cons; i++)
        hs_devside_link(&s->dev, span, from, job(frame, rt->cons[i]));
}

/* Producer pr (a task or a graph input) has its data: send it on. */
static void produce(sim *s, int frame, int pr)
{
    const hs_producer *P = &s->tg->prod[pr];
    for (int r = 0; r < P->n_routes; r++) {
        const hs_route *rt = &P->routes[r];
        if (rt->dest == P->proc) {
            deliver(s, frame, pr, r);
        } else if (rt->sync_ns > 0) {
            /* a meeting at a split: the taker waits for the giver's
             * completion event (and its thread wakes) before the exchange */
            hs_time now = s->loop.now;
            s->res->sync_ns += (double)rt->sync_ns;
            s->res->syncs++;
            if (s->d->coexec.wait == HS_WAIT_SPIN && s->d->procs[rt->dest].kind == HS_PROC_CPU) {
                /* the taker spins: its CPU is busy for the wait */
                s->res->spin_ns += (double)rt->sync_ns;
                enqueue(s, rt->dest,
                        job(frame, 0) | SPIN | ((uint32_t)pr << ROUTE_BITS) | (uint32_t)r);
                continue;
            }
            hs_loop_at(&s->loop, now + rt->sync_ns, EV_SYNCED, frame,
                       ((int64_t)pr << ROUTE_BITS) | r, 0);
            if (s->cfg->timeline) {
                char track[48], name[80];
                snprintf(track, sizeof track, "sync %s", s->d->procs[rt->dest].name);
                snprintf(name, sizeof name, "%s <- %s", s->d->procs[rt->dest].name,
                         s->d->procs[P->proc].name);
                hs_devside_span(&s->dev, track, now, now + rt->sync_ns, frame, name, "sync");
            }
        } else {
            transfer(s, frame, pr, r);
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
    if (ring_admit(s, frame) < 0) {
        hs_loop_abort(loop);
        return;
    }
    frame_state *f = fs(s, frame);
    memset(f, 0, sizeof *f);
    s->arrived = frame + 1; /* frames arrive in order */
    const hs_taskgraph *tg = s->tg;
    s->res->arrival[frame] = loop->now;
    f->deps = malloc((size_t)tg->n_tasks * sizeof *f->deps);
    if (!f->deps) {
        hs_loop_abort(loop);
        return;
    }
    for (int t = 0; t < tg->n_tasks; t++)
        f->deps[t] = tg->tasks[t].deps;
    f->tasks_left = tg->n_tasks;
    f->sink_left = tg->n_sink;
    f->change = draw_change(s);
    /* open loop: the next arrival is independent of this frame's progress */
    if (s->cfg->arrival != HS_ARRIVAL_CLOSED && s->next_frame < s->cfg->frames)
        hs_loop_at(loop, hs_clock_add(loop->now, hs_arrival_gap_ns(s->cfg, s->rng_arrival)), EV_ARRIVAL,
                   s->next_frame++, 0, 0);
    if (tg->reuse_frame || tg->reuse_layer)
        enqueue(s, s->d->host, job(frame, 0) | CHECK); /* how much changed? */
    else
        frame_start(s, frame);
}

/* The input check of a frame is done: reuse the last result, or compute. */
static void check_done(sim *s, int frame)
{
    frame_state *f = fs(s, frame);
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
}

/* A job of this engine ended on p (device side: hs_devside_engine.done). */
static void job_done(void *ctx, int p, int64_t j, hs_time dur)
{
    sim *s = ctx;
    uint32_t low = (uint32_t)j;
    int frame = (int)(j >> 32), task = (int)(low & ~DECISION);
    if (low & SPIN) { /* the wait is over: the data moves */
        transfer(s, frame, (int)((low & ROUTE_MASK) >> ROUTE_BITS),
                 (int)(low & ((1u << ROUTE_BITS) - 1)));
        return;
    }
    if (low & CHECK) {
        check_done(s, frame);
        return;
    }
    if (low & DECISION) { /* decided: the task goes to its processor */
        s->res->decision_ns += (double)dur;
        dispatch(s, frame, task);
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
    fs(s, frame)->tasks_left--;
    produce(s, frame, task);
    frame_check_done(s, frame);
}

static void on_deliver(hs_loop *loop, const hs_event *ev, void *ctx)
{
    (void)loop;
    sim *s = ctx;
    deliver(s, ev->a, (int)(ev->b >> ROUTE_BITS), (int)(ev->b & ((1 << ROUTE_BITS) - 1)));
}

static void on_synced(hs_loop *loop, const hs_event *ev, void *ctx)
{
    (void)loop;
    transfer(ctx, ev->a, (int)(ev->b >> ROUTE_BITS), (int)(ev->b & ((1 << ROUTE_BITS) - 1)));
}

static void on_dispatched(hs_loop *loop, const hs_event *ev, void *ctx)
{
    (void)loop;
    sim *s = ctx;
    enqueue(s, s->tg->tasks[ev->b].proc, job(ev->a, (int)ev->b));
}

/* 1 when job j is a part of a split op (co-execution interference). */
static int job_split(void *ctx, int64_t j)
{
    const sim *s = ctx;
    uint32_t low = (uint32_t)j;
    return !(low & (DECISION | CHECK | SPIN)) && s->tg->tasks[low].split;
}

static void sim_free(sim *s)
{
    hs_devside_free(&s->dev);
    if (s->frames)
        for (int f = 0; f < s->cap; f++)
            free(s->frames[f].deps);
    free(s->frames);
    free(s->task_runs);
    hs_taskgraph_free(s->tg);
    hs_rng_free(s->rng_arrival);
    hs_rng_free(s->rng_latency);
    hs_rng_free(s->rng_input);
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
    if (hs_run_config_check(cfg, NULL, err) < 0) {
        hs_error_mark(err, HS_ERR_RUNTIME); /* the caller built a config it cannot run */
        hs_taskgraph_free(tg);
        return -1;
    }
    if (tg->n_producers >= (1 << (28 - ROUTE_BITS))) { /* SPIN jobs name a route in 28 bits */
        hs_error_set(err, "run: %d producers of data in the task graph, at most %d",
                     tg->n_producers, (1 << (28 - ROUTE_BITS)) - 1);
        hs_taskgraph_free(tg);
        return -1;
    }
    sim s = {.d = d, .g = g, .cfg = cfg, .res = out, .tg = tg, .in_static = -1};
    hs_loop_init(&s.loop);
    hs_loop_on(&s.loop, EV_ARRIVAL, on_arrival, &s);
    hs_loop_on(&s.loop, EV_DELIVER, on_deliver, &s);
    hs_loop_on(&s.loop, EV_SYNCED, on_synced, &s);
    hs_loop_on(&s.loop, EV_DISPATCHED, on_dispatched, &s);
    int nt = tg->n_tasks;
    s.task_runs = calloc((size_t)nt, sizeof *s.task_runs);
    /* the ring starts with room for the closed loop's frames in flight */
    for (s.cap = 4; s.cap < cfg->inflight && s.cap < (1 << 30); s.cap *= 2)
        ;
    s.frames = calloc((size_t)s.cap, sizeof *s.frames);
    s.rng_arrival = hs_rng_new(cfg->seed, HS_STREAM_ARRIVALS);
    s.rng_latency = hs_rng_new(cfg->seed, HS_STREAM_LATENCY);
    s.rng_input = hs_rng_new(cfg->seed, HS_STREAM_SCENARIO);
    if (hs_run_result_alloc(out, cfg->frames, d->n_procs, nt) < 0 || !s.task_runs || !s.frames ||
        !s.rng_arrival || !s.rng_latency || !s.rng_input)
        goto oom;
    for (int t = 0; t < nt; t++) {
        out->task_src[t] = tg->tasks[t].lat.src;
        out->task_op[t] = tg->tasks[t].op;
        out->task_proc[t] = tg->tasks[t].proc;
        out->task_frac[t] = tg->tasks[t].frac;
    }
    memcpy(out->src_count, tg->src_count, sizeof out->src_count);
    hs_devside_engine eng = {.ctx = &s, .work = job_work, .done = job_done, .label = job_label,
                             .split_part = job_split};
    if (hs_devside_start(&s.dev, d, cfg, &s.loop, out, &eng) < 0)
        goto oom;
    /* closed loop: `inflight` frames start at once, each completion admits
     * the next; open loop: each arrival schedules the next */
    int first = cfg->arrival == HS_ARRIVAL_CLOSED ? cfg->inflight : 1;
    if (first > cfg->frames)
        first = cfg->frames;
    for (s.next_frame = 0; s.next_frame < first; s.next_frame++)
        hs_loop_at(&s.loop, 0, EV_ARRIVAL, s.next_frame, 0, 0);
    int ran = hs_loop_run(&s.loop);
    if (ran == -2) {
        hs_error_set(err, "%s", s.loop.over_what);
        goto fail;
    }
    if (ran < 0)
        goto oom;
    if (s.frames_done < cfg->frames) {
        hs_error_set_runtime(err, "run: simulation stalled after %d of %d frames (a task never became "
                          "ready)",
                     s.frames_done, cfg->frames);
        goto fail;
    }
    hs_run_result_close(out, s.task_runs);
    hs_devside_close(&s.dev, out->t_end);
    if (tg->reuse_frame || tg->reuse_layer) {
        out->quality /= cfg->frames;
        out->work_share /= cfg->frames;
    } else {
        out->quality = out->work_share = 1.0;
    }
    sim_free(&s);
    return 0;
oom:
    hs_error_set_runtime(err, "run: out of memory");
fail:
    sim_free(&s);
    hs_run_result_free(out);
    return -1;
}
