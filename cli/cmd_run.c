/* hetsim run: simulate one (device, model, policy, scenario) and print metrics. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/atomic_file.h"
#include "sim/catalog.h"
#include "base/datapath.h"
#include "cli/cli.h"
#include "sim/engine.h"
#include "sim/metrics.h"
#include "sim/report.h"
#include "sim/scenario.h"
#include "analysis/session.h"
#include "sim/timeline.h"
#include "sim/workload.h"

/* Write one result (n == 1 and not a workload) or a workload's results to
 * `output` atomically. */
static int write_output(const char *output, int fmt, const hs_run_info *info, int n,
                        int workload, hs_error *err)
{
    hs_afile f;
    if (hs_afile_open(&f, output, err) < 0)
        return -1;
    int bad = workload ? hs_report_workload(f.f, (hs_format)fmt, info, n)
                       : hs_report_write(f.f, (hs_format)fmt, info);
    if (bad < 0) {
        hs_afile_abort(&f);
        hs_error_set(err, "%s: write error", output);
        return -1;
    }
    return hs_afile_commit(&f, err);
}

/* The run's timeline as Chrome Trace Event JSON, written atomically. */
static int write_timeline(const char *path, const hs_timeline *tl, hs_error *err)
{
    if (tl->oom) {
        hs_error_set(err, "%s: out of memory recording the timeline", path);
        return -1;
    }
    hs_afile f;
    if (hs_afile_open(&f, path, err) < 0)
        return -1;
    if (hs_timeline_write(tl, f.f) < 0) {
        hs_afile_abort(&f);
        hs_error_set(err, "%s: write error", path);
        return -1;
    }
    return hs_afile_commit(&f, err);
}

/* Several models side by side (the scenario's "workload"), placed at run
 * time by a runtime policy; one result per model. */
static int run_workload(const char *device, const char *policy, const char *scenario_path,
                        const hs_run_config *base, const hs_session_opts *so, int fmt,
                        const char *output, const char *trace_out)
{
    hs_error err;
    int rc = HS_EXIT_INPUT, n = 0, have_res = 0;
    hs_session ss[16];
    hs_plan *plans[16];
    hs_stream st[16];
    hs_run_result res[16];
    hs_metrics m[16];
    hs_run_info info[16];
    hs_workload *w = NULL;
    hs_scenario *sc = hs_scenario_load_file(scenario_path, &err);
    hs_device *d = sc ? hs_open_device(device, &err) : NULL;
    hs_run_config comp = *base;
    if (!d || hs_scenario_competitors(sc, scenario_path, d, &comp, &err) < 0)
        goto out;
    for (n = 0; n < sc->n_workload; n++) {
        /* a model path in the scenario is relative to the scenario file */
        char path[4096];
        const char *mk = sc->workload[n].model, *slash = strrchr(scenario_path, '/');
        if (hs_is_path(mk) && mk[0] != '/' && slash)
            snprintf(path, sizeof path, "%.*s/%s", (int)(slash - scenario_path), scenario_path, mk);
        else
            snprintf(path, sizeof path, "%s", mk);
        if (hs_session_open(&ss[n], d, path, policy, so, &err) < 0)
            goto cleanup;
        plans[n] = ss[n].plan;
    }
    if (!(w = hs_workload_new(plans, n, &err)))
        goto cleanup;
    for (int k = 0; k < n; k++) {
        st[k] = (hs_stream){ss[k].g->name, ss[k].g, w->offsets[k], plans[k]->units->n,
                            sc->workload[k].cfg, ss[k].traces};
        st[k].cfg.seed = base->seed;
        st[k].cfg.trace_mode = base->trace_mode;
        st[k].cfg.n_competitors = comp.n_competitors; /* the device's competitors and apps */
        memcpy(st[k].cfg.competitors, comp.competitors, sizeof comp.competitors);
        st[k].cfg.n_clients = comp.n_clients;
        memcpy(st[k].cfg.clients, comp.clients, sizeof comp.clients);
        st[k].cfg.fixed_clocks = base->fixed_clocks;
        st[k].cfg.timeline = base->timeline;
        st[k].cfg.n_background = comp.n_background;
        memcpy(st[k].cfg.background, comp.background, sizeof comp.background);
    }
    rc = HS_EXIT_RUNTIME;
    if (hs_simulate_streams(d, st, n, w->units, &w->sched, base->seed, base->trace_mode, res,
                            &err) < 0)
        goto cleanup;
    have_res = 1;
    for (int k = 0; k < n; k++) {
        if (hs_session_observed(&ss[k], res[k].task_proc, &err) < 0 ||
            hs_metrics_compute(&res[k], ss[k].pl, st[k].cfg.slo_ms, st[k].cfg.n_clients, &m[k], &err) < 0)
            goto cleanup;
        info[k] = (hs_run_info){.policy = policy, .scenario = sc->name, .d = d, .g = ss[k].g,
                                .cfg = &st[k].cfg, .pl = ss[k].pl, .res = &res[k], .m = &m[k],
                                .predicted_ns = plans[k]->predicted_ns, .fe = &so->fe,
                                .accuracy = ss[k].accuracy};
    }
    if (write_output(output, fmt, info, n, 1, &err) < 0 ||
        (trace_out && write_timeline(trace_out, base->timeline, &err) < 0))
        goto cleanup;
    rc = HS_EXIT_OK;
cleanup:
    hs_workload_free(w);
    for (int k = 0; k < n; k++) {
        if (have_res)
            hs_run_result_free(&res[k]);
        hs_session_close(&ss[k]);
    }
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
          "      --fixed-clocks       every processor at its top clock: no DVFS governor and\n"
          "                           no thermal throttling (the performance governor)\n"
          "      --no-traces          ignore traces: every op from the profile's latency model\n"
          "      --trace-mode MODE    sample (draw from each op's recorded samples with the\n"
          "                           seed; default) or replay (in recorded order)\n"
          "      --trace-out FILE     write a Chrome Trace Event timeline (open it in Perfetto)\n"
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
        {"no-traces", no_argument, 0, 'N'}, {"fixed-clocks", no_argument, 0, 'X'},
        {"trace-out", required_argument, 0, 'R'},
        {"output", required_argument, 0, 'o'},   {"help", no_argument, 0, 'h'},
        {0, 0, 0, 0}};
    const char *device = "xiaomi-mi9", *model = "resnet50", *policy = "gpu";
    int model_given = 0;
    const char *scenario_path = NULL, *output = "-";
    long long frames = -1, seed = -1, inflight = -1;
    hs_session_opts so = {{0, 0}, 0};
    double slo = -1;
    int fixed_clocks = 0;
    const char *trace_out = NULL;
    hs_timeline timeline = {0};
    double fps = -1;
    int arrival = -1, trace_mode = HS_TRACE_SAMPLE, fmt = HS_FMT_TABLE;
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
            if (hs_cli_double("run", "--prune", optarg, 0, 0.95, &so.fe.prune) < 0)
                return HS_EXIT_INPUT;
            break;
        case 'Q': {
            static const char *const q[] = {"int8", NULL};
            if (hs_cli_enum("run", "--quant", optarg, q) < 0)
                return HS_EXIT_INPUT;
            so.fe.quant_int8 = 1;
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
        case 'N': so.no_traces = 1; break;
        case 'X': fixed_clocks = 1; break;
        case 'R': trace_out = optarg; break;
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
    hs_session ss = {0};
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
    cfg.fixed_clocks = fixed_clocks;
    if (trace_out)
        cfg.timeline = &timeline;
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
        rc = run_workload(device, policy, scenario_path, &cfg, &so, fmt, output, trace_out);
        goto done;
    }
    if (!(d = hs_open_device(device, &err)) ||
        (sc && hs_scenario_competitors(sc, scenario_path, d, &cfg, &err) < 0) ||
        hs_session_open(&ss, d, model, policy, &so, &err) < 0)
        goto fail;
    hs_plan *plan = ss.plan;
    /* a pipelined plan asks for frames in flight unless the user said otherwise */
    if (inflight < 0 && !(sc && sc->has_inflight) && plan->inflight > 0)
        cfg.inflight = plan->inflight;
    rc = HS_EXIT_RUNTIME;
    if (plan->units) { /* a runtime policy places units while frames run */
        if (hs_simulate_runtime(d, ss.g, plan->units, &plan->sched, ss.traces, &cfg, &res, &err) < 0)
            goto fail;
        have_res = 1;
        if (hs_session_observed(&ss, res.task_proc, &err) < 0) /* where ops ran */
            goto fail;
    } else if (hs_simulate(d, ss.g, ss.pl, ss.traces, &cfg, &res, &err) < 0) {
        goto fail;
    }
    have_res = 1;
    hs_metrics m;
    if (hs_metrics_compute(&res, ss.pl, cfg.slo_ms, cfg.n_clients, &m, &err) < 0)
        goto fail;
    hs_run_info info = {.policy = plan->policy, .scenario = sc ? sc->name : NULL, .d = d,
                        .g = ss.g, .cfg = &cfg, .pl = ss.pl, .res = &res, .m = &m,
                        .predicted_ns = plan->predicted_ns, .fe = &so.fe,
                        /* results reused from older frames are staler */
                        .accuracy = ss.accuracy * res.quality};
    if (write_output(output, fmt, &info, 1, 0, &err) < 0 ||
        (trace_out && write_timeline(trace_out, &timeline, &err) < 0))
        goto fail;
    rc = HS_EXIT_OK;
fail:
    if (rc != HS_EXIT_OK)
        hs_cli_error("run", err.msg);
done:
    if (have_res)
        hs_run_result_free(&res);
    hs_session_close(&ss);
    hs_device_free(d);
    hs_scenario_free(sc);
    hs_timeline_free(&timeline);
    return rc;
}
