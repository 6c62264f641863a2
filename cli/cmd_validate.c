/* hetsim validate: simulated against natively measured latency on this host. */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analysis/plot.h"
#include "analysis/validate.h"
#include "native/hogs.h"
#include "native/record_dir.h"
#include "policies/policy.h"
#include "base/atomic_file.h"
#include "sim/catalog.h"
#include "cli/cli.h"
#include "base/datapath.h"

static void usage(FILE *f)
{
    fputs("usage: hetsim validate -m MODEL -p POLICY [--hogs K] [--frames N] [-o DIR]\n"
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

typedef struct vopts {
    const char *model, *policy, *dir, *device, *report, *plot, *backends;
    const char *models; /* --all: comma-separated models instead of the whole zoo */
    long long hogs, frames, warmup, samples, threads, cl_platform, cl_device;
    int all, quiet, n_splits;
    double splits[HS_RECORD_MAX_SPLITS];
} vopts;

static int parse_splits(const char *s, vopts *o)
{
    o->n_splits = 0;
    char buf[256];
    snprintf(buf, sizeof buf, "%s", s);
    for (char *tok = strtok(buf, ","); tok; tok = strtok(NULL, ",")) {
        char *end;
        double v = strtod(tok, &end);
        if (end == tok || *end || !(v > 0 && v < 1) || o->n_splits >= HS_RECORD_MAX_SPLITS) {
            fprintf(stderr, "hetsim validate: option --splits: expected up to %d fractions in "
                            "(0, 1) separated by commas, got \"%s\"\n",
                    HS_RECORD_MAX_SPLITS, s);
            return -1;
        }
        o->splits[o->n_splits++] = v;
    }
    return 0;
}

/* Make sure DIR holds the host profile and MODEL's traces. */
static int ensure_recorded(const vopts *o, const char *model, hs_error *err)
{
    hs_graph *g = hs_open_model(model, err);
    if (!g)
        return HS_EXIT_INPUT;
    char probe[8192];
    snprintf(probe, sizeof probe, "%s/traces/host/%s/cpu.json", o->dir, g->name);
    hs_graph_free(g);
    if (o->device || access(probe, R_OK) == 0)
        return 0;
    hs_record_dir_opts ro = {.name = "host", .use_cl = strstr(o->backends, "opencl") != NULL,
                             .samples = (int)o->samples, .warmup = 3, .threads = (int)o->threads,
                             .cl_platform = (int)o->cl_platform, .cl_device = (int)o->cl_device,
                             .n_splits = o->n_splits, .probe_hogs = 3, .reps = 7,
                             .progress = !o->quiet};
    memcpy(ro.splits, o->splits, sizeof ro.splits);
    if (!o->quiet)
        fprintf(stderr, "hetsim validate: recording %s into %s (hetsim native record)\n", model,
                o->dir);
    return hs_native_record_dir(model, o->dir, &ro, err) < 0 ? HS_EXIT_RUNTIME : 0;
}

static hs_validate_opts vo_of(const vopts *o, int hogs)
{
    hs_validate_opts vo = {.native = {.frames = (int)o->frames, .warmup = (int)o->warmup,
                                      .hogs = hogs, .threads = (int)o->threads,
                                      .cl_platform = (int)o->cl_platform,
                                      .cl_device = (int)o->cl_device, .progress = !o->quiet},
                           .sim_frames = 200, .seed = 1};
    return vo;
}

static hs_device *open_host(const vopts *o, hs_error *err)
{
    char path[4200];
    if (o->device)
        snprintf(path, sizeof path, "%s", o->device);
    else
        snprintf(path, sizeof path, "%s/host.json", o->dir);
    return hs_open_device(path, err);
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

static int validate_one(const vopts *o)
{
    hs_error err;
    int rc = ensure_recorded(o, o->model, &err);
    if (rc) {
        hs_cli_error("validate", err.msg);
        return rc;
    }
    hs_device *d = open_host(o, &err);
    if (!d) {
        hs_cli_error("validate", err.msg);
        return HS_EXIT_INPUT;
    }
    hs_validation v;
    hs_validate_opts vo = vo_of(o, (int)o->hogs);
    double l0 = hs_loadavg();
    hs_cpu_snap c0, c1;
    hs_cpu_snap_take(&c0);
    rc = hs_validate_one(d, o->model, o->policy, &vo, &v, &err);
    hs_cpu_snap_take(&c1);
    if (rc) {
        hs_cli_error("validate", err.msg);
        hs_device_free(d);
        return rc;
    }
    hs_validation_print(stdout, &v, d);
    print_noise(l0, hs_loadavg(), &c0, &c1);
    hs_validation_free(&v);
    hs_device_free(d);
    return HS_EXIT_OK;
}

static int validate_all(const vopts *o)
{
    static const char *const policies[] = {"cpu", "gpu", "mulayer", "codl"};
    static const int hogs[] = {0, 1, 2};
    hs_error err;
    char **models = NULL;
    int n_models = 0, rc = HS_EXIT_RUNTIME;
    if (o->models) { /* the named models, each checked when it is recorded */
        char buf[1024];
        snprintf(buf, sizeof buf, "%s", o->models);
        for (char *t = strtok(buf, ","); t; t = strtok(NULL, ",")) {
            char **grown = realloc(models, (size_t)(n_models + 1) * sizeof *models);
            if (!grown || !(grown[n_models] = strdup(t))) {
                models = grown ? grown : models;
                hs_cli_error("validate", "out of memory");
                goto out;
            }
            models = grown;
            n_models++;
        }
        if (n_models == 0) {
            hs_cli_error("validate", "option --models: expected model names separated by commas");
            return HS_EXIT_INPUT;
        }
    } else if (hs_data_list("traces/models", &models, &n_models) < 0 || n_models == 0) {
        hs_cli_error("validate", "no zoo models found (traces/models in the data directories)");
        return HS_EXIT_INPUT;
    }
    char report[4200];
    snprintf(report, sizeof report, "%s", o->report ? o->report : "");
    if (!o->report) {
        if (hs_mkdirs(o->dir, &err) < 0) {
            hs_cli_error("validate", err.msg);
            goto out;
        }
        snprintf(report, sizeof report, "%s/validation.csv", o->dir);
    }
    hs_afile f;
    if (hs_afile_open(&f, report, &err) < 0) {
        hs_cli_error("validate", err.msg);
        goto out;
    }
    hs_validation_csv_header(f.f);
    int n_cases = n_models * 4 * 3, done = 0;
    int met[2] = {0, 0}, cases[2] = {0, 0};
    double abs_sum[2] = {0, 0}, load_max = 0, load_first = hs_loadavg();
    hs_cpu_snap c_start, c_end;
    hs_cpu_snap_take(&c_start);
    printf("%-14s %-8s %4s %10s %10s %8s %6s\n", "model", "policy", "hogs", "sim ms", "meas ms",
           "error", "target");
    for (int mi = 0; mi < n_models; mi++) {
        if ((rc = ensure_recorded(o, models[mi], &err)) != 0) {
            hs_cli_error("validate", err.msg);
            hs_afile_abort(&f);
            goto out;
        }
        hs_device *d = open_host(o, &err);
        if (!d) {
            hs_cli_error("validate", err.msg);
            hs_afile_abort(&f);
            rc = HS_EXIT_INPUT;
            goto out;
        }
        int has_gpu = hs_device_find_kind(d, HS_PROC_GPU) >= 0;
        for (int pi = 0; pi < 4; pi++)
            for (int hi = 0; hi < 3; hi++) {
                done++;
                if (pi > 0 && !has_gpu)
                    continue;
                hs_validation v;
                hs_validate_opts vo = vo_of(o, hogs[hi]);
                vo.native.progress = 0;
                double l0 = hs_loadavg();
                hs_cpu_snap c0, c1;
                hs_cpu_snap_take(&c0);
                if (!o->quiet)
                    fprintf(stderr, "hetsim validate: [%d/%d] %s %s, %d hog(s)...\n", done,
                            n_cases, models[mi], policies[pi], hogs[hi]);
                int r = hs_validate_one(d, models[mi], policies[pi], &vo, &v, &err);
                if (r) {
                    hs_cli_error("validate", err.msg);
                    hs_afile_abort(&f);
                    hs_device_free(d);
                    rc = r;
                    goto out;
                }
                double l1 = hs_loadavg(), others, steal;
                hs_cpu_snap_take(&c1);
                hs_cpu_others(&c0, &c1, &others, &steal);
                if (l1 > load_max)
                    load_max = l1;
                hs_validation_csv_row(f.f, &v, models[mi], policies[pi], hogs[hi], l0, l1,
                                      others, steal);
                int cat = v.coexec || hogs[hi] > 0;
                int ok = fabs(v.err_mean_pct) <= v.target_pct;
                cases[cat]++;
                met[cat] += ok;
                abs_sum[cat] += fabs(v.err_mean_pct);
                printf("%-14.14s %-8s %4d %10.3f %10.3f %+7.1f%% %5.0f%%%s\n", models[mi],
                       policies[pi], hogs[hi], v.sim_mean_ms, v.meas.mean_ms, v.err_mean_pct,
                       v.target_pct, ok ? "" : "  missed");
                fflush(stdout);
                hs_validation_free(&v);
            }
        hs_device_free(d);
    }
    if (hs_afile_commit(&f, &err) < 0) {
        hs_cli_error("validate", err.msg);
        goto out;
    }
    printf("\nsingle-processor plans, no hogs: %d of %d within 5%% (mean |error| %.1f%%)\n",
           met[0], cases[0], cases[0] ? abs_sum[0] / cases[0] : 0);
    printf("co-execution or 1-2 hogs:       %d of %d within 10%% (mean |error| %.1f%%)\n", met[1],
           cases[1], cases[1] ? abs_sum[1] / cases[1] : 0);
    hs_cpu_snap_take(&c_end);
    print_noise(load_first, load_max, &c_start, &c_end);
    printf("report: %s\n", report);
    if (o->plot) {
        if (!hs_plot_available())
            fprintf(stderr, "hetsim validate: --plot: this build has no plotting (configure "
                            "found no python3-embed); the CSV is written\n");
        else if (hs_plot("validation", report, o->plot, NULL, &err) < 0) {
            hs_cli_error("validate", err.msg);
            goto out;
        } else
            printf("plot: %s\n", o->plot);
    }
    rc = HS_EXIT_OK;
out:
    for (int i = 0; i < n_models; i++)
        free(models[i]);
    free(models);
    return rc;
}

int hs_cmd_validate(int argc, char **argv)
{
    static const struct option lo[] = {
        {"model", required_argument, 0, 'm'},     {"policy", required_argument, 0, 'p'},
        {"hogs", required_argument, 0, 'k'},      {"frames", required_argument, 0, 'n'},
        {"warmup", required_argument, 0, 'w'},    {"dir", required_argument, 0, 'o'},
        {"device", required_argument, 0, 'd'},    {"all", no_argument, 0, 'A'},
        {"report", required_argument, 0, 'R'},    {"plot", required_argument, 0, 'G'},
        {"samples", required_argument, 0, 's'},   {"threads", required_argument, 0, 't'},
        {"backends", required_argument, 0, 'B'},  {"cl-platform", required_argument, 0, 'P'},
        {"cl-device", required_argument, 0, 'D'}, {"splits", required_argument, 0, 'S'},
        {"quiet", no_argument, 0, 'q'},           {"help", no_argument, 0, 'h'},
        {"models", required_argument, 0, 'M'},    {0, 0, 0, 0}};
    vopts o = {.dir = "hetsim-native", .backends = "cpu,opencl", .frames = 20, .warmup = 3,
               .samples = 10, .cl_platform = -1, .cl_device = -1, .n_splits = 3,
               .splits = {0.25, 0.5, 0.75}};
    int c;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":m:p:n:w:o:d:s:t:qh", lo, NULL)) != -1) {
        switch (c) {
        case 'm': o.model = optarg; break;
        case 'p': o.policy = optarg; break;
        case 'o': o.dir = optarg; break;
        case 'd': o.device = optarg; break;
        case 'A': o.all = 1; break;
        case 'M': o.models = optarg; break;
        case 'R': o.report = optarg; break;
        case 'G': o.plot = optarg; break;
        case 'B': o.backends = optarg; break;
        case 'q': o.quiet = 1; break;
        case 'k':
            if (hs_cli_int("validate", "--hogs", optarg, 0, HS_MAX_HOGS, &o.hogs) < 0)
                return HS_EXIT_INPUT;
            break;
        case 'n':
            if (hs_cli_int("validate", "--frames", optarg, 1, 1000000, &o.frames) < 0)
                return HS_EXIT_INPUT;
            break;
        case 'w':
            if (hs_cli_int("validate", "--warmup", optarg, 0, 100000, &o.warmup) < 0)
                return HS_EXIT_INPUT;
            break;
        case 's':
            if (hs_cli_int("validate", "--samples", optarg, 1, 100000, &o.samples) < 0)
                return HS_EXIT_INPUT;
            break;
        case 't':
            if (hs_cli_int("validate", "--threads", optarg, 1, 64, &o.threads) < 0)
                return HS_EXIT_INPUT;
            break;
        case 'P':
            if (hs_cli_int("validate", "--cl-platform", optarg, 0, 63, &o.cl_platform) < 0)
                return HS_EXIT_INPUT;
            break;
        case 'D':
            if (hs_cli_int("validate", "--cl-device", optarg, 0, 63, &o.cl_device) < 0)
                return HS_EXIT_INPUT;
            break;
        case 'S':
            if (parse_splits(optarg, &o) < 0)
                return HS_EXIT_INPUT;
            break;
        case 'h': usage(stdout); return HS_EXIT_OK;
        case ':':
            fprintf(stderr, "hetsim validate: option %s needs a value\n", argv[optind - 1]);
            return HS_EXIT_INPUT;
        default:
            fprintf(stderr, "hetsim validate: unknown option \"%s\" (see hetsim validate --help)\n",
                    argv[optind - 1]);
            return HS_EXIT_INPUT;
        }
    }
    if (optind < argc) {
        fprintf(stderr, "hetsim validate: unexpected argument \"%s\" (see hetsim validate "
                        "--help)\n",
                argv[optind]);
        return HS_EXIT_INPUT;
    }
    if (strcmp(o.backends, "cpu") != 0 && strcmp(o.backends, "cpu,opencl") != 0 &&
        strcmp(o.backends, "opencl,cpu") != 0) {
        fprintf(stderr, "hetsim validate: option --backends: expected cpu or cpu,opencl, got "
                        "\"%s\"\n",
                o.backends);
        return HS_EXIT_INPUT;
    }
    if (o.models && !o.all) {
        fprintf(stderr, "hetsim validate: --models chooses the models of --all: add --all, or "
                        "give one model with -m\n");
        return HS_EXIT_INPUT;
    }
    if (o.all) {
        if (o.model || o.policy) {
            fprintf(stderr, "hetsim validate: --all runs every model and policy: drop -m/-p\n");
            return HS_EXIT_INPUT;
        }
        return validate_all(&o);
    }
    if (!o.model || !o.policy) {
        fprintf(stderr, "hetsim validate: options -m MODEL and -p POLICY are required (or "
                        "--all)\n");
        return HS_EXIT_INPUT;
    }
    if (!hs_policy_find(o.policy)) {
        fprintf(stderr, "hetsim validate: unknown policy \"%s\" (see `hetsim list policies`)\n",
                o.policy);
        return HS_EXIT_INPUT;
    }
    return validate_one(&o);
}
