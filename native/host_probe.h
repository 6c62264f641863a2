/* hs_host_probe: measure what a device profile says about this host, for
 * native mode (hetsim native record): OpenCL transfer latency and bandwidth
 * both ways (least-squares fit of time = latency + bytes / bandwidth over
 * several sizes), the launch overhead of an empty kernel (enqueue to
 * finish), the cost of handing a task to another thread (the runtime's
 * scheduling decision), the contention response (the slowdown of a fixed
 * CPU workload on `threads` threads and of a fixed OpenCL workload with 0..k
 * busy-loop "hog" threads running), and the slowdown of each while the other
 * runs (co-execution). It states whether the OpenCL device shares the CPU's
 * cores: a CL_DEVICE_TYPE_CPU device (PoCL) runs on the host's own cores.
 * Every figure is a median over repetitions; the spread is kept so a report
 * can say how noisy the machine was. Progress goes to stderr when asked.
 * Without OpenCL (not built with it, or no device) only the CPU figures are
 * measured and has_cl is 0. */
#ifndef HS_HOST_PROBE_H
#define HS_HOST_PROBE_H

#include "base/error.h"
#include "native/probe_coexec.h"
#include "native/probe_contention.h"
#include "native/probe_corun.h"
#include "native/probe_rates.h"

#define HS_PROBE_MAX_HOGS 16

typedef struct hs_host_probe_opts {
    int cl_platform, cl_device; /* -1: the first GPU of any platform, else the first device */
    int use_cl;                 /* 0: CPU figures only */
    int threads;                /* threads of the CPU workload (the CPU backend's); <= 0: cores */
    int max_hogs;               /* contention with 0..max_hogs hogs (<= HS_PROBE_MAX_HOGS) */
    int reps;                   /* repetitions per point (>= 3) */
    double work_ms;             /* target duration of one workload run */
    int progress;               /* 1: progress lines on stderr */
    const char *who;            /* their prefix: "hetsim native probe" (default, NULL) or
                                 * "hetsim native record: probe" */
} hs_host_probe_opts;

hs_host_probe_opts hs_host_probe_defaults(void);

typedef struct hs_host_profile {
    char cpu_name[128];
    int online_cpus, threads;
    double cpu_gflops;        /* the CPU workload's rate on `threads` threads */
    double mem_gbps;          /* memcpy bandwidth (read + write) */
    double decision_us;       /* hand a task to another thread and get it back, one way */
    int n_hogs;               /* points: 0 .. n_hogs - 1 hogs */
    double cpu_slowdown[HS_PROBE_MAX_HOGS + 1];
    double cpu_spread;        /* largest (p90 - p10) / median of a point, the noise */
    /* OpenCL (has_cl) */
    int has_cl;
    char cl_name[192], cl_platform_name[128];
    int cl_platform, cl_device, cl_compute_units, cl_is_cpu, cl_fp16;
    int shares_cores;         /* the OpenCL device runs on the host's cores */
    double cl_gflops;
    double cl_launch_us;      /* empty kernel, enqueue to finish */
    double h2d_latency_us, h2d_gbps, h2d_r2;
    double d2h_latency_us, d2h_gbps, d2h_r2;
    int n_sizes;
    double sizes[8], h2d_us[8], d2h_us[8];
    double cl_slowdown[HS_PROBE_MAX_HOGS + 1];
    double cl_spread;
    double cpu_corun, cl_corun;   /* slowdown of each while the other works */
    double cpu_share_load, cl_share_load; /* the same as a number of hogs (table inverse) */
    /* measured after hs_host_probe (record_dir.c: hs_native_probe_write) */
    hs_probe_contention cpu_by_duration; /* CPU contention per op length */
    hs_probe_coexec coexec;              /* split-op costs (has_cl) */
    /* what the backends' own kernels reach per op class (probe_rates.h);
     * n_points 0: not measured */
    hs_probe_rates cpu_rates, cl_rates;
    /* co-run interference on the backends' own kernels (has = 0: not
     * measured; then the fixed workloads' cpu_corun / cl_corun stand) */
    hs_probe_corun corun;
} hs_host_profile;

/* 0, or -1 with err (an OpenCL error, a bad option). */
int hs_host_probe(const hs_host_probe_opts *o, hs_host_profile *out, hs_error *err);

/* Load L at which the measured table (points[k] at k hogs, interpolated as
 * devices/contention.h does) reaches slowdown s; 0 when s <= 1. */
double hs_probe_table_inverse(const double *points, int n, double s);

#endif
