/* hetsim trace synth: write synthesized per-op traces of a model on a device. */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "sim/synth.h"
#include "traces/trace_write.h"
#include "sim/catalog.h"
#include "cli/cli.h"

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

static int mkdirs(const char *path)
{
    char buf[PATH_MAX];
    snprintf(buf, sizeof buf, "%s", path);
    for (char *p = buf + 1; *p; p++)
        if (*p == '/') {
            *p = '\0';
            if (mkdir(buf, 0777) < 0 && errno != EEXIST)
                return -1;
            *p = '/';
        }
    return mkdir(buf, 0777) < 0 && errno != EEXIST ? -1 : 0;
}

static int synth_main(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"device", required_argument, 0, 'd'},  {"model", required_argument, 0, 'm'},
        {"processor", required_argument, 0, 'P'}, {"samples", required_argument, 0, 'n'},
        {"cv", required_argument, 0, 'c'},      {"seed", required_argument, 0, 'S'},
        {"output", required_argument, 0, 'o'},  {"help", no_argument, 0, 'h'},
        {0, 0, 0, 0}};
    const char *device = NULL, *model = NULL, *proc = NULL, *output = NULL;
    long long samples = 16, seed = 1;
    double cv = -1;
    int c;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":d:m:P:o:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'd': device = optarg; break;
        case 'm': model = optarg; break;
        case 'P': proc = optarg; break;
        case 'o': output = optarg; break;
        case 'n':
            if (hs_cli_int("trace synth", "--samples", optarg, 1, 100000, &samples) < 0)
                return HS_EXIT_INPUT;
            break;
        case 'c':
            if (hs_cli_double("trace synth", "--cv", optarg, 0, 10, &cv) < 0)
                return HS_EXIT_INPUT;
            break;
        case 'S':
            if (hs_cli_int("trace synth", "--seed", optarg, 0, 9007199254740991LL, &seed) < 0)
                return HS_EXIT_INPUT;
            break;
        case 'h': usage(stdout); return HS_EXIT_OK;
        case ':':
            fprintf(stderr, "hetsim trace synth: option %s needs a value\n", argv[optind - 1]);
            return HS_EXIT_INPUT;
        default:
            fprintf(stderr, "hetsim trace synth: unknown option \"%s\"\n", argv[optind - 1]);
            return HS_EXIT_INPUT;
        }
    }
    if (!device || !model || !output || optind < argc) {
        fprintf(stderr, "hetsim trace synth: expected -d DEVICE -m MODEL -o PATH (see --help)\n");
        return HS_EXIT_INPUT;
    }
    hs_error err;
    int rc = HS_EXIT_INPUT;
    hs_device *d = hs_open_device(device, &err);
    hs_graph *g = d ? hs_open_model(model, &err) : NULL;
    if (!g)
        goto done;
    int only = -1;
    if (proc && (only = hs_device_find_proc(d, proc)) < 0) {
        hs_error_set(&err, "device %s has no processor \"%s\"", d->name, proc);
        goto done;
    }
    rc = HS_EXIT_RUNTIME;
    int written = 0;
    for (int p = 0; p < d->n_procs; p++) {
        if (only >= 0 && p != only)
            continue;
        double pcv = cv >= 0 ? cv : hs_synth_default_cv(d->procs[p].kind);
        hs_error serr;
        hs_trace *t = hs_synth_trace(d, g, p, (int)samples, pcv, (uint64_t)seed, &serr);
        if (!t) {
            if (only >= 0) {
                err = serr;
                rc = HS_EXIT_INPUT;
                goto done;
            }
            fprintf(stderr, "hetsim trace synth: skipped %s (%s)\n", d->procs[p].name, serr.msg);
            continue;
        }
        char path[PATH_MAX], dir[PATH_MAX];
        if (only >= 0) {
            snprintf(path, sizeof path, "%s", output);
        } else {
            snprintf(dir, sizeof dir, "%s/%s/%s", output, d->name, g->name);
            if (mkdirs(dir) < 0) {
                hs_error_set(&err, "%s: cannot create directory: %s", dir, strerror(errno));
                hs_trace_free(t);
                goto done;
            }
            snprintf(path, sizeof path, "%.3000s/%.200s.json", dir, d->procs[p].name);
        }
        char note[256];
        snprintf(note, sizeof note, "log-normal noise, cv %g, %lld samples, seed %lld", pcv,
                 samples, seed);
        hs_trace_extra extra = {"device profile latency model", note};
        int wrc = hs_trace_write_file(t, &extra, path, &err);
        if (wrc == 0 && strcmp(path, "-") != 0)
            printf("%s: %d ops, %s\n", path, t->n_ops, hs_dtype_name(t->dtype));
        hs_trace_free(t);
        if (wrc < 0)
            goto done;
        written++;
    }
    rc = HS_EXIT_OK;
done:
    if (rc != HS_EXIT_OK)
        hs_cli_error("trace synth", err.msg);
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
