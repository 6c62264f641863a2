/* hetsim merge: combine the CSVs of a sharded sweep into one. */
#include <getopt.h>
#include <stdio.h>

#include "analysis/merge.h"
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
    static const struct option longopts[] = {{"output", required_argument, 0, 'o'},
                                              {"partial", no_argument, 0, 'p'},
                                              {"help", no_argument, 0, 'h'},
                                              {0, 0, 0, 0}};
    const char *out = NULL;
    int partial = 0, c;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":o:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'o': out = optarg; break;
        case 'p': partial = 1; break;
        case 'h': usage(stdout); return HS_EXIT_OK;
        case ':':
            fprintf(stderr, "hetsim merge: option %s needs a value\n", argv[optind - 1]);
            return HS_EXIT_INPUT;
        default:
            fprintf(stderr, "hetsim merge: unknown option \"%s\" (see hetsim merge --help)\n",
                    argv[optind - 1]);
            return HS_EXIT_INPUT;
        }
    }
    if (optind >= argc || !out) {
        fprintf(stderr, "hetsim merge: expected SHARD.csv... and -o OUT.csv (see --help)\n");
        return HS_EXIT_INPUT;
    }
    hs_error err;
    char warn[1024];
    int rc = hs_merge((const char *const *)argv + optind, argc - optind, out, partial, warn,
                      sizeof warn, &err);
    if (rc == 1 && partial) {
        fprintf(stderr, "hetsim merge: warning: %s; %s written without them\n", warn, out);
        return HS_EXIT_RUNTIME;
    }
    if (rc != 0) {
        hs_cli_error("merge", err.msg);
        return rc == 2 ? HS_EXIT_INPUT : HS_EXIT_RUNTIME;
    }
    fprintf(stderr, "hetsim merge: %d shard file%s merged into %s\n", argc - optind,
            argc - optind == 1 ? "" : "s", out);
    return HS_EXIT_OK;
}
