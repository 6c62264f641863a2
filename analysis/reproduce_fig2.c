/* Fig. 2 of the study over every device profile: latency per model and
 * strategy, and the speedup over the best single processor. */
#include "analysis/reproduce_run.h"

#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/sweep_rows.h"
#include "base/atomic_file.h"
#include "base/datapath.h"
#include "base/text_file.h"
#include "sim/catalog.h"

static const char *const models[] = {"resnet50", "mobilenet-v2", "vgg16", "fast-style-transfer",
                                     "posenet", "yolov2"};
#define N_MODELS (int)(sizeof models / sizeof models[0])
static const char *const parallel[] = {"pipeline", "heft", "mulayer", "codl", "band"};
#define N_PARALLEL (int)(sizeof parallel / sizeof parallel[0])
#define MAX_STRATS (3 + N_PARALLEL)

/* What Fig. 2 needs of a device: its strategies and the provenance of its
 * latency models (processors fitted on this SoC or to published latencies,
 * against scaled from a sibling or roofline). */
typedef struct {
    char *name, *soc;
    int n_strats, single[MAX_STRATS], int8[MAX_STRATS];
    const char *strat[MAX_STRATS];
    char accel[16];
    int n_procs, fitted, scaled, roofline;
    int origin[HS_ORIGIN_COUNT]; /* the processors' numbers per origin */
} fig2_dev;

static int describe(const char *name, fig2_dev *fd, hs_error *err)
{
    hs_device *d = hs_open_device(name, err);
    if (!d)
        return -1;
    memset(fd, 0, sizeof *fd);
    fd->name = hs_strdup(d->name);
    fd->soc = hs_strdup(d->soc);
    int k = 0;
    fd->strat[k] = "cpu";
    fd->single[k++] = 1;
    if (hs_device_find_kind(d, HS_PROC_GPU) >= 0) {
        fd->strat[k] = "gpu";
        fd->single[k++] = 1;
    }
    /* the device's accelerator, in its preferred dtype (int8-only DSPs run
     * the int8 model) */
    int a = hs_device_find_kind(d, HS_PROC_DSP);
    const char *akind = "dsp";
    if (a < 0) {
        a = hs_device_find_kind(d, HS_PROC_NPU);
        akind = "npu";
    }
    if (a >= 0) {
        fd->strat[k] = akind;
        snprintf(fd->accel, sizeof fd->accel, "%s", d->procs[a].name);
        fd->int8[k] = d->procs[a].dtypes[0] == HS_DT_INT8;
        fd->single[k++] = 1;
    }
    for (int i = 0; i < N_PARALLEL; i++)
        fd->strat[k++] = parallel[i];
    fd->n_strats = k;
    fd->n_procs = d->n_procs;
    for (int p = 0; p < d->n_procs; p++) {
        const hs_processor *pr = &d->procs[p];
        for (int o = 0; o < HS_ORIGIN_COUNT; o++)
            fd->origin[o] += pr->origin[o];
        if (!pr->has_op_models)
            fd->roofline++;
        else if (pr->op_models[pr->op_model_dtype].fit.n_train > 0)
            fd->fitted++;
        else
            fd->scaled++;
    }
    hs_device_free(d);
    if (!fd->name || !fd->soc) {
        hs_error_set(err, "out of memory");
        return -1;
    }
    for (char *c = fd->soc; *c; c++) /* a CSV field (the plot hooks read no quotes) */
        if (*c == ',' || *c == '"' || *c == '\n')
            *c = ';';
    return 0;
}

int hs_repro_fig2(const char *dir, int frames, int jobs, int quiet, hs_error *err)
{
    char **names = NULL, **rows = NULL;
    int n_dev = 0, n = 0, rc = -1;
    fig2_dev *devs = NULL;
    hs_point *pts = NULL;
    if (hs_data_list("devices", &names, &n_dev) < 0 || n_dev == 0) {
        hs_error_set(err, "reproduce: no device profiles found");
        goto out;
    }
    if (!(devs = calloc((size_t)n_dev, sizeof *devs)) ||
        !(pts = calloc((size_t)n_dev * N_MODELS * MAX_STRATS, sizeof *pts))) {
        hs_error_set(err, "out of memory");
        goto out;
    }
    for (int i = 0; i < n_dev; i++)
        if (describe(names[i], &devs[i], err) < 0)
            goto out;
    for (int i = 0; i < n_dev; i++)
        for (int m = 0; m < N_MODELS; m++)
            for (int s = 0; s < devs[i].n_strats; s++)
                pts[n++] = (hs_point){.device = devs[i].name, .model = models[m],
                                      .policy = devs[i].strat[s], .seed = 1, .frames = frames,
                                      .quant_int8 = devs[i].int8[s]};
    if (hs_repro_sweep(dir, "fig2-latency", pts, n, jobs, quiet, &rows, err) < 0)
        goto out;
    int col = hs_repro_column("lat_p50_ms");
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%.3000s/fig2-speedup.csv", dir);
    hs_afile f;
    if (hs_afile_open(&f, path, err) < 0)
        goto out;
    fprintf(f.f, "device,soc,latency_models,mostly_scaled,scaled_share,assumed_share,model,strategy,single,precision,"
                 "lat_p50_ms,best_single,best_single_ms,speedup\n");
    for (int i = 0, k = 0; i < n_dev; i++) {
        const fig2_dev *fd = &devs[i];
        char lm[96];
        snprintf(lm, sizeof lm, "%d of %d processors fitted on this SoC; %d scaled; %d roofline",
                 fd->fitted, fd->n_procs, fd->scaled, fd->roofline);
        int mostly_scaled = 2 * fd->fitted < fd->n_procs;
        for (int m = 0; m < N_MODELS; m++, k += fd->n_strats) {
            /* the best single processor running the same (fp32) model */
            int best = -1;
            for (int s = 0; s < fd->n_strats; s++) {
                double v = hs_repro_field(rows[k + s], col);
                if (fd->single[s] && !fd->int8[s] &&
                    (best < 0 || v < hs_repro_field(rows[k + best], col)))
                    best = s;
            }
            double bms = hs_repro_field(rows[k + best], col);
            for (int s = 0; s < fd->n_strats; s++) {
                double v = hs_repro_field(rows[k + s], col);
                char label[40];
                int acc = (!strcmp(fd->strat[s], "dsp") || !strcmp(fd->strat[s], "npu")) &&
                          strcmp(fd->strat[s], fd->accel) != 0;
                snprintf(label, sizeof label, "%s%s%s%s", fd->strat[s], acc ? " (" : "",
                         acc ? fd->accel : "", acc ? ")" : "");
                fprintf(f.f, "%s,%s,%s,%d,%.4f,%.4f,%s,%s,%d,%s,%.6f,%s,%.6f,%.6f\n",
                        fd->name, fd->soc, lm, mostly_scaled,
                        hs_origin_share(fd->origin, HS_ORIGIN_SCALED),
                        hs_origin_share(fd->origin, HS_ORIGIN_ASSUMED), models[m], label, fd->single[s],
                        fd->int8[s] ? "int8" : "fp32", v, fd->strat[best], bms, bms / v);
            }
        }
    }
    rc = hs_afile_commit(&f, err);
out:
    hs_rows_free(rows, n);
    for (int i = 0; devs && i < n_dev; i++) {
        free(devs[i].name);
        free(devs[i].soc);
    }
    free(devs);
    free(pts);
    for (int i = 0; i < n_dev; i++)
        free(names[i]);
    free(names);
    return rc;
}
