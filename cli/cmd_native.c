/* hetsim native: measure this host (probe), record per-op traces (record),
 * execute a policy's plan with real kernels (run). */
#include <stdio.h>
#include <string.h>

#include "analysis/native_run.h"
#include "cli/cli.h"
#include "cli/native_opts.h"
#include "native/host_probe.h"
#include "native/record_dir.h"
#include "sim/catalog.h"

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

/* Options of the subcommands (one table for all three, hs_cmd_native). */
typedef struct nopts {
    const char *model, *policy, *device, *out, *name;
    long long probe_hogs, reps;
    hs_native_cli n;
} nopts;

static hs_record_dir_opts record_opts(const nopts *o)
{
    return hs_native_cli_record(&o->n, o->name, (int)o->probe_hogs, (int)o->reps);
}

/* ---- probe ---- */
static void probe_usage(FILE *f)
{
    fputs("usage: hetsim native probe -o FILE [--name NAME] [--threads T] [--probe-hogs K]\n"
          "                           [--backends cpu[,opencl]] [--cl-platform P --cl-device D]\n"
          "\n"
          "Measure this host and write it as a device profile (\"recorded\": \"native\"):\n"
          "transfers, launch cost, contention with 0..K hogs (also per op length), the\n"
          "costs of co-execution (\"coexec\": a meeting at a split, partial-kernel dispatch,\n"
          "conversion, co-run interference; docs/native.md), and the rates of the backends'\n"
          "own kernels per op class (a calibration graph of typical CNN layers run op by op;\n"
          "the profile's op_models), which price ops that have no trace.\n"
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

static int cmd_probe(const nopts *o)
{
    if (!o->out) {
        fprintf(stderr, "hetsim native probe: option -o FILE is required\n");
        return HS_EXIT_INPUT;
    }
    hs_error err;
    hs_record_dir_opts ro = record_opts(o);
    ro.cmd = "hetsim native probe";
    if (hs_native_probe_write(&ro, o->out, &err) < 0) {
        /* the probe's messages start "probe: " (for native record): not twice here */
        if (strncmp(err.msg, "probe: ", 7) == 0)
            memmove(err.msg, err.msg + 7, strlen(err.msg + 7) + 1);
        return hs_cli_fail("native probe", &err);
    }
    if (!o->n.quiet)
        fprintf(stderr, "hetsim native probe: wrote %s\n", o->out);
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
          "      --splits LIST      fractions of each op's output (channels, then height) also\n"
          "                         timed, for co-execution plans (default 0.25,0.5,0.75;\n"
          "                         \"\" for none)\n"
          "      --probe-hogs K     contention measured with 0..K hogs (default 3)\n"
          "      --name NAME        device name of the profile (default host)\n"
          "  -q, --quiet            no progress on stderr\n",
          f);
}

static int cmd_record(const nopts *o)
{
    if (!o->model || !o->out) {
        fprintf(stderr, "hetsim native record: options -m MODEL and -o DIR are required\n");
        return HS_EXIT_INPUT;
    }
    hs_error err;
    hs_record_dir_opts ro = record_opts(o);
    if (hs_native_record_dir(o->model, o->out, &ro, &err) < 0)
        return hs_cli_fail("native record", &err);
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

static int cmd_run(const nopts *o)
{
    if (!o->model || !o->policy || !o->device) {
        fprintf(stderr, "hetsim native run: options -m MODEL, -p POLICY and -d HOSTPROFILE are "
                        "required\n");
        return HS_EXIT_INPUT;
    }
    hs_error err;
    hs_device *d = hs_open_device(o->device, &err);
    if (!d)
        return hs_cli_fail("native run", &err);
    hs_native_measure meas;
    hs_native_measure_opts mo = hs_native_cli_measure(&o->n);
    int rc = HS_EXIT_OK;
    if (hs_native_measure_policy(d, o->model, o->policy, &mo, &meas, &err) < 0) {
        rc = hs_cli_fail("native run", &err);
    } else {
        hs_native_measure_print(stdout, &meas, d);
        hs_native_measure_free(&meas);
    }
    hs_device_free(d);
    return rc;
}

int hs_cmd_native(int argc, char **argv)
{
    static const struct {
        const char *name, *cmd;
        void (*usage)(FILE *f);
        int (*run)(const nopts *o);
    } subs[] = {{"probe", "native probe", probe_usage, cmd_probe},
                {"record", "native record", record_usage, cmd_record},
                {"run", "native run", run_usage, cmd_run}};
    if (argc < 2) {
        usage(stderr);
        return HS_EXIT_INPUT;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        usage(stdout);
        return HS_EXIT_OK;
    }
    for (size_t i = 0; i < sizeof subs / sizeof subs[0]; i++) {
        if (strcmp(argv[1], subs[i].name) != 0)
            continue;
        /* the shared options (native_opts.h) and those of the subcommands */
        nopts o = {.name = "host", .probe_hogs = 3, .reps = 7, .n = hs_native_cli_defaults()};
        hs_opt shared[HS_NATIVE_CLI_ROWS];
        hs_native_cli_table(&o.n, shared);
        const hs_opt own[] = {
            HS_OPT_S("model", 'm', &o.model),
            HS_OPT_S("policy", 'p', &o.policy),
            HS_OPT_S("device", 'd', &o.device),
            HS_OPT_S("output", 'o', &o.out),
            HS_OPT_S("name", 0, &o.name),
            HS_OPT_I("probe-hogs", 0, &o.probe_hogs, 0, HS_PROBE_MAX_HOGS),
            HS_OPT_I("reps", 0, &o.reps, 3, 64),
            HS_OPT_END};
        const hs_cli_spec spec = {.cmd = subs[i].cmd, .usage = subs[i].usage,
                                  .opts = {own, shared}, .max_args = 0};
        int rc = hs_cli_parse(&spec, argc - 1, argv + 1, NULL);
        return rc != HS_CLI_GO ? rc : subs[i].run(&o);
    }
    fprintf(stderr, "hetsim native: unknown subcommand \"%s\": expected probe, record or run\n",
            argv[1]);
    return HS_EXIT_INPUT;
}
