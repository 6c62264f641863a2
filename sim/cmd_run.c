/* hetsim run: simulate one (device, model, policy, scenario) and print metrics. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../policies/policy.h"
#include "atomic_file.h"
#include "catalog.h"
#include "cli.h"
#include "engine.h"
#include "frontend.h"
#include "metrics.h"
#include "report.h"
#include "scenario.h"

static void usage(FILE *f)
{
    fputs("usage: hetsim run [-d DEVICE] [-m MODEL] [-p POLICY] [options]\n"
          "\n"
          "Simulate inference of MODEL on DEVICE under POLICY and print per-frame latency,\n"
          "throughput, processor utilization, fallbacks and transfer share.\n"
          "\n"
          "  -d, --device NAME|FILE   device profile (default xiaomi-mi9; `hetsim list devices`)\n"
          "  -m, --model NAME|FILE    model graph (default resnet50; `hetsim list models`)\n"
          "  -p, --policy NAME        partitioning policy (default gpu; `hetsim list policies`)\n"
          "  -s, --scenario FILE      scenario JSON (arrivals, frames, seed); options override it\n"
          "  -n, --frames N           frames to complete (default 50)\n"
          "      --fps F              open-loop arrivals at F frames/s (periodic unless --arrival)\n"
          "      --inflight K         closed loop: K frames in flight at once (default 1)\n"
          "      --arrival MODE       closed (default: next frame when the last is done),\n"
          "                           periodic or poisson (both need --fps)\n"
          "      --seed S             random seed (default 1); same seed, same output\n"
          "      --slo MS             latency objective: report the share of frames within it\n"
          "      --prune R            frontend: prune a ratio R of the channels of inner layers\n"
          "      --quant int8         frontend: quantize the model to int8\n"
          "      --trace-mode MODE    replay (samples in recorded order, default) or sample\n"
          "                           (draw from the empirical distribution)\n"
          "  -f, --format FMT         table (default), csv or json\n"
          "  -o, --output FILE        write there instead of stdout (atomically)\n"
          "  -h, --help               this help\n"
          "\n"
          "Exit status: 0 ok, 1 run failed, 2 bad option or input file.\n",
          f);
}

int hs_cmd_run(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"device", required_argument, 0, 'd'},   {"model", required_argument, 0, 'm'},
        {"policy", required_argument, 0, 'p'},   {"scenario", required_argument, 0, 's'},
        {"frames", required_argument, 0, 'n'},   {"fps", required_argument, 0, 'F'},
        {"arrival", required_argument, 0, 'A'},  {"seed", required_argument, 0, 'S'},
        {"trace-mode", required_argument, 0, 'T'}, {"format", required_argument, 0, 'f'},
        {"inflight", required_argument, 0, 'I'}, {"prune", required_argument, 0, 'P'},
        {"quant", required_argument, 0, 'Q'},   {"slo", required_argument, 0, 'L'},
        {"output", required_argument, 0, 'o'},   {"help", no_argument, 0, 'h'},
        {0, 0, 0, 0}};
    const char *device = "xiaomi-mi9", *model = "resnet50", *policy = "gpu";
    const char *scenario_path = NULL, *output = "-";
    long long frames = -1, seed = -1, inflight = -1;
    hs_frontend fe = {0, 0};
    double slo = -1;
    double fps = -1;
    int arrival = -1, trace_mode = HS_TRACE_REPLAY, fmt = HS_FMT_TABLE;
    int c;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":d:m:p:s:n:f:o:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'd': device = optarg; break;
        case 'm': model = optarg; break;
        case 'p': policy = optarg; break;
        case 's': scenario_path = optarg; break;
        case 'o': output = optarg; break;
        case 'n':
            if (hs_cli_int("run", "--frames", optarg, 1, 10000000, &frames) < 0)
                return HS_EXIT_INPUT;
            break;
        case 'F':
            if (hs_cli_double("run", "--fps", optarg, 1e-3, 1e6, &fps) < 0)
                return HS_EXIT_INPUT;
            break;
        case 'L':
            if (hs_cli_double("run", "--slo", optarg, 1e-6, 1e9, &slo) < 0)
                return HS_EXIT_INPUT;
            break;
        case 'P':
            if (hs_cli_double("run", "--prune", optarg, 0, 0.95, &fe.prune) < 0)
                return HS_EXIT_INPUT;
            break;
        case 'Q': {
            static const char *const q[] = {"int8", NULL};
            if (hs_cli_enum("run", "--quant", optarg, q) < 0)
                return HS_EXIT_INPUT;
            fe.quant_int8 = 1;
            break;
        }
        case 'I':
            if (hs_cli_int("run", "--inflight", optarg, 1, 1024, &inflight) < 0)
                return HS_EXIT_INPUT;
            break;
        case 'S':
            if (hs_cli_int("run", "--seed", optarg, 0, 9007199254740991LL, &seed) < 0)
                return HS_EXIT_INPUT;
            break;
        case 'A':
            if ((arrival = hs_cli_enum("run", "--arrival", optarg, hs_arrival_names)) < 0)
                return HS_EXIT_INPUT;
            break;
        case 'T':
            if ((trace_mode = hs_cli_enum("run", "--trace-mode", optarg, hs_trace_mode_names)) < 0)
                return HS_EXIT_INPUT;
            break;
        case 'f':
            if ((fmt = hs_cli_enum("run", "--format", optarg, hs_format_names)) < 0)
                return HS_EXIT_INPUT;
            break;
        case 'h': usage(stdout); return HS_EXIT_OK;
        case ':':
            fprintf(stderr, "hetsim run: option %s needs a value\n", argv[optind - 1]);
            return HS_EXIT_INPUT;
        default:
            fprintf(stderr, "hetsim run: unknown option \"%s\" (see hetsim run --help)\n",
                    argv[optind - 1]);
            return HS_EXIT_INPUT;
        }
    }
    if (optind < argc) {
        fprintf(stderr, "hetsim run: unexpected argument \"%s\" (see hetsim run --help)\n",
                argv[optind]);
        return HS_EXIT_INPUT;
    }

    hs_run_config cfg = hs_run_config_default();
    cfg.trace_mode = (hs_trace_mode)trace_mode;
    hs_error err;
    int rc = HS_EXIT_INPUT;
    hs_scenario *sc = NULL;
    hs_device *d = NULL;
    hs_graph *g = NULL;
    hs_trace **traces = NULL;
    hs_plan *plan = NULL;
    hs_placement *pl = NULL;
    hs_run_result res = {0};
    int have_res = 0;

    if (scenario_path) {
        if (!(sc = hs_scenario_load_file(scenario_path, &err)))
            goto fail;
        hs_scenario_apply(sc, &cfg);
    }
    if (frames > 0)
        cfg.frames = (int)frames;
    if (seed >= 0)
        cfg.seed = (uint64_t)seed;
    if (inflight > 0)
        cfg.inflight = (int)inflight;
    if (slo > 0)
        cfg.slo_ms = slo;
    if (fps > 0) {
        cfg.fps = fps;
        if (arrival < 0 && cfg.arrival == HS_ARRIVAL_CLOSED)
            cfg.arrival = HS_ARRIVAL_PERIODIC;
    }
    if (arrival >= 0)
        cfg.arrival = (hs_arrival_mode)arrival;
    if (cfg.arrival != HS_ARRIVAL_CLOSED && fps <= 0 && !(sc && sc->has_fps)) {
        hs_error_set(&err, "--arrival %s needs --fps (or arrival.fps in the scenario)",
                     hs_arrival_names[cfg.arrival]);
        goto fail;
    }
    double accuracy;
    if (!(d = hs_open_device(device, &err)) || !(g = hs_open_model(model, &err)) ||
        hs_frontend_apply(g, &fe, &accuracy, &err) < 0 || hs_open_traces(d, g, &traces, &err) < 0)
        goto fail;
    if (!(plan = hs_policy_plan(policy, d, g, traces, &err)) || !(pl = hs_place(d, g, plan, &err)))
        goto fail;
    /* a pipelined plan asks for frames in flight unless the user said otherwise */
    if (inflight < 0 && !(sc && sc->has_inflight) && plan->inflight > 0)
        cfg.inflight = plan->inflight;
    rc = HS_EXIT_RUNTIME;
    if (plan->units) { /* a runtime policy places units while frames run */
        if (hs_simulate_runtime(d, g, plan->units, &plan->sched, traces, &cfg, &res, &err) < 0)
            goto fail;
        /* report where each op ended up running */
        for (int i = 0; i < g->n_ops; i++)
            hs_plan_set(plan, i, res.task_proc[i]);
        hs_placement_free(pl);
        if (!(pl = hs_place(d, g, plan, &err))) {
            hs_run_result_free(&res);
            goto fail;
        }
    } else if (hs_simulate(d, g, pl, traces, &cfg, &res, &err) < 0) {
        goto fail;
    }
    have_res = 1;
    hs_metrics m;
    if (hs_metrics_compute(&res, pl, cfg.slo_ms, &m, &err) < 0)
        goto fail;
    accuracy *= res.quality; /* results reused from older frames are staler */
    hs_run_info info = {.policy = plan->policy, .scenario = sc ? sc->name : NULL, .d = d, .g = g,
                        .cfg = &cfg, .pl = pl, .res = &res, .m = &m,
                        .predicted_ns = plan->predicted_ns, .fe = &fe, .accuracy = accuracy};
    hs_afile out;
    if (hs_afile_open(&out, output, &err) < 0)
        goto fail;
    if (hs_report_write(out.f, (hs_format)fmt, &info) < 0) {
        hs_afile_abort(&out);
        hs_error_set(&err, "%s: write error", output);
        goto fail;
    }
    if (hs_afile_commit(&out, &err) < 0)
        goto fail;
    rc = HS_EXIT_OK;
fail:
    if (rc != HS_EXIT_OK)
        hs_cli_error("run", err.msg);
    if (have_res)
        hs_run_result_free(&res);
    hs_placement_free(pl);
    hs_plan_free(plan);
    if (d)
        hs_traces_free(traces, d->n_procs);
    hs_graph_free(g);
    hs_device_free(d);
    hs_scenario_free(sc);
    return rc;
}
