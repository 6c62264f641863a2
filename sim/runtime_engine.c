/* The event loop for runtime-scheduled units (runtime.h), for one model or
 * a workload of several (Band's multi-DNN setting): each stream has its own
 * model, arrivals, frame count and latency objective; their units share the
 * device's processors. Same clock, run queues and results as the static
 * engine (engine.c); what differs is that a unit's processor is chosen when
 * it becomes ready, so its inputs are pulled to that processor after the
 * decision. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "devices/support.h"
#include "sim/engine.h"
#include "sim/latency.h"
#include "sim/loop.h"
#include "base/rng.h"
#include "sim/run_queue.h"
#include "sim/server.h"
#include "sim/clients.h"
#include "sim/dynamics.h"
#include "sim/timeline.h"
#include "sim/runtime.h"

enum { EV_ARRIVAL = 0, EV_FINISH, EV_DISPATCH, EV_SINK, EV_LOAD, EV_CLIENT, EV_BG, EV_GOV,
       EV_APP_CPU };

#define DECISION 0x80000000u

typedef struct rframe {
    int stream, local;
    int *deps;   /* per unit of its stream (local index): producers not finished */
    int *ran_on; /* per unit (global index): processor, -1 before */
    double *expect; /* per unit of its stream (local): the scheduler's estimate */
    int units_left, sink_left, finished;
} rframe;


typedef struct rstream {
    const hs_stream *st;
    hs_run_result *res;
    hs_op_latency *lat; /* [op * n_procs + proc] */
    long *op_runs;
    int frame_base, next_frame, frames_done, n_sink_units;
    hs_rng *rng_arrival;
} rstream;

typedef struct rsim {
    const hs_device *d;
    const hs_units *us;
    const hs_scheduler *sc;
    hs_trace_mode trace_mode;
    int n_streams, streams_done, total_frames;
    rstream *streams;
    int *unit_stream;
    hs_loop loop;
    hs_server *procs;
    const hs_run_config *comp;  /* competitors, apps, background (those of the first stream) */
    hs_dynamics dyn;
    rframe *frames;
    hs_time *free_at;
    int64_t decision_ns;
    hs_rng *rng_latency;
    /* device-wide accounting, copied into every stream's result */
    double *busy_ns, *client_busy_ns, transfer_ns, compute_ns, decision_total, est_err_sum;
    long est_err_n;
    long *ops_run, transfers;
    int oom;
} rsim;

static int64_t rjob(int frame, int unit)
{
    return ((int64_t)frame << 32) | (uint32_t)unit;
}

static void try_start(rsim *s, int p);

static hs_rt_view view_of(const rsim *s, int frame)
{
    const rframe *f = &s->frames[frame];
    const rstream *rs = &s->streams[f->stream];
    hs_rt_view v = {s->loop.now, f->stream, f->local, rs->res->arrival[f->local],
                    rs->st->cfg.slo_ms * 1e6, s->free_at, f->ran_on};
    return v;
}

static void enqueue(rsim *s, int p, int64_t j, int64_t prio)
{
    if (hs_runq_push(&s->procs[p].q, prio, j) < 0) {
        s->oom = 1;
        hs_loop_stop(&s->loop);
        return;
    }
    try_start(s, p);
}

/* Execution time of a unit on p: its ops back to back, each from its source. */
static int64_t unit_duration(rsim *s, int unit, int p)
{
    const hs_unit *u = &s->us->u[unit];
    rstream *rs = &s->streams[s->unit_stream[unit]];
    int64_t sum = 0;
    for (int k = 0; k < u->n_ops; k++) {
        int op = u->ops[k];
        int64_t t = hs_op_latency_next(&rs->lat[op * s->d->n_procs + p], s->trace_mode,
                                       s->rng_latency);
        rs->res->task_mean_ns[op] += (double)t;
        rs->res->task_proc[op] = p;
        rs->op_runs[op]++;
        sum += t;
    }
    return sum;
}

static void try_start(rsim *s, int p)
{
    hs_server *ps = &s->procs[p];
    if (ps->busy || ps->q.len == 0)
        return;
    int64_t j = hs_runq_pop(&ps->q);
    uint32_t low = (uint32_t)j;
    int64_t dur;
    if (low & HS_JOB_CLIENT)
        dur = (int64_t)llround(s->comp->clients[hs_client_of(j)].work_ns[hs_client_stage(j)]);
    else
        dur = low & DECISION ? s->decision_ns : unit_duration(s, (int)low, p);
    hs_time end = hs_server_start(ps, s->loop.now, j, (double)dur);
    hs_loop_at(&s->loop, end, EV_FINISH, p, j, ps->gen);
    hs_dynamics_busy_changed(&s->dyn, &s->loop, p);
}

static void transfer(rsim *s, int64_t t)
{
    if (t > 0) {
        s->transfer_ns += (double)t;
        s->transfers++;
    }
}

/* The scheduler places a ready unit; its inputs then travel to that processor. */
static void decide(rsim *s, int frame, int unit)
{
    rframe *f = &s->frames[frame];
    const hs_unit *u = &s->us->u[unit];
    hs_rt_view v = view_of(s, frame);
    double expect = 0;
    int q = s->sc->choose(s->sc->state, &v, unit, &expect);
    if (q < 0 || q >= s->d->n_procs || q >= 64 || !(u->cand & (1ULL << q)))
        q = s->d->host; /* a scheduler bug must not crash the run: the host runs anything */
    int64_t delay = 0;
    for (int k = 0; k < u->n_pred; k++) {
        int64_t t = hs_device_transfer_ns(s->d, f->ran_on[u->pred[k]], q, u->pred_bytes[k]);
        transfer(s, t);
        if (t > delay)
            delay = t;
    }
    if (u->in_bytes > 0 && q != s->d->host) {
        int64_t t = hs_device_transfer_ns(s->d, s->d->host, q, u->in_bytes);
        transfer(s, t);
        if (t > delay)
            delay = t;
    }
    hs_time start = s->loop.now + delay;
    s->free_at[q] = (s->free_at[q] > start ? s->free_at[q] : start) + (hs_time)expect;
    f->ran_on[unit] = q;
    f->expect[unit - s->streams[f->stream].st->unit_offset] = expect;
    hs_loop_at(&s->loop, start, EV_DISPATCH, frame, unit, (uint64_t)q);
}

static void unit_ready(rsim *s, int frame, int unit)
{
    if (s->decision_ns > 0)
        enqueue(s, s->d->host, rjob(frame, unit) | DECISION,
                s->streams[s->frames[frame].stream].res->arrival[s->frames[frame].local]);
    else
        decide(s, frame, unit);
}

static void schedule_arrival(rsim *s, int stream, hs_time at)
{
    rstream *rs = &s->streams[stream];
    int g = rs->frame_base + rs->next_frame++;
    hs_loop_at(&s->loop, at, EV_ARRIVAL, g, 0, 0);
}

static void frame_check_done(rsim *s, int frame)
{
    rframe *f = &s->frames[frame];
    if (f->finished || f->units_left > 0 || f->sink_left > 0)
        return;
    rstream *rs = &s->streams[f->stream];
    f->finished = 1;
    rs->res->done[f->local] = s->loop.now;
    free(f->deps);
    free(f->ran_on);
    free(f->expect);
    f->deps = f->ran_on = NULL;
    f->expect = NULL;
    if (++rs->frames_done == rs->st->cfg.frames && ++s->streams_done == s->n_streams) {
        hs_loop_stop(&s->loop);
        return;
    }
    if (rs->st->cfg.arrival == HS_ARRIVAL_CLOSED && rs->next_frame < rs->st->cfg.frames)
        schedule_arrival(s, f->stream, s->loop.now);
}

static void on_arrival(hs_loop *loop, const hs_event *ev, void *ctx)
{
    rsim *s = ctx;
    int frame = ev->a, stream = 0;
    while (stream + 1 < s->n_streams && frame >= s->streams[stream + 1].frame_base)
        stream++;
    rstream *rs = &s->streams[stream];
    int off = rs->st->unit_offset, n = rs->st->n_units;
    rframe *f = &s->frames[frame];
    f->stream = stream;
    f->local = frame - rs->frame_base;
    rs->res->arrival[f->local] = loop->now;
    f->deps = malloc((size_t)n * sizeof *f->deps);
    f->ran_on = malloc((size_t)s->us->n * sizeof *f->ran_on);
    f->expect = calloc((size_t)n, sizeof *f->expect);
    if (!f->deps || !f->ran_on || !f->expect) {
        s->oom = 1;
        hs_loop_stop(loop);
        return;
    }
    for (int u = 0; u < s->us->n; u++)
        f->ran_on[u] = -1;
    for (int u = 0; u < n; u++)
        f->deps[u] = s->us->u[off + u].n_pred;
    f->units_left = n;
    f->sink_left = rs->n_sink_units;
    const hs_run_config *c = &rs->st->cfg;
    if (c->arrival != HS_ARRIVAL_CLOSED && rs->next_frame < c->frames)
        schedule_arrival(s, stream, loop->now + hs_arrival_gap_ns(c, rs->rng_arrival));
    for (int u = 0; u < n; u++)
        if (f->deps[u] == 0)
            unit_ready(s, frame, off + u);
}

static void on_dispatch(hs_loop *loop, const hs_event *ev, void *ctx)
{
    (void)loop;
    rsim *s = ctx;
    int frame = ev->a, unit = (int)ev->b, p = (int)ev->gen;
    const rframe *f = &s->frames[frame];
    int64_t prio = s->streams[f->stream].res->arrival[f->local];
    if (s->sc->priority) {
        hs_rt_view v = view_of(s, frame);
        prio = s->sc->priority(s->sc->state, &v, unit, p);
    }
    enqueue(s, p, rjob(frame, unit), prio);
}

static void on_sink(hs_loop *loop, const hs_event *ev, void *ctx)
{
    (void)loop;
    rsim *s = ctx;
    s->frames[ev->a].sink_left--;
    frame_check_done(s, ev->a);
}

/* Stage st of release k of client c begins (see engine.c: a CPU stage runs
 * at once beside the inference, other stages queue ahead of inference work). */
static void client_stage(rsim *s, int c, int st, long k)
{
    const hs_client *cl = &s->comp->clients[c];
    int p = cl->proc[st];
    if (s->d->procs[p].kind == HS_PROC_CPU) {
        /* foreground app threads run boosted (Android's uclamp / touch boost):
         * at the top clock, sharing a core if the inference runs */
        double t = hs_client_cpu_time(cl, st, s->procs[p].busy);
        s->client_busy_ns[p] += t;
        hs_dynamics_thread(&s->dyn, &s->loop, p, +1);
        hs_loop_at(&s->loop, s->loop.now + (hs_time)llround(t), EV_APP_CPU, p,
                   hs_client_job(c, st, k), 0);
    } else {
        /* a runtime scheduler submits unit by unit (a unit is one job
         * here): the app gets in between two units */
        enqueue(s, p, hs_client_job(c, st, k), hs_client_priority(cl, k, HS_SUBMIT_KERNEL));
    }
}

static void client_stage_done(rsim *s, int64_t j)
{
    int c = hs_client_of(j), st = hs_client_stage(j);
    if (st + 1 < s->comp->clients[c].n_stages)
        client_stage(s, c, st + 1, hs_client_release(j));
    else
        hs_client_done(s->comp, s->streams[0].res, j, s->loop.now);
}

static void on_app_cpu(hs_loop *loop, const hs_event *ev, void *ctx)
{
    rsim *s = ctx;
    hs_dynamics_thread(&s->dyn, loop, ev->a, -1);
    client_stage_done(s, ev->b);
}

/* Release k of client a: its first stage starts, the next release planned. */
static void on_client(hs_loop *loop, const hs_event *ev, void *ctx)
{
    rsim *s = ctx;
    const hs_client *cl = &s->comp->clients[ev->a];
    long k = (long)ev->b;
    client_stage(s, ev->a, 0, k);
    hs_loop_at(loop, hs_client_release_time(cl, k + 1), EV_CLIENT, ev->a, k + 1, 0);
}

static void on_load(hs_loop *loop, const hs_event *ev, void *ctx)
{
    hs_dynamics_on_load(&((rsim *)ctx)->dyn, loop, ev);
}

static void on_bg(hs_loop *loop, const hs_event *ev, void *ctx)
{
    hs_dynamics_on_bg(&((rsim *)ctx)->dyn, loop, ev);
}

static void on_gov(hs_loop *loop, const hs_event *ev, void *ctx)
{
    hs_dynamics_on_gov(&((rsim *)ctx)->dyn, loop, ev);
}

static void on_finish(hs_loop *loop, const hs_event *ev, void *ctx)
{
    rsim *s = ctx;
    int p = ev->a;
    uint32_t low = (uint32_t)ev->b;
    int frame = (int)(ev->b >> 32), unit = (int)(low & ~DECISION);
    hs_server *ps = &s->procs[p];
    if (!hs_server_current(ps, ev->gen))
        return; /* the speed changed meanwhile: a later event finishes this job */
    hs_time dur = hs_server_done(ps, loop->now);
    hs_dynamics_busy_changed(&s->dyn, loop, p);
    hs_timeline *tl = s->comp->timeline;
    if (tl) {
        char name[48];
        const char *cat = "op";
        if (low & HS_JOB_CLIENT) {
            snprintf(name, sizeof name, "%s", s->comp->clients[hs_client_of(ev->b)].name);
            cat = "app";
        } else if (low & DECISION) {
            snprintf(name, sizeof name, "scheduling decision");
            cat = "decision";
        } else {
            const hs_unit *u = &s->us->u[unit];
            const hs_graph *g = s->streams[s->unit_stream[unit]].st->g;
            snprintf(name, sizeof name, "%.20s %.12s%s", g->name, g->ops[u->ops[0]].name,
                     u->n_ops > 1 ? "..." : "");
        }
        hs_timeline_span(tl, hs_timeline_track(tl, s->d->procs[p].name), ps->started, loop->now,
                         low & HS_JOB_CLIENT ? -1 : frame, name, cat);
    }
    if (low & HS_JOB_CLIENT) { /* an app's stage: its next stage, or its frame is done */
        s->client_busy_ns[p] += (double)dur;
        client_stage_done(s, ev->b);
        try_start(s, p);
        return;
    }
    s->busy_ns[p] += (double)dur;
    if (low & DECISION) {
        s->decision_total += (double)dur;
        decide(s, frame, unit);
        try_start(s, p);
        return;
    }
    const hs_unit *u = &s->us->u[unit];
    rframe *f = &s->frames[frame];
    int off = s->streams[f->stream].st->unit_offset;
    s->ops_run[p] += u->n_ops;
    s->compute_ns += (double)dur;
    double want = f->expect[unit - off];
    if (dur > 0) {
        s->est_err_sum += fabs((double)dur - want) / (double)dur;
        s->est_err_n++;
    }
    if (s->sc->observe)
        s->sc->observe(s->sc->state, unit, p, (double)dur, loop->now);
    f->units_left--;
    for (int k = 0; k < u->n_succ; k++)
        if (--f->deps[u->succ[k] - off] == 0)
            unit_ready(s, frame, u->succ[k]);
    if (u->out_bytes > 0) {
        int64_t t = hs_device_transfer_ns(s->d, p, s->d->host, u->out_bytes);
        transfer(s, t);
        hs_loop_at(loop, loop->now + t, EV_SINK, frame, 0, 0);
    }
    frame_check_done(s, frame);
    try_start(s, p);
}

static void rsim_free(rsim *s)
{
    if (s->procs)
        for (int p = 0; p < s->d->n_procs; p++)
            hs_server_free(&s->procs[p]);
    free(s->procs);
    if (s->frames)
        for (int f = 0; f < s->total_frames; f++) {
            free(s->frames[f].deps);
            free(s->frames[f].ran_on);
            free(s->frames[f].expect);
        }
    free(s->frames);
    if (s->streams)
        for (int k = 0; k < s->n_streams; k++) {
            free(s->streams[k].lat);
            free(s->streams[k].op_runs);
            hs_rng_free(s->streams[k].rng_arrival);
        }
    free(s->streams);
    free(s->unit_stream);
    free(s->free_at);
    free(s->busy_ns);
    free(s->client_busy_ns);
    free(s->ops_run);
    hs_rng_free(s->rng_latency);
    hs_dynamics_free(&s->dyn);
    hs_loop_free(&s->loop);
}

static int alloc_result(hs_run_result *out, int frames, int np, int n_ops)
{
    memset(out, 0, sizeof *out);
    out->n_frames = frames;
    out->n_procs = np;
    out->n_tasks = n_ops;
    out->arrival = calloc((size_t)frames, sizeof *out->arrival);
    out->done = calloc((size_t)frames, sizeof *out->done);
    out->busy_ns = calloc((size_t)np, sizeof *out->busy_ns);
    out->client_busy_ns = calloc((size_t)np, sizeof *out->client_busy_ns);
    out->mean_ghz = calloc((size_t)np, sizeof *out->mean_ghz);
    out->ops_run = calloc((size_t)np, sizeof *out->ops_run);
    out->task_mean_ns = calloc((size_t)n_ops, sizeof *out->task_mean_ns);
    out->task_src = calloc((size_t)n_ops, sizeof *out->task_src);
    out->task_op = calloc((size_t)n_ops, sizeof *out->task_op);
    out->task_proc = calloc((size_t)n_ops, sizeof *out->task_proc);
    out->task_frac = calloc((size_t)n_ops, sizeof *out->task_frac);
    return out->arrival && out->done && out->busy_ns && out->client_busy_ns && out->mean_ghz &&
                   out->ops_run &&
                   out->task_mean_ns &&
                   out->task_src && out->task_op && out->task_proc && out->task_frac
               ? 0
               : -1;
}

int hs_simulate_streams(const hs_device *d, const hs_stream *st, int n_streams,
                        const hs_units *us, const hs_scheduler *sc, uint64_t seed,
                        hs_trace_mode mode, hs_run_result *out, hs_error *err)
{
    int np = d->n_procs;
    for (int k = 0; k < n_streams; k++)
        memset(&out[k], 0, sizeof out[k]);
    rsim s = {.d = d, .us = us, .sc = sc, .trace_mode = mode, .n_streams = n_streams,
              .decision_ns = (int64_t)(d->decision_us * 1e3 + 0.5)};
    hs_loop_init(&s.loop, &s);
    hs_loop_on(&s.loop, EV_ARRIVAL, on_arrival);
    hs_loop_on(&s.loop, EV_FINISH, on_finish);
    hs_loop_on(&s.loop, EV_DISPATCH, on_dispatch);
    hs_loop_on(&s.loop, EV_SINK, on_sink);
    hs_loop_on(&s.loop, EV_LOAD, on_load);
    hs_loop_on(&s.loop, EV_CLIENT, on_client);
    hs_loop_on(&s.loop, EV_BG, on_bg);
    hs_loop_on(&s.loop, EV_GOV, on_gov);
    hs_loop_on(&s.loop, EV_APP_CPU, on_app_cpu);
    for (int k = 0; k < n_streams; k++) {
        const hs_run_config *c = &st[k].cfg;
        if (c->frames < 1 || c->inflight < 1 || (c->arrival != HS_ARRIVAL_CLOSED && !(c->fps > 0))) {
            hs_error_set(err, "run: stream %s: expected frames >= 1, inflight >= 1 and fps > 0 "
                              "for open-loop arrivals",
                         st[k].g->name);
            hs_loop_free(&s.loop);
            return -1;
        }
        s.total_frames += c->frames;
    }
    s.streams = calloc((size_t)n_streams, sizeof *s.streams);
    s.unit_stream = malloc((size_t)(us->n ? us->n : 1) * sizeof *s.unit_stream);
    s.procs = calloc((size_t)np, sizeof *s.procs);
    s.frames = calloc((size_t)s.total_frames, sizeof *s.frames);
    s.free_at = calloc((size_t)np, sizeof *s.free_at);
    s.busy_ns = calloc((size_t)np, sizeof *s.busy_ns);
    s.client_busy_ns = calloc((size_t)np, sizeof *s.client_busy_ns);
    s.ops_run = calloc((size_t)np, sizeof *s.ops_run);
    s.rng_latency = hs_rng_new(seed, HS_STREAM_LATENCY);
    if (!s.streams || !s.unit_stream || !s.procs || !s.frames || !s.free_at || !s.busy_ns ||
        !s.client_busy_ns ||
        !s.ops_run || !s.rng_latency)
        goto oom;
    for (int p = 0; p < np; p++)
        hs_server_init(&s.procs[p]);
    s.comp = &st[0].cfg;
    for (int c = 0; c < s.comp->n_clients; c++)
        hs_loop_at(&s.loop, hs_client_release_time(&s.comp->clients[c], 0), EV_CLIENT, c, 0, 0);
    if (hs_dynamics_start(&s.dyn, &s.loop, d, s.comp, s.procs, EV_LOAD, EV_BG, EV_FINISH, EV_GOV) < 0)
        goto oom;
    int base = 0;
    for (int k = 0; k < n_streams; k++) {
        rstream *rs = &s.streams[k];
        const hs_graph *g = st[k].g;
        rs->st = &st[k];
        rs->res = &out[k];
        rs->frame_base = base;
        base += st[k].cfg.frames;
        rs->lat = calloc((size_t)g->n_ops * np, sizeof *rs->lat);
        rs->op_runs = calloc((size_t)g->n_ops, sizeof *rs->op_runs);
        rs->rng_arrival = hs_rng_new(seed + (uint64_t)k, HS_STREAM_ARRIVALS);
        if (!rs->lat || !rs->op_runs || !rs->rng_arrival ||
            alloc_result(rs->res, st[k].cfg.frames, np, g->n_ops) < 0)
            goto oom;
        for (int u = st[k].unit_offset; u < st[k].unit_offset + st[k].n_units; u++) {
            s.unit_stream[u] = k;
            rs->n_sink_units += us->u[u].out_bytes > 0;
            for (int j = 0; j < us->u[u].n_ops; j++) {
                int op = us->u[u].ops[j];
                for (int p = 0; p < np && p < 64; p++) {
                    if (!(us->u[u].cand & (1ULL << p)))
                        continue;
                    hs_dtype dt;
                    if (hs_exec_dtype(&d->procs[p], g->dtype, &dt) < 0)
                        dt = d->procs[p].dtypes[0];
                    hs_op_latency_init(&rs->lat[op * np + p], &d->procs[p], &g->ops[op], dt,
                                       st[k].traces ? st[k].traces[p] : NULL);
                }
                rs->res->task_op[op] = op;
                rs->res->task_frac[op] = 1.0;
                rs->res->task_proc[op] = d->host;
            }
        }
        int first = st[k].cfg.arrival == HS_ARRIVAL_CLOSED ? st[k].cfg.inflight : 1;
        if (first > st[k].cfg.frames)
            first = st[k].cfg.frames;
        for (int i = 0; i < first; i++)
            schedule_arrival(&s, k, 0);
    }
    if (hs_loop_run(&s.loop) < 0 || s.oom)
        goto oom;
    if (s.streams_done < n_streams) {
        hs_error_set(err, "run: simulation stalled before every stream finished");
        goto fail;
    }
    hs_time t_all = 0;
    for (int k = 0; k < n_streams; k++)
        for (int f = 0; f < out[k].n_frames; f++)
            if (out[k].done[f] > t_all)
                t_all = out[k].done[f];
    hs_clients_close(s.comp, &out[0], t_all);
    for (int k = 0; k < n_streams; k++) {
        rstream *rs = &s.streams[k];
        hs_run_result *r = rs->res;
        const hs_graph *g = st[k].g;
        memcpy(r->client_due, out[0].client_due, sizeof r->client_due);
        memcpy(r->client_met, out[0].client_met, sizeof r->client_met);
        r->t_start = r->arrival[0];
        for (int f = 0; f < r->n_frames; f++)
            if (r->done[f] > r->t_end)
                r->t_end = r->done[f];
        for (int op = 0; op < g->n_ops; op++) {
            if (rs->op_runs[op])
                r->task_mean_ns[op] /= (double)rs->op_runs[op];
            r->task_src[op] = rs->lat[op * np + r->task_proc[op]].src;
            r->src_count[r->task_src[op]]++;
        }
        memcpy(r->busy_ns, s.busy_ns, (size_t)np * sizeof *r->busy_ns);
        memcpy(r->client_busy_ns, s.client_busy_ns, (size_t)np * sizeof *r->client_busy_ns);
        memcpy(r->ops_run, s.ops_run, (size_t)np * sizeof *r->ops_run);
        r->transfer_ns = s.transfer_ns;
        r->transfers = s.transfers;
        r->compute_ns = s.compute_ns;
        r->decision_ns = s.decision_total;
        r->est_err_sum = s.est_err_sum;
        for (int p = 0; p < np; p++)
            r->mean_ghz[p] = hs_dynamics_mean_ghz(&s.dyn, p, t_all);
        r->peak_temp_c = s.dyn.peak_temp_c;
        r->est_err_n = s.est_err_n;
        r->events = s.loop.dispatched;
        r->quality = r->work_share = 1.0; /* no reuse across frames here */
    }
    rsim_free(&s);
    return 0;
oom:
    hs_error_set(err, "run: out of memory");
fail:
    rsim_free(&s);
    for (int k = 0; k < n_streams; k++)
        hs_run_result_free(&out[k]);
    return -1;
}

int hs_simulate_runtime(const hs_device *d, const hs_graph *g, const hs_units *us,
                        const hs_scheduler *sc, hs_trace *const *traces,
                        const hs_run_config *cfg, hs_run_result *out, hs_error *err)
{
    hs_stream one = {g->name, g, 0, us->n, *cfg, traces};
    return hs_simulate_streams(d, &one, 1, us, sc, cfg->seed, cfg->trace_mode, out, err);
}
