/* hetsim sweep: run a grid of simulations in parallel into one CSV. */
#include <getopt.h>
#include <stdio.h>

#include "../analysis/sweep.h"
#include "cli.h"

static void usage(FILE *f)
{
    fputs("usage: hetsim sweep FILE.json -o OUT.csv [-j N] [--resume] [--quiet]\n"
          "\n"
          "Run every point of a sweep (devices x models x policies x scenarios x prune x\n"
          "quant x seeds, docs/formats.md) and write one CSV row per point: a \"point\"\n"
          "column, then the columns of `hetsim run -f csv`. Points run in N processes;\n"
          "the output is written atomically in point order and is the same for any N.\n"
          "Finished rows are kept in OUT.part.* as they come, so an interrupted sweep\n"
          "loses nothing: --resume runs only the points still missing.\n"
          "\n"
          "  -o, --output FILE   the CSV to write (required)\n"
          "  -j, --jobs N        worker processes (default 1)\n"
          "      --resume        keep the rows of OUT and of an interrupted run\n"
          "  -q, --quiet         no progress bar\n",
          f);
}

int hs_cmd_sweep(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"output", required_argument, 0, 'o'}, {"jobs", required_argument, 0, 'j'},
        {"resume", no_argument, 0, 'r'},       {"quiet", no_argument, 0, 'q'},
        {"help", no_argument, 0, 'h'},         {0, 0, 0, 0}};
    const char *out = NULL;
    long long jobs = 1;
    int resume = 0, quiet = 0, c;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":o:j:qh", longopts, NULL)) != -1) {
        switch (c) {
        case 'o': out = optarg; break;
        case 'j':
            if (hs_cli_int("sweep", "--jobs", optarg, 1, 64, &jobs) < 0)
                return HS_EXIT_INPUT;
            break;
        case 'r': resume = 1; break;
        case 'q': quiet = 1; break;
        case 'h': usage(stdout); return HS_EXIT_OK;
        case ':':
            fprintf(stderr, "hetsim sweep: option %s needs a value\n", argv[optind - 1]);
            return HS_EXIT_INPUT;
        default:
            fprintf(stderr, "hetsim sweep: unknown option \"%s\" (see hetsim sweep --help)\n",
                    argv[optind - 1]);
            return HS_EXIT_INPUT;
        }
    }
    if (optind != argc - 1 || !out) {
        fprintf(stderr, "hetsim sweep: expected FILE.json and -o OUT.csv (see --help)\n");
        return HS_EXIT_INPUT;
    }
    hs_error err;
    hs_sweep *s = hs_sweep_load(argv[optind], &err);
    if (!s) {
        hs_cli_error("sweep", err.msg);
        return HS_EXIT_INPUT;
    }
    int rc = hs_sweep_run(s, out, (int)jobs, resume, quiet, &err);
    if (rc == 0 && !quiet)
        fprintf(stderr, "hetsim sweep: %d points written to %s\n", s->n_points, out);
    else if (rc != 0)
        hs_cli_error("sweep", err.msg);
    hs_sweep_free(s);
    return rc == 0 ? HS_EXIT_OK : rc == 1 ? HS_EXIT_INPUT : HS_EXIT_RUNTIME;
}
