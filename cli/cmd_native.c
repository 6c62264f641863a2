/* hetsim native: measure this host (probe), record per-op traces (record),
 * execute a policy's plan with real kernels (run). */
#include <errno.h>
#include <getopt.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/native_run.h"
#include "native/hogs.h"
#include "native/host_probe.h"
#include "native/record_dir.h"
#include "sim/catalog.h"
#include "cli/cli.h"
#include "analysis/session.h"

static void usage(FILE *f)
{
    fputs("usage: hetsim native probe|record|run [options]   (hetsim native CMD --help)\n"
          "\n"
          "  probe    measure this host (OpenCL transfers, launch overhead, contention with\n"
          "           CPU hogs, whether the OpenCL device shares the CPU cores) into a\n"
          "           device profile\n"
          "  record   probe, then time every op of a model on the native backends: a host\n"
          "           profile and traces the simulator reads\n"
          "  run      execute a policy's plan natively (CPU workers and the OpenCL queue at\n"
          "           once) and print per-frame latency and a per-op breakdown\n",
          f);
}

/* Options shared by the subcommands. */
typedef struct nopts {
    const char *model, *policy, *device, *out, *name, *backends;
    long long samples, warmup, threads, cl_platform, cl_device, hogs, frames, probe_hogs, reps;
    int n_splits;
    double splits[HS_RECORD_MAX_SPLITS];
    int quiet;
} nopts;

static int parse_splits(const char *cmd, const char *s, nopts *o)
{
    o->n_splits = 0;
    if (!*s)
        return 0;
    char buf[256];
    snprintf(buf, sizeof buf, "%s", s);
    for (char *tok = strtok(buf, ","); tok; tok = strtok(NULL, ",")) {
        char *end;
        errno = 0;
        double v = strtod(tok, &end);
        if (errno || end == tok || *end || !(v > 0 && v < 1) || o->n_splits >= HS_RECORD_MAX_SPLITS) {
            fprintf(stderr, "hetsim %s: option --splits: expected up to %d fractions in (0, 1) "
                            "separated by commas, got \"%s\"\n",
                    cmd, HS_RECORD_MAX_SPLITS, s);
            return -1;
        }
        o->splits[o->n_splits++] = v;
    }
    return 0;
}

/* Which backends --backends names: bit 0 cpu, bit 1 opencl. */
static int parse_backends(const char *cmd, const char *s, unsigned *out)
{
    char buf[128];
    snprintf(buf, sizeof buf, "%s", s);
    *out = 0;
    for (char *tok = strtok(buf, ","); tok; tok = strtok(NULL, ",")) {
        if (strcmp(tok, "cpu") == 0)
            *out |= 1;
        else if (strcmp(tok, "opencl") == 0)
            *out |= 2;
        else {
            fprintf(stderr, "hetsim %s: option --backends: expected a comma-separated list of "
                            "cpu, opencl; got \"%s\"\n",
                    cmd, s);
            return -1;
        }
    }
    if (!(*out & 1)) {
        fprintf(stderr, "hetsim %s: option --backends: expected cpu among the backends (the host "
                        "runs the frame inputs, outputs and fallbacks), got \"%s\"\n",
                cmd, s);
        return -1;
    }
    return 0;
}

static int parse(const char *cmd, int argc, char **argv, nopts *o, void (*help)(FILE *))
{
    static const struct option lo[] = {
        {"model", required_argument, 0, 'm'},      {"policy", required_argument, 0, 'p'},
        {"device", required_argument, 0, 'd'},     {"output", required_argument, 0, 'o'},
        {"name", required_argument, 0, 'N'},       {"backends", required_argument, 0, 'B'},
        {"samples", required_argument, 0, 's'},    {"warmup", required_argument, 0, 'w'},
        {"threads", required_argument, 0, 't'},    {"cl-platform", required_argument, 0, 'P'},
        {"cl-device", required_argument, 0, 'D'},  {"hogs", required_argument, 0, 'k'},
        {"frames", required_argument, 0, 'n'},     {"splits", required_argument, 0, 'S'},
        {"probe-hogs", required_argument, 0, 'K'}, {"reps", required_argument, 0, 'R'},
        {"quiet", no_argument, 0, 'q'},            {"help", no_argument, 0, 'h'},
        {0, 0, 0, 0}};
    int c;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":m:p:d:o:n:s:w:t:qh", lo, NULL)) != -1) {
        switch (c) {
        case 'm': o->model = optarg; break;
        case 'p': o->policy = optarg; break;
        case 'd': o->device = optarg; break;
        case 'o': o->out = optarg; break;
        case 'N': o->name = optarg; break;
        case 'B': o->backends = optarg; break;
        case 'q': o->quiet = 1; break;
        case 's':
            if (hs_cli_int(cmd, "--samples", optarg, 1, 100000, &o->samples) < 0)
                return -1;
            break;
        case 'w':
            if (hs_cli_int(cmd, "--warmup", optarg, 0, 100000, &o->warmup) < 0)
                return -1;
            break;
        case 't':
            if (hs_cli_int(cmd, "--threads", optarg, 1, 64, &o->threads) < 0)
                return -1;
            break;
        case 'P':
            if (hs_cli_int(cmd, "--cl-platform", optarg, 0, 63, &o->cl_platform) < 0)
                return -1;
            break;
        case 'D':
            if (hs_cli_int(cmd, "--cl-device", optarg, 0, 63, &o->cl_device) < 0)
                return -1;
            break;
        case 'k':
            if (hs_cli_int(cmd, "--hogs", optarg, 0, HS_MAX_HOGS, &o->hogs) < 0)
                return -1;
            break;
        case 'K':
            if (hs_cli_int(cmd, "--probe-hogs", optarg, 0, HS_PROBE_MAX_HOGS, &o->probe_hogs) < 0)
                return -1;
            break;
        case 'R':
            if (hs_cli_int(cmd, "--reps", optarg, 3, 64, &o->reps) < 0)
                return -1;
            break;
        case 'n':
            if (hs_cli_int(cmd, "--frames", optarg, 1, 1000000, &o->frames) < 0)
                return -1;
            break;
        case 'S':
            if (parse_splits(cmd, optarg, o) < 0)
                return -1;
            break;
        case 'h': help(stdout); return 1;
        case ':':
            fprintf(stderr, "hetsim %s: option %s needs a value\n", cmd, argv[optind - 1]);
            return -1;
        default:
            fprintf(stderr, "hetsim %s: unknown option \"%s\" (see hetsim %s --help)\n", cmd,
                    argv[optind - 1], cmd);
            return -1;
        }
    }
    if (optind < argc) {
        fprintf(stderr, "hetsim %s: unexpected argument \"%s\" (see hetsim %s --help)\n", cmd,
                argv[optind], cmd);
        return -1;
    }
    return 0;
}

static nopts defaults(void)
{
    nopts o = {.name = "host", .backends = "cpu,opencl", .samples = 10, .warmup = 3,
               .threads = 0, .cl_platform = -1, .cl_device = -1, .hogs = 0, .frames = 20,
               .probe_hogs = 3, .reps = 7, .n_splits = 3, .splits = {0.25, 0.5, 0.75}};
    return o;
}

static hs_record_dir_opts record_opts(const nopts *o, unsigned backends)
{
    hs_record_dir_opts r = {.name = o->name, .use_cl = (backends & 2) != 0,
                            .samples = (int)o->samples, .warmup = (int)o->warmup,
                            .threads = (int)o->threads, .cl_platform = (int)o->cl_platform,
                            .cl_device = (int)o->cl_device, .n_splits = o->n_splits,
                            .probe_hogs = (int)o->probe_hogs, .reps = (int)o->reps,
                            .progress = !o->quiet};
    memcpy(r.splits, o->splits, sizeof r.splits);
    return r;
}

/* ---- probe ---- */
static void probe_usage(FILE *f)
{
    fputs("usage: hetsim native probe -o FILE [--name NAME] [--threads T] [--probe-hogs K]\n"
          "                           [--backends cpu[,opencl]] [--cl-platform P --cl-device D]\n"
          "\n"
          "Measure this host and write it as a device profile (\"recorded\": \"native\").\n"
          "  -o, --output FILE    the profile to write (atomically)\n"
          "      --name NAME      the profile's device name (default host)\n"
          "  -t, --threads T      threads of the CPU backend (default: online cores)\n"
          "      --probe-hogs K   contention measured with 0..K busy-loop threads (default 3)\n"
          "      --reps R         repetitions per measured point (default 7)\n"
          "      --backends LIST  cpu,opencl (default) or cpu (no OpenCL figures)\n"
          "      --cl-platform P, --cl-device D   the OpenCL device (default: the first GPU\n"
          "                       of any platform, else the first device)\n"
          "  -q, --quiet          no progress on stderr\n",
          f);
}

static int cmd_probe(int argc, char **argv)
{
    nopts o = defaults();
    int r = parse("native probe", argc, argv, &o, probe_usage);
    if (r)
        return r > 0 ? HS_EXIT_OK : HS_EXIT_INPUT;
    unsigned be;
    if (parse_backends("native probe", o.backends, &be) < 0)
        return HS_EXIT_INPUT;
    if (!o.out) {
        fprintf(stderr, "hetsim native probe: option -o FILE is required\n");
        return HS_EXIT_INPUT;
    }
    hs_error err;
    hs_record_dir_opts ro = record_opts(&o, be);
    if (hs_native_probe_write(&ro, o.out, &err) < 0) {
        hs_cli_error("native probe", err.msg);
        return HS_EXIT_RUNTIME;
    }
    if (!o.quiet)
        fprintf(stderr, "hetsim native probe: wrote %s\n", o.out);
    return HS_EXIT_OK;
}

/* ---- record ---- */
static void record_usage(FILE *f)
{
    fputs("usage: hetsim native record -m MODEL -o DIR [--backends cpu,opencl] [--samples N]\n"
          "                            [--warmup W] [--threads T] [--splits F,F,...]\n"
          "                            [--cl-platform P --cl-device D] [--name NAME]\n"
          "\n"
          "Measure this host (see hetsim native probe) into DIR/NAME.json, unless that file\n"
          "exists, then time every op of MODEL on each backend into\n"
          "DIR/traces/NAME/MODEL/{cpu,gpu}.json. Then `hetsim run -d DIR/NAME.json -m MODEL`\n"
          "simulates this host.\n"
          "  -m, --model NAME|FILE  the model graph\n"
          "  -o, --output DIR       where to write (created)\n"
          "      --backends LIST    cpu,opencl (default) or cpu\n"
          "  -s, --samples N        timed runs per op (default 10)\n"
          "  -w, --warmup W         untimed runs first (default 3)\n"
          "  -t, --threads T        CPU backend threads (default: online cores)\n"
          "      --splits LIST      fractions of each op's output (channels) also timed, for\n"
          "                         co-execution plans (default 0.25,0.5,0.75; \"\" for none)\n"
          "      --probe-hogs K     contention measured with 0..K hogs (default 3)\n"
          "      --name NAME        device name of the profile (default host)\n"
          "  -q, --quiet            no progress on stderr\n",
          f);
}

static int cmd_record(int argc, char **argv)
{
    nopts o = defaults();
    int r = parse("native record", argc, argv, &o, record_usage);
    if (r)
        return r > 0 ? HS_EXIT_OK : HS_EXIT_INPUT;
    unsigned be;
    if (parse_backends("native record", o.backends, &be) < 0)
        return HS_EXIT_INPUT;
    if (!o.model || !o.out) {
        fprintf(stderr, "hetsim native record: options -m MODEL and -o DIR are required\n");
        return HS_EXIT_INPUT;
    }
    hs_error err;
    /* a bad model is an input error: check before measuring anything */
    hs_graph *g = hs_open_model(o.model, &err);
    if (!g) {
        hs_cli_error("native record", err.msg);
        return HS_EXIT_INPUT;
    }
    hs_graph_free(g);
    hs_record_dir_opts ro = record_opts(&o, be);
    if (hs_native_record_dir(o.model, o.out, &ro, &err) < 0) {
        hs_cli_error("native record", err.msg);
        return HS_EXIT_RUNTIME;
    }
    return HS_EXIT_OK;
}

/* ---- run ---- */
static void run_usage(FILE *f)
{
    fputs("usage: hetsim native run -m MODEL -p POLICY -d HOSTPROFILE [--frames N] [--hogs K]\n"
          "                         [--warmup W] [--threads T] [--cl-platform P --cl-device D]\n"
          "\n"
          "Build POLICY's plan for the host profile (as hetsim plan/run do, with operator-\n"
          "support fallback) and execute it with real kernels: one thread drives each\n"
          "backend, split ops run their parts at once, data crossing backends is moved.\n"
          "  -d, --device FILE    the host profile (hetsim native record/probe writes it)\n"
          "  -n, --frames N       measured frames (default 20)\n"
          "  -w, --warmup W       unmeasured frames first (default 3)\n"
          "      --hogs K         K busy-loop threads compete for the CPU meanwhile\n"
          "  -t, --threads T      CPU backend threads (default: the profile's cpu cores)\n"
          "  -q, --quiet          no progress on stderr\n",
          f);
}

static int cmd_run(int argc, char **argv)
{
    nopts o = defaults();
    int r = parse("native run", argc, argv, &o, run_usage);
    if (r)
        return r > 0 ? HS_EXIT_OK : HS_EXIT_INPUT;
    if (!o.model || !o.policy || !o.device) {
        fprintf(stderr, "hetsim native run: options -m MODEL, -p POLICY and -d HOSTPROFILE are "
                        "required\n");
        return HS_EXIT_INPUT;
    }
    hs_error err;
    hs_device *d = hs_open_device(o.device, &err);
    if (!d) {
        hs_cli_error("native run", err.msg);
        return HS_EXIT_INPUT;
    }
    hs_native_measure meas;
    hs_native_measure_opts mo = {.frames = (int)o.frames, .warmup = (int)o.warmup,
                                 .hogs = (int)o.hogs, .threads = (int)o.threads,
                                 .cl_platform = (int)o.cl_platform, .cl_device = (int)o.cl_device,
                                 .progress = !o.quiet};
    int rc = hs_native_measure_policy(d, o.model, o.policy, &mo, &meas, &err);
    if (rc != 0) {
        hs_cli_error("native run", err.msg);
        hs_device_free(d);
        return rc;
    }
    hs_native_measure_print(stdout, &meas, d);
    hs_native_measure_free(&meas);
    hs_device_free(d);
    return HS_EXIT_OK;
}

int hs_cmd_native(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return HS_EXIT_INPUT;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        usage(stdout);
        return HS_EXIT_OK;
    }
    if (strcmp(argv[1], "probe") == 0)
        return cmd_probe(argc - 1, argv + 1);
    if (strcmp(argv[1], "record") == 0)
        return cmd_record(argc - 1, argv + 1);
    if (strcmp(argv[1], "run") == 0)
        return cmd_run(argc - 1, argv + 1);
    fprintf(stderr, "hetsim native: unknown subcommand \"%s\": expected probe, record or run\n",
            argv[1]);
    return HS_EXIT_INPUT;
}
