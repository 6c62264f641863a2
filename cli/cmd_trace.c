/* hetsim trace synth: write synthesized per-op traces of a model on a device. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "sim/catalog.h"
#include "sim/synth.h"

static void usage(FILE *f)
{
    fputs("usage: hetsim trace synth -d DEVICE -m MODEL [-P PROCESSOR] [--samples N]\n"
          "                          [--cv X] [--seed S] -o PATH\n"
          "\n"
          "Synthesize per-op latency traces from the device profile's latency model with\n"
          "log-normal noise (\"recorded\": \"synthesized\"), one sample list per op.\n"
          "With -P, write that processor's trace to the file PATH; without, write\n"
          "PATH/DEVICE/MODEL/PROCESSOR.json for every processor that can run the model\n"
          "(the layout hetsim reads traces from, e.g. -o traces).\n"
          "\n"
          "  -d, --device NAME|FILE    device profile\n"
          "  -m, --model NAME|FILE     model graph\n"
          "  -P, --processor NAME      one processor only\n"
          "      --samples N           samples per op (default 16)\n"
          "      --cv X                coefficient of variation (default per kind: cpu 0.033,\n"
          "                            gpu 0.0025, dsp/npu 0.01)\n"
          "      --seed S              random seed (default 1)\n"
          "  -o, --output PATH         file (with -P) or directory\n",
          f);
}

/* One processor done: where its trace went, or why it was skipped. */
static void note(void *ctx, const char *proc, const char *path, const hs_trace *t,
                 const char *why)
{
    (void)ctx;
    if (!t)
        fprintf(stderr, "hetsim trace synth: skipped %s (%s)\n", proc, why);
    else if (strcmp(path, "-") != 0)
        printf("%s: %d ops, %s\n", path, t->n_ops, hs_dtype_name(t->dtype));
}

static int synth_main(int argc, char **argv)
{
    int rc;
    const char *device = NULL, *model = NULL, *proc = NULL, *output = NULL;
    long long samples = 16, seed = 1;
    double cv = -1;
    const hs_opt opts[] = {
        HS_OPT_S("device", 'd', &device),
        HS_OPT_S("model", 'm', &model),
        HS_OPT_S("processor", 'P', &proc),
        HS_OPT_I("samples", 0, &samples, 1, 100000),
        HS_OPT_D("cv", 0, &cv, 0, 10),
        HS_OPT_I("seed", 0, &seed, 0, 9007199254740991LL),
        HS_OPT_S("output", 'o', &output),
        HS_OPT_END};
    const hs_cli_spec spec = {.cmd = "trace synth", .usage = usage, .opts = {opts}, .max_args = 0,
                              .synopsis = "-d DEVICE -m MODEL -o PATH",
                              .need = {&device, &model, &output}};
    if ((rc = hs_cli_parse(&spec, argc, argv, NULL)) != HS_CLI_GO)
        return rc;
    hs_error err;
    hs_device *d = hs_open_device(device, &err);
    hs_graph *g = d ? hs_open_model(model, &err) : NULL;
    int only = -1;
    rc = HS_EXIT_OK;
    if (!g) {
        rc = hs_cli_fail("trace synth", &err);
    } else if (proc && (only = hs_device_find_proc(d, proc)) < 0) {
        fprintf(stderr, "hetsim trace synth: device %s has no processor \"%s\"\n", d->name,
                proc);
        rc = HS_EXIT_INPUT;
    } else if (hs_synth_write(d, g, only, (int)samples, cv, (uint64_t)seed, output, note, NULL,
                              &err) < 0) {
        rc = hs_cli_fail("trace synth", &err);
    }
    hs_graph_free(g);
    hs_device_free(d);
    return rc;
}

int hs_cmd_trace(int argc, char **argv)
{
    if (argc >= 2 && strcmp(argv[1], "synth") == 0)
        return synth_main(argc - 1, argv + 1);
    if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        usage(stdout);
        return HS_EXIT_OK;
    }
    fprintf(stderr, "hetsim trace: expected a subcommand: synth (see hetsim trace synth --help)\n");
    return HS_EXIT_INPUT;
}
