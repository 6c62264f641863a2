/* hetsim reproduce paper: the study's figures and findings in one command. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "analysis/reproduce.h"
#include "cli/cli.h"

static void usage(FILE *f)
{
    fputs("usage: hetsim reproduce paper -o DIR [-j N] [-q]\n"
          "\n"
          "The figures and findings of Liu et al. 2024, simulated, into DIR (CSV, and PNG\n"
          "when plotting is built; docs/reproduce.md):\n"
          "  fig2-latency   every device profile x model x strategy (each device's\n"
          "                 accelerators included): speedup over the best single\n"
          "                 processor; devices with mostly scaled latency models marked\n"
          "  fig3-support   operator support per model\n"
          "  fig4-granularity  latency and transfers per scheduling granularity, idle\n"
          "                 and with three competitors per processor\n"
          "  fig5-ui        GPU busy share and apps' dropped frames over one run, and the\n"
          "                 utilization / drop trade-off of every run\n"
          "  findings.md, findings.csv  each finding: the study's number, hetsim's, whether\n"
          "                 the direction holds, the evidence (emergent, calibrated or not\n"
          "                 reproduced, from the profile's source strings), the ratio\n"
          "                 hetsim / study; finding 3 checked on every device\n"
          "\n"
          "  -o, --output DIR  where to write (created if missing)\n"
          "  -j, --jobs N      worker processes (default 2)\n"
          "  -q, --quiet       no progress\n",
          f);
}

int hs_cmd_reproduce(int argc, char **argv)
{
    int rc;
    const char *dir = NULL;
    long long jobs = 2;
    int quiet = 0, first;
    const hs_opt opts[] = {
        HS_OPT_S("output", 'o', &dir),
        HS_OPT_I("jobs", 'j', &jobs, 1, 64),
        HS_OPT_F("quiet", 'q', &quiet),
        HS_OPT_END};
    const hs_cli_spec spec = {.cmd = "reproduce", .usage = usage, .opts = {opts}, .min_args = 1,
                              .max_args = 1, .synopsis = "`paper -o DIR`", .need = {&dir}};
    if ((rc = hs_cli_parse(&spec, argc, argv, &first)) != HS_CLI_GO)
        return rc;
    if (strcmp(argv[first], "paper") != 0)
        return hs_cli_expected(&spec);
    hs_error err;
    time_t t0 = time(NULL);
    if (hs_reproduce_paper(dir, (int)jobs, quiet, &err) < 0)
        return hs_cli_fail("reproduce", &err);
    if (!quiet)
        fprintf(stderr, "hetsim reproduce: figures and findings in %s (%lds)\n", dir,
                (long)(time(NULL) - t0));
    return HS_EXIT_OK;
}
