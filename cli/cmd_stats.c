/* hetsim stats: summarize runs across seeds, compare policies. */
#include <getopt.h>
#include <stdio.h>

#include "analysis/stats.h"
#include "base/atomic_file.h"
#include "cli/cli.h"

static void usage(FILE *f)
{
    fputs("usage: hetsim stats RESULTS.csv [--by COLS] [--metric COL] [--baseline POLICY]\n"
          "                    [-f table|csv] [-o FILE]\n"
          "\n"
          "Group the rows of a sweep (or of `hetsim run -f csv` outputs) by the --by columns\n"
          "and summarize a metric across the rest (seeds): n, mean with its 95 % confidence\n"
          "interval (Student's t), sd, min, median, max. With --baseline, each group is also\n"
          "compared with the group that differs only in running the baseline policy: speedup\n"
          "(baseline mean / mean) with its 95 % interval and Welch's t-test p-value.\n"
          "\n"
          "  --by COLS         comma-separated columns (default device,model,policy,scenario)\n"
          "  --metric COL      the column to summarize (default lat_mean_ms)\n"
          "  --baseline NAME   policy to compare against (needs a policy column)\n"
          "  -f, --format FMT  table (default) or csv\n"
          "  -o, --output FILE write there instead of stdout (atomically)\n",
          f);
}

int hs_cmd_stats(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"by", required_argument, 0, 'b'},     {"metric", required_argument, 0, 'M'},
        {"baseline", required_argument, 0, 'B'}, {"format", required_argument, 0, 'f'},
        {"output", required_argument, 0, 'o'}, {"help", no_argument, 0, 'h'},
        {0, 0, 0, 0}};
    static const char *const formats[] = {"table", "csv", NULL};
    const char *by = "device,model,policy,scenario", *metric = "lat_mean_ms", *baseline = NULL;
    const char *output = "-";
    int fmt = 0, c;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":f:o:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'b': by = optarg; break;
        case 'M': metric = optarg; break;
        case 'B': baseline = optarg; break;
        case 'o': output = optarg; break;
        case 'f':
            if ((fmt = hs_cli_enum("stats", "--format", optarg, formats)) < 0)
                return HS_EXIT_INPUT;
            break;
        case 'h': usage(stdout); return HS_EXIT_OK;
        case ':':
            fprintf(stderr, "hetsim stats: option %s needs a value\n", argv[optind - 1]);
            return HS_EXIT_INPUT;
        default:
            fprintf(stderr, "hetsim stats: unknown option \"%s\" (see hetsim stats --help)\n",
                    argv[optind - 1]);
            return HS_EXIT_INPUT;
        }
    }
    if (optind != argc - 1) {
        fprintf(stderr, "hetsim stats: expected one RESULTS.csv (see --help)\n");
        return HS_EXIT_INPUT;
    }
    hs_error err;
    hs_afile out;
    if (hs_afile_open(&out, output, &err) < 0) {
        hs_cli_error("stats", err.msg);
        return HS_EXIT_RUNTIME;
    }
    if (hs_stats_run(argv[optind], by, metric, baseline, fmt == 1, out.f, &err) < 0) {
        hs_afile_abort(&out);
        hs_cli_error("stats", err.msg);
        return HS_EXIT_INPUT;
    }
    if (hs_afile_commit(&out, &err) < 0) {
        hs_cli_error("stats", err.msg);
        return HS_EXIT_RUNTIME;
    }
    return HS_EXIT_OK;
}
