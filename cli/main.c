/* hetsim: simulate parallel DL inference on heterogeneous mobile processors. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "config.h"
#include "base/error.h"

static const struct {
    const char *name;
    int (*fn)(int, char **);
    const char *summary;
} commands[] = {
    {"run", hs_cmd_run, "simulate a model on a device under a policy"},
    {"plan", hs_cmd_plan, "print a policy's plan (placement, splits, fallbacks)"},
    {"sweep", hs_cmd_sweep, "run a grid of simulations in parallel into one CSV"},
    {"merge", hs_cmd_merge, "combine the CSVs of a sharded sweep (sweep --shard K/N)"},
    {"stats", hs_cmd_stats, "summarize runs across seeds, compare policies (95% CI)"},
    {"plot", hs_cmd_plot, "draw results with a Python hook (matplotlib)"},
    {"reproduce", hs_cmd_reproduce, "the study's figures and findings (reproduce paper)"},
    {"list", hs_cmd_list, "list devices, models or policies"},
    {"import", hs_cmd_import, "import a profile (TFLite, ONNX Runtime, TensorRT, qed) as a trace"},
    {"bench", hs_cmd_bench, "events/s of the event queue and of the engine"},
    {"trace", hs_cmd_trace, "synthesize per-op traces from a profile (trace synth)"},
    {"estimate", hs_cmd_estimate, "predict per-op latencies of an operator table on a processor"},
    {"native", hs_cmd_native, "measure this host, record traces, run plans with real kernels"},
    {"validate", hs_cmd_validate, "simulated vs natively measured latency on this host"},
};

static void usage(FILE *f)
{
    fprintf(f, "usage: hetsim COMMAND [options]   (hetsim COMMAND --help for each)\n\n");
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].summary);
    fprintf(f, "\n  --version  print the version\n\nData directories: $HETSIM_DATA, "
               "then the source tree (when run from the build tree), then the installed data.\n");
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return HS_EXIT_INPUT;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
        strcmp(argv[1], "help") == 0) {
        usage(stdout);
        return HS_EXIT_OK;
    }
    if (strcmp(argv[1], "--version") == 0) {
        printf("hetsim %s\n", PACKAGE_VERSION);
        return HS_EXIT_OK;
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(argv[1], commands[i].name) == 0)
            return commands[i].fn(argc - 1, argv + 1);
    fprintf(stderr, "hetsim: unknown command \"%s\" (see hetsim --help)\n", argv[1]);
    return HS_EXIT_INPUT;
}
