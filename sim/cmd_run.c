/* hetsim run: simulate one (device, model, policy, scenario) and print metrics. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../policies/policy.h"
#include "atomic_file.h"
#include "catalog.h"
#include "datapath.h"
#include "cli.h"
#include "engine.h"
#include "frontend.h"
#include "metrics.h"
#include "report.h"
#include "scenario.h"
#include "workload.h"

/* Several models side by side (the scenario's "workload"), placed at run
 * time by a runtime policy; one result per model. */
static int run_workload(const char *device, const char *policy, const char *scenario_path,
                        const hs_run_config *base, const hs_frontend *fe, int fmt,
                        const char *output)
{
    hs_error err;
    int rc = HS_EXIT_INPUT, n = 0;
    hs_scenario *sc = hs_scenario_load_file(scenario_path, &err);
    hs_device *d = sc ? hs_open_device(device, &err) : NULL;
    if (!d)
        goto out;
    n = sc->n_workload;
    hs_graph *g[16] = {0};
    hs_trace **tr[16] = {0};
    hs_plan *plans[16] = {0};
    hs_placement *pl[16] = {0};
    hs_stream st[16];
    hs_run_result res[16];
    hs_metrics m[16];
    hs_run_info info[16];
    double acc[16];
    hs_workload *w = NULL;
    int have_res = 0;
    for (int k = 0; k < n; k++) {
        /* a model path in the scenario is relative to the scenario file */
        char path[4096];
        const char *mk = sc->workload[k].model, *slash = strrchr(scenario_path, '/');
        if (hs_is_path(mk) && mk[0] != '/' && slash)
            snprintf(path, sizeof path, "%.*s/%s", (int)(slash - scenario_path), scenario_path, mk);
        else
            snprintf(path, sizeof path, "%s", mk);
        if (!(g[k] = hs_open_model(path, &err)) ||
            hs_frontend_apply(g[k], fe, &acc[k], &err) < 0 ||
            hs_open_traces(d, g[k], &tr[k], &err) < 0 ||
            !(plans[k] = hs_policy_plan(policy, d, g[k], tr[k], &err)))
            goto cleanup;
    }
    if (!(w = hs_workload_new(plans, n, &err)))
        goto cleanup;
    for (int k = 0; k < n; k++) {
        st[k] = (hs_stream){g[k]->name, g[k], w->offsets[k], plans[k]->units->n,
                            sc->workload[k].cfg, tr[k]};
        st[k].cfg.seed = base->seed;
        st[k].cfg.trace_mode = base->trace_mode;
    }
    rc = HS_EXIT_RUNTIME;
    if (hs_simulate_streams(d, st, n, w->units, &w->sched, base->seed, base->trace_mode, res,
                            &err) < 0)
        goto cleanup;
    have_res = 1;
    for (int k = 0; k < n; k++) {
        for (int i = 0; i < g[k]->n_ops; i++)
            hs_plan_set(plans[k], i, res[k].task_proc[i]);
        if (!(pl[k] = hs_place(d, g[k], plans[k], &err)) ||
            hs_metrics_compute(&res[k], pl[k], st[k].cfg.slo_ms, &m[k], &err) < 0)
            goto cleanup;
        info[k] = (hs_run_info){.policy = policy, .scenario = sc->name, .d = d, .g = g[k],
                                .cfg = &st[k].cfg, .pl = pl[k], .res = &res[k], .m = &m[k],
                                .predicted_ns = plans[k]->predicted_ns, .fe = fe,
                                .accuracy = acc[k]};
    }
    hs_afile f;
    if (hs_afile_open(&f, output, &err) < 0)
        goto cleanup;
    if (hs_report_workload(f.f, (hs_format)fmt, info, n) < 0) {
        hs_afile_abort(&f);
        hs_error_set(&err, "%s: write error", output);
        goto cleanup;
    }
    if (hs_afile_commit(&f, &err) < 0)
        goto cleanup;
    rc = HS_EXIT_OK;
cleanup:
    for (int k = 0; k < n; k++) {
        if (have_res)
            hs_run_result_free(&res[k]);
        hs_placement_free(pl[k]);
        hs_traces_free(tr[k], d->n_procs);
        hs_graph_free(g[k]);
    }
    hs_workload_free(w);
    for (int k = 0; k < n; k++)
        hs_plan_free(plans[k]);
out:
    if (rc != HS_EXIT_OK)
        hs_cli_error("run", err.msg);
    hs_device_free(d);
    hs_scenario_free(sc);
    return rc;
}

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
    int model_given = 0;
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
        case 'm':
            model = optarg;
            model_given = 1;
            break;
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
    if (sc && sc->n_workload > 0) {
        if (model_given) {
            hs_error_set(&err, "scenario %s names its models (workload): drop -m", sc->name);
            goto fail;
        }
        hs_scenario_free(sc);
        sc = NULL;
        rc = run_workload(device, policy, scenario_path, &cfg, &fe, fmt, output);
        goto done;
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
done:
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
