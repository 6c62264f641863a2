/* hetsim bench: events per second of the bare event queue (hold model) and
 * of the full engine, measured in one process, and their ratio. */
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
          "increment) and (b) the full engine running frames of MODEL on DEVICE under\n"
          "POLICY and SCENARIO; print events per second of both and the engine's share of\n"
          "the queue's rate. Each part runs for at least S seconds. Wall-clock figures:\n"
          "compare them within one run, not across machines or busy hosts.\n"
          "\n"
          "  -d, --device NAME     device (default xiaomi-mi9)\n"
          "  -m, --model NAME      model (default resnet50)\n"
          "  -p, --policy NAME     policy (default codl); a runtime policy's units are\n"
          "                        placed by the runtime engine\n"
          "  -s, --scenario FILE   scenario (default " DEFAULT_SCENARIO ")\n"
          "      --frames N        frames per simulated run (default 200)\n"
          "      --pending N       events pending in the hold model (default 1000)\n"
          "      --seconds S       minimum wall time of each part (default 1)\n"
          "      --seed S          seed of both parts (default 1)\n",
          f);
}

int hs_cmd_bench(int argc, char **argv)
{
    int rc;
    hs_bench_engine_cfg ec = {"xiaomi-mi9", "resnet50", "codl", NULL, 200, 1};
    long long pending = 1000, frames = 200, seed = 1;
    double seconds = 1.0;
    char scen[PATH_MAX];
    const hs_opt opts[] = {
        HS_OPT_S("device", 'd', &ec.device),
        HS_OPT_S("model", 'm', &ec.model),
        HS_OPT_S("policy", 'p', &ec.policy),
        HS_OPT_S("scenario", 's', &ec.scenario),
        HS_OPT_I("frames", 0, &frames, 1, 1000000),
        HS_OPT_I("pending", 0, &pending, 1, 100000000),
        HS_OPT_D("seconds", 0, &seconds, 0, 3600),
        HS_OPT_I("seed", 0, &seed, 0, LLONG_MAX),
        HS_OPT_END};
    const hs_cli_spec spec = {.cmd = "bench", .usage = usage, .opts = {opts}, .max_args = 0};
    if ((rc = hs_cli_parse(&spec, argc, argv, NULL)) != HS_CLI_GO)
        return rc;
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
    if (hs_bench_hold((int)pending, seconds, (uint64_t)seed, &q, &err) < 0)
        return hs_cli_fail("bench", &err);
    fprintf(stderr, "hetsim bench: engine, %s on %s, policy %s, %d frames per run ...\n",
            ec.model, ec.device, ec.policy, ec.frames);
    if (hs_bench_engine(&ec, seconds, &e, &err) < 0)
        return hs_cli_fail("bench", &err);
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
