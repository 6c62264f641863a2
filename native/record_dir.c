/* Writing a native recording directory (record_dir.h). */
#include "native/record_dir.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/atomic_file.h"
#include "sim/catalog.h"
#include "traces/trace_write.h"
#include "native/host_backends.h"
#include "native/host_probe.h"
#include "native/host_profile.h"

/* A backend's kernel contention: the layers' ratios per length class (what
 * the profile gets), then the per-op fit, a progress line each. */
static void say_contention(const char *who, const char *backend, const hs_probe_rates *r)
{
    const hs_probe_contention *c = &r->contention, *f = &r->contention_fit;
    for (int d = 0; d < c->n_durs; d++) {
        fprintf(stderr, "%s: %s kernels of %.0f us (a class of layers):", who, backend,
                c->op_us[d]);
        for (int k = 1; k < c->n_hogs; k++)
            fprintf(stderr, " %.2fx with %d hog(s)%s", c->slowdown[d][k], k,
                    k + 1 < c->n_hogs ? "," : "");
        fputc('\n', stderr);
    }
    for (int k = 1; k < f->n_hogs; k++)
        fprintf(stderr, "%s: %s kernels with %d hog(s), per op: %.2f x time alone + %.1f us "
                        "(mean error %.0f%%)\n",
                who, backend, k, f->fit_s[k], f->fit_c_us[k], 100 * f->fit_err[k]);
}

/* The rates of the backends' own kernels per op class, and their slowdown
 * with 1..probe_hogs hogs per op length (probe_rates.h). */
static int probe_rates(const hs_record_dir_opts *o, const char *who, hs_host_profile *hp,
                       hs_error *err)
{
    int reps = o->reps >= 3 ? o->reps : 3;
    if (o->progress)
        fprintf(stderr, "%s: kernel rates of the CPU backend, alone and with 1..%d hog(s)\n",
                who, o->probe_hogs);
    if (hs_probe_rates_cpu(hp->threads, reps, o->probe_hogs, &hp->cpu_rates, err) < 0)
        return -1;
    hp->cpu_rates.contention.threads = hp->cpu_rates.contention_fit.threads = hp->threads;
    if (o->progress) {
        fprintf(stderr, "%s: CPU backend: %.1f GFLOPS best, %.1f median "
                        "(convolutions, fully connected)\n",
                who, hp->cpu_rates.best_gflops, hp->cpu_rates.median_gflops);
        say_contention(who, "CPU", &hp->cpu_rates);
    }
    if (!hp->has_cl)
        return 0;
    if (o->progress)
        fprintf(stderr, "%s: kernel rates of the OpenCL backend, alone and with 1..%d hog(s)\n",
                who, o->probe_hogs);
    if (hs_probe_rates_opencl(hp->cl_platform, hp->cl_device, reps, o->probe_hogs,
                              &hp->cl_rates, err) < 0)
        return -1;
    if (o->progress) {
        fprintf(stderr, "%s: OpenCL backend: %.1f GFLOPS best, %.1f median\n", who,
                hp->cl_rates.best_gflops, hp->cl_rates.median_gflops);
        say_contention(who, "OpenCL", &hp->cl_rates);
        fprintf(stderr, "%s: co-run on the backends' kernels, alone and while the other "
                        "backend loops\n",
                who);
    }
    if (hs_probe_corun_measure(hp->threads, hp->cl_platform, hp->cl_device, reps,
                               &hp->cpu_rates.contention, &hp->cl_rates.contention, &hp->corun,
                               err) < 0)
        return -1;
    if (o->progress)
        fprintf(stderr, "%s: co-run kernels: CPU %.2fx (as %.2f hogs), OpenCL %.2fx (as %.2f "
                        "hogs)\n",
                who, hp->corun.cpu_ratio, hp->corun.cpu_load, hp->corun.cl_ratio,
                hp->corun.cl_load);
    return 0;
}

int hs_native_probe_write(const hs_record_dir_opts *o, const char *path, hs_error *err)
{
    hs_host_probe_opts po = hs_host_probe_defaults();
    po.cl_platform = o->cl_platform;
    po.cl_device = o->cl_device;
    po.use_cl = o->use_cl;
    po.threads = o->threads;
    po.max_hogs = o->probe_hogs;
    po.reps = o->reps;
    po.progress = o->progress;
    po.who = o->cmd ? o->cmd : "hetsim native record: probe";
    hs_host_profile *hp = malloc(sizeof *hp);
    if (!hp) {
        hs_error_set(err, "out of memory");
        return -1;
    }
    int bad = hs_host_probe(&po, hp, err) < 0 ||
              hs_probe_contention_measure(hp->threads, po.max_hogs, po.reps, po.progress,
                                          &hp->cpu_by_duration, err) < 0 ||
              (hp->has_cl && hs_probe_coexec_measure(hp->cl_platform, hp->cl_device, hp->threads,
                                                     hp->cpu_corun, hp->cl_corun, po.reps,
                                                     po.progress, &hp->coexec, err) < 0) ||
              probe_rates(o, po.who, hp, err) < 0 ||
              hs_host_profile_write(hp, o->name ? o->name : "host", path, err) < 0;
    free(hp);
    if (bad) {
        hs_error_mark(err, HS_ERR_RUNTIME); /* measuring or writing failed */
        return -1;
    }
    return 0;
}

int hs_native_record_dir(const char *model, const char *dir, const hs_record_dir_opts *o,
                         hs_error *err)
{
    int rc = -1;
    const char *name = o->name ? o->name : "host";
    hs_graph *g = hs_open_model(model, err);
    hs_device *d = NULL;
    hs_native_model *m = NULL;
    hs_host_backends hb = {0};
    if (!g || hs_mkdirs(dir, err) < 0)
        goto out;
    char path[4200];
    snprintf(path, sizeof path, "%s/%s.json", dir, name);
    struct stat st;
    if (stat(path, &st) != 0) {
        if (hs_native_probe_write(o, path, err) < 0)
            goto out;
        if (o->progress)
            fprintf(stderr, "hetsim native record: wrote %s\n", path);
    } else if (o->progress) {
        fprintf(stderr, "hetsim native record: using the host profile %s (delete it to "
                        "measure the host again)\n",
                path);
    }
    if (!(d = hs_device_load_file(path, err)) || !(m = hs_native_model_new(g, 1, err)))
        goto out;
    hs_host_backend_opts bo = {o->threads, o->cl_platform, o->cl_device, 0};
    for (int p = 0; p < d->n_procs; p++)
        if (d->procs[p].kind == HS_PROC_CPU || o->use_cl)
            bo.need |= 1u << p;
    if (hs_host_backends_open(&hb, d, m, &bo, err) < 0)
        goto out;
    hs_record_opts ro = {.samples = o->samples, .warmup = o->warmup, .n_splits = o->n_splits,
                         .progress = o->progress};
    memcpy(ro.splits, o->splits, sizeof ro.splits);
    char tdir[8400];
    snprintf(tdir, sizeof tdir, "%s/traces/%s/%s", dir, d->name, g->name);
    if (hs_mkdirs(tdir, err) < 0)
        goto out;
    for (int p = 0; p < d->n_procs; p++) {
        if (!hb.b[p])
            continue;
        hs_trace *t = hs_native_record_trace(hb.b[p], m, d->name, d->procs[p].name, &ro, err);
        if (!t)
            goto out;
        char tpath[8600], note[512];
        snprintf(tpath, sizeof tpath, "%s/%s.json", tdir, d->procs[p].name);
        snprintf(note, sizeof note,
                 "hetsim native record on %s: %d warm-up frames, then %d frames timing every op "
                 "(call to completion, us), then the same for each split fraction (output "
                 "channels, then height)",
                 hs_native_backend_device(hb.b[p]), o->warmup, o->samples);
        hs_trace_extra ex = {NULL, note};
        int bad = hs_trace_write_file(t, &ex, tpath, err);
        hs_trace_free(t);
        if (bad < 0)
            goto out;
        if (o->progress)
            fprintf(stderr, "hetsim native record: wrote %s\n", tpath);
    }
    rc = 0;
out:
    if (rc < 0 && g)
        hs_error_mark(err, HS_ERR_RUNTIME); /* past the model: measuring or writing failed */
    hs_host_backends_free(&hb);
    hs_native_model_free(m);
    hs_device_free(d);
    hs_graph_free(g);
    return rc;
}
