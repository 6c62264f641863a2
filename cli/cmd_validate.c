/* hetsim validate: simulated against natively measured latency on this host
 * (analysis/validate.h, analysis/validate_all.h). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analysis/plot.h"
#include "analysis/validate_all.h"
#include "cli/cli.h"
#include "cli/native_opts.h"
#include "policies/policy.h"

static void usage(FILE *f)
{
    fputs("usage: hetsim validate -m MODEL -p POLICY [--hogs K] [--frames N] [-r R] [-o DIR]\n"
          "       hetsim validate --all [-o DIR] [--report FILE.csv] [--plot FILE.png]\n"
          "\n"
          "Simulate POLICY on this host (its profile and native traces, recorded into DIR\n"
          "by hetsim native record when missing), execute the same plan natively, and\n"
          "print simulated against measured per-frame latency (mean, p50, p90), the error\n"
          "and the per-op breakdown of the ops that take longest.\n"
          "  -m, --model NAME|FILE  the model graph\n"
          "  -p, --policy NAME      a static policy (cpu, gpu, mulayer, codl, heft, ...)\n"
          "      --hogs K           K busy-loop threads compete for the CPU (simulated as K\n"
          "                         competitors on the host CPU)\n"
          "  -n, --frames N         measured native frames (default 20; 200 simulated)\n"
          "  -w, --warmup W         unmeasured native frames first (default 3)\n"
          "  -o, --dir DIR          recording directory (default hetsim-native): DIR/NAME.json\n"
          "                         and DIR/traces/NAME/MODEL/ (recorded when missing)\n"
          "  -d, --device FILE      use this host profile instead of DIR/host.json\n"
          "  -r, --repeats R        repeat as pairs: each time record the model's traces\n"
          "                         afresh (DIR/repeat-K/), then run natively right after;\n"
          "                         report the mean error, its 95% confidence interval and\n"
          "                         the noise floor between two recordings (default 3;\n"
          "                         1: one comparison on the existing recording)\n"
          "      --all              every zoo model x cpu, gpu, mulayer, codl x 0, 1, 2 hogs;\n"
          "                         one line per case, a summary, and a CSV report\n"
          "      --models LIST      --all: only these models (comma-separated)\n"
          "      --report FILE      the CSV of --all (default DIR/validation.csv)\n"
          "      --plot FILE        --all: simulated vs measured plot (PNG/PDF/SVG) when\n"
          "                         plotting is built\n"
          "      --samples N, --threads T, --backends LIST, --cl-platform P, --cl-device D,\n"
          "      --splits LIST      recording options (see hetsim native record --help)\n"
          "  -q, --quiet            no progress on stderr\n"
          "\n"
          "Exit status: 0 ok (a missed accuracy target is reported, not an error), 1 a\n"
          "native run failed, 2 bad option or input.\n",
          f);
}

/* How quiet the host was: the load average, and the share of CPU time that
 * other processes and other VMs (steal) took while this command measured
 * (its own threads and hogs are not counted). */
static void print_noise(double l0, double l1, const hs_cpu_snap *a, const hs_cpu_snap *b)
{
    double others, steal;
    hs_cpu_others(a, b, &others, &steal);
    printf("host load (1-min average) %.2f before, %.2f after on %ld online CPUs", l0, l1,
           sysconf(_SC_NPROCESSORS_ONLN));
    if (others >= 0)
        printf("; other processes took %.1f%% and other VMs (steal) %.1f%% of the CPU time",
               100 * others, 100 * steal);
    printf("%s\n", others > 0.05 || steal > 0.05 ? ": timings are noisy" : "");
}

/* What the cases do, as they happen. */
static void report(void *ctx, hs_validate_event ev, const hs_validate_case *c)
{
    const hs_validate_setup *s = ctx;
    int quiet = !s->record.progress;
    if (ev == HS_VALIDATE_RECORDING && !quiet)
        fprintf(stderr, "hetsim validate: recording %s into %s (hetsim native record)\n",
                c->model, s->dir);
    if (ev == HS_VALIDATE_CASE_START && !quiet)
        fprintf(stderr, "hetsim validate: [%d/%d] %s %s, %d hog(s)...\n", c->index, c->total,
                c->model, c->policy, c->hogs);
    if (ev == HS_VALIDATE_REPEAT && !quiet)
        fprintf(stderr, "hetsim validate: %s %s: repetition %d/%d: recording into %s/repeat-%d, "
                        "then running natively\n",
                c->model, c->policy, c->index, c->total, s->dir, c->index);
    if (ev == HS_VALIDATE_CASE_DONE) {
        const hs_validation *v = c->v;
        int ok = fabs(v->err_mean_pct) <= v->target_pct;
        printf("%-14.14s %-8s %4d %10.3f %10.3f %+7.1f%% %5.0f%%", c->model, c->policy,
               c->hogs, v->sim_mean_ms, v->meas.mean_ms, v->err_mean_pct, v->target_pct);
        if (v->paired.n >= 2)
            printf(" %6.1f%% %6.1f%% %-6s", v->paired.err_ci_pct, v->paired.noise_floor_pct,
                   v->paired.within_noise ? "yes" : "no");
        printf("%s\n", ok ? "" : "  missed");
        fflush(stdout);
    }
}

static int validate_one(const hs_validate_setup *s, const char *model, const char *policy)
{
    hs_error err;
    hs_validation v;
    hs_device *d = NULL;
    double l0 = hs_loadavg();
    hs_cpu_snap c0, c1;
    hs_cpu_snap_take(&c0);
    if (hs_validate_paired(s, model, policy, report, (void *)s, &v, &d, &err) < 0)
        return hs_cli_fail("validate", &err);
    hs_cpu_snap_take(&c1);
    hs_validation_print(stdout, &v, d);
    hs_validation_print_paired(stdout, &v);
    print_noise(l0, hs_loadavg(), &c0, &c1);
    hs_validation_free(&v);
    hs_device_free(d);
    return HS_EXIT_OK;
}

static int validate_all(const hs_validate_setup *s, const char *model_list, const char *report_path,
                        const char *plot)
{
    char **models = NULL, buf[1024];
    int n_models = 0, rc = HS_EXIT_RUNTIME;
    if (model_list) { /* the named models, each checked when it is recorded */
        snprintf(buf, sizeof buf, "%s", model_list);
        for (char *t = strtok(buf, ","); t; t = strtok(NULL, ",")) {
            char **grown = realloc(models, (size_t)(n_models + 1) * sizeof *models);
            if (!grown) {
                hs_cli_error("validate", "out of memory");
                goto out;
            }
            models = grown;
            models[n_models++] = t;
        }
        if (n_models == 0) {
            hs_cli_error("validate", "option --models: expected model names separated by commas");
            return HS_EXIT_INPUT;
        }
    }
    hs_error err;
    hs_validate_summary sum;
    printf("%-14s %-8s %4s %10s %10s %8s %6s", "model", "policy", "hogs", "sim ms", "meas ms",
           "error", "target");
    if (s->repeats >= 2)
        printf(" %7s %7s %-6s", "+-95%", "floor", "noise");
    printf("\n");
    if (hs_validate_all(s, models, n_models, report_path, report, (void *)s, &sum, &err) < 0) {
        rc = hs_cli_fail("validate", &err);
        goto out;
    }
    printf("\nsingle-processor plans, no hogs: %d of %d within 5%% (mean |error| %.1f%%)\n",
           sum.met[0], sum.cases[0], sum.cases[0] ? sum.abs_err_sum[0] / sum.cases[0] : 0);
    printf("co-execution or 1-2 hogs:       %d of %d within 10%% (mean |error| %.1f%%)\n",
           sum.met[1], sum.cases[1], sum.cases[1] ? sum.abs_err_sum[1] / sum.cases[1] : 0);
    if (s->repeats >= 2)
        printf("within noise (|error| - 95%% interval <= noise floor): %d of %d single, %d of "
               "%d co-execution or hogs\n",
               sum.within_noise[0], sum.cases[0], sum.within_noise[1], sum.cases[1]);
    print_noise(sum.load_first, sum.load_max, &sum.start, &sum.end);
    printf("report: %s\n", sum.report);
    if (plot) {
        if (!hs_plot_available())
            fprintf(stderr, "hetsim validate: --plot: this build has no plotting (configure "
                            "found no python3-embed); the CSV is written\n");
        else if (hs_plot("validation", sum.report, plot, NULL, &err) < 0) {
            rc = hs_cli_fail("validate", &err);
            goto out;
        } else
            printf("plot: %s\n", plot);
    }
    rc = HS_EXIT_OK;
out:
    free(models);
    return rc;
}

int hs_cmd_validate(int argc, char **argv)
{
    int rc;
    const char *model = NULL, *policy = NULL, *dir = "hetsim-native", *device = NULL;
    const char *report_path = NULL, *plot = NULL, *models = NULL;
    int all = 0;
    long long repeats = 3;
    hs_native_cli n = hs_native_cli_defaults();
    hs_opt shared[HS_NATIVE_CLI_ROWS];
    hs_native_cli_table(&n, shared);
    const hs_opt own[] = {
        HS_OPT_S("model", 'm', &model),
        HS_OPT_S("policy", 'p', &policy),
        HS_OPT_S("dir", 'o', &dir),
        HS_OPT_S("device", 'd', &device),
        HS_OPT_F("all", 0, &all),
        HS_OPT_S("models", 0, &models),
        HS_OPT_S("report", 0, &report_path),
        HS_OPT_S("plot", 0, &plot),
        HS_OPT_I("repeats", 'r', &repeats, 1, 64),
        HS_OPT_END};
    const hs_cli_spec spec = {.cmd = "validate", .usage = usage, .opts = {own, shared},
                              .max_args = 0};
    if ((rc = hs_cli_parse(&spec, argc, argv, NULL)) != HS_CLI_GO)
        return rc;
    if (models && !all) {
        fprintf(stderr, "hetsim validate: --models chooses the models of --all: add --all, or "
                        "give one model with -m\n");
        return HS_EXIT_INPUT;
    }
    hs_validate_setup s = {.dir = dir, .device = device,
                           .record = hs_native_cli_record(&n, "host", 3, 7),
                           .run = {.native = hs_native_cli_measure(&n), .sim_frames = 200,
                                   .seed = 1},
                           .repeats = (int)repeats};
    s.record.warmup = 3; /* recording: as hetsim native record's default */
    if (all) {
        if (model || policy) {
            fprintf(stderr, "hetsim validate: --all runs every model and policy: drop -m/-p\n");
            return HS_EXIT_INPUT;
        }
        return validate_all(&s, models, report_path, plot);
    }
    if (!model || !policy) {
        fprintf(stderr, "hetsim validate: options -m MODEL and -p POLICY are required (or "
                        "--all)\n");
        return HS_EXIT_INPUT;
    }
    if (!hs_policy_find(policy)) {
        fprintf(stderr, "hetsim validate: unknown policy \"%s\" (see `hetsim list policies`)\n",
                policy);
        return HS_EXIT_INPUT;
    }
    return validate_one(&s, model, policy);
}
