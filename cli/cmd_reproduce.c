/* hetsim reproduce paper: the study's figures and findings in one command. */
#include <getopt.h>
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
    static const struct option longopts[] = {{"output", required_argument, 0, 'o'},
                                              {"jobs", required_argument, 0, 'j'},
                                              {"quiet", no_argument, 0, 'q'},
                                              {"help", no_argument, 0, 'h'},
                                              {0, 0, 0, 0}};
    const char *dir = NULL;
    long long jobs = 2;
    int quiet = 0, c;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":o:j:qh", longopts, NULL)) != -1) {
        switch (c) {
        case 'o': dir = optarg; break;
        case 'j':
            if (hs_cli_int("reproduce", "--jobs", optarg, 1, 64, &jobs) < 0)
                return HS_EXIT_INPUT;
            break;
        case 'q': quiet = 1; break;
        case 'h': usage(stdout); return HS_EXIT_OK;
        case ':':
            fprintf(stderr, "hetsim reproduce: option %s needs a value\n", argv[optind - 1]);
            return HS_EXIT_INPUT;
        default:
            fprintf(stderr, "hetsim reproduce: unknown option \"%s\"\n", argv[optind - 1]);
            return HS_EXIT_INPUT;
        }
    }
    if (optind != argc - 1 || strcmp(argv[optind], "paper") != 0 || !dir) {
        fprintf(stderr, "hetsim reproduce: expected `paper -o DIR` (see --help)\n");
        return HS_EXIT_INPUT;
    }
    hs_error err;
    time_t t0 = time(NULL);
    if (hs_reproduce_paper(dir, (int)jobs, quiet, &err) < 0) {
        hs_cli_error("reproduce", err.msg);
        return HS_EXIT_RUNTIME;
    }
    if (!quiet)
        fprintf(stderr, "hetsim reproduce: figures and findings in %s (%lds)\n", dir,
                (long)(time(NULL) - t0));
    return HS_EXIT_OK;
}
