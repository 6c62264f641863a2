/* hetsim sweep: run a grid of simulations in parallel into one CSV. */
#include <stdio.h>
#include <stdlib.h>

#include "analysis/sweep.h"
#include "base/atomic_file.h"
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
          "still missing; it refuses part files and rows of another spec (part files start\n"
          "with the sweep's fingerprint). The whole spec is checked before any point runs;\n"
          "OUT.lock refuses a second sweep writing the same OUT at once.\n"
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
          "  -q, --quiet         no progress (on a terminal a bar redrawn in place;\n"
          "                      in a log or pipe a plain line every 5 s and at the end)\n",
          f);
}

/* --shard K/N into the options. */
static int parse_shard(const char *arg, void *target, char *why, size_t n)
{
    hs_sweep_opts *o = target;
    char *end;
    long a = strtol(arg, &end, 10), b = 0;
    const char *b0 = end + 1;
    if (end != arg && *end == '/')
        b = strtol(b0, &end, 10);
    if (b == 0 || end == b0 || *end || b < 1 || b > 1000000 || a < 1 || a > b) {
        snprintf(why, n, "expected K/N with 1 <= K <= N, got \"%s\"", arg);
        return -1;
    }
    o->shard_k = (int)a;
    o->shard_n = (int)b;
    return 0;
}

int hs_cmd_sweep(int argc, char **argv)
{
    int rc;
    hs_sweep_opts o = {.jobs = 1};
    long long jobs = 1;
    int first;
    const hs_opt opts[] = {
        HS_OPT_S("output", 'o', &o.out),
        HS_OPT_I("jobs", 'j', &jobs, 1, 64),
        HS_OPT_F("resume", 0, &o.resume),
        HS_OPT_F("quiet", 'q', &o.quiet),
        HS_OPT_C("shard", 0, &o, parse_shard),
        HS_OPT_END};
    const hs_cli_spec spec = {.cmd = "sweep", .usage = usage, .opts = {opts}, .min_args = 1,
                              .max_args = 1, .synopsis = "FILE.json and -o OUT.csv",
                              .need = {&o.out}};
    if ((rc = hs_cli_parse(&spec, argc, argv, &first)) != HS_CLI_GO)
        return rc;
    o.jobs = (int)jobs;
    hs_error err;
    const char *in = argv[first];
    if (hs_output_check(o.out, &in, 1, &err) < 0)
        return hs_cli_fail("sweep", &err);
    hs_sweep *s = hs_sweep_load(argv[first], &err);
    if (!s)
        return hs_cli_fail("sweep", &err);
    int report = 1;
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
    return rc == 0 ? HS_EXIT_OK : hs_cli_exit(&err);
}
