/* A measured host as a device profile (host_profile.h). */
#include "native/host_profile.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/atomic_file.h"

/* {"value": v, "source": src} */
static cJSON *sourced(double v, const char *src)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddNumberToObject(o, "value", v);
    cJSON_AddStringToObject(o, "source", src);
    return o;
}

static cJSON *table(const double *v, int n)
{
    return cJSON_CreateDoubleArray(v, n);
}

static double max_spread(const hs_probe_contention *bd)
{
    double spread = 0;
    for (int d = 0; d < bd->n_durs; d++)
        if (bd->spread[d] > spread)
            spread = bd->spread[d];
    return spread;
}

static const char *forkjoin_source(const hs_probe_contention *bd, char *src, size_t n)
{
    snprintf(src, n,
             "measured by hetsim native probe: %d pinned threads meeting at a barrier after "
             "every step (an op), steps of each length run with 0..%d busy-loop threads in "
             "turn, median of paired ratios to a run alone; largest p10-p90 spread %.0f%%; "
             "rows made non-decreasing",
             bd->threads, bd->n_hogs - 1, 100 * max_spread(bd));
    return src;
}

/* {"op_us": [...], "slowdown": [[1, s1, ...], ...], "source": src}: each
 * row non-decreasing (a hog cannot speed an op up; lower values are noise,
 * kept raw under "measurements") */
static cJSON *by_duration(const hs_probe_contention *bd, const char *src)
{
    cJSON *by = cJSON_CreateObject();
    cJSON_AddItemToObject(by, "op_us", table(bd->op_us, bd->n_durs));
    cJSON *rows = cJSON_AddArrayToObject(by, "slowdown");
    for (int d = 0; d < bd->n_durs; d++) {
        double m[HS_PROBE_DUR_MAX_HOGS + 1];
        hs_probe_monotone(bd->slowdown[d], bd->n_hogs, m);
        cJSON_AddItemToArray(rows, table(m, bd->n_hogs));
    }
    cJSON_AddStringToObject(by, "source", src);
    return by;
}

/* The raw tables of a by-length measurement, for "measurements"; with a
 * per-op fit, its coefficients. */
static cJSON *by_duration_raw(const hs_probe_contention *bd)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddItemToObject(o, "op_us", table(bd->op_us, bd->n_durs));
    cJSON *rows = cJSON_AddArrayToObject(o, "slowdown");
    for (int d = 0; d < bd->n_durs; d++)
        cJSON_AddItemToArray(rows, table(bd->slowdown[d], bd->n_hogs));
    if (bd->fitted) {
        cJSON_AddItemToObject(o, "share_factor", table(bd->fit_s, bd->n_hogs));
        cJSON_AddItemToObject(o, "per_op_us", table(bd->fit_c_us, bd->n_hogs));
        cJSON_AddItemToObject(o, "fit_error", table(bd->fit_err, bd->n_hogs));
    } else {
        cJSON_AddItemToObject(o, "spread", table(bd->spread, bd->n_durs));
    }
    return o;
}

static cJSON *processor(const hs_host_profile *hp, int cl)
{
    char src[1024];
    cJSON *p = cJSON_CreateObject();
    cJSON_AddStringToObject(p, "name", cl ? "gpu" : "cpu");
    cJSON_AddStringToObject(p, "kind", cl ? "gpu" : "cpu");
    snprintf(src, sizeof src,
             cl ? "compute units of the OpenCL device \"%s\" (%s)"
                : "threads of the native CPU backend on %s",
             cl ? hp->cl_name : hp->cpu_name, hp->cl_platform_name);
    cJSON_AddItemToObject(p, "cores", sourced(cl ? hp->cl_compute_units : hp->threads, src));
    cJSON *dt = cJSON_AddArrayToObject(p, "dtypes");
    cJSON_AddItemToArray(dt, cJSON_CreateString("fp32"));
    cJSON *peak = cJSON_AddObjectToObject(p, "peak_gflops");
    const hs_probe_rates *rates = cl ? &hp->cl_rates : &hp->cpu_rates;
    if (rates->n_points > 0 && rates->best_gflops > 0) {
        snprintf(src, sizeof src,
                 "measured: the fastest convolution / fully connected layer of the backend's "
                 "own kernels (%s; op_models and measurements.%s_kernel_rates)",
                 rates->backend, cl ? "opencl" : "cpu");
        cJSON_AddItemToObject(peak, "fp32", sourced(rates->best_gflops, src));
        cJSON_AddItemToObject(p, "efficiency",
                              sourced(rates->median_gflops / rates->best_gflops,
                                      "measured: the median rate of the backend's convolution "
                                      "and fully connected layers over the fastest; used only "
                                      "for ops of no measured class (roofline)"));
    } else {
        snprintf(src, sizeof src,
                 cl ? "measured: an OpenCL kernel of 4 independent multiply-add chains per work "
                      "item"
                    : "measured: %d threads of 8 independent multiply-add chains",
                 hp->threads);
        cJSON_AddItemToObject(peak, "fp32", sourced(cl ? hp->cl_gflops : hp->cpu_gflops, src));
        cJSON_AddItemToObject(p, "efficiency",
                              sourced(0.5, "assumption: a typical kernel reaches half the "
                                           "measured multiply-add rate; used only for ops "
                                           "without recorded samples (roofline)"));
    }
    cJSON_AddItemToObject(p, "mem_bandwidth_gbps",
                          sourced(hp->mem_gbps, "measured: memcpy of 32 MiB (read + write)"));
    if (cl)
        cJSON_AddItemToObject(p, "launch_overhead_us",
                              sourced(hp->cl_launch_us, "measured: an empty kernel, enqueue to "
                                                        "finish (median of 200); recorded op "
                                                        "samples include it"));
    else
        cJSON_AddItemToObject(p, "launch_overhead_us",
                              sourced(hp->decision_us, "measured: handing work to another "
                                                       "thread (condition variable, one way); "
                                                       "recorded op samples include it"));
    if (rates->n_points > 0) {
        cJSON *om = hs_probe_rates_op_models(rates);
        if (om)
            cJSON_AddItemToObject(p, "op_models", om);
    }
    cJSON_AddStringToObject(p, "layout", "NCHW");
    cJSON *ct = cJSON_AddObjectToObject(p, "contention");
    cJSON_AddStringToObject(ct, "model", "measured");
    /* the table the simulator interpolates: non-decreasing and >= 1 (a hog
     * cannot speed the workload up; lower medians are noise, kept raw under
     * "measurements") */
    double mono[HS_PROBE_MAX_HOGS + 1];
    hs_probe_monotone(cl ? hp->cl_slowdown : hp->cpu_slowdown, hp->n_hogs, mono);
    cJSON_AddItemToObject(ct, "slowdown", table(mono, hp->n_hogs));
    snprintf(src, sizeof src,
             "measured: slowdown of a fixed %s workload with 0..%d busy-loop threads (median "
             "of paired ratios to a run alone; largest p10-p90 spread %.0f%%; made "
             "non-decreasing)",
             cl ? "OpenCL" : "CPU", hp->n_hogs - 1,
             100 * (cl ? hp->cl_spread : hp->cpu_spread));
    cJSON_AddStringToObject(ct, "source", src);
    /* by op length: from the backend's own kernels where the probe ran
     * them with hogs (the layers' ratios per length class); else (CPU) the
     * synthetic fork-join steps */
    const hs_probe_contention *kc = &rates->contention, *kf = &rates->contention_fit;
    const hs_probe_contention *fj = &hp->cpu_by_duration;
    if (kc->n_durs > 0 && kc->n_hogs == hp->n_hogs) { /* n_hogs >= 2: 1 hog is [1] */
        snprintf(src, sizeof src,
                 "measured by hetsim native probe on the %s backend's own kernels: the "
                 "calibration graph's layers (op_models) in rounds, each layer once a round, "
                 "alone and with 1..%d busy-loop threads in blocks of 200 ms in turn; per "
                 "class of layers by length alone (op_us: geometric mean), the class's time "
                 "with hogs over its time alone, summed over layers and rounds (largest p10-p90 "
                 "spread of a round's ratio %.0f%%); rows made non-decreasing. Per op, 1 hog: "
                 "%.2f x the time alone + %.1f us (measurements)",
                 cl ? "OpenCL" : "CPU", hp->n_hogs - 1, 100 * max_spread(kc), kf->fit_s[1],
                 kf->fit_c_us[1]);
        cJSON_AddItemToObject(ct, "by_duration", by_duration(kc, src));
    } else if (!cl && fj->n_durs > 0 && fj->n_hogs == hp->n_hogs)
        cJSON_AddItemToObject(ct, "by_duration", by_duration(fj, forkjoin_source(fj, src,
                                                                              sizeof src)));
    cJSON *sup = cJSON_AddObjectToObject(p, "support");
    cJSON_AddBoolToObject(sup, "default", 1);
    cJSON_AddStringToObject(sup, "source", cl ? "the native OpenCL backend runs every zoo op"
                                              : "the native CPU backend runs every zoo op");
    if (hp->has_cl && hp->shares_cores) {
        cJSON *sh = cJSON_AddObjectToObject(p, "shares_cores");
        cJSON_AddStringToObject(sh, "with", cl ? "cpu" : "gpu");
        const hs_probe_corun *kr = &hp->corun;
        double load = kr->has ? (cl ? kr->cl_load : kr->cpu_load)
                              : (cl ? hp->cl_share_load : hp->cpu_share_load);
        cJSON_AddNumberToObject(sh, "load", load > 1e-6 ? load : 1e-6);
        if (kr->has)
            snprintf(src, sizeof src,
                     "measured on the backends' own kernels: the OpenCL device is a CPU device "
                     "(%s) on this host's cores; the calibration graph's layers ran %.2fx "
                     "slower on the %s backend while the %s backend looped them (time summed "
                     "over layers and rounds, blocks alone and co-running in turn, p10-p90 "
                     "%.0f%%), as much as %.2f busy-loop threads do on its contention table "
                     "by op length",
                     hp->cl_platform_name, cl ? kr->cl_ratio : kr->cpu_ratio,
                     cl ? "OpenCL" : "CPU", cl ? "CPU" : "OpenCL",
                     100 * (cl ? kr->cl_spread : kr->cpu_spread), load);
        else
            snprintf(src, sizeof src,
                     "measured: the OpenCL device is a CPU device (%s) on this host's cores; "
                     "the %s workload ran %.2fx slower while the %s workload ran, as much as "
                     "%.2f busy-loop threads do (inverse of the contention table)",
                     hp->cl_platform_name, cl ? "OpenCL" : "CPU",
                     cl ? hp->cl_corun : hp->cpu_corun, cl ? "CPU" : "OpenCL", load);
        cJSON_AddStringToObject(sh, "source", src);
    }
    return p;
}

static cJSON *link(const char *from, const char *to, double lat, double gbps, double r2,
                   const char *how)
{
    char src[256];
    cJSON *l = cJSON_CreateObject();
    cJSON_AddStringToObject(l, "from", from);
    cJSON_AddStringToObject(l, "to", to);
    cJSON_AddNumberToObject(l, "latency_us", lat);
    cJSON_AddNumberToObject(l, "bandwidth_gbps", gbps);
    snprintf(src, sizeof src,
             "measured: blocking clEnqueue%sBuffer of 4 KiB..16 MiB, least-squares fit of "
             "latency + bytes / bandwidth (R2 %.3f)",
             how, r2);
    cJSON_AddStringToObject(l, "source", src);
    return l;
}

cJSON *hs_host_profile_json(const hs_host_profile *hp, const char *name, const char *when,
                            hs_error *err)
{
    char buf[1024];
    cJSON *r = cJSON_CreateObject();
    if (!r) {
        hs_error_set(err, "out of memory");
        return NULL;
    }
    cJSON_AddStringToObject(r, "format", "hetsim-device");
    cJSON_AddNumberToObject(r, "version", 1);
    cJSON_AddStringToObject(r, "name", name);
    if (hp->has_cl)
        snprintf(buf, sizeof buf, "This host measured by hetsim native record: %d CPU thread(s) "
                                  "on %s; OpenCL device %s (%s)%s",
                 hp->threads, hp->cpu_name, hp->cl_name, hp->cl_platform_name,
                 hp->shares_cores ? ", a CPU device on the same cores" : "");
    else
        snprintf(buf, sizeof buf, "This host measured by hetsim native record: %d CPU thread(s) "
                                  "on %s; no OpenCL device",
                 hp->threads, hp->cpu_name);
    cJSON_AddStringToObject(r, "description", buf);
    cJSON_AddStringToObject(r, "soc", hp->cpu_name);
    cJSON_AddStringToObject(r, "host", "cpu");
    cJSON_AddStringToObject(r, "recorded", "native");
    cJSON_AddItemToObject(r, "dram_bandwidth_gbps",
                          sourced(hp->mem_gbps, "measured: memcpy of 32 MiB (read + write)"));
    cJSON_AddItemToObject(r, "decision_overhead_us",
                          sourced(hp->decision_us, "measured: handing a task to another thread "
                                                   "and back (condition variables), one way: "
                                                   "what hetsim native run pays per dispatch"));
    cJSON *procs = cJSON_AddArrayToObject(r, "processors");
    cJSON_AddItemToArray(procs, processor(hp, 0));
    if (hp->has_cl)
        cJSON_AddItemToArray(procs, processor(hp, 1));
    cJSON *tr = cJSON_AddObjectToObject(r, "transfers");
    cJSON *def = cJSON_AddObjectToObject(tr, "default");
    if (hp->has_cl) {
        cJSON_AddNumberToObject(def, "latency_us", 0.5 * (hp->h2d_latency_us + hp->d2h_latency_us));
        cJSON_AddNumberToObject(def, "bandwidth_gbps", 0.5 * (hp->h2d_gbps + hp->d2h_gbps));
        cJSON *links = cJSON_AddArrayToObject(tr, "links");
        cJSON_AddItemToArray(links, link("cpu", "gpu", hp->h2d_latency_us, hp->h2d_gbps,
                                         hp->h2d_r2, "Write"));
        cJSON_AddItemToArray(links, link("gpu", "cpu", hp->d2h_latency_us, hp->d2h_gbps,
                                         hp->d2h_r2, "Read"));
        cJSON_AddStringToObject(tr, "source", "measured by hetsim native record");
    } else {
        cJSON_AddNumberToObject(def, "latency_us", 0);
        cJSON_AddNumberToObject(def, "bandwidth_gbps", hp->mem_gbps);
        cJSON_AddStringToObject(tr, "source", "one processor: nothing to move");
    }
    const hs_probe_coexec *cx = &hp->coexec;
    if (hp->has_cl && cx->has) {
        cJSON *co = cJSON_AddObjectToObject(r, "coexec");
        snprintf(buf, sizeof buf,
                 "measured by hetsim native probe: one meeting of a split as the native executor "
                 "has it (the OpenCL thread's enqueue + clFinish, hand-off to the sleeping CPU "
                 "driver thread, an empty op on pool workers asleep after 50 us of polling): "
                 "%.1f us, minus an empty kernel's enqueue-to-finish (%.1f us) and an empty op "
                 "with polling workers (%.1f us), which recorded samples hold; median, p10-p90 "
                 "%.1f us",
                 cx->meet_us, cx->cl_empty_us, cx->op_hot_us, cx->sync_spread);
        cJSON_AddItemToObject(co, "sync_us", sourced(cx->sync_us, buf));
        snprintf(buf, sizeof buf,
                 "measured by hetsim native probe: a fixed OpenCL kernel enqueued as two halves "
                 "(global offset) against as one, then clFinish (%.1f us against %.1f us); "
                 "median of paired differences, p10-p90 %.1f us",
                 cx->two_kernels_us, cx->one_kernel_us, cx->dispatch_spread);
        cJSON_AddItemToObject(co, "split_dispatch_us", sourced(cx->split_dispatch_us, buf));
        cJSON_AddItemToObject(co, "convert_ns_per_byte",
                              sourced(cx->convert_ns_per_byte,
                                      "measured by hetsim native probe: the CPU backend's NCHW "
                                      "to NHWC conversion (tiled transpose) of a 64x56x56 fp32 "
                                      "tensor, per byte; native mode exchanges fp32 NCHW, so "
                                      "no precision conversion"));
        cJSON *in = cJSON_AddObjectToObject(co, "interference");
        for (int acc = 0; acc < 2; acc++) {
            const char *me = acc ? "OpenCL" : "CPU", *other = acc ? "CPU" : "OpenCL";
            double v;
            if (hp->shares_cores) {
                /* one mechanism for one effect: the simulator slows a
                 * processor on shared cores through shares_cores */
                v = 1;
                snprintf(buf, sizeof buf,
                         "1: the OpenCL device is on the same cores, and shares_cores carries "
                         "the co-run slowdown (measured %.2fx for the %s side)",
                         hp->corun.has ? (acc ? hp->corun.cl_ratio : hp->corun.cpu_ratio)
                                       : (acc ? cx->interf_accel : cx->interf_cpu),
                         me);
            } else if (hp->corun.has) {
                v = acc ? hp->corun.cl_ratio : hp->corun.cpu_ratio;
                snprintf(buf, sizeof buf,
                         "measured by hetsim native probe on the backends' own kernels: the "
                         "calibration graph's layers on the %s backend while the %s backend "
                         "loops them, against alone (time summed over layers and rounds, "
                         "blocks in turn; p10-p90 %.0f%%)",
                         me, other, 100 * (acc ? hp->corun.cl_spread : hp->corun.cpu_spread));
            } else {
                v = acc ? cx->interf_accel : cx->interf_cpu;
                snprintf(buf, sizeof buf,
                         "measured by hetsim native probe: the fixed %s workload while the %s "
                         "workload loops, against alone (median of paired ratios)",
                         me, other);
            }
            cJSON_AddItemToObject(in, acc ? "accel" : "cpu", sourced(v < 1 ? 1 : v, buf));
        }
        cJSON_AddStringToObject(co, "wait", cx->wait_spin ? "spin" : "yield");
    }
    cJSON *m = cJSON_AddObjectToObject(r, "measurements");
    cJSON_AddStringToObject(m, "when", when);
    cJSON_AddStringToObject(m, "cpu", hp->cpu_name);
    cJSON_AddNumberToObject(m, "online_cpus", hp->online_cpus);
    cJSON_AddNumberToObject(m, "cpu_threads", hp->threads);
    cJSON_AddItemToObject(m, "cpu_slowdown_with_hogs", table(hp->cpu_slowdown, hp->n_hogs));
    cJSON_AddNumberToObject(m, "cpu_spread", hp->cpu_spread);
    cJSON_AddNumberToObject(m, "handoff_us", hp->decision_us);
    cJSON_AddNumberToObject(m, "cpu_multiply_add_gflops", hp->cpu_gflops);
    if (hp->cpu_by_duration.n_durs > 0)
        cJSON_AddItemToObject(m, "cpu_forkjoin_slowdown_by_length",
                              by_duration_raw(&hp->cpu_by_duration));
    if (hp->cpu_rates.contention.n_durs > 0) {
        cJSON_AddItemToObject(m, "cpu_kernel_slowdown_by_class",
                              by_duration_raw(&hp->cpu_rates.contention));
        cJSON_AddItemToObject(m, "cpu_kernel_slowdown_per_op_fit",
                              by_duration_raw(&hp->cpu_rates.contention_fit));
    }
    if (hp->has_cl && hp->cl_rates.contention.n_durs > 0) {
        cJSON_AddItemToObject(m, "opencl_kernel_slowdown_by_class",
                              by_duration_raw(&hp->cl_rates.contention));
        cJSON_AddItemToObject(m, "opencl_kernel_slowdown_per_op_fit",
                              by_duration_raw(&hp->cl_rates.contention_fit));
    }
    if (hp->cpu_rates.n_points > 0)
        cJSON_AddItemToObject(m, "cpu_kernel_rates", hs_probe_rates_points(&hp->cpu_rates));
    if (hp->has_cl && hp->cl_rates.n_points > 0) {
        cJSON_AddNumberToObject(m, "opencl_multiply_add_gflops", hp->cl_gflops);
        cJSON_AddItemToObject(m, "opencl_kernel_rates", hs_probe_rates_points(&hp->cl_rates));
    }
    if (hp->has_cl) {
        cJSON_AddStringToObject(m, "opencl_platform", hp->cl_platform_name);
        cJSON_AddStringToObject(m, "opencl_device", hp->cl_name);
        cJSON_AddNumberToObject(m, "opencl_platform_index", hp->cl_platform);
        cJSON_AddNumberToObject(m, "opencl_device_index", hp->cl_device);
        cJSON_AddBoolToObject(m, "opencl_is_cpu_device", hp->cl_is_cpu);
        cJSON_AddBoolToObject(m, "opencl_shares_cpu_cores", hp->shares_cores);
        cJSON_AddBoolToObject(m, "opencl_fp16", hp->cl_fp16);
        cJSON_AddNumberToObject(m, "opencl_launch_us", hp->cl_launch_us);
        cJSON_AddItemToObject(m, "transfer_bytes", table(hp->sizes, hp->n_sizes));
        cJSON_AddItemToObject(m, "host_to_device_us", table(hp->h2d_us, hp->n_sizes));
        cJSON_AddItemToObject(m, "device_to_host_us", table(hp->d2h_us, hp->n_sizes));
        cJSON_AddItemToObject(m, "opencl_slowdown_with_hogs", table(hp->cl_slowdown, hp->n_hogs));
        cJSON_AddNumberToObject(m, "opencl_spread", hp->cl_spread);
        cJSON_AddNumberToObject(m, "cpu_slowdown_while_opencl_runs", hp->cpu_corun);
        cJSON_AddNumberToObject(m, "opencl_slowdown_while_cpu_runs", hp->cl_corun);
        if (hp->corun.has) {
            cJSON_AddNumberToObject(m, "cpu_kernels_slowdown_while_opencl_runs",
                                    hp->corun.cpu_ratio);
            cJSON_AddNumberToObject(m, "opencl_kernels_slowdown_while_cpu_runs",
                                    hp->corun.cl_ratio);
        }
    }
    return r;
}

int hs_host_profile_write(const hs_host_profile *hp, const char *name, const char *path,
                          hs_error *err)
{
    char when[64];
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
    cJSON *r = hs_host_profile_json(hp, name, when, err);
    if (!r)
        return -1;
    char *text = cJSON_Print(r);
    cJSON_Delete(r);
    if (!text) {
        hs_error_set(err, "out of memory");
        return -1;
    }
    hs_afile f;
    if (hs_afile_open(&f, path, err) < 0) {
        free(text);
        return -1;
    }
    int bad = fputs(text, f.f) < 0 || fputc('\n', f.f) < 0;
    free(text);
    if (bad) {
        hs_afile_fail(&f, err);
        return -1;
    }
    return hs_afile_commit(&f, err);
}
