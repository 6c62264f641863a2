/* hetsim import band CONFIG.json -o WORKLOAD.json [--models GRAPH=MODEL,...]
 *                    [-d DEVICE] [--frames N] [--name NAME]
 *
 * Band's JSON configuration -> a hetsim scenario with a workload
 * (analysis/band_import.h), written atomically; prints the hetsim policy
 * its scheduler maps to and the command that replays it. Exit status: 0 ok,
 * 1 the output could not be written, 2 bad option or a config field hetsim
 * cannot import (the message names the file and the JSON path).
 * Entry point: hs_cmd_import_band(argc, argv), argv[0] = "band". */
#include <stdio.h>
#include <stdlib.h>

#include "analysis/band_import.h"
#include "base/atomic_file.h"
#include "cli/cli.h"

static void usage(FILE *f)
{
    fputs("usage: hetsim import band CONFIG.json -o WORKLOAD.json [--models GRAPH=MODEL,...]\n"
          "                          [-d DEVICE] [--frames N] [--name NAME]\n"
          "\n"
          "Turn a Band configuration (Band, MobiSys 2022: its benchmark tool's JSON config)\n"
          "into a hetsim scenario with a workload, so the experiment replays with\n"
          "`hetsim run -s WORKLOAD.json -p POLICY`. Read: models[] (graph, period_ms,\n"
          "slo_us, batch_size 1), period_ms (default period), execution_mode (periodic:\n"
          "one frame per period; stream: closed loop), running_time_ms (frames = running\n"
          "time / period), schedulers (one; fixed_worker -> band:fixed, round_robin ->\n"
          "band:rr, shortest_expected_latency -> band:sel, heft -> band:heft,\n"
          "least_slack_time_first -> band:lst; others refused), workers[] (device\n"
          "CPU/GPU/DSP/NPU, cpu_masks ALL/BIG/LITTLE/PRIMARY, num_threads: checked against\n"
          "-d DEVICE), profile_smoothing_factor (must be 0.1). Log, profile and subgraph\n"
          "settings are listed as ignored; any other field is an error naming it.\n"
          "A model is the graph's file name without extension unless --models maps it.\n"
          "\n"
          "  -o, --output FILE     the scenario to write (atomically; required)\n"
          "      --models LIST     GRAPH=MODEL,...: the hetsim model (name or path) of a\n"
          "                        Band graph (its path, file name or name w/o extension)\n"
          "  -d, --device NAME     check the workers against this profile\n"
          "      --frames N        frames per model (default running_time_ms / period, or 50)\n"
          "      --name NAME       the scenario's name (default: the config's file name)\n"
          "\n"
          "docs/policies.md (Band configurations) documents the mapping.\n"
          "Exit status: 0 ok, 1 the output could not be written, 2 bad option or input.\n",
          f);
}

int hs_cmd_import_band(int argc, char **argv)
{
    int rc, first;
    const char *out = NULL;
    long long frames = 0;
    hs_band_import_opts o = {0};
    const hs_opt opts[] = {
        HS_OPT_S("output", 'o', &out),
        HS_OPT_S("models", 0, &o.models),
        HS_OPT_S("device", 'd', &o.device),
        HS_OPT_I("frames", 0, &frames, 1, 10000000),
        HS_OPT_S("name", 0, &o.name),
        HS_OPT_END};
    const hs_cli_spec spec = {.cmd = "import band", .usage = usage, .opts = {opts},
                              .min_args = 1, .max_args = 1, .synopsis = "one CONFIG.json and -o WORKLOAD.json",
                              .need = {&out}};
    if ((rc = hs_cli_parse(&spec, argc, argv, &first)) != HS_CLI_GO)
        return rc;
    o.frames = (int)frames;
    hs_error err;
    hs_band_import im;
    if (hs_band_import_file(argv[first], &o, &im, &err) < 0)
        return hs_cli_fail("import band", &err);
    if (im.ignored[0])
        fprintf(stderr, "hetsim import band: ignored (no meaning in hetsim, or decided by its "
                        "band policy): %s\n",
                im.ignored);
    hs_afile f;
    if (hs_afile_open(&f, out, &err) < 0) {
        free(im.json);
        return hs_cli_fail("import band", &err);
    }
    fputs(im.json, f.f);
    fputc('\n', f.f);
    free(im.json);
    if (hs_afile_commit(&f, &err) < 0)
        return hs_cli_fail("import band", &err);
    printf("policy %s\nreplay: hetsim run -s %s -p %s%s%s\n", im.policy, out, im.policy,
           o.device ? " -d " : "", o.device ? o.device : "");
    return HS_EXIT_OK;
}
