/* hetsim merge: combine the CSVs of a sharded sweep into one. */
#include <stdio.h>

#include "analysis/merge.h"
#include "base/atomic_file.h"
#include "cli/cli.h"

static void usage(FILE *f)
{
    fputs("usage: hetsim merge SHARD.csv... -o OUT.csv [--partial]\n"
          "\n"
          "Combine the outputs of `hetsim sweep FILE --shard K/N` (K = 1..N, e.g. the tasks\n"
          "of a Slurm job array) into the CSV one run of the whole sweep writes, byte for\n"
          "byte. The shards must come from the same sweep (same name, grid and N); a point\n"
          "given twice is an error; missing shards or points are listed.\n"
          "\n"
          "  -o, --output FILE   the CSV to write (required)\n"
          "      --partial       write the rows there are even when points are missing\n"
          "                      (a warning names them; exit status 1)\n",
          f);
}

int hs_cmd_merge(int argc, char **argv)
{
    int rc;
    const char *out = NULL;
    int partial = 0, first;
    const hs_opt opts[] = {
        HS_OPT_S("output", 'o', &out),
        HS_OPT_F("partial", 0, &partial),
        HS_OPT_END};
    const hs_cli_spec spec = {.cmd = "merge", .usage = usage, .opts = {opts}, .min_args = 1,
                              .max_args = -1, .synopsis = "SHARD.csv... and -o OUT.csv",
                              .need = {&out}};
    if ((rc = hs_cli_parse(&spec, argc, argv, &first)) != HS_CLI_GO)
        return rc;
    hs_error err;
    char warn[1024];
    if (hs_output_check(out, (const char *const *)argv + first, argc - first, &err) < 0)
        return hs_cli_fail("merge", &err);
    rc = hs_merge((const char *const *)argv + first, argc - first, out, partial, warn,
                  sizeof warn, &err);
    if (rc == 1 && partial) {
        fprintf(stderr, "hetsim merge: warning: %s; %s written without them\n", warn, out);
        return HS_EXIT_RUNTIME;
    }
    if (rc < 0)
        return hs_cli_fail("merge", &err);
    fprintf(stderr, "hetsim merge: %d shard file%s merged into %s\n", argc - first,
            argc - first == 1 ? "" : "s", out);
    return HS_EXIT_OK;
}
