/* hetsim stats: summarize runs across seeds, compare policies. */
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
          "The table's first line names the metric and its unit (util_* and shares are\n"
          "fractions 0..1); the CSV has columns metric and unit after the --by columns.\n"
          "An empty key (a row without a scenario from an older hetsim) shows as \"-\".\n"
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
    int rc;
    static const char *const formats[] = {"table", "csv", NULL};
    const char *by = "device,model,policy,scenario", *metric = "lat_mean_ms", *baseline = NULL;
    const char *output = "-";
    int fmt = 0, first;
    const hs_opt opts[] = {
        HS_OPT_S("by", 0, &by),
        HS_OPT_S("metric", 0, &metric),
        HS_OPT_S("baseline", 0, &baseline),
        HS_OPT_E("format", 'f', &fmt, formats),
        HS_OPT_S("output", 'o', &output),
        HS_OPT_END};
    const hs_cli_spec spec = {.cmd = "stats", .usage = usage, .opts = {opts}, .min_args = 1,
                              .max_args = 1, .synopsis = "one RESULTS.csv"};
    if ((rc = hs_cli_parse(&spec, argc, argv, &first)) != HS_CLI_GO)
        return rc;
    hs_error err;
    hs_afile out;
    const char *in = argv[first];
    if (hs_output_check(output, &in, 1, &err) < 0 || hs_afile_open(&out, output, &err) < 0)
        return hs_cli_fail("stats", &err);
    if (hs_stats_run(argv[first], by, metric, baseline, fmt == 1, out.f, &err) < 0) {
        hs_afile_abort(&out);
        return hs_cli_fail("stats", &err);
    }
    if (hs_afile_commit(&out, &err) < 0)
        return hs_cli_fail("stats", &err);
    return HS_EXIT_OK;
}
