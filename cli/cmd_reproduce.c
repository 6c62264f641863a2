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
          "Run the sweeps of examples/paper/ (Fig. 2 latency per strategy, Fig. 3 operator\n"
          "support, Fig. 4 scheduling granularity with and without competitors, Fig. 5 GPU\n"
          "utilization against apps' frame drops) into DIR as CSV (and PNG when plotting\n"
          "is built), and write DIR/findings.md and findings.csv: each finding of Liu et\n"
          "al. 2024, the study's number, hetsim's, and whether the direction holds.\n",
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
