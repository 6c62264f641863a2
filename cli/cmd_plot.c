/* hetsim plot: draw results through a Python hook (analysis/plots.py). */
#include <getopt.h>
#include <stdio.h>

#include "analysis/plot.h"
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
          "prediction against the simulation).\n"
          "\n"
          "  -o, --output FILE   the image to write (required)\n"
          "      --hook FILE.py  your own hook module instead of analysis/plots.py\n",
          f);
}

int hs_cmd_plot(int argc, char **argv)
{
    static const struct option longopts[] = {{"output", required_argument, 0, 'o'},
                                              {"hook", required_argument, 0, 'k'},
                                              {"help", no_argument, 0, 'h'},
                                              {0, 0, 0, 0}};
    const char *out = NULL, *hook = NULL;
    int c;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":o:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'o': out = optarg; break;
        case 'k': hook = optarg; break;
        case 'h': usage(stdout); return HS_EXIT_OK;
        case ':':
            fprintf(stderr, "hetsim plot: option %s needs a value\n", argv[optind - 1]);
            return HS_EXIT_INPUT;
        default:
            fprintf(stderr, "hetsim plot: unknown option \"%s\" (see hetsim plot --help)\n",
                    argv[optind - 1]);
            return HS_EXIT_INPUT;
        }
    }
    if (optind != argc - 2 || !out) {
        fprintf(stderr, "hetsim plot: expected KIND INPUT -o OUT (see --help)\n");
        return HS_EXIT_INPUT;
    }
    hs_error err;
    if (hs_plot(argv[optind], argv[optind + 1], out, hook, &err) < 0) {
        hs_cli_error("plot", err.msg);
        return hs_plot_available() ? HS_EXIT_RUNTIME : HS_EXIT_INPUT;
    }
    return HS_EXIT_OK;
}
