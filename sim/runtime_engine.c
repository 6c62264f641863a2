/* The event loop for runtime-scheduled units (runtime.h). Same clock, run
 * queues, arrivals and results as the static engine (engine.c); what
 * differs is that a unit's processor is chosen when it becomes ready, so its
 * inputs are pulled to that processor after the decision. */
#include <stdlib.h>
#include <string.h>

#include "../devices/support.h"
#include "engine.h"
#include "latency.h"
#include "loop.h"
#include "rng.h"
#include "run_queue.h"
#include "runtime.h"

enum { EV_ARRIVAL = 0, EV_FINISH, EV_DISPATCH, EV_SINK };

#define DECISION 0x80000000u

typedef struct rframe {
    int *deps;   /* per unit: producer units not finished */
    int *ran_on; /* per unit: processor, -1 before */
    int units_left, sink_left, finished;
} rframe;

typedef struct rproc {
    hs_runq q;
    int busy;
    hs_time started;
} rproc;

typedef struct rsim {
    const hs_device *d;
    const hs_graph *g;
    const hs_units *us;
    const hs_scheduler *sc;
    const hs_run_config *cfg;
    hs_run_result *res;
    hs_loop loop;
    hs_op_latency *lat; /* [op * n_procs + proc] */
    rproc *procs;
    rframe *frames;
    hs_time *free_at;
    long *op_runs;
    int n_sink_units, next_frame, frames_done, oom;
    int64_t decision_ns;
    hs_rng *rng_arrival, *rng_latency;
} rsim;

static int64_t rjob(int frame, int unit)
{
    return ((int64_t)frame << 32) | (uint32_t)unit;
}

static void try_start(rsim *s, int p);

static void enqueue(rsim *s, int p, int64_t j)
{
    if (hs_runq_push(&s->procs[p].q, (int)(j >> 32), j) < 0) {
        s->oom = 1;
        hs_loop_stop(&s->loop);
        return;
    }
    try_start(s, p);
}

/* Execution time of a unit on p: its ops back to back, each drawn from its source. */
static int64_t unit_duration(rsim *s, int unit, int p)
{
    const hs_unit *u = &s->us->u[unit];
    int64_t sum = 0;
    for (int k = 0; k < u->n_ops; k++) {
        int op = u->ops[k];
        int64_t t = hs_op_latency_next(&s->lat[op * s->d->n_procs + p], s->cfg->trace_mode,
                                       s->rng_latency);
        s->res->task_mean_ns[op] += (double)t;
        s->res->task_proc[op] = p;
        s->op_runs[op]++;
        sum += t;
    }
    return sum;
}

static void try_start(rsim *s, int p)
{
    rproc *ps = &s->procs[p];
    if (ps->busy || ps->q.len == 0)
        return;
    int64_t j = hs_runq_pop(&ps->q);
    uint32_t low = (uint32_t)j;
    int64_t dur = low & DECISION ? s->decision_ns : unit_duration(s, (int)low, p);
    ps->busy = 1;
    ps->started = s->loop.now;
    hs_loop_at(&s->loop, s->loop.now + dur, EV_FINISH, p, j, 0);
}

/* The scheduler places a ready unit; its inputs then travel to that processor. */
static void decide(rsim *s, int frame, int unit)
{
    rframe *f = &s->frames[frame];
    const hs_unit *u = &s->us->u[unit];
    hs_rt_view v = {s->loop.now, frame, s->res->arrival[frame], s->free_at, f->ran_on};
    double expect = 0;
    int q = s->sc->choose(s->sc->state, &v, unit, &expect);
    if (q < 0 || q >= s->d->n_procs || q >= 64 || !(u->cand & (1ULL << q)))
        q = s->d->host; /* a scheduler bug must not crash the run: the host runs anything */
    int64_t delay = 0;
    for (int k = 0; k < u->n_pred; k++) {
        int64_t t = hs_device_transfer_ns(s->d, f->ran_on[u->pred[k]], q, u->pred_bytes[k]);
        if (t > 0) {
            s->res->transfer_ns += (double)t;
            s->res->transfers++;
        }
        if (t > delay)
            delay = t;
    }
    if (u->in_bytes > 0 && q != s->d->host) {
        int64_t t = hs_device_transfer_ns(s->d, s->d->host, q, u->in_bytes);
        s->res->transfer_ns += (double)t;
        s->res->transfers++;
        if (t > delay)
            delay = t;
    }
    hs_time start = s->loop.now + delay;
    s->free_at[q] = (s->free_at[q] > start ? s->free_at[q] : start) + (hs_time)expect;
    f->ran_on[unit] = q;
    hs_loop_at(&s->loop, start, EV_DISPATCH, frame, unit, (uint64_t)q);
}

static void unit_ready(rsim *s, int frame, int unit)
{
    if (s->decision_ns > 0)
        enqueue(s, s->d->host, rjob(frame, unit) | DECISION);
    else
        decide(s, frame, unit);
}

static void frame_check_done(rsim *s, int frame)
{
    rframe *f = &s->frames[frame];
    if (f->finished || f->units_left > 0 || f->sink_left > 0)
        return;
    f->finished = 1;
    s->res->done[frame] = s->loop.now;
    free(f->deps);
    free(f->ran_on);
    f->deps = f->ran_on = NULL;
    if (++s->frames_done == s->cfg->frames) {
        hs_loop_stop(&s->loop);
        return;
    }
    if (s->cfg->arrival == HS_ARRIVAL_CLOSED && s->next_frame < s->cfg->frames)
        hs_loop_at(&s->loop, s->loop.now, EV_ARRIVAL, s->next_frame++, 0, 0);
}

static void on_arrival(hs_loop *loop, const hs_event *ev, void *ctx)
{
    rsim *s = ctx;
    int frame = ev->a, n = s->us->n;
    rframe *f = &s->frames[frame];
    s->res->arrival[frame] = loop->now;
    f->deps = malloc((size_t)n * sizeof *f->deps);
    f->ran_on = malloc((size_t)n * sizeof *f->ran_on);
    if (!f->deps || !f->ran_on) {
        s->oom = 1;
        hs_loop_stop(loop);
        return;
    }
    for (int u = 0; u < n; u++) {
        f->deps[u] = s->us->u[u].n_pred;
        f->ran_on[u] = -1;
    }
    f->units_left = n;
    f->sink_left = s->n_sink_units;
    if (s->cfg->arrival != HS_ARRIVAL_CLOSED && s->next_frame < s->cfg->frames) {
        double gap_s = s->cfg->arrival == HS_ARRIVAL_PERIODIC
                           ? 1.0 / s->cfg->fps
                           : hs_rng_exponential(s->rng_arrival, 1.0 / s->cfg->fps);
        hs_loop_at(loop, loop->now + (hs_time)(gap_s * 1e9 + 0.5), EV_ARRIVAL, s->next_frame++, 0,
                   0);
    }
    for (int u = 0; u < n; u++)
        if (f->deps[u] == 0)
            unit_ready(s, frame, u);
}

static void on_dispatch(hs_loop *loop, const hs_event *ev, void *ctx)
{
    (void)loop;
    rsim *s = ctx;
    enqueue(s, (int)ev->gen, rjob(ev->a, (int)ev->b));
}

static void on_sink(hs_loop *loop, const hs_event *ev, void *ctx)
{
    (void)loop;
    rsim *s = ctx;
    s->frames[ev->a].sink_left--;
    frame_check_done(s, ev->a);
}

static void on_finish(hs_loop *loop, const hs_event *ev, void *ctx)
{
    rsim *s = ctx;
    int p = ev->a;
    uint32_t low = (uint32_t)ev->b;
    int frame = (int)(ev->b >> 32), unit = (int)(low & ~DECISION);
    rproc *ps = &s->procs[p];
    hs_time dur = loop->now - ps->started;
    ps->busy = 0;
    s->res->busy_ns[p] += (double)dur;
    if (low & DECISION) {
        s->res->decision_ns += (double)dur;
        decide(s, frame, unit);
        try_start(s, p);
        return;
    }
    const hs_unit *u = &s->us->u[unit];
    rframe *f = &s->frames[frame];
    s->res->ops_run[p] += u->n_ops;
    s->res->compute_ns += (double)dur;
    if (s->sc->observe)
        s->sc->observe(s->sc->state, unit, p, (double)dur, loop->now);
    f->units_left--;
    for (int k = 0; k < u->n_succ; k++)
        if (--f->deps[u->succ[k]] == 0)
            unit_ready(s, frame, u->succ[k]);
    if (u->out_bytes > 0) {
        int64_t t = hs_device_transfer_ns(s->d, p, s->d->host, u->out_bytes);
        if (t > 0) {
            s->res->transfer_ns += (double)t;
            s->res->transfers++;
        }
        hs_loop_at(loop, loop->now + t, EV_SINK, frame, 0, 0);
    }
    frame_check_done(s, frame);
    try_start(s, p);
}

static void rsim_free(rsim *s)
{
    if (s->procs)
        for (int p = 0; p < s->d->n_procs; p++)
            hs_runq_free(&s->procs[p].q);
    free(s->procs);
    if (s->frames)
        for (int f = 0; f < s->cfg->frames; f++) {
            free(s->frames[f].deps);
            free(s->frames[f].ran_on);
        }
    free(s->frames);
    free(s->lat);
    free(s->free_at);
    free(s->op_runs);
    hs_rng_free(s->rng_arrival);
    hs_rng_free(s->rng_latency);
    hs_loop_free(&s->loop);
}

int hs_simulate_runtime(const hs_device *d, const hs_graph *g, const hs_units *us,
                        const hs_scheduler *sc, hs_trace *const *traces,
                        const hs_run_config *cfg, hs_run_result *out, hs_error *err)
{
    memset(out, 0, sizeof *out);
    if (cfg->frames < 1 || cfg->inflight < 1 ||
        (cfg->arrival != HS_ARRIVAL_CLOSED && !(cfg->fps > 0))) {
        hs_error_set(err, "run: expected frames >= 1, inflight >= 1 and fps > 0 for open-loop "
                          "arrivals");
        return -1;
    }
    int np = d->n_procs, n = g->n_ops;
    rsim s = {.d = d, .g = g, .us = us, .sc = sc, .cfg = cfg, .res = out,
              .decision_ns = (int64_t)(d->decision_us * 1e3 + 0.5)};
    hs_loop_init(&s.loop, &s);
    hs_loop_on(&s.loop, EV_ARRIVAL, on_arrival);
    hs_loop_on(&s.loop, EV_FINISH, on_finish);
    hs_loop_on(&s.loop, EV_DISPATCH, on_dispatch);
    hs_loop_on(&s.loop, EV_SINK, on_sink);
    out->n_frames = cfg->frames;
    out->n_procs = np;
    out->n_tasks = n;
    out->arrival = calloc((size_t)cfg->frames, sizeof *out->arrival);
    out->done = calloc((size_t)cfg->frames, sizeof *out->done);
    out->busy_ns = calloc((size_t)np, sizeof *out->busy_ns);
    out->ops_run = calloc((size_t)np, sizeof *out->ops_run);
    out->task_mean_ns = calloc((size_t)n, sizeof *out->task_mean_ns);
    out->task_src = calloc((size_t)n, sizeof *out->task_src);
    out->task_op = calloc((size_t)n, sizeof *out->task_op);
    out->task_proc = calloc((size_t)n, sizeof *out->task_proc);
    out->task_frac = calloc((size_t)n, sizeof *out->task_frac);
    s.lat = calloc((size_t)n * np, sizeof *s.lat);
    s.procs = calloc((size_t)np, sizeof *s.procs);
    s.frames = calloc((size_t)cfg->frames, sizeof *s.frames);
    s.free_at = calloc((size_t)np, sizeof *s.free_at);
    s.op_runs = calloc((size_t)n, sizeof *s.op_runs);
    s.rng_arrival = hs_rng_new(cfg->seed, HS_STREAM_ARRIVALS);
    s.rng_latency = hs_rng_new(cfg->seed, HS_STREAM_LATENCY);
    if (!out->arrival || !out->done || !out->busy_ns || !out->ops_run || !out->task_mean_ns ||
        !out->task_src || !out->task_op || !out->task_proc || !out->task_frac || !s.lat ||
        !s.procs || !s.frames || !s.free_at || !s.op_runs || !s.rng_arrival || !s.rng_latency)
        goto oom;
    for (int u = 0; u < us->n; u++) {
        s.n_sink_units += us->u[u].out_bytes > 0;
        for (int k = 0; k < us->u[u].n_ops; k++) {
            int op = us->u[u].ops[k];
            for (int p = 0; p < np && p < 64; p++) {
                if (!(us->u[u].cand & (1ULL << p)))
                    continue;
                hs_dtype dt;
                if (hs_exec_dtype(&d->procs[p], g->dtype, &dt) < 0)
                    dt = d->procs[p].dtypes[0];
                hs_op_latency_init(&s.lat[op * np + p], &d->procs[p], &g->ops[op], dt,
                                   traces ? traces[p] : NULL);
            }
            out->task_op[op] = op;
            out->task_frac[op] = 1.0;
            out->task_proc[op] = d->host;
        }
    }
    int first = cfg->arrival == HS_ARRIVAL_CLOSED ? cfg->inflight : 1;
    if (first > cfg->frames)
        first = cfg->frames;
    for (s.next_frame = 0; s.next_frame < first; s.next_frame++)
        hs_loop_at(&s.loop, 0, EV_ARRIVAL, s.next_frame, 0, 0);
    if (hs_loop_run(&s.loop) < 0 || s.oom)
        goto oom;
    if (s.frames_done < cfg->frames) {
        hs_error_set(err, "run: simulation stalled after %d of %d frames", s.frames_done,
                     cfg->frames);
        goto fail;
    }
    out->t_start = out->arrival[0];
    for (int f = 0; f < cfg->frames; f++)
        if (out->done[f] > out->t_end)
            out->t_end = out->done[f];
    for (int op = 0; op < n; op++) {
        if (s.op_runs[op])
            out->task_mean_ns[op] /= (double)s.op_runs[op];
        out->task_src[op] = s.lat[op * np + out->task_proc[op]].src;
        out->src_count[out->task_src[op]]++;
    }
    out->events = s.loop.dispatched;
    out->quality = out->work_share = 1.0; /* no reuse across frames here */
    rsim_free(&s);
    return 0;
oom:
    hs_error_set(err, "run: out of memory");
fail:
    rsim_free(&s);
    hs_run_result_free(out);
    return -1;
}
