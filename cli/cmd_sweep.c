/* hetsim sweep: run a grid of simulations in parallel into one CSV. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "analysis/sweep.h"
#include "cli/cli.h"
#include "config.h"
#ifdef HAVE_MPI
#include "analysis/sweep_mpi.h"
#endif

static void usage(FILE *f)
{
    fputs("usage: hetsim sweep FILE.json -o OUT.csv [-j N] [--shard K/N] [--resume] [--quiet]\n"
          "       mpirun -np N hetsim sweep FILE.json -o OUT.csv [--shard K/N] [--resume]\n"
          "\n"
          "Run every point of a sweep (devices x models x policies x scenarios x prune x\n"
          "quant x seeds, docs/formats.md) and write one CSV row per point: a \"point\"\n"
          "column, then the columns of `hetsim run -f csv`. Points run in N processes;\n"
          "the output is written atomically in point order and is the same for any N.\n"
          "Finished rows are kept in OUT.part.* as they come, so an interrupted sweep\n"
          "(Ctrl-C, a kill, a lost node) loses nothing: --resume runs only the points\n"
          "still missing.\n"
          "\n"
          "Under mpirun (built with MPI), rank 0 hands the points out to the other ranks\n"
          "one at a time and writes the same OUT as a serial run; -j is not used there.\n"
          "--shard K/N runs only the points i with i mod N = K-1 (for job arrays); the\n"
          "shard CSVs combine with `hetsim merge SHARD.csv... -o OUT.csv`.\n"
          "\n"
          "  -o, --output FILE   the CSV to write (required)\n"
          "  -j, --jobs N        worker processes (default 1)\n"
          "      --shard K/N     run the K-th of N shards (1 <= K <= N)\n"
          "      --resume        keep the rows of OUT and of an interrupted run\n"
          "  -q, --quiet         no progress bar\n",
          f);
}

static int parse_shard(const char *arg, int *k, int *n)
{
    char *end;
    long a = strtol(arg, &end, 10);
    if (end == arg || *end != '/')
        return -1;
    const char *b0 = end + 1;
    long b = strtol(b0, &end, 10);
    if (end == b0 || *end || b < 1 || b > 1000000 || a < 1 || a > b)
        return -1;
    *k = (int)a;
    *n = (int)b;
    return 0;
}

int hs_cmd_sweep(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"output", required_argument, 0, 'o'}, {"jobs", required_argument, 0, 'j'},
        {"resume", no_argument, 0, 'r'},       {"quiet", no_argument, 0, 'q'},
        {"shard", required_argument, 0, 's'},  {"help", no_argument, 0, 'h'},
        {0, 0, 0, 0}};
    hs_sweep_opts o = {.jobs = 1};
    long long jobs = 1;
    int c;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":o:j:qh", longopts, NULL)) != -1) {
        switch (c) {
        case 'o': o.out = optarg; break;
        case 'j':
            if (hs_cli_int("sweep", "--jobs", optarg, 1, 64, &jobs) < 0)
                return HS_EXIT_INPUT;
            break;
        case 'r': o.resume = 1; break;
        case 'q': o.quiet = 1; break;
        case 's':
            if (parse_shard(optarg, &o.shard_k, &o.shard_n) < 0) {
                fprintf(stderr, "hetsim sweep: option --shard: expected K/N with 1 <= K <= N, "
                                "got \"%s\"\n", optarg);
                return HS_EXIT_INPUT;
            }
            break;
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
    if (optind != argc - 1 || !o.out) {
        fprintf(stderr, "hetsim sweep: expected FILE.json and -o OUT.csv (see --help)\n");
        return HS_EXIT_INPUT;
    }
    o.jobs = (int)jobs;
    hs_error err;
    hs_sweep *s = hs_sweep_load(argv[optind], &err);
    if (!s) {
        hs_cli_error("sweep", err.msg);
        return HS_EXIT_INPUT;
    }
    int rc, report = 1;
#ifdef HAVE_MPI
    if (hs_sweep_mpi_launched())
        rc = hs_sweep_run_mpi(s, &o, &report, &err);
    else
#endif
        rc = hs_sweep_run(s, &o, &err);
    if (report && rc == 0 && !o.quiet) {
        int total = 0;
        for (int i = 0; i < s->n_points; i++)
            total += hs_sweep_selected(&o, i);
        if (o.shard_n > 1)
            fprintf(stderr, "hetsim sweep: shard %d/%d: %d of %d points written to %s\n",
                    o.shard_k, o.shard_n, total, s->n_points, o.out);
        else
            fprintf(stderr, "hetsim sweep: %d points written to %s\n", total, o.out);
    } else if (report && rc != 0) {
        hs_cli_error("sweep", err.msg);
    }
    hs_sweep_free(s);
    return rc == 0 ? HS_EXIT_OK : rc == 130 ? 130 : rc == 1 ? HS_EXIT_INPUT : HS_EXIT_RUNTIME;
}
