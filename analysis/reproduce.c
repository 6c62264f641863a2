#include "analysis/reproduce.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/atomic_file.h"
#include "base/datapath.h"
#include "sim/report.h"
#include "analysis/plot.h"
#include "analysis/point.h"
#include "analysis/sweep.h"

/* One run's metric by column name (a point simulated in-process). */
static double metric(const hs_point *pt, const char *column, hs_error *err)
{
    char *row = NULL, *head = NULL;
    size_t rl = 0, hl = 0;
    FILE *r = open_memstream(&row, &rl), *h = open_memstream(&head, &hl);
    double v = NAN;
    if (!r || !h) {
        hs_error_set(err, "out of memory");
        goto out;
    }
    hs_report_csv_header(h);
    fclose(h);
    h = NULL;
    if (hs_point_csv_row(pt, r, err) < 0)
        goto out;
    fclose(r);
    r = NULL;
    /* the column's position in the header, then the same field of the row */
    int idx = 0, found = -1;
    for (char *p = head, *q; p && *p; p = q ? q + 1 : NULL, idx++) {
        q = strpbrk(p, ",\n");
        size_t n = q ? (size_t)(q - p) : strlen(p);
        if (n == strlen(column) && strncmp(p, column, n) == 0) {
            found = idx;
            break;
        }
    }
    char *f = row;
    for (int i = 0; f && i < found; i++) {
        f = strchr(f, ',');
        if (f)
            f++;
    }
    if (found < 0 || !f)
        hs_error_set(err, "reproduce: no column %s", column);
    else
        v = strtod(f, NULL);
out:
    if (r)
        fclose(r);
    if (h)
        fclose(h);
    free(row);
    free(head);
    return v;
}

static hs_point pt(const char *model, const char *policy, const char *scenario, int frames)
{
    hs_point p = {.device = "xiaomi-mi9", .model = model, .policy = policy,
                  .scenario = scenario, .seed = 1, .frames = frames};
    return p;
}

static int find_example(const char *rel, char *out, size_t n, hs_error *err)
{
    if (hs_data_find(rel, out, n) == 0)
        return 0;
    hs_error_set(err, "reproduce: %s not found in the data directories", rel);
    return -1;
}

static int paper(const char *dir, int jobs, int quiet, hs_error *err)
{
    static const struct {
        const char *name, *plot;
    } figs[] = {{"fig2-latency", "latency"},
                {"fig3-support", "support"},
                {"fig4-granularity", "latency"},
                {"fig5-ui", "drops"}};
    if (mkdir(dir, 0777) < 0 && errno != EEXIST) {
        hs_error_set(err, "%s: cannot create: %s", dir, strerror(errno));
        return -1;
    }
    for (size_t i = 0; i < sizeof figs / sizeof figs[0]; i++) {
        char rel[128], path[PATH_MAX], csv[PATH_MAX], png[PATH_MAX];
        snprintf(rel, sizeof rel, "examples/paper/%s.json", figs[i].name);
        if (find_example(rel, path, sizeof path, err) < 0)
            return -1;
        hs_sweep *s = hs_sweep_load(path, err);
        if (!s)
            return -1;
        snprintf(csv, sizeof csv, "%.3000s/%s.csv", dir, figs[i].name);
        if (!quiet)
            fprintf(stderr, "%s: %d runs\n", figs[i].name, s->n_points);
        hs_sweep_opts so = {.out = csv, .jobs = jobs, .quiet = quiet};
        int rc = hs_sweep_run(s, &so, err);
        hs_sweep_free(s);
        if (rc != 0)
            return -1;
        snprintf(png, sizeof png, "%.3000s/%s.png", dir, figs[i].name);
        if (hs_plot_available() && hs_plot(figs[i].plot, csv, png, NULL, err) < 0)
            return -1;
    }
    /* the findings, each from runs that isolate it */
    char three[PATH_MAX], ui[PATH_MAX], fluct[PATH_MAX], still[PATH_MAX];
    if (find_example("examples/scenarios/three-competitors.json", three, sizeof three, err) < 0 ||
        find_example("examples/scenarios/video-playback.json", ui, sizeof ui, err) < 0 ||
        find_example("examples/scenarios/fluctuating-background.json", fluct, sizeof fluct, err) <
            0 ||
        find_example("examples/scenarios/video-static-scene.json", still, sizeof still, err) < 0)
        return -1;
    hs_point p;
    double v[16];
    int k = 0;
    p = pt("resnet50", "mulayer", NULL, 5);
    v[k++] = metric(&p, "serial_ratio", err); /* 0 */
    /* steady state: the median of 20 frames, so the first frame's cold
     * clocks do not count */
    p = pt("fast-style-transfer", "mulayer", NULL, 20);
    double fst_mu = metric(&p, "lat_p50_ms", err);
    p = pt("fast-style-transfer", "gpu", NULL, 20);
    v[k++] = fst_mu / metric(&p, "lat_p50_ms", err); /* 1 */
    const char *procs[3] = {"cpu", "gpu", "dsp"};
    for (int i = 0; i < 3; i++) { /* 2, 3, 4: slowdown with 3 competitors */
        p = pt("resnet50", procs[i], NULL, 10);
        p.quant_int8 = i == 2; /* the DSP runs the int8 model */
        double idle = metric(&p, "lat_p50_ms", err);
        p.scenario = three;
        v[k++] = metric(&p, "lat_p50_ms", err) / idle;
    }
    p = pt("vgg16", "gpu", ui, 20);
    v[k++] = metric(&p, "app_drop_rate", err); /* 5 */
    /* the policy's own frame-latency estimate against the simulated mean:
     * HEFT plans once from offline profiles, adaptive re-profiles at run
     * time; the fluctuating scenario runs its full 10 s of load changes */
    p = pt("resnet50", "heft", NULL, 20);
    double gap_idle = metric(&p, "estimate_gap", err);
    p = pt("resnet50", "heft", fluct, 0);
    v[k++] = metric(&p, "estimate_gap", err); /* 6 */
    v[k++] = gap_idle;                        /* 7 */
    p.policy = "adaptive";
    v[k++] = metric(&p, "estimate_gap", err); /* 8 */
    p = pt("resnet50", "codl", NULL, 10);
    double plain = metric(&p, "lat_mean_ms", err);
    p.prune = 0.3;
    p.quant_int8 = 1;
    v[k++] = plain / metric(&p, "lat_mean_ms", err); /* 9 */
    p = pt("resnet50", "reuse", still, 0);
    double reuse = metric(&p, "lat_mean_ms", err);
    p.policy = "gpu";
    v[k++] = metric(&p, "lat_mean_ms", err) / reuse; /* 10 */
    for (int i = 0; i < k; i++)
        if (isnan(v[i]))
            return -1;
    struct {
        const char *finding, *study;
        char ours[96];
        int holds;
    } rows[7];
    rows[0].finding = "1. Unsupported operators hold back CPU+GPU parallel inference (ResNet-50, Xiaomi 9)";
    rows[0].study = "48% of ops unsupported";
    snprintf(rows[0].ours, sizeof rows[0].ours, "%.0f%% of ops not run in parallel (mulayer)",
             100 * v[0]);
    rows[0].holds = v[0] >= 0.3;
    rows[1].finding = "2. muLayer-style co-execution of Fast Style Transfer is slower than the GPU alone";
    rows[1].study = "1.9x-3.1x slower";
    snprintf(rows[1].ours, sizeof rows[1].ours, "%.2fx the GPU's latency", v[1]);
    rows[1].holds = v[1] > 1;
    rows[2].finding = "3. Three competing processes slow the CPU far more than the GPU or DSP";
    rows[2].study = "CPU 10.2x, GPU 2.1x, DSP 1.8x";
    snprintf(rows[2].ours, sizeof rows[2].ours, "CPU %.1fx, GPU %.1fx, DSP %.1fx", v[2], v[3],
             v[4]);
    rows[2].holds = v[2] > v[3] && v[2] > v[4] && v[3] > 1 && v[4] > 1;
    rows[3].finding = "4. VGG-16 hogging the GPU makes a video player drop frames";
    rows[3].study = ">90% of frames dropped";
    snprintf(rows[3].ours, sizeof rows[3].ours, "%.0f%% of the video's frames dropped", 100 * v[5]);
    rows[3].holds = v[5] > 0.5;
    rows[4].finding = "5. Offline profiles mislead under non-stationary load";
    rows[4].study = "estimate-actual gap widens";
    snprintf(rows[4].ours, sizeof rows[4].ours,
             "HEFT's estimate %+.0f%% off idle, %+.0f%% under fluctuating load; adaptive %+.0f%%",
             100 * v[7], 100 * v[6], 100 * v[8]);
    rows[4].holds = fabs(v[6]) > fabs(v[7]) + 0.1 && fabs(v[8]) < fabs(v[6]);
    rows[5].finding = "6. Frontend optimisation (pruning, quantization) widens the design space";
    rows[5].study = "qualitative";
    snprintf(rows[5].ours, sizeof rows[5].ours, "CoDL %.2fx faster with 30%% pruning + int8", v[9]);
    rows[5].holds = v[9] > 1;
    rows[6].finding = "7. Reusing results across similar frames cuts latency";
    rows[6].study = "qualitative";
    snprintf(rows[6].ours, sizeof rows[6].ours, "%.1fx lower mean latency on a static scene",
             v[10]);
    rows[6].holds = v[10] > 1;
    char md[PATH_MAX], csvp[PATH_MAX];
    snprintf(md, sizeof md, "%.3000s/findings.md", dir);
    snprintf(csvp, sizeof csvp, "%.3000s/findings.csv", dir);
    hs_afile a, b;
    if (hs_afile_open(&a, md, err) < 0)
        return -1;
    if (hs_afile_open(&b, csvp, err) < 0) {
        hs_afile_abort(&a);
        return -1;
    }
    fprintf(a.f, "# The study's findings, simulated (xiaomi-mi9)\n\n"
                 "| finding | study | hetsim | direction holds |\n|---|---|---|---|\n");
    fprintf(b.f, "finding,study,hetsim,holds\n");
    for (int i = 0; i < 7; i++) {
        fprintf(a.f, "| %s | %s | %s | %s |\n", rows[i].finding, rows[i].study, rows[i].ours,
                rows[i].holds ? "yes" : "no");
        fprintf(b.f, "\"%s\",\"%s\",\"%s\",%s\n", rows[i].finding, rows[i].study, rows[i].ours,
                rows[i].holds ? "yes" : "no");
    }
    fprintf(a.f, "\nFigures: fig2-latency, fig3-support, fig4-granularity, fig5-ui (CSV, and PNG "
                 "when plotting is built). Regenerate with `hetsim reproduce paper -o DIR`.\n");
    if (hs_afile_commit(&a, err) < 0) {
        hs_afile_abort(&b);
        return -1;
    }
    return hs_afile_commit(&b, err);
}

int hs_reproduce_paper(const char *dir, int jobs, int quiet, hs_error *err)
{
    if (paper(dir, jobs, quiet, err) == 0)
        return 0;
    /* the inputs are the shipped examples: whatever failed, the run did */
    hs_error_mark(err, HS_ERR_RUNTIME);
    return -1;
}
