/* The runtime engine (hs_simulate_streams, hs_simulate_runtime; engine.h):
 * runtime-scheduled units (runtime.h), for one model or a workload of
 * several (Band's multi-DNN setting): each stream has its own model,
 * arrivals, frame count and latency objective; their units share the
 * device's processors, which are the device side's (devside.h), as with
 * static plans (engine.c). What differs is that a unit's processor is
 * chosen when it becomes ready, so its inputs are pulled to that processor
 * after the decision. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/clock.h"
#include "base/rng.h"
#include "devices/support.h"
#include "sim/devside.h"
#include "sim/engine.h"
#include "sim/latency.h"
#include "sim/loop.h"
#include "sim/run_result.h"
#include "sim/runtime.h"

enum { EV_ARRIVAL = HS_DEV_EV_END, EV_DISPATCH, EV_SINK };

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
    hs_devside dev;          /* apps, competitors, background: those of the first stream */
    hs_run_result *dev_res;  /* device-wide figures: the first stream's result */
    rframe *frames;
    hs_time *free_at;
    int64_t decision_ns;
    hs_rng *rng_latency;
} rsim;

static int64_t rjob(int frame, int unit)
{
    return ((int64_t)frame << 32) | (uint32_t)unit;
}

static hs_rt_view view_of(const rsim *s, int frame)
{
    const rframe *f = &s->frames[frame];
    const rstream *rs = &s->streams[f->stream];
    hs_rt_view v = {s->loop.now, f->stream, f->local, rs->res->arrival[f->local],
                    rs->st->cfg.slo_ms * 1e6, s->free_at, f->ran_on};
    return v;
}

/* A unit's name on the timeline: its model and first op. */
static void unit_label(const rsim *s, int unit, char *name, size_t size)
{
    const hs_unit *u = &s->us->u[unit];
    const hs_graph *g = s->streams[s->unit_stream[unit]].st->g;
    snprintf(name, size, "%.20s %.12s%s", g->name, g->ops[u->ops[0]].name,
             u->n_ops > 1 ? "..." : "");
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
        sum = hs_clock_add(sum, t);
    }
    return sum;
}

/* Work of a job starting on p (device side: hs_devside_engine.work). */
static int64_t job_work(void *ctx, int p, int64_t j)
{
    rsim *s = ctx;
    uint32_t low = (uint32_t)j;
    return low & DECISION ? s->decision_ns : unit_duration(s, (int)low, p);
}

static int job_label(void *ctx, int64_t j, char *name, size_t size, const char **cat)
{
    const rsim *s = ctx;
    uint32_t low = (uint32_t)j;
    if (low & DECISION) {
        snprintf(name, size, "scheduling decision");
        *cat = "decision";
    } else {
        unit_label(s, (int)low, name, size);
        *cat = "op";
    }
    return (int)(j >> 32);
}

/* Data a frame's unit produced (unit < 0: the graph input) moves from
 * processor `from` to `to` for unit `consumer` (-1: the frame's output),
 * starting now; returns its time. A unit's data handed over between a CPU
 * and the co-execution accelerator first waits for their meeting
 * (coexec_costs.h): a delay here (a spinning CPU is counted in spin_ns, not
 * made busy, unlike the static engine). */
static int64_t transfer(rsim *s, int frame, int unit, int consumer, int from, int to,
                        double bytes)
{
    int64_t t = hs_device_transfer_ns(s->d, from, to, bytes);
    if (t >= HS_CLOCK_END_NS) {
        char what[48] = "the graph input";
        if (unit >= 0)
            unit_label(s, unit, what, sizeof what);
        hs_loop_over(&s->loop, "the transfer of %.6g bytes of %s from processor %s to %s takes "
                               "past the end of the simulated clock (%.6g ns, about %.0f years)",
                     bytes, what, s->d->procs[from].name, s->d->procs[to].name,
                     (double)HS_CLOCK_END_NS, HS_CLOCK_END_YEARS);
        return t;
    }
    int64_t sync = unit >= 0 ? hs_coexec_meeting_ns(s->d, from, to) : 0;
    if (sync > 0) {
        s->dev_res->sync_ns += (double)sync;
        s->dev_res->syncs++;
        if (s->d->coexec.wait == HS_WAIT_SPIN && s->d->procs[to].kind == HS_PROC_CPU)
            s->dev_res->spin_ns += (double)sync;
        if (s->dev.cfg->timeline) {
            char track[48], name[80];
            snprintf(track, sizeof track, "sync %s", s->d->procs[to].name);
            snprintf(name, sizeof name, "%s <- %s", s->d->procs[to].name, s->d->procs[from].name);
            hs_devside_span(&s->dev, track, s->loop.now, s->loop.now + sync, frame, name, "sync");
        }
    }
    if (t > 0) {
        s->dev_res->transfer_ns += (double)t;
        s->dev_res->transfers++;
        if (s->dev.cfg->timeline) {
            char what[48] = "input";
            if (unit >= 0)
                unit_label(s, unit, what, sizeof what);
            hs_time t0 = hs_clock_add(s->loop.now, sync);
            long span = hs_devside_span_transfer(&s->dev, from, to, t0, hs_clock_add(t0, t), frame,
                                                 what);
            hs_devside_link(&s->dev, span, unit >= 0 ? rjob(frame, unit) : -1,
                            consumer >= 0 ? rjob(frame, consumer) : -1);
        }
    }
    return hs_clock_add(t, sync);
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
        int64_t t = transfer(s, frame, u->pred[k], unit, f->ran_on[u->pred[k]], q,
                             u->pred_bytes[k]);
        if (t > delay)
            delay = t;
    }
    if (u->in_bytes > 0 && q != s->d->host) {
        int64_t t = transfer(s, frame, -1, unit, s->d->host, q, u->in_bytes);
        if (t > delay)
            delay = t;
    }
    hs_time start = hs_clock_add(s->loop.now, delay);
    s->free_at[q] = hs_clock_add(s->free_at[q] > start ? s->free_at[q] : start, hs_clock_ns(expect));
    f->ran_on[unit] = q;
    f->expect[unit - s->streams[f->stream].st->unit_offset] = expect;
    hs_loop_at(&s->loop, start, EV_DISPATCH, frame, unit, (uint64_t)q);
}

static void unit_ready(rsim *s, int frame, int unit)
{
    if (s->decision_ns > 0)
        hs_devside_submit(&s->dev, s->d->host, rjob(frame, unit) | DECISION,
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
    hs_devside_span_frame(&s->dev, frame, s->n_streams > 1 ? rs->st->name : NULL, f->local,
                          rs->res->arrival[f->local]);
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
        hs_loop_abort(loop);
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
        schedule_arrival(s, stream, hs_clock_add(loop->now, hs_arrival_gap_ns(c, rs->rng_arrival)));
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
    hs_devside_submit(&s->dev, p, rjob(frame, unit), prio);
}

static void on_sink(hs_loop *loop, const hs_event *ev, void *ctx)
{
    (void)loop;
    rsim *s = ctx;
    s->frames[ev->a].sink_left--;
    frame_check_done(s, ev->a);
}

/* A job of this engine ended on p (device side: hs_devside_engine.done). */
static void job_done(void *ctx, int p, int64_t j, hs_time dur)
{
    rsim *s = ctx;
    uint32_t low = (uint32_t)j;
    int frame = (int)(j >> 32), unit = (int)(low & ~DECISION);
    if (low & DECISION) {
        s->dev_res->decision_ns += (double)dur;
        decide(s, frame, unit);
        return;
    }
    const hs_unit *u = &s->us->u[unit];
    rframe *f = &s->frames[frame];
    int off = s->streams[f->stream].st->unit_offset;
    s->dev_res->ops_run[p] += u->n_ops;
    s->dev_res->compute_ns += (double)dur;
    double want = f->expect[unit - off];
    if (dur > 0) {
        s->dev_res->est_err_sum += fabs((double)dur - want) / (double)dur;
        s->dev_res->est_err_n++;
    }
    if (s->sc->observe)
        s->sc->observe(s->sc->state, unit, p, (double)dur, s->loop.now);
    f->units_left--;
    for (int k = 0; k < u->n_succ; k++)
        if (--f->deps[u->succ[k] - off] == 0)
            unit_ready(s, frame, u->succ[k]);
    if (u->out_bytes > 0) {
        int64_t t = transfer(s, frame, unit, -1, p, s->d->host, u->out_bytes);
        hs_loop_at(&s->loop, s->loop.now + t, EV_SINK, frame, 0, 0);
    }
    frame_check_done(s, frame);
}

static void rsim_free(rsim *s)
{
    hs_devside_free(&s->dev);
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
    hs_rng_free(s->rng_latency);
    hs_loop_free(&s->loop);
}

/* Stream k's latency sources, units and result; 0, or -1 when out of memory. */
/* 0, -1 out of memory, -2 with `err` set (an op that cannot be simulated). */
static int stream_setup(rsim *s, int k, const hs_stream *st, uint64_t seed, hs_run_result *out,
                        int frame_base, hs_error *err)
{
    const hs_device *d = s->d;
    const hs_units *us = s->us;
    const hs_graph *g = st->g;
    int np = d->n_procs;
    rstream *rs = &s->streams[k];
    rs->st = st;
    rs->res = out;
    rs->frame_base = frame_base;
    rs->lat = calloc((size_t)g->n_ops * np, sizeof *rs->lat);
    rs->op_runs = calloc((size_t)g->n_ops, sizeof *rs->op_runs);
    rs->rng_arrival = hs_rng_new(seed + (uint64_t)k, HS_STREAM_ARRIVALS);
    if (!rs->lat || !rs->op_runs || !rs->rng_arrival ||
        hs_run_result_alloc(out, st->cfg.frames, np, g->n_ops) < 0)
        return -1;
    for (int u = st->unit_offset; u < st->unit_offset + st->n_units; u++) {
        s->unit_stream[u] = k;
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
                                   st->traces ? st->traces[p] : NULL);
                if (hs_op_latency_check(&rs->lat[op * np + p], &g->ops[op], NULL, &d->procs[p],
                                        dt, err) < 0)
                    return -2;
            }
            out->task_op[op] = op;
            out->task_frac[op] = 1.0;
            out->task_proc[op] = d->host;
        }
    }
    return 0;
}

/* Every stream is done: close each one's result; the device-wide figures
 * (accumulated in the first) are copied into the others. */
static void close_results(rsim *s, hs_run_result *out)
{
    int np = s->d->n_procs;
    hs_time t_all = 0;
    for (int k = 0; k < s->n_streams; k++) {
        rstream *rs = &s->streams[k];
        hs_run_result *r = rs->res;
        hs_run_result_close(r, rs->op_runs);
        if (r->t_end > t_all)
            t_all = r->t_end;
        for (int op = 0; op < r->n_tasks; op++) {
            r->task_src[op] = rs->lat[op * np + r->task_proc[op]].src;
            r->src_count[r->task_src[op]]++;
        }
        r->quality = r->work_share = 1.0; /* no reuse across frames here */
    }
    hs_devside_close(&s->dev, t_all);
    for (int k = 1; k < s->n_streams; k++)
        hs_run_result_copy_device(&out[k], &out[0]);
}

int hs_simulate_streams(const hs_device *d, const hs_stream *st, int n_streams,
                        const hs_units *us, const hs_scheduler *sc, uint64_t seed,
                        hs_trace_mode mode, hs_run_result *out, hs_error *err)
{
    int np = d->n_procs;
    for (int k = 0; k < n_streams; k++)
        memset(&out[k], 0, sizeof out[k]);
    rsim s = {.d = d, .us = us, .sc = sc, .trace_mode = mode, .n_streams = n_streams,
              .dev_res = &out[0], .decision_ns = (int64_t)(d->decision_us * 1e3 + 0.5)};
    for (int k = 0; k < n_streams; k++) {
        if (hs_run_config_check(&st[k].cfg, st[k].g->name, err) < 0) {
            hs_error_mark(err, HS_ERR_RUNTIME); /* the caller built a config it cannot run */
            return -1;
        }
        s.total_frames += st[k].cfg.frames;
    }
    hs_loop_init(&s.loop);
    hs_loop_on(&s.loop, EV_ARRIVAL, on_arrival, &s);
    hs_loop_on(&s.loop, EV_DISPATCH, on_dispatch, &s);
    hs_loop_on(&s.loop, EV_SINK, on_sink, &s);
    s.streams = calloc((size_t)n_streams, sizeof *s.streams);
    s.unit_stream = malloc((size_t)(us->n ? us->n : 1) * sizeof *s.unit_stream);
    s.frames = calloc((size_t)s.total_frames, sizeof *s.frames);
    s.free_at = calloc((size_t)np, sizeof *s.free_at);
    s.rng_latency = hs_rng_new(seed, HS_STREAM_LATENCY);
    if (!s.streams || !s.unit_stream || !s.frames || !s.free_at || !s.rng_latency)
        goto oom;
    for (int k = 0, base = 0; k < n_streams; base += st[k].cfg.frames, k++) {
        int set = stream_setup(&s, k, &st[k], seed, &out[k], base, err);
        if (set == -2)
            goto fail;
        if (set < 0)
            goto oom;
    }
    hs_devside_engine eng = {.ctx = &s, .work = job_work, .done = job_done, .label = job_label,
                             .one_job_at_a_time = 1};
    if (hs_devside_start(&s.dev, d, &st[0].cfg, &s.loop, &out[0], &eng) < 0)
        goto oom;
    for (int k = 0; k < n_streams; k++) {
        int first = st[k].cfg.arrival == HS_ARRIVAL_CLOSED ? st[k].cfg.inflight : 1;
        if (first > st[k].cfg.frames)
            first = st[k].cfg.frames;
        for (int i = 0; i < first; i++)
            schedule_arrival(&s, k, 0);
    }
    int ran = hs_loop_run(&s.loop);
    if (ran == -2) {
        hs_error_set(err, "%s", s.loop.over_what);
        goto fail;
    }
    if (ran < 0)
        goto oom;
    if (s.streams_done < n_streams) {
        hs_error_set_runtime(err, "run: simulation stalled before every stream finished");
        goto fail;
    }
    close_results(&s, out);
    rsim_free(&s);
    return 0;
oom:
    hs_error_set_runtime(err, "run: out of memory");
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
