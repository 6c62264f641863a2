/* Host profile measurement (host_probe.h). */
#include "native/host_probe.h"
#include "native/timing.h"

#include <gsl/gsl_fit.h>
#include <sched.h>
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "config.h"
#include "devices/contention.h"
#include "native/forkjoin.h"
#include "native/hogs.h"
#include "native/native.h"

#ifdef HAVE_OPENCL
#ifndef CL_TARGET_OPENCL_VERSION
#define CL_TARGET_OPENCL_VERSION 120
#endif
#include <CL/cl.h>
#endif

hs_host_probe_opts hs_host_probe_defaults(void)
{
    hs_host_probe_opts o = {.cl_platform = -1, .cl_device = -1, .use_cl = 1, .threads = 0,
                            .max_hogs = 3, .reps = 7, .work_ms = 20.0, .progress = 0};
    return o;
}

static void progress(const hs_host_probe_opts *o, const char *fmt, const char *what, double v)
{
    if (o->progress) {
        fprintf(stderr, "%s: ", o->who ? o->who : "hetsim native probe");
        fprintf(stderr, fmt, what, v);
        fputc('\n', stderr);
    }
}

double hs_probe_table_inverse(const double *points, int n, double s)
{
    if (n < 2 || s <= 1.0)
        return 0;
    hs_contention c = {.model = HS_CONT_MEASURED, .n_points = n};
    for (int k = 0; k < n; k++) /* a noisy table made monotone */
        c.points[k] = k && points[k] < c.points[k - 1] ? c.points[k - 1] : points[k];
    double lo = 0, hi = 64;
    if (hs_contention_slowdown(&c, 1, hi, 1) < s)
        return hi;
    for (int it = 0; it < 60; it++) {
        double mid = 0.5 * (lo + hi);
        if (hs_contention_slowdown(&c, 1, mid, 1) < s)
            lo = mid;
        else
            hi = mid;
    }
    return 0.5 * (lo + hi);
}

/* ---- the CPU workload (forkjoin.h): CPU_ROUNDS steps. A step lasts about
 * a typical op (1 ms of the calibrated run): much shorter steps wait for
 * whole scheduler time slices behind a hog, much longer ones let the OS
 * balance. ---- */
#define CPU_ROUNDS 16

static double flops_of(long iters, int threads)
{
    return 16.0 * (double)iters * threads; /* 8 accumulators, multiply + add */
}

typedef double (*run_fn)(void *ctx);

/* The contention table of a workload: per repetition, one run with 0, 1,
 * ..., max hogs in turn; slowdown[k] = median over repetitions of the
 * paired ratio run(k) / run(0), so a background load that drifts during
 * the measurement cancels out. *base: median run alone (us). */
static int hog_table(run_fn fn, void *ctx, int reps, int max_hogs, double *slowdown,
                     double *base, double *spread, hs_error *err)
{
    double alone[64], ratio[HS_PROBE_MAX_HOGS + 1][64];
    if (reps > 64)
        reps = 64;
    for (int r = 0; r < reps; r++)
        for (int k = 0; k <= max_hogs; k++) {
            hs_hogs h;
            if (hs_hogs_start(&h, k, err) < 0)
                return -1;
            double t = fn(ctx);
            hs_hogs_stop(&h);
            if (t < 0) {
                hs_error_set(err, "probe: the workload failed");
                return -1;
            }
            if (k == 0)
                alone[r] = t;
            ratio[k][r] = t / alone[r];
        }
    *spread = 0;
    for (int k = 0; k <= max_hogs; k++) {
        double sp;
        slowdown[k] = hs_native_median_rel(ratio[k], reps, &sp);
        if (k > 0 && sp > *spread)
            *spread = sp;
    }
    slowdown[0] = 1.0;
    double sp0;
    *base = hs_native_median_rel(alone, reps, &sp0);
    if (sp0 > *spread)
        *spread = sp0;
    return 0;
}

typedef struct cpu_ctx {
    hs_forkjoin w;
    int threads;
} cpu_ctx;

static double cpu_fn(void *ctx)
{
    cpu_ctx *c = ctx;
    return hs_forkjoin_run(&c->w, c->threads);
}

/* ---- a task handed to another thread and back (condition variables) ---- */
typedef struct pingpong {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    int turn, rounds;
} pingpong;

static void *pong_main(void *arg)
{
    pingpong *p = arg;
    pthread_mutex_lock(&p->mu);
    for (int r = 0; r < p->rounds; r++) {
        while (p->turn != 1)
            pthread_cond_wait(&p->cv, &p->mu);
        p->turn = 0;
        pthread_cond_broadcast(&p->cv);
    }
    pthread_mutex_unlock(&p->mu);
    return NULL;
}

static double handoff_us(int rounds)
{
    pingpong p = {.turn = 0, .rounds = rounds};
    pthread_mutex_init(&p.mu, NULL);
    pthread_cond_init(&p.cv, NULL);
    pthread_t t;
    if (pthread_create(&t, NULL, pong_main, &p) != 0)
        return -1;
    double t0 = hs_native_now_us();
    pthread_mutex_lock(&p.mu);
    for (int r = 0; r < rounds; r++) {
        p.turn = 1;
        pthread_cond_broadcast(&p.cv);
        while (p.turn != 0)
            pthread_cond_wait(&p.cv, &p.mu);
    }
    pthread_mutex_unlock(&p.mu);
    double dt = hs_native_now_us() - t0;
    pthread_join(t, NULL);
    pthread_mutex_destroy(&p.mu);
    pthread_cond_destroy(&p.cv);
    return dt / rounds / 2;
}

static double memcpy_gbps(int reps)
{
    size_t n = 32u << 20;
    char *a = malloc(n), *b = malloc(n);
    if (!a || !b) {
        free(a);
        free(b);
        return -1;
    }
    memset(a, 1, n);
    memset(b, 2, n);
    double v[16];
    if (reps > 16)
        reps = 16;
    for (int r = 0; r < reps; r++) {
        double t0 = hs_native_now_us();
        memcpy(r % 2 ? a : b, r % 2 ? b : a, n);
        v[r] = 2.0 * (double)n / ((hs_native_now_us() - t0) * 1e3); /* bytes per ns */
    }
    double m = hs_native_median(v, reps, NULL);
    free(a);
    free(b);
    return m;
}

#ifdef HAVE_OPENCL
typedef struct cl_probe {
    cl_context ctx;
    cl_command_queue q;
    cl_program prog;
    cl_kernel burn, empty;
    cl_mem out, buf;
    size_t global;
    int iters;
} cl_probe;

static const char *cl_src =
    "__kernel void burn(__global float *out, int iters) {\n"
    "  size_t g = get_global_id(0);\n"
    "  float a = 1.0f + g * 1e-6f, b = 2.0f - g * 1e-6f, c = 0.5f, d = 0.25f;\n"
    "  for (int i = 0; i < iters; i++) {\n"
    "    a = a * 0.9999f + 0.0001f; b = b * 0.9998f + 0.0002f;\n"
    "    c = c * 0.9997f + 0.0003f; d = d * 0.9996f + 0.0004f;\n"
    "  }\n"
    "  out[g] = a + b + c + d;\n"
    "}\n"
    "__kernel void empty(__global float *out) { }\n";

static void cl_probe_free(cl_probe *p)
{
    if (p->out)
        clReleaseMemObject(p->out);
    if (p->buf)
        clReleaseMemObject(p->buf);
    if (p->burn)
        clReleaseKernel(p->burn);
    if (p->empty)
        clReleaseKernel(p->empty);
    if (p->prog)
        clReleaseProgram(p->prog);
    if (p->q)
        clReleaseCommandQueue(p->q);
    if (p->ctx)
        clReleaseContext(p->ctx);
    memset(p, 0, sizeof *p);
}

/* Open the platform/device the options name (as the OpenCL backend does). */
static int cl_open(const hs_host_probe_opts *o, hs_host_profile *hp, cl_probe *p, hs_error *err)
{
    cl_platform_id plats[16];
    cl_uint np = 0;
    if (clGetPlatformIDs(16, plats, &np) != CL_SUCCESS || np == 0) {
        hs_error_set(err, "probe: no OpenCL platform (install an OpenCL driver, e.g. the Debian "
                          "package pocl-opencl-icd)");
        return -1;
    }
    if (o->cl_platform >= (int)np) {
        hs_error_set(err, "--cl-platform %d: expected a platform index in [0, %u] (see clinfo -l)",
                     o->cl_platform, np - 1);
        return -1;
    }
    int pi = -1, di = -1;
    cl_device_id dev = NULL;
    if (o->cl_platform >= 0) {
        cl_device_id devs[16];
        cl_uint nd = 0;
        if (clGetDeviceIDs(plats[o->cl_platform], CL_DEVICE_TYPE_ALL, 16, devs, &nd) !=
                CL_SUCCESS ||
            nd == 0) {
            hs_error_set(err, "--cl-platform %d: the platform has no device", o->cl_platform);
            return -1;
        }
        int want = o->cl_device < 0 ? 0 : o->cl_device;
        if (want >= (int)nd) {
            hs_error_set(err, "--cl-device %d: expected a device index in [0, %u] of platform %d",
                         o->cl_device, nd - 1, o->cl_platform);
            return -1;
        }
        pi = o->cl_platform;
        di = want;
        dev = devs[want];
    } else {
        for (int pass = 0; pass < 2 && !dev; pass++)
            for (cl_uint k = 0; k < np && !dev; k++) {
                cl_device_id devs[16];
                cl_uint nd = 0;
                cl_device_type ty = pass == 0 ? CL_DEVICE_TYPE_GPU : CL_DEVICE_TYPE_ALL;
                if (clGetDeviceIDs(plats[k], ty, 16, devs, &nd) == CL_SUCCESS && nd > 0) {
                    pi = (int)k;
                    di = 0;
                    if (pass == 0) { /* index among all devices of the platform */
                        cl_device_id all[16];
                        cl_uint na = 0;
                        clGetDeviceIDs(plats[k], CL_DEVICE_TYPE_ALL, 16, all, &na);
                        for (cl_uint a = 0; a < na; a++)
                            if (all[a] == devs[0])
                                di = (int)a;
                    }
                    dev = devs[0];
                }
            }
        if (!dev) {
            hs_error_set(err, "probe: no OpenCL device on %u platform(s)", np);
            return -1;
        }
    }
    cl_device_type ty = 0;
    cl_uint cu = 0;
    char ext[4096] = "";
    clGetDeviceInfo(dev, CL_DEVICE_NAME, sizeof hp->cl_name, hp->cl_name, NULL);
    clGetPlatformInfo(plats[pi], CL_PLATFORM_NAME, sizeof hp->cl_platform_name,
                      hp->cl_platform_name, NULL);
    clGetDeviceInfo(dev, CL_DEVICE_TYPE, sizeof ty, &ty, NULL);
    clGetDeviceInfo(dev, CL_DEVICE_MAX_COMPUTE_UNITS, sizeof cu, &cu, NULL);
    clGetDeviceInfo(dev, CL_DEVICE_EXTENSIONS, sizeof ext, ext, NULL);
    hp->cl_platform = pi;
    hp->cl_device = di;
    hp->cl_compute_units = (int)cu;
    hp->cl_is_cpu = (ty & CL_DEVICE_TYPE_CPU) != 0;
    hp->shares_cores = hp->cl_is_cpu; /* a CPU device is this host's own cores */
    hp->cl_fp16 = strstr(ext, "cl_khr_fp16") != NULL;
    cl_int e;
    p->ctx = clCreateContext(NULL, 1, &dev, NULL, NULL, &e);
    if (e == CL_SUCCESS)
        p->q = clCreateCommandQueue(p->ctx, dev, 0, &e);
    if (e == CL_SUCCESS)
        p->prog = clCreateProgramWithSource(p->ctx, 1, &cl_src, NULL, &e);
    if (e == CL_SUCCESS)
        e = clBuildProgram(p->prog, 1, &dev, "", NULL, NULL);
    if (e == CL_SUCCESS)
        p->burn = clCreateKernel(p->prog, "burn", &e);
    if (e == CL_SUCCESS)
        p->empty = clCreateKernel(p->prog, "empty", &e);
    p->global = (size_t)(cu > 0 ? cu : 1) * 1024;
    if (e == CL_SUCCESS)
        p->out = clCreateBuffer(p->ctx, CL_MEM_READ_WRITE, p->global * sizeof(float), NULL, &e);
    if (e == CL_SUCCESS)
        p->buf = clCreateBuffer(p->ctx, CL_MEM_READ_WRITE, 16u << 20, NULL, &e);
    if (e != CL_SUCCESS) {
        hs_error_set(err, "probe: OpenCL setup on \"%s\" failed (error %d)", hp->cl_name, (int)e);
        return -1;
    }
    clSetKernelArg(p->burn, 0, sizeof p->out, &p->out);
    clSetKernelArg(p->empty, 0, sizeof p->out, &p->out);
    return 0;
}

static double cl_burn_run(void *ctx)
{
    cl_probe *p = ctx;
    double t0 = hs_native_now_us();
    if (clSetKernelArg(p->burn, 1, sizeof p->iters, &p->iters) != CL_SUCCESS ||
        clEnqueueNDRangeKernel(p->q, p->burn, 1, NULL, &p->global, NULL, 0, NULL, NULL) !=
            CL_SUCCESS ||
        clFinish(p->q) != CL_SUCCESS)
        return -1;
    return hs_native_now_us() - t0;
}

static double cl_empty_run(void *ctx)
{
    cl_probe *p = ctx;
    size_t one = 1;
    double t0 = hs_native_now_us();
    if (clEnqueueNDRangeKernel(p->q, p->empty, 1, NULL, &one, NULL, 0, NULL, NULL) !=
            CL_SUCCESS ||
        clFinish(p->q) != CL_SUCCESS)
        return -1;
    return hs_native_now_us() - t0;
}

/* Median us of a blocking transfer of `bytes` each way. */
static int cl_transfer(cl_probe *p, size_t bytes, int reps, char *host, double *h2d, double *d2h)
{
    double a[32], b[32];
    if (reps > 32)
        reps = 32;
    for (int r = -1; r < reps; r++) { /* one warm-up */
        double t0 = hs_native_now_us();
        if (clEnqueueWriteBuffer(p->q, p->buf, CL_TRUE, 0, bytes, host, 0, NULL, NULL) !=
            CL_SUCCESS)
            return -1;
        double t1 = hs_native_now_us();
        if (clEnqueueReadBuffer(p->q, p->buf, CL_TRUE, 0, bytes, host, 0, NULL, NULL) !=
            CL_SUCCESS)
            return -1;
        double t2 = hs_native_now_us();
        if (r >= 0) {
            a[r] = t1 - t0;
            b[r] = t2 - t1;
        }
    }
    *h2d = hs_native_median(a, reps, NULL);
    *d2h = hs_native_median(b, reps, NULL);
    return 0;
}

/* Fit us = latency + bytes / (gbps * 1e3). */
static void fit(const double *bytes, const double *us, int n, double *lat, double *gbps,
                double *r2)
{
    double c0, c1, cov00, cov01, cov11, sumsq;
    double w[8] = {0};
    for (int i = 0; i < n && i < 8; i++) /* relative errors: small transfers count */
        w[i] = 1.0 / (us[i] * us[i] > 0 ? us[i] * us[i] : 1.0);
    gsl_fit_wlinear(bytes, 1, w, 1, us, 1, (size_t)n, &c0, &c1, &cov00, &cov01, &cov11, &sumsq);
    sumsq = 0;
    for (int i = 0; i < n; i++)
        sumsq += (us[i] - c0 - c1 * bytes[i]) * (us[i] - c0 - c1 * bytes[i]);
    double mean = 0, tot = 0;
    for (int i = 0; i < n; i++)
        mean += us[i] / n;
    for (int i = 0; i < n; i++)
        tot += (us[i] - mean) * (us[i] - mean);
    *lat = c0 > 0 ? c0 : 0;
    *gbps = c1 > 0 ? 1.0 / (c1 * 1e3) : 1e5;
    *r2 = tot > 0 ? 1.0 - sumsq / tot : 1.0;
}

/* A thread that keeps the other side busy while one side is timed. */
typedef struct bg_loop {
    atomic_int stop;
    int on_cl;
    cl_probe *p;
    cpu_ctx *c;
    int failed;
} bg_loop;

static void *bg_main(void *arg)
{
    bg_loop *b = arg;
    while (!atomic_load(&b->stop))
        if ((b->on_cl ? cl_burn_run(b->p) : cpu_fn(b->c)) < 0) {
            b->failed = 1;
            break;
        }
    return NULL;
}

/* Median of paired ratios: a run while b's loop runs over a run alone. */
static int corun_ratio(bg_loop *b, run_fn fn, void *ctx, int reps, double *out)
{
    double ratio[64];
    if (reps > 64)
        reps = 64;
    for (int r = 0; r < reps; r++) {
        double alone = fn(ctx);
        pthread_t t;
        atomic_store(&b->stop, 0);
        if (alone < 0 || pthread_create(&t, NULL, bg_main, b) != 0)
            return -1;
        usleep(2000);
        double with = fn(ctx);
        atomic_store(&b->stop, 1);
        pthread_join(t, NULL);
        if (b->failed || with < 0)
            return -1;
        ratio[r] = with / alone;
    }
    *out = hs_native_median(ratio, reps, NULL);
    return 0;
}
#endif

int hs_host_probe(const hs_host_probe_opts *o, hs_host_profile *hp, hs_error *err)
{
    memset(hp, 0, sizeof *hp);
    if (o->max_hogs < 0 || o->max_hogs > HS_PROBE_MAX_HOGS || o->reps < 3 || o->work_ms <= 0) {
        hs_error_set(err, "probe: expected 0..%d hogs, at least 3 repetitions and a positive "
                          "workload duration",
                     HS_PROBE_MAX_HOGS);
        return -1;
    }
    long online = sysconf(_SC_NPROCESSORS_ONLN);
    hp->online_cpus = online > 0 ? (int)online : 1;
    hp->threads = o->threads > 0 ? o->threads : hp->online_cpus;
    if (hp->threads > 64) {
        hs_error_set(err, "probe: expected at most 64 CPU threads, got %d", hp->threads);
        return -1;
    }
    FILE *f = fopen("/proc/cpuinfo", "r");
    snprintf(hp->cpu_name, sizeof hp->cpu_name, "unknown CPU");
    if (f) {
        char line[512];
        while (fgets(line, sizeof line, f))
            if (strncmp(line, "model name", 10) == 0 && strchr(line, ':')) {
                char *v = strchr(line, ':') + 2;
                v[strcspn(v, "\n")] = 0;
                snprintf(hp->cpu_name, sizeof hp->cpu_name, "%s", v);
                break;
            }
        fclose(f);
    }

    /* CPU workload: calibrate to ~work_ms alone */
    cpu_ctx cc = {.threads = hp->threads};
    hs_forkjoin_init(&cc.w);
    cc.w.rounds = CPU_ROUNDS;
    cc.w.step_iters = (1 << 16) / CPU_ROUNDS;
    for (;;) {
        double t = hs_forkjoin_run(&cc.w, hp->threads);
        if (t < 0) {
            hs_error_set(err, "probe: cannot start %d CPU threads", hp->threads);
            return -1;
        }
        if (t >= o->work_ms * 1e3 * 0.5 || cc.w.step_iters * CPU_ROUNDS > (1L << 34))
            break;
        cc.w.step_iters *= 2;
    }
    cpu_fn(&cc); /* warm-up */
    double base;
    hp->n_hogs = o->max_hogs + 1;
    if (hog_table(cpu_fn, &cc, o->reps, o->max_hogs, hp->cpu_slowdown, &base, &hp->cpu_spread,
                  err) < 0)
        return -1;
    hp->cpu_gflops = flops_of(cc.w.step_iters * CPU_ROUNDS, hp->threads) / (base * 1e3);
    progress(o, "%s %.1f GFLOPS", "CPU workload", hp->cpu_gflops);
    for (int k = 1; k <= o->max_hogs && o->progress; k++)
        fprintf(stderr, "%s: CPU workload with %d hog(s): %.2fx\n",
                o->who ? o->who : "hetsim native probe", k,
                hp->cpu_slowdown[k]);
    hp->mem_gbps = memcpy_gbps(5);
    hp->decision_us = handoff_us(2000);
    progress(o, "%s %.1f us", "hand-off to a thread", hp->decision_us);
    if (!o->use_cl)
        return 0;
#ifdef HAVE_OPENCL
    cl_probe p = {0};
    if (cl_open(o, hp, &p, err) < 0) {
        cl_probe_free(&p);
        return -1;
    }
    hp->has_cl = 1;
    int rc = -1;
    char *host = malloc(16u << 20);
    if (!host) {
        hs_error_set(err, "out of memory");
        goto out;
    }
    memset(host, 3, 16u << 20);
    /* launch overhead */
    for (int w = 0; w < 5; w++)
        cl_empty_run(&p);
    double v[200];
    for (int r = 0; r < 200; r++)
        if ((v[r] = cl_empty_run(&p)) < 0) {
            hs_error_set(err, "probe: an empty kernel failed on \"%s\"", hp->cl_name);
            goto out;
        }
    hp->cl_launch_us = hs_native_median(v, 200, NULL);
    progress(o, "%s %.1f us", "OpenCL empty kernel (enqueue to finish)", hp->cl_launch_us);
    /* transfers */
    static const size_t sizes[] = {4096, 65536, 262144, 1u << 20, 4u << 20, 16u << 20};
    hp->n_sizes = 6;
    for (int i = 0; i < hp->n_sizes; i++) {
        hp->sizes[i] = (double)sizes[i];
        if (cl_transfer(&p, sizes[i], o->reps, host, &hp->h2d_us[i], &hp->d2h_us[i]) < 0) {
            hs_error_set(err, "probe: a %zu-byte transfer failed on \"%s\"", sizes[i],
                         hp->cl_name);
            goto out;
        }
    }
    fit(hp->sizes, hp->h2d_us, hp->n_sizes, &hp->h2d_latency_us, &hp->h2d_gbps, &hp->h2d_r2);
    fit(hp->sizes, hp->d2h_us, hp->n_sizes, &hp->d2h_latency_us, &hp->d2h_gbps, &hp->d2h_r2);
    if (o->progress)
        fprintf(stderr,
                "%s: host->device %.1f us + %.2f GB/s (R2 %.3f), "
                "device->host %.1f us + %.2f GB/s (R2 %.3f)\n",
                o->who ? o->who : "hetsim native probe", hp->h2d_latency_us, hp->h2d_gbps, hp->h2d_r2, hp->d2h_latency_us, hp->d2h_gbps,
                hp->d2h_r2);
    /* OpenCL workload: calibrate */
    p.iters = 1024;
    for (;;) {
        double t = cl_burn_run(&p);
        if (t < 0) {
            hs_error_set(err, "probe: the OpenCL workload failed on \"%s\"", hp->cl_name);
            goto out;
        }
        if (t >= o->work_ms * 1e3 * 0.5 || p.iters > (1 << 26))
            break;
        p.iters *= 2;
    }
    cl_burn_run(&p); /* warm-up */
    double clbase;
    if (hog_table(cl_burn_run, &p, o->reps, o->max_hogs, hp->cl_slowdown, &clbase,
                  &hp->cl_spread, err) < 0)
        goto out;
    hp->cl_gflops = 8.0 * p.iters * (double)p.global / (clbase * 1e3);
    progress(o, "%s %.1f GFLOPS", "OpenCL workload", hp->cl_gflops);
    for (int k = 1; k <= o->max_hogs && o->progress; k++)
        fprintf(stderr, "%s: OpenCL workload with %d hog(s): %.2fx\n",
                o->who ? o->who : "hetsim native probe",
                k, hp->cl_slowdown[k]);
    /* co-execution: each timed alone and while the other runs in a loop,
     * in turn (paired ratios) */
    cpu_ctx cc2 = cc; /* the CPU loop in the background has its own context */
    bg_loop bcl = {.on_cl = 1, .p = &p, .c = &cc}, bcpu = {.on_cl = 0, .p = &p, .c = &cc2};
    if (corun_ratio(&bcl, cpu_fn, &cc, o->reps, &hp->cpu_corun) < 0 ||
        corun_ratio(&bcpu, cl_burn_run, &p, o->reps, &hp->cl_corun) < 0) {
        hs_error_set(err, "probe: co-running the CPU and OpenCL workloads failed");
        goto out;
    }
    hp->cpu_share_load = hs_probe_table_inverse(hp->cpu_slowdown, hp->n_hogs, hp->cpu_corun);
    hp->cl_share_load = hs_probe_table_inverse(hp->cl_slowdown, hp->n_hogs, hp->cl_corun);
    if (o->progress)
        fprintf(stderr,
                "%s: co-execution: CPU %.2fx (as %.2f hogs), OpenCL "
                "%.2fx (as %.2f hogs)\n",
                o->who ? o->who : "hetsim native probe", hp->cpu_corun, hp->cpu_share_load, hp->cl_corun, hp->cl_share_load);
    rc = 0;
out:
    free(host);
    cl_probe_free(&p);
    return rc;
#else
    hs_error_set(err, "OpenCL backend requested but hetsim was built without OpenCL (install the "
                      "Debian packages ocl-icd-opencl-dev opencl-headers pocl-opencl-icd and "
                      "re-run configure), or use --backends cpu");
    return -1;
#endif
}
