/* hetsim plot: draw results through a Python hook (analysis/plots.py). */
#include <stdio.h>

#include "analysis/plot.h"
#include "base/atomic_file.h"
#include "cli/cli.h"

static void usage(FILE *f)
{
    fputs("usage: hetsim plot KIND INPUT -o OUT.png|.pdf|.svg [--hook FILE.py]\n"
          "\n"
          "Draw results with matplotlib through a Python hook: hetsim reads INPUT (a CSV\n"
          "from `hetsim sweep` or `hetsim run -f csv`, a `hetsim run -f json` result, a\n"
          "`--trace-out` timeline) and calls plot(kind, data, out) of the hook.\n"
          "Built-in kinds (analysis/plots.py): latency (bars with 95 % CI per policy),\n"
          "cdf (per-frame latency), gantt (a timeline), busy (utilization over time, from a\n"
          "timeline), utilization (per processor kind), support (ops falling back),\n"
          "drops (apps' frame drops against GPU utilization), predicted (the policy's\n"
          "prediction against the simulation), validation (simulated against measured).\n"
          "Every figure's title says what was simulated; a zero bar is marked 0, a bar\n"
          "not simulated n/a. A hook raises ValueError for input it cannot draw (cdf of a\n"
          "CSV: it needs `hetsim run -f json`): hetsim prints the message and exits 2;\n"
          "any other exception prints the Python traceback and exits 1.\n"
          "\n"
          "  -o, --output FILE   the image to write (required)\n"
          "      --hook FILE.py  your own hook module instead of analysis/plots.py\n",
          f);
}

int hs_cmd_plot(int argc, char **argv)
{
    int rc;
    const char *out = NULL, *hook = NULL;
    int first;
    const hs_opt opts[] = {
        HS_OPT_S("output", 'o', &out),
        HS_OPT_S("hook", 0, &hook),
        HS_OPT_END};
    const hs_cli_spec spec = {.cmd = "plot", .usage = usage, .opts = {opts}, .min_args = 2,
                              .max_args = 2, .synopsis = "KIND INPUT -o OUT", .need = {&out}};
    if ((rc = hs_cli_parse(&spec, argc, argv, &first)) != HS_CLI_GO)
        return rc;
    hs_error err;
    const char *in = argv[first + 1];
    if (hs_output_check(out, &in, 1, &err) < 0)
        return hs_cli_fail("plot", &err);
    if (hs_plot(argv[first], argv[first + 1], out, hook, &err) < 0)
        return hs_cli_fail("plot", &err);
    return HS_EXIT_OK;
}
