#include "analysis/reproduce.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "analysis/findings.h"
#include "analysis/plot.h"
#include "analysis/reproduce_run.h"
#include "analysis/sweep.h"
#include "analysis/sweep_rows.h"
#include "base/atomic_file.h"
#include "base/datapath.h"
#include "base/json_read.h"
#include "base/text_file.h"
#include "sim/catalog.h"

/* Frames per run of Fig. 2 (8 devices x 6 models x 8 strategies): the
 * median of 5 closed-loop frames (runs are deterministic per seed). */
#define FIG2_FRAMES 5

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

/* Run the shipped sweep examples/paper/NAME.json into DIR/NAME.csv; with
 * `kept`, the loaded sweep is handed over (the caller frees it), else freed. */
static int run_example(const char *dir, const char *name, int jobs, int quiet, hs_sweep **kept,
                       hs_error *err)
{
    char rel[128], path[PATH_MAX], csv[PATH_MAX];
    snprintf(rel, sizeof rel, "examples/paper/%s.json", name);
    if (find_example(rel, path, sizeof path, err) < 0)
        return -1;
    hs_sweep *s = hs_sweep_load(path, err);
    if (!s)
        return -1;
    snprintf(csv, sizeof csv, "%.3000s/%s.csv", dir, name);
    if (!quiet)
        fprintf(stderr, "%s: %d runs\n", name, s->n_points);
    hs_sweep_opts so = {.out = csv, .jobs = jobs, .quiet = quiet};
    int rc = hs_sweep_run(s, &so, err);
    if (kept && rc == 0)
        *kept = s;
    else
        hs_sweep_free(s);
    return rc == 0 ? 0 : -1;
}

/* Plot DIR/IN.csv as DIR/OUT.png with the built-in hook `kind` (when this
 * build plots). */
static int plot(const char *dir, const char *kind, const char *in, const char *out,
                hs_error *err)
{
    char csv[PATH_MAX], png[PATH_MAX];
    if (!hs_plot_available())
        return 0;
    snprintf(csv, sizeof csv, "%.3000s/%s.csv", dir, in);
    snprintf(png, sizeof png, "%.3000s/%s.png", dir, out);
    return hs_plot(kind, csv, png, NULL, err);
}

/* Field idx of a CSV row as text (the scenario's file name without its
 * directory and .json). */
static void text_field(const char *row, int idx, char *out, size_t n)
{
    const char *f = row;
    for (int i = 0; f && i < idx; i++)
        if ((f = strchr(f, ',')))
            f++;
    size_t len = f ? strcspn(f, ",") : 0;
    const char *slash = f ? memchr(f, '/', len) : NULL;
    while (slash) { /* the last path component */
        len -= (size_t)(slash + 1 - f);
        f = slash + 1;
        slash = memchr(f, '/', len);
    }
    if (len > 5 && strncmp(f + len - 5, ".json", 5) == 0)
        len -= 5;
    snprintf(out, n, "%.*s", (int)(len < n ? len : n - 1), f ? f : "");
}

/* Fig. 5's figure data: the runs over time and, as rows of kind "point",
 * each run of the fig5-ui sweep `s` (GPU utilization, apps' drops). */
static int fig5_runtime(const char *dir, const hs_sweep *s, hs_error *err)
{
    char in[PATH_MAX], tl[PATH_MAX], out[PATH_MAX];
    snprintf(in, sizeof in, "%.3000s/fig5-ui.csv", dir);
    snprintf(tl, sizeof tl, "%.3000s/fig5-timeline.csv", dir);
    snprintf(out, sizeof out, "%.3000s/fig5-runtime.csv", dir);
    int n_rows = s->n_points;
    char *text = NULL;
    char **rows = hs_rows_new(n_rows);
    hs_afile f;
    int rc = -1;
    if (!rows) {
        hs_error_set(err, "out of memory");
        goto out;
    }
    if (hs_read_text_file(tl, (size_t)1 << 28, &text, NULL, err) < 0 ||
        hs_rows_read(s, hs_sweep_digest(s), in, rows, 1, err) < 0 ||
        hs_afile_open(&f, out, err) < 0)
        goto out;
    fprintf(f.f, "kind,run,t_ms,series,pct,model,policy,scenario,util_gpu_pct,drop_pct\n");
    for (char *line = strchr(text, '\n'); line && line[1]; line = strchr(line + 1, '\n')) {
        size_t len = strcspn(line + 1, "\n");
        fprintf(f.f, "timeline,%.*s,,,,,\n", (int)len, line + 1);
    }
    int cm = hs_repro_column("model"), cp = hs_repro_column("policy"),
        cs = hs_repro_column("scenario"), cu = hs_repro_column("util_gpu"),
        cd = hs_repro_column("app_drop_rate");
    for (int i = 0; i < n_rows; i++) {
        if (!rows[i])
            continue;
        char model[64], policy[64], scen[128];
        text_field(rows[i], cm, model, sizeof model);
        text_field(rows[i], cp, policy, sizeof policy);
        text_field(rows[i], cs, scen, sizeof scen);
        fprintf(f.f, "point,,,,,%s,%s,%s,%.2f,%.2f\n", model, policy, scen,
                100 * hs_repro_field(rows[i], cu), 100 * hs_repro_field(rows[i], cd));
    }
    rc = hs_afile_commit(&f, err);
out:
    hs_rows_free(rows, n_rows);
    free(text);
    return rc;
}

/* The numbers of a profile whose source cites the study's finding k: in
 * the processor named `proc` (its entry of $.processors), or anywhere when
 * proc is NULL. */
static void citing_finding(const char *device, int k, const char *proc,
                           int counts[HS_PROV_COUNT])
{
    char rel[256], path[PATH_MAX], fk[32];
    cJSON *root;
    hs_error perr;
    for (int i = 0; i < HS_PROV_COUNT; i++)
        counts[i] = 0;
    snprintf(rel, sizeof rel, "devices/%s.json", device);
    snprintf(fk, sizeof fk, "finding %d", k);
    const char *const needles[] = {"Liu et al. 2024", fk, NULL};
    if (hs_data_find(rel, path, sizeof path) < 0 || hs_json_load_file(path, &root, &perr) < 0)
        return;
    const cJSON *scope = root;
    if (proc) {
        scope = NULL;
        const cJSON *e, *ps = cJSON_GetObjectItemCaseSensitive(root, "processors");
        cJSON_ArrayForEach(e, ps) {
            const cJSON *nm = cJSON_GetObjectItemCaseSensitive(e, "name");
            if (cJSON_IsString(nm) && strcmp(nm->valuestring, proc) == 0)
                scope = e;
        }
    }
    if (scope)
        hs_provenance_count_citing(scope, needles, counts);
    cJSON_Delete(root);
}

typedef struct {
    const char *finding, *study_text, *metric;
    hs_study_value study;
    double ours; /* the number compared with the study's (NAN: qualitative) */
    char text[160];
    int holds;
} finding_row;

static void ratio_text(const finding_row *r, char *out, size_t n)
{
    double lo, hi;
    hs_finding_ratio(r->ours, r->study, &lo, &hi);
    if (isnan(lo))
        snprintf(out, n, "-");
    else if (r->study.lo != r->study.hi)
        snprintf(out, n, "%.2f-%.2f", hi, lo);
    else
        snprintf(out, n, "%.2f", lo);
}

static int findings(const char *dir, int jobs, int quiet, hs_error *err)
{
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
    v[k++] = hs_repro_metric(&p, "serial_ratio", err); /* 0 */
    /* steady state: the median of 20 frames, so the first frame's cold
     * clocks do not count */
    p = pt("fast-style-transfer", "mulayer", NULL, 20);
    double fst_mu = hs_repro_metric(&p, "lat_p50_ms", err);
    p = pt("fast-style-transfer", "gpu", NULL, 20);
    v[k++] = fst_mu / hs_repro_metric(&p, "lat_p50_ms", err); /* 1 */
    const char *procs[3] = {"cpu", "gpu", "dsp"};
    for (int i = 0; i < 3; i++) { /* 2, 3, 4: slowdown with 3 competitors */
        p = pt("resnet50", procs[i], NULL, 10);
        p.quant_int8 = i == 2; /* the DSP runs the int8 model */
        double idle = hs_repro_metric(&p, "lat_p50_ms", err);
        p.scenario = three;
        v[k++] = hs_repro_metric(&p, "lat_p50_ms", err) / idle;
    }
    p = pt("vgg16", "gpu", ui, 20);
    v[k++] = hs_repro_metric(&p, "app_drop_rate", err); /* 5 */
    /* the policy's own frame-latency estimate against the simulated mean:
     * HEFT plans once from offline profiles, adaptive re-profiles at run
     * time; the fluctuating scenario runs its full 10 s of load changes */
    p = pt("resnet50", "heft", NULL, 20);
    double gap_idle = hs_repro_metric(&p, "estimate_gap", err);
    p = pt("resnet50", "heft", fluct, 0);
    v[k++] = hs_repro_metric(&p, "estimate_gap", err); /* 6 */
    v[k++] = gap_idle;                                  /* 7 */
    p.policy = "adaptive";
    v[k++] = hs_repro_metric(&p, "estimate_gap", err); /* 8 */
    p = pt("resnet50", "codl", NULL, 10);
    double plain = hs_repro_metric(&p, "lat_mean_ms", err);
    p.prune = 0.3;
    p.quant_int8 = 1;
    v[k++] = plain / hs_repro_metric(&p, "lat_mean_ms", err); /* 9 */
    p = pt("resnet50", "reuse", still, 0);
    double reuse = hs_repro_metric(&p, "lat_mean_ms", err);
    p.policy = "gpu";
    v[k++] = hs_repro_metric(&p, "lat_mean_ms", err) / reuse; /* 10 */
    for (int i = 0; i < k; i++)
        if (isnan(v[i]))
            return -1;
    const hs_study_value none = {NAN, NAN, 0};
    finding_row rows[9] = {
        {"1. Unsupported operators hold back CPU+GPU parallel inference (ResNet-50, Xiaomi 9)",
         "48% of ops unsupported", "share of ops not run in parallel (mulayer)",
         {48, 48, 0}, 100 * v[0], "", v[0] >= 0.3},
        {"2. muLayer-style co-execution of Fast Style Transfer is slower than the GPU alone",
         "1.9x-3.1x slower", "muLayer latency / GPU latency", {1.9, 3.1, 0}, v[1], "", v[1] > 1},
        {"3a. Three competing processes slow the CPU ...", "CPU 10.2x",
         "CPU slowdown", {10.2, 10.2, 0}, v[2], "", v[2] > v[3] && v[2] > v[4]},
        {"3b. ... far more than the GPU ...", "GPU 2.1x", "GPU slowdown", {2.1, 2.1, 0}, v[3], "",
         v[3] > 1 && v[3] < v[2]},
        {"3c. ... or the DSP", "DSP 1.8x", "DSP slowdown", {1.8, 1.8, 0}, v[4], "",
         v[4] > 1 && v[4] < v[2]},
        {"4. VGG-16 hogging the GPU makes a video player drop frames", ">90% of frames dropped",
         "video frames dropped (%)", {90, 90, 1}, 100 * v[5], "", v[5] > 0.5},
        {"5. Offline profiles mislead under non-stationary load", "estimate-actual gap widens",
         "HEFT's estimate gap", none, NAN, "",
         fabs(v[6]) > fabs(v[7]) + 0.1 && fabs(v[8]) < fabs(v[6])},
        {"6. Frontend optimisation (pruning, quantization) widens the design space",
         "qualitative", "CoDL speedup", none, NAN, "", v[9] > 1},
        {"7. Reusing results across similar frames cuts latency", "qualitative",
         "reuse speedup", none, NAN, "", v[10] > 1}};
    snprintf(rows[0].text, sizeof rows[0].text, "%.0f%% of ops not run in parallel (mulayer)",
             100 * v[0]);
    snprintf(rows[1].text, sizeof rows[1].text, "%.2fx the GPU's latency", v[1]);
    snprintf(rows[2].text, sizeof rows[2].text, "CPU %.1fx", v[2]);
    snprintf(rows[3].text, sizeof rows[3].text, "GPU %.1fx", v[3]);
    snprintf(rows[4].text, sizeof rows[4].text, "DSP %.1fx", v[4]);
    snprintf(rows[5].text, sizeof rows[5].text, "%.0f%% of the video's frames dropped",
             100 * v[5]);
    snprintf(rows[6].text, sizeof rows[6].text,
             "HEFT's estimate %+.0f%% off idle, %+.0f%% under fluctuating load; adaptive %+.0f%%",
             100 * v[7], 100 * v[6], 100 * v[8]);
    snprintf(rows[7].text, sizeof rows[7].text, "CoDL %.2fx faster with 30%% pruning + int8",
             v[9]);
    snprintf(rows[8].text, sizeof rows[8].text, "%.1fx lower mean latency on a static scene",
             v[10]);
    static const int number[9] = {1, 2, 3, 3, 3, 4, 5, 6, 7};
    /* finding 3's rows: the contention tables of the processors they load */
    const char *scope[9] = {NULL};
    hs_device *mi9 = hs_open_device("xiaomi-mi9", err);
    if (!mi9)
        return -1;
    const hs_proc_kind kinds[3] = {HS_PROC_CPU, HS_PROC_GPU, HS_PROC_DSP};
    char names[3][32];
    for (int i = 0; i < 3; i++) {
        int q = i == 0 ? mi9->host : hs_device_find_kind(mi9, kinds[i]);
        snprintf(names[i], sizeof names[i], "%s", q >= 0 ? mi9->procs[q].name : "");
        scope[2 + i] = names[i];
    }
    hs_device_free(mi9);
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
    fprintf(a.f,
            "# The study's findings, simulated (xiaomi-mi9)\n\n"
            "*evidence*: **calibrated** when the device profile holds numbers set to this "
            "finding's figure (their source cites Liu et al. 2024 and the finding: then it "
            "coming out is no evidence), **emergent** when it came out of mechanisms with "
            "sourced parameters and its direction holds, **not reproduced** when the "
            "direction does not hold. *ratio*: hetsim's number over the study's (over each "
            "end of a range); *magnitude*: matches within a factor %.2f of the study's "
            "value or range, else smaller or larger.\n\n"
            "| finding | study | hetsim | direction holds | evidence | ratio | magnitude |\n"
            "|---|---|---|---|---|---|---|\n",
            HS_FINDING_TOLERANCE);
    fprintf(b.f, "finding,study,hetsim,holds,evidence,ratio,magnitude,calibrated_numbers\n");
    for (int i = 0; i < 9; i++) {
        int citing[HS_PROV_COUNT];
        citing_finding("xiaomi-mi9", number[i], scope[i], citing);
        hs_evidence ev = hs_finding_evidence(rows[i].holds, citing);
        hs_magnitude mag = hs_finding_magnitude(rows[i].ours, rows[i].study);
        char ratio[48];
        ratio_text(&rows[i], ratio, sizeof ratio);
        fprintf(a.f, "| %s | %s | %s | %s | %s | %s | %s |\n", rows[i].finding,
                rows[i].study_text, rows[i].text, rows[i].holds ? "yes" : "no",
                hs_evidence_names[ev], ratio, hs_magnitude_names[mag]);
        fprintf(b.f, "\"%s\",\"%s\",\"%s\",%s,%s,%s,%s,%d\n", rows[i].finding,
                rows[i].study_text, rows[i].text, rows[i].holds ? "yes" : "no",
                hs_evidence_names[ev], ratio, hs_magnitude_names[mag],
                citing[HS_PROV_CALIBRATED] + citing[HS_PROV_SCALED]);
    }
    fprintf(a.f, "\nWhere a magnitude misses, the mechanism or parameter that is missing: see "
                 "README.md (Reproducing the study) and docs/reproduce.md.\n");
    if (hs_repro_contention(dir, jobs, quiet, a.f, err) < 0) {
        hs_afile_abort(&a);
        hs_afile_abort(&b);
        return -1;
    }
    fprintf(a.f, "\nFigures: fig2-latency (every device profile: speedup over the best single "
                 "processor; data fig2-speedup.csv, runs fig2-latency.csv), fig3-support, "
                 "fig4-granularity, fig5-ui (over time: fig5-timeline.csv; trade-off: "
                 "fig5-ui.csv) (CSV, and PNG when plotting is built). Regenerate with "
                 "`hetsim reproduce paper -o DIR`.\n");
    if (hs_afile_commit(&a, err) < 0) {
        hs_afile_abort(&b);
        return -1;
    }
    return hs_afile_commit(&b, err);
}

static int paper(const char *dir, int jobs, int quiet, hs_error *err)
{
    if (mkdir(dir, 0777) < 0 && errno != EEXIST) {
        hs_error_set(err, "%s: cannot create: %s", dir, strerror(errno));
        return -1;
    }
    char ui[PATH_MAX];
    if (find_example("examples/scenarios/ui-and-video.json", ui, sizeof ui, err) < 0)
        return -1;
    hs_sweep *fig5 = NULL; /* the sweep that writes fig5-ui.csv */
    int rc = hs_repro_fig2(dir, FIG2_FRAMES, jobs, quiet, err) < 0 ||
                     plot(dir, "speedup-grid", "fig2-speedup", "fig2-latency", err) < 0 ||
                     run_example(dir, "fig3-support", jobs, quiet, NULL, err) < 0 ||
                     plot(dir, "support", "fig3-support", "fig3-support", err) < 0 ||
                     run_example(dir, "fig4-granularity", jobs, quiet, NULL, err) < 0 ||
                     plot(dir, "granularity", "fig4-granularity", "fig4-granularity", err) < 0 ||
                     run_example(dir, "fig5-ui", jobs, quiet, &fig5, err) < 0 ||
                     hs_repro_fig5_timeline(dir, ui, 250, err) < 0 ||
                     fig5_runtime(dir, fig5, err) < 0 ||
                     plot(dir, "runtime", "fig5-runtime", "fig5-ui", err) < 0
                 ? -1
                 : findings(dir, jobs, quiet, err);
    hs_sweep_free(fig5);
    return rc;
}

int hs_reproduce_paper(const char *dir, int jobs, int quiet, hs_error *err)
{
    if (paper(dir, jobs, quiet, err) == 0)
        return 0;
    /* the inputs are the shipped examples: whatever failed, the run did */
    hs_error_mark(err, HS_ERR_RUNTIME);
    return -1;
}
