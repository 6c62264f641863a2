/* hetsim bench: events per second of the bare event queue (hold model) and
 * of the full engine, measured in one process, and their ratio. */
#include <getopt.h>
#include <limits.h>
#include <stdio.h>

#include "analysis/bench.h"
#include "cli/cli.h"
#include "base/datapath.h"

#define DEFAULT_SCENARIO "examples/scenarios/three-competitors.json"

static void usage(FILE *f)
{
    fputs("usage: hetsim bench [-d DEVICE] [-m MODEL] [-p POLICY] [-s SCENARIO] [--frames N]\n"
          "                    [--pending N] [--seconds S] [--seed S]\n"
          "\n"
          "Measure, in this one process, (a) the bare event queue under the hold model\n"
          "(N pending events; pop the earliest, push it again at its time plus a random\n"
          "increment) and (b) the full engine replaying frames of MODEL on DEVICE under\n"
          "POLICY and SCENARIO; print events per second of both and the engine's share of\n"
          "the queue's rate. Each part runs for at least S seconds. Wall-clock figures:\n"
          "compare them within one run, not across machines or busy hosts.\n"
          "\n"
          "  -d, --device NAME     device (default xiaomi-mi9)\n"
          "  -m, --model NAME      model (default resnet50)\n"
          "  -p, --policy NAME     a static-plan policy (default codl)\n"
          "  -s, --scenario FILE   scenario (default " DEFAULT_SCENARIO ")\n"
          "      --frames N        frames per simulated run (default 200)\n"
          "      --pending N       events pending in the hold model (default 1000)\n"
          "      --seconds S       minimum wall time of each part (default 1)\n"
          "      --seed S          seed of both parts (default 1)\n",
          f);
}

int hs_cmd_bench(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"device", required_argument, 0, 'd'},  {"model", required_argument, 0, 'm'},
        {"policy", required_argument, 0, 'p'},  {"scenario", required_argument, 0, 's'},
        {"frames", required_argument, 0, 'F'},  {"pending", required_argument, 0, 'P'},
        {"seconds", required_argument, 0, 'S'}, {"seed", required_argument, 0, 'e'},
        {"help", no_argument, 0, 'h'},          {0, 0, 0, 0}};
    hs_bench_engine_cfg ec = {"xiaomi-mi9", "resnet50", "codl", NULL, 200, 1};
    long long pending = 1000, frames = 200, seed = 1;
    double seconds = 1.0;
    char scen[PATH_MAX];
    int c;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":d:m:p:s:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'd': ec.device = optarg; break;
        case 'm': ec.model = optarg; break;
        case 'p': ec.policy = optarg; break;
        case 's': ec.scenario = optarg; break;
        case 'F':
            if (hs_cli_int("bench", "--frames", optarg, 1, 1000000, &frames) < 0)
                return HS_EXIT_INPUT;
            break;
        case 'P':
            if (hs_cli_int("bench", "--pending", optarg, 1, 100000000, &pending) < 0)
                return HS_EXIT_INPUT;
            break;
        case 'S':
            if (hs_cli_double("bench", "--seconds", optarg, 0, 3600, &seconds) < 0)
                return HS_EXIT_INPUT;
            break;
        case 'e':
            if (hs_cli_int("bench", "--seed", optarg, 0, LLONG_MAX, &seed) < 0)
                return HS_EXIT_INPUT;
            break;
        case 'h': usage(stdout); return HS_EXIT_OK;
        case ':':
            fprintf(stderr, "hetsim bench: option %s needs a value\n", argv[optind - 1]);
            return HS_EXIT_INPUT;
        default:
            fprintf(stderr, "hetsim bench: unknown option \"%s\" (see hetsim bench --help)\n",
                    argv[optind - 1]);
            return HS_EXIT_INPUT;
        }
    }
    if (optind != argc) {
        fprintf(stderr, "hetsim bench: unexpected argument \"%s\" (see --help)\n", argv[optind]);
        return HS_EXIT_INPUT;
    }
    if (!ec.scenario) {
        if (hs_data_find(DEFAULT_SCENARIO, scen, sizeof scen) < 0) {
            char dirs[1024];
            hs_data_describe(dirs, sizeof dirs);
            fprintf(stderr, "hetsim bench: the default scenario %s is in none of %s; give -s FILE\n",
                    DEFAULT_SCENARIO, dirs);
            return HS_EXIT_INPUT;
        }
        ec.scenario = scen;
    }
    ec.frames = (int)frames;
    ec.seed = (uint64_t)seed;
    hs_error err;
    hs_bench_rate q, e;
    fprintf(stderr, "hetsim bench: event queue, %lld pending events ...\n", pending);
    if (hs_bench_hold((int)pending, seconds, (uint64_t)seed, &q, &err) < 0) {
        hs_cli_error("bench", err.msg);
        return HS_EXIT_RUNTIME;
    }
    fprintf(stderr, "hetsim bench: engine, %s on %s, policy %s, %d frames per run ...\n",
            ec.model, ec.device, ec.policy, ec.frames);
    if (hs_bench_engine(&ec, seconds, &e, &err) < 0) {
        hs_cli_error("bench", err.msg);
        return HS_EXIT_INPUT;
    }
    double qr = (double)q.events / q.seconds, er = (double)e.events / e.seconds;
    printf("hetsim bench: %s on %s, policy %s, scenario %s, %d frames per run, seed %llu\n",
           ec.model, ec.device, ec.policy, ec.scenario, ec.frames, (unsigned long long)ec.seed);
    printf("%-34s %12s %9s %14s\n", "", "events", "seconds", "events/s");
    printf("%-34s %12llu %9.3f %14.0f\n", "event queue (hold model)",
           (unsigned long long)q.events, q.seconds, qr);
    printf("%-34s %12llu %9.3f %14.0f\n", "engine", (unsigned long long)e.events, e.seconds, er);
    printf("engine / event queue               %.1f%% (%d engine runs of %.0f events each)\n",
           100.0 * er / qr, e.repeats, (double)e.events / e.repeats);
    return HS_EXIT_OK;
}
