/* CPU backend: a pool of worker threads pinned to one cluster's cores, the
 * thread calling run_op being the last of them for the call; each op's
 * output slice is shared out among the workers; OpenBLAS and oneDNN run
 * single-threaded inside them (the thread count is ours). Which kernel runs
 * a Conv is decided per op at bind (cpu_conv.h). */
#include "config.h"

#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "native/native_internal.h"

#ifndef HAVE_OPENBLAS
hs_native_backend *hs_native_cpu_new(const hs_native_cpu_opts *o, hs_error *err)
{
    (void)o;
    hs_error_set(err, "native CPU backend: hetsim was built without OpenBLAS (install the Debian package "
                      "libopenblas-dev and run ./configure again)");
    return NULL;
}
#else
#include <cblas.h>

#include "native/cpu_conv.h"
#include "native/cpu_gemm.h"
#include "native/cpu_kernels.h"

#define SCRATCH_ELEMS (4 << 20) /* im2col floats per worker (16 MiB) */
/* The thread that calls run_op is the last of the op's workers: pinned to
 * its core for the call (its own affinity put back before returning), it
 * computes the last share, then waits for the others. So handing an op over
 * wakes no thread when the pool's workers are polling, and the caller never
 * competes with them for a core. A worker polls (pause hint) this long for
 * the next op before it sleeps on the condition variable; so does the
 * caller for the others to finish. Polling does not yield: a yield hands the
 * core to a hog for a whole time slice. Measured on 2 cores, 2 workers, a
 * Flatten op: 57 us per op with the caller and the workers sleeping, 60 us
 * with pool workers polling (the woken caller found no free core), 31-36 us
 * when the last one to finish slept at once, 2 us this way; yielding polls
 * gave 6-9 us but 400 ms per MobileNetV2 frame next to one hog (28 ms
 * sleeping, 22 ms this way). */
#define SPIN_NS 50000

typedef struct cpu_impl {
    int n_threads, n_started;
    pthread_t *threads;
    float **scratch; /* per worker */
    int64_t scratch_elems;
    float *nhwc;     /* NHWC input of a oneDNN Conv, shared by the workers */
    int64_t nhwc_elems;
    hs_cpu_dnnl **dnnl;          /* per worker, NULL without oneDNN */
    hs_cpu_conv_kernel *kernel;  /* per op of the bound model */
    hs_cpu_pointwise_weights **pointwise; /* per op: its packed weights with the pointwise kernel, else NULL */
    int n_ops;
    pthread_barrier_t barrier;   /* the workers of one op */
    int have_barrier;
    int cpus[64], n_cpus, pinned;
    pthread_mutex_t mu;
    pthread_cond_t go, done;
    atomic_ulong gen;    /* bumped for every op */
    atomic_int remaining; /* workers still on the op */
    int quit;
    /* the job */
    hs_native_model *m;
    int op, axis;
    int64_t a, e;
} cpu_impl;

typedef struct worker_arg { cpu_impl *c; int id; } worker_arg;

static void run_share(cpu_impl *c, int id)
{
    hs_native_model *m = c->m;
    const hs_native_opinfo *f = &m->info[c->op];
    int T = c->n_threads;
    if (f->kind == HS_NK_GEMM) {
        hs_cpu_gemm(m, c->op, c->axis, c->a, c->e, id, T);
        return;
    }
    if (f->kind == HS_NK_CONV) {
        hs_cpu_worker w = {id, T, &c->barrier, c->nhwc, c->nhwc_elems, c->scratch[id], c->scratch_elems,
                           c->dnnl ? c->dnnl[id] : NULL, c->pointwise};
        hs_cpu_conv_share(m, c->op, c->kernel[c->op], c->axis, c->a, c->e, &w);
        return;
    }
    const hs_tensor *t = &m->g->tensors[m->g->ops[c->op].out[0]];
    int64_t outer, D, inner;
    hs_native_axis_split(t, c->axis, &outer, &D, &inner);
    int64_t span = (c->e - c->a) * inner, total = outer * span;
    int64_t s0 = total * id / T, s1 = total * (id + 1) / T;
    while (s0 < s1) {
        int64_t r = s0 % span, len = span - r;
        if (len > s1 - s0)
            len = s1 - s0;
        hs_cpu_elems(m, c->op, hs_slice_flat(s0, D, c->a, c->e, inner), len);
        s0 += len;
    }
}

static double now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e9 + ts.tv_nsec;
}

#if defined(__x86_64__) || defined(__i386__)
#define CPU_RELAX() __builtin_ia32_pause()
#elif defined(__aarch64__)
#define CPU_RELAX() __asm__ __volatile__("yield")
#else
#define CPU_RELAX() ((void)0)
#endif

/* Poll for at most SPIN_NS until the next op is posted (gen moves past
 * `seen`) or, with gen NULL, until no worker is left on the op: 1 when it
 * happened, 0 when the time ran out. */
static int spin(atomic_ulong *gen, unsigned long seen, atomic_int *remaining)
{
    double t0 = 0;
    for (unsigned i = 0;; i++) {
        if (gen ? atomic_load_explicit(gen, memory_order_acquire) != seen
                : atomic_load_explicit(remaining, memory_order_acquire) == 0)
            return 1;
        if ((i & 255) == 0) {
            double t = now_ns();
            if (i == 0)
                t0 = t;
            else if (t - t0 > SPIN_NS)
                return 0;
        }
        CPU_RELAX();
    }
}

static void *worker(void *p)
{
    worker_arg wa = *(worker_arg *)p;
    free(p);
    cpu_impl *c = wa.c;
    if (c->pinned) /* checked once in hs_native_cpu_new */
        hs_native_pin_thread(c->cpus[wa.id % c->n_cpus]);
#ifdef HAVE_DNNL
    hs_cpu_dnnl_thread_init();
#endif
    unsigned long seen = 0;
    for (;;) {
        spin(&c->gen, seen, NULL);
        pthread_mutex_lock(&c->mu);
        while (atomic_load(&c->gen) == seen && !c->quit)
            pthread_cond_wait(&c->go, &c->mu);
        if (c->quit) {
            pthread_mutex_unlock(&c->mu);
            break;
        }
        seen = atomic_load(&c->gen);
        pthread_mutex_unlock(&c->mu);
        run_share(c, wa.id);
        if (atomic_fetch_sub(&c->remaining, 1) == 1) {
            pthread_mutex_lock(&c->mu);
            pthread_cond_signal(&c->done);
            pthread_mutex_unlock(&c->mu);
        }
    }
    return NULL;
}

static void cpu_destroy(hs_native_backend *b)
{
    cpu_impl *c = b->impl;
    if (c) {
        pthread_mutex_lock(&c->mu);
        c->quit = 1;
        pthread_cond_broadcast(&c->go);
        pthread_mutex_unlock(&c->mu);
        for (int i = 0; i < c->n_started; i++)
            pthread_join(c->threads[i], NULL);
        if (c->scratch)
            for (int i = 0; i < c->n_threads; i++)
                free(c->scratch[i]);
        free(c->scratch);
#ifdef HAVE_DNNL
        if (c->dnnl)
            for (int i = 0; i < c->n_threads; i++)
                hs_cpu_dnnl_free(c->dnnl[i]);
#endif
        free(c->dnnl);
        if (c->pointwise)
            for (int i = 0; i < c->n_ops; i++)
                hs_cpu_pointwise_free(c->pointwise[i]);
        free(c->pointwise);
        free(c->kernel);
        free(c->nhwc);
        if (c->have_barrier)
            pthread_barrier_destroy(&c->barrier);
        free(c->threads);
        pthread_mutex_destroy(&c->mu);
        pthread_cond_destroy(&c->go);
        pthread_cond_destroy(&c->done);
        free(c);
    }
    free(b);
}

/* The CPU works on the model's host buffers; binding picks each Conv's
 * kernel, packs the weights of the pointwise ones and makes sure the
 * scratch (im2col, oneDNN parts, input columns) and the shared NHWC buffer
 * hold what every Conv needs. */
static int cpu_bind(hs_native_backend *b, hs_native_model *m, hs_error *err)
{
    cpu_impl *c = b->impl;
    int64_t need = c->scratch_elems, need_nhwc = 0;
    size_t ops = (size_t)(m->g->n_ops > 0 ? m->g->n_ops : 1);
    if (!(c->kernel = calloc(ops, sizeof *c->kernel)) || !(c->pointwise = calloc(ops, sizeof *c->pointwise)))
        goto oom;
    c->n_ops = m->g->n_ops;
    for (int i = 0; i < m->g->n_ops; i++) {
        const hs_native_opinfo *f = &m->info[i];
        if (f->kind != HS_NK_CONV)
            continue;
        c->kernel[i] = hs_cpu_conv_kernel_of(f, c->dnnl != NULL);
        if (c->kernel[i] == HS_CPU_CONV_POINTWISE && !(c->pointwise[i] = hs_cpu_pointwise_pack(f, m->weights[i])))
            goto oom;
        int64_t nh, sc;
        hs_cpu_conv_needs(f, c->kernel[i], &nh, &sc);
        need = sc > need ? sc : need;
        need_nhwc = nh > need_nhwc ? nh : need_nhwc;
    }
#ifdef HAVE_DNNL
    if (c->dnnl)
        for (int i = 0; i < c->n_threads; i++)
            if (!(c->dnnl[i] = hs_cpu_dnnl_new(m->g->n_ops, err)))
                return -1;
#endif
    if (need_nhwc > 0 && !(c->nhwc = malloc((size_t)need_nhwc * sizeof(float))))
        goto oom;
    c->nhwc_elems = need_nhwc;
    if (need == c->scratch_elems)
        return 0;
    for (int i = 0; i < c->n_threads; i++) {
        float *p = realloc(c->scratch[i], (size_t)need * sizeof(float));
        if (!p)
            goto oom;
        c->scratch[i] = p;
    }
    c->scratch_elems = need;
    return 0;
oom:
    hs_error_set(err, "native CPU backend: out of memory for the Conv scratch (%lld floats per worker, "
                      "%lld shared) or packed weights", (long long)need, (long long)need_nhwc);
    return -1;
}

static int cpu_supports(const hs_native_backend *b, const hs_op *op)
{
    (void)b;
    return hs_native_type_known(op);
}

static int cpu_run_op(hs_native_backend *b, int op, hs_split_dim dim, double lo, double hi, hs_error *err)
{
    cpu_impl *c = b->impl;
    int axis;
    int64_t a, e;
    if (hs_native_check_run(b, op, dim, lo, hi, &axis, &a, &e, err))
        return -1;
    if (a >= e)
        return 0; /* an empty slice */
    int last = c->n_threads - 1; /* the caller's share */
    cpu_set_t mine;
    int pin = c->pinned && hs_native_thread_affinity(&mine);
    if (pin)
        hs_native_pin_thread(c->cpus[last % c->n_cpus]);
#ifdef HAVE_DNNL
    int omp = hs_cpu_dnnl_thread_enter();
#endif
    pthread_mutex_lock(&c->mu);
    c->m = b->m, c->op = op, c->axis = axis, c->a = a, c->e = e;
    atomic_store(&c->remaining, last);
    atomic_fetch_add_explicit(&c->gen, 1, memory_order_release);
    pthread_cond_broadcast(&c->go);
    pthread_mutex_unlock(&c->mu);
    run_share(c, last);
    if (!spin(NULL, 0, &c->remaining)) {
        pthread_mutex_lock(&c->mu);
        while (atomic_load(&c->remaining) > 0)
            pthread_cond_wait(&c->done, &c->mu);
        pthread_mutex_unlock(&c->mu);
    }
#ifdef HAVE_DNNL
    hs_cpu_dnnl_thread_leave(omp);
#endif
    if (pin)
        hs_native_set_thread_affinity(&mine);
    return 0;
}

static int cpu_transfer(hs_native_backend *b, int tensor, hs_native_dir dir, hs_split_dim dim, double lo,
                        double hi, hs_error *err)
{
    (void)b, (void)tensor, (void)dir, (void)dim, (void)lo, (void)hi, (void)err;
    return 0; /* the CPU reads and writes the host buffers */
}

static int cpu_finish(hs_native_backend *b, hs_error *err)
{
    (void)b, (void)err;
    return 0; /* run_op returns when done */
}

static const hs_native_backend_ops cpu_ops = {cpu_bind, cpu_supports, cpu_run_op, cpu_transfer, cpu_finish,
                                              cpu_destroy};

hs_native_backend *hs_native_cpu_new(const hs_native_cpu_opts *o, hs_error *err)
{
    hs_native_topology topo;
    if (hs_native_topology_read(&topo, err))
        return NULL;
    int cluster = o ? o->cluster : 0;
    if (cluster < 0 || cluster >= topo.n_clusters) {
        hs_error_set(err, "native CPU backend: cluster %d does not exist (this host has %d cluster%s)", cluster,
                     topo.n_clusters, topo.n_clusters == 1 ? "" : "s");
        return NULL;
    }
    int threads = o && o->threads > 0 ? o->threads : topo.n_cpus[cluster];
    if (threads > 256) {
        hs_error_set(err, "native CPU backend: %d threads requested, at most 256", threads);
        return NULL;
    }
    hs_native_backend *b = calloc(1, sizeof *b);
    cpu_impl *c = calloc(1, sizeof *c);
    if (!b || !c) {
        free(b), free(c);
        hs_error_set(err, "native CPU backend: out of memory");
        return NULL;
    }
    b->ops = &cpu_ops;
    b->impl = c;
    snprintf(b->name, sizeof b->name, "cpu");
    pthread_mutex_init(&c->mu, NULL);
    pthread_cond_init(&c->go, NULL);
    pthread_cond_init(&c->done, NULL);
    c->n_cpus = topo.n_cpus[cluster];
    memcpy(c->cpus, topo.cpus[cluster], sizeof c->cpus);
    c->pinned = hs_native_cluster_pinnable(&topo, cluster);
    openblas_set_num_threads(1);
    char mhz[32] = "", dnnl[64] = "";
    if (topo.max_khz[cluster])
        snprintf(mhz, sizeof mhz, ", %.0f MHz", topo.max_khz[cluster] / 1000.0);
#ifdef HAVE_DNNL
    hs_cpu_dnnl_describe(dnnl + 2, (int)sizeof dnnl - 2);
    memcpy(dnnl, ", ", 2);
#endif
    snprintf(b->device, sizeof b->device,
             "%d pthread%s (the caller and %d worker%s) %s cluster %d (%d core%s%s), OpenBLAS %s%s", threads,
             threads == 1 ? "" : "s", threads - 1, threads == 2 ? "" : "s", c->pinned ? "pinned to" : "unpinned on",
             cluster, c->n_cpus, c->n_cpus == 1 ? "" : "s", mhz, openblas_get_config(), dnnl);
    c->n_threads = threads;
    c->threads = calloc((size_t)threads, sizeof *c->threads);
    c->scratch = calloc((size_t)threads, sizeof *c->scratch);
    c->scratch_elems = SCRATCH_ELEMS;
    if (!c->threads || !c->scratch)
        goto oom;
#ifdef HAVE_DNNL
    if (!(c->dnnl = calloc((size_t)threads, sizeof *c->dnnl)))
        goto oom;
#endif
    if (pthread_barrier_init(&c->barrier, NULL, (unsigned)threads) != 0)
        goto oom;
    c->have_barrier = 1;
    for (int i = 0; i < threads; i++) {
        c->scratch[i] = malloc(SCRATCH_ELEMS * sizeof(float));
        if (!c->scratch[i])
            goto oom;
        if (i == threads - 1)
            break; /* the last share is the caller's */
        worker_arg *wa = malloc(sizeof *wa);
        if (!wa)
            goto oom;
        wa->c = c, wa->id = i;
        c->n_started = i + 1; /* counted before it runs: destroy joins it */
        int rc = pthread_create(&c->threads[i], NULL, worker, wa);
        if (rc) {
            free(wa);
            c->n_started = i;
            cpu_destroy(b);
            hs_error_set(err, "native CPU backend: cannot start worker thread %d: %s", i, strerror(rc));
            return NULL;
        }
    }
    return b;
oom:
    cpu_destroy(b);
    hs_error_set(err, "native CPU backend: out of memory for %d workers", threads);
    return NULL;
}
#endif
