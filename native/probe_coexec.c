/* Co-execution costs of this host (probe_coexec.h). */
#include "native/probe_coexec.h"
#include "native/timing.h"

#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "config.h"
#include "native/cpu_layout.h"
#include "native/native.h"

#ifdef HAVE_OPENCL
#ifndef CL_TARGET_OPENCL_VERSION
#define CL_TARGET_OPENCL_VERSION 120
#endif
#include <CL/cl.h>
#endif

/* The NCHW -> NHWC conversion of the CPU backend, ns per byte. */
static double convert_ns_per_byte(int reps)
{
    const int64_t c = 64, h = 56, w = 56;
    size_t n = (size_t)(c * h * w);
    float *x = malloc(n * sizeof *x), *y = malloc(n * sizeof *y);
    if (!x || !y) {
        free(x);
        free(y);
        return -1;
    }
    for (size_t i = 0; i < n; i++)
        x[i] = (float)(i % 97);
    double v[64];
    if (reps > 64)
        reps = 64;
    hs_nchw_rows_to_nhwc(x, c, h, w, 0, h, y); /* warm-up */
    for (int r = 0; r < reps; r++) {
        double t0 = hs_native_now_us();
        hs_nchw_rows_to_nhwc(x, c, h, w, 0, h, y);
        v[r] = (hs_native_now_us() - t0) * 1e3 / (double)(n * sizeof *x);
    }
    free(x);
    free(y);
    return hs_native_median(v, reps, NULL);
}

#ifdef HAVE_OPENCL
/* ---- a pool shaped like the CPU backend's: workers pinned one per core,
 * polling (pause hint) 50 us for the next op, then asleep on a condition
 * variable; the caller waits the same way for the others ---- */
#define SPIN_US 50.0

typedef struct pool {
    int n; /* workers besides the caller */
    pthread_t t[64];
    int cpus[64], n_cpus;
    pthread_mutex_t mu;
    pthread_cond_t go, done;
    atomic_ulong gen;
    atomic_int remaining;
    int quit;
} pool;

static void relax(void)
{
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#elif defined(__aarch64__)
    __asm__ __volatile__("yield");
#endif
}

static int poll_for(atomic_ulong *gen, unsigned long seen, atomic_int *remaining)
{
    double t0 = hs_native_now_us();
    for (unsigned i = 0;; i++) {
        if (gen ? atomic_load(gen) != seen : atomic_load(remaining) == 0)
            return 1;
        if ((i & 255) == 255 && hs_native_now_us() - t0 > SPIN_US)
            return 0;
        relax();
    }
}

typedef struct pool_arg {
    pool *p;
    int id;
} pool_arg;

static pool_arg pool_args[64];

static void *pool_main(void *arg)
{
    pool_arg *a = arg;
    pool *p = a->p;
    if (p->n_cpus)
        hs_native_pin_thread(p->cpus[a->id % p->n_cpus]);
    unsigned long seen = 0;
    for (;;) {
        poll_for(&p->gen, seen, NULL);
        pthread_mutex_lock(&p->mu);
        while (atomic_load(&p->gen) == seen && !p->quit)
            pthread_cond_wait(&p->go, &p->mu);
        if (p->quit) {
            pthread_mutex_unlock(&p->mu);
            return NULL;
        }
        seen = atomic_load(&p->gen);
        pthread_mutex_unlock(&p->mu);
        if (atomic_fetch_sub(&p->remaining, 1) == 1) {
            pthread_mutex_lock(&p->mu);
            pthread_cond_signal(&p->done);
            pthread_mutex_unlock(&p->mu);
        }
    }
}

/* An empty op: hand it to every worker, wait for all. */
static void pool_op(pool *p)
{
    pthread_mutex_lock(&p->mu);
    atomic_store(&p->remaining, p->n);
    atomic_fetch_add(&p->gen, 1);
    pthread_cond_broadcast(&p->go);
    pthread_mutex_unlock(&p->mu);
    if (!poll_for(NULL, 0, &p->remaining)) {
        pthread_mutex_lock(&p->mu);
        while (atomic_load(&p->remaining) > 0)
            pthread_cond_wait(&p->done, &p->mu);
        pthread_mutex_unlock(&p->mu);
    }
}

static int pool_start(pool *p, int threads)
{
    memset(p, 0, sizeof *p);
    pthread_mutex_init(&p->mu, NULL);
    pthread_cond_init(&p->go, NULL);
    pthread_cond_init(&p->done, NULL);
    hs_native_topology topo;
    hs_error e;
    if (hs_native_topology_read(&topo, &e) == 0 && hs_native_cluster_pinnable(&topo, 0)) {
        p->n_cpus = topo.n_cpus[0];
        memcpy(p->cpus, topo.cpus[0], sizeof p->cpus);
    }
    int want = threads - 1 < 63 ? threads - 1 : 63;
    for (int i = 0; i < want; i++) {
        pool_args[i] = (pool_arg){p, i};
        if (pthread_create(&p->t[i], NULL, pool_main, &pool_args[i]) != 0)
            return -1;
        p->n++;
    }
    return 0;
}

static void pool_stop(pool *p)
{
    pthread_mutex_lock(&p->mu);
    p->quit = 1;
    pthread_cond_broadcast(&p->go);
    pthread_mutex_unlock(&p->mu);
    for (int i = 0; i < p->n; i++)
        pthread_join(p->t[i], NULL);
    pthread_mutex_destroy(&p->mu);
    pthread_cond_destroy(&p->go);
    pthread_cond_destroy(&p->done);
}

/* ---- the CPU driver thread of the executor: asleep on its queue's
 * condition variable until a job is pushed, then runs an op ---- */
typedef struct driver {
    pool *p;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    int job, quit, done; /* job 1: one op (the meeting), 2: two ops back to back */
    double t_end, hot_us;
} driver;

/* Pinned to the core of the last share, as the CPU backend pins its caller. */
static void *driver_main(void *arg)
{
    driver *d = arg;
    if (d->p->n_cpus)
        hs_native_pin_thread(d->p->cpus[d->p->n % d->p->n_cpus]);
    pthread_mutex_lock(&d->mu);
    for (;;) {
        while (!d->job && !d->quit)
            pthread_cond_wait(&d->cv, &d->mu);
        if (d->quit)
            break;
        int kind = d->job;
        d->job = 0;
        pthread_mutex_unlock(&d->mu);
        double t0 = 0;
        if (kind == 2) {
            pool_op(d->p);
            t0 = hs_native_now_us();
        }
        pool_op(d->p);
        double t = hs_native_now_us();
        pthread_mutex_lock(&d->mu);
        d->t_end = t;
        d->hot_us = t - t0;
        d->done = 1;
        pthread_cond_broadcast(&d->cv);
    }
    pthread_mutex_unlock(&d->mu);
    return NULL;
}

/* Push a job to the driver (as the executor's push) and wait for it. */
static void driver_do(driver *d, int kind)
{
    pthread_mutex_lock(&d->mu);
    d->job = kind;
    d->done = 0;
    pthread_cond_broadcast(&d->cv);
    while (!d->done)
        pthread_cond_wait(&d->cv, &d->mu);
    pthread_mutex_unlock(&d->mu);
}

typedef struct clx {
    cl_context ctx;
    cl_command_queue q;
    cl_program prog;
    cl_kernel burn, empty;
    cl_mem out;
    size_t global;
} clx;

static const char *src =
    "__kernel void burn(__global float *out, int iters) {\n"
    "  size_t g = get_global_id(0);\n"
    "  float a = 1.0f + g * 1e-6f, b = 2.0f - g * 1e-6f;\n"
    "  for (int i = 0; i < iters; i++) { a = a * 0.9999f + 0.0001f; b = b * 0.9998f + 0.0002f; }\n"
    "  out[g] = a + b;\n"
    "}\n"
    "__kernel void empty(__global float *out) { }\n";

static void clx_free(clx *c)
{
    if (c->out)
        clReleaseMemObject(c->out);
    if (c->burn)
        clReleaseKernel(c->burn);
    if (c->empty)
        clReleaseKernel(c->empty);
    if (c->prog)
        clReleaseProgram(c->prog);
    if (c->q)
        clReleaseCommandQueue(c->q);
    if (c->ctx)
        clReleaseContext(c->ctx);
}

static int clx_open(clx *c, int pi, int di, hs_error *err)
{
    cl_platform_id plats[16];
    cl_device_id devs[16];
    cl_uint np = 0, nd = 0;
    if (clGetPlatformIDs(16, plats, &np) != CL_SUCCESS || pi < 0 || pi >= (int)np ||
        clGetDeviceIDs(plats[pi], CL_DEVICE_TYPE_ALL, 16, devs, &nd) != CL_SUCCESS || di < 0 ||
        di >= (int)nd) {
        hs_error_set(err, "probe: co-execution costs: OpenCL platform %d device %d is gone", pi,
                     di);
        return -1;
    }
    cl_uint cu = 1;
    clGetDeviceInfo(devs[di], CL_DEVICE_MAX_COMPUTE_UNITS, sizeof cu, &cu, NULL);
    c->global = (size_t)(cu > 0 ? cu : 1) * 1024;
    cl_int e;
    c->ctx = clCreateContext(NULL, 1, &devs[di], NULL, NULL, &e);
    if (e == CL_SUCCESS)
        c->q = clCreateCommandQueue(c->ctx, devs[di], 0, &e);
    if (e == CL_SUCCESS)
        c->prog = clCreateProgramWithSource(c->ctx, 1, &src, NULL, &e);
    if (e == CL_SUCCESS)
        e = clBuildProgram(c->prog, 1, &devs[di], "", NULL, NULL);
    if (e == CL_SUCCESS)
        c->burn = clCreateKernel(c->prog, "burn", &e);
    if (e == CL_SUCCESS)
        c->empty = clCreateKernel(c->prog, "empty", &e);
    if (e == CL_SUCCESS)
        c->out = clCreateBuffer(c->ctx, CL_MEM_READ_WRITE, c->global * sizeof(float), NULL, &e);
    if (e != CL_SUCCESS) {
        hs_error_set(err, "probe: co-execution costs: OpenCL setup failed (error %d)", (int)e);
        return -1;
    }
    clSetKernelArg(c->burn, 0, sizeof c->out, &c->out);
    clSetKernelArg(c->empty, 0, sizeof c->out, &c->out);
    return 0;
}

static int empty_kernel(clx *c)
{
    size_t one = 1;
    return clEnqueueNDRangeKernel(c->q, c->empty, 1, NULL, &one, NULL, 0, NULL, NULL) ==
                   CL_SUCCESS &&
                   clFinish(c->q) == CL_SUCCESS
               ? 0
               : -1;
}

/* The burn kernel over [0, global) in `parts` enqueues, then finish; us. */
static double burn(clx *c, int iters, int parts)
{
    double t0 = hs_native_now_us();
    if (clSetKernelArg(c->burn, 1, sizeof iters, &iters) != CL_SUCCESS)
        return -1;
    size_t chunk = c->global / (size_t)parts;
    for (int k = 0; k < parts; k++) {
        size_t off = chunk * (size_t)k, n = k == parts - 1 ? c->global - off : chunk;
        if (clEnqueueNDRangeKernel(c->q, c->burn, 1, &off, &n, NULL, 0, NULL, NULL) != CL_SUCCESS)
            return -1;
    }
    if (clFinish(c->q) != CL_SUCCESS)
        return -1;
    return hs_native_now_us() - t0;
}

static int measure_cl(clx *c, int threads, int reps, hs_probe_coexec *out, hs_error *err)
{
    enum { N = 64 };
    double a[N], b[N], dd[N];
    int n = reps * 5 < N ? reps * 5 : N;
    for (int w = 0; w < 5; w++)
        if (empty_kernel(c) < 0)
            goto clfail;
    for (int r = 0; r < n; r++) {
        double t0 = hs_native_now_us();
        if (empty_kernel(c) < 0)
            goto clfail;
        a[r] = hs_native_now_us() - t0;
    }
    out->cl_empty_us = hs_native_median(a, n, NULL);
    pool p;
    driver d = {.p = &p};
    pthread_t dt;
    if (pool_start(&p, threads) < 0) {
        pool_stop(&p);
        hs_error_set(err, "probe: co-execution costs: cannot start %d threads", threads);
        return -1;
    }
    pthread_mutex_init(&d.mu, NULL);
    pthread_cond_init(&d.cv, NULL);
    if (pthread_create(&dt, NULL, driver_main, &d) != 0) {
        pool_stop(&p);
        hs_error_set(err, "probe: co-execution costs: cannot start a thread");
        return -1;
    }
    /* an op right after another, workers polling: what a recorded sample holds */
    for (int r = 0; r < n; r++) {
        driver_do(&d, 2);
        b[r] = d.hot_us;
    }
    out->op_hot_us = hs_native_median(b, n, NULL);
    /* the meeting: everyone asleep while the OpenCL part runs */
    int failed = 0;
    for (int r = 0; r < n && !failed; r++) {
        usleep(2000);
        double t0 = hs_native_now_us();
        failed = empty_kernel(c) < 0;
        driver_do(&d, 1);
        a[r] = d.t_end - t0;
    }
    pthread_mutex_lock(&d.mu);
    d.quit = 1;
    pthread_cond_broadcast(&d.cv);
    pthread_mutex_unlock(&d.mu);
    pthread_join(dt, NULL);
    pthread_mutex_destroy(&d.mu);
    pthread_cond_destroy(&d.cv);
    pool_stop(&p);
    if (failed)
        goto clfail;
    out->meet_us = hs_native_median(a, n, &out->sync_spread);
    out->sync_us = out->meet_us - out->cl_empty_us - out->op_hot_us;
    if (out->sync_us < 0)
        out->sync_us = 0;
    /* split dispatch: a kernel of about 1 ms as one enqueue and as two */
    int iters = 64;
    for (;;) {
        double t = burn(c, iters, 1);
        if (t < 0)
            goto clfail;
        if (t >= 1000 || iters > (1 << 24))
            break;
        iters *= 2;
    }
    for (int r = 0; r < n; r++) {
        double one = burn(c, iters, 1), two = burn(c, iters, 2);
        if (one < 0 || two < 0)
            goto clfail;
        a[r] = one;
        b[r] = two;
        dd[r] = two - one;
    }
    out->one_kernel_us = hs_native_median(a, n, NULL);
    out->two_kernels_us = hs_native_median(b, n, NULL);
    out->split_dispatch_us = hs_native_median(dd, n, &out->dispatch_spread);
    if (out->split_dispatch_us < 0)
        out->split_dispatch_us = 0;
    return 0;
clfail:
    hs_error_set(err, "probe: co-execution costs: an OpenCL kernel failed");
    return -1;
}
#endif

int hs_probe_coexec_measure(int cl_platform, int cl_device, int threads, double cpu_corun,
                            double cl_corun, int reps, int progress, hs_probe_coexec *out,
                            hs_error *err)
{
    memset(out, 0, sizeof *out);
    if (threads < 1 || threads > 64 || reps < 3) {
        hs_error_set(err, "probe: co-execution costs: expected 1..64 threads and at least 3 "
                          "repetitions");
        return -1;
    }
#ifdef HAVE_OPENCL
    clx c = {0};
    if (clx_open(&c, cl_platform, cl_device, err) < 0 || measure_cl(&c, threads, reps, out, err) < 0) {
        clx_free(&c);
        return -1;
    }
    clx_free(&c);
    out->convert_ns_per_byte = convert_ns_per_byte(reps * 3);
    if (out->convert_ns_per_byte < 0) {
        hs_error_set(err, "out of memory");
        return -1;
    }
    out->interf_cpu = cpu_corun > 1 ? cpu_corun : 1;
    out->interf_accel = cl_corun > 1 ? cl_corun : 1;
    out->wait_spin = 0;
    out->has = 1;
    if (progress)
        fprintf(stderr,
                "hetsim native probe: co-execution: meeting %.1f us (sync %.1f us), split "
                "dispatch %.1f us, conversion %.3f ns/byte, interference CPU %.2fx OpenCL %.2fx\n",
                out->meet_us, out->sync_us, out->split_dispatch_us, out->convert_ns_per_byte,
                out->interf_cpu, out->interf_accel);
    return 0;
#else
    (void)cl_platform, (void)cl_device, (void)cpu_corun, (void)cl_corun, (void)progress;
    (void)err;
    (void)convert_ns_per_byte;
    return 0;
#endif
}
