/* Native execution of a placed plan (executor.h). */
#include "native/executor.h"
#include "native/timing.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/progress.h"
#include "sim/taskgraph.h"
#include "native/hogs.h"

enum { JOB_RUN = 0, JOB_XFER, JOB_STOP };

typedef struct job {
    int kind, a, b; /* RUN: task a; XFER: producer a, route b */
} job;

struct exec;

typedef struct worker {
    int proc;
    hs_native_backend *b;
    int is_cl;
    pthread_t th;
    int started;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    job *q;
    int head, len, cap;
    struct exec *x;
    double xfer_us; /* this frame */
    long xfers;
} worker;

typedef struct exec {
    const hs_device *d;
    const hs_graph *g;
    const hs_placement *pl;
    hs_taskgraph *tg;
    worker *w;           /* per processor of d (unused entries: b == NULL) */
    atomic_int *deps;    /* per task, this frame */
    atomic_int tasks_left, sink_left;
    pthread_mutex_t mu;  /* frame completion and the first error */
    pthread_cond_t cv;
    int frame_done, failed;
    hs_error err;
    int measuring;
    double *task_sum;    /* per task, written by the task's worker only */
} exec;

static void push(worker *w, job j)
{
    pthread_mutex_lock(&w->mu);
    w->q[(w->head + w->len) % w->cap] = j; /* cap bounds the jobs of a frame */
    w->len++;
    pthread_cond_signal(&w->cv);
    pthread_mutex_unlock(&w->mu);
}

static void fail(exec *x, const hs_error *e)
{
    pthread_mutex_lock(&x->mu);
    if (!x->failed) {
        x->failed = 1;
        x->err = *e;
    }
    pthread_cond_broadcast(&x->cv);
    pthread_mutex_unlock(&x->mu);
}

static void check_done(exec *x)
{
    if (atomic_load(&x->tasks_left) == 0 && atomic_load(&x->sink_left) == 0) {
        pthread_mutex_lock(&x->mu);
        x->frame_done = 1;
        pthread_cond_broadcast(&x->cv);
        pthread_mutex_unlock(&x->mu);
    }
}

/* Route r of producer pr has delivered: consumers may be ready. */
static void deliver(exec *x, int pr, int r)
{
    const hs_route *rt = &x->tg->prod[pr].routes[r];
    for (int i = 0; i < rt->n_cons; i++) {
        int c = rt->cons[i];
        if (atomic_fetch_sub(&x->deps[c], 1) == 1)
            push(&x->w[x->tg->tasks[c].proc], (job){JOB_RUN, c, 0});
    }
    if (rt->to_sink && atomic_fetch_sub(&x->sink_left, 1) == 1)
        check_done(x);
}

/* The slice producer pr's data occupies: its op's split part, or a halo. */
static void route_slice(const exec *x, int pr, int r, hs_split_dim *dim, double *lo, double *hi)
{
    *dim = HS_SPLIT_NONE;
    *lo = 0;
    *hi = 1;
    if (pr >= x->tg->n_tasks)
        return;
    const hs_task *tk = &x->tg->tasks[pr];
    const hs_plan_op *at = &x->pl->ops[tk->op].at;
    if (at->n_parts < 2)
        return;
    *dim = at->dim;
    for (int k = 0; k < tk->part; k++)
        *lo += at->frac[k];
    *hi = *lo + at->frac[tk->part];
    const hs_route *rt = &x->tg->prod[pr].routes[r];
    const hs_op *op = &x->g->ops[tk->op];
    double full = 0;
    for (int o = 0; o < op->n_out; o++)
        full += (double)x->g->tensors[op->out[o]].elems * hs_dtype_size(tk->dtype);
    double part = (*hi - *lo) * full;
    if (at->dim == HS_SPLIT_HEIGHT && rt->n_cons > 0 && !rt->to_sink && full > 0 &&
        rt->bytes < part * (1 - 1e-6)) {
        /* only the halo rows next to the neighbouring part */
        double h = rt->bytes / full;
        int q = x->tg->tasks[rt->cons[0]].part;
        if (q > tk->part)
            *lo = *hi - h;
        else
            *hi = *lo + h;
    }
}

/* Move producer pr's data along route r (on the OpenCL worker). */
static int transfer(exec *x, worker *w, int pr, int r, hs_error *err)
{
    const hs_producer *P = &x->tg->prod[pr];
    int src = P->proc, dst = P->routes[r].dest;
    hs_split_dim dim;
    double lo, hi;
    route_slice(x, pr, r, &dim, &lo, &hi);
    int n_t, t1[8];
    if (pr >= x->tg->n_tasks) {
        n_t = 1;
        t1[0] = x->g->inputs[pr - x->tg->n_tasks];
    } else {
        const hs_op *op = &x->g->ops[x->tg->tasks[pr].op];
        n_t = op->n_out < 8 ? op->n_out : 8;
        for (int k = 0; k < n_t; k++)
            t1[k] = op->out[k];
    }
    double t0 = hs_native_now_us();
    for (int k = 0; k < n_t; k++) {
        if (x->w[src].is_cl &&
            hs_native_transfer(x->w[src].b, t1[k], HS_TO_HOST, dim, lo, hi, err) < 0)
            return -1;
        if (x->w[dst].is_cl &&
            hs_native_transfer(x->w[dst].b, t1[k], HS_TO_DEVICE, dim, lo, hi, err) < 0)
            return -1;
    }
    w->xfer_us += hs_native_now_us() - t0;
    w->xfers++;
    return 0;
}

/* Producer pr (on worker w) has its data: send it on. */
static int produce(exec *x, worker *w, int pr, hs_error *err)
{
    const hs_producer *P = &x->tg->prod[pr];
    for (int r = 0; r < P->n_routes; r++) {
        int dst = P->routes[r].dest;
        if (dst == P->proc) {
            deliver(x, pr, r);
        } else if (w && w->is_cl) { /* device -> host now, on this thread */
            if (transfer(x, w, pr, r, err) < 0)
                return -1;
            deliver(x, pr, r);
        } else { /* host -> device: the OpenCL thread moves it */
            int via = x->w[dst].is_cl ? dst : P->proc;
            push(&x->w[via], (job){JOB_XFER, pr, r});
        }
    }
    return 0;
}

static void *worker_main(void *arg)
{
    worker *w = arg;
    exec *x = w->x;
    for (;;) {
        pthread_mutex_lock(&w->mu);
        while (w->len == 0)
            pthread_cond_wait(&w->cv, &w->mu);
        job j = w->q[w->head];
        w->head = (w->head + 1) % w->cap;
        w->len--;
        pthread_mutex_unlock(&w->mu);
        if (j.kind == JOB_STOP)
            return NULL;
        hs_error err;
        if (j.kind == JOB_XFER) {
            if (transfer(x, w, j.a, j.b, &err) < 0) {
                fail(x, &err);
                continue;
            }
            deliver(x, j.a, j.b);
            continue;
        }
        const hs_task *tk = &x->tg->tasks[j.a];
        const hs_plan_op *at = &x->pl->ops[tk->op].at;
        double lo = 0;
        for (int k = 0; k < tk->part; k++)
            lo += at->frac[k];
        double hi = at->n_parts > 1 ? lo + at->frac[tk->part] : 1.0;
        double t0 = hs_native_now_us();
        if (hs_native_run_op(w->b, tk->op, at->n_parts > 1 ? at->dim : HS_SPLIT_NONE, lo, hi,
                             &err) < 0 ||
            (w->is_cl && hs_native_finish(w->b, &err) < 0)) {
            fail(x, &err);
            continue;
        }
        if (x->measuring)
            x->task_sum[j.a] += hs_native_now_us() - t0;
        if (produce(x, w, j.a, &err) < 0) {
            fail(x, &err);
            continue;
        }
        atomic_fetch_sub(&x->tasks_left, 1);
        check_done(x);
    }
}

/* One frame; its duration in us, or -1 on failure. */
static double frame(exec *x)
{
    const hs_taskgraph *tg = x->tg;
    for (int t = 0; t < tg->n_tasks; t++)
        atomic_store(&x->deps[t], tg->tasks[t].deps);
    atomic_store(&x->tasks_left, tg->n_tasks);
    atomic_store(&x->sink_left, tg->n_sink);
    x->frame_done = 0;
    double t0 = hs_native_now_us();
    for (int t = 0; t < tg->n_tasks; t++)
        if (tg->tasks[t].deps == 0)
            push(&x->w[tg->tasks[t].proc], (job){JOB_RUN, t, 0});
    hs_error err;
    for (int k = tg->n_tasks; k < tg->n_producers; k++)
        if (produce(x, NULL, k, &err) < 0) {
            fail(x, &err);
            break;
        }
    check_done(x);
    pthread_mutex_lock(&x->mu);
    while (!x->frame_done && !x->failed)
        pthread_cond_wait(&x->cv, &x->mu);
    int failed = x->failed;
    pthread_mutex_unlock(&x->mu);
    if (failed) /* let the other workers drain what they hold */
        return -1;
    return hs_native_now_us() - t0;
}

void hs_exec_result_free(hs_exec_result *r)
{
    if (!r)
        return;
    free(r->frame_us);
    free(r->task_op);
    free(r->task_proc);
    free(r->task_frac);
    free(r->task_us);
    memset(r, 0, sizeof *r);
}

int hs_native_execute(const hs_device *d, const hs_graph *g, const hs_placement *pl,
                      hs_native_backend *const *backends, const hs_exec_opts *o,
                      hs_exec_result *out, hs_error *err)
{
    memset(out, 0, sizeof *out);
    if (o->frames < 1 || o->warmup < 0) {
        hs_error_set(err, "native run: expected at least 1 frame and 0 or more warm-up frames");
        return -1;
    }
    if (pl->reuse_frame || pl->reuse_layer) {
        hs_error_set(err, "native run: the plan reuses results across frames; native mode "
                          "executes static plans only");
        return -1;
    }
    exec x = {.d = d, .g = g, .pl = pl};
    pthread_mutex_init(&x.mu, NULL);
    pthread_cond_init(&x.cv, NULL);
    int rc = -1;
    hs_hogs hogs = {0};
    int have_hogs = 0;
    if (!(x.tg = hs_taskgraph_build(d, g, pl, NULL, err)))
        goto out;
    int nt = x.tg->n_tasks, n_routes = 0;
    for (int p = 0; p < x.tg->n_producers; p++)
        n_routes += x.tg->prod[p].n_routes;
    for (int t = 0; t < nt; t++)
        if (!backends[x.tg->tasks[t].proc]) {
            hs_error_set(err, "native run: op \"%s\" is placed on processor \"%s\", which has "
                              "no native backend",
                         g->ops[x.tg->tasks[t].op].name, d->procs[x.tg->tasks[t].proc].name);
            goto out;
        }
    x.w = calloc((size_t)d->n_procs, sizeof *x.w);
    x.deps = calloc((size_t)(nt ? nt : 1), sizeof *x.deps);
    x.task_sum = calloc((size_t)(nt ? nt : 1), sizeof *x.task_sum);
    out->frame_us = calloc((size_t)o->frames, sizeof *out->frame_us);
    out->task_op = calloc((size_t)(nt ? nt : 1), sizeof *out->task_op);
    out->task_proc = calloc((size_t)(nt ? nt : 1), sizeof *out->task_proc);
    out->task_frac = calloc((size_t)(nt ? nt : 1), sizeof *out->task_frac);
    out->task_us = calloc((size_t)(nt ? nt : 1), sizeof *out->task_us);
    if (!x.w || !x.deps || !x.task_sum || !out->frame_us || !out->task_op || !out->task_proc ||
        !out->task_frac || !out->task_us) {
        hs_error_set(err, "out of memory");
        goto out;
    }
    for (int p = 0; p < d->n_procs; p++) {
        worker *w = &x.w[p];
        w->proc = p;
        w->x = &x;
        w->b = backends[p];
        if (!w->b)
            continue;
        w->is_cl = strcmp(hs_native_backend_name(w->b), "opencl") == 0;
        w->cap = nt + n_routes + 8;
        if (!(w->q = calloc((size_t)w->cap, sizeof *w->q))) {
            hs_error_set(err, "out of memory");
            goto out;
        }
        pthread_mutex_init(&w->mu, NULL);
        pthread_cond_init(&w->cv, NULL);
        if (pthread_create(&w->th, NULL, worker_main, w) != 0) {
            hs_error_set(err, "native run: cannot start the thread driving \"%s\"",
                         d->procs[p].name);
            goto out;
        }
        w->started = 1;
    }
    if (hs_hogs_start(&hogs, o->hogs, err) < 0)
        goto out;
    have_hogs = 1;
    int total = o->warmup + o->frames;
    hs_progress bar;
    hs_progress_init(&bar, stderr, "hetsim native run", !o->progress);
    for (int f = 0; f < total; f++) {
        x.measuring = f >= o->warmup;
        double us = frame(&x);
        if (us < 0) {
            *err = x.err;
            goto out;
        }
        if (x.measuring) {
            out->frame_us[f - o->warmup] = us;
            for (int p = 0; p < d->n_procs; p++) {
                out->transfer_us += x.w[p].xfer_us;
                out->transfers += (double)x.w[p].xfers;
            }
        }
        for (int p = 0; p < d->n_procs; p++) {
            x.w[p].xfer_us = 0;
            x.w[p].xfers = 0;
        }
        hs_progress_update(&bar, f + 1, total, x.measuring ? "frames" : "frames (warm-up)");
    }
    hs_progress_break(&bar);
    out->n_frames = o->frames;
    out->n_tasks = nt;
    out->transfer_us /= o->frames;
    out->transfers /= o->frames;
    for (int t = 0; t < nt; t++) {
        out->task_op[t] = x.tg->tasks[t].op;
        out->task_proc[t] = x.tg->tasks[t].proc;
        out->task_frac[t] = x.tg->tasks[t].frac;
        out->task_us[t] = x.task_sum[t] / o->frames;
    }
    rc = 0;
out:
    if (have_hogs)
        hs_hogs_stop(&hogs);
    if (x.w) {
        /* stop every thread before freeing any queue (a failed frame may
         * leave jobs queued, and a thread may still hand one on) */
        for (int p = 0; p < d->n_procs; p++)
            if (x.w[p].started)
                push(&x.w[p], (job){JOB_STOP, 0, 0});
        for (int p = 0; p < d->n_procs; p++)
            if (x.w[p].started)
                pthread_join(x.w[p].th, NULL);
        for (int p = 0; p < d->n_procs; p++) {
            if (x.w[p].q) {
                pthread_mutex_destroy(&x.w[p].mu);
                pthread_cond_destroy(&x.w[p].cv);
            }
            free(x.w[p].q);
        }
    }
    free(x.w);
    free(x.deps);
    free(x.task_sum);
    hs_taskgraph_free(x.tg);
    pthread_mutex_destroy(&x.mu);
    pthread_cond_destroy(&x.cv);
    if (rc < 0)
        hs_exec_result_free(out);
    return rc;
}
