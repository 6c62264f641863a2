#include "engine.h"

#include <stdlib.h>
#include <string.h>

#include "loop.h"
#include "rng.h"

const char *const hs_arrival_names[] = {"closed", "periodic", "poisson", NULL};

enum { EV_ARRIVAL = 0, EV_FINISH, EV_DELIVER };

#define ROUTE_BITS 7 /* up to 128 destinations per tensor (64 processors + sink) */

hs_run_config hs_run_config_default(void)
{
    hs_run_config c = {.frames = 50, .arrival = HS_ARRIVAL_CLOSED, .fps = 30.0, .seed = 1,
                       .trace_mode = HS_TRACE_REPLAY};
    return c;
}

/* One destination of a tensor: the consumers on processor `dest`, and/or
 * the frame's output sink on the host. */
typedef struct route {
    int dest;
    int64_t cost_ns;
    int n_cons;
    int *cons;
    int to_sink;
} route;

typedef struct tensor_routes {
    int src; /* processor where the tensor is produced */
    int n;
    route *r;
} tensor_routes;

typedef struct job_queue { /* FIFO ring of (frame, op) jobs */
    int64_t *buf;
    int head, len, cap;
} job_queue;

typedef struct proc_state {
    job_queue q;
    int busy;
    int64_t cur; /* job running */
    hs_time started;
} proc_state;

typedef struct frame_state {
    int *deps; /* input tensors still missing, per op */
    int ops_left, outputs_left;
    int finished;
} frame_state;

typedef struct sim {
    const hs_device *d;
    const hs_graph *g;
    const hs_placement *pl;
    const hs_run_config *cfg;
    hs_run_result *res;
    hs_loop loop;
    tensor_routes *routes; /* per tensor */
    int *deps0;            /* distinct input tensors per op */
    hs_op_latency *lat;    /* per op, on its processor */
    long *op_runs;
    proc_state *procs;
    frame_state *frames;
    int next_frame, frames_done;
    hs_rng *rng_arrival, *rng_latency;
    int oom;
} sim;

static int64_t job(int frame, int op)
{
    return ((int64_t)frame << 32) | (uint32_t)op;
}

static int q_push(job_queue *q, int64_t j)
{
    if (q->len == q->cap) {
        int nc = q->cap ? q->cap * 2 : 16;
        int64_t *nb = malloc((size_t)nc * sizeof *nb);
        if (!nb)
            return -1;
        for (int i = 0; i < q->len; i++)
            nb[i] = q->buf[(q->head + i) % q->cap];
        free(q->buf);
        q->buf = nb;
        q->cap = nc;
        q->head = 0;
    }
    q->buf[(q->head + q->len) % q->cap] = j;
    q->len++;
    return 0;
}

static int64_t q_pop(job_queue *q)
{
    int64_t j = q->buf[q->head];
    q->head = (q->head + 1) % q->cap;
    q->len--;
    return j;
}

static void try_start(sim *s, int p)
{
    proc_state *ps = &s->procs[p];
    if (ps->busy || ps->q.len == 0)
        return;
    int64_t j = q_pop(&ps->q);
    int op = (int)(uint32_t)j;
    int64_t dur = hs_op_latency_next(&s->lat[op], s->cfg->trace_mode, s->rng_latency);
    ps->busy = 1;
    ps->cur = j;
    ps->started = s->loop.now;
    hs_loop_at(&s->loop, s->loop.now + dur, EV_FINISH, p, j, 0);
}

static void op_ready(sim *s, int frame, int op)
{
    int p = s->pl->proc[op];
    if (q_push(&s->procs[p].q, job(frame, op)) < 0) {
        s->oom = 1;
        hs_loop_stop(&s->loop);
        return;
    }
    try_start(s, p);
}

static void frame_check_done(sim *s, int frame)
{
    frame_state *f = &s->frames[frame];
    if (f->finished || f->ops_left > 0 || f->outputs_left > 0)
        return;
    f->finished = 1;
    s->res->done[frame] = s->loop.now;
    free(f->deps);
    f->deps = NULL;
    s->frames_done++;
    if (s->frames_done == s->cfg->frames) {
        hs_loop_stop(&s->loop);
        return;
    }
    if (s->cfg->arrival == HS_ARRIVAL_CLOSED && s->next_frame < s->cfg->frames)
        hs_loop_at(&s->loop, s->loop.now, EV_ARRIVAL, s->next_frame++, 0, 0);
}

/* Data of tensor t (route r) has arrived at the route's processor. */
static void deliver(sim *s, int frame, int t, int r)
{
    const route *rt = &s->routes[t].r[r];
    frame_state *f = &s->frames[frame];
    for (int i = 0; i < rt->n_cons; i++) {
        int c = rt->cons[i];
        if (--f->deps[c] == 0)
            op_ready(s, frame, c);
    }
    if (rt->to_sink) {
        f->outputs_left--;
        frame_check_done(s, frame);
    }
}

/* Tensor t of a frame is produced: send it to every processor that needs it. */
static void produce(sim *s, int frame, int t)
{
    const tensor_routes *tr = &s->routes[t];
    for (int r = 0; r < tr->n; r++) {
        const route *rt = &tr->r[r];
        if (rt->dest == tr->src) {
            deliver(s, frame, t, r);
        } else {
            s->res->transfer_ns += (double)rt->cost_ns;
            s->res->transfers++;
            hs_loop_at(&s->loop, s->loop.now + rt->cost_ns, EV_DELIVER, frame,
                       ((int64_t)t << ROUTE_BITS) | r, 0);
        }
    }
}

static void on_arrival(hs_loop *loop, const hs_event *ev, void *ctx)
{
    sim *s = ctx;
    int frame = ev->a;
    frame_state *f = &s->frames[frame];
    s->res->arrival[frame] = loop->now;
    f->deps = malloc((size_t)s->g->n_ops * sizeof *f->deps);
    if (!f->deps) {
        s->oom = 1;
        hs_loop_stop(loop);
        return;
    }
    memcpy(f->deps, s->deps0, (size_t)s->g->n_ops * sizeof *f->deps);
    f->ops_left = s->g->n_ops;
    f->outputs_left = s->g->n_outputs;
    /* open loop: the next arrival is independent of this frame's progress */
    if (s->cfg->arrival != HS_ARRIVAL_CLOSED && s->next_frame < s->cfg->frames) {
        double gap_s = s->cfg->arrival == HS_ARRIVAL_PERIODIC
                           ? 1.0 / s->cfg->fps
                           : hs_rng_exponential(s->rng_arrival, 1.0 / s->cfg->fps);
        hs_loop_at(loop, loop->now + (hs_time)(gap_s * 1e9 + 0.5), EV_ARRIVAL, s->next_frame++, 0,
                   0);
    }
    for (int i = 0; i < s->g->n_ops; i++)
        if (s->deps0[i] == 0)
            op_ready(s, frame, i);
    for (int i = 0; i < s->g->n_inputs; i++)
        produce(s, frame, s->g->inputs[i]);
}

static void on_finish(hs_loop *loop, const hs_event *ev, void *ctx)
{
    sim *s = ctx;
    int p = ev->a;
    int frame = (int)(ev->b >> 32), op = (int)(uint32_t)ev->b;
    proc_state *ps = &s->procs[p];
    hs_time dur = loop->now - ps->started;
    s->res->busy_ns[p] += (double)dur;
    s->res->ops_run[p]++;
    s->res->compute_ns += (double)dur;
    s->res->op_mean_ns[op] += (double)dur;
    s->op_runs[op]++;
    ps->busy = 0;
    s->frames[frame].ops_left--;
    const hs_op *o = &s->g->ops[op];
    for (int j = 0; j < o->n_out; j++)
        produce(s, frame, o->out[j]);
    frame_check_done(s, frame);
    try_start(s, p);
}

static void on_deliver(hs_loop *loop, const hs_event *ev, void *ctx)
{
    (void)loop;
    sim *s = ctx;
    deliver(s, ev->a, (int)(ev->b >> ROUTE_BITS), (int)(ev->b & ((1 << ROUTE_BITS) - 1)));
}

/* Build, per tensor, the processors it must reach and what each costs. */
static int build_routes(sim *s)
{
    const hs_graph *g = s->g;
    s->routes = calloc((size_t)g->n_tensors, sizeof *s->routes);
    if (!s->routes)
        return -1;
    for (int t = 0; t < g->n_tensors; t++) {
        const hs_tensor *tn = &g->tensors[t];
        int src = tn->producer >= 0 ? s->pl->proc[tn->producer] : s->d->host;
        hs_dtype dt = tn->producer >= 0 ? s->pl->dtype[tn->producer] : g->dtype;
        double bytes = (double)tn->elems * hs_dtype_size(dt);
        int is_output = 0;
        for (int k = 0; k < g->n_outputs; k++)
            is_output |= g->outputs[k] == t;
        tensor_routes *tr = &s->routes[t];
        tr->src = src;
        tr->r = calloc((size_t)(tn->n_consumers + 1), sizeof *tr->r);
        if (!tr->r)
            return -1;
        for (int k = 0; k <= tn->n_consumers; k++) {
            int dest;
            if (k < tn->n_consumers)
                dest = s->pl->proc[tn->consumers[k]];
            else if (is_output)
                dest = s->d->host;
            else
                break;
            route *rt = NULL;
            for (int r = 0; r < tr->n; r++)
                if (tr->r[r].dest == dest)
                    rt = &tr->r[r];
            if (!rt) {
                rt = &tr->r[tr->n++];
                rt->dest = dest;
                rt->cost_ns = hs_device_transfer_ns(s->d, src, dest, bytes);
                rt->cons = calloc((size_t)(tn->n_consumers ? tn->n_consumers : 1), sizeof(int));
                if (!rt->cons)
                    return -1;
            }
            if (k < tn->n_consumers)
                rt->cons[rt->n_cons++] = tn->consumers[k];
            else
                rt->to_sink = 1;
        }
    }
    return 0;
}

void hs_run_result_free(hs_run_result *r)
{
    if (!r)
        return;
    free(r->arrival);
    free(r->done);
    free(r->busy_ns);
    free(r->ops_run);
    free(r->op_mean_ns);
    free(r->op_src);
    memset(r, 0, sizeof *r);
}

static void sim_free(sim *s)
{
    if (s->routes)
        for (int t = 0; t < s->g->n_tensors; t++) {
            for (int r = 0; r < s->routes[t].n; r++)
                free(s->routes[t].r[r].cons);
            free(s->routes[t].r);
        }
    free(s->routes);
    if (s->procs)
        for (int p = 0; p < s->d->n_procs; p++)
            free(s->procs[p].q.buf);
    free(s->procs);
    if (s->frames)
        for (int f = 0; f < s->cfg->frames; f++)
            free(s->frames[f].deps);
    free(s->frames);
    free(s->deps0);
    free(s->lat);
    free(s->op_runs);
    hs_rng_free(s->rng_arrival);
    hs_rng_free(s->rng_latency);
    hs_loop_free(&s->loop);
}

int hs_simulate(const hs_device *d, const hs_graph *g, const hs_placement *pl,
                hs_trace *const *traces, const hs_run_config *cfg, hs_run_result *out,
                hs_error *err)
{
    memset(out, 0, sizeof *out);
    if (cfg->frames < 1 || (cfg->arrival != HS_ARRIVAL_CLOSED && !(cfg->fps > 0))) {
        hs_error_set(err, "run: expected frames >= 1 and fps > 0 for open-loop arrivals");
        return -1;
    }
    sim s = {.d = d, .g = g, .pl = pl, .cfg = cfg, .res = out};
    hs_loop_init(&s.loop, &s);
    hs_loop_on(&s.loop, EV_ARRIVAL, on_arrival);
    hs_loop_on(&s.loop, EV_FINISH, on_finish);
    hs_loop_on(&s.loop, EV_DELIVER, on_deliver);
    out->n_frames = cfg->frames;
    out->n_procs = d->n_procs;
    out->n_ops = g->n_ops;
    out->arrival = calloc((size_t)cfg->frames, sizeof *out->arrival);
    out->done = calloc((size_t)cfg->frames, sizeof *out->done);
    out->busy_ns = calloc((size_t)d->n_procs, sizeof *out->busy_ns);
    out->ops_run = calloc((size_t)d->n_procs, sizeof *out->ops_run);
    out->op_mean_ns = calloc((size_t)g->n_ops, sizeof *out->op_mean_ns);
    out->op_src = calloc((size_t)g->n_ops, sizeof *out->op_src);
    s.deps0 = calloc((size_t)g->n_ops, sizeof *s.deps0);
    s.lat = calloc((size_t)g->n_ops, sizeof *s.lat);
    s.op_runs = calloc((size_t)g->n_ops, sizeof *s.op_runs);
    s.procs = calloc((size_t)d->n_procs, sizeof *s.procs);
    s.frames = calloc((size_t)cfg->frames, sizeof *s.frames);
    s.rng_arrival = hs_rng_new(cfg->seed, HS_STREAM_ARRIVALS);
    s.rng_latency = hs_rng_new(cfg->seed, HS_STREAM_LATENCY);
    if (!out->arrival || !out->done || !out->busy_ns || !out->ops_run || !out->op_mean_ns ||
        !out->op_src || !s.deps0 || !s.lat || !s.op_runs || !s.procs || !s.frames ||
        !s.rng_arrival || !s.rng_latency || build_routes(&s) < 0)
        goto oom;
    for (int i = 0; i < g->n_ops; i++) {
        const hs_op *op = &g->ops[i];
        int p = pl->proc[i];
        for (int j = 0; j < op->n_in; j++) {
            int dup = 0;
            for (int k = 0; k < j; k++)
                dup |= op->in[k] == op->in[j];
            s.deps0[i] += !dup;
        }
        hs_op_latency_init(&s.lat[i], &d->procs[p], op, pl->dtype[i], traces ? traces[p] : NULL);
        out->op_src[i] = s.lat[i].src;
        out->src_count[s.lat[i].src]++;
    }
    s.next_frame = 1;
    hs_loop_at(&s.loop, 0, EV_ARRIVAL, 0, 0, 0);
    if (hs_loop_run(&s.loop) < 0 || s.oom)
        goto oom;
    if (s.frames_done < cfg->frames) {
        hs_error_set(err, "run: simulation stalled after %d of %d frames (a processor never "
                          "finished)",
                     s.frames_done, cfg->frames);
        goto fail;
    }
    out->t_start = out->arrival[0];
    out->t_end = 0;
    for (int f = 0; f < cfg->frames; f++)
        if (out->done[f] > out->t_end)
            out->t_end = out->done[f];
    for (int i = 0; i < g->n_ops; i++)
        if (s.op_runs[i])
            out->op_mean_ns[i] /= (double)s.op_runs[i];
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
